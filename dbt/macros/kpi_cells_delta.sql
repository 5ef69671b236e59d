{#-
    Incremental KPI cells by record (int_kpi_cells in an incremental run).

    Every count cell is a sum over records: a distinct count gives each record 1 in every cell it has a row in,
    and a first_only count gives each record 1 in the period of its earliest key date within the cell's scope.
    So when only some records of a KPI change, its cells change by
        rollup(the changed records' rows now) - rollup(the same records' rows before)
    with kpi_rollup itself, the one place where records become cells, run on those few records. Sums, medians and
    ratios are not taken apart this way (a float sum taken apart is not the sum recomputed): their KPIs are
    computed again from all their records, as before.

    How "before" is kept: in an incremental run each KPI family model that is rebuilt first renames its table to
    <family>__previous (macro kpi_family_keep_previous, a pre-hook of every intermediate model that acts on the
    families only) and leaves an empty table under its name for dbt to replace. A family changed by key in an
    incremental run of attendance only (macros/record_delta.sql) keeps only the rows it deletes, and only the
    rows of its record_delta predicate are compared. int_kpi_cells compares the two per record (a fingerprint of
    the record's rows: count and sum of row hashes), applies the change of every changed record and drops the
    __previous tables in its last post-hook. A failed run leaves them behind; the
    next run is then a full run (pipelines/schedules.py), which recomputes every cell and drops them too.
-#}

{#- pre-hook of every intermediate model (dbt_project.yml): in an incremental run, a KPI family keeps its table
    as <family>__previous before it is rebuilt. -#}
{% macro kpi_family_keep_previous() %}
    {%- if execute and this.identifier in kpi_families() -%}
        {%- if kpi_families_changed() is none
              or adapter.get_relation(this.database, this.schema, this.identifier) is none -%}
            {#- rebuilt without its rows before: what changed is unknown (macros/kpi_record_changes.sql) -#}
            {{ kpi_record_changes_forget() }}
        {%- elif not record_delta() -%}
            drop table if exists {{ kpi_family_previous(this.identifier) }};
            alter table {{ this }} rename to {{ this.identifier }}__previous;
            create table {{ this }} as select * from {{ kpi_family_previous(this.identifier) }} limit 0
        {%- endif -%}
    {%- endif -%}
{% endmacro %}


{% macro kpi_family_previous(family) -%}
    {{ this.schema }}.{{ family }}__previous
{%- endmacro %}


{#- The changed families whose rows before this run are kept (their __previous table exists). -#}
{% macro kpi_delta_families() %}
    {%- set families = kpi_families_changed() -%}
    {%- if not execute or families is none or families | length == 0 -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set found = run_query(
        "select table_name from information_schema.tables where table_schema = '" ~ this.schema ~ "'"
        ~ " and table_name in ('" ~ (families | join("__previous', '")) ~ "__previous')") -%}
    {%- set kept = found.columns[0].values() -%}
    {%- set delta = [] -%}
    {%- for family in families if family ~ '__previous' in kept -%}{%- do delta.append(family) -%}{%- endfor -%}
    {{ return(delta) }}
{% endmacro %}


{#- Whether this run of int_kpi_cells changes cells by record (an incremental run with kept families). -#}
{% macro kpi_cells_by_record() %}
    {{ return(is_incremental() and kpi_delta_families() | length > 0) }}
{% endmacro %}


{#- pre-hook of int_kpi_cells: the KPIs whose cells change by record, in temp table kpi_cells__delta_kpis (read
    by the other hooks and statements of the model, on the same connection). -#}
{% macro kpi_cells_keep_delta_kpis() %}
    {%- if kpi_cells_by_record() -%}
        create or replace temp table kpi_cells__delta_kpis as {{ kpi_delta_kpis() }}
    {%- endif -%}
{% endmacro %}


{#- The KPIs whose cells change by record: every row of the KPI, now and before, is a count. -#}
{% macro kpi_delta_kpis() %}
    {%- set families = kpi_delta_families() -%}
    {%- for family in families %}
    select kpi
    from (
        select kpi, agg from {{ this.schema }}.{{ family }}
        union all
        select kpi, agg from {{ kpi_family_previous(family) }}
    ) as rules
    group by kpi
    having bool_and(agg = 'count')
    {%- if not loop.last %} union {% endif %}
    {%- else %}
    select cast(null as varchar) as kpi where false
    {%- endfor %}
{% endmacro %}


{#- The rows, now or before (`side` 'now' | 'before'), of the records of the delta KPIs that changed. -#}
{% macro kpi_changed_record_rows(side) %}
    {%- for family in kpi_delta_families() %}
    {%- set table = this.schema ~ '.' ~ family if side == 'now' else kpi_family_previous(family) %}
    select {{ kpi_record_columns() }}
    from {{ table }} as record_rows
    semi join kpi_cells__changed_records as changed
        on changed.kpi = record_rows.kpi and changed.record_id = record_rows.record_id
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}


{#- A record's fingerprint: how many rows it has and the sum of their hashes (any change of a row changes it). -#}
{% macro kpi_record_fingerprints(table, predicate=none) %}
    select kpi, record_id, count(*) as row_count, sum(hash({{ kpi_record_columns() }})::hugeint) as row_hashes
    from {{ table }}
    {%- if predicate %}
    where {{ predicate }}
    {%- endif %}
    group by kpi, record_id
{% endmacro %}


{#- The rows of `family` that this run may have changed: those of its record_delta predicate when the family was
    changed by key (its __previous holds those rows only), else all. -#}
{% macro kpi_family_changed_rows_predicate(family) %}
    {{ return(record_delta_predicates().get(family)) }}
{% endmacro %}


{#- post-hook of int_kpi_cells: add the change of the changed records to the cells of the delta KPIs, insert the
    cells they enter, delete the cells they leave (a count cell without records does not exist). The changed
    records of every KPI of the families go to the change log of the KPI records (macros/kpi_record_changes.sql). -#}
{% macro kpi_cells_apply_delta() %}
    {%- if kpi_cells_by_record() -%}
        create or replace temp table kpi_cells__changed_all as
        {%- for family in kpi_delta_families() %}
        select coalesce(now.kpi, before.kpi) as kpi, coalesce(now.record_id, before.record_id) as record_id
        {%- set changed_rows = kpi_family_changed_rows_predicate(family) %}
        from ({{ kpi_record_fingerprints(this.schema ~ '.' ~ family, changed_rows) }}) as now
        full join ({{ kpi_record_fingerprints(kpi_family_previous(family)) }}) as before
            on now.kpi = before.kpi and now.record_id = before.record_id
        where now.row_count is distinct from before.row_count
            or now.row_hashes is distinct from before.row_hashes
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %};
        {{ kpi_record_changes_append('kpi_cells__changed_all') }}
        create or replace temp table kpi_cells__changed_records as
        select kpi, record_id from kpi_cells__changed_all where kpi in (select kpi from kpi_cells__delta_kpis);
        drop table kpi_cells__changed_all;
        create or replace temp table kpi_cells__delta as
        with rows_now as ({{ kpi_changed_record_rows('now') }}),
        rows_before as ({{ kpi_changed_record_rows('before') }}),
        cells_now as {{ kpi_rollup('rows_now', kpi_rollup_parts()) }},
        cells_before as {{ kpi_rollup('rows_before', kpi_rollup_parts()) }}
        select kpi, period, period_type, municipality, chain, breakdown, sum(value) as value, max(unit) as unit
        from (
            select kpi, period, period_type, municipality, chain, breakdown, value, unit from cells_now
            union all
            select kpi, period, period_type, municipality, chain, breakdown, -value, unit from cells_before
        ) as changes
        group by kpi, period, period_type, municipality, chain, breakdown
        having sum(value) <> 0;
        update {{ this }} as cells
        set value = cells.value + delta.value
        from kpi_cells__delta as delta
        where cells.kpi = delta.kpi and cells.period = delta.period and cells.period_type = delta.period_type
            and cells.municipality = delta.municipality and cells.chain = delta.chain
            and cells.breakdown = delta.breakdown;
        insert into {{ this }} (kpi, period, period_type, municipality, chain, breakdown, value, unit)
        select delta.kpi, delta.period, delta.period_type, delta.municipality, delta.chain, delta.breakdown,
            delta.value, delta.unit
        from kpi_cells__delta as delta
        anti join {{ this }} as cells
            on cells.kpi = delta.kpi and cells.period = delta.period and cells.period_type = delta.period_type
            and cells.municipality = delta.municipality and cells.chain = delta.chain
            and cells.breakdown = delta.breakdown;
        delete from {{ this }}
        where value = 0 and kpi in (select kpi from kpi_cells__delta_kpis);
        drop table kpi_cells__delta;
        drop table kpi_cells__changed_records;
        drop table kpi_cells__delta_kpis
    {%- elif kpi_delta_families() | length > 0 -%}
        {#- every cell computed again (no table yet): the families' changes are not logged -#}
        {{ kpi_record_changes_forget() }}
    {%- endif -%}
{% endmacro %}


{#- last post-hook of int_kpi_cells: the families' rows before this run are no longer needed. -#}
{% macro kpi_cells_drop_previous() %}
    {%- for family in kpi_families() %}
    drop table if exists {{ this.schema }}.{{ family }}__previous;
    {%- endfor %}
    drop table if exists temp.kpi_cells__recompute_kpis;
    drop table if exists temp.kpi_cells__day_kpis
{% endmacro %}
