"""Great Expectations 1.x suites, one per record type, derived from the contract (schema.py) and run on the current
version of every record in the raw layer. They guard what the loader promises downstream: ids present and unique,
enumerations canonical, dates ISO, numbers in range, person ids pseudonymised. GX is imported inside the function
(its import takes seconds), and its DuckDB support is absent in 1.24, so the data goes in as a pandas frame.
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


@dataclass
class SuiteOutcome:
    success: bool
    evaluated: int
    failures: list[dict]


def _expectations(rt: RecordType, gx) -> list:
    exp = gx.expectations
    out = [exp.ExpectColumnValuesToNotBeNull(column=rt.id_column), exp.ExpectColumnValuesToBeUnique(column=rt.id_column)]
    for col in rt.columns:
        if col.kind == "pii":
            continue
        if col.required:
            out.append(exp.ExpectColumnValuesToNotBeNull(column=col.name))
        if col.kind == "enum":
            out.append(exp.ExpectColumnValuesToBeInSet(column=col.name, value_set=list(ENUMS[col.enum])))
        elif col.kind == "list" and col.enum:
            alt = "|".join(re.escape(v) for v in ENUMS[col.enum])
            out.append(exp.ExpectColumnValuesToMatchRegex(column=col.name, regex=rf"^({alt})(\|({alt}))*$"))
        elif col.kind == "date":
            out.append(exp.ExpectColumnValuesToMatchRegex(column=col.name, regex=r"^\d{4}-\d{2}-\d{2}$"))
        elif col.kind == "bool":
            out.append(exp.ExpectColumnValuesToBeInSet(column=col.name, value_set=["true", "false"]))
        elif col.kind == "person_id":
            out.append(exp.ExpectColumnValuesToMatchRegex(column=col.name, regex=PSEUDONYM_PATTERN))
        elif col.kind == "enterprise_number":
            out.append(exp.ExpectColumnValuesToMatchRegex(column=col.name, regex=r"^[01]\d{9}$"))
        elif col.kind in ("int", "decimal") and (col.min_value is not None or col.max_value is not None):
            out.append(exp.ExpectColumnValuesToBeBetween(
                column=f"{col.name}__num", min_value=col.min_value, max_value=col.max_value,
                strict_min=col.min_exclusive))
    if rt.has_place:
        allowed = sorted(set(place_tables().by_name.values()) | {"outside_region"})
        out.append(gx.expectations.ExpectColumnValuesToBeInSet(column="municipality", value_set=allowed))
    return out


def run_suite(rt: RecordType, frame: pd.DataFrame) -> SuiteOutcome:
    """Validate the current records of one type; numeric columns are checked on a parsed copy (`<col>__num`)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    frame = frame.copy()
    for col in rt.columns:
        if col.kind in ("int", "decimal") and col.name in frame:
            frame[f"{col.name}__num"] = pd.to_numeric(frame[col.name], errors="coerce")
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch_def = (context.data_sources.add_pandas(f"raw_{rt.name}").add_dataframe_asset(rt.name)
                 .add_batch_definition_whole_dataframe("current"))
    suite = context.suites.add(gx.ExpectationSuite(name=f"contract_{rt.name}"))
    for expectation in _expectations(rt, gx):
        suite.add_expectation(expectation)
    person_cols = {c.name for c in rt.columns if c.kind == "person_id"}
    result = batch_def.get_batch(batch_parameters={"dataframe": frame}).validate(suite)
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
