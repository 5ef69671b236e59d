with organisation_versions as (
    select
        _delivery_id,
        _row_number,
        _received_at,
        _file_name,
        {{ clean_text('org_id') }} as org_id,
        {{ clean_text('enterprise_number') }} as enterprise_number,
        {{ clean_text('name') }} as org_name,
        {{ clean_text('org_type') }} as org_type,
        {{ clean_text('size_class') }} as size_class,
        {{ clean_text('postal_code') }} as postal_code,
        {{ clean_text('municipality') }} as municipality,
        {{ clean_text('social_economy_type') }} as social_economy_type,
        {{ to_list('chains') }} as chains
    from {{ source('raw', 'organisations') }}
)

select
    org_id,
    enterprise_number,
    org_name,
    org_type,
    size_class,
    postal_code,
    municipality,
    social_economy_type,
    chains,
    _delivery_id,
    _row_number,
    _received_at,
    _file_name
from organisation_versions
where org_id is not null
{{ newest_version('org_id') }}
