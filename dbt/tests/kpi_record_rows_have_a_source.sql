-- Every KPI record row traces to a delivered file and row: its source record (source_type, source_id) is in
-- marts.dim_record_sources with a delivery, file and row number. marts.fct_kpi_records joins the two when read
-- (decision 23), so a row without its source would show no file there. Returns the rows without one.
--
-- After int_kpi_cells, which writes the change log of the KPI records (decision 29): when the log exists, only the
-- rows of the logged records are read, as in the uniqueness test of the KPI records (tests/generic/
-- unique_combination_of_columns.sql). Complete: a record not in the log has the rows it had at the last snapshot,
-- whose sources were found then (a run whose test fails publishes nothing, and the next run is full), and a source
-- does not go away in a run that keeps the log: a delivery adds records or newer versions (decision 30), each with
-- its file and row; only an erasure removes one, and it makes the run full, which drops the log.
-- depends_on: {{ ref('int_kpi_cells') }}
{%- set log = kpi_record_changes_log(ref('int_kpi_cells').database) %}
select
    record_rows.kpi,
    record_rows.record_id,
    record_rows.source_type,
    record_rows.source_id
from {{ ref('fct_kpi_record_rows') }} as record_rows
{%- if log is not none %}
semi join (select distinct kpi, record_id from {{ log }}) as changed
    on changed.kpi = record_rows.kpi
    and changed.record_id = record_rows.record_id
{%- endif %}
anti join (
    select record_type, record_id
    from {{ ref('dim_record_sources') }}
    where delivery_id is not null and file_name is not null and row_number is not null
) as sources
    on sources.record_type = record_rows.source_type
    and sources.record_id = record_rows.source_id
