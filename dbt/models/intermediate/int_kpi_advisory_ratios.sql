-- ADV_ACCEPTED_PCT and ADV_INVITED_3WD_PCT records: the intakes of the denominator, each with its numerator
-- contribution (1 or 0). Per cell both are rolled up from intakes (never from other cells), and a cell without
-- denominator is left out.
with intakes as (
    select
        'intakes' as record_type,
        intake_id as record_id,
        submitted_on as key_date,
        municipality,
        chain,
        'intakes' as source_type,
        intake_id as source_id,
        decision,
        is_deadline_passed,
        is_invited_in_time
    from {{ ref('int_intakes_attributed') }}
),

adv_accepted_pct as {{ kpi_ratio_records(
    'ADV_ACCEPTED_PCT', 'intakes',
    numerator_where="decision = 'accepted'",
    denominator_where="decision in ('accepted', 'referred', 'rejected')",
    detail='decision'
) }},

adv_invited_3wd_pct as {{ kpi_ratio_records(
    'ADV_INVITED_3WD_PCT', 'intakes',
    numerator_where="decision = 'accepted' and is_deadline_passed and is_invited_in_time",
    denominator_where="decision = 'accepted' and is_deadline_passed",
    detail="case when is_invited_in_time then 'in_time' else 'late' end"
) }}

{{ union_kpi_ctes(['adv_accepted_pct', 'adv_invited_3wd_pct']) }}
