-- Every KPI is rolled up one way: one agg, scale, first_only and unit per KPI in int_kpi_records, the KPI has a
-- definition (seed ref_kpi_definitions) and its unit is the definition's. Returns the offending KPIs. (This is
-- also the check that every record's KPI is defined, for marts.fct_kpi_records, which publishes these records.)
with rules as (
    select
        kpi,
        count(distinct agg) as aggs,
        count(distinct coalesce(scale, -1)) as scales,
        count(distinct first_only) as first_only_flags,
        count(distinct unit) as units,
        min(unit) as unit
    from {{ ref('int_kpi_records') }}
    group by kpi
)

select
    rules.kpi,
    rules.aggs,
    rules.scales,
    rules.first_only_flags,
    rules.units,
    rules.unit,
    definitions.unit as defined_unit
from rules
left join {{ ref('ref_kpi_definitions') }} as definitions on definitions.kpi = rules.kpi
where definitions.kpi is null
    or rules.aggs > 1
    or rules.scales > 1
    or rules.first_only_flags > 1
    or rules.units > 1
    or definitions.unit is distinct from rules.unit
