-- Records whose key date lies outside the project period (before project_start or after project_end) or after
-- the data cut-off: loaded and flagged, not dropped. They still count in their own month/quarter/semester/year,
-- not in 'project'; records after the cut-off are not counted at all until the cut-off passes them.
{%- set key_dates = [
    ('intakes', 'stg_raw__intakes', 'intake_id', 'submitted_on'),
    ('events', 'stg_raw__events', 'event_id', 'event_date'),
    ('applications', 'stg_raw__applications', 'application_id', 'submitted_on'),
    ('programme_sessions', 'stg_raw__programme_sessions', 'session_id', 'session_date'),
    ('outcomes', 'stg_raw__outcomes', 'outcome_id', 'achieved_on'),
    ('collaborations', 'stg_raw__collaborations', 'collaboration_id', 'started_on'),
    ('material_flows', 'stg_raw__material_flows', 'flow_id', 'period_end'),
    ('jobs', 'stg_raw__jobs', 'job_record_id', 'started_on'),
] %}

with
{%- for record_type, model, id_column, date_column in key_dates %}
key_dates_{{ loop.index }} as (
    select
        '{{ record_type }}' as record_type,
        {{ id_column }} as record_id,
        '{{ date_column }}' as date_column,
        {{ date_column }} as date_value,
        _delivery_id,
        _file_name,
        _row_number
    from {{ ref(model) }}
),
{% endfor %}

key_dates as (
    {%- for key_date in key_dates %}
    select record_type, record_id, date_column, date_value, _delivery_id, _file_name, _row_number
    from key_dates_{{ loop.index }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

flags as (
    select
        record_type, record_id, date_column, date_value, _delivery_id, _file_name, _row_number,
        'before_project' as flag,
        'Datum vóór de start van het project (' || strftime({{ keet_project_start() }}, '%d/%m/%Y') || ')' as reason_nl,
        'Date before the project start (' || strftime({{ keet_project_start() }}, '%Y-%m-%d') || ')' as reason_en
    from key_dates
    where date_value < {{ keet_project_start() }}
    union all
    select
        record_type, record_id, date_column, date_value, _delivery_id, _file_name, _row_number,
        'after_project' as flag,
        'Datum na het einde van het project (' || strftime({{ keet_project_end() }}, '%d/%m/%Y') || ')' as reason_nl,
        'Date after the project end (' || strftime({{ keet_project_end() }}, '%Y-%m-%d') || ')' as reason_en
    from key_dates
    where date_value > {{ keet_project_end() }}
    union all
    select
        record_type, record_id, date_column, date_value, _delivery_id, _file_name, _row_number,
        'after_cutoff' as flag,
        'Datum na de afsluitdatum (' || strftime({{ keet_cutoff_date() }}, '%d/%m/%Y') || '): nog niet geteld' as reason_nl,
        'Date after the data cut-off (' || strftime({{ keet_cutoff_date() }}, '%Y-%m-%d') || '): not counted yet' as reason_en
    from key_dates
    where date_value > {{ keet_cutoff_date() }}
)

select
    cast(record_type || '|' || record_id || '|' || flag as varchar) as flag_key,
    cast(record_type as varchar) as record_type,
    cast(record_id as varchar) as record_id,
    cast(date_column as varchar) as date_column,
    cast(date_value as date) as date_value,
    cast(flag as varchar) as flag,
    cast(reason_nl as varchar) as reason_nl,
    cast(reason_en as varchar) as reason_en,
    cast(_delivery_id as integer) as delivery_id,
    cast(_file_name as varchar) as file_name,
    cast(_row_number as integer) as row_number
from flags
