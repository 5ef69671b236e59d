{#- Every value is a NIS code of the region (seed ref_municipalities), 'outside_region' or 'unassigned'
    (and 'all' when allow_all). -#}
{% test valid_municipality(model, column_name, allow_all=false) %}
    select {{ column_name }} as invalid_municipality
    from {{ model }}
    where {{ column_name }} is null
        or (
            {{ column_name }} not in (select nis_code from {{ ref('ref_municipalities') }})
            and {{ column_name }} not in ('outside_region', 'unassigned'{% if allow_all %}, 'all'{% endif %})
        )
{% endtest %}
