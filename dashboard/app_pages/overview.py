"""Overview: key figures for the selected filter cell, the monthly trend of one KPI, and a map by municipality."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, components, periods, queries, state, tables
from dashboard.formatting import MISSING, is_count_unit
from pipelines import settings

view = state.current()
lang, version = view.lang, view.version

st.title(view.t("overview.title"))
st.caption(
    view.t(
        "filter.summary",
        period=view.period_label,
        municipality=view.municipality_label,
        chain=view.chain_label,
    )
)

if missing := queries.missing_tables(version, queries.KPI_TABLES):
    components.missing_tables(lang, missing)
    st.stop()

definitions = tables.indexed_definitions(queries.kpi_definitions(version))

# ------------------------------------------------------------------------------------------- key figures
st.subheader(view.t("overview.cards"))
cell = queries.kpi_cell(version, view.period_type, view.period, view.municipality, view.chain)
cards = tables.cards(cell, definitions, tables.OVERVIEW_KPIS, lang)
for start in range(0, len(cards), 3):  # rows of three cards, so a '–' note never shifts the next row
    for column, card in zip(
        st.columns(3), cards.iloc[start : start + 3].itertuples(index=False), strict=False
    ):
        with column:
            if card.text == MISSING:
                no_data = view.t("overview.no_data_help")
                st.metric(card.name, card.text, help=f"{card.help}\n\n{no_data}", border=True)
                st.caption(view.t("overview.no_data_cell"))
            else:
                st.metric(card.name, card.text, help=card.help, border=True)
components.download_csv(
    tables.cards_export(cards, view.period, view.municipality, view.chain, lang),
    f"keet_kerncijfers_{view.period}_{view.municipality}_{view.chain}",
    "cards",
    lang,
)

# ------------------------------------------------------------------------------------------- monthly trend
st.subheader(view.t("overview.trend.title"))
with_data = set(queries.kpis_with_data(version))
trend_options = [k for k in tables.OVERVIEW_KPIS if k in with_data]
trend_options += sorted(k for k in with_data if k not in trend_options and k in definitions.index)
if not trend_options:
    st.info(view.t("overview.trend.empty"))
else:
    trend_kpi = state.bind(state.P_TREND_KPI, trend_options, trend_options[0])
    st.selectbox(
        view.t("overview.trend.kpi"),
        trend_options,
        key=state.P_TREND_KPI,
        format_func=lambda kpi: tables.kpi_name(definitions, kpi, lang),
    )
    trend_kpi = st.session_state[state.P_TREND_KPI]
    first, last = (None, None)
    if view.period == "project":  # months with data outside the programme period still show
        first, last = queries.kpi_data_months(version, trend_kpi, view.municipality, view.chain)
    months = periods.trend_months(view.period, settings.PROJECT_START, settings.PROJECT_END, first, last)
    monthly = queries.kpi_monthly(version, trend_kpi, months[0], months[-1], view.municipality, view.chain)
    unit = tables.kpi_unit(definitions, trend_kpi, monthly["unit"].iloc[0] if not monthly.empty else None)
    trend = tables.trend(monthly, months, unit, lang)
    if trend["value"].isna().all():
        st.info(view.t("overview.trend.empty"))
    else:
        st.plotly_chart(
            charts.trend_figure(
                trend,
                value_label=tables.kpi_name(definitions, trend_kpi, lang),
                percent=tables.is_percent(unit),
                lang=lang,
            ),
            config=charts.CHART_CONFIG,
        )
        if trend["value"].isna().any():
            st.caption(view.t("overview.trend.gaps"))
        components.download_csv(
            tables.trend_export(trend, trend_kpi, unit, view.municipality, view.chain, lang),
            f"keet_{trend_kpi}_{view.period}_{view.municipality}_{view.chain}",
            "trend",
            lang,
        )

# ------------------------------------------------------------------------------------------- map
st.subheader(view.t("overview.map.title"))
map_options = [k for k in definitions.index if k in with_data and is_count_unit(definitions.at[k, "unit"])]
map_options = [k for k in tables.OVERVIEW_KPIS if k in map_options] + sorted(
    k for k in map_options if k not in tables.OVERVIEW_KPIS
)
if not map_options:
    st.info(view.t("overview.map.no_count_kpis"))
    st.stop()

state.bind(state.P_MAP_KPI, map_options, map_options[0])
state.bind(state.P_MAP_SCALE, ("abs", "per10k"), "abs")
choice, scale = st.columns(2)
with choice:
    st.selectbox(
        view.t("overview.map.kpi"),
        map_options,
        key=state.P_MAP_KPI,
        format_func=lambda kpi: tables.kpi_name(definitions, kpi, lang),
    )
with scale:
    st.radio(
        view.t("overview.map.scale"),
        ("abs", "per10k"),
        key=state.P_MAP_SCALE,
        horizontal=True,
        format_func=lambda code: view.t("overview.map.absolute" if code == "abs" else "overview.map.per10k"),
    )
map_kpi = st.session_state[state.P_MAP_KPI]
per10k = st.session_state[state.P_MAP_SCALE] == "per10k"
state.publish((state.P_TREND_KPI, state.P_MAP_KPI, state.P_MAP_SCALE))

map_unit = tables.kpi_unit(definitions, map_kpi)
by_municipality = tables.by_municipality(
    queries.kpi_by_municipality(version, map_kpi, view.period_type, view.period, view.chain),
    map_unit,
    per10k,
    lang,
)
map_column, table_column = st.columns(2)
with map_column:
    if by_municipality["z"].isna().all():
        st.info(view.t("overview.map.empty"))
    else:
        colour_label = view.t("overview.map.per10k") if per10k else view.t("overview.map.absolute")
        st.plotly_chart(
            charts.municipality_map(by_municipality, colour_label=colour_label, lang=lang),
            config=charts.MAP_CONFIG,
        )
    st.caption(view.t("overview.map.scope"))
with table_column:
    st.dataframe(tables.by_municipality_display(by_municipality, map_unit, lang), hide_index=True)
    st.caption(view.t("overview.map.population", years=tables.population_years(by_municipality)))
    components.download_csv(
        tables.by_municipality_export(by_municipality, map_kpi, view.period, view.chain, lang),
        f"keet_{map_kpi}_per_gemeente_{view.period}_{view.chain}",
        "map",
        lang,
    )
