-- ADV_ACCEPTED_PCT and ADV_INVITED_3WD_PCT: per cell, numerator and denominator are rolled up from intakes
-- (never from other cells), and a cell without denominator is left out.
with intakes as (
    select
        intake_id as record_id,
        submitted_on as key_date,
        municipality,
        chain,
        decision,
        is_deadline_passed,
        is_invited_in_time
    from {{ ref('int_intakes_attributed') }}
),

accepted as {{ kpi_rollup('accepted', 'intakes', 'count', where="decision = 'accepted'") }},

decided as {{ kpi_rollup(
    'decided', 'intakes', 'count', where="decision in ('accepted', 'referred', 'rejected')"
) }},

invitations_due as {{ kpi_rollup(
    'invitations_due', 'intakes', 'count', where="decision = 'accepted' and is_deadline_passed"
) }},

invitations_in_time as {{ kpi_rollup(
    'invitations_in_time', 'intakes', 'count',
    where="decision = 'accepted' and is_deadline_passed and is_invited_in_time"
) }},

adv_accepted_pct as {{ kpi_ratio('ADV_ACCEPTED_PCT', 'accepted', 'decided') }},

adv_invited_3wd_pct as {{ kpi_ratio('ADV_INVITED_3WD_PCT', 'invitations_in_time', 'invitations_due') }}

{{ union_kpi_ctes(['adv_accepted_pct', 'adv_invited_3wd_pct']) }}
