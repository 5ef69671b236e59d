with session_versions as (
    select
        _delivery_id,
        _row_number,
        _received_at,
        _file_name,
        {{ clean_text('session_id') }} as session_id,
        {{ clean_text('application_id') }} as application_id,
        {{ clean_text('session_type') }} as session_type,
        cast({{ clean_text('date') }} as date) as session_date,
        cast({{ clean_text('hours') }} as double) as hours,
        {{ clean_text('coach_org_id') }} as coach_org_id
    from {{ source('raw', 'programme_sessions') }}
)

select
    session_id,
    application_id,
    session_type,
    session_date,
    hours,
    coach_org_id,
    _delivery_id,
    _row_number,
    _received_at,
    _file_name
from session_versions
where session_id is not null
{{ newest_version('session_id') }}
