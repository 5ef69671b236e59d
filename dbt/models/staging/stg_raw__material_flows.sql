with flow_versions as (
    select
        _delivery_id,
        _row_number,
        _received_at,
        _file_name,
        {{ clean_text('flow_id') }} as flow_id,
        {{ clean_text('org_id') }} as org_id,
        {{ clean_text('collaboration_id') }} as collaboration_id,
        {{ clean_text('application_id') }} as application_id,
        cast({{ clean_text('period_start') }} as date) as period_start,
        cast({{ clean_text('period_end') }} as date) as period_end,
        {{ clean_text('chain') }} as chain,
        {{ clean_text('product_category') }} as product_category,
        {{ clean_text('r_strategy') }} as r_strategy,
        cast({{ clean_text('quantity') }} as double) as quantity,
        {{ clean_text('unit') }} as quantity_unit,
        cast({{ clean_text('unit_weight_kg') }} as double) as unit_weight_kg,
        cast({{ clean_text('recycled_content_pct') }} as double) as recycled_content_pct,
        cast({{ clean_text('lifetime_extension_years') }} as double) as lifetime_extension_years
    from {{ source('raw', 'material_flows') }}
)

select
    flow_id,
    org_id,
    collaboration_id,
    application_id,
    period_start,
    period_end,
    chain,
    product_category,
    r_strategy,
    quantity,
    quantity_unit,
    unit_weight_kg,
    recycled_content_pct,
    lifetime_extension_years,
    _delivery_id,
    _row_number,
    _received_at,
    _file_name
from flow_versions
where flow_id is not null
{{ newest_version('flow_id') }}
