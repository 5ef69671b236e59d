-- The value chains, with labels, plus 'all' for the rollup.
with chains as (
    select
        chain,
        name_nl,
        name_en,
        is_priority,
        sort_order
    from {{ ref('ref_chains') }}
    union all
    select
        'all' as chain,
        'Alle ketens' as name_nl,
        'All chains' as name_en,
        false as is_priority,
        0 as sort_order
)

select
    cast(chain as varchar) as chain,
    cast(name_nl as varchar) as name_nl,
    cast(name_en as varchar) as name_en,
    cast(is_priority as boolean) as is_priority,
    cast(sort_order as integer) as sort_order
from chains
