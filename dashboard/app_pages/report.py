"""Funder report: build the ESF progress report (PDF or XLSX) of a period from the snapshot shown and download it.

The same function as `keet report` (pipelines/reports); every issued report is registered and the download is
written to the audit log.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from dashboard import access, components, state
from pipelines import auth, settings
from pipelines.reports import build_report

access.guard("report")  # every page checks the role itself (access.PAGE_ROLES)
view = state.current()
lang = view.lang
components.page_header(view.t("report.title"), view)
st.write(view.t("report.intro"))

periods = [
    "project",
    "2022",
    "2022-S2",
    "2022-S1",
    "2022-Q4",
    "2022-Q3",
    "2022-Q2",
    "2022-Q1",
    "2021",
    "2021-S2",
    "2021-Q4",
    "2021-Q3",
    "2021-Q2",
]
col1, col2, col3 = st.columns(3)
period = col1.selectbox(view.t("report.period"), periods, key="report_period")
report_lang = col2.radio(
    view.t("report.language"),
    ["nl", "en"],
    horizontal=True,
    key="report_lang",
    format_func={"nl": "Nederlands", "en": "English"}.get,
)
fmt = col3.radio(
    view.t("report.format"), ["pdf", "xlsx"], horizontal=True, key="report_format", format_func=str.upper
)

if st.button(view.t("report.build"), type="primary"):
    with st.spinner(view.t("report.building")):
        out = Path(tempfile.mkdtemp()) / f"keet-esf-{period}-{report_lang}.{fmt}"
        path = build_report(settings.serving_path(), period, lang=report_lang, fmt=fmt, out=out)
        st.session_state["report_file"] = (path.name, path.read_bytes(), fmt)
    auth.audit(
        "report_download",
        actor=access.actor(),
        detail={"period": period, "lang": report_lang, "format": fmt},
    )

if "report_file" in st.session_state:
    name, data, kind = st.session_state["report_file"]
    mime = (
        "application/pdf"
        if kind == "pdf"
        else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    st.download_button(view.t("report.download", name=name), data, file_name=name, mime=mime)
