-- Every rejected row with its reason (Dutch and English) and a suggestion, for the data-quality page.
with quarantine as (
    select
        quarantine_row_id,
        delivery_id,
        record_type,
        file_name,
        sheet,
        row_number,
        column_name,
        value,
        reason_nl,
        reason_en,
        suggestion
    from {{ ref('stg_landing__quarantine') }}
),

deliveries as (
    select
        delivery_id,
        received_at
    from {{ ref('stg_landing__deliveries') }}
)

select
    cast(quarantine.quarantine_row_id as integer) as quarantine_row_id,
    cast(quarantine.delivery_id as integer) as delivery_id,
    cast(quarantine.file_name as varchar) as file_name,
    cast(quarantine.record_type as varchar) as record_type,
    cast(quarantine.row_number as integer) as row_number,
    cast(quarantine.column_name as varchar) as column_name,
    cast(quarantine.value as varchar) as value,
    cast(quarantine.reason_nl as varchar) as reason_nl,
    cast(quarantine.reason_en as varchar) as reason_en,
    cast(quarantine.suggestion as varchar) as suggestion,
    cast(quarantine.sheet as varchar) as sheet,
    cast(deliveries.received_at as timestamp) as received_at
from quarantine
left join deliveries on deliveries.delivery_id = quarantine.delivery_id
