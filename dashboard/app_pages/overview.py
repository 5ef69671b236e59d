"""Overview: key figures of the filter cell, progress against the targets, what changed since the previous
snapshot, the monthly trend of one KPI, and a small map (the full map is its own page)."""

from __future__ import annotations

import streamlit as st

from dashboard import access, charts, components, queries, sections, state, tables
from dashboard.formatting import format_date, format_percent

view, definitions = sections.open_kpi_page("overview", "overview.title")  # checks the role first
lang, version = view.lang, view.version
present = queries.available_tables(version)

# ------------------------------------------------------------------------------------------- key figures
st.subheader(view.t("overview.cards"))
cell = sections.cell_rows(view)
sections.kpi_cards(view, cell, definitions, tables.OVERVIEW_KPIS, "overview")

# ------------------------------------------------------------------------------------------- targets
st.subheader(view.t("targets.title"), help=view.t("targets.help"))
if queries.PROGRESS_TABLE not in present:
    st.info(view.t("targets.missing"))
else:
    progress = tables.progress(
        queries.kpi_progress(version, view.published), definitions, view.municipality, view.chain, lang
    )
    if progress.empty:
        st.info(view.t("targets.none"))
    else:
        cutoff = progress["cutoff_date"].dropna()
        cutoff_text = (
            format_date(cutoff.iloc[0], lang) if not cutoff.empty else format_date(view.cutoff, lang)
        )
        scopes = {(m, c) for m, c in zip(progress["municipality"], progress["chain"], strict=True)}
        st.caption(view.t("targets.scope" if scopes == {("all", "all")} else "targets.scope_specific"))
        if not progress["confirmed"].all():
            st.warning(view.t("targets.unconfirmed"), icon=":material/edit_note:")
        chart_frame = progress.assign(
            reached_text=[format_percent(v, lang) for v in progress["pct_reached"]],
            expected_text=[format_percent(v, lang) for v in progress["expected_pct"]],
        )
        st.plotly_chart(
            charts.progress_figure(
                chart_frame, expected_label=view.t("targets.expected", cutoff=cutoff_text), lang=lang
            ),
            config=charts.CHART_CONFIG,
            key="chart_targets",
        )
        st.caption(view.t("targets.legend", cutoff=cutoff_text))
        st.dataframe(tables.progress_display(progress, lang), hide_index=True)
        components.downloads(tables.progress_export(progress, lang), "keet_doelen", "targets", lang)

# ------------------------------------------------------------------------------------------- changes
# Exact figures of two snapshots side by side: the project lead's view only (the difference between two
# snapshots of a published cell could reveal a small count).
if not view.published:
    st.subheader(view.t("changes.title"), help=view.t("changes.help"))
    if queries.PREVIOUS_TABLE not in present:
        st.info(view.t("changes.no_previous"), icon=":material/history:")
    else:
        previous = queries.previous_cell(
            version, view.period_type, view.period, view.municipality, view.chain
        )
        changed = tables.changes(tables.headline(cell), previous, definitions, lang)
        if changed.empty:
            st.success(view.t("changes.none"), icon=":material/check_circle:")
        else:
            st.caption(view.t("changes.count", count=len(changed)))
            st.dataframe(tables.changes_display(changed, lang), hide_index=True)
            components.downloads(
                tables.changes_export(changed, sections.context(view), lang),
                sections.stem(view, "wijzigingen"),
                "changes",
                lang,
            )

# ------------------------------------------------------------------------------------------- monthly trend
st.subheader(view.t("overview.trend.title"))
with_data = set(queries.kpis_with_data(version))
trend_options = [k for k in tables.OVERVIEW_KPIS if k in with_data]
trend_options += sorted(
    k
    for k in with_data
    # CO2e only ever as its low-central-high range (circular impact page), never its central line alone
    if k not in trend_options and k in definitions.index and k != tables.CO2E_KPI
)
if not trend_options:
    st.info(view.t("overview.trend.empty"))
else:
    state.bind(state.P_TREND_KPI, trend_options, trend_options[0])
    st.selectbox(
        view.t("overview.trend.kpi"),
        trend_options,
        key=state.P_TREND_KPI,
        format_func=lambda kpi: tables.kpi_name(definitions, kpi, lang),
    )
    trend_kpi = st.session_state[state.P_TREND_KPI]
    st.caption(tables.kpi_help(definitions, trend_kpi, lang).split("\n\n")[0])
    sections.monthly_trend(view, definitions, trend_kpi, key="trend")

# ------------------------------------------------------------------------------------------- small map
st.subheader(view.t("overview.map.title"))
map_options = sections.count_kpis(view, definitions)
if not map_options:
    st.info(view.t("overview.map.no_count_kpis"))
else:
    map_kpi, per10k = sections.map_controls(view, definitions, map_options)
    by_municipality = sections.municipality_frame(view, definitions, map_kpi, per10k)
    sections.draw_map(view, by_municipality, per10k, key="overview_map", height=320)
    st.caption(view.t("overview.map.scope"))
    components.downloads(
        tables.by_municipality_export(by_municipality, map_kpi, view.period, view.chain, lang),
        f"keet_{map_kpi}_per_gemeente_{view.period}_{view.chain}",
        "map",
        lang,
    )
    if access.may_open(access.current_user(), "map"):
        st.page_link("app_pages/map.py", label=view.t("overview.map.more"), icon=":material/map:")
state.publish((state.P_TREND_KPI, state.P_MAP_KPI, state.P_MAP_SCALE))
