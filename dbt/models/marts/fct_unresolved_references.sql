-- References to records that are not (yet) in the warehouse: loaded, counted where possible, and listed here
-- until the referenced record arrives (input contract). Also intakes whose org_name matched no organisation
-- (or more than one).
-- Changed by key in an incremental run of attendance, people or events only (macros/record_delta.sql): only the
-- references of the changed records, and those to the changed records, are listed again; every other reference
-- and its target are unchanged in such a run.
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook=["{{ record_delta_prepare() }}"]) }}
-- The keys are found by the first model changed by key (int_attendance_attributed or int_person_participations):
-- depends_on: {{ ref('int_attendance_attributed') }}
-- depends_on: {{ ref('int_person_participations') }}
{%- set references = [
    ('intakes', 'stg_raw__intakes', 'intake_id', 'org_id', false, 'organisation'),
    ('intakes', 'stg_raw__intakes', 'intake_id', 'person_id', false, 'person'),
    ('people', 'stg_raw__people', 'person_id', 'org_id', false, 'organisation'),
    ('attendance', 'stg_raw__attendance', 'attendance_id', 'event_id', false, 'event'),
    ('attendance', 'stg_raw__attendance', 'attendance_id', 'person_id', false, 'person'),
    ('attendance', 'stg_raw__attendance', 'attendance_id', 'org_id', false, 'organisation'),
    ('applications', 'stg_raw__applications', 'application_id', 'lead_org_id', false, 'organisation'),
    ('applications', 'stg_raw__applications', 'application_id', 'partner_org_ids', true, 'organisation'),
    ('programme_sessions', 'stg_raw__programme_sessions', 'session_id', 'application_id', false, 'application'),
    ('programme_sessions', 'stg_raw__programme_sessions', 'session_id', 'coach_org_id', false, 'organisation'),
    ('outcomes', 'stg_raw__outcomes', 'outcome_id', 'application_id', false, 'application'),
    ('outcomes', 'stg_raw__outcomes', 'outcome_id', 'org_id', false, 'organisation'),
    ('collaborations', 'stg_raw__collaborations', 'collaboration_id', 'org_ids', true, 'organisation'),
    ('material_flows', 'stg_raw__material_flows', 'flow_id', 'org_id', false, 'organisation'),
    ('material_flows', 'stg_raw__material_flows', 'flow_id', 'collaboration_id', false, 'collaboration'),
    ('material_flows', 'stg_raw__material_flows', 'flow_id', 'application_id', false, 'application'),
    ('jobs', 'stg_raw__jobs', 'job_record_id', 'org_id', false, 'organisation'),
    ('jobs', 'stg_raw__jobs', 'job_record_id', 'collaboration_id', false, 'collaboration'),
    ('jobs', 'stg_raw__jobs', 'job_record_id', 'application_id', false, 'application'),
] -%}
{%- set targets = {
    'organisation': ('stg_raw__organisations', 'org_id', 'Onbekende organisatie', 'Unknown organisation'),
    'person': ('stg_raw__people', 'person_id', 'Onbekende persoon', 'Unknown person'),
    'event': ('stg_raw__events', 'event_id', 'Onbekend event', 'Unknown event'),
    'application': ('stg_raw__applications', 'application_id', 'Onbekende aanvraag', 'Unknown application'),
    'collaboration': ('stg_raw__collaborations', 'collaboration_id', 'Onbekende samenwerking', 'Unknown collaboration'),
} %}

{#- In a run changed by key, the references that can change: those of the run's record type (by the changed
    ids) and those to it (by the changed ids as referenced id); the others are neither read nor listed again. -#}
{%- set delta = record_delta_type() if record_delta() else none -%}
{%- set delta_target = {'people': 'person', 'events': 'event'}.get(delta) -%}
{%- set delta_kind = record_delta_types()[delta][2] if delta else none -%}
{%- if delta -%}
    {%- set references = references | selectattr('0', 'equalto', delta) | list
                         + references | selectattr('5', 'equalto', delta_target) | list -%}
{%- endif -%}

