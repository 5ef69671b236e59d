-- Event KPIs. Events count once per chain membership and once in 'all'; attendance rows are attributed to their
-- event (date, municipality, chains).
with events as (
    select
        event_id as record_id,
        event_date as key_date,
        municipality,
        chain,
        event_type
    from {{ ref('int_events_attributed') }}
),

attendances as (
    select
        attendance_id as record_id,
        event_date as key_date,
        municipality,
        chain,
        attendee_key,
        person_id,
        attendance_role,
        event_type
    from {{ ref('int_attendance_attributed') }}
    where is_attendee
),

attendees as (
    select
        attendee_key as record_id,
        key_date,
        municipality,
        chain
    from attendances
),

hackathon_participants as (
    select
        person_id as record_id,
        key_date,
        municipality,
        chain
    from attendances
    where event_type = 'hackathon'
        and attendance_role = 'participant'
        and person_id is not null
),

events_held as {{ kpi_rollup('EVENTS', 'events', 'count', breakdowns=['event_type']) }},

market_dialogues as {{ kpi_rollup(
    'VC_MARKET_DIALOGUES', 'events', 'count', where="event_type = 'market_dialogue'"
) }},

event_attendances as {{ kpi_rollup('EVENT_ATTENDANCES', 'attendances', 'count') }},

event_unique_attendees as {{ kpi_rollup('EVENT_UNIQUE_ATTENDEES', 'attendees', 'count') }},

acc_hackathon_participants as {{ kpi_rollup('ACC_HACKATHON_PARTICIPANTS', 'hackathon_participants', 'count') }}

{{ union_kpi_ctes([
    'events_held', 'market_dialogues', 'event_attendances', 'event_unique_attendees', 'acc_hackathon_participants'
]) }}
