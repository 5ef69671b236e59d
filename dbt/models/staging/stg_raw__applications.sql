with application_versions as (
    select
        _delivery_id,
        _row_number,
        _received_at,
        _file_name,
        {{ clean_text('application_id') }} as application_id,
        {{ clean_text('call_id') }} as call_id,
        cast({{ clean_text('submitted_on') }} as date) as submitted_on,
        {{ clean_text('lead_org_id') }} as lead_org_id,
        {{ to_list('partner_org_ids') }} as partner_org_ids,
        {{ clean_text('chain') }} as chain,
        {{ clean_text('challenge') }} as challenge,
        coalesce(cast({{ clean_text('from_hackathon') }} as boolean), false) as is_from_hackathon,
        {{ clean_text('status') }} as status,
        cast({{ clean_text('committee_score') }} as double) as committee_score,
        cast({{ clean_text('decided_on') }} as date) as decided_on
    from {{ source('raw', 'applications') }}
)

select
    application_id,
    call_id,
    submitted_on,
    lead_org_id,
    partner_org_ids,
    chain,
    challenge,
    is_from_hackathon,
    status,
    committee_score,
    decided_on,
    _delivery_id,
    _row_number,
    _received_at,
    _file_name
from application_versions
where application_id is not null
{{ newest_version('application_id') }}
