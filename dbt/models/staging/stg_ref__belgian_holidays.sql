select
    cast(holiday_date as date) as holiday_date,
    name as holiday_name
from {{ source('ref', 'belgian_holidays') }}
