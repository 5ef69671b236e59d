-- The delivery ledger for the data-quality page: one row per delivered file and record type (a file that was
-- rejected whole or was a duplicate has one row with record_type null and zero rows).
with deliveries as (
    select
        delivery_id,
        file_name,
        source,
        sha256,
        received_at,
        status,
        message_nl,
        message_en
    from {{ ref('stg_landing__deliveries') }}
),

parts_per_record_type as (
    select
        delivery_id,
        record_type,
        string_agg(sheet, ', ' order by sheet) as sheets,
        sum(rows_read) as rows_read,
        sum(rows_loaded) as rows_loaded,
        sum(rows_quarantined) as rows_quarantined,
        string_agg(extra_columns, ', ' order by sheet) as extra_columns,
        max(loaded_at) as loaded_at
    from {{ ref('stg_landing__delivery_parts') }}
    group by delivery_id, record_type
)

select
    cast(deliveries.delivery_id as varchar) || '|' || coalesce(parts_per_record_type.record_type, '')
        as delivery_record_key,
    cast(deliveries.delivery_id as integer) as delivery_id,
    cast(deliveries.file_name as varchar) as file_name,
    cast(deliveries.source as varchar) as source,
    cast(deliveries.received_at as timestamp) as received_at,
    cast(deliveries.status as varchar) as status,
    cast(deliveries.message_nl as varchar) as message_nl,
    cast(deliveries.message_en as varchar) as message_en,
    cast(parts_per_record_type.record_type as varchar) as record_type,
    cast(coalesce(parts_per_record_type.rows_read, 0) as integer) as rows_read,
    cast(coalesce(parts_per_record_type.rows_loaded, 0) as integer) as rows_loaded,
    cast(coalesce(parts_per_record_type.rows_quarantined, 0) as integer) as rows_quarantined,
    cast(parts_per_record_type.sheets as varchar) as sheets,
    cast(parts_per_record_type.extra_columns as varchar) as extra_columns,
    cast(parts_per_record_type.loaded_at as timestamp) as loaded_at,
    cast(deliveries.sha256 as varchar) as sha256
from deliveries
left join parts_per_record_type on parts_per_record_type.delivery_id = deliveries.delivery_id
