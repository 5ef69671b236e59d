with collaboration_versions as (
    select
        _delivery_id,
        _row_number,
        _received_at,
        _file_name,
        {{ clean_text('collaboration_id') }} as collaboration_id,
        {{ clean_text('chain') }} as chain,
        {{ to_list('org_ids') }} as org_ids,
        {{ clean_text('collaboration_type') }} as collaboration_type,
        cast({{ clean_text('started_on') }} as date) as started_on,
        cast({{ clean_text('procurement_value_eur') }} as double) as procurement_value_eur,
        {{ clean_text('buyer_type') }} as buyer_type
    from {{ source('raw', 'collaborations') }}
)

select
    collaboration_id,
    chain,
    org_ids,
    collaboration_type,
    started_on,
    procurement_value_eur,
    buyer_type,
    _delivery_id,
    _row_number,
    _received_at,
    _file_name
from collaboration_versions
where collaboration_id is not null
{{ newest_version('collaboration_id') }}
