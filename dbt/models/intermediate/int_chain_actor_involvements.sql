-- Every involvement of an organisation as a chain actor (VC_CHAIN_ACTORS): an attendance row's organisation at
-- a market dialogue (any role but organiser; dated and chained by the event), or member of a collaboration
-- (dated started_on, its chain). Place: the organisation's own municipality, else the record's.
with market_dialogue_involvements as (
    select
        org_id,
        'market_dialogue' as involvement_type,
        attendance_id as source_id,
        event_date as involvement_date,
        municipality as record_municipality,
        chain
    from {{ ref('int_attendance_attributed') }}
    where event_type = 'market_dialogue'
        and org_id is not null
        and attendance_role <> 'organiser'
),

collaboration_involvements as (
    select
        org_id,
        'collaboration' as involvement_type,
        collaboration_id as source_id,
        started_on as involvement_date,
        municipality as record_municipality,
        chain
    from {{ ref('int_collaboration_members') }}
),

involvements as (
    select org_id, involvement_type, source_id, involvement_date, record_municipality, chain
    from market_dialogue_involvements
    union all
    select org_id, involvement_type, source_id, involvement_date, record_municipality, chain
    from collaboration_involvements
),

organisations as (
    select
        org_id,
        municipality
    from {{ ref('int_organisations_enriched') }}
)

select
    involvements.org_id || '|' || involvements.involvement_type || '|' || involvements.source_id
    || '|' || involvements.chain as involvement_key,
    involvements.org_id,
    involvements.involvement_type,
    involvements.source_id,
    involvements.involvement_date,
    coalesce(
        nullif(organisations.municipality, 'unassigned'), involvements.record_municipality, 'unassigned'
    ) as municipality,
    involvements.chain
from involvements
left join organisations on organisations.org_id = involvements.org_id
