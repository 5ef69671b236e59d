"""Events and workshops: events by type, attendances and unique attendees, and reach per municipality."""

from __future__ import annotations

import streamlit as st

from dashboard import components, queries, sections, tables

view, definitions = sections.open_kpi_page("events", "events.title")  # checks the role first
lang, version = view.lang, view.version
cell = sections.cell_rows(view)

has_data = tables.has_any(cell, tables.EVENTS_KPIS)
if not has_data:  # said once here, not once per chart below
    components.no_data(view, view.t("events.what"))

sections.kpi_cards(view, cell, definitions, tables.EVENTS_KPIS, "events", per_row=2)

if has_data:
    by_type, per_month = st.columns(2)
    with by_type:
        sections.breakdown_chart(
            view,
            cell,
            definitions,
            "EVENTS",
            "event_type",
            title=view.t("events.by_type"),
            key="events_by_type",
        )
    with per_month:
        sections.monthly_trend(
            view,
            definitions,
            "EVENT_ATTENDANCES",
            key="attendances_trend",
            title=view.t("events.attendances_trend"),
        )

# ------------------------------------------------------------------------------------------- reach per municipality
st.subheader(view.t("events.reach.title"), help=view.t("events.reach.help"))
long = queries.kpis_by_municipality(
    version, tables.EVENTS_BY_MUNICIPALITY_KPIS, view.period_type, view.period, view.chain, view.published
)
display, export = tables.wide_by_municipality(long, tables.EVENTS_BY_MUNICIPALITY_KPIS, definitions, lang)
if long["kpi"].isna().all():
    st.info(view.t("empty.per_municipality"), icon=":material/filter_alt_off:")
else:
    st.caption(view.t("events.reach.scope"))
    st.dataframe(display, hide_index=True)
    components.downloads(
        export.assign(**{view.t("col.period"): view.period, view.t("col.chain"): view.chain}),
        f"keet_events_per_gemeente_{view.period}_{view.chain}",
        "events_by_municipality",
        lang,
    )
    st.page_link("app_pages/map.py", label=view.t("events.reach.map"), icon=":material/map:")
