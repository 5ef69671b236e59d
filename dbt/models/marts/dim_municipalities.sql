-- The 8 municipalities of the region (population with its own reference year), plus 'outside_region' and
-- 'unassigned' so every municipality value of kpi_values has a label.
with region_municipalities as (
    select
        nis_code as municipality,
        name_nl,
        name_en,
        population,
        population_year,
        population_source,
        in_region
    from {{ ref('ref_municipalities') }}
),

other_places as (
    select
        'outside_region' as municipality,
        'Buiten het werkingsgebied' as name_nl,
        'Outside the region' as name_en,
        null as population,
        null as population_year,
        null as population_source,
        false as in_region
    union all
    select
        'unassigned' as municipality,
        'Onbekend' as name_nl,
        'Unknown' as name_en,
        null as population,
        null as population_year,
        null as population_source,
        false as in_region
),

all_places as (
    select municipality, name_nl, name_en, population, population_year, population_source, in_region
    from region_municipalities
    union all
    select municipality, name_nl, name_en, population, population_year, population_source, in_region
    from other_places
)

select
    cast(municipality as varchar) as municipality,
    cast(name_nl as varchar) as name_nl,
    cast(population as integer) as population,
    cast(population_year as integer) as population_year,
    cast(in_region as boolean) as in_region,
    cast(name_en as varchar) as name_en,
    cast(population_source as varchar) as population_source
from all_places
