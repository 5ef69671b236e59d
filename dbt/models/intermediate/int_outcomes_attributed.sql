-- One row per outcome. Chain: the application's, else the organisation's single chain, else unassigned.
-- Place: the outcome organisation's municipality, else the application's (its lead organisation's).
with outcomes as (
    select
        outcome_id,
        application_id,
        org_id,
        outcome_type,
        achieved_on,
        is_promoted
    from {{ ref('stg_raw__outcomes') }}
),

applications as (
    select
        application_id,
        chain,
        municipality
    from {{ ref('int_applications_attributed') }}
),

organisations as (
    select
        org_id,
        municipality,
        single_chain
    from {{ ref('int_organisations_enriched') }}
)

select
    outcomes.outcome_id,
    outcomes.application_id,
    outcomes.org_id,
    outcomes.outcome_type,
    outcomes.achieved_on,
    outcomes.is_promoted,
    coalesce(applications.chain, organisations.single_chain, 'unassigned') as chain,
    coalesce(
        nullif(organisations.municipality, 'unassigned'), applications.municipality, 'unassigned'
    ) as municipality
from outcomes
left join applications on applications.application_id = outcomes.application_id
left join organisations on organisations.org_id = outcomes.org_id
