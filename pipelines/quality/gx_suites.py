"""Great Expectations 1.x suites, one per record type, derived from the contract (schema.py) and run on the current
version of every record in the raw layer. They guard what the loader promises downstream: ids present and unique,
enumerations canonical, dates ISO, numbers in range, person ids pseudonymised. GX is imported inside the function
(its import takes seconds), and its DuckDB support is absent in 1.24, so the data goes in as a pandas frame.

Cost at scale (x1000: 1.4 million attendance records): the frame holds only the columns the suite reads
(`suite_columns`, fetched through Arrow by `suite_frame`), and the batch is loaded once (GX's `Batch.validate`
loads it a second time, and every load fingerprints the whole frame). The suite is not saved in the context's store
(a saved suite is written to the store again for every expectation added).
"""

from __future__ import annotations

import os
import re
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
    columns = ", ".join(f'"{c}"' for c in suite_columns(rt))
    return con.sql(f"select {columns} from ({records_sql})").to_arrow_table().to_pandas()


def run_suite(rt: RecordType, frame: pd.DataFrame) -> SuiteOutcome:
    """Validate the current records of one type; numeric columns are checked on a parsed copy (`<col>__num`).

    `frame` may hold more columns than the suite reads (e.g. `select *`); only `suite_columns(rt)` go to GX."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.validator.v1_validator import Validator

    frame = frame[[c for c in suite_columns(rt) if c in frame]].copy()
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
