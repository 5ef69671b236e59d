-- The lineage as it is stored: every KPI record at the grain the rollup uses (one row per KPI x counted record x
-- municipality/chain membership x breakdown x source row) with the delivered file, delivery and row number of
-- its source record. Only what varies per row: marts.fct_kpi_records adds each KPI's rollup rules
-- (marts.dim_kpi_rules) and the period labels when it is read, so the serving snapshot writes 16 columns instead
-- of 25 (x1000 of the demo set: 17.5 million rows, 20 s -> 12-14 s per run; docs/scaling.md).
-- A view: the serving snapshot (pipelines/publish.py) is where it is written, once. Persons appear only by their
-- pseudonym (P-...).
{{ config(materialized='view') }}
with kpi_records as (
    select kpi, record_type, record_id, key_date, municipality, chain, breakdown, measure, denominator_measure,
        source_type, source_id, detail
    from {{ ref('int_kpi_records') }}
),

lineage as (
    select
        record_type,
        record_id,
        delivery_id,
        file_name,
        row_number,
        received_at
    from {{ ref('int_record_lineage') }}
)

select
    cast(kpi_records.kpi as varchar) as kpi,
    cast(kpi_records.record_type as varchar) as record_type,
    cast(kpi_records.record_id as varchar) as record_id,
    cast(kpi_records.key_date as date) as key_date,
    cast(kpi_records.municipality as varchar) as municipality,
    cast(kpi_records.chain as varchar) as chain,
    cast(kpi_records.breakdown as varchar) as breakdown,
    cast(kpi_records.measure as double) as measure,
    cast(kpi_records.denominator_measure as double) as denominator_measure,
    cast(kpi_records.source_type as varchar) as source_type,
    cast(kpi_records.source_id as varchar) as source_id,
    cast(kpi_records.detail as varchar) as detail,
    cast(lineage.delivery_id as integer) as delivery_id,
    cast(lineage.file_name as varchar) as file_name,
    cast(lineage.row_number as integer) as row_number,
    cast(lineage.received_at as timestamp) as received_at
from kpi_records
left join lineage
    on lineage.record_type = kpi_records.source_type
    and lineage.record_id = kpi_records.source_id
