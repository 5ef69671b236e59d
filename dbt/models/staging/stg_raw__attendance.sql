-- attendance_id is derived by the loader from (event_id, person_id, org_id, role).
-- A table kept up to date by delivery (decision 30, macros/staging_by_delivery.sql).
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook=["{{ staging_by_delivery_prepare(source('raw', 'attendance'), 'attendance_id') }}"],
          post_hook=["{{ staging_by_delivery_remember(source('raw', 'attendance')) }}"]) }}

with attendance_versions as (
    select
        _delivery_id,
        _row_number,
        _received_at,
        _file_name,
        {{ clean_text('attendance_id') }} as attendance_id,
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('person_id') }} as person_id,
        {{ clean_text('org_id') }} as org_id,
        coalesce({{ clean_text('role') }}, 'participant') as attendance_role
    from {{ source('raw', 'attendance') }}
    {{ staging_by_delivery_filter('attendance_id') }}
)

select
    attendance_id,
    event_id,
    person_id,
    org_id,
    attendance_role,
    _delivery_id,
    _row_number,
    _received_at,
    _file_name
from attendance_versions
where attendance_id is not null
{{ newest_version('attendance_id') }}
