-- Every KPI record at the grain of macro kpi_rollup: the int_kpi_<family> models stacked. marts.kpi_values is
-- rolled up from exactly these rows (int_kpi_cells) and marts.fct_kpi_records publishes them with their
-- delivered file and row, so every figure can be traced to the records that make it up.
{%- set families = [
    'int_kpi_advisory', 'int_kpi_advisory_ratios', 'int_kpi_events', 'int_kpi_reach', 'int_kpi_esf',
    'int_kpi_accelerator', 'int_kpi_value_chains', 'int_kpi_circular', 'int_kpi_social'
] %}
{%- for family in families %}
select {{ kpi_record_columns() }}
from {{ ref(family) }}
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
