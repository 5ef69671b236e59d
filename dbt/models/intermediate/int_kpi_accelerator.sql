-- CO:KEET accelerator KPI records (hackathon participants are in int_kpi_events).
with applications_submitted as (
    select
        'applications' as record_type,
        application_id as record_id,
        submitted_on as key_date,
        municipality,
        chain,
        'applications' as source_type,
        application_id as source_id,
        is_from_hackathon,
        status
    from {{ ref('int_applications_attributed') }}
),

applications_decided as (
    select
        'applications' as record_type,
        application_id as record_id,
        decision_date as key_date,
        municipality,
        chain,
        'applications' as source_type,
        application_id as source_id,
        status,
        is_selected_or_beyond
    from {{ ref('int_applications_attributed') }}
),

sessions as (
    select
        'programme_sessions' as record_type,
        session_id as record_id,
        session_date as key_date,
        municipality,
        chain,
        'programme_sessions' as source_type,
        session_id as source_id,
        application_id,
        session_type,
        hours
    from {{ ref('int_programme_sessions_attributed') }}
),

outcomes as (
    select
        'outcomes' as record_type,
        outcome_id as record_id,
        achieved_on as key_date,
        municipality,
        chain,
        'outcomes' as source_type,
        outcome_id as source_id,
        outcome_type,
        is_promoted
    from {{ ref('int_outcomes_attributed') }}
),

acc_applications as {{ kpi_records('ACC_APPLICATIONS', 'applications_submitted', 'count', detail='status') }},

acc_from_hackathon_pct as {{ kpi_ratio_records(
    'ACC_FROM_HACKATHON_PCT', 'applications_submitted', numerator_where='is_from_hackathon',
    detail="case when is_from_hackathon then 'from_hackathon' end"
) }},

acc_selected as {{ kpi_records(
    'ACC_SELECTED', 'applications_decided', 'count', where='is_selected_or_beyond', detail='status'
) }},

acc_selection_rate_pct as {{ kpi_ratio_records(
    'ACC_SELECTION_RATE_PCT', 'applications_decided', numerator_where='is_selected_or_beyond',
    denominator_where="is_selected_or_beyond or status = 'rejected'", detail='status'
) }},

acc_completed as {{ kpi_records(
    'ACC_COMPLETED', 'applications_decided', 'count', where="status = 'completed'", detail='status'
) }},

acc_programme_hours as {{ kpi_records(
    'ACC_PROGRAMME_HOURS', 'sessions', 'hours', agg='sum', measure='hours', breakdowns=['session_type'],
    detail='application_id'
) }},

acc_outcomes as {{ kpi_records('ACC_OUTCOMES', 'outcomes', 'count', breakdowns=['outcome_type']) }},

acc_promoted as {{ kpi_records('ACC_PROMOTED', 'outcomes', 'count', where='is_promoted') }}

{{ union_kpi_ctes([
    'acc_applications', 'acc_from_hackathon_pct', 'acc_selected', 'acc_selection_rate_pct', 'acc_completed',
    'acc_programme_hours', 'acc_outcomes', 'acc_promoted'
]) }}
