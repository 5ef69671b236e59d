-- Every KPI record at the grain of macro kpi_rollup: the int_kpi_<family> models stacked. marts.kpi_values is
-- rolled up from exactly these rows (int_kpi_cells) and marts.fct_kpi_records publishes them with their
-- delivered file and row, so every figure can be traced to the records that make it up.
-- A view: the family tables are its storage, so a run does not copy every record once more (x1000 of the demo
-- set: 17.5 million rows, 15-17 s per run); filters on kpi reach the family tables.
{{ config(materialized='view') }}
{%- for family in kpi_families() %}
select {{ kpi_record_columns() }}
from {{ ref(family) }}
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
