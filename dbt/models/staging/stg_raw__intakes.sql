with intake_versions as (
    select
        _delivery_id,
        _row_number,
        _received_at,
        _file_name,
        {{ clean_text('intake_id') }} as intake_id,
        cast({{ clean_text('submitted_on') }} as date) as submitted_on,
        {{ clean_text('org_id') }} as org_id,
        {{ clean_text('org_name') }} as org_name,
        {{ clean_text('person_id') }} as person_id,
        {{ clean_text('applicant_stage') }} as applicant_stage,
        {{ clean_text('postal_code') }} as postal_code,
        {{ clean_text('municipality') }} as municipality,
        {{ clean_text('chain') }} as chain,
        cast({{ clean_text('is_circular') }} as boolean) as is_circular,
        cast({{ clean_text('social_employment') }} as boolean) as has_social_employment,
        {{ clean_text('decision') }} as decision,
        {{ clean_text('referred_to') }} as referred_to,
        cast({{ clean_text('invited_on') }} as date) as invited_on,
        cast({{ clean_text('advice_on') }} as date) as advice_on,
        cast({{ clean_text('advice_minutes') }} as integer) as advice_minutes,
        cast({{ clean_text('report_sent_on') }} as date) as report_sent_on,
        {{ clean_text('follow_up') }} as follow_up
    from {{ source('raw', 'intakes') }}
)

select
    intake_id,
    submitted_on,
    org_id,
    org_name,
    person_id,
    applicant_stage,
    postal_code,
    municipality,
    chain,
    is_circular,
    has_social_employment,
    decision,
    referred_to,
    invited_on,
    advice_on,
    -- the contract's default conversation length is 60 minutes
    case when advice_on is not null then coalesce(advice_minutes, 60) end as advice_minutes,
    report_sent_on,
    follow_up,
    _delivery_id,
    _row_number,
    _received_at,
    _file_name
from intake_versions
where intake_id is not null
{{ newest_version('intake_id') }}
