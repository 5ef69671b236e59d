-- ESF participant indicator records: over the participants with consent, by gender, each person counted once in
-- the period of their first participation. The total (incl. persons without consent) is REACH_PEOPLE.
-- Changed by person in an incremental run of attendance only (macros/record_delta.sql).
{{ config(materialized='incremental', incremental_strategy='append') }}

with participations as (
    select
        person_id,
        participation_type,
        source_id,
        participation_date,
        municipality,
        chain,
        gender
    from {{ ref('int_person_participations') }}
    where has_consent
        {{ record_delta_keys_filter('person_id', 'person', 'and') }}
),

person_indicators as (
    select
        person_id,
        kpi
    from {{ ref('int_people_esf_indicators') }}
),

indicator_records as (
    select
        person_indicators.kpi,
        'people' as record_type,
        participations.person_id as record_id,
        participations.participation_date as key_date,
        participations.municipality,
        participations.chain,
        case participations.participation_type
            when 'attendance' then 'attendance'
            when 'intake' then 'intakes'
        end as source_type,
        participations.source_id,
        participations.gender
    from participations
    inner join person_indicators on person_indicators.person_id = participations.person_id
),

esf_indicators as {{ kpi_records(
    'ESF', 'indicator_records', 'count', breakdowns=['gender'], first_only=true, kpi_column=true
) }}

{{ union_kpi_ctes(['esf_indicators']) }}
