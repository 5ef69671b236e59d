-- How each KPI's records are rolled up (macro kpi_rollup): its aggregate, ratio scale, whether a record counts only
-- in its first period (first_only) and its unit. One row per KPI with records (test kpi_records_one_rule_per_kpi
-- on int_kpi_records checks that a KPI has one rule); marts.fct_kpi_records joins it to the lineage rows.
select distinct
    cast(kpi as varchar) as kpi,
    cast(agg as varchar) as agg,
    cast(scale as double) as scale,
    cast(first_only as boolean) as first_only,
    cast(unit as varchar) as unit
from {{ ref('int_kpi_records') }}
