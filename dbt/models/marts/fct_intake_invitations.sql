-- The 3-working-day rule per intake, for the project lead's "who still waits for an invitation?" list.
select
    cast(intake_id as varchar) as intake_id,
    cast(submitted_on as date) as submitted_on,
    cast(deadline_on as date) as deadline_on,
    cast(invited_on as date) as invited_on,
    cast(decision as varchar) as decision,
    cast(invitation_status as varchar) as invitation_status,
    cast(municipality as varchar) as municipality,
    cast(chain as varchar) as chain,
    cast(applicant_stage as varchar) as applicant_stage,
    cast(_file_name as varchar) as file_name,
    cast(_row_number as integer) as row_number
from {{ ref('int_intakes_attributed') }}
