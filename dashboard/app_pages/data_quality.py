"""Data quality: the row ledger per delivery, the rejected rows with their reasons, and freshness per record type."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import components, queries, state, tables
from dashboard.formatting import format_number

view = state.current()
lang, version = view.lang, view.version

st.title(view.t("quality.title"))
st.caption(view.t("quality.intro"))

if missing := queries.missing_tables(version, queries.QUALITY_TABLES):
    components.missing_tables(lang, missing)
    st.stop()

deliveries = queries.deliveries(version)

# ------------------------------------------------------------------------------------------- ledger
st.subheader(view.t("quality.deliveries"))
if deliveries.empty:
    st.info(view.t("quality.no_deliveries"))
else:
    read, loaded, quarantined = st.columns(3)
    read.metric(
        view.t("quality.rows_read"), format_number(deliveries["rows_read"].sum(), lang, 0), border=True
    )
    loaded.metric(
        view.t("quality.rows_loaded"), format_number(deliveries["rows_loaded"].sum(), lang, 0), border=True
    )
    quarantined.metric(
        view.t("quality.rows_quarantined"),
        format_number(deliveries["rows_quarantined"].sum(), lang, 0),
        border=True,
    )
    balanced = tables.ledger_balanced(deliveries)
    if balanced.all():
        st.success(view.t("quality.ledger_ok"), icon=":material/check_circle:")
    else:
        ids = ", ".join(sorted({str(i) for i in deliveries.loc[~balanced, "delivery_id"]}))
        st.error(view.t("quality.ledger_broken", ids=ids), icon=":material/error:")
    st.dataframe(tables.deliveries_display(deliveries, lang), hide_index=True)
    components.download_csv(tables.deliveries_export(deliveries, lang), "keet_leveringen", "deliveries", lang)

# ------------------------------------------------------------------------------------------- quarantine
st.subheader(view.t("quality.quarantine"))
rejected = queries.quarantine(version)
if rejected.empty:
    st.info(view.t("quality.no_quarantine"))
else:
    files = rejected.drop_duplicates("delivery_id").set_index("delivery_id")["file_name"]
    options = ["all", *[str(i) for i in files.index]]
    state.bind("delivery", options, "all")
    st.selectbox(
        view.t("quality.delivery_filter"),
        options,
        key="delivery",
        format_func=lambda code: (
            view.t("quality.all_deliveries") if code == "all" else f"{code}: {files[int(code)]}"
        ),
    )
    chosen = st.session_state["delivery"]
    shown = rejected if chosen == "all" else rejected[rejected["delivery_id"].astype(str) == chosen]
    st.dataframe(tables.quarantine_display(shown, lang), hide_index=True)
    components.download_csv(
        tables.quarantine_export(shown, lang),
        "keet_geweigerde_rijen" if chosen == "all" else f"keet_geweigerde_rijen_levering_{chosen}",
        "quarantine",
        lang,
    )

# ------------------------------------------------------------------------------------------- freshness
st.subheader(view.t("quality.freshness"))
st.caption(view.t("quality.freshness_help", days=tables.STALE_AFTER_DAYS))
fresh = tables.freshness(queries.freshness(version), dt.date.today())
if fresh.empty:
    st.info(view.t("quality.no_deliveries"))
else:
    st.dataframe(tables.freshness_display(fresh, lang), hide_index=True)
    components.download_csv(tables.freshness_export(fresh, lang), "keet_actualiteit", "freshness", lang)
