"""What the upload page does besides drawing: keep uploaded files in a temporary folder, validate them with the
input contract (the same report as `keet validate`), copy the accepted ones into the inbox, start a pipeline run
in the background, and read how that run is doing.

The dashboard never writes the warehouse: it only drops files in `$KEET_HOME/inbox/<source>/` (exactly what
`keet ingest --source` does) and starts `python -m pipelines.cli run`, which owns the warehouse and publishes a new
serving snapshot when it succeeds. No Streamlit here, so all of it is unit-tested on its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines import settings
from pipelines.contract.report import FileReport, check_file
from pipelines.formatting import local_now

ALLOWED_TYPES = ("csv", "xlsx")
RUN_LOG_NAME = "dashboard_run.log"
STALE_RUN_AFTER = dt.timedelta(hours=2)  # a 'running' status older than this is from a run that died
_SOURCE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_STEP_RE = re.compile(r" - ([A-Za-z0-9_.\[\]-]+) - (STEP_START|STEP_SUCCESS|STEP_FAILURE) - ")
_DBT_RE = re.compile(r"^\s*(\d+) of (\d+) (?:OK|PASS|WARN|ERROR|FAIL|SKIP)\b", re.MULTILINE)

# Runs started by this dashboard process, polled so that a finished one does not stay a zombie process.
_children: dict[int, subprocess.Popen] = {}


@dataclass
class CheckedFile:
    """One uploaded file, saved under its own name in a private temporary folder, and its validation report."""

    name: str
    digest: str
    path: Path
    report: FileReport

    @property
    def status(self) -> int:
        """0 clean, 1 some rows would be quarantined, 2 the whole file would be rejected (as `keet validate`)."""
        return self.report.status

    @property
    def sendable(self) -> bool:
        return self.status < 2


def safe_file_name(name: str) -> str:
    """The base name of an uploaded file without path parts or characters a file system would refuse."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r'[<>:"|?*\x00-\x1f]', "_", base).strip(" .")
    return base or "upload"


def check_upload(name: str, data: bytes, folder: Path) -> CheckedFile:
    """Save `data` as `folder/<digest>/<name>` and validate it with the input contract."""
    digest = hashlib.sha256(data).hexdigest()
    target = folder / digest[:16] / safe_file_name(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return CheckedFile(name=target.name, digest=digest, path=target, report=check_file(target))


def new_upload_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="keet_upload_"))


def remove_folder(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def summary(checked: list[CheckedFile]) -> pd.DataFrame:
    """One row per file x record type (a workbook can hold several): rows read, would load, would quarantine,
    and the file's status (0 clean, 1 rows quarantined, 2 rejected)."""
    rows = []
    for item in checked:
        if item.report.rejected is not None:
            rows.append(
                {
                    "file": item.name,
                    "sheet": "",
                    "record_type": "",
                    "rows_read": None,
                    "rows_loaded": None,
                    "rows_quarantined": None,
                    "status": 2,
                }
            )
            continue
        for result in item.report.results:
            rows.append(
                {
                    "file": item.name,
                    "sheet": result.sheet or "",
                    "record_type": result.record_type,
                    "rows_read": result.rows_read,
                    "rows_loaded": result.rows_loaded,
                    "rows_quarantined": result.rows_quarantined,
                    "status": 1 if result.issues else 0,
                }
            )
    return pd.DataFrame(
        rows,
        columns=["file", "sheet", "record_type", "rows_read", "rows_loaded", "rows_quarantined", "status"],
    )


def issues(checked: list[CheckedFile], lang: str) -> pd.DataFrame:
    """Every row that would be quarantined, and every rejected file (row empty): where and why."""
    rows = []
    for item in checked:
        rejected = item.report.rejected
        if rejected is not None:
            rows.append(
                {
                    "file": item.name,
                    "sheet": "",
                    "record_type": "",
                    "row_number": None,
                    "column": "",
                    "reason": rejected.message_nl if lang == "nl" else rejected.message_en,
                    "suggestion": "",
                }
            )
            continue
        for result in item.report.results:
            for issue in result.issues:
                rows.append(
                    {
                        "file": item.name,
                        "sheet": result.sheet or "",
                        "record_type": result.record_type,
                        "row_number": issue.row_number,
                        "column": issue.column or "",
                        "reason": issue.reason_nl if lang == "nl" else issue.reason_en,
                        "suggestion": issue.suggestion or "",
                    }
                )
    return pd.DataFrame(
        rows, columns=["file", "sheet", "record_type", "row_number", "column", "reason", "suggestion"]
    )


def normalise_source(text: str) -> str | None:
    """The inbox sub-folder for a source typed by a person ('Repair Café Aalst' -> 'repair-cafe-aalst'), or
    None when nothing usable is left."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_-]+", "-", ascii_text.strip().lower()).strip("-_")[:40]
    return slug if _SOURCE_RE.match(slug) else None


def send_to_inbox(checked: list[CheckedFile], source: str) -> list[Path]:
    """Copy the files that are not rejected into `inbox/<source>/` (atomically, never overwriting a file that
    still waits there); returns the inbox paths."""
    target_dir = settings.inbox_dir() / source
    target_dir.mkdir(parents=True, exist_ok=True)
    sent = []
    for item in checked:
        if not item.sendable:
            continue
        target = settings.free_inbox_path(target_dir, item.name)
        partial = target.with_name(target.name + ".part")
        shutil.copy2(item.path, partial)
        os.replace(partial, target)
        sent.append(target)
    return sent


def run_log_path() -> Path:
    return settings.keet_home() / RUN_LOG_NAME


def start_run() -> int:
    """Start `python -m pipelines.cli run` in the background with the dashboard's own environment (so the same
    KEET_HOME); its output goes to `$KEET_HOME/dashboard_run.log`. Returns the process id."""
    _reap()
    log_path = run_log_path()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "pipelines.cli", "run"],
            cwd=settings.PROJECT_ROOT,
            env=dict(os.environ),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _children[process.pid] = process
    return process.pid


def _reap() -> None:
    for pid, process in list(_children.items()):
        if process.poll() is not None:
            del _children[pid]


def exit_code(pid: int) -> int | None:
    """The exit code of a run this process started (None while it runs or when it is not ours)."""
    process = _children.get(pid)
    return None if process is None else process.poll()


def parse_time(value: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def is_busy(status: dict | None, now: dt.datetime | None = None) -> bool:
    """A run is busy: the status says 'running' and it started less than STALE_RUN_AFTER ago."""
    if not status or status.get("state") != "running":
        return False
    started = parse_time(status.get("started_at"))
    now = now or local_now()
    return started is None or now - started < STALE_RUN_AFTER


@dataclass
class Progress:
    steps_done: int = 0
    current_step: str | None = None
    dbt_done: int | None = None  # dbt's own 'N of M' while the dbt step runs
    dbt_total: int | None = None


def progress(log_path: Path | None = None) -> Progress:
    """From the log of a run started here: how many Dagster steps finished, which one started last, and how far
    dbt is inside its step."""
    path = log_path or run_log_path()
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return Progress()
    result = Progress()
    for match in _STEP_RE.finditer(text):
        step, event = match.groups()
        if event == "STEP_START":
            result.current_step = step
        elif event == "STEP_SUCCESS":
            result.steps_done += 1
    dbt = _DBT_RE.findall(text)
    if dbt:
        result.dbt_done, result.dbt_total = int(dbt[-1][0]), int(dbt[-1][1])
    return result


def log_tail(lines: int = 12, log_path: Path | None = None) -> str:
    path = log_path or run_log_path()
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-lines:])
