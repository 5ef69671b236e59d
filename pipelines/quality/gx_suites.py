"""Great Expectations 1.x suites, one per record type, derived from the contract (schema.py) and run on the current
version of every record in the raw layer. They guard what the loader promises downstream: ids present and unique,
enumerations canonical, dates ISO, numbers in range, person ids pseudonymised. GX is imported inside the function
(its import takes seconds), and its DuckDB support is absent in 1.24, so the data goes in as a pandas frame.

Cost at scale (x1000: 1.4 million attendance records): the frame holds only the columns the suite reads
(`suite_columns`, fetched through Arrow by `suite_frame`), and the batch is loaded once (GX's `Batch.validate`
loads it a second time, and every load fingerprints the whole frame). The suite is not saved in the context's store
(a saved suite is written to the store again for every expectation added).

Cost per run: GX's import (2-3 s) used to be paid by every `keet run` when its contract suite step started. `keet run`
now starts a process that imports GX at once (`start_worker`), on the machine's other core while the run imports
Dagster and dbt, and `run_suite` validates there; without that process (a run started elsewhere, or one whose
process died) it validates here as before. Same suites, same outcome (tests/unit/test_gx_suites.py).
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from dataclasses import dataclass

import pandas as pd

from pipelines.contract.enums import ENUMS
from pipelines.contract.parsers import place_tables
from pipelines.contract.schema import RecordType

PSEUDONYM_PATTERN = r"^P-[0-9a-f]{16}$"
NUM_SUFFIX = "__num"


@dataclass
class SuiteOutcome:
    success: bool
    evaluated: int
    failures: list[dict]


def _specs(rt: RecordType) -> list[tuple[str, dict]]:
    """The suite as (GX expectation class name, arguments), without importing GX."""
    out = [("ExpectColumnValuesToNotBeNull", {"column": rt.id_column}),
           ("ExpectColumnValuesToBeUnique", {"column": rt.id_column})]
    for col in rt.columns:
        if col.kind == "pii":
            continue
        if col.required:
            out.append(("ExpectColumnValuesToNotBeNull", {"column": col.name}))
        if col.kind == "enum":
            out.append(("ExpectColumnValuesToBeInSet", {"column": col.name, "value_set": list(ENUMS[col.enum])}))
        elif col.kind == "list" and col.enum:
            alt = "|".join(re.escape(v) for v in ENUMS[col.enum])
            out.append(("ExpectColumnValuesToMatchRegex", {"column": col.name, "regex": rf"^({alt})(\|({alt}))*$"}))
        elif col.kind == "date":
            out.append(("ExpectColumnValuesToMatchRegex", {"column": col.name, "regex": r"^\d{4}-\d{2}-\d{2}$"}))
        elif col.kind == "bool":
            out.append(("ExpectColumnValuesToBeInSet", {"column": col.name, "value_set": ["true", "false"]}))
        elif col.kind == "person_id":
            out.append(("ExpectColumnValuesToMatchRegex", {"column": col.name, "regex": PSEUDONYM_PATTERN}))
        elif col.kind == "enterprise_number":
            out.append(("ExpectColumnValuesToMatchRegex", {"column": col.name, "regex": r"^[01]\d{9}$"}))
        elif col.kind in ("int", "decimal") and (col.min_value is not None or col.max_value is not None):
            out.append(("ExpectColumnValuesToBeBetween", {
                "column": f"{col.name}{NUM_SUFFIX}", "min_value": col.min_value, "max_value": col.max_value,
                "strict_min": col.min_exclusive}))
    if rt.has_place:
        allowed = sorted(set(place_tables().by_name.values()) | {"outside_region"})
        out.append(("ExpectColumnValuesToBeInSet", {"column": "municipality", "value_set": allowed}))
    return out


def _expectations(rt: RecordType, gx) -> list:
    return [getattr(gx.expectations, name)(**kwargs) for name, kwargs in _specs(rt)]


def _numeric_columns(rt: RecordType) -> list[str]:
    return [c.name for c in rt.columns if c.kind in ("int", "decimal")]


def suite_columns(rt: RecordType) -> list[str]:
    """The raw columns the suite reads, in table order (a `<col>__num` expectation reads `<col>`)."""
    read = {kwargs["column"].removesuffix(NUM_SUFFIX) for _, kwargs in _specs(rt)}
    ordered = [rt.id_column] + [c for c in rt.column_names if c != rt.id_column]
    return [c for c in ordered if c in read]


def suite_frame(rt: RecordType, con, records_sql: str) -> pd.DataFrame:
    """The rows of `records_sql` with only the suite's columns, as the same pandas frame `.df()` gives (fetched
    through Arrow, about twice as fast for large string tables; the string columns get the same `str` dtype)."""
    return suite_table(rt, con, records_sql).to_pandas()


def suite_table(rt: RecordType, con, records_sql: str):
    """suite_frame's rows as an Arrow table, which `run_suite` takes too: it reaches the worker about four times
    faster than the frame (x1000, 1.4 million attendance records: 0.07 against 0.39 s to pickle)."""
    columns = ", ".join(f'"{c}"' for c in suite_columns(rt))
    return con.sql(f"select {columns} from ({records_sql})").to_arrow_table()


class _Worker:
    """A Python process that imports GX at once and then validates what it is sent: `python -m` this module, with
    pickled (record type, frame) requests on its stdin and pickled (ok, outcome or error) answers on a copy of its
    stdout (its own stdout goes to stderr, so nothing GX prints can reach the answers)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env={**os.environ, "GX_ANALYTICS_ENABLED": "false"})

    def validate(self, rt: RecordType, frame) -> SuiteOutcome:
        pickle.dump((rt, frame), self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        self.process.stdin.flush()
        ok, answer = pickle.load(self.process.stdout)
        if not ok:
            raise answer
        return answer

    def close(self) -> None:
        self.process.stdin.close()  # the worker ends at the end of its input
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


def _serve() -> None:
    """The worker's side of _Worker."""
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    requests = sys.stdin.buffer
    import great_expectations  # noqa: F401 - the import this process is for
    from great_expectations.validator import v1_validator  # noqa: F401

    while True:
        try:
            rt, frame = pickle.load(requests)
        except EOFError:  # the run is over: end without Python's teardown of GX and pandas (about 1 s)
            answers.close()
            sys.stderr.flush()
            os._exit(0)
        try:
            answer = (True, _validate(rt, frame))
        except Exception as exc:  # noqa: BLE001 - raised again in the run's process
            answer = (False, exc)
        try:
            pickle.dump(answer, answers, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - an error that does not pickle: its text
            pickle.dump((False, RuntimeError(f"{type(exc).__name__}: {exc}")), answers)
        answers.flush()


_worker: _Worker | None = None


def start_worker() -> None:
    """Start the process that runs the suites of this process's run, which imports GX at once (see the module's
    docstring)."""
    global _worker
    if _worker is None:
        _worker = _Worker()


def stop_worker() -> None:
    """End the worker (it finishes its import first when no suite ran: at most the import's 2-3 s)."""
    global _worker
    if _worker is not None:
        worker, _worker = _worker, None
        worker.close()


def run_suite(rt: RecordType, frame) -> SuiteOutcome:
    """Validate the current records of one type; numeric columns are checked on a parsed copy (`<col>__num`).

    `frame`: a pandas frame, or an Arrow table (`suite_table`) that becomes the frame `suite_frame` gives. It may
    hold more columns than the suite reads (e.g. `select *`); only `suite_columns(rt)` go to GX. In the worker when
    there is one (`start_worker`), else in this process."""
    arrow = hasattr(frame, "to_pandas")
    columns = [c for c in suite_columns(rt) if c in (frame.column_names if arrow else frame.columns)]
    frame = frame.select(columns) if arrow else frame[columns]
    if _worker is not None:
        try:
            return _worker.validate(rt, frame)
        except (EOFError, BrokenPipeError, pickle.UnpicklingError):  # the worker died: validate here, as without one
            stop_worker()
    return _validate(rt, frame)


def _validate(rt: RecordType, frame) -> SuiteOutcome:
    """run_suite's work, in whichever process runs it (`frame`: the suite's columns only)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.validator.v1_validator import Validator

    frame = frame.to_pandas() if hasattr(frame, "to_pandas") else frame.copy()
    for name in _numeric_columns(rt):
        if name in frame:
            frame[f"{name}{NUM_SUFFIX}"] = pd.to_numeric(frame[name], errors="coerce")
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch_def = (context.data_sources.add_pandas(f"raw_{rt.name}").add_dataframe_asset(rt.name)
                 .add_batch_definition_whole_dataframe("current"))
    # Not saved in the context: a saved suite is written to the store again for every expectation added.
    # add_expectation (not the constructor) keeps GX's set semantics: an equal expectation is added once.
    suite = gx.ExpectationSuite(name=f"contract_{rt.name}")
    for expectation in _expectations(rt, gx):
        suite.add_expectation(expectation)
    person_cols = {c.name for c in rt.columns if c.kind == "person_id"}
    # What Batch.validate runs, without loading (and fingerprinting) the frame a second time first.
    # BASIC: the unexpected count and the first unexpected values, all the outcome reports. GX's default (SUMMARY)
    # also filters the whole frame two more times per expectation for the unexpected rows' index list and query.
    validator = Validator(batch_definition=batch_def, batch_parameters={"dataframe": frame},
                          result_format=gx.ResultFormat.BASIC)
    result = validator.validate_expectation_suite(suite)
    failures = [
        {
            "expectation": r.expectation_config.type,
            "column": r.expectation_config.kwargs.get("column"),
            "unexpected_count": r.result.get("unexpected_count"),
            # never echo a (possibly not pseudonymised) person id into run metadata
            "sample": [] if r.expectation_config.kwargs.get("column") in person_cols
            else [str(v) for v in (r.result.get("partial_unexpected_list") or [])[:5]],
        }
        for r in result.results
        if not r.success
    ]
    return SuiteOutcome(bool(result.success), len(result.results), failures)


if __name__ == "__main__":  # the worker (_Worker), serving with the module's classes, not __main__'s
    import importlib

    importlib.import_module("pipelines.quality.gx_suites")._serve()
