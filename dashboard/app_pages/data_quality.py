"""Data quality: a scorecard per source (whom to call), the row ledger per delivery, the rejected rows with their
reasons, unresolved references, out-of-period records, and freshness per record type."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import access, components, queries, state, tables
from dashboard.formatting import format_number

access.guard("data_quality")  # every page checks the role itself (access.PAGE_ROLES)
view = state.current()
lang, version = view.lang, view.version

st.title(view.t("quality.title"))
st.caption(view.t("quality.intro"))

if missing := queries.missing_tables(version, queries.QUALITY_TABLES):
    components.missing_tables(lang, missing)
    st.stop()

deliveries = queries.deliveries(version)
present = queries.available_tables(version)
today = dt.date.today()

# ------------------------------------------------------------------------------------------- scorecard
st.subheader(view.t("quality.scorecard"), help=view.t("quality.scorecard_help", days=tables.STALE_AFTER_DAYS))
card = tables.scorecard(queries.source_scorecard(version), today)
if card.empty:
    st.info(view.t("quality.no_deliveries"))
else:
    to_call = card[card["attention"]]
    if to_call.empty:
        st.success(view.t("quality.nobody_to_call"), icon=":material/check_circle:")
    else:
        st.warning(
            view.t("quality.to_call", sources=", ".join(str(s) for s in to_call["source"])),
            icon=":material/call:",
        )
    st.dataframe(tables.scorecard_display(card, lang), hide_index=True)
    components.downloads(tables.scorecard_export(card, lang), "keet_scorekaart_bronnen", "scorecard", lang)

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
    components.downloads(tables.deliveries_export(deliveries, lang), "keet_leveringen", "deliveries", lang)

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
    components.downloads(
        tables.quarantine_export(shown, lang),
        "keet_geweigerde_rijen" if chosen == "all" else f"keet_geweigerde_rijen_levering_{chosen}",
        "quarantine",
        lang,
    )

# ------------------------------------------------------------------------------------------- unresolved references
st.subheader(view.t("quality.unresolved"), help=view.t("quality.unresolved_help"))
if queries.UNRESOLVED_TABLE not in present:
    components.missing_tables(lang, [queries.UNRESOLVED_TABLE])
else:
    unresolved = queries.unresolved_references(version)
    if unresolved.empty:
        st.success(view.t("quality.no_unresolved"), icon=":material/check_circle:")
    else:
        st.caption(view.t("quality.unresolved_count", count=len(unresolved)))
        st.dataframe(tables.unresolved_display(unresolved, lang), hide_index=True)
        components.downloads(
            tables.unresolved_export(unresolved, lang), "keet_onopgeloste_verwijzingen", "unresolved", lang
        )

# ------------------------------------------------------------------------------------------- out of period
st.subheader(view.t("quality.out_of_period"), help=view.t("quality.out_of_period_help"))
if queries.OUT_OF_PERIOD_TABLE not in present:
    components.missing_tables(lang, [queries.OUT_OF_PERIOD_TABLE])
else:
    outside = queries.out_of_period(version)
    if outside.empty:
        st.success(view.t("quality.no_out_of_period"), icon=":material/check_circle:")
    else:
        st.caption(view.t("quality.out_of_period_count", count=len(outside)))
        st.dataframe(tables.out_of_period_display(outside, lang), hide_index=True)
        components.downloads(
            tables.out_of_period_export(outside, lang), "keet_buiten_periode", "out_of_period", lang
        )

# ------------------------------------------------------------------------------------------- freshness
st.subheader(view.t("quality.freshness"))
st.caption(view.t("quality.freshness_help", days=tables.STALE_AFTER_DAYS))
fresh = tables.freshness(queries.freshness(version), today)
if fresh.empty:
    st.info(view.t("quality.no_deliveries"))
else:
    st.dataframe(tables.freshness_display(fresh, lang), hide_index=True)
    components.downloads(tables.freshness_export(fresh, lang), "keet_actualiteit", "freshness", lang)