{#- Each model is read once (a staging view keeps the newest version per id: reading it per reference cost
    x1000 of the demo set 4-5 s): the columns every reference and target needs, materialized. -#}
{%- set model_columns = {} -%}
{%- for record_type, model, id_column, column, is_list, target_type in references -%}
    {%- do model_columns.setdefault(model, []) -%}
    {%- for name in [id_column, column, '_delivery_id', '_file_name', '_row_number'] -%}
        {%- if name not in model_columns[model] %}{% do model_columns[model].append(name) %}{% endif -%}
    {%- endfor -%}
{%- endfor -%}
{%- set used_targets = references | map(attribute='5') | unique | list -%}
{%- for target_type, target in targets.items() if target_type in used_targets -%}
    {%- do model_columns.setdefault(target[0], []) -%}
    {%- if target[1] not in model_columns[target[0]] %}{% do model_columns[target[0]].append(target[1]) %}{% endif -%}
{%- endfor %}

with
{%- for model, columns in model_columns.items() %}
rows_{{ model }} as materialized (
    select {{ columns | join(', ') }}
    from {{ ref(model) }}
),
{% endfor %}

{%- for target_type, target in targets.items() if target_type in used_targets %}
known_{{ target_type }}_ids as (
    select {{ target[1] }} as referenced_id
    from rows_{{ target[0] }}
),
{% endfor %}

{%- for record_type, model, id_column, column, is_list, target_type in references %}
references_{{ loop.index }} as (
    select
        '{{ record_type }}' as record_type,
        {{ id_column }} as record_id,
        '{{ column }}' as column_name,
        {% if is_list -%} unnest({{ column }}) {%- else -%} {{ column }} {%- endif %} as referenced_id,
        '{{ target_type }}' as referenced_type,
        _delivery_id,
        _file_name,
        _row_number
    from rows_{{ model }}
    {%- if delta and record_type == delta %}
    where {{ id_column }} in {{ record_delta_keys(delta_kind) }}
    {%- elif delta %}
    where {{ column }} in {{ record_delta_keys(delta_kind) }}
    {%- endif %}
),

unresolved_{{ loop.index }} as (
    select
        record_type,
        record_id,
        column_name,
        referenced_id,
        referenced_type,
        'unknown_{{ target_type }}' as reason,
        '{{ targets[target_type][2] }} ''' || referenced_id || ''' (nog niet geleverd)' as reason_nl,
        '{{ targets[target_type][3] }} ''' || referenced_id || ''' (not delivered yet)' as reason_en,
        _delivery_id,
        _file_name,
        _row_number
    from references_{{ loop.index }}
    where referenced_id is not null
        and referenced_id not in (select referenced_id from known_{{ target_type }}_ids where referenced_id is not null)
),
{% endfor %}

unresolved_org_names as (
    select
        'intakes' as record_type,
        intake_id as record_id,
        'org_name' as column_name,
        org_name as referenced_id,
        'organisation' as referenced_type,
        case org_resolution
            when 'ambiguous_name' then 'ambiguous_org_name'
            else 'unknown_org_name'
        end as reason,
        case org_resolution
            when 'ambiguous_name' then 'Organisatienaam ''' || org_name || ''' past bij meer dan een organisatie'
            else 'Organisatienaam ''' || org_name || ''' niet gevonden in het organisatieregister'
        end as reason_nl,
        case org_resolution
            when 'ambiguous_name' then 'Organisation name ''' || org_name || ''' matches more than one organisation'
            else 'Organisation name ''' || org_name || ''' not found in the organisation registry'
        end as reason_en,
        _delivery_id,
        _file_name,
        _row_number
    from {{ ref('int_intakes_attributed') }}
    where org_resolution in ('unknown_name', 'ambiguous_name')
),

all_unresolved as (
    {%- for reference in references %}
    select
        record_type, record_id, column_name, referenced_id, referenced_type, reason, reason_nl, reason_en,
        _delivery_id, _file_name, _row_number
    from unresolved_{{ loop.index }}
    union all
    {%- endfor %}
    select
        record_type, record_id, column_name, referenced_id, referenced_type, reason, reason_nl, reason_en,
        _delivery_id, _file_name, _row_number
    from unresolved_org_names
    {%- if delta %}
    where false
    {%- endif %}
)

select distinct
    cast(record_type || '|' || record_id || '|' || column_name || '|' || referenced_id as varchar) as reference_key,
    cast(record_type as varchar) as record_type,
    cast(record_id as varchar) as record_id,
    cast(column_name as varchar) as column_name,
    cast(referenced_id as varchar) as referenced_id,
    cast(referenced_type as varchar) as referenced_type,
    cast(reason as varchar) as reason,
    cast(reason_nl as varchar) as reason_nl,
    cast(reason_en as varchar) as reason_en,
    cast(_delivery_id as integer) as delivery_id,
    cast(_file_name as varchar) as file_name,
    cast(_row_number as integer) as row_number
from all_unresolved
