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
    {{ record_delta_filter() }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}


{#-
    kpi_rollup: THE one place where records become kpi_values cells. `grain` holds kpi_records rows (any number
    of KPIs, each with one agg). The cells of a KPI are
      - scopes: every record row counts in (municipality, chain), ('all', chain), (municipality, 'all') and
        ('all', 'all') (SQL grouping sets), so 'all' is computed from records, never by adding rows, and a
        record with two chains counts once in chain 'all';
      - periods: the key date's month, quarter, semester and year, and 'project' when the key date lies within
        project_start..project_end;
      - count: the number of distinct records in the cell;
      - count with first_only (newly reached organisations and persons): in month, quarter, semester and year a
        record counts only in the period of its EARLIEST key date within the scope (and breakdown); the
        'project' cell counts every record with a key date in the project period, once (someone first reached
        before the project start and again during it counts in 'project');
      - sum / median over the cell's distinct records' measure; ratio = scale x sum(measure) /
        sum(denominator_measure) over the cell's distinct records, left out without denominator. Sums are
        exact (macro exact_sum), so a cell has the same value whatever order its records are added in.
    pipelines/explain.py resolves one cell the same way from marts.fct_kpi_records (tests/integration/
    test_explain.py checks that both agree on every cell).

    `parts` says which cells one statement computes, so that int_kpi_cells can run the rollup as several
    statements of bounded memory (kpi_cell_statements): 'first_only' = the first_only counts in every period
    type; 'by_day' = every cell of the day KPIs (below) in every period type; a period type = every other cell of
    that period type. All parts together (kpi_rollup_parts) = every cell, each cell in exactly one part. The
    earliest key dates (overall and within the project period) are one grouped min() per record and scope (not
    a window: windows do not spill to disk), computed once for every period type, so a first_only cell is a
    plain count(*), without count(distinct).

    Day KPIs (decision 32): a count, sum or ratio KPI (not first_only) none of whose records has two key dates.
    Each of its records lies in one day, so a cell of any period is the sum of the cells of its days: a day's
    distinct count, or a day's exact (decimal) sum of each distinct record's measure. The distinct counting is
    then done once, per day, instead of once per period type; the sums stay exact, so every cell is the one
    computed per period. A KPI whose record has two key dates (unique attendees: a person on several days) and
    every median are computed per period type. `day_kpis`: the day KPIs' names (a list, from
    kpi_rollup_day_kpis over these records or over more of them: a KPI with one key date per record in more
    records has it in fewer), or none to find them here from `grain`.
-#}
{% macro kpi_rollup_parts() %}
    {{ return(['first_only', 'by_day'] + var('kpi_period_types')) }}
{% endmacro %}


