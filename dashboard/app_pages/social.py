"""Social impact: jobs, FTE, jobs for target groups, the in-region share and training hours."""

from __future__ import annotations

import streamlit as st

from dashboard import access, components, queries, sections, state, tables

access.guard("social")  # every page checks the role itself (access.PAGE_ROLES)
view = state.current()
lang, version = view.lang, view.version

components.page_header(view.t("social.title"), view)
sections.require_kpi_tables(view)
definitions = sections.definitions(view)
cell = sections.cell_rows(view)

has_data = tables.has_any(cell, tables.SOCIAL_KPIS)
if not has_data:  # said once here, not once per chart below
    components.no_data(view, view.t("social.what"))

sections.kpi_cards(view, cell, definitions, tables.SOCIAL_KPIS, "social")

if has_data:
    groups, per_month = st.columns(2)
    with groups:
        sections.breakdown_chart(
            view,
            cell,
            definitions,
            "SOC_JOBS_TARGET_GROUP",
            "target_group",
            title=view.t("social.target_groups"),
            key="target_groups",
        )
    with per_month:
        sections.monthly_trend(
            view, definitions, "SOC_JOBS", key="jobs_trend", title=view.t("social.jobs_trend")
        )

st.subheader(view.t("social.per_chain"), help=view.t("chains.per_chain_help"))
long = queries.kpis_by_chain(
    version, tables.SOCIAL_BY_CHAIN_KPIS, view.period_type, view.period, view.municipality, view.published
)
if long.empty:
    st.info(view.t("empty.per_chain"), icon=":material/filter_alt_off:")
else:
    display, export = tables.wide_by_chain(long, tables.SOCIAL_BY_CHAIN_KPIS, definitions, lang)
    st.caption(view.t("chains.per_chain_scope"))
    st.dataframe(display, hide_index=True)
    components.downloads(
        export.assign(**{view.t("col.period"): view.period, view.t("col.municipality"): view.municipality}),
        f"keet_jobs_per_keten_{view.period}_{view.municipality}",
        "jobs_per_chain",
        lang,
    )
