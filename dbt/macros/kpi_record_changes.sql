{#-
    The change log of the KPI records (decision 29): the KPI records (kpi, record_id) whose rows in the KPI families
    (hence in marts.fct_kpi_record_rows) changed since the serving snapshot named in <kpi_record_changes>_since.

    The serving snapshot of an incremental run starts from a copy of the previous snapshot and replaces the records
    that changed (decision 25, pipelines/publish.py). It takes them from this log when the log's snapshot is the one
    it copies; otherwise (no log, another snapshot) it compares every record's rows, as before.
      - The snapshot writes the log: empty, since itself, each time it publishes (full and incremental runs).
      - int_kpi_cells appends, in an incremental run, the records it finds changed by comparing each rebuilt family
        with its rows before the run (<family>__previous: every KPI, not only the counts it adds up by record).
      - Any KPI family rebuilt without its rows before the run (a full run, dbt by hand, a new table) drops the log,
        and so does int_kpi_cells when it computes every cell while families kept their rows before: then no one
        knows what changed, and the next snapshot compares everything.
-#}

{#- (schema, table) of the log, and of the table naming the snapshot it starts from. -#}
{% macro kpi_record_changes_relations() %}
    {%- set schema, table = var('kpi_record_changes').split('.') -%}
    {{ return((schema, table, table ~ '_since')) }}
{% endmacro %}


{#- Forget the log: the next snapshot compares every record. -#}
{% macro kpi_record_changes_forget() %}
    {%- set schema, table, since = kpi_record_changes_relations() -%}
    drop schema if exists {{ schema }} cascade
{% endmacro %}


{#- The log in `database` when it exists (dbt executing), else none: the tests that read only the logged records'
    rows (tests/generic/unique_combination_of_columns.sql, tests/kpi_record_rows_have_a_source.sql) and
    kpi_record_changes_append. -#}
{% macro kpi_record_changes_log(database) %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set schema, table, since = kpi_record_changes_relations() -%}
    {{ return(adapter.get_relation(database=database, schema=schema, identifier=table)) }}
{% endmacro %}


{#- Append the records of `changed` (a relation with kpi, record_id) to the log, if there is one; '' otherwise. -#}
{% macro kpi_record_changes_append(changed) %}
    {%- set log = kpi_record_changes_log(this.database) -%}
    {%- if log is not none -%}
        insert into {{ log }} (kpi, record_id) select kpi, record_id from {{ changed }};
    {%- endif -%}
{% endmacro %}
