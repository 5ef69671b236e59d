-- Participants. Names, e-mail and phone never reach the warehouse; person_id is pseudonymised.
with person_versions as (
    select
        _delivery_id,
        _row_number,
        _received_at,
        _file_name,
        {{ clean_text('person_id') }} as person_id,
        coalesce({{ clean_text('gender') }}, 'unknown') as gender,
        cast({{ clean_text('birth_year') }} as integer) as birth_year,
        {{ clean_text('postal_code') }} as postal_code,
        {{ clean_text('municipality') }} as municipality,
        coalesce({{ clean_text('labour_status') }}, 'unknown') as labour_status,
        coalesce({{ clean_text('education_level') }}, 'unknown') as education_level,
        {{ to_list('disadvantaged') }} as disadvantaged,
        {{ clean_text('org_id') }} as org_id,
        coalesce(cast({{ clean_text('consent') }} as boolean), false) as has_consent
    from {{ source('raw', 'people') }}
)

select
    person_id,
    gender,
    birth_year,
    postal_code,
    municipality,
    labour_status,
    education_level,
    disadvantaged,
    org_id,
    has_consent,
    _delivery_id,
    _row_number,
    _received_at,
    _file_name
from person_versions
where person_id is not null
{{ newest_version('person_id') }}
