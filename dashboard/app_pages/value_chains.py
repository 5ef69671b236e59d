"""Value chains: market dialogues, chain actors, collaborations and those between the social and the regular
economy, committed circular procurement by buyer type, and the same figures per chain."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, components, sections, tables
from dashboard.formatting import format_percent, format_value, is_missing

view, definitions = sections.open_kpi_page("value_chains", "chains.title")  # checks the role first
lang = view.lang
cell = sections.cell_rows(view)

has_data = tables.has_any(cell, tables.VALUE_CHAIN_KPIS)
if not has_data:  # said once here, not once per chart below
    components.no_data(view, view.t("chains.what"))

sections.kpi_cards(view, cell, definitions, tables.VALUE_CHAIN_KPIS, "value_chains")

if has_data:
    collaborations, procurement = st.columns(2)
    with collaborations:
        sections.kpi_subheader(
            view, definitions, view.t("chains.collaborations"), "VC_SOCIAL_REGULAR_COLLABS"
        )
        total = tables.cell_value(cell, "VC_COLLABORATIONS")
        mixed = tables.cell_value(cell, "VC_SOCIAL_REGULAR_COLLABS")
        if is_missing(total) or not total:
            components.no_data(view, tables.kpi_name(definitions, "VC_COLLABORATIONS", lang))
        else:
            mixed = 0.0 if is_missing(mixed) else mixed
            frame = pd.DataFrame(
                {
                    "code": ["VC_COLLABORATIONS", "VC_SOCIAL_REGULAR_COLLABS"],
                    "label": [view.t("chains.collab_all"), view.t("chains.collab_mixed")],
                    "value": [total, mixed],
                }
            )
            frame["text"] = [format_value(v, "count", lang) for v in frame["value"]]
            st.plotly_chart(
                charts.bar_figure(frame, value_label=view.t("chains.collab_axis"), lang=lang),
                config=charts.CHART_CONFIG,
                key="chart_collaborations",
            )
            st.caption(view.t("chains.collab_share", share=format_percent(mixed / total * 100, lang)))
            components.downloads(
                tables.breakdown_export(
                    frame, "VC_COLLABORATIONS", "type", "count", sections.context(view), lang
                ),
                sections.stem(view, "samenwerkingen"),
                "collaborations",
                lang,
            )
    with procurement:
        sections.breakdown_chart(
            view,
            cell,
            definitions,
            "VC_PROCUREMENT_EUR",
            "buyer_type",
            title=view.t("chains.procurement"),
            key="procurement_by_buyer",
        )

# ------------------------------------------------------------------------------------------- per chain
sections.per_chain_table(
    view,
    definitions,
    tables.VALUE_CHAIN_KPIS,
    title=view.t("chains.per_chain"),
    name="ketens",
    key="per_chain",
)
