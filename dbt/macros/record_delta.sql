{#-
    Record delta (decision 28): an incremental run whose only new records are attendance rows changes the record-
    grain models that attendance reaches by key, instead of rebuilding them from all their records.

    pipelines/assets/transform.py sets KEET_RECORD_DELTA='attendance' when the run is incremental and
    stg_raw__attendance is the only staging model it selects (the weekly attendance list; any other record type
    in the run, and every full run, rebuild the models as before). Then:
      1. int_attendance_attributed's pre-hook finds the attendance ids whose current version is not the one of
         the last successful build: staging's (id, delivery, file, row) against int_record_lineage's, both ways
         (int_record_lineage depends on int_attendance_attributed, so it still holds the last build's rows). It
         writes them, and the persons and attendees of their rows before (the model's table) and now (staging),
         to <schema>.record_delta__keys (kind, key).
      2. Each model of record_delta_predicates() deletes its rows that match its predicate and appends the rows
         its SQL gives for the same predicate (materialized='incremental', strategy append). A predicate names
         every row that a changed attendance row can reach in that model: rows are keyed by attendance id, by
         person, or by attendee, and attendance reaches nothing else (events, intakes and people are unchanged
         in such a run). The model's SQL reads the inputs of those keys only.
      3. A KPI family keeps its deleted rows as <family>__previous, and int_kpi_cells compares the families'
         matching rows now with those (macro kpi_cells_apply_delta): the same cell change by record as decision
         24, over the touched records only.
    int_kpi_cells' last post-hook drops the keys table. A failed run makes the next run full
    (pipelines/schedules.py), which rebuilds every row. tests/integration/test_incremental_run.py compares such a
    run with a full rebuild.
-#}

{#- The models changed by key, with the predicate that names their rows a changed attendance row reaches. -#}
{% macro record_delta_predicates() %}
    {%- set attendance = record_delta_keys('attendance') -%}
    {%- set persons = record_delta_keys('person') -%}
    {%- set attendees = record_delta_keys('attendee') -%}
    {{ return({
        'int_attendance_attributed': 'attendance_id in ' ~ attendance,
        'int_record_lineage': "record_type = 'attendance' and record_id in " ~ attendance,
        'int_person_participations': 'person_id in ' ~ persons,
        'int_kpi_events': "(kpi = 'EVENT_ATTENDANCES' and record_id in " ~ attendance ~ ")"
            ~ " or (kpi = 'EVENT_UNIQUE_ATTENDEES' and record_id in " ~ attendees ~ ")"
            ~ " or (kpi = 'ACC_HACKATHON_PARTICIPANTS' and record_id in " ~ persons ~ ")",
        'int_kpi_reach': "kpi = 'REACH_PEOPLE' and record_id in " ~ persons,
        'int_kpi_esf': 'record_id in ' ~ persons,
    }) }}
{% endmacro %}


{#- The predicate of `model` (default: this model). -#}
{% macro record_delta_predicate(model=none) %}
    {{ return(record_delta_predicates()[model or this.identifier]) }}
{% endmacro %}


{#- Whether the run changes records by key (KEET_RECORD_DELTA). -#}
{% macro record_delta_run() %}
    {{ return(env_var('KEET_RECORD_DELTA', '') == 'attendance' and kpi_families_changed() is not none) }}
{% endmacro %}


{#- Whether this model is changed by key in this run. -#}
{% macro record_delta() %}
    {{ return(execute and record_delta_run() and this.identifier in record_delta_predicates() and is_incremental()) }}
{% endmacro %}


{#- `where`/`and` clause for a model's SQL: in a delta run only the rows of its predicate, else nothing. -#}
{% macro record_delta_filter(keyword='where', model=none) %}
    {%- if record_delta() -%}
        {{ keyword }} ({{ record_delta_predicate(model) }})
    {%- endif -%}
{% endmacro %}


{#- The changed keys of `kind` ('attendance', 'person', 'attendee'), as a subquery. -#}
{% macro record_delta_keys(kind) %}
    {{- return("(select key from " ~ this.schema ~ ".record_delta__keys where kind = '" ~ kind ~ "')") -}}
{% endmacro %}


{#- Inputs of a model's SQL in a delta run: `column` in the changed keys of `kind`, else nothing. -#}
{% macro record_delta_keys_filter(column, kind, keyword='where') %}
    {%- if record_delta() -%}
        {{ keyword }} {{ column }} in {{ record_delta_keys(kind) }}
    {%- endif -%}
{% endmacro %}


{#- pre-hook of the models of record_delta_predicates() (materialized incremental): make room for the rows the
    model's SQL appends. Full runs empty the table; an incremental run without delta rebuilds it (a KPI family
    was renamed to <family>__previous by kpi_family_keep_previous, leaving an empty table); a delta run deletes
    the rows of the model's predicate, keeping a family's as <family>__previous. -#}
{% macro record_delta_prepare() %}
    {%- if execute and this.identifier in record_delta_predicates() and is_incremental() -%}
        {%- if record_delta() -%}
            {%- if this.identifier == 'int_attendance_attributed' -%}
                {{ record_delta_find_keys() }};
            {%- endif %}
            {%- if this.identifier in kpi_families() %}
            drop table if exists {{ kpi_family_previous(this.identifier) }};
            create table {{ kpi_family_previous(this.identifier) }} as
            select * from {{ this }} where {{ record_delta_predicate() }};
            {%- endif %}
            delete from {{ this }} where {{ record_delta_predicate() }}
        {%- elif not (this.identifier in kpi_families() and kpi_families_changed() is not none) -%}
            delete from {{ this }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}


{#- The changed attendance ids, and the persons and attendees of their rows before and now. -#}
{% macro record_delta_find_keys() %}
    create or replace table {{ this.schema }}.record_delta__keys as
    with staged as (
        select
            attendance_id,
            person_id,
            case
                when person_id is not null then 'person:' || person_id
                when org_id is not null then 'org:' || org_id
            end as attendee_key,
            _delivery_id as delivery_id,
            _file_name as file_name,
            _row_number as row_number
        from {{ ref('stg_raw__attendance') }}
    ),

    built as (
        select record_id as attendance_id, delivery_id, file_name, row_number
        from {{ this.schema }}.int_record_lineage
        where record_type = 'attendance'
    ),

    changed as (
        select attendance_id from (
            select attendance_id, delivery_id, file_name, row_number from staged
            except
            select attendance_id, delivery_id, file_name, row_number from built
        ) as new_versions
        union
        select attendance_id from (
            select attendance_id, delivery_id, file_name, row_number from built
            except
            select attendance_id, delivery_id, file_name, row_number from staged
        ) as old_versions
    ),

    touched_rows as (
        select attendance_id, person_id, attendee_key from {{ this }}
        where attendance_id in (select attendance_id from changed)
        union all
        select attendance_id, person_id, attendee_key from staged
        where attendance_id in (select attendance_id from changed)
    )

    select distinct 'attendance' as kind, attendance_id as key from changed
    union all
    select distinct 'person' as kind, person_id as key from touched_rows where person_id is not null
    union all
    select distinct 'attendee' as kind, attendee_key as key from touched_rows where attendee_key is not null
{% endmacro %}


{#- last post-hook of int_kpi_cells (with the families' __previous tables): the keys are no longer needed. -#}
{% macro record_delta_drop_keys() %}
    drop table if exists {{ this.schema }}.record_delta__keys
{% endmacro %}
