-- Value against target per KPI (seed targets, active version) over the whole project: value is the KPI's
-- 'project' cell (breakdown ''), pct_reached = value / target x 100, and expected_pct the share of the project
-- period elapsed at the cut-off (linear; 100 for 'level' targets such as percentages).
with targets as (
    select
        kpi,
        coalesce(municipality, 'all') as municipality,
        coalesce(chain, 'all') as chain,
        target,
        version,
        target_type,
        confirmed,
        source
    from {{ ref('targets') }}
    where version = {{ targets_version_sql() }}
),

project_values as (
    select
        kpi,
        municipality,
        chain,
        value,
        unit
    from {{ ref('kpi_values') }}
    where period_type = 'project'
        and breakdown = ''
),

elapsed as (
    select
        100.0 * greatest(
            0,
            least(
                date_diff('day', {{ keet_project_start() }}, {{ keet_cutoff_date() }}) + 1,
                date_diff('day', {{ keet_project_start() }}, {{ keet_project_end() }}) + 1
            )
        ) / (date_diff('day', {{ keet_project_start() }}, {{ keet_project_end() }}) + 1) as elapsed_pct
)

select
    cast(targets.kpi as varchar) as kpi,
    cast(targets.municipality as varchar) as municipality,
    cast(targets.chain as varchar) as chain,
    cast(
        case
            when targets.target_type = 'cumulative' then coalesce(project_values.value, 0)
            else project_values.value
        end as double
    ) as value,
    cast(targets.target as double) as target,
    cast(
        100.0 * case
            when targets.target_type = 'cumulative' then coalesce(project_values.value, 0)
            else project_values.value
        end / nullif(targets.target, 0) as double
    ) as pct_reached,
    cast(case when targets.target_type = 'level' then 100.0 else elapsed.elapsed_pct end as double) as expected_pct,
    {{ keet_cutoff_date() }} as cutoff_date,
    cast(targets.version as varchar) as target_version,
    cast(targets.target_type as varchar) as target_type,
    cast(targets.confirmed as boolean) as target_confirmed,
    cast(targets.source as varchar) as target_source
from targets
cross join elapsed
left join project_values
    on project_values.kpi = targets.kpi
    and project_values.municipality = targets.municipality
    and project_values.chain = targets.chain
