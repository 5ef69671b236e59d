-- Advisory-desk KPI records (key date submitted_on unless stated), at the grain of macro kpi_rollup.
-- Percentages: int_kpi_advisory_ratios.
with intakes as (
    select
        'intakes' as record_type,
        intake_id as record_id,
        submitted_on as key_date,
        municipality,
        chain,
        'intakes' as source_type,
        intake_id as source_id,
        applicant_stage,
        decision,
        follow_up
    from {{ ref('int_intakes_attributed') }}
),

conversations as (
    select
        'intakes' as record_type,
        intake_id as record_id,
        advice_on as key_date,
        municipality,
        chain,
        'intakes' as source_type,
        intake_id as source_id,
        advice_minutes
    from {{ ref('int_intakes_attributed') }}
    where advice_on is not null
),

reports as (
    select
        'intakes' as record_type,
        intake_id as record_id,
        report_sent_on as key_date,
        municipality,
        chain,
        'intakes' as source_type,
        intake_id as source_id,
        case when advice_on is not null then date_diff('day', advice_on, report_sent_on) end as days_to_report
    from {{ ref('int_intakes_attributed') }}
    where report_sent_on is not null
),

adv_intakes as {{ kpi_records('ADV_INTAKES', 'intakes', 'count', breakdowns=['applicant_stage', 'decision']) }},

adv_referred as {{ kpi_records('ADV_REFERRED', 'intakes', 'count', where="decision = 'referred'") }},

adv_follow_ups as {{ kpi_records(
    'ADV_FOLLOW_UPS', 'intakes', 'count', breakdowns=['follow_up'],
    where="follow_up in ('follow_up_meeting', 'project_board')"
) }},

adv_conversations as {{ kpi_records('ADV_CONVERSATIONS', 'conversations', 'count') }},

adv_advice_hours as {{ kpi_records(
    'ADV_ADVICE_HOURS', 'conversations', 'hours', agg='sum', measure='advice_minutes / 60.0'
) }},

adv_reports as {{ kpi_records('ADV_REPORTS', 'reports', 'count') }},

adv_days_to_report_median as {{ kpi_records(
    'ADV_DAYS_TO_REPORT_MEDIAN', 'reports', 'days', agg='median', measure='days_to_report'
) }}

{{ union_kpi_ctes([
    'adv_intakes', 'adv_referred', 'adv_follow_ups', 'adv_conversations', 'adv_advice_hours',
    'adv_reports', 'adv_days_to_report_median'
]) }}
