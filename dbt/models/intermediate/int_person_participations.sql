-- Every direct participation of a person (REACH_PEOPLE, ESF indicators): attendance as participant, speaker or
-- jury (dated by the event, in each of the event's chains), or contact person of an intake whose advice
-- conversation took place (dated advice_on). Place: the person's own municipality when they gave consent,
-- else the event's or intake's. Gender only with consent (else unknown).
-- Changed by person in an incremental run of attendance only (macros/record_delta.sql).
{{ config(materialized='incremental', incremental_strategy='append') }}

with attendance_participations as (
    select
        person_id,
        'attendance' as participation_type,
        attendance_id as source_id,
        event_date as participation_date,
        municipality as record_municipality,
        chain
    from {{ ref('int_attendance_attributed') }}
    where is_attendee
        and person_id is not null
        and event_date is not null
        {{ record_delta_keys_filter('person_id', 'person', 'and') }}
),

intake_participations as (
    select
        person_id,
        'intake' as participation_type,
        intake_id as source_id,
        advice_on as participation_date,
        municipality as record_municipality,
        chain
    from {{ ref('int_intakes_attributed') }}
    where advice_on is not null
        and person_id is not null
        {{ record_delta_keys_filter('person_id', 'person', 'and') }}
),

participations as (
    select person_id, participation_type, source_id, participation_date, record_municipality, chain
    from attendance_participations
    union all
    select person_id, participation_type, source_id, participation_date, record_municipality, chain
    from intake_participations
),

people as (
    select
        person_id,
        has_consent,
        gender,
        municipality
    from {{ ref('stg_raw__people') }}
)

select
    participations.person_id || '|' || participations.participation_type || '|' || participations.source_id
    || '|' || participations.chain as participation_key,
    participations.person_id,
    participations.participation_type,
    participations.source_id,
    participations.participation_date,
    case
        when people.has_consent and people.municipality is not null then people.municipality
        else coalesce(participations.record_municipality, 'unassigned')
    end as municipality,
    coalesce(participations.chain, 'unassigned') as chain,
    coalesce(people.has_consent, false) as has_consent,
    case when people.has_consent then coalesce(people.gender, 'unknown') else 'unknown' end as gender
from participations
left join people on people.person_id = participations.person_id
