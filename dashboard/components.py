"""Small UI pieces shared by the pages: CSV downloads, messages about the snapshot, the run-status banner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.exports import XLSX_MIME, to_csv_bytes, to_xlsx_bytes
from dashboard.formatting import format_datetime
from pipelines import settings


def _safe_stem(file_stem: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", file_stem).strip("_") or "keet"


def download_csv(frame: pd.DataFrame, file_stem: str, key: str, lang: str) -> None:
    """A download button for `frame` as CSV (formula-safe, see exports.py)."""
    st.download_button(
        i18n.t("download.csv", lang),
        data=to_csv_bytes(frame),
        file_name=f"{_safe_stem(file_stem)}.csv",
        mime="text/csv",
        key=f"download_{key}",
        on_click="ignore",
        icon=":material/download:",
    )


def download_xlsx(frame: pd.DataFrame, file_stem: str, key: str, lang: str) -> None:
    """A download button for `frame` as XLSX (formula-safe); the workbook is built only when clicked."""
    sheet = i18n.t("download.sheet", lang)
    st.download_button(
        i18n.t("download.xlsx", lang),
        data=lambda: to_xlsx_bytes(frame, sheet),
        file_name=f"{_safe_stem(file_stem)}.xlsx",
        mime=XLSX_MIME,
        key=f"download_{key}_xlsx",
        on_click="ignore",
        icon=":material/table_view:",
    )


def downloads(frame: pd.DataFrame, file_stem: str, key: str, lang: str) -> None:
    """CSV and XLSX download buttons side by side for the data behind a chart or table."""
    with st.container(horizontal=True, gap="small"):
        download_csv(frame, file_stem, key, lang)
        download_xlsx(frame, file_stem, key, lang)


def page_header(title: str, view) -> None:
    """The page title and, under it, the filter cell the page shows."""
    st.title(title)
    st.caption(
        view.t(
            "filter.summary",
            period=view.period_label,
            municipality=view.municipality_label,
            chain=view.chain_label,
        )
    )


def no_data(view, what: str | None = None) -> None:
    """The explanation for an empty filter cell (never a blank chart)."""
    st.info(
        view.t(
            "empty.cell",
            what=what or view.t("empty.this"),
            period=view.period_label,
            municipality=view.municipality_label,
            chain=view.chain_label,
        ),
        icon=":material/filter_alt_off:",
    )


def no_snapshot(lang: str) -> None:
    st.info(i18n.t("snapshot.missing", lang), icon=":material/hourglass_empty:")


def missing_tables(lang: str, tables: list[str]) -> None:
    st.info(
        i18n.t("snapshot.missing_tables", lang, tables=", ".join(tables)), icon=":material/hourglass_empty:"
    )


def unreadable_snapshot(lang: str) -> None:
    st.warning(i18n.t("snapshot.unreadable", lang), icon=":material/sync_problem:")


def read_run_status(path: Path | None = None) -> dict | None:
    """The pipeline's run-status file, or None when it is absent or unreadable (never an error on the page)."""
    path = path or settings.run_status_path()
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return status if isinstance(status, dict) else None


def run_status_banner(lang: str) -> None:
    """A banner while a run is busy or after it failed; the page keeps showing the last good snapshot."""
    status = read_run_status()
    if not status:
        return
    state = status.get("state")
    if state == "running":
        st.info(
            i18n.t("run.running", lang, started=format_datetime(status.get("started_at"), lang)),
            icon=":material/autorenew:",
        )
    elif state == "failed":
        message = str(status.get("message") or "").strip()
        if message and not message.endswith((".", "!", "?")):
            message += "."
        st.warning(
            i18n.t(
                "run.failed",
                lang,
                finished=format_datetime(status.get("finished_at") or status.get("started_at"), lang),
                message=message,
            ),
            icon=":material/error:",
        )
