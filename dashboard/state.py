"""What the current view is (language, filters, snapshot) and how it lives in the URL.

Filters are kept in `st.session_state` under the same names as their URL query parameters, so a view can be
shared as a link: on a session's first run each value is read from `st.query_params` (an invalid value falls back
to its default), and after the widgets are drawn the current values are written back to the URL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import streamlit as st

from dashboard import i18n

# URL query parameter names (also the session-state keys of their widgets)
P_LANG = "lang"
P_PERIOD_TYPE = "ptype"
P_PERIOD = "period"
P_MUNICIPALITY = "mun"
P_CHAIN = "chain"
P_TREND_KPI = "trend"
P_MAP_KPI = "map"
P_MAP_SCALE = "scale"

GLOBAL_PARAMS = (P_LANG, P_PERIOD_TYPE, P_PERIOD, P_MUNICIPALITY, P_CHAIN)

_VIEW_KEY = "_keet_view"


@dataclass(frozen=True)
class View:
    lang: str
    version: str
    period_type: str
    period: str
    municipality: str
    chain: str
    cutoff: dt.date | None
    municipality_label: str
    chain_label: str
    period_label: str
    role: str = "lead"
    published: bool = False  # True: read marts.kpi_values_published (small counts suppressed), see access.py

    def t(self, key: str, **values: object) -> str:
        return i18n.t(key, self.lang, **values)


_KEPT = "_keet_kept_"
_DRAWN_LANG = "_keet_drawn_lang"
_LANG_SWITCHED = "_keet_lang_switched"


def bind(key: str, options: Sequence[str], default: str, *, shared: bool = False) -> str:
    """Make `st.session_state[key]` one of `options`: from the URL on the first run, kept on later runs.

    Call before drawing the widget with the same `key` (and no `index`), so the widget shows this value.
    `shared`: a page-level widget whose key another page uses too (the map KPI on the overview and on the map
    page). Streamlit forgets a page's widget values when another page is shown (and clears the URL's query on a
    page switch), so the last value is kept under a private key (see `publish`) and set again through the API:
    the new page's widget ignores a value the other page's widget left behind otherwise. The sidebar filters
    live in the app shell, the same widgets on every page, and need none of this.
    In the run after a language switch (see `track_language`) every bound value is set again through the API
    as well: a keyed selectbox keeps its value in the browser as the text `format_func` gave it, so without
    this it goes on showing the old language's label ("Hele project" on an English page).
    """
    if key not in st.session_state:
        candidate = st.session_state.get(_KEPT + key, st.query_params.get(key))
        st.session_state[key] = candidate if candidate in options else default
    elif st.session_state[key] not in options:
        st.session_state[key] = default
    elif shared or st.session_state.get(_LANG_SWITCHED, False):
        st.session_state[key] = st.session_state[key]
    return st.session_state[key]


def publish(keys: Iterable[str]) -> None:
    """Write the current values of `keys` to the URL (only those that changed, to keep the history quiet),
    and keep them for the next page that binds the same key."""
    for key in keys:
        value = st.session_state.get(key)
        if value is None:
            continue
        st.session_state[_KEPT + key] = value
        if st.query_params.get(key) != str(value):
            st.query_params[key] = str(value)


def language() -> str:
    return st.session_state.get(P_LANG, i18n.DEFAULT_LANGUAGE)


def track_language() -> str:
    """The language of this run, noting whether it differs from the previous run's (the app shell calls this
    once per run, right after the language switch; `bind` then sets every value again)."""
    lang = language()
    previous = st.session_state.get(_DRAWN_LANG)
    st.session_state[_LANG_SWITCHED] = previous is not None and previous != lang
    st.session_state[_DRAWN_LANG] = lang
    return lang


def set_view(view: View) -> None:
    st.session_state[_VIEW_KEY] = view


def current() -> View:
    """The view the app shell prepared for this run (pages call this)."""
    return st.session_state[_VIEW_KEY]
