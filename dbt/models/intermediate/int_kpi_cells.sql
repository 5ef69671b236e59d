-- Every KPI cell (period x municipality x chain x breakdown) rolled up from the KPI records by macro kpi_rollup:
-- 'all' from records (distinct), never by adding rows; ratios without denominator left out.
--
-- Incremental by KPI: cells are computed per KPI from that KPI's records only, so when the pipeline rebuilt only
-- some int_kpi_<family> models (an incremental `keet run`, pipelines/schedules.py) it names them in
-- KEET_KPI_FAMILIES_CHANGED and only the cells of their KPIs (and of KPIs left without any record) are deleted
-- and computed again; every other KPI's cells were computed from the same records before. Without the variable
-- (full runs, dbt by hand, unit tests) every cell is computed again.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ kpi_cells_delete_changed() }}"
) }}

with kpi_records as (
    select {{ kpi_record_columns() }}
    from {{ ref('int_kpi_records') }}
    {%- if is_incremental() and kpi_families_changed() is not none %}
    where kpi in ({{ kpi_families_changed_kpis() }})
    {%- endif %}
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
