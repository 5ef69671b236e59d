-- Every KPI for every period x municipality x chain (x breakdown) that has data: the one long table the
-- dashboard, the exports and the funder report read. Rollups ('all') come from records (int_kpi_cells: macro
-- kpi_rollup over int_kpi_records), never from adding rows. Count KPIs flagged per_10k in seed
-- ref_kpi_definitions also get a <KPI>_PER_10K_INHABITANTS row for each NIS municipality (population and its
-- reference year: dim_municipalities).
with kpi_cells as (
    select kpi, period, period_type, municipality, chain, breakdown, value, unit
    from {{ ref('int_kpi_cells') }}
),

per_10k_kpis as (
    select kpi
    from {{ ref('ref_kpi_definitions') }}
    where per_10k
),

municipalities as (
    select
        nis_code,
        population
    from {{ ref('ref_municipalities') }}
    where population > 0
),

per_10k_cells as (
    select
        kpi_cells.kpi || '_PER_10K_INHABITANTS' as kpi,
        kpi_cells.period,
        kpi_cells.period_type,
        kpi_cells.municipality,
        kpi_cells.chain,
        kpi_cells.breakdown,
        kpi_cells.value * 10000.0 / municipalities.population as value,
        'per_10k_inhabitants' as unit
    from kpi_cells
    inner join per_10k_kpis on per_10k_kpis.kpi = kpi_cells.kpi
    inner join municipalities on municipalities.nis_code = kpi_cells.municipality
),

all_cells as (
    select kpi, period, period_type, municipality, chain, breakdown, value, unit from kpi_cells
    union all
    select kpi, period, period_type, municipality, chain, breakdown, value, unit from per_10k_cells
)

select
    cast(kpi as varchar) as kpi,
    cast(period as varchar) as period,
    cast(period_type as varchar) as period_type,
    cast(municipality as varchar) as municipality,
    cast(chain as varchar) as chain,
    cast(breakdown as varchar) as breakdown,
    cast(value as double) as value,
    cast(unit as varchar) as unit
from all_cells
