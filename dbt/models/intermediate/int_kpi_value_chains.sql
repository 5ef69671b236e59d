-- Value-chain KPIs (market dialogues are in int_kpi_events).
with chain_actor_involvements as (
    select
        org_id as record_id,
        involvement_date as key_date,
        municipality,
        chain
    from {{ ref('int_chain_actor_involvements') }}
),

collaborations as (
    select
        collaboration_id as record_id,
        started_on as key_date,
        municipality,
        chain,
        is_social_regular,
        procurement_value_eur,
        buyer_type
    from {{ ref('int_collaborations_attributed') }}
),

vc_chain_actors as {{ kpi_rollup('VC_CHAIN_ACTORS', 'chain_actor_involvements', 'count', first_only=true) }},

vc_collaborations as {{ kpi_rollup('VC_COLLABORATIONS', 'collaborations', 'count') }},

vc_social_regular_collabs as {{ kpi_rollup(
    'VC_SOCIAL_REGULAR_COLLABS', 'collaborations', 'count', where='is_social_regular'
) }},

vc_procurement_eur as {{ kpi_rollup(
    'VC_PROCUREMENT_EUR', 'collaborations', 'eur', agg='sum', measure='procurement_value_eur',
    breakdowns=['buyer_type']
) }}

{{ union_kpi_ctes(['vc_chain_actors', 'vc_collaborations', 'vc_social_regular_collabs', 'vc_procurement_eur']) }}
