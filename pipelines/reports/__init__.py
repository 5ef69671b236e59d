"""The ESF funder report (issue 6): `build_report`, the register of issued reports and their diff.

    build_report(serving_path, period, lang="nl", fmt="pdf", out=None) -> Path
    issued_reports() -> list[dict]
    diff_reports(id_a, id_b, *, only_changed=False) -> list[dict]

See docs/report.md.
"""

from __future__ import annotations

from pipelines.reports.build import PersonalDataError, build_report
from pipelines.reports.data import parse_period
from pipelines.reports.registry import diff_reports, get_report, issued_reports

__all__ = ["PersonalDataError", "build_report", "diff_reports", "get_report", "issued_reports", "parse_period"]
