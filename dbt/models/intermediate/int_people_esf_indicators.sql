-- Which ESF participant indicators each participant counts in (seed esf_indicator_rules: kpi, attribute, value).
-- Only persons with consent: without consent the person counts in the total (REACH_PEOPLE) only and their
-- characteristics are not processed. Age is the age at first participation: year of the first participation
-- minus birth year.
-- Changed by person in an incremental run of attendance, people or events only (macros/record_delta.sql): a
-- person's rows depend on their own participations and registration only.
{{ config(materialized='incremental', incremental_strategy='append') }}

with first_participations as (
    select
        person_id,
        min(participation_date) as first_participation_on
    from {{ ref('int_person_participations') }}
    {{ record_delta_keys_filter('person_id', 'person') }}
    group by person_id
),

people as (
    select
        person_id,
        has_consent,
        birth_year,
        labour_status,
        education_level,
        disadvantaged
    from {{ ref('stg_raw__people') }}
    where has_consent
        {{ record_delta_keys_filter('person_id', 'person', 'and') }}
),

profiles as (
    select
        people.person_id,
        people.labour_status,
        people.education_level,
        people.disadvantaged,
        year(first_participations.first_participation_on) - people.birth_year as age_at_first_participation
    from people
    inner join first_participations on first_participations.person_id = people.person_id
),

attributes as (
    select person_id, 'labour_status' as attribute, labour_status as attribute_value from profiles
    union all
    select person_id, 'education_level' as attribute, education_level as attribute_value from profiles
    union all
    select person_id, 'disadvantaged' as attribute, unnest(disadvantaged) as attribute_value from profiles
    union all
    select
        person_id,
        'age_group' as attribute,
        case
            when age_at_first_participation < 25 then 'below_25'
            when age_at_first_participation > 54 then 'above_54'
            else '25_54'
        end as attribute_value
    from profiles
    where age_at_first_participation is not null
    union all
    select
        person_id,
        'age_band' as attribute,
        case
            when age_at_first_participation < 18 then 'below_18'
            when age_at_first_participation <= 29 then '18_29'
            when age_at_first_participation <= 54 then '30_54'
            else '55_plus'
        end as attribute_value
    from profiles
    where age_at_first_participation is not null
    union all
    select
        person_id,
        'age_group_labour' as attribute,
        'above_54_unemployed_or_inactive' as attribute_value
    from profiles
    where age_at_first_participation > 54
        and (
            labour_status in ('unemployed', 'long_term_unemployed', 'inactive')
            or list_contains(disadvantaged, 'long_term_unemployed')
        )
),

rules as (
    select
        kpi,
        attribute,
        value
    from {{ ref('esf_indicator_rules') }}
)

select distinct
    attributes.person_id || '|' || rules.kpi as person_indicator_key,
    attributes.person_id,
    rules.kpi
from attributes
inner join rules
    on rules.attribute = attributes.attribute
    and rules.value = attributes.attribute_value
