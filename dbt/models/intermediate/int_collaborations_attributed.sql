-- One row per collaboration and municipality of its member organisations: a collaboration between
-- organisations in two municipalities counts once in each (and once in 'all'). Chain: its own.
-- is_social_regular: at least one social-economy member AND at least one known member outside the social economy.
with collaborations as (
    select
        collaboration_id,
        chain,
        collaboration_type,
        started_on,
        procurement_value_eur,
        buyer_type
    from {{ ref('stg_raw__collaborations') }}
),

members as (
    select
        collaboration_id,
        municipality,
        is_known_organisation,
        is_social_economy
    from {{ ref('int_collaboration_members') }}
),

member_mix as (
    select
        collaboration_id,
        count(*) filter (where is_social_economy) > 0 as has_social_economy_member,
        count(*) filter (where is_known_organisation and not is_social_economy) > 0 as has_regular_member
    from members
    group by collaboration_id
),

collaboration_places as (
    select distinct
        collaboration_id,
        municipality
    from members
)

select
    collaborations.collaboration_id || '|' || coalesce(collaboration_places.municipality, 'unassigned')
        as collaboration_place_key,
    collaborations.collaboration_id,
    coalesce(collaboration_places.municipality, 'unassigned') as municipality,
    coalesce(collaborations.chain, 'unassigned') as chain,
    collaborations.collaboration_type,
    collaborations.started_on,
    collaborations.procurement_value_eur,
    coalesce(collaborations.buyer_type, 'none') as buyer_type,
    coalesce(member_mix.has_social_economy_member, false) as has_social_economy_member,
    coalesce(member_mix.has_regular_member, false) as has_regular_member,
    coalesce(member_mix.has_social_economy_member and member_mix.has_regular_member, false) as is_social_regular
from collaborations
left join collaboration_places on collaboration_places.collaboration_id = collaborations.collaboration_id
left join member_mix on member_mix.collaboration_id = collaborations.collaboration_id
