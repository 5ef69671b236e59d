-- One row per programme session, in its application's chain and municipality.
with sessions as (
    select
        session_id,
        application_id,
        session_type,
        session_date,
        hours
    from {{ ref('stg_raw__programme_sessions') }}
),

applications as (
    select
        application_id,
        chain,
        municipality
    from {{ ref('int_applications_attributed') }}
)

select
    sessions.session_id,
    sessions.application_id,
    sessions.session_type,
    sessions.session_date,
    sessions.hours,
    coalesce(applications.chain, 'unassigned') as chain,
    coalesce(applications.municipality, 'unassigned') as municipality
from sessions
left join applications on applications.application_id = sessions.application_id
