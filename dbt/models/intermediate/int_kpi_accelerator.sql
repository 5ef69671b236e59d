-- CO:KEET accelerator KPIs (hackathon participants are in int_kpi_events).
with applications_submitted as (
    select
        application_id as record_id,
        submitted_on as key_date,
        municipality,
        chain,
        is_from_hackathon
    from {{ ref('int_applications_attributed') }}
),

applications_decided as (
    select
        application_id as record_id,
        decision_date as key_date,
        municipality,
        chain,
        status,
        is_selected_or_beyond
    from {{ ref('int_applications_attributed') }}
),

sessions as (
    select
        session_id as record_id,
        session_date as key_date,
        municipality,
        chain,
        session_type,
        hours
    from {{ ref('int_programme_sessions_attributed') }}
),

outcomes as (
    select
        outcome_id as record_id,
        achieved_on as key_date,
        municipality,
        chain,
        outcome_type,
        is_promoted
    from {{ ref('int_outcomes_attributed') }}
),

acc_applications as {{ kpi_rollup('ACC_APPLICATIONS', 'applications_submitted', 'count') }},

from_hackathon as {{ kpi_rollup('from_hackathon', 'applications_submitted', 'count', where='is_from_hackathon') }},

acc_from_hackathon_pct as {{ kpi_ratio('ACC_FROM_HACKATHON_PCT', 'from_hackathon', 'acc_applications') }},

acc_selected as {{ kpi_rollup('ACC_SELECTED', 'applications_decided', 'count', where='is_selected_or_beyond') }},

selection_decided as {{ kpi_rollup(
    'selection_decided', 'applications_decided', 'count', where="is_selected_or_beyond or status = 'rejected'"
) }},

acc_selection_rate_pct as {{ kpi_ratio('ACC_SELECTION_RATE_PCT', 'acc_selected', 'selection_decided') }},

acc_completed as {{ kpi_rollup(
    'ACC_COMPLETED', 'applications_decided', 'count', where="status = 'completed'"
) }},

acc_programme_hours as {{ kpi_rollup(
    'ACC_PROGRAMME_HOURS', 'sessions', 'hours', agg='sum', measure='hours', breakdowns=['session_type']
) }},

acc_outcomes as {{ kpi_rollup('ACC_OUTCOMES', 'outcomes', 'count', breakdowns=['outcome_type']) }},

acc_promoted as {{ kpi_rollup('ACC_PROMOTED', 'outcomes', 'count', where='is_promoted') }}

{{ union_kpi_ctes([
    'acc_applications', 'acc_from_hackathon_pct', 'acc_selected', 'acc_selection_rate_pct', 'acc_completed',
    'acc_programme_hours', 'acc_outcomes', 'acc_promoted'
]) }}
