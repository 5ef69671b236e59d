-- Every KPI cell (period x municipality x chain x breakdown) rolled up from the KPI records by macro kpi_rollup:
-- 'all' from records (distinct), never by adding rows; ratios without denominator left out.
--
-- Incremental by KPI: cells are computed per KPI from that KPI's records only, so when the pipeline rebuilt only
-- some int_kpi_<family> models (an incremental `keet run`, pipelines/schedules.py) it names them in
-- KEET_KPI_FAMILIES_CHANGED and only the cells of their KPIs (and of KPIs left without any record) are deleted
-- and computed again; every other KPI's cells were computed from the same records before. Without the variable
-- (full runs, dbt by hand, unit tests) every cell is computed again.
--
-- In chunks of KPIs (var kpi_cell_chunks): this statement rolls up chunk 0, the post-hooks insert the others, so
-- DuckDB holds one chunk's scopes at a time (the whole rollup in one statement ran out of 4 GB at x1000).
{%- set chunks = var('kpi_cell_chunks') | int %}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ kpi_cells_delete_changed() }}",
    post_hook=kpi_cells_chunk_hooks(var('kpi_cell_chunks') | int)
) }}

{{ kpi_cells_chunk(0, chunks) }}
