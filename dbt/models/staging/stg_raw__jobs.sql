with job_versions as (
    select
        _delivery_id,
        _row_number,
        _received_at,
        _file_name,
        {{ clean_text('job_record_id') }} as job_record_id,
        {{ clean_text('org_id') }} as org_id,
        {{ clean_text('collaboration_id') }} as collaboration_id,
        {{ clean_text('application_id') }} as application_id,
        cast({{ clean_text('started_on') }} as date) as started_on,
        cast({{ clean_text('ended_on') }} as date) as ended_on,
        cast({{ clean_text('headcount') }} as integer) as headcount,
        cast({{ clean_text('fte') }} as double) as fte,
        {{ clean_text('target_group') }} as target_group,
        {{ clean_text('employment_type') }} as employment_type,
        cast({{ clean_text('in_region') }} as boolean) as is_in_region,
        cast({{ clean_text('training_hours') }} as double) as training_hours
    from {{ source('raw', 'jobs') }}
)

select
    job_record_id,
    org_id,
    collaboration_id,
    application_id,
    started_on,
    ended_on,
    headcount,
    fte,
    target_group,
    employment_type,
    is_in_region,
    training_hours,
    _delivery_id,
    _row_number,
    _received_at,
    _file_name
from job_versions
where job_record_id is not null
{{ newest_version('job_record_id') }}
