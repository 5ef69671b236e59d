-- Rejected rows have no id of their own: quarantine_row_id numbers them in a stable order.
select
    row_number() over (
        order by delivery_id, record_type, sheet, row_number, column_name, value, reason_en, reason_nl, suggestion
    ) as quarantine_row_id,
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
from {{ source('landing', 'quarantine') }}
