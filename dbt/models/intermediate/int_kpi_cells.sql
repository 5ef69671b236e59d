-- Every KPI cell (period x municipality x chain x breakdown) rolled up from the KPI records by macro kpi_rollup:
-- 'all' from records (distinct), never by adding rows; ratios without denominator left out.
with kpi_records as (
    select {{ kpi_record_columns() }}
    from {{ ref('int_kpi_records') }}
),

kpi_cells as {{ kpi_rollup('kpi_records') }}

select
    kpi,
    period,
    period_type,
    municipality,
    chain,
    breakdown,
    value,
    unit
from kpi_cells
