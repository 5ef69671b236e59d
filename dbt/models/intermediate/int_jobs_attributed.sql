-- One row per job record. Place: the organisation's municipality. Chain (jobs have none of their own): the
-- collaboration's, else the application's, else the organisation's single chain, else unassigned.
with jobs as (
    select
        job_record_id,
        org_id,
        collaboration_id,
        application_id,
        started_on,
        ended_on,
        headcount,
        fte,
        target_group,
        employment_type,
        is_in_region,
        training_hours
    from {{ ref('stg_raw__jobs') }}
),

organisations as (
    select
        org_id,
        municipality,
        single_chain
    from {{ ref('int_organisations_enriched') }}
),

collaborations as (
    select
        collaboration_id,
        chain
    from {{ ref('stg_raw__collaborations') }}
),

applications as (
    select
        application_id,
        chain
    from {{ ref('stg_raw__applications') }}
)

select
    jobs.job_record_id,
    jobs.org_id,
    jobs.collaboration_id,
    jobs.application_id,
    jobs.started_on,
    jobs.ended_on,
    jobs.headcount,
    jobs.fte,
    jobs.target_group,
    coalesce(jobs.target_group, 'none') <> 'none' as is_target_group,
    jobs.employment_type,
    coalesce(jobs.is_in_region, false) as is_in_region,
    jobs.training_hours,
    coalesce(collaborations.chain, applications.chain, organisations.single_chain, 'unassigned') as chain,
    coalesce(organisations.municipality, 'unassigned') as municipality
from jobs
left join organisations on organisations.org_id = jobs.org_id
left join collaborations on collaborations.collaboration_id = jobs.collaboration_id
left join applications on applications.application_id = jobs.application_id
