{#- Small helpers for the staging layer. Raw columns are VARCHAR holding normalised values. -#}

{#- A raw text value, with empty strings treated as missing. -#}
{% macro clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

{#- A '|'-joined raw list as a DuckDB list (empty list when missing). -#}
{% macro to_list(column) -%}
    coalesce(
        [trim(item) for item in string_split(nullif(trim({{ column }}), ''), '|') if trim(item) <> ''],
        []::varchar[]
    )
{%- endmacro %}

{#- Keep the newest delivered version of each record: max(_received_at, _delivery_id, _row_number). -#}
{% macro newest_version(id_column) -%}
    qualify row_number() over (
        partition by {{ id_column }}
        order by _received_at desc, _delivery_id desc, _row_number desc
    ) = 1
{%- endmacro %}

{#- An organisation name reduced for matching: lower case, no accents, no dots, no legal form
    (nv, bv, bvba, vzw, cv, cvba, commv, vof, sa, srl, sprl, asbl), letters and digits only. -#}
{% macro normalise_org_name(expr) -%}
    nullif(
        regexp_replace(
            regexp_replace(
                replace(lower(strip_accents(trim({{ expr }}))), '.', ''),
                '\b(nv|bv|bvba|vzw|cv|cvba|commv|vof|sa|srl|sprl|asbl)\b', ' ', 'g'
            ),
            '[^a-z0-9]+', '', 'g'
        ),
        ''
    )
{%- endmacro %}

{#- The matching key of a word, as pipelines.contract.parsers.norm_token: lower case, no accents,
    no spaces, '-', '_' or '.' (so 'Flat screen', 'flat_screen' and 'flat-screen' match). -#}
{% macro norm_token(expr) -%}
    regexp_replace(lower(strip_accents({{ expr }})), '[\s\-_.]+', '', 'g')
{%- endmacro %}
