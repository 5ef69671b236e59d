"""De Keet dashboard: the app shell (`streamlit run dashboard/app.py`).

Draws the language switch and the global filters in the sidebar (kept in the URL), the snapshot and run-status
lines, and hands over to the page chosen in `st.navigation`. Reads only the serving snapshot (see queries.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(_ROOT))

import streamlit as st

from dashboard import access, components, i18n, periods, queries, state
from dashboard.formatting import as_date, format_date, format_datetime, format_period
from pipelines import settings

CHAINS = ("all", "textile", "electro", "ict", "furniture", "packaging", "other", "unassigned")
DEFAULT_PERIOD_TYPE = "project"

# No page icons (here or in st.Page): a Material icon used as favicon is fetched from fonts.gstatic.com, which
# is unreachable offline; the default favicon is served locally.
st.set_page_config(page_title="De Keet", layout="wide")

lang = state.bind(state.P_LANG, i18n.LANGUAGES, i18n.DEFAULT_LANGUAGE)
with st.sidebar:
    st.radio(
        i18n.t("app.language", lang),
        i18n.LANGUAGES,
        key=state.P_LANG,
        horizontal=True,
        format_func={"nl": "Nederlands", "en": "English"}.get,
    )
lang = state.track_language()

# The pages by menu section: (script, key in access.PAGE_ROLES and i18n "nav.<key>", URL path).
PAGES = {
    "nav.section.summary": [
        ("app_pages/overview.py", "overview", "overview"),
        ("app_pages/map.py", "map", "map"),
    ],
    "nav.section.programme": [
        ("app_pages/advisory.py", "advisory", "advisory-desk"),
        ("app_pages/events.py", "events", "events"),
        ("app_pages/accelerator.py", "accelerator", "accelerator"),
        ("app_pages/value_chains.py", "value_chains", "value-chains"),
    ],
    "nav.section.impact": [
        ("app_pages/circular.py", "circular", "circular-impact"),
        ("app_pages/social.py", "social", "social-impact"),
    ],
    "nav.section.data": [
        ("app_pages/report.py", "report", "report"),
        ("app_pages/data_quality.py", "data_quality", "data-quality"),
        ("app_pages/upload.py", "upload", "upload"),
    ],
}
# ------------------------------------------------------------------------------------------------- who
user = access.current_user()
access.write_cookie()
if user is None:  # anonymous: the log-in form and nothing else (no page, no snapshot read)
    state.publish([state.P_LANG])
    # every page's address shows the form (no "page not found" for a shared link); after the log-in the same
    # address opens the real page, when the role may open it
    st.navigation(
        [
            st.Page(
                lambda: access.login_form(lang),
                title=i18n.t("access.title", lang),
                url_path=url_path,
                default=key == "overview",
            )
            for entries in PAGES.values()
            for _, key, url_path in entries
        ],
        position="hidden",
    ).run()
    st.stop()
with st.sidebar:
    access.account_box(user, lang)


def _page(path: str, key: str, url_path: str, *, default: bool = False) -> st.Page:
    return st.Page(path, title=i18n.t(f"nav.{key}", lang), url_path=url_path, default=default)


# Only the pages this role may open are listed (and routed); each page checks the role again itself.
pages: dict[str, list[st.Page]] = {}
by_key: dict[str, st.Page] = {}
for section, entries in PAGES.items():
    for path, key, url_path in entries:
        if access.may_open(user, key):
            by_key[key] = _page(path, key, url_path, default=key == "overview")
            pages.setdefault(i18n.t(section, lang), []).append(by_key[key])
UPLOAD_PAGE = by_key.get("upload")
navigation = st.navigation(
    pages,
    position="top",  # the sidebar keeps only the language and the filters, all visible at once
)
# A page of another role asked for by its address: Streamlit shows its own "page not found" and the overview;
# say why in the user's language, once per browser session, and audit it.
access.explain_refused_address({url_path: key for entries in PAGES.values() for _, key, url_path in entries}, lang)

components.run_status_banner(lang)

version = queries.snapshot_version()
if version is None:
    state.publish([state.P_LANG])
    if UPLOAD_PAGE and navigation.url_path == UPLOAD_PAGE.url_path:  # the very first upload needs no snapshot
        navigation.run()
        st.stop()
    components.no_snapshot(lang)
    if UPLOAD_PAGE:
        st.page_link(UPLOAD_PAGE, label=i18n.t("snapshot.upload_link", lang), icon=":material/upload_file:")
    st.stop()

try:
    present = queries.available_tables(version)
    snapshot = queries.snapshot_info(version)
    municipalities = queries.municipalities(version) if "marts.dim_municipalities" in present else None
except queries.SnapshotChanged:
    st.rerun()
except queries.SnapshotUnavailable:
    state.publish([state.P_LANG])
    components.unreadable_snapshot(lang)
    if UPLOAD_PAGE and navigation.url_path == UPLOAD_PAGE.url_path:  # a new delivery may be what repairs it
        navigation.run()
    st.stop()

cutoff = None
if snapshot:
    cutoff_value = snapshot["cutoff_date"]
    cutoff = as_date(cutoff_value)
    st.caption(
        i18n.t(
            "snapshot.info",
            lang,
            cutoff=format_date(cutoff_value, lang),
            created=format_datetime(snapshot["snapshot_created_at"], lang),
        )
    )
else:
    st.caption(i18n.t("snapshot.info_unknown", lang))

# ----------------------------------------------------------------------------------------------- filters
municipality_names: dict[str, str] = {}
if municipalities is not None:
    in_region = municipalities[municipalities["in_region"].fillna(False).astype(bool)]
    municipality_names = dict(zip(in_region["municipality"].astype(str), in_region["name_nl"], strict=True))
municipality_options = ["all", *municipality_names, "outside_region"]


def _municipality_label(code: str) -> str:
    if code == "all":
        return i18n.t("filter.all_municipalities", lang)
    if code == "outside_region":
        return i18n.t("filter.outside_region", lang)
    return municipality_names.get(code, code)


def _chain_label(code: str) -> str:
    return i18n.t("filter.all_chains", lang) if code == "all" else i18n.label("chain", code, lang)


period_type = state.bind(state.P_PERIOD_TYPE, periods.PERIOD_TYPES, DEFAULT_PERIOD_TYPE)
period_options = periods.period_labels(period_type, settings.PROJECT_START, settings.PROJECT_END)
if "marts.kpi_values" in present:
    try:
        extra = [p for p in queries.periods_with_data(version, period_type) if p not in period_options]
    except queries.SnapshotChanged:
        st.rerun()
    period_options = sorted([*period_options, *extra], key=periods.sort_key)
period_default = periods.default_period(period_options, cutoff, period_type) or period_options[-1]
state.bind(state.P_PERIOD, period_options, period_default)
state.bind(state.P_MUNICIPALITY, municipality_options, "all")
state.bind(state.P_CHAIN, CHAINS, "all")

with st.sidebar:
    st.subheader(i18n.t("filter.header", lang))
    st.selectbox(
        i18n.t("filter.period_type", lang),
        periods.PERIOD_TYPES,
        key=state.P_PERIOD_TYPE,
        format_func=lambda code: i18n.t(f"period_type.{code}", lang),
    )
    st.selectbox(
        i18n.t("filter.period", lang),
        period_options,
        key=state.P_PERIOD,
        format_func=lambda label: format_period(label, lang),
        disabled=len(period_options) == 1,
    )
    st.selectbox(
        i18n.t("filter.municipality", lang),
        municipality_options,
        key=state.P_MUNICIPALITY,
        format_func=_municipality_label,
    )
    st.selectbox(i18n.t("filter.chain", lang), CHAINS, key=state.P_CHAIN, format_func=_chain_label)
    st.caption(i18n.t("filter.share", lang))

state.publish(state.GLOBAL_PARAMS)

view = state.View(
    lang=lang,
    version=version,
    period_type=st.session_state[state.P_PERIOD_TYPE],
    period=st.session_state[state.P_PERIOD],
    municipality=st.session_state[state.P_MUNICIPALITY],
    chain=st.session_state[state.P_CHAIN],
    cutoff=cutoff,
    municipality_label=_municipality_label(st.session_state[state.P_MUNICIPALITY]),
    chain_label=_chain_label(st.session_state[state.P_CHAIN]),
    period_label=format_period(st.session_state[state.P_PERIOD], lang),
    role=user.role,
    published=access.publishes(user),
)
state.set_view(view)

try:
    navigation.run()
except queries.SnapshotChanged:
    st.rerun()
except queries.SnapshotUnavailable:
    components.unreadable_snapshot(lang)
