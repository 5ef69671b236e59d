-- One row per collaboration and member organisation, with what is known about the member.
with collaborations as (
    select
        collaboration_id,
        chain,
        started_on,
        org_ids
    from {{ ref('stg_raw__collaborations') }}
),

members as (
    select
        collaboration_id,
        chain,
        started_on,
        unnest(list_distinct(org_ids)) as org_id
    from collaborations
),

organisations as (
    select
        org_id,
        municipality,
        org_type,
        size_class,
        is_social_economy,
        is_sme
    from {{ ref('int_organisations_enriched') }}
)

select
    members.collaboration_id || '|' || members.org_id as collaboration_member_key,
    members.collaboration_id,
    members.org_id,
    members.chain,
    members.started_on,
    organisations.org_id is not null as is_known_organisation,
    coalesce(organisations.municipality, 'unassigned') as municipality,
    organisations.org_type,
    organisations.size_class,
    organisations.is_social_economy,
    organisations.is_sme
from members
left join organisations on organisations.org_id = members.org_id
