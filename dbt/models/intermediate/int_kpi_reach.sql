-- Reach: distinct organisations and persons, each counted in the period of its FIRST support/participation
-- within the cell (first_only).
with organisation_supports as (
    select
        org_id as record_id,
        support_date as key_date,
        municipality,
        chain,
        org_type,
        size_class,
        is_sme
    from {{ ref('int_organisation_supports') }}
),

person_participations as (
    select
        person_id as record_id,
        participation_date as key_date,
        municipality,
        chain,
        gender
    from {{ ref('int_person_participations') }}
),

reach_orgs as {{ kpi_rollup(
    'REACH_ORGS', 'organisation_supports', 'count', breakdowns=['org_type', 'size_class'], first_only=true
) }},

reach_smes as {{ kpi_rollup(
    'REACH_SMES', 'organisation_supports', 'count', where='is_sme', first_only=true
) }},

reach_people as {{ kpi_rollup(
    'REACH_PEOPLE', 'person_participations', 'count', breakdowns=['gender'], first_only=true
) }}

{{ union_kpi_ctes(['reach_orgs', 'reach_smes', 'reach_people']) }}
