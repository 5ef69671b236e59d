"""CO:KEET accelerator: the funnel hackathon -> applications -> selected -> completed -> outcomes, programme
hours by session type, and outcomes by type with how many were promoted."""

from __future__ import annotations

import streamlit as st

from dashboard import components, sections, tables
from dashboard.formatting import format_number, format_percent, is_missing

view, definitions = sections.open_kpi_page("accelerator", "accelerator.title")  # checks the role first
lang = view.lang
cell = sections.cell_rows(view)

has_data = tables.has_any(cell, tables.ACCELERATOR_KPIS)
if not has_data:  # said once here, not once per chart below
    components.no_data(view, view.t("accelerator.what"))

sections.kpi_cards(view, cell, definitions, tables.ACCELERATOR_KPIS, "accelerator")

if has_data:
    st.subheader(view.t("accelerator.funnel.title"), help=view.t("accelerator.funnel.help"))
    stages = [
        (
            kpi,
            tables.kpi_name(definitions, kpi, lang),
            tables.cell_value(cell, kpi),
            tables.cell_status(cell, kpi),
        )
        for kpi in tables.ACCELERATOR_FUNNEL
    ]
    sections.funnel(
        view, stages, key="accelerator_funnel", note=view.t("accelerator.funnel.note"), what=stages[0][1]
    )

    hours, outcomes = st.columns(2)
    with hours:
        sections.breakdown_chart(
            view,
            cell,
            definitions,
            "ACC_PROGRAMME_HOURS",
            "session_type",
            title=view.t("accelerator.hours"),
            key="hours_by_session_type",
        )
    with outcomes:
        sections.breakdown_chart(
            view,
            cell,
            definitions,
            "ACC_OUTCOMES",
            "outcome_type",
            title=view.t("accelerator.outcomes"),
            key="outcomes",
        )
        promoted = tables.cell_value(cell, "ACC_PROMOTED")
        total = tables.cell_value(cell, "ACC_OUTCOMES")
        if not is_missing(total) and total:
            promoted = 0.0 if is_missing(promoted) else promoted
            st.caption(
                view.t(
                    "accelerator.promoted",
                    promoted=format_number(promoted, lang, 0),
                    total=format_number(total, lang, 0),
                    share=format_percent(promoted / total * 100, lang),
                ),
                help=tables.kpi_help(definitions, "ACC_PROMOTED", lang),
            )