{#- The day KPIs of kpi_rollup among the rows of `grain` (SQL: one column kpi). -#}
{% macro kpi_rollup_day_kpis(grain) %}
    select kpi
    from (
        select kpi, record_id, min(agg) as agg, min(key_date) = max(key_date) as one_date
        from {{ grain }}
        where not first_only
        group by kpi, record_id
    ) as records
    group by kpi
    having bool_and(one_date) and min(agg) in ('count', 'sum', 'ratio') and max(agg) = min(agg)
{% endmacro %}


{% macro kpi_rollup(grain, parts, day_kpis=none) %}
    {%- set period_types = [] -%}
    {%- for part in parts if part not in ('first_only', 'by_day') %}{% do period_types.append(part) %}{% endfor -%}
    {%- set selects = [] -%}
    {%- if day_kpis is none -%}
        {%- set is_day_kpi = 'kpi in (select kpi from rollup_day_kpis)' -%}
    {%- elif day_kpis | length == 0 -%}
        {%- set is_day_kpi = 'false' -%}
    {%- else -%}
        {%- set is_day_kpi = "kpi in ('" ~ (day_kpis | map('replace', "'", "''") | join("', '")) ~ "')" -%}
    {%- endif -%}
    (
        -- not materialized: every part reads only its own rows of the grain (a CTE read twice is otherwise
        -- written out whole first: at x1000 17.5 million rows for a part that needs 1.7 million)
        with rollup_grain as not materialized (
            select kpi, record_id, key_date, municipality, chain, breakdown, measure, denominator_measure, agg,
                scale, first_only
            from {{ grain }}
        ),
        {%- if day_kpis is none and ('by_day' in parts or period_types) %}

        rollup_day_kpis as materialized (
            {{ kpi_rollup_day_kpis('rollup_grain') }}
        ),
        {%- endif %}

        rollup_kpis as (
            select kpi, min(agg) as agg, min(scale) as scale, min(unit) as unit
            from {{ grain }}
            group by kpi
        ),
        {%- if 'first_only' in parts %}

        -- one row per first_only record, scope and breakdown: its earliest key date there, and its earliest key
        -- date within the project period (null when it has none there)
        rollup_first as materialized (
            select
                kpi, record_id, breakdown,
                {{ rollup_scope('municipality') }} as municipality,
                {{ rollup_scope('chain') }} as chain,
                min(key_date) as first_key_date,
                min(case when {{ in_project_period('key_date') }} then key_date end) as first_project_key_date
            from rollup_grain
            where first_only
            group by {{ rollup_grouping_sets('kpi, record_id, breakdown') }}
        ),

        -- how many records have each pair of earliest dates, per scope and breakdown: every record counts in
        -- exactly one day, so a period's count is the sum over its days (far fewer rows than records)
        rollup_first_days as materialized (
            select
                kpi, municipality, chain, breakdown, first_key_date, first_project_key_date,
                count(*) as records
            from rollup_first
            group by kpi, municipality, chain, breakdown, first_key_date, first_project_key_date
        ),
        {%- for period_type in var('kpi_period_types') %}
        {%- set first_date = 'first_project_key_date' if period_type == 'project' else 'first_key_date' %}
        {%- do selects.append('first_' ~ period_type) %}

        first_{{ period_type }} as (
            select
                kpi, {{ period_label(period_type, first_date) }} as period,
                '{{ period_type }}' as period_type, municipality, chain, breakdown,
                cast(sum(records) as double) as value
            from rollup_first_days
            where {{ first_date }} is not null
            group by kpi, period, municipality, chain, breakdown
        ),
        {%- endfor %}
        {%- endif %}
        {%- if 'by_day' in parts %}

        -- day KPIs: distinct records per day cell, and per day cell the exact sum of each distinct record's
        -- measure (and denominator); a period's cell is the sum over its days
        rollup_day_counts as materialized (
            select
                kpi, key_date,
                {{ rollup_scope('municipality') }} as municipality,
                {{ rollup_scope('chain') }} as chain,
                breakdown,
                count(distinct record_id) as records
            from rollup_grain
            where agg = 'count' and not first_only and {{ is_day_kpi }}
            group by {{ rollup_grouping_sets('kpi, key_date, breakdown') }}
        ),

        rollup_day_measures as materialized (
            select
                kpi, key_date, municipality, chain, breakdown,
                {{ exact_sum_decimal('measure') }} as measure,
                {{ exact_sum_decimal('denominator_measure') }} as denominator_measure
            from (
                {{- rollup_record_measures('rollup_grain', 'key_date',
                                           "agg <> 'count' and not first_only and " ~ is_day_kpi) }}
            ) as per_record
            group by kpi, key_date, municipality, chain, breakdown
        ),
        {%- for period_type in var('kpi_period_types') %}
        {%- set in_period = in_project_period('d.key_date') if period_type == 'project' else 'true' %}
        {%- do selects.append('day_count_' ~ period_type) %}
        {%- do selects.append('day_measure_' ~ period_type) %}

        day_count_{{ period_type }} as (
            select
                d.kpi, {{ period_label(period_type, 'd.key_date') }} as period, '{{ period_type }}' as period_type,
                d.municipality, d.chain, d.breakdown,
                cast(sum(d.records) as double) as value
            from rollup_day_counts as d
            where {{ in_period }}
            group by d.kpi, period, d.municipality, d.chain, d.breakdown
        ),

        day_measure_{{ period_type }} as (
            select
                d.kpi, {{ period_label(period_type, 'd.key_date') }} as period, '{{ period_type }}' as period_type,
                d.municipality, d.chain, d.breakdown,
                {{ rollup_measure_value('d', medians=false) }} as value
            from rollup_day_measures as d
            inner join rollup_kpis as k on d.kpi = k.kpi
            where {{ in_period }}
            group by d.kpi, k.agg, k.scale, period, d.municipality, d.chain, d.breakdown
            having k.agg <> 'ratio' or {{ exact_sum('d.denominator_measure') }} > 0
        ),
        {%- endfor %}
        {%- endif %}
        {%- for period_type in period_types %}
        {%- set in_period = in_project_period('key_date') if period_type == 'project' else 'true' %}
        {%- do selects.append('count_' ~ period_type) %}
        {%- do selects.append('measure_' ~ period_type) %}

        -- counts (not first_only): distinct records per cell
        count_{{ period_type }} as (
            select
                kpi, period, '{{ period_type }}' as period_type,
                {{ rollup_scope('municipality') }} as municipality,
                {{ rollup_scope('chain') }} as chain,
                breakdown,
                cast(count(distinct record_id) as double) as value
            from (
                select
                    kpi, record_id, breakdown, municipality, chain,
                    {{ period_label(period_type, 'key_date') }} as period
                from rollup_grain
                where agg = 'count' and not first_only and not ({{ is_day_kpi }}) and {{ in_period }}
            ) as counted
            group by {{ rollup_grouping_sets('kpi, period, breakdown') }}
        ),

        -- sum / median / ratio: each distinct record's measure once per cell, then the KPI's aggregate
        measure_{{ period_type }} as (
            select
                r.kpi, r.period, '{{ period_type }}' as period_type, r.municipality, r.chain, r.breakdown,
                {{ rollup_measure_value('r') }} as value
            from (
                {%- set measured -%}
                    (
                        select
                            kpi, record_id, breakdown, municipality, chain, measure, denominator_measure,
                            {{ period_label(period_type, 'key_date') }} as period
                        from rollup_grain
                        where agg <> 'count' and not ({{ is_day_kpi }}) and {{ in_period }}
                    ) as measured
                {%- endset %}
                {{- rollup_record_measures(measured, 'period') }}
            ) as r
            inner join rollup_kpis as k on r.kpi = k.kpi
            group by r.kpi, k.agg, k.scale, r.period, r.municipality, r.chain, r.breakdown
            having k.agg <> 'ratio' or {{ exact_sum('r.denominator_measure') }} > 0
        ),
        {%- endfor %}

        rollup_cells as (
            {%- for name in selects %}
            select kpi, period, period_type, municipality, chain, breakdown, value from {{ name }}
            {%- if not loop.last %}
            union all
            {%- endif %}
            {%- endfor %}
        )

        select c.kpi, c.period, c.period_type, c.municipality, c.chain, c.breakdown, c.value, k.unit
        from rollup_cells as c
        inner join rollup_kpis as k on c.kpi = k.kpi
    )
{% endmacro %}


{#- Each distinct record's measure and denominator measure once per (`time`, scope, breakdown) cell of the rows of
    `rows` (a relation with kpi, record_id, breakdown, municipality, chain, measure, denominator_measure and the
    `time` column) that satisfy `where`: the largest over the record's rows there. -#}
{% macro rollup_record_measures(rows, time, where='true') %}
                select
                    kpi, {{ time }},
                    {{ rollup_scope('municipality') }} as municipality,
                    {{ rollup_scope('chain') }} as chain,
                    breakdown, record_id,
                    max(measure) as measure,
                    max(denominator_measure) as denominator_measure
                from {{ rows }}
                where {{ where }}
                group by {{ rollup_grouping_sets('kpi, ' ~ time ~ ', breakdown, record_id') }}
{% endmacro %}


{#- The value of a sum, median or ratio cell from the measures of its distinct records (relation alias `rows`,
    joined to rollup_kpis as k): exact sums (exact_sum); `medians` false where no median KPI can be among them. -#}
{% macro rollup_measure_value(rows, medians=true) -%}
    cast(
        case k.agg
            when 'sum' then {{ exact_sum(rows ~ '.measure') }}
            {%- if medians %}
            when 'median' then median({{ rows }}.measure)
            {%- endif %}
            when 'ratio'
                then k.scale * {{ exact_sum(rows ~ '.measure') }} / {{ exact_sum(rows ~ '.denominator_measure') }}
        end as double
    )
{%- endmacro %}


{#-
    exact_sum: the sum of a double column in decimal(38, 10), as a double (decision 26). A sum of doubles depends on
    the order of its terms (0.1 + 0.2 + 0.3 is 0.6000000000000001, 0.3 + 0.2 + 0.1 is 0.6), and DuckDB adds in
    whatever order its threads and the data's layout give, so two runs over the same records could publish sums
    and ratios that differ in the last digit. A decimal sum is exact: the same records give the same value. Each
    term is rounded to 10 decimals first (far below the 6 decimals of the KPI export); 28 digits remain before
    the decimal point.
-#}
{% macro exact_sum(column) -%}
    cast({{ exact_sum_decimal(column) }} as double)
{%- endmacro %}


{#- exact_sum before its cast to double: a decimal(38, 10) sum, which can be added up further exactly. -#}
{% macro exact_sum_decimal(column) -%}
    sum(cast({{ column }} as decimal(38, 10)))
{%- endmacro %}


{#- The scopes of a rollup: `keys` grouped with (municipality, chain), municipality, chain and neither. -#}
{% macro rollup_grouping_sets(keys) -%}
    grouping sets (({{ keys }}, municipality, chain), ({{ keys }}, municipality), ({{ keys }}, chain), ({{ keys }}))
{%- endmacro %}


{#- A scope column in a grouping-sets rollup: its value, or 'all' in the sets that leave it out. -#}
{% macro rollup_scope(column) -%}
    case when grouping({{ column }}) = 1 then 'all' else {{ column }} end
{%- endmacro %}


{#-
    The statements of int_kpi_cells, each a list of kpi_rollup parts: with var kpi_cell_split (the default) one
    statement per part (the first_only counts, the day KPIs, each period type), so DuckDB holds one part's cell
    records at a time (x1000 of the demo set: 17.5 million KPI record rows; the whole rollup in one statement
    needs more than 4 GB); without it one statement (the dbt unit tests, which run the model's statement only). Each
    statement is repeated per chunk of KPIs (var kpi_cell_chunks, hash of the KPI code) when memory needs it.
-#}
{% macro kpi_cell_statements() %}
    {%- set parts = kpi_rollup_parts() -%}
    {%- set statements = [] -%}
    {%- for chunk in range(var('kpi_cell_chunks') | int) -%}
        {%- if var('kpi_cell_split') -%}
            {%- for part in parts -%}{%- do statements.append({'chunk': chunk, 'parts': [part]}) -%}{%- endfor -%}
        {%- else -%}
            {%- do statements.append({'chunk': chunk, 'parts': parts}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements) }}
{% endmacro %}


{#- The KPI family models (int_kpi_<family>), stacked by int_kpi_records. -#}
{% macro kpi_families() %}
    {{ return(['int_kpi_advisory', 'int_kpi_advisory_ratios', 'int_kpi_events', 'int_kpi_reach', 'int_kpi_esf',
               'int_kpi_accelerator', 'int_kpi_value_chains', 'int_kpi_circular', 'int_kpi_social']) }}
{% endmacro %}


{#-
    Incremental KPI cells (int_kpi_cells). KEET_KPI_FAMILIES_CHANGED = 'families:' followed by a comma-separated
    list of the int_kpi_<family> models rebuilt in this run (possibly none); unset or empty = everything.
    Read only when dbt executes, never while it parses: a variable read while parsing is tracked by dbt's partial
    parsing, which then parses int_kpi_cells again whenever the value differs from the last run's, as it does
    between a full and an incremental run (about 1 s per run, and the manifest written again).
-#}
{% macro kpi_families_changed() %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set known = kpi_families() -%}
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


{#- Whether this run of int_kpi_cells computes again only the cells of the changed families' KPIs. -#}
{% macro kpi_cells_partial() %}
    {{ return(is_incremental() and kpi_families_changed() is not none) }}
{% endmacro %}


{#- The KPIs whose cells a partial run computes again from all their records: those of the changed families, less
    the ones changed by record (kpi_cells__delta_kpis). SQL; kpi_cells_recompute_filter names them. -#}
{% macro kpi_cells_recompute_kpis_sql() %}
    select distinct kpi from ({{ kpi_families_changed_kpis() }}) as changed
    {%- if kpi_cells_by_record() %}
    where kpi not in ({{ kpi_delta_kpis() }})
    {%- endif %}
{% endmacro %}


{#- pre_hook of int_kpi_cells (after kpi_cells_keep_delta_kpis): the KPIs a partial run computes again, in temp
    table kpi_cells__recompute_kpis, then remove the cells that are computed again (not those changed by record,
    macro kpi_cells_apply_delta). -#}
{% macro kpi_cells_delete_changed() %}
    {%- if is_incremental() -%}
        {%- if not kpi_cells_partial() -%}
            delete from {{ this }}
        {%- else -%}
            create or replace temp table kpi_cells__recompute_kpis as {{ kpi_cells_recompute_kpis_sql() }};
            delete from {{ this }}
            where kpi in (select kpi from kpi_cells__recompute_kpis)
                or (kpi not in (select distinct kpi from {{ ref('int_kpi_records') }})
                    {%- if kpi_cells_by_record() %}
                    and kpi not in (select kpi from kpi_cells__delta_kpis)
                    {%- endif %})
        {%- endif -%}
    {%- endif -%}
{% endmacro %}


{#- The KPIs of kpi_cells__recompute_kpis (`written`: the pre-hook has run; else computed here) as a filter on kpi
    with their names written out: DuckDB then reads only their rows of the family tables, where a subquery made it
    read every row's kpi (x1000, 17.5 million rows: 1.0 -> 0.1 s per statement). -#}
{% macro kpi_cells_recompute_filter(written=true) %}
    {%- if not execute -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set sql = 'select kpi from kpi_cells__recompute_kpis' if written else kpi_cells_recompute_kpis_sql() -%}
    {%- set kpis = run_query(sql).columns[0].values() | sort -%}
    {%- if kpis | length == 0 -%}
        {{ return('false') }}
    {%- endif -%}
    {{ return("kpi in ('" ~ (kpis | map('replace', "'", "''") | join("', '")) ~ "')") }}
{% endmacro %}


{#- Statement `index` of kpi_cell_statements: its parts of the rollup, over its chunk of KPIs, of the changed KPIs
    only when the run names changed families (see int_kpi_cells). -#}
{% macro kpi_cells_statement(index) %}
{%- set statement = kpi_cell_statements()[index] -%}
{#- the model's own statement is compiled before its pre-hooks run; the others after -#}
with kpi_records as not materialized ({{ kpi_cells_records(statement.chunk, written=index > 0) }}),

kpi_cells as {{ kpi_rollup('kpi_records', statement.parts, kpi_cells_day_kpis() if index > 0 else none) }}

select kpi, period, period_type, municipality, chain, breakdown, value, unit
from kpi_cells
{% endmacro %}


{#- The KPI records a statement of int_kpi_cells rolls up: those of its chunk of KPIs (`chunk` none: every chunk),
    of the changed KPIs only when the run names changed families. `written`: the pre-hooks have run. -#}
{% macro kpi_cells_records(chunk=none, written=true) %}
    {%- set chunks = var('kpi_cell_chunks') | int -%}
    select {{ kpi_record_columns() }}
    from {{ ref('int_kpi_records') }}
    where true
    {%- if chunks > 1 and chunk is not none %}
        and hash(kpi) % {{ chunks }} = {{ chunk }}
    {%- endif %}
    {%- if kpi_cells_partial() %}
        and {{ kpi_cells_recompute_filter(written=written) }}
    {%- endif %}
{% endmacro %}


{#- pre_hook of int_kpi_cells (after kpi_cells_delete_changed), when it runs as several statements: the day KPIs of
    kpi_rollup among the records it rolls up, found once for every statement, in temp table kpi_cells__day_kpis. -#}
{% macro kpi_cells_keep_day_kpis() %}
    {%- if kpi_cell_statements() | length > 1 -%}
        create or replace temp table kpi_cells__day_kpis as
        {{ kpi_rollup_day_kpis('(' ~ kpi_cells_records() ~ ')') }}
    {%- endif -%}
{% endmacro %}


{#- The names in kpi_cells__day_kpis (written out: a subquery as filter makes DuckDB read every record's kpi). -#}
{% macro kpi_cells_day_kpis() %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {{ return(run_query('select kpi from kpi_cells__day_kpis').columns[0].values() | sort) }}
{% endmacro %}


{#- post_hooks of int_kpi_cells: insert the statements after the first, then change the cells that change by record
    and drop the families' rows before this run (dbt/macros/kpi_cells_delta.sql). -#}
{% macro kpi_cells_statement_hooks() %}
    {%- set hooks = [] -%}
    {%- for index in range(1, kpi_cell_statements() | length) -%}
        {%- do hooks.append("insert into {{ this }} (kpi, period, period_type, municipality, chain, breakdown, "
                            ~ "value, unit) {{ kpi_cells_statement(" ~ index ~ ") }}") -%}
    {%- endfor -%}
    {%- do hooks.append("{{ kpi_cells_apply_delta() }}") -%}
    {%- do hooks.append("{{ kpi_cells_drop_previous() }}") -%}
    {{ return(hooks) }}
{% endmacro %}
