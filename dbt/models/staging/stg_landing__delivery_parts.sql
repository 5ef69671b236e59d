select
    delivery_id,
    record_type,
    sheet,
    rows_read,
    rows_loaded,
    rows_quarantined,
    extra_columns,
    loaded_at
from {{ source('landing', 'delivery_parts') }}
