-- Circular impact KPI records (key date period_end).
with flows as (
    select
        'material_flows' as record_type,
        flow_id as record_id,
        period_end as key_date,
        municipality,
        chain,
        'material_flows' as source_type,
        flow_id as source_id,
        r_strategy,
        is_high_r,
        mass_kg,
        product_units,
        recycled_content_pct,
        lifetime_extension_years,
        is_co2e_covered,
        co2e_factor_id,
        co2e_avoided_low_kg,
        co2e_avoided_central_kg,
        co2e_avoided_high_kg
    from {{ ref('int_material_flows_attributed') }}
),

co2e_estimates as (
    select
        record_type, record_id, key_date, municipality, chain, source_type, source_id, co2e_factor_id,
        'low' as estimate, co2e_avoided_low_kg as co2e_kg
    from flows
    where is_co2e_covered
    union all
    select
        record_type, record_id, key_date, municipality, chain, source_type, source_id, co2e_factor_id,
        'central' as estimate, co2e_avoided_central_kg as co2e_kg
    from flows
    where is_co2e_covered
    union all
    select
        record_type, record_id, key_date, municipality, chain, source_type, source_id, co2e_factor_id,
        'high' as estimate, co2e_avoided_high_kg as co2e_kg
    from flows
    where is_co2e_covered
),

circ_material_kg as {{ kpi_records(
    'CIRC_MATERIAL_KG', 'flows', 'kg', agg='sum', measure='mass_kg', breakdowns=['r_strategy']
) }},

circ_high_r_share_pct as {{ kpi_ratio_records(
    'CIRC_HIGH_R_SHARE_PCT', 'flows', numerator_where='is_high_r', numerator_measure='mass_kg',
    denominator_measure='mass_kg', detail='r_strategy'
) }},

circ_co2e_avoided_central as {{ kpi_records(
    'CIRC_CO2E_AVOIDED_KG', 'flows', 'kg_co2e', agg='sum', measure='co2e_avoided_central_kg',
    where='is_co2e_covered', detail="concat('factor ', co2e_factor_id)"
) }},

circ_co2e_avoided_estimates as {{ kpi_records(
    'CIRC_CO2E_AVOIDED_KG', 'co2e_estimates', 'kg_co2e', agg='sum', measure='co2e_kg',
    breakdowns=['estimate'], include_unbroken=false, detail="concat('factor ', co2e_factor_id)"
) }},

circ_co2e_uncovered_kg as {{ kpi_records(
    'CIRC_CO2E_UNCOVERED_KG', 'flows', 'kg', agg='sum', measure='mass_kg', where='not is_co2e_covered'
) }},

circ_recycled_content_pct as {{ kpi_ratio_records(
    'CIRC_RECYCLED_CONTENT_PCT', 'flows', numerator_where='true',
    numerator_measure='mass_kg * recycled_content_pct', denominator_where='recycled_content_pct is not null',
    denominator_measure='mass_kg', scale=1
) }},

circ_product_years_added as {{ kpi_records(
    'CIRC_PRODUCT_YEARS_ADDED', 'flows', 'product_years', agg='sum',
    measure='product_units * lifetime_extension_years'
) }}

{{ union_kpi_ctes([
    'circ_material_kg', 'circ_high_r_share_pct', 'circ_co2e_avoided_central', 'circ_co2e_avoided_estimates',
    'circ_co2e_uncovered_kg', 'circ_recycled_content_pct', 'circ_product_years_added'
]) }}
