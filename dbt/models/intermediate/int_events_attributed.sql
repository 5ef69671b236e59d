-- One row per event and chain: an event for two chains appears twice (it counts once in each chain and once
-- in 'all'). Place: the venue's municipality, else unassigned. No chain listed: unassigned.
with events as (
    select
        event_id,
        event_type,
        event_date,
        municipality,
        chains
    from {{ ref('stg_raw__events') }}
),

event_chains as (
    select
        event_id,
        event_type,
        event_date,
        municipality,
        unnest(case when len(chains) = 0 then ['unassigned'] else list_distinct(chains) end) as chain
    from events
)

select
    event_id || '|' || chain as event_chain_key,
    event_id,
    event_type,
    event_date,
    coalesce(municipality, 'unassigned') as municipality,
    chain
from event_chains
