-- Social impact KPI records (key date started_on).
with jobs as (
    select
        'jobs' as record_type,
        job_record_id as record_id,
        started_on as key_date,
        municipality,
        chain,
        'jobs' as source_type,
        job_record_id as source_id,
        headcount,
        fte,
        target_group,
        is_target_group,
        is_in_region,
        training_hours
    from {{ ref('int_jobs_attributed') }}
),

soc_jobs as {{ kpi_records('SOC_JOBS', 'jobs', 'count', agg='sum', measure='headcount') }},

soc_fte as {{ kpi_records('SOC_FTE', 'jobs', 'fte', agg='sum', measure='fte') }},

soc_jobs_target_group as {{ kpi_records(
    'SOC_JOBS_TARGET_GROUP', 'jobs', 'count', agg='sum', measure='headcount', breakdowns=['target_group'],
    where='is_target_group'
) }},

soc_target_group_share_pct as {{ kpi_ratio_records(
    'SOC_TARGET_GROUP_SHARE_PCT', 'jobs', numerator_where='is_target_group', numerator_measure='headcount',
    denominator_measure='headcount', detail='target_group'
) }},

soc_jobs_in_region_pct as {{ kpi_ratio_records(
    'SOC_JOBS_IN_REGION_PCT', 'jobs', numerator_where='is_in_region', numerator_measure='headcount',
    denominator_measure='headcount'
) }},

soc_training_hours as {{ kpi_records('SOC_TRAINING_HOURS', 'jobs', 'hours', agg='sum', measure='training_hours') }}

{{ union_kpi_ctes([
    'soc_jobs', 'soc_fte', 'soc_jobs_target_group', 'soc_target_group_share_pct', 'soc_jobs_in_region_pct',
    'soc_training_hours'
]) }}
