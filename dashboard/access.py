"""Who is looking, and what they may see: the log-in form, the session cookie, and the role of every page.

Roles (pipelines/auth.py): `lead` sees exact figures, the data-quality details, uploads and reports; `partner` sees
the KPI pages with the publication rules applied (small people counts as `<5`, secondary suppression as `x`,
read from `marts.kpi_values_published`); `viewer` sees the published overview only.

Every page calls `guard(<page key>)` first, so a page checks the role itself: the app shell lists only the pages a
role may open, and a page reached any other way (a typed URL, a stale link, `st.switch_page`) stops with a
message before it reads a single row. Anonymous visitors get the log-in form and nothing else.

A log-in starts a server-side session (pipelines/auth.py); its random token is kept in a cookie
(SameSite=Strict) so that a reload or a shared link in the same browser does not ask for the password again.
Log-ins, failed log-ins, log-outs and refused pages go to the audit log.
"""

from __future__ import annotations

import time
from urllib.parse import urlparse

import streamlit as st
import streamlit.components.v1 as st_components

from dashboard import i18n
from pipelines import auth
from pipelines.auth import User

COOKIE = "keet_session"
USER_KEY = "_keet_user"
TOKEN_KEY = "_keet_session_token"
_COOKIE_WRITE = "_keet_cookie_write"  # the token to store in the browser on the next run ("" = delete it)
_FAILED = "_keet_failed_logins"
_REFUSAL_SHOWN = "_keet_refusal_shown"

LEAD, PARTNER, VIEWER = "lead", "partner", "viewer"
# The one place that says which role may open which page (keys as in app.py's st.Page list).
PAGE_ROLES: dict[str, tuple[str, ...]] = {
    "overview": (LEAD, PARTNER, VIEWER),
    "map": (LEAD, PARTNER),
    "advisory": (LEAD, PARTNER),
    "events": (LEAD, PARTNER),
    "accelerator": (LEAD, PARTNER),
    "value_chains": (LEAD, PARTNER),
    "circular": (LEAD, PARTNER),
    "social": (LEAD, PARTNER),
    "report": (LEAD,),
    "data_quality": (LEAD,),
    "upload": (LEAD,),
}


def current_user() -> User | None:
    """The logged-in user of this browser session: from session state, else from a live session cookie."""
    user = st.session_state.get(USER_KEY)
    if isinstance(user, User):
        return user
    token = _cookie_token()
    resumed = auth.resume_session(token)
    if resumed is not None:
        st.session_state[USER_KEY] = resumed
        st.session_state[TOKEN_KEY] = token
    return resumed


def _cookie_token() -> str | None:
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no request context (bare mode, tests): no cookie
        return None
    return token if isinstance(token, str) and token else None


def publishes(user: User | None) -> bool:
    """True when this user sees published figures (small counts suppressed), False for the exact ones."""
    return user is None or user.role != LEAD


def may_open(user: User | None, page: str) -> bool:
    return user is not None and user.role in PAGE_ROLES.get(page, ())


def guard(page: str) -> User:  # type: ignore[return]
    """The first line of every page: stop unless the logged-in user's role may open `page`."""
    user = current_user()
    if may_open(user, page):
        return user  # type: ignore[return-value]
    lang = st.session_state.get("lang", i18n.DEFAULT_LANGUAGE)
    if user is None:
        st.warning(i18n.t("access.login_first", lang), icon=":material/lock:")
    else:
        auth.audit("page_refused", actor=user.name, detail={"page": page, "role": user.role})
        st.error(
            i18n.t("access.refused", lang, role=i18n.t(f"role.{user.role}", lang)), icon=":material/block:"
        )
    st.stop()  # raises: nothing below the guard runs


def explain_refused_address(url_paths: dict[str, str], lang: str) -> None:
    """When this browser session was opened on the address of a page the role may not open (`url_paths`: URL path
    -> page key), say so once and audit it."""
    if st.session_state.get(_REFUSAL_SHOWN):
        return
    st.session_state[_REFUSAL_SHOWN] = True
    try:
        url = st.context.url
    except Exception:  # noqa: BLE001 - no request context (bare mode, tests)
        return
    if not isinstance(url, str):
        return
    page = url_paths.get(urlparse(url).path.rstrip("/").rsplit("/", 1)[-1])
    user = current_user()
    if page is None or user is None or may_open(user, page):
        return
    auth.audit("page_refused", actor=user.name, detail={"page": page, "role": user.role})
    st.warning(i18n.t("access.refused", lang, role=i18n.t(f"role.{user.role}", lang)), icon=":material/block:")


def write_cookie() -> None:
    """Store (or delete) the session cookie in the browser when a log-in or log-out asked for it."""
    token = st.session_state.pop(_COOKIE_WRITE, None)
    if token is None:
        return
    max_age = int(auth.SESSION_HOURS * 3600) if token else 0
    # components.html runs in a same-origin iframe: the cookie is set for the dashboard's own origin
    st_components.html(
        "<script>window.parent.document.cookie = "
        f"'{COOKIE}={token}; path=/; max-age={max_age}; SameSite=Strict';</script>",
        height=0,
    )


def login_form(lang: str) -> None:
    """The log-in page: name and password; nothing of the data is read before it succeeds."""
    st.title(i18n.t("access.title", lang))
    st.write(i18n.t("access.intro", lang))
    with st.form("login", enter_to_submit=True):
        name = st.text_input(i18n.t("access.name", lang), key="login_name", autocomplete="username")
        password = st.text_input(
            i18n.t("access.password", lang),
            type="password",
            key="login_password",
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(i18n.t("access.submit", lang), type="primary")
    if not submitted:
        return
    failures = st.session_state.get(_FAILED, 0)
    if failures:
        time.sleep(min(2.0 * failures, 10.0))  # slows down guessing from one browser session
    user = auth.authenticate(name.strip(), password)
    if user is None:
        st.session_state[_FAILED] = failures + 1
        st.error(i18n.t("access.failed", lang), icon=":material/error:")
        return
    st.session_state.pop(_FAILED, None)
    token = auth.start_session(user)
    st.session_state[USER_KEY] = user
    st.session_state[TOKEN_KEY] = token
    st.session_state[_COOKIE_WRITE] = token
    st.rerun()


def account_box(user: User, lang: str) -> None:
    """In the sidebar: who is logged in, with which role, and the log-out button."""
    st.caption(i18n.t("access.signed_in", lang, name=user.name, role=i18n.t(f"role.{user.role}", lang)))
    if publishes(user):
        st.caption(i18n.t("access.published_note", lang))
    if st.button(i18n.t("access.logout", lang), key="logout", icon=":material/logout:"):
        auth.end_session(st.session_state.get(TOKEN_KEY))
        auth.audit("logout", actor=user.name)
        for key in (USER_KEY, TOKEN_KEY):
            st.session_state.pop(key, None)
        st.session_state[_COOKIE_WRITE] = ""
        st.rerun()


def actor() -> str:
    """The name to write in the audit log for what this session does."""
    user = current_user()
    return user.name if user else "(anonymous)"
