{#-
    Staging tables kept up to date by delivery (decision 30): stg_raw__attendance (the other staging models stay
    views).

    A staging model holds the newest version of every record of one raw table. As a view, every reader computed
    that version again (a window over all raw rows: at x1000, 1.4 million attendance rows, about 0.5 s per read,
    and an incremental attendance run reads it about ten times: its tests, the changed keys, the lineage, the
    unresolved references). As a table, a full run writes it once; an incremental `keet run` changes only the
    records of the deliveries it has not staged yet:
      1. The table <model>__deliveries lists the raw table's deliveries when the model was last built (post-hook).
      2. The pre-hook lists the ids of the raw rows of every other delivery: the deliveries loaded since. Their
         rows are deleted from the table, and the model's SQL, filtered to those ids, appends their newest version
         computed from all their raw rows, old and new.
    Raw rows change only by new deliveries: `keet forget` (which deletes or blanks a person's raw rows) removes the
    build state, so the next run is full. A full run (KEET_KPI_FAMILIES_CHANGED unset: the daily run, `keet run
    --full`, dbt by hand) empties the table and writes every record again. tests/integration/
    test_incremental_run.py compares the tables of incremental runs with a full rebuild.
-#}

{#- Whether this run changes only the records of the deliveries not staged yet. -#}
{% macro staging_by_delivery() %}
    {{ return(execute and is_incremental() and kpi_families_changed() is not none
              and adapter.get_relation(this.database, this.schema, this.identifier ~ '__deliveries') is not none) }}
{% endmacro %}


{% macro staging_deliveries_table() -%}
    {{ this.schema }}.{{ this.identifier }}__deliveries
{%- endmacro %}


{% macro staging_refresh_table() -%}
    {{ this.identifier }}__refresh
{%- endmacro %}


{#- pre-hook: make room for the rows the model's SQL appends (`raw`: the model's source, `id_column`: its id). -#}
{% macro staging_by_delivery_prepare(raw, id_column) %}
    {%- if staging_by_delivery() -%}
        create or replace temp table {{ staging_refresh_table() }} as
        select distinct {{ clean_text(id_column) }} as id
        from {{ raw }} as raw_rows
        anti join {{ staging_deliveries_table() }} as staged on raw_rows._delivery_id = staged._delivery_id
        where {{ clean_text(id_column) }} is not null;
        delete from {{ this }} where {{ id_column }} in (select id from {{ staging_refresh_table() }})
    {%- elif execute and is_incremental() -%}
        delete from {{ this }}
    {%- endif -%}
{% endmacro %}


{#- `where` clause for the model's raw rows: in a run by delivery, the rows of the ids to stage again. -#}
{% macro staging_by_delivery_filter(id_column) %}
    {%- if staging_by_delivery() -%}
        where {{ clean_text(id_column) }} in (select id from {{ staging_refresh_table() }})
    {%- endif -%}
{% endmacro %}


{#- post-hook: the deliveries staged now. -#}
{% macro staging_by_delivery_remember(raw) %}
    {%- if execute -%}
        drop table if exists {{ staging_refresh_table() }};
        create or replace table {{ staging_deliveries_table() }} as
        select distinct _delivery_id from {{ raw }} where _delivery_id is not null
    {%- endif -%}
{% endmacro %}
