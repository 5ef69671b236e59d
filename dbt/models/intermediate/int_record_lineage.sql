-- Where the current (newest) version of every record was delivered: file, delivery and row number. Staging keeps
-- the newest version per id, so this is the row whose values the KPIs use.
{%- set record_types = [
    ('organisations', 'stg_raw__organisations', 'org_id'),
    ('people', 'stg_raw__people', 'person_id'),
    ('intakes', 'stg_raw__intakes', 'intake_id'),
    ('events', 'stg_raw__events', 'event_id'),
    ('attendance', 'stg_raw__attendance', 'attendance_id'),
    ('applications', 'stg_raw__applications', 'application_id'),
    ('programme_sessions', 'stg_raw__programme_sessions', 'session_id'),
    ('outcomes', 'stg_raw__outcomes', 'outcome_id'),
    ('collaborations', 'stg_raw__collaborations', 'collaboration_id'),
    ('material_flows', 'stg_raw__material_flows', 'flow_id'),
    ('jobs', 'stg_raw__jobs', 'job_record_id'),
] %}
-- Changed by key in an incremental run of attendance or people only (macros/record_delta.sql); the last build's
-- rows are what that run compares staging with, so this model is built after the models that compare:
-- depends_on: {{ ref('int_attendance_attributed') }}
-- depends_on: {{ ref('int_person_participations') }}
{{ config(materialized='incremental', incremental_strategy='append') }}
{%- set branches = [] %}
{%- for branch in record_types if not record_delta() or branch[0] == record_delta_type() %}
    {%- do branches.append(branch) %}
{%- endfor %}
select * from (
{%- for record_type, model, id_column in branches %}
select
    '{{ record_type }}' || '|' || {{ id_column }} as record_key,
    '{{ record_type }}' as record_type,
    {{ id_column }} as record_id,
    _delivery_id as delivery_id,
    _file_name as file_name,
    _row_number as row_number,
    _received_at as received_at
from {{ ref(model) }}
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
) as lineage
{{ record_delta_filter() }}
