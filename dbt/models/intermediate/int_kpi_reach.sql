-- Reach records: distinct organisations and persons, each counted in the period of its FIRST support/participation
-- within the cell (first_only). Each row is one support (participation) with the delivered record it came through.
-- REACH_PEOPLE is changed by person in an incremental run of attendance only (macros/record_delta.sql).
{{ config(materialized='incremental', incremental_strategy='append') }}

with organisation_supports as (
    select
        'organisations' as record_type,
        org_id as record_id,
        support_date as key_date,
        municipality,
        chain,
        case support_type
            when 'intake' then 'intakes'
            when 'application' then 'applications'
            when 'collaboration' then 'collaborations'
        end as source_type,
        source_id,
        org_type,
        size_class,
        is_sme
    from {{ ref('int_organisation_supports') }}
    {{- ' where false' if record_delta() }}
),

person_participations as (
    select
        'people' as record_type,
        person_id as record_id,
        participation_date as key_date,
        municipality,
        chain,
        case participation_type
            when 'attendance' then 'attendance'
            when 'intake' then 'intakes'
        end as source_type,
        source_id,
        gender
    from {{ ref('int_person_participations') }}
    {{ record_delta_keys_filter('person_id', 'person') }}
),

reach_orgs as {{ kpi_records(
    'REACH_ORGS', 'organisation_supports', 'count', breakdowns=['org_type', 'size_class'], first_only=true
) }},

reach_smes as {{ kpi_records(
    'REACH_SMES', 'organisation_supports', 'count', where='is_sme', first_only=true
) }},

reach_people as {{ kpi_records(
    'REACH_PEOPLE', 'person_participations', 'count', breakdowns=['gender'], first_only=true
) }}

{{ union_kpi_ctes(['reach_orgs', 'reach_smes', 'reach_people']) }}
