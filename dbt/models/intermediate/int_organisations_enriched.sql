-- The organisation registry with what the KPIs need: a normalised name for matching, the single chain
-- (used when a record has no chain of its own), and the social-economy and SME flags.
with organisations as (
    select
        org_id,
        enterprise_number,
        org_name,
        org_type,
        size_class,
        municipality,
        social_economy_type,
        chains
    from {{ ref('stg_raw__organisations') }}
)

select
    org_id,
    enterprise_number,
    org_name,
    {{ normalise_org_name('org_name') }} as org_name_normalised,
    org_type,
    coalesce(size_class, 'unknown') as size_class,
    coalesce(municipality, 'unassigned') as municipality,
    social_economy_type,
    chains,
    case when len(chains) = 1 then chains[1] end as single_chain,
    org_type = 'social_economy' or coalesce(social_economy_type, 'none') <> 'none' as is_social_economy,
    coalesce(size_class in ('micro', 'small', 'medium'), false) and org_type <> 'public_body' as is_sme
from organisations
