{#- Dates that steer the KPIs. Each macro renders a SQL date literal. -#}

{#- The data cut-off: dbt var cutoff_date, else env var KEET_CUTOFF_DATE (pipelines/settings.py),
    else the day of the run in Belgium (Europe/Brussels). Records with a key date after the cut-off
    are not counted, and ADV_INVITED_3WD_PCT only judges deadlines before it. -#}
{% macro keet_cutoff_iso() -%}
    {%- set today = run_started_at.astimezone(modules.pytz.timezone('Europe/Brussels')).strftime('%Y-%m-%d') -%}
    {%- set value = var('cutoff_date', env_var('KEET_CUTOFF_DATE', '')) | string | trim -%}
    {{- value if value not in ('', 'None', 'none') else today -}}
{%- endmacro %}

{% macro keet_cutoff_date() -%}
    date '{{ keet_cutoff_iso() }}'
{%- endmacro %}

{% macro keet_project_start() -%}
    date '{{ var("project_start") }}'
{%- endmacro %}

{% macro keet_project_end() -%}
    date '{{ var("project_end") }}'
{%- endmacro %}

{#- True when a date lies within the programme period (project_start..project_end). -#}
{% macro in_project_period(date_expr) -%}
    {{ date_expr }} between {{ keet_project_start() }} and {{ keet_project_end() }}
{%- endmacro %}

{#- The label of the period of a given type that contains a date:
    month 2022-03, quarter 2022-Q1, semester 2022-S1, year 2022, project. -#}
{% macro period_label(period_type, date_expr) -%}
    {%- if period_type == 'month' -%}
        strftime({{ date_expr }}, '%Y-%m')
    {%- elif period_type == 'quarter' -%}
        strftime({{ date_expr }}, '%Y') || '-Q' || cast(quarter({{ date_expr }}) as varchar)
    {%- elif period_type == 'semester' -%}
        strftime({{ date_expr }}, '%Y') || case when month({{ date_expr }}) <= 6 then '-S1' else '-S2' end
    {%- elif period_type == 'year' -%}
        strftime({{ date_expr }}, '%Y')
    {%- elif period_type == 'project' -%}
        'project'
    {%- else -%}
        {{ exceptions.raise_compiler_error("unknown period type: " ~ period_type) }}
    {%- endif -%}
{%- endmacro %}
