"""Map: the region's municipalities coloured by any count KPI, absolute or per 10,000 inhabitants, with the
table beside it."""

from __future__ import annotations

import streamlit as st

from dashboard import components, sections, state, tables

view, definitions = sections.open_kpi_page("map", "map.title")  # checks the role first
lang = view.lang

options = sections.count_kpis(view, definitions)
if not options:
    st.info(view.t("overview.map.no_count_kpis"))
    st.stop()

map_kpi, per10k = sections.map_controls(view, definitions, options)
state.publish((state.P_MAP_KPI, state.P_MAP_SCALE))
st.caption(tables.kpi_help(definitions, map_kpi, lang).split("\n\n")[0])

unit = tables.kpi_unit(definitions, map_kpi)
by_municipality = sections.municipality_frame(view, definitions, map_kpi, per10k)
map_column, table_column = st.columns([3, 2])
with map_column:
    sections.draw_map(view, by_municipality, per10k, key="map_page", height=520)
    st.caption(view.t("overview.map.scope"))
with table_column:
    st.dataframe(tables.by_municipality_display(by_municipality, unit, lang), hide_index=True)
    st.caption(view.t("overview.map.population", years=tables.population_years(by_municipality)))
    sections.outside_region_note(view, definitions, map_kpi)
    components.downloads(
        tables.by_municipality_export(by_municipality, map_kpi, view.period, view.chain, lang),
        f"keet_{map_kpi}_per_gemeente_{view.period}_{view.chain}",
        "map",
        lang,
    )
