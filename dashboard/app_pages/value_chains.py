"""Value chains: market dialogues, chain actors, collaborations and those between the social and the regular
economy, committed circular procurement by buyer type, and the same figures per chain."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import access, charts, components, queries, sections, state, tables
from dashboard.formatting import format_percent, format_value, is_missing

access.guard("value_chains")  # every page checks the role itself (access.PAGE_ROLES)
view = state.current()
lang, version = view.lang, view.version

components.page_header(view.t("chains.title"), view)
sections.require_kpi_tables(view)
definitions = sections.definitions(view)
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
st.subheader(view.t("chains.per_chain"), help=view.t("chains.per_chain_help"))
long = queries.kpis_by_chain(
    version, tables.VALUE_CHAIN_KPIS, view.period_type, view.period, view.municipality, view.published
)
if long.empty:
    st.info(view.t("empty.per_chain"), icon=":material/filter_alt_off:")
else:
    display, export = tables.wide_by_chain(long, tables.VALUE_CHAIN_KPIS, definitions, lang)
    st.caption(view.t("chains.per_chain_scope"))
    st.dataframe(display, hide_index=True)
    components.downloads(
        export.assign(**{view.t("col.period"): view.period, view.t("col.municipality"): view.municipality}),
        f"keet_ketens_{view.period}_{view.municipality}",
        "per_chain",
        lang,
    )
