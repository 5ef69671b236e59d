-- One row per CO:KEET application. Chain: its own. Place: the lead organisation's municipality.
-- decision_date (key date of ACC_SELECTED and the selection rate) is decided_on, else submitted_on.
with applications as (
    select
        application_id,
        call_id,
        submitted_on,
        decided_on,
        lead_org_id,
        partner_org_ids,
        chain,
        is_from_hackathon,
        status
    from {{ ref('stg_raw__applications') }}
),

organisations as (
    select
        org_id,
        municipality,
        single_chain
    from {{ ref('int_organisations_enriched') }}
)

select
    applications.application_id,
    applications.call_id,
    applications.submitted_on,
    applications.decided_on,
    coalesce(applications.decided_on, applications.submitted_on) as decision_date,
    applications.lead_org_id,
    applications.partner_org_ids,
    coalesce(applications.chain, lead_organisations.single_chain, 'unassigned') as chain,
    coalesce(lead_organisations.municipality, 'unassigned') as municipality,
    applications.is_from_hackathon,
    applications.status,
    applications.status in ('selected', 'in_programme', 'completed', 'dropped_out') as is_selected_or_beyond
from applications
left join organisations as lead_organisations on lead_organisations.org_id = applications.lead_org_id
