-- Social impact (key date started_on).
with jobs as (
    select
        job_record_id as record_id,
        started_on as key_date,
        municipality,
        chain,
        headcount,
        fte,
        target_group,
        is_target_group,
        is_in_region,
        training_hours
    from {{ ref('int_jobs_attributed') }}
),

soc_jobs as {{ kpi_rollup('SOC_JOBS', 'jobs', 'count', agg='sum', measure='headcount') }},

soc_fte as {{ kpi_rollup('SOC_FTE', 'jobs', 'fte', agg='sum', measure='fte') }},

soc_jobs_target_group as {{ kpi_rollup(
    'SOC_JOBS_TARGET_GROUP', 'jobs', 'count', agg='sum', measure='headcount', breakdowns=['target_group'],
    where='is_target_group'
) }},

soc_target_group_share_pct as {{ kpi_ratio('SOC_TARGET_GROUP_SHARE_PCT', 'soc_jobs_target_group', 'soc_jobs') }},

jobs_in_region as {{ kpi_rollup('jobs_in_region', 'jobs', 'count', agg='sum', measure='headcount', where='is_in_region') }},

soc_jobs_in_region_pct as {{ kpi_ratio('SOC_JOBS_IN_REGION_PCT', 'jobs_in_region', 'soc_jobs') }},

soc_training_hours as {{ kpi_rollup('SOC_TRAINING_HOURS', 'jobs', 'hours', agg='sum', measure='training_hours') }}

{{ union_kpi_ctes([
    'soc_jobs', 'soc_fte', 'soc_jobs_target_group', 'soc_target_group_share_pct', 'soc_jobs_in_region_pct',
    'soc_training_hours'
]) }}
