-- Every KPI record row traces to a delivered file and row: its source record (source_type, source_id) is in
-- marts.dim_record_sources with a delivery, file and row number. marts.fct_kpi_records joins the two when read
-- (decision 23), so a row without its source would show no file there. Returns the rows without one.
select
    record_rows.kpi,
    record_rows.record_id,
    record_rows.source_type,
    record_rows.source_id
from {{ ref('fct_kpi_record_rows') }} as record_rows
anti join (
    select record_type, record_id
    from {{ ref('dim_record_sources') }}
    where delivery_id is not null and file_name is not null and row_number is not null
) as sources
    on sources.record_type = record_rows.source_type
    and sources.record_id = record_rows.source_id
