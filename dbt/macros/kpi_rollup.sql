{#-
    kpi_rollup: THE one place where records become kpi_values cells.

    `records` is a relation or CTE name with at least the columns
        record_id    what is counted (an intake, an event, a person...): counted once per output cell
        key_date     the KPI's key date (a record without key date is not counted)
        municipality NIS code, 'outside_region' or 'unassigned'
        chain        chain code or 'unassigned'
    plus the breakdown columns and the columns used by `measure` and `where`.
    A record that belongs to two chains (or municipalities) appears once per membership.

    For each record the macro
      1. keeps records that satisfy `where`, have a key date and a key date on or before the cut-off;
      2. adds one row per breakdown (the unbroken breakdown '' plus 'name=value' for each name in `breakdowns`);
      3. puts every row in 4 scopes: (municipality, chain), ('all', chain), (municipality, 'all'), ('all', 'all');
      4. with first_only, keeps only the record's earliest key date within each scope, so in month, quarter,
         semester and year cells a person or an organisation counts in the period of its FIRST
         participation/support (newly reached); the 'project' cell counts every record with a key date in
         the project period, once (someone first reached before the project start and again during it
         counts in 'project');
      5. expands the key date into month, quarter, semester, year and 'project' (the latter only when the key
         date lies within project_start..project_end);
      6. reduces to ONE row per (cell, record_id): a record with two chains counts once in chain 'all';
      7. aggregates: count = number of distinct records; sum / median over the distinct records' measure.
    So 'all' is computed from records, never by adding rows.

    include_unbroken=false leaves out the '' breakdown (only the 'name=value' rows).
    `kpi` is a KPI code, or kpi_column=true to take the code from the records' `kpi` column
    (one call for a family of KPIs with the same grain, e.g. the ESF indicators).
-#}
{% macro kpi_rollup(kpi, records, unit, agg='count', measure='1', breakdowns=[], where='true',
                    first_only=false, kpi_column=false, include_unbroken=true) %}
    {%- set period_types = var('kpi_period_types') -%}
    {%- set kpi_sql = 'kpi' if kpi_column else "'" ~ kpi ~ "'" -%}
    {%- if agg == 'count' -%}
        {%- set agg_sql = 'count(*)' -%}
    {%- elif agg == 'sum' -%}
        {%- set agg_sql = 'sum(measure)' -%}
    {%- elif agg == 'median' -%}
        {%- set agg_sql = 'median(measure)' -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("kpi_rollup: unknown agg " ~ agg) }}
    {%- endif %}
    (
        with rollup_records as (
            select
                cast({{ kpi_sql }} as varchar) as kpi,
                cast(record_id as varchar) as record_id,
                cast(key_date as date) as key_date,
                coalesce(cast(municipality as varchar), 'unassigned') as municipality,
                coalesce(cast(chain as varchar), 'unassigned') as chain,
                cast({{ measure }} as double) as measure
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

        rollup_breakdowns as (
            {%- if include_unbroken %}
            select kpi, record_id, key_date, municipality, chain, measure, '' as breakdown
            from rollup_records
            {%- endif %}
            {%- for breakdown in breakdowns %}
            {%- if include_unbroken or not loop.first %}
            union all
            {%- endif %}
            select
                kpi, record_id, key_date, municipality, chain, measure,
                '{{ breakdown }}=' || breakdown_{{ loop.index }} as breakdown
            from rollup_records
            {%- endfor %}
        ),

        rollup_scopes as (
            select kpi, record_id, key_date, municipality, chain, measure, breakdown
            from rollup_breakdowns
            union all
            select kpi, record_id, key_date, 'all' as municipality, chain, measure, breakdown
            from rollup_breakdowns
            union all
            select kpi, record_id, key_date, municipality, 'all' as chain, measure, breakdown
            from rollup_breakdowns
            union all
            select kpi, record_id, key_date, 'all' as municipality, 'all' as chain, measure, breakdown
            from rollup_breakdowns
        ),

        rollup_dated as (
            select kpi, record_id, key_date, municipality, chain, measure, breakdown
            from rollup_scopes
            {%- if first_only %}
            qualify key_date = min(key_date) over (partition by kpi, record_id, municipality, chain, breakdown)
            {%- endif %}
        ),

        rollup_periods as (
            {%- for period_type in period_types %}
            select
                kpi, record_id, measure, municipality, chain, breakdown,
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
            select kpi, period, period_type, municipality, chain, breakdown, record_id, max(measure) as measure
            from rollup_periods
            group by kpi, period, period_type, municipality, chain, breakdown, record_id
        )

        select
            kpi,
            period,
            period_type,
            municipality,
            chain,
            breakdown,
            cast({{ agg_sql }} as double) as value,
            '{{ unit }}' as unit
        from rollup_cell_records
        group by kpi, period, period_type, municipality, chain, breakdown
    )
{% endmacro %}


{#-
    kpi_ratio: a percentage (or other ratio) per cell from two kpi_rollup results with the same cells.
    value = scale x numerator / denominator; a cell without denominator (or a zero one) is left out,
    a cell with a denominator but no numerator row is 0. By default only the unbroken cells (breakdown '').
-#}
{% macro kpi_ratio(kpi, numerator, denominator, unit='pct', scale=100, unbroken_only=true) %}
    (
        select
            '{{ kpi }}' as kpi,
            denominator_cells.period,
            denominator_cells.period_type,
            denominator_cells.municipality,
            denominator_cells.chain,
            denominator_cells.breakdown,
            cast({{ scale }} * coalesce(numerator_cells.value, 0) / denominator_cells.value as double) as value,
            '{{ unit }}' as unit
        from {{ denominator }} as denominator_cells
        left join {{ numerator }} as numerator_cells
            on numerator_cells.period = denominator_cells.period
            and numerator_cells.municipality = denominator_cells.municipality
            and numerator_cells.chain = denominator_cells.chain
            and numerator_cells.breakdown = denominator_cells.breakdown
        where denominator_cells.value > 0
            {%- if unbroken_only %}
            and denominator_cells.breakdown = ''
            {%- endif %}
    )
{% endmacro %}


{#- Stack KPI CTEs (each with the kpi_values columns) into one result. -#}
{% macro union_kpi_ctes(cte_names) %}
    {%- for cte_name in cte_names %}
    select kpi, period, period_type, municipality, chain, breakdown, value, unit
    from {{ cte_name }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}
