-- Value-chain KPI records (market dialogues are in int_kpi_events).
with chain_actor_involvements as (
    select
        'organisations' as record_type,
        org_id as record_id,
        involvement_date as key_date,
        municipality,
        chain,
        case involvement_type
            when 'market_dialogue' then 'attendance'
            when 'collaboration' then 'collaborations'
        end as source_type,
        source_id
    from {{ ref('int_chain_actor_involvements') }}
),

collaborations as (
    select
        'collaborations' as record_type,
        collaboration_id as record_id,
        started_on as key_date,
        municipality,
        chain,
        'collaborations' as source_type,
        collaboration_id as source_id,
        is_social_regular,
        procurement_value_eur,
        buyer_type
    from {{ ref('int_collaborations_attributed') }}
),

vc_chain_actors as {{ kpi_records('VC_CHAIN_ACTORS', 'chain_actor_involvements', 'count', first_only=true) }},

vc_collaborations as {{ kpi_records('VC_COLLABORATIONS', 'collaborations', 'count') }},

vc_social_regular_collabs as {{ kpi_records(
    'VC_SOCIAL_REGULAR_COLLABS', 'collaborations', 'count', where='is_social_regular'
) }},

vc_procurement_eur as {{ kpi_records(
    'VC_PROCUREMENT_EUR', 'collaborations', 'eur', agg='sum', measure='procurement_value_eur',
    breakdowns=['buyer_type']
) }}

{{ union_kpi_ctes(['vc_chain_actors', 'vc_collaborations', 'vc_social_regular_collabs', 'vc_procurement_eur']) }}
