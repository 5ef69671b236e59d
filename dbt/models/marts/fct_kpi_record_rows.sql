-- The lineage as it is stored: every KPI record at the grain the rollup uses (one row per KPI x counted record x
-- municipality/chain membership x breakdown x source row). Only what varies per row: marts.fct_kpi_records adds
-- each KPI's rollup rules (marts.dim_kpi_rules), the delivered file and row of the source record
-- (marts.dim_record_sources) and the period labels when it is read, so the serving snapshot writes 12 columns
-- instead of 25 (x1000 of the demo set: 17.5 million rows; docs/scaling.md).
-- A view: the serving snapshot (pipelines/publish.py) is where it is written, once. Persons appear only by their
-- pseudonym (P-...).
{{ config(materialized='view') }}
select
    cast(kpi as varchar) as kpi,
    cast(record_type as varchar) as record_type,
    cast(record_id as varchar) as record_id,
    cast(key_date as date) as key_date,
    cast(municipality as varchar) as municipality,
    cast(chain as varchar) as chain,
    cast(breakdown as varchar) as breakdown,
    cast(measure as double) as measure,
    cast(denominator_measure as double) as denominator_measure,
    cast(source_type as varchar) as source_type,
    cast(source_id as varchar) as source_id,
    cast(detail as varchar) as detail
from {{ ref('int_kpi_records') }}
