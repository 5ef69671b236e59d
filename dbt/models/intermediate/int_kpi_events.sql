-- Event KPI records. Events count once per chain membership and once in 'all'; attendance rows are attributed to
-- their event (date, municipality, chains). Changed by record in an incremental run of attendance or events only
-- (macros/record_delta.sql): the changed events, and the attendance rows of the changed attendance ids, attendees
-- and persons.
{{ config(materialized='incremental', incremental_strategy='append') }}

with events as (
    select
        'events' as record_type,
        event_id as record_id,
        event_date as key_date,
        municipality,
        chain,
        'events' as source_type,
        event_id as source_id,
        event_type
    from {{ ref('int_events_attributed') }}
    {{ record_delta_keys_filter('event_id', 'event') }}
),

attendances as (
    select
        'attendance' as record_type,
        attendance_id as record_id,
        event_date as key_date,
        municipality,
        chain,
        'attendance' as source_type,
        attendance_id as source_id,
        event_id,
        attendee_key,
        person_id,
        attendance_role,
        event_type
    from {{ ref('int_attendance_attributed') }}
    where is_attendee
    {%- if record_delta() %}
        and (attendance_id in {{ record_delta_keys('attendance') }}
            or attendee_key in {{ record_delta_keys('attendee') }}
            or person_id in {{ record_delta_keys('person') }})
    {%- endif %}
),

attendees as (
    select
        'attendees' as record_type,
        attendee_key as record_id,
        key_date,
        municipality,
        chain,
        source_type,
        source_id,
        event_id,
        attendance_role
    from attendances
),

hackathon_participants as (
    select
        'people' as record_type,
        person_id as record_id,
        key_date,
        municipality,
        chain,
        source_type,
        source_id,
        event_id,
        attendance_role
    from attendances
    where event_type = 'hackathon'
        and attendance_role = 'participant'
        and person_id is not null
),

events_held as {{ kpi_records('EVENTS', 'events', 'count', breakdowns=['event_type']) }},

market_dialogues as {{ kpi_records(
    'VC_MARKET_DIALOGUES', 'events', 'count', where="event_type = 'market_dialogue'"
) }},

event_attendances as {{ kpi_records(
    'EVENT_ATTENDANCES', 'attendances', 'count', detail="event_id || ' / ' || attendance_role"
) }},

event_unique_attendees as {{ kpi_records(
    'EVENT_UNIQUE_ATTENDEES', 'attendees', 'count', detail="event_id || ' / ' || attendance_role"
) }},

acc_hackathon_participants as {{ kpi_records(
    'ACC_HACKATHON_PARTICIPANTS', 'hackathon_participants', 'count', detail="event_id || ' / ' || attendance_role"
) }}

{{ union_kpi_ctes([
    'events_held', 'market_dialogues', 'event_attendances', 'event_unique_attendees', 'acc_hackathon_participants'
]) }}
