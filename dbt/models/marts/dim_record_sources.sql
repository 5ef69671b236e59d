-- Where every delivered record (its newest version, the one the KPIs use) came from: delivery, file, row number
-- and arrival time, one row per (record_type, record_id). marts.fct_kpi_records joins it to the lineage rows by
-- their source record when it is read, so the serving snapshot stores each source record's file and row once
-- (2.8 million rows at x1000) instead of once per KPI record row (17.5 million; decision 23, docs/scaling.md).
-- A view: the serving snapshot (pipelines/publish.py) is where it is written, once. Persons appear only by their
-- pseudonym (P-...).
{{ config(materialized='view') }}
select
    cast(record_type as varchar) as record_type,
    cast(record_id as varchar) as record_id,
    cast(delivery_id as integer) as delivery_id,
    cast(file_name as varchar) as file_name,
    cast(row_number as integer) as row_number,
    cast(received_at as timestamp) as received_at
from {{ ref('int_record_lineage') }}
