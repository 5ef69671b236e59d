-- One row per attendance row and chain of its event. Attendance is attributed to its EVENT: dated by the event
-- date, placed in the event's municipality and in each of the event's chains. An attendance row whose event is
-- unknown keeps event_date null (it is not counted until the event arrives; fct_unresolved_references lists it).
-- attendee_key identifies who attended: the person, else the organisation attending without a person.
-- Changed by key in an incremental run of attendance or events only (macros/record_delta.sql), whose pre-hook
-- reads the staged events in an events run:
-- depends_on: {{ ref('stg_raw__events') }}
{{ config(materialized='incremental', incremental_strategy='append') }}

with attendance as (
    select
        attendance_id,
        event_id,
        person_id,
        org_id,
        attendance_role
    from {{ ref('stg_raw__attendance') }}
    {{ record_delta_keys_filter('attendance_id', 'attendance') }}
),

event_chains as (
    select
        event_id,
        event_type,
        event_date,
        municipality,
        chain
    from {{ ref('int_events_attributed') }}
)

select
    attendance.attendance_id || '|' || coalesce(event_chains.chain, 'unassigned') as attendance_chain_key,
    attendance.attendance_id,
    attendance.event_id,
    attendance.person_id,
    attendance.org_id,
    attendance.attendance_role,
    case
        when attendance.person_id is not null then 'person:' || attendance.person_id
        when attendance.org_id is not null then 'org:' || attendance.org_id
    end as attendee_key,
    attendance.attendance_role in ('participant', 'speaker', 'jury') as is_attendee,
    event_chains.event_type,
    event_chains.event_date,
    coalesce(event_chains.municipality, 'unassigned') as municipality,
    coalesce(event_chains.chain, 'unassigned') as chain
from attendance
left join event_chains on event_chains.event_id = attendance.event_id
