-- One row per material flow with its mass, R-ladder position and CO2e estimate.
-- Mass: kg as is; t x 1000; units x unit_weight_kg, else the product category's reference weight
-- (seed ref_product_weights); otherwise unknown (mass_kg null).
-- CO2e: one factor from the active version of seed co2e_factors, matching r_strategy and basis: a per_kg
-- factor multiplies the flow's mass in kg (delivered in kg or t, or units with a known unit weight), a per_unit
-- factor multiplies a number of units (only flows delivered in units); bases are never converted into each
-- other. The most specific factor wins: product category before chain, then per_unit before per_kg.
-- A flow without a factor is "uncovered".
-- Place: the organisation's municipality. Chain: the flow's own, else the collaboration's or application's,
-- else the organisation's single chain.
with flows as (
    select
        flow_id,
        org_id,
        collaboration_id,
        application_id,
        period_start,
        period_end,
        chain,
        product_category,
        r_strategy,
        quantity,
        quantity_unit,
        unit_weight_kg,
        recycled_content_pct,
        lifetime_extension_years
    from {{ ref('stg_raw__material_flows') }}
),

organisations as (
    select
        org_id,
        municipality,
        single_chain
    from {{ ref('int_organisations_enriched') }}
),

collaborations as (
    select
        collaboration_id,
        chain
    from {{ ref('stg_raw__collaborations') }}
),

applications as (
    select
        application_id,
        chain
    from {{ ref('stg_raw__applications') }}
),

product_weights as (
    select
        {{ norm_token('product_category') }} as product_category_key,
        unit_weight_kg
    from {{ ref('ref_product_weights') }}
),

r_ladder as (
    select
        r_strategy,
        r_code,
        r_level,
        is_high_r
    from {{ ref('ref_r_ladder') }}
),

active_factors as (
    select
        factor_id,
        version,
        chain,
        {{ norm_token('product_category') }} as product_category_key,
        r_strategy,
        basis,
        low,
        central,
        high
    from {{ ref('co2e_factors') }}
    where version = {{ co2e_factor_version_sql() }}
),

flow_masses as (
    select
        flows.flow_id,
        flows.org_id,
        flows.collaboration_id,
        flows.application_id,
        flows.period_start,
        flows.period_end,
        coalesce(
            flows.chain, collaborations.chain, applications.chain, organisations.single_chain, 'unassigned'
        ) as chain,
        coalesce(organisations.municipality, 'unassigned') as municipality,
        flows.product_category,
        {{ norm_token('flows.product_category') }} as product_category_key,
        flows.r_strategy,
        flows.quantity,
        flows.quantity_unit,
        coalesce(flows.unit_weight_kg, product_weights.unit_weight_kg) as unit_weight_kg,
        case
            when flows.quantity_unit = 'kg' then flows.quantity
            when flows.quantity_unit = 't' then flows.quantity * 1000
            when flows.quantity_unit = 'units'
                then flows.quantity * coalesce(flows.unit_weight_kg, product_weights.unit_weight_kg)
        end as mass_kg,
        case when flows.quantity_unit = 'units' then flows.quantity end as product_units,
        flows.recycled_content_pct,
        flows.lifetime_extension_years
    from flows
    left join organisations on organisations.org_id = flows.org_id
    left join collaborations on collaborations.collaboration_id = flows.collaboration_id
    left join applications on applications.application_id = flows.application_id
    left join product_weights on product_weights.product_category_key = {{ norm_token('flows.product_category') }}
),

factor_matches as (
    select
        flow_masses.flow_id,
        active_factors.factor_id,
        active_factors.basis,
        active_factors.low,
        active_factors.central,
        active_factors.high
    from flow_masses
    inner join active_factors
        on active_factors.r_strategy = flow_masses.r_strategy
        and (
            (active_factors.basis = 'per_kg' and flow_masses.mass_kg is not null)
            or (active_factors.basis = 'per_unit' and flow_masses.quantity_unit = 'units')
        )
        and (
            active_factors.product_category_key = flow_masses.product_category_key
            or (active_factors.product_category_key is null and active_factors.chain = flow_masses.chain)
        )
    qualify row_number() over (
        partition by flow_masses.flow_id
        order by
            case when active_factors.product_category_key is not null then 0 else 1 end,
            case when active_factors.basis = 'per_unit' then 0 else 1 end,
            active_factors.factor_id
    ) = 1
),

flow_co2e as (
    select
        flow_masses.flow_id,
        factor_matches.factor_id,
        case factor_matches.basis
            when 'per_kg' then flow_masses.mass_kg
            when 'per_unit' then flow_masses.product_units
        end as factor_quantity,
        factor_matches.low,
        factor_matches.central,
        factor_matches.high
    from flow_masses
    left join factor_matches on factor_matches.flow_id = flow_masses.flow_id
)

select
    flow_masses.flow_id,
    flow_masses.org_id,
    flow_masses.collaboration_id,
    flow_masses.application_id,
    flow_masses.period_start,
    flow_masses.period_end,
    flow_masses.chain,
    flow_masses.municipality,
    flow_masses.product_category,
    flow_masses.r_strategy,
    r_ladder.r_code,
    r_ladder.r_level,
    coalesce(r_ladder.is_high_r, false) as is_high_r,
    flow_masses.quantity,
    flow_masses.quantity_unit,
    flow_masses.unit_weight_kg,
    flow_masses.mass_kg,
    flow_masses.product_units,
    flow_masses.recycled_content_pct,
    flow_masses.lifetime_extension_years,
    flow_co2e.factor_id as co2e_factor_id,
    flow_co2e.factor_id is not null as is_co2e_covered,
    flow_co2e.factor_quantity * flow_co2e.low as co2e_avoided_low_kg,
    flow_co2e.factor_quantity * flow_co2e.central as co2e_avoided_central_kg,
    flow_co2e.factor_quantity * flow_co2e.high as co2e_avoided_high_kg
from flow_masses
inner join flow_co2e on flow_co2e.flow_id = flow_masses.flow_id
left join r_ladder on r_ladder.r_strategy = flow_masses.r_strategy
