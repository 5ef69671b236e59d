-- Every KPI cell (period x municipality x chain x breakdown) rolled up from the KPI records by macro kpi_rollup:
-- 'all' from records (distinct), never by adding rows; ratios without denominator left out.
--
-- Incremental by KPI: cells are computed per KPI from that KPI's records only, so when the pipeline rebuilt only
-- some int_kpi_<family> models (an incremental `keet run`, pipelines/schedules.py) it names them in
-- KEET_KPI_FAMILIES_CHANGED and only the cells of their KPIs (and of KPIs left without any record) are deleted
-- and computed again; every other KPI's cells were computed from the same records before. Without the variable
-- (full runs, dbt by hand, unit tests) every cell is computed again.
--
-- In several statements (macro kpi_cell_statements): the first_only counts, the day KPIs' cells (decision 32), then
-- one per period type, so DuckDB holds one part's cell records at a time. This model's statement is the first;
-- its post-hooks insert the others.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook=["{{ kpi_cells_keep_delta_kpis() }}", "{{ kpi_cells_delete_changed() }}",
              "{{ kpi_cells_keep_day_kpis() }}"],
    post_hook=kpi_cells_statement_hooks()
) }}

{{ kpi_cells_statement(0) }}
