-- Lineage of every KPI figure: the records that make up marts.kpi_values, at the grain the rollup uses (one row
-- per KPI x counted record x municipality/chain membership x breakdown x source row), each with the delivered
-- file and row number it came from. A cell (period, municipality or 'all', chain or 'all') is resolved at query
-- time (pipelines/explain.py, `keet explain` / `keet trace`) exactly as macro kpi_rollup does, so this table
-- stays as small as the records themselves. Persons appear only by their pseudonym (P-...).
-- A view: the serving snapshot (pipelines/publish.py) is where it is written, once. As a table it was written
-- twice per run, here and again by the snapshot's copy (x1000 of the demo set: 17.5 million rows, 28 s + 19-36 s;
-- docs/scaling.md). Its tests read the view (one pass each).
{{ config(materialized='view') }}
with kpi_records as (
    select {{ kpi_record_columns() }}
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
    cast({{ period_label('month', 'kpi_records.key_date') }} as varchar) as period_month,
    cast({{ period_label('quarter', 'kpi_records.key_date') }} as varchar) as period_quarter,
    cast({{ period_label('semester', 'kpi_records.key_date') }} as varchar) as period_semester,
    cast({{ period_label('year', 'kpi_records.key_date') }} as varchar) as period_year,
    cast(
        {{ in_project_period('kpi_records.key_date') }} as boolean
    ) as in_project,
    cast(kpi_records.municipality as varchar) as municipality,
    cast(kpi_records.chain as varchar) as chain,
    cast(kpi_records.breakdown as varchar) as breakdown,
    cast(kpi_records.measure as double) as measure,
    cast(kpi_records.denominator_measure as double) as denominator_measure,
    cast(kpi_records.agg as varchar) as agg,
    cast(kpi_records.scale as double) as scale,
    cast(kpi_records.first_only as boolean) as first_only,
    cast(kpi_records.unit as varchar) as unit,
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
