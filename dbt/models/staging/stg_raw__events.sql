with event_versions as (
    select
        _delivery_id,
        _row_number,
        _received_at,
        _file_name,
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('event_type') }} as event_type,
        {{ clean_text('title') }} as title,
        cast({{ clean_text('date') }} as date) as event_date,
        {{ clean_text('postal_code') }} as postal_code,
        {{ clean_text('municipality') }} as municipality,
        {{ to_list('chains') }} as chains,
        {{ clean_text('organiser') }} as organiser
    from {{ source('raw', 'events') }}
)

select
    event_id,
    event_type,
    title,
    event_date,
    postal_code,
    municipality,
    chains,
    organiser,
    _delivery_id,
    _row_number,
    _received_at,
    _file_name
from event_versions
where event_id is not null
{{ newest_version('event_id') }}
