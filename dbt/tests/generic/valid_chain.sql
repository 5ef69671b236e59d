{#- Every value is a chain code of seed ref_chains (incl. 'unassigned'), and 'all' when allow_all. -#}
{% test valid_chain(model, column_name, allow_all=false) %}
    select {{ column_name }} as invalid_chain
    from {{ model }}
    where {{ column_name }} is null
        or (
            {{ column_name }} not in (select chain from {{ ref('ref_chains') }})
            {%- if allow_all %}
            and {{ column_name }} <> 'all'
            {%- endif %}
        )
{% endtest %}
