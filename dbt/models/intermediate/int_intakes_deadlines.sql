-- The 3-working-day rule of the advisory desk. The submission day is day 0; the deadline is the 3rd working
-- day after it (Friday -> Wednesday; Saturday -> Wednesday; one day later per holiday in between).
-- An accepted intake is judged once its deadline lies before the data cut-off: in time when invited on or
-- before the deadline, late otherwise (never invited = late).
with intakes as (
    select
        intake_id,
        submitted_on,
        decision,
        invited_on
    from {{ ref('stg_raw__intakes') }}
),

calendar as (
    select
        date_day,
        is_working_day,
        working_day_index
    from {{ ref('int_calendar') }}
),

submission_indexes as (
    select
        intakes.intake_id,
        intakes.submitted_on,
        intakes.decision,
        intakes.invited_on,
        calendar.working_day_index as submitted_working_day_index
    from intakes
    left join calendar on calendar.date_day = intakes.submitted_on
),

deadlines as (
    select
        submission_indexes.intake_id,
        submission_indexes.submitted_on,
        submission_indexes.decision,
        submission_indexes.invited_on,
        deadline_days.date_day as deadline_on
    from submission_indexes
    left join calendar as deadline_days
        on deadline_days.is_working_day
        and deadline_days.working_day_index = submission_indexes.submitted_working_day_index + 3
)

select
    intake_id,
    submitted_on,
    decision,
    invited_on,
    deadline_on,
    coalesce(deadline_on < {{ keet_cutoff_date() }}, false) as is_deadline_passed,
    coalesce(invited_on <= deadline_on, false) as is_invited_in_time,
    case
        when decision <> 'accepted' then 'not_applicable'
        when deadline_on is null then 'no_deadline'
        when invited_on <= deadline_on then 'in_time'
        when invited_on is not null then 'late'
        when deadline_on < {{ keet_cutoff_date() }} then 'overdue'
        else 'waiting'
    end as invitation_status
from deadlines
