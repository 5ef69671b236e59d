"""The validation report that `keet validate` prints and the upload page shows (Dutch default, English)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipelines.contract.reader import FileRejected, read_file
from pipelines.contract.validate import Result, validate_part

TEXT = {
    "nl": {
        "rejected": "GEWEIGERD",
        "clean": "in orde",
        "rows": "{read} rijen gelezen, {loaded} zouden geladen worden, {quarantined} in quarantaine",
        "extra": "onbekende kolommen (bewaard, niet gebruikt): {cols}",
        "row": "rij {row}, kolom {col}: {reason}",
        "summary_ok": "Alle bestanden zijn in orde.",
        "summary_rows": "Sommige rijen zouden in quarantaine gaan (exitcode 1).",
        "summary_rejected": "Minstens één bestand zou geweigerd worden (exitcode 2).",
    },
    "en": {
        "rejected": "REJECTED",
        "clean": "clean",
        "rows": "{read} rows read, {loaded} would be loaded, {quarantined} quarantined",
        "extra": "unknown columns (kept, not used): {cols}",
        "row": "row {row}, column {col}: {reason}",
        "summary_ok": "All files are clean.",
        "summary_rows": "Some rows would be quarantined (exit status 1).",
        "summary_rejected": "At least one file would be rejected (exit status 2).",
    },
}


@dataclass
class FileReport:
    path: Path
    rejected: FileRejected | None = None
    results: list[Result] = field(default_factory=list)

    @property
    def status(self) -> int:
        if self.rejected:
            return 2
        return 1 if any(r.issues for r in self.results) else 0


def check_file(path: Path) -> FileReport:
    report = FileReport(path)
    try:
        for part in read_file(path):
            report.results.append(validate_part(part, path.name, pseudonymise=None))
    except FileRejected as rej:
        report.rejected = rej
    return report


def render(reports: list[FileReport], lang: str = "nl") -> str:
    t = TEXT[lang]
    lines: list[str] = []
    for rep in reports:
        if rep.rejected:
            msg = rep.rejected.message_nl if lang == "nl" else rep.rejected.message_en
            lines.append(f"{rep.path.name}: {t['rejected']} - {msg}")
            continue
        for res in rep.results:
            where = f"{rep.path.name}" + (f" [{res.sheet}]" if res.sheet else "") + f" ({res.record_type})"
            status = t["clean"] if not res.issues else ""
            lines.append(f"{where}: " + t["rows"].format(read=res.rows_read, loaded=res.rows_loaded,
                                                        quarantined=res.rows_quarantined) + (f" - {status}" if status else ""))
            if res.extra_columns:
                lines.append("  " + t["extra"].format(cols=", ".join(res.extra_columns)))
            for issue in res.issues:
                reason = issue.reason_nl if lang == "nl" else issue.reason_en
                lines.append("  " + t["row"].format(row=issue.row_number, col=issue.column or "-", reason=reason))
    code = max((r.status for r in reports), default=0)
    lines.append("")
    lines.append(t["summary_ok"] if code == 0 else t["summary_rows"] if code == 1 else t["summary_rejected"])
    return "\n".join(lines)


def validate_files(paths: list[Path], lang: str = "nl") -> tuple[str, int]:
    reports = [check_file(p) for p in paths]
    return render(reports, lang), max((r.status for r in reports), default=0)
