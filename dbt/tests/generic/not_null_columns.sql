{#- Every row has a value in every one of `columns`: one pass over the model instead of one not_null test per
    column (for a large view, each test evaluates it again). Returns the offending rows' columns. -#}
{% test not_null_columns(model, columns) %}
    select {{ columns | join(', ') }}
    from {{ model }}
    where {% for column in columns %}{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %}
{% endtest %}
