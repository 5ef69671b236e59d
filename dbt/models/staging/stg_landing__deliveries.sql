select
    delivery_id,
    file_name,
    source,
    sha256,
    size_bytes,
    received_at,
    archive_path,
    status,
    message_nl,
    message_en
from {{ source('landing', 'deliveries') }}
