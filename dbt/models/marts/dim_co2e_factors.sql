-- The CO2e factor table with its sources (every version; is_active marks the one the KPIs use), so the
-- dashboard and the report can show the method and the uncertainty behind CIRC_CO2E_AVOIDED_KG.
select
    cast(factor_id as varchar) as factor_id,
    cast(version as varchar) as version,
    cast(version = {{ co2e_factor_version_sql() }} as boolean) as is_active,
    cast(chain as varchar) as chain,
    cast(product_category as varchar) as product_category,
    cast(r_strategy as varchar) as r_strategy,
    cast(basis as varchar) as basis,
    cast(unit as varchar) as unit,
    cast(low as double) as low,
    cast(central as double) as central,
    cast(high as double) as high,
    cast(source as varchar) as source,
    cast(range_method as varchar) as range_method,
    cast(confirmed as boolean) as confirmed,
    cast(note as varchar) as note
from {{ ref('co2e_factors') }}
