-- Every KPI is rolled up one way: one agg, scale, first_only and unit per KPI among its records (marts.dim_kpi_rules
-- holds the distinct rules of int_kpi_records, so a KPI with two has two rows), the KPI has a definition (seed
-- ref_kpi_definitions) and its unit is the definition's. Returns the offending KPIs. (This is also the check that
-- every record's KPI is defined, for marts.fct_kpi_records, which publishes these records.)
with rules as (
    select
        kpi,
        count(*) as rules,
        min(unit) as unit
    from {{ ref('dim_kpi_rules') }}
    group by kpi
)

select
    rules.kpi,
    rules.rules,
    rules.unit,
    definitions.unit as defined_unit
from rules
left join {{ ref('ref_kpi_definitions') }} as definitions on definitions.kpi = rules.kpi
where definitions.kpi is null
    or rules.rules > 1
    or definitions.unit is distinct from rules.unit
