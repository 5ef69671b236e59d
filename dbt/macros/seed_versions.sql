{#- The active version of a versioned seed: the dbt var when set, else the highest version in the seed. -#}
{% macro co2e_factor_version_sql() -%}
    {%- if var('co2e_factor_version') -%}
        '{{ var("co2e_factor_version") }}'
    {%- else -%}
        (select max(version) from {{ ref('co2e_factors') }})
    {%- endif -%}
{%- endmacro %}

{% macro targets_version_sql() -%}
    {%- if var('targets_version') -%}
        '{{ var("targets_version") }}'
    {%- else -%}
        (select max(version) from {{ ref('targets') }})
    {%- endif -%}
{%- endmacro %}
