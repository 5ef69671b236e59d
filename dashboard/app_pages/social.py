"""Social impact: jobs, FTE, jobs for target groups, the in-region share and training hours."""

from __future__ import annotations

import streamlit as st

from dashboard import components, sections, tables

view, definitions = sections.open_kpi_page("social", "social.title")  # checks the role first
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

sections.per_chain_table(
    view,
    definitions,
    tables.SOCIAL_BY_CHAIN_KPIS,
    title=view.t("social.per_chain"),
    name="jobs_per_keten",
    key="jobs_per_chain",
)
