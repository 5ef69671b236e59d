"""The register of issued reports: $KEET_HOME/reports/registry.json (outside the serving snapshot).

One entry per issued file: id, period, lang, format, snapshot hash and time, path, generation time, code version and
the published figures (`kpi|municipality|chain|breakdown` -> number, or '<5' / 'x' for a hidden cell). Written under
a file lock and replaced atomically, so two reports issued at once both land.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
from collections.abc import Iterator
from pathlib import Path

from pipelines import settings


def reports_dir() -> Path:
    return settings.keet_home() / "reports"


def registry_path() -> Path:
    return reports_dir() / "registry.json"


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    reports_dir().mkdir(parents=True, exist_ok=True)
    with open(reports_dir() / ".registry.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read() -> list[dict]:
    path = registry_path()
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data.get("reports", []))


def _write(entries: list[dict]) -> None:
    path = registry_path()
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"reports": entries}, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


def register(entry: dict) -> int:
    """Add an issued report; returns its id (1, 2, ...)."""
    with _locked():
        entries = _read()
        new_id = max((int(e["id"]) for e in entries), default=0) + 1
        entries.append({"id": new_id, **entry})
        _write(entries)
    return new_id


def issued_reports() -> list[dict]:
    """Every issued report, oldest first (each with its figures)."""
    return _read()


def get_report(report_id: int | str) -> dict:
    for entry in _read():
        if str(entry["id"]) == str(report_id):
            return entry
    raise KeyError(f"geen rapport / no report with id {report_id}")


def previous_report(period: str, snapshot_sha256: str | None, snapshot_created_at: str | None) -> dict | None:
    """The latest earlier report for `period` on a DIFFERENT, OLDER snapshot (for the revisions section).

    Reports on the same snapshot are ignored, so rebuilding a report never makes it revise itself.
    """
    candidates = [
        e for e in _read()
        if e.get("period") == period and e.get("snapshot_sha256") != snapshot_sha256
        and (snapshot_created_at is None or str(e.get("snapshot_created_at") or "") < str(snapshot_created_at))
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda e: (str(e.get("snapshot_created_at") or ""), int(e["id"])))


def _same(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def diff_reports(id_a: int | str, id_b: int | str, *, only_changed: bool = False) -> list[dict]:
    """Each figure of two issued reports with its old (report a) and new (report b) value.

    Rows: figure (key), kpi, municipality, chain, breakdown, old, new, changed. None = not in that report. Sorted by
    key; `only_changed` keeps the changed ones.
    """
    a, b = get_report(id_a), get_report(id_b)
    old, new = a.get("figures", {}), b.get("figures", {})
    rows = []
    for key in sorted(set(old) | set(new)):
        parts = (key.split(":", 1)[-1].split("|") + ["", "", "", ""])[:4]
        changed = not _same(old.get(key), new.get(key))
        if only_changed and not changed:
            continue
        rows.append({
            "figure": key, "kpi": parts[0], "municipality": parts[1], "chain": parts[2], "breakdown": parts[3],
            "old": old.get(key), "new": new.get(key), "changed": changed,
        })
    return rows
