-- One row per KPI code: the seed ref_kpi_definitions is THE one place a definition is written. The
-- <KPI>_PER_10K_INHABITANTS variants are derived here from their base KPI (seed column per_10k).
with definitions as (
    select
        kpi,
        family,
        name_nl,
        name_en,
        definition_nl,
        definition_en,
        unit,
        key_date,
        counts_people,
        esf_2014_2020,
        esf_plus_code,
        reference_framework,
        per_10k,
        sort_order,
        source_records
    from {{ ref('ref_kpi_definitions') }}
),

base_definitions as (
    select
        kpi,
        family,
        name_nl,
        name_en,
        definition_nl,
        definition_en,
        unit,
        key_date,
        counts_people,
        esf_2014_2020,
        esf_plus_code,
        reference_framework,
        kpi as base_kpi,
        sort_order * 10 as sort_order,
        source_records
    from definitions
),

per_10k_definitions as (
    select
        kpi || '_PER_10K_INHABITANTS' as kpi,
        family,
        name_nl || ' per 10.000 inwoners' as name_nl,
        name_en || ' per 10,000 inhabitants' as name_en,
        kpi || ' per 10.000 inwoners van de gemeente (enkel voor de 8 gemeenten; bevolking en referentiejaar '
        || 'in dim_municipalities). ' || definition_nl as definition_nl,
        kpi || ' per 10,000 inhabitants of the municipality (only for the 8 municipalities; population and '
        || 'reference year in dim_municipalities). ' || definition_en as definition_en,
        'per_10k_inhabitants' as unit,
        key_date,
        counts_people,
        null as esf_2014_2020,
        null as esf_plus_code,
        reference_framework,
        kpi as base_kpi,
        sort_order * 10 + 1 as sort_order,
        source_records
    from definitions
    where per_10k
),

all_definitions as (
    select
        kpi, family, name_nl, name_en, definition_nl, definition_en, unit, key_date, counts_people,
        esf_2014_2020, esf_plus_code, reference_framework, base_kpi, sort_order, source_records
    from base_definitions
    union all
    select
        kpi, family, name_nl, name_en, definition_nl, definition_en, unit, key_date, counts_people,
        esf_2014_2020, esf_plus_code, reference_framework, base_kpi, sort_order, source_records
    from per_10k_definitions
)

select
    cast(kpi as varchar) as kpi,
    cast(family as varchar) as family,
    cast(name_nl as varchar) as name_nl,
    cast(name_en as varchar) as name_en,
    cast(definition_nl as varchar) as definition_nl,
    cast(definition_en as varchar) as definition_en,
    cast(unit as varchar) as unit,
    cast(key_date as varchar) as key_date,
    cast(counts_people as boolean) as counts_people,
    cast(nullif(esf_2014_2020, '') as varchar) as esf_2014_2020,
    cast(nullif(esf_plus_code, '') as varchar) as esf_plus_code,
    cast(reference_framework as varchar) as reference_framework,
    cast(base_kpi as varchar) as base_kpi,
    cast(sort_order as integer) as sort_order,
    cast(source_records as varchar) as source_records
from all_definitions
