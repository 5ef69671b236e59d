-- Lineage of every KPI figure: the records that make up marts.kpi_values, at the grain the rollup uses (one row
-- per KPI x counted record x municipality/chain membership x breakdown x source row), each with the delivered
-- file and row number it came from. A cell (period, municipality or 'all', chain or 'all') is resolved at query
-- time (pipelines/explain.py, `keet explain` / `keet trace`) exactly as macro kpi_rollup does, so this table
-- stays as small as the records themselves. Persons appear only by their pseudonym (P-...).
-- A view over three marts: the lineage rows as stored (fct_kpi_record_rows), each KPI's rollup rules
-- (dim_kpi_rules) and the file and row of each source record (dim_record_sources), with the period labels
-- computed when read. The serving snapshot (pipelines/publish.py, SERVING_VIEWS) writes the three marts and keeps
-- this as a view over its own copies of them. Test kpi_record_rows_have_a_source: every row has its source.
{{ config(materialized='view') }}
with record_rows as (
    select
        kpi, record_type, record_id, key_date, municipality, chain, breakdown, measure, denominator_measure,
        source_type, source_id, detail
    from {{ ref('fct_kpi_record_rows') }}
),

sources as (
    select record_type, record_id, delivery_id, file_name, row_number, received_at
    from {{ ref('dim_record_sources') }}
),

rules as (
    select kpi, agg, scale, first_only, unit
    from {{ ref('dim_kpi_rules') }}
)

select
    record_rows.kpi,
    record_rows.record_type,
    record_rows.record_id,
    record_rows.key_date,
    cast({{ period_label('month', 'record_rows.key_date') }} as varchar) as period_month,
    cast({{ period_label('quarter', 'record_rows.key_date') }} as varchar) as period_quarter,
    cast({{ period_label('semester', 'record_rows.key_date') }} as varchar) as period_semester,
    cast({{ period_label('year', 'record_rows.key_date') }} as varchar) as period_year,
    cast({{ in_project_period('record_rows.key_date') }} as boolean) as in_project,
    record_rows.municipality,
    record_rows.chain,
    record_rows.breakdown,
    record_rows.measure,
    record_rows.denominator_measure,
    rules.agg,
    rules.scale,
    rules.first_only,
    rules.unit,
    record_rows.source_type,
    record_rows.source_id,
    record_rows.detail,
    sources.delivery_id,
    sources.file_name,
    sources.row_number,
    sources.received_at
from record_rows
inner join rules on rules.kpi = record_rows.kpi
left join sources
    on sources.record_type = record_rows.source_type
    and sources.record_id = record_rows.source_id
