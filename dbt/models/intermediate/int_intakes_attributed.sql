-- One row per intake, attributed to a place and a chain, with its resolved organisation and its deadline.
-- Organisation: org_id, else the registry organisation whose normalised name equals the intake's org_name
-- (only when exactly one matches). Place: the intake's own, else the organisation's. Chain: the intake's own,
-- else the organisation's single chain, else unassigned.
with intakes as (
    select
        intake_id,
        submitted_on,
        org_id,
        org_name,
        {{ normalise_org_name('org_name') }} as org_name_normalised,
        person_id,
        applicant_stage,
        municipality,
        chain,
        is_circular,
        has_social_employment,
        decision,
        referred_to,
        invited_on,
        advice_on,
        advice_minutes,
        report_sent_on,
        follow_up,
        _delivery_id,
        _row_number,
        _file_name
    from {{ ref('stg_raw__intakes') }}
),

organisations as (
    select
        org_id,
        org_name_normalised,
        municipality,
        single_chain
    from {{ ref('int_organisations_enriched') }}
),

name_matches as (
    select
        org_name_normalised,
        min(org_id) as org_id,
        count(*) as matching_organisations
    from organisations
    where org_name_normalised is not null
    group by org_name_normalised
),

resolved as (
    select
        intakes.intake_id,
        case
            when intakes.org_id is not null then intakes.org_id
            when name_matches.matching_organisations = 1 then name_matches.org_id
        end as resolved_org_id,
        case
            when intakes.org_id is not null and known_organisations.org_id is not null then 'org_id'
            when intakes.org_id is not null then 'unknown_org_id'
            when intakes.org_name is null then 'none'
            when name_matches.matching_organisations = 1 then 'name'
            when name_matches.matching_organisations > 1 then 'ambiguous_name'
            else 'unknown_name'
        end as org_resolution
    from intakes
    left join organisations as known_organisations on known_organisations.org_id = intakes.org_id
    left join name_matches
        on intakes.org_id is null
        and name_matches.org_name_normalised = intakes.org_name_normalised
),

deadlines as (
    select
        intake_id,
        deadline_on,
        is_deadline_passed,
        is_invited_in_time,
        invitation_status
    from {{ ref('int_intakes_deadlines') }}
)

select
    intakes.intake_id,
    intakes.submitted_on,
    intakes.org_id,
    intakes.org_name,
    resolved.resolved_org_id,
    resolved.org_resolution,
    intakes.person_id,
    intakes.applicant_stage,
    coalesce(intakes.municipality, organisations.municipality, 'unassigned') as municipality,
    coalesce(intakes.chain, organisations.single_chain, 'unassigned') as chain,
    intakes.is_circular,
    intakes.has_social_employment,
    intakes.decision,
    intakes.referred_to,
    intakes.invited_on,
    intakes.advice_on,
    intakes.advice_minutes,
    intakes.report_sent_on,
    intakes.follow_up,
    deadlines.deadline_on,
    deadlines.is_deadline_passed,
    deadlines.is_invited_in_time,
    deadlines.invitation_status,
    intakes._delivery_id,
    intakes._row_number,
    intakes._file_name
from intakes
inner join resolved on resolved.intake_id = intakes.intake_id
left join deadlines on deadlines.intake_id = intakes.intake_id
left join organisations on organisations.org_id = resolved.resolved_org_id
