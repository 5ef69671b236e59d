"""`build_report`: the ESF funder report for one period, as PDF or XLSX, from the serving snapshot only."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pipelines import settings
from pipelines.formatting import local_now
from pipelines.publication import find_personal_identifiers
from pipelines.reports import registry
from pipelines.reports.content import build_model
from pipelines.reports.data import load_snapshot, parse_period
from pipelines.reports.pdf import write_pdf
from pipelines.reports.xlsx import write_xlsx

FORMATS = ("pdf", "xlsx")
LANGS = ("nl", "en")


class PersonalDataError(RuntimeError):
    """The report text holds something that looks like a personal identifier: nothing is written."""


def _report_code_version() -> str:
    from pipelines.publish import code_version

    return code_version()


def default_path(period: str, lang: str, fmt: str, snapshot_sha256: str | None) -> Path:
    digest = (snapshot_sha256 or "nosnapshot")[:8]
    return registry.reports_dir() / f"keet-esf-{period}-{lang}-{digest}.{fmt}"


def build_report(
    serving_path: Path | None,
    period: str,
    lang: str = "nl",
    fmt: str = "pdf",
    out: Path | None = None,
    *,
    generated_at: dt.datetime | None = None,
    register: bool = True,
) -> Path:
    """Write the report for `period` ('2022-Q4', '2022-S2', '2022', '2022-03' or 'project') and register it.

    Reads only the serving snapshot (`serving_path`, default settings.serving_path()), read-only. The same snapshot
    and code give the same figures and text; only the generation time (cover and provenance) differs. A period
    without data gives a report that says so. Returns the path written (default
    $KEET_HOME/reports/keet-esf-<period>-<lang>-<snapshot hash>.<fmt>).
    """
    if lang not in LANGS:
        raise ValueError(f"onbekende taal / unknown language {lang!r}: nl or en")
    if fmt not in FORMATS:
        raise ValueError(f"onbekend formaat / unknown format {fmt!r}: pdf or xlsx")
    parsed = parse_period(period)
    snap = load_snapshot(Path(serving_path) if serving_path else settings.serving_path(), parsed)
    snapshot_hash = snap.meta.get("warehouse_sha256")
    created = snap.meta.get("snapshot_created_at")
    created_iso = created.isoformat() if isinstance(created, dt.datetime) else (str(created) if created else None)
    previous = registry.previous_report(parsed.label, snapshot_hash, created_iso) if register else None
    generated_at = generated_at or local_now()
    code = _report_code_version()
    model = build_model(snap, parsed, lang, fmt, generated_at=generated_at, previous=previous, code_version=code)

    leaks = find_personal_identifiers(model.all_text())
    if leaks:
        kinds = sorted({kind for kind, _ in leaks})
        raise PersonalDataError(f"rapport niet gemaakt: mogelijk persoonsgegeven ({', '.join(kinds)}) / "
                                f"report not written: possible personal identifier ({', '.join(kinds)})")

    out = Path(out) if out else default_path(parsed.label, lang, fmt, snapshot_hash)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    writer = write_pdf if fmt == "pdf" else write_xlsx
    writer(model, tmp, created if isinstance(created, dt.datetime) else None)
    os.replace(tmp, out)

    if register:
        registry.register({
            "period": parsed.label,
            "lang": lang,
            "format": fmt,
            "snapshot_sha256": snapshot_hash,
            "snapshot_created_at": created_iso,
            "input_sha256": snap.input_hash,
            "code_version": code,
            "pipeline_code_version": snap.meta.get("code_version"),
            "generated_at": generated_at.isoformat(),
            "path": str(out.resolve()),
            "empty": model.empty,
            "revises": previous["id"] if previous else None,
            "unprotected_cells": model.unprotected,
            "figures": model.figures,
        })
    return out
