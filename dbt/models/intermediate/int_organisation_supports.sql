-- Every support an organisation received (REACH_ORGS, REACH_SMES): an intake whose advice conversation took place
-- (dated advice_on), lead or partner of an application selected or beyond (dated decided_on, else submitted_on),
-- member of a collaboration (dated started_on). Chain: that of the supporting record.
-- Place: the organisation's own municipality (it is the organisation that is counted), else the record's.
with intake_supports as (
    select
        resolved_org_id as org_id,
        'intake' as support_type,
        intake_id as source_id,
        advice_on as support_date,
        municipality as record_municipality,
        chain
    from {{ ref('int_intakes_attributed') }}
    where advice_on is not null
        and resolved_org_id is not null
),

application_members as (
    select
        application_id,
        decision_date,
        municipality,
        chain,
        unnest(list_distinct(list_prepend(lead_org_id, partner_org_ids))) as org_id
    from {{ ref('int_applications_attributed') }}
    where is_selected_or_beyond
),

application_supports as (
    select
        org_id,
        'application' as support_type,
        application_id as source_id,
        decision_date as support_date,
        municipality as record_municipality,
        chain
    from application_members
    where org_id is not null
),

collaboration_supports as (
    select
        org_id,
        'collaboration' as support_type,
        collaboration_id as source_id,
        started_on as support_date,
        municipality as record_municipality,
        chain
    from {{ ref('int_collaboration_members') }}
),

supports as (
    select org_id, support_type, source_id, support_date, record_municipality, chain from intake_supports
    union all
    select org_id, support_type, source_id, support_date, record_municipality, chain from application_supports
    union all
    select org_id, support_type, source_id, support_date, record_municipality, chain from collaboration_supports
),

organisations as (
    select
        org_id,
        municipality,
        org_type,
        size_class,
        is_sme
    from {{ ref('int_organisations_enriched') }}
)

select
    supports.org_id || '|' || supports.support_type || '|' || supports.source_id as support_key,
    supports.org_id,
    supports.support_type,
    supports.source_id,
    supports.support_date,
    coalesce(
        nullif(organisations.municipality, 'unassigned'), supports.record_municipality, 'unassigned'
    ) as municipality,
    coalesce(supports.chain, 'unassigned') as chain,
    coalesce(organisations.org_type, 'unknown') as org_type,
    coalesce(organisations.size_class, 'unknown') as size_class,
    coalesce(organisations.is_sme, false) as is_sme
from supports
left join organisations on organisations.org_id = supports.org_id
