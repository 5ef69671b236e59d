with outcome_versions as (
    select
        _delivery_id,
        _row_number,
        _received_at,
        _file_name,
        {{ clean_text('outcome_id') }} as outcome_id,
        {{ clean_text('application_id') }} as application_id,
        {{ clean_text('org_id') }} as org_id,
        {{ clean_text('outcome_type') }} as outcome_type,
        {{ clean_text('description') }} as outcome_description,
        cast({{ clean_text('achieved_on') }} as date) as achieved_on,
        coalesce(cast({{ clean_text('promoted') }} as boolean), false) as is_promoted
    from {{ source('raw', 'outcomes') }}
)

select
    outcome_id,
    application_id,
    org_id,
    outcome_type,
    outcome_description,
    achieved_on,
    is_promoted,
    _delivery_id,
    _row_number,
    _received_at,
    _file_name
from outcome_versions
where outcome_id is not null
{{ newest_version('outcome_id') }}
