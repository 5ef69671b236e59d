{#-
    How a KPI is computed, in two steps written once:

    1. kpi_records / kpi_ratio_records (in the int_kpi_<family> models): the RECORDS that make up a KPI, at the
       grain the rollup uses: one row per (kpi, counted record, municipality and chain membership, breakdown,
       source row). Nothing is aggregated yet, so this grain is also the lineage of every figure
       (marts.fct_kpi_records: which records, from which delivered file and row, make up a cell).
    2. kpi_rollup (in int_kpi_cells): THE one place where records become kpi_values cells.

    The grain columns (macro kpi_record_columns):
        kpi                  the KPI code
        record_type          what is counted: a record type (intakes, events, attendance, ...) or an entity
                             (organisations, people, attendees)
        record_id            the counted record: counted once per cell (persons only by their pseudonym)
        key_date             the KPI's key date for this row
        municipality, chain  one membership of the record ('unassigned' when unknown)
        breakdown            '' (the unbroken figure) or 'name=value'
        measure              what the record adds: 1 for counts, the measure for sum/median, the numerator
                             contribution for ratios (0 when the record is only in the denominator)
        denominator_measure  ratios only: the record's contribution to the denominator
        agg                  count | sum | median | ratio
        scale                ratios only: value = scale x sum(measure) / sum(denominator_measure)
        first_only           count the record only in the period of its earliest key date within a cell
                             (newly reached organisations and persons), see kpi_rollup
        unit                 the KPI's unit
        source_type          the delivered record type through which the record counts (e.g. a person counts
                             through an attendance row or an intake; an organisation through an intake, an
                             application or a collaboration)
        source_id            that delivered record's id; marts.fct_kpi_records adds its file and row number
        detail               a short, non-personal description (e.g. the event and role of an attendance row)
-#}
{% macro kpi_record_columns() -%}
    kpi, record_type, record_id, key_date, municipality, chain, breakdown, measure, denominator_measure, agg,
    scale, first_only, unit, source_type, source_id, detail
{%- endmacro %}


{#-
    kpi_records: the grain rows of one KPI (or of a family of KPIs with kpi_column=true, e.g. the ESF indicators).

    `records` is a relation or CTE name with at least the columns
        record_type, record_id, key_date, municipality, chain, source_type, source_id
    plus the breakdown columns and the columns used by `measure`, `where` and `detail`.
    A record that belongs to two chains (or municipalities) appears once per membership.

    For each record the macro
      1. keeps records that satisfy `where`, have a record id, a key date on or before the cut-off, and (for
         agg sum/median) a measure;
      2. adds the unbroken breakdown '' and one 'name=value' row per name in `breakdowns` ('unknown' when the
         value is missing); include_unbroken=false leaves out the '' rows.
-#}
{% macro kpi_records(kpi, records, unit, agg='count', measure='1', breakdowns=[], where='true',
                     first_only=false, kpi_column=false, include_unbroken=true, detail='null') %}
    {%- if agg not in ('count', 'sum', 'median') -%}
        {{ exceptions.raise_compiler_error("kpi_records: unknown agg " ~ agg) }}
    {%- endif -%}
    {%- set kpi_sql = 'kpi' if kpi_column else "'" ~ kpi ~ "'" -%}
    (
        with kpi_filtered as (
            select
                cast({{ kpi_sql }} as varchar) as kpi,
                cast(record_type as varchar) as record_type,
                cast(record_id as varchar) as record_id,
                cast(key_date as date) as key_date,
                coalesce(cast(municipality as varchar), 'unassigned') as municipality,
                coalesce(cast(chain as varchar), 'unassigned') as chain,
                cast({{ measure }} as double) as measure,
                cast(source_type as varchar) as source_type,
                cast(source_id as varchar) as source_id,
                cast({{ detail }} as varchar) as detail
                {%- for breakdown in breakdowns %},
                coalesce(cast({{ breakdown }} as varchar), 'unknown') as breakdown_{{ loop.index }}
                {%- endfor %}
            from {{ records }}
            where ({{ where }})
                and key_date is not null
                and record_id is not null
                and key_date <= {{ keet_cutoff_date() }}
                {%- if agg != 'count' %}
                and ({{ measure }}) is not null
                {%- endif %}
        ),

        kpi_breakdowns as (
            {%- if include_unbroken %}
            select
                kpi, record_type, record_id, key_date, municipality, chain, measure, source_type, source_id,
                detail, '' as breakdown
            from kpi_filtered
            {%- endif %}
            {%- for breakdown in breakdowns %}
            {%- if include_unbroken or not loop.first %}
            union all
            {%- endif %}
            select
                kpi, record_type, record_id, key_date, municipality, chain, measure, source_type, source_id,
                detail, '{{ breakdown }}=' || breakdown_{{ loop.index }} as breakdown
            from kpi_filtered
            {%- endfor %}
        )

        select
            kpi,
            record_type,
            record_id,
            key_date,
            municipality,
            chain,
            breakdown,
            measure,
            cast(null as double) as denominator_measure,
            '{{ agg }}' as agg,
            cast(null as double) as scale,
            {{ 'true' if first_only else 'false' }} as first_only,
            '{{ unit }}' as unit,
            source_type,
            source_id,
            detail
        from kpi_breakdowns
    )
{% endmacro %}


{#-
    kpi_ratio_records: the grain rows of a ratio (by default a percentage, unbroken only). The records are those
    of the DENOMINATOR (`denominator_where`, with a non-null `denominator_measure`); each carries its numerator
    contribution as `measure` (`numerator_measure` when it satisfies `numerator_where`, else 0). Per cell:
    value = scale x sum(measure) / sum(denominator_measure) over the cell's distinct records; a cell without
    denominator is left out (not 0), a cell with a denominator but no numerator record is 0.
-#}
{% macro kpi_ratio_records(kpi, records, numerator_where, denominator_where='true', numerator_measure='1',
                           denominator_measure='1', unit='pct', scale=100, detail='null') %}
    (
        select
            cast('{{ kpi }}' as varchar) as kpi,
            cast(record_type as varchar) as record_type,
            cast(record_id as varchar) as record_id,
            cast(key_date as date) as key_date,
            coalesce(cast(municipality as varchar), 'unassigned') as municipality,
            coalesce(cast(chain as varchar), 'unassigned') as chain,
            '' as breakdown,
            cast(coalesce(case when ({{ numerator_where }}) then ({{ numerator_measure }}) end, 0) as double)
                as measure,
            cast({{ denominator_measure }} as double) as denominator_measure,
            'ratio' as agg,
            cast({{ scale }} as double) as scale,
            false as first_only,
            '{{ unit }}' as unit,
            cast(source_type as varchar) as source_type,
            cast(source_id as varchar) as source_id,
            cast({{ detail }} as varchar) as detail
        from {{ records }}
        where ({{ denominator_where }})
            and key_date is not null
            and record_id is not null
            and key_date <= {{ keet_cutoff_date() }}
            and ({{ denominator_measure }}) is not null
    )
{% endmacro %}


{#- Stack CTEs of grain rows (kpi_records / kpi_ratio_records) into one result. -#}
{% macro union_kpi_ctes(cte_names) %}
    {%- for cte_name in cte_names %}
    select {{ kpi_record_columns() }}
    from {{ cte_name }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}


{#-
    kpi_rollup: THE one place where records become kpi_values cells. `grain` holds kpi_records rows (any number
    of KPIs). For every row the macro
      1. puts it in 4 scopes: (municipality, chain), ('all', chain), (municipality, 'all'), ('all', 'all');
      2. with first_only, keeps only the record's earliest key date within each scope, so in month, quarter,
         semester and year cells a person or an organisation counts in the period of its FIRST
         participation/support (newly reached); the 'project' cell counts every record with a key date in
         the project period, once (someone first reached before the project start and again during it
         counts in 'project');
      3. expands the key date into month, quarter, semester, year and 'project' (the latter only when the key
         date lies within project_start..project_end);
      4. reduces to ONE row per (cell, record_id): a record with two chains counts once in chain 'all';
      5. aggregates per the KPI's agg: count = number of distinct records; sum / median over the distinct
         records' measure; ratio = scale x sum(measure) / sum(denominator_measure), left out without denominator.
    So 'all' is computed from records, never by adding rows. pipelines/explain.py resolves one cell the same way
    from marts.fct_kpi_records (tests/integration/test_explain.py checks that both agree on every cell).
-#}
{% macro kpi_rollup(grain) %}
    {%- set period_types = var('kpi_period_types') -%}
    (
        with rollup_grain as (
            select kpi, record_id, key_date, municipality, chain, breakdown, measure, denominator_measure, agg,
                scale, first_only, unit
            from {{ grain }}
        ),

        rollup_scopes as (
            select kpi, record_id, key_date, municipality, chain, breakdown, measure, denominator_measure, agg,
                scale, first_only, unit
            from rollup_grain
            union all
            select kpi, record_id, key_date, 'all' as municipality, chain, breakdown, measure, denominator_measure,
                agg, scale, first_only, unit
            from rollup_grain
            union all
            select kpi, record_id, key_date, municipality, 'all' as chain, breakdown, measure, denominator_measure,
                agg, scale, first_only, unit
            from rollup_grain
            union all
            select kpi, record_id, key_date, 'all' as municipality, 'all' as chain, breakdown, measure,
                denominator_measure, agg, scale, first_only, unit
            from rollup_grain
        ),

        -- the earliest key date of a first_only record within each scope: a grouped aggregate and a join, not a
        -- window function (a window over every scope row ran out of DuckDB's 4 GB at x100 of the demo set;
        -- aggregates and joins spill to disk; bench/results.md)
        rollup_first as (
            select kpi, record_id, municipality, chain, breakdown, min(key_date) as first_key_date
            from rollup_scopes
            where first_only
            group by kpi, record_id, municipality, chain, breakdown
        ),

        rollup_dated as (
            select kpi, record_id, key_date, municipality, chain, breakdown, measure, denominator_measure, agg,
                scale, first_only, unit
            from rollup_scopes
            where not first_only
            union all
            select s.kpi, s.record_id, s.key_date, s.municipality, s.chain, s.breakdown, s.measure,
                s.denominator_measure, s.agg, s.scale, s.first_only, s.unit
            from rollup_scopes as s
            inner join rollup_first as f
                on s.kpi = f.kpi and s.record_id = f.record_id and s.municipality = f.municipality
                and s.chain = f.chain and s.breakdown = f.breakdown and s.key_date = f.first_key_date
            where s.first_only
        ),

        rollup_periods as (
            {%- for period_type in period_types %}
            select
                kpi, record_id, municipality, chain, breakdown, measure, denominator_measure, agg, scale, unit,
                {{ period_label(period_type, 'key_date') }} as period,
                '{{ period_type }}' as period_type
            {%- if period_type == 'project' %}
            from rollup_scopes
            where key_date between {{ keet_project_start() }} and {{ keet_project_end() }}
            {%- else %}
            from rollup_dated
            {%- endif %}
            {%- if not loop.last %}
            union all
            {%- endif %}
            {%- endfor %}
        ),

        rollup_cell_records as (
            select
                kpi, agg, scale, unit, period, period_type, municipality, chain, breakdown, record_id,
                max(measure) as measure,
                max(denominator_measure) as denominator_measure
            from rollup_periods
            group by kpi, agg, scale, unit, period, period_type, municipality, chain, breakdown, record_id
        )

        select
            kpi,
            period,
            period_type,
            municipality,
            chain,
            breakdown,
            cast(
                case agg
                    when 'count' then count(*)
                    when 'sum' then sum(measure)
                    when 'median' then median(measure)
                    when 'ratio' then scale * sum(measure) / sum(denominator_measure)
                end as double
            ) as value,
            unit
        from rollup_cell_records
        group by kpi, agg, scale, unit, period, period_type, municipality, chain, breakdown
        having agg <> 'ratio' or sum(denominator_measure) > 0
    )
{% endmacro %}


{#-
    Incremental KPI cells (int_kpi_cells). KEET_KPI_FAMILIES_CHANGED = 'families:' followed by a comma-separated
    list of the int_kpi_<family> models rebuilt in this run (possibly none); unset or empty = everything.
-#}
{% macro kpi_families_changed() %}
    {%- set known = ['int_kpi_advisory', 'int_kpi_advisory_ratios', 'int_kpi_events', 'int_kpi_reach',
                     'int_kpi_esf', 'int_kpi_accelerator', 'int_kpi_value_chains', 'int_kpi_circular',
                     'int_kpi_social'] -%}
    {%- set value = env_var('KEET_KPI_FAMILIES_CHANGED', '') -%}
    {%- if not value.startswith('families:') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set families = [] -%}
    {%- for name in value[9:].split(',') if name.strip() -%}
        {%- if name.strip() not in known -%}
            {{ exceptions.raise_compiler_error("KEET_KPI_FAMILIES_CHANGED: unknown model " ~ name) }}
        {%- endif -%}
        {%- do families.append(name.strip()) -%}
    {%- endfor -%}
    {{ return(families) }}
{% endmacro %}


{#- The KPIs of the changed families (their tables are rebuilt before int_kpi_cells in the same run). -#}
{% macro kpi_families_changed_kpis() %}
    {%- set families = kpi_families_changed() -%}
    {%- for family in families %}
    select distinct kpi from {{ this.schema }}.{{ family }}
    {%- if not loop.last %} union {% endif %}
    {%- else %}
    select cast(null as varchar) as kpi where false
    {%- endfor %}
{% endmacro %}


{#- pre_hook of int_kpi_cells: remove the cells that are computed again. -#}
{% macro kpi_cells_delete_changed() %}
    {%- if is_incremental() -%}
        {%- if kpi_families_changed() is none -%}
            delete from {{ this }}
        {%- else -%}
            delete from {{ this }}
            where kpi in ({{ kpi_families_changed_kpis() }})
               or kpi not in (select distinct kpi from {{ ref('int_kpi_records') }})
        {%- endif -%}
    {%- endif -%}
{% endmacro %}


{#- The cells of one chunk of KPIs (hash of the KPI code modulo `chunks`), of the changed KPIs only when the run
    names changed families (see int_kpi_cells). -#}
{% macro kpi_cells_chunk(chunk, chunks) %}
with kpi_records as (
    select {{ kpi_record_columns() }}
    from {{ ref('int_kpi_records') }}
    where true
    {%- if chunks > 1 %}
        and hash(kpi) % {{ chunks }} = {{ chunk }}
    {%- endif %}
    {%- if is_incremental() and kpi_families_changed() is not none %}
        and kpi in ({{ kpi_families_changed_kpis() }})
    {%- endif %}
),

kpi_cells as {{ kpi_rollup('kpi_records') }}

select kpi, period, period_type, municipality, chain, breakdown, value, unit
from kpi_cells
{% endmacro %}


{#- post_hooks of int_kpi_cells: insert the chunks 1..chunks-1. -#}
{% macro kpi_cells_chunk_hooks(chunks) %}
    {%- set hooks = [] -%}
    {%- for chunk in range(1, chunks) -%}
        {%- do hooks.append("insert into {{ this }} (kpi, period, period_type, municipality, chain, breakdown, "
                            ~ "value, unit) {{ kpi_cells_chunk(" ~ chunk ~ ", " ~ chunks ~ ") }}") -%}
    {%- endfor -%}
    {{ return(hooks) }}
{% endmacro %}
