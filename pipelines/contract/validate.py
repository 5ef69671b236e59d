"""Validate the rows of a part against the contract: every row is either accepted (normalised) or quarantined.

Pure functions: no database, no Dagster. `keet validate` and the raw assets share this code.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from pipelines.contract.parsers import (
    ParseError,
    format_number,
    is_blank,
    norm_token,
    parse_bool,
    parse_date,
    parse_enterprise_number,
    parse_enum,
    parse_number,
    resolve_place,
    split_list,
)
from pipelines.contract.reader import Part, column_values, extra_values
from pipelines.contract.schema import DERIVED_ID, Column, RecordType
from pipelines.settings import SEEDS_DIR


@dataclass
class Issue:
    row_number: int
    column: str | None
    value: str | None
    reason_nl: str
    reason_en: str
    suggestion: str | None = None


@dataclass
class Result:
    record_type: str
    sheet: str | None
    rows_read: int = 0
    # the accepted rows column by column: stored columns, _row_number and _extra, one value per accepted row
    accepted_columns: dict[str, list] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> list[dict[str, str | None]]:
        """The accepted rows, one dict each (includes _row_number, _extra)."""
        names = list(self.accepted_columns)
        return [dict(zip(names, values)) for values in zip(*self.accepted_columns.values())]

    @property
    def rows_quarantined(self) -> int:
        return len({i.row_number for i in self.issues})

    @property
    def rows_loaded(self) -> int:
        return len(self.accepted_columns.get("_row_number", ()))


@functools.cache
def product_reference_weights() -> dict[str, float]:
    with open(SEEDS_DIR / "ref_product_weights.csv", encoding="utf-8") as fh:
        return {norm_token(r["product_category"]): float(r["unit_weight_kg"]) for r in csv.DictReader(fh)}


def _text(value: object) -> str:
    if isinstance(value, str):  # the common case: every CSV cell
        return value.strip()
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value).strip()


def _check_range(col: Column, x: float, raw: object) -> None:
    low_ok = col.min_value is None or (x > col.min_value if col.min_exclusive else x >= col.min_value)
    high_ok = col.max_value is None or x <= col.max_value
    if low_ok and high_ok:
        return
    if col.min_value is not None and col.max_value is not None:
        op = ">" if col.min_exclusive else ">="
        nl = f"{col.name} moet {op} {format_number(col.min_value)} en <= {format_number(col.max_value)} zijn"
        en = f"{col.name} must be {op} {format_number(col.min_value)} and <= {format_number(col.max_value)}"
    elif col.min_value is not None:
        op = ">" if col.min_exclusive else ">="
        nl = f"{col.name} moet {op} {format_number(col.min_value)} zijn"
        en = f"{col.name} must be {op} {format_number(col.min_value)}"
    else:
        nl = f"{col.name} mag niet groter zijn dan {format_number(col.max_value)}"
        en = f"{col.name} must not exceed {format_number(col.max_value)}"
    raise ParseError(f"{nl} (gekregen: {raw})", f"{en} (got: {raw})")


def parse_value(col: Column, raw: object, decimal_comma: bool, x_convention: bool) -> str | None:
    """Normalised text of one cell, or None when blank. Raises ParseError."""
    kind = col.kind
    if is_blank(raw):
        return "false" if kind == "bool" and x_convention else col.default
    if kind in ("text", "id", "person_id"):
        return _text(raw)
    if kind == "date":
        return parse_date(raw).isoformat()
    if kind == "bool":
        return "true" if parse_bool(raw) else "false"
    if kind in ("int", "decimal"):
        x = parse_number(raw, decimal_comma)
        if kind == "int" and x != int(x):
            raise ParseError(f"{col.name} moet een geheel getal zijn (gekregen: {raw})",
                             f"{col.name} must be a whole number (got: {raw})")
        _check_range(col, x, raw)
        return format_number(x)
    if kind == "enum":
        return parse_enum(col.enum, raw)
    if kind == "list":
        items = split_list(raw)
        if col.enum:
            items = [parse_enum(col.enum, item) for item in items]
        return "|".join(dict.fromkeys(items)) or None
    if kind == "enterprise_number":
        return parse_enterprise_number(raw)
    raise ValueError(f"unknown column kind {kind}")  # a programming error, not bad input


Problem = tuple[str | None, str | None, str, str]  # (column, value, reason_nl, reason_en)


def _row_checks(rt: RecordType, columns: dict[str, list[str | None]]) -> dict[int, list[Problem]]:
    """Cross-field rules of the contract on the normalised values of whole columns (one list per column, one
    value per row): {row index: its problems}, each row's problems in the order of the rules below."""
    problems: dict[int, list[Problem]] = {}
    n_rows = len(next(iter(columns.values()), []))
    blank = [None] * n_rows

    def column(name: str) -> list[str | None]:
        return columns.get(name, blank)

    def add(rows, problem: Problem | Callable[[int], Problem]) -> None:
        for i in rows:
            problems.setdefault(i, []).append(problem(i) if callable(problem) else problem)

    def missing(name: str) -> list[int]:
        values = column(name)
        return [i for i, v in enumerate(values) if v is None] if None in values else []

    for col in rt.columns:
        if col.required and col.kind != "pii":
            add(missing(col.name), (col.name, None, f"verplichte waarde '{col.name}' ontbreekt",
                                    f"required value '{col.name}' is missing"))
    if rt.needs_place:
        add(missing("municipality"), ("municipality", None, "plaats ontbreekt (postcode of gemeente is verplicht)",
                                      "place missing (postal code or municipality is required)"))
    for group in rt.one_of:
        add([i for i in missing(group[0]) if all(column(c)[i] is None for c in group[1:])],
            (group[0], None, f"minstens één van {' / '.join(group)} is verplicht",
             f"at least one of {' / '.join(group)} is required"))
    if rt.date_order:
        for i, dates in enumerate(zip(*map(column, rt.date_order))):
            previous: tuple[str, str] | None = None
            for name, value in zip(rt.date_order, dates):
                if value is None:
                    continue
                if previous and value < previous[1]:
                    add([i], (name, value,
                              f"datumvolgorde klopt niet: {name} ({value}) ligt vóór {previous[0]} ({previous[1]})",
                              f"dates out of order: {name} ({value}) is before {previous[0]} ({previous[1]})"))
                previous = (name, value)
    if rt.name == "intakes":
        add([i for i, (decision, referred_to) in enumerate(zip(column("decision"), column("referred_to")))
             if decision == "referred" and referred_to is None],
            ("referred_to", None, "doorverwezen_naar is verplicht bij beslissing 'doorverwezen'",
             "referred_to is required when the decision is 'referred'"))
    if rt.name == "jobs":
        fte, headcount = column("fte"), column("headcount")
        add([i for i, (f, h) in enumerate(zip(fte, headcount)) if f and h and float(f) > float(h)],
            lambda i: ("fte", fte[i], f"vte ({fte[i]}) is groter dan aantal_personen ({headcount[i]})",
                       f"fte ({fte[i]}) exceeds headcount ({headcount[i]})"))
    if rt.name == "collaborations":
        org_ids = column("org_ids")
        add([i for i, v in enumerate(org_ids) if v is not None and len(v.split("|")) < 2],
            lambda i: ("org_ids", org_ids[i], "een samenwerking heeft minstens 2 organisaties",
                       "a collaboration needs at least 2 organisations"))
    if rt.name == "material_flows":
        category = column("product_category")
        add([i for i, (unit, weight, cat) in enumerate(zip(column("unit"), column("unit_weight_kg"), category))
             if unit == "units" and weight is None and norm_token(cat or "") not in product_reference_weights()],
            lambda i: ("unit_weight_kg", None,
                       ("gewicht_per_stuk_kg is verplicht bij eenheid 'stuks' (geen referentiegewicht voor "
                        f"productcategorie '{category[i] or ''}')"),
                       ("unit_weight_kg is required for unit 'units' (no reference weight for product "
                        f"category '{category[i] or ''}')")))
    return problems


def derived_ids(rt: RecordType, columns: dict[str, list[str | None]]) -> list[str]:
    """The id the loader derives for every row of a record type without ids of its own (hash of its key)."""
    keys = zip(*[[v or "" for v in columns[c]] for c in DERIVED_ID[rt.name]])
    return ["A-" + hashlib.sha256("\x1f".join(key).encode()).hexdigest()[:16] for key in keys]


def derived_id(rt: RecordType, row: dict[str, str | None]) -> str:
    """`derived_ids` of one row."""
    return derived_ids(rt, {c: [row.get(c)] for c in DERIVED_ID[rt.name]})[0]


def _cell_keys(raws: list, text_only: bool) -> list:
    """Keys that tell the distinct cells of a column apart: the cells themselves when they are all text (CSV),
    else (type, value, text) triples (Excel: 1, 1.0 and True are equal in Python, and so are 0.0 and -0.0)."""
    if text_only:
        return raws
    return [raw if raw.__class__ is str else (raw.__class__, raw, str(raw)) for raw in raws]


def _by_distinct_value(raws: list, keys: list, outcome: Callable) -> tuple[list, dict[int, ParseError]]:
    """`outcome(raw)` of every raw value, computed once per distinct key: (the values, None where `outcome`
    raised a ParseError; {row index: that ParseError})."""
    table: dict = {}
    errors: dict = {}
    # one raw value per distinct key (any: equal keys are the same cell)
    distinct = {raw: raw for raw in dict.fromkeys(raws)} if keys is raws else dict(zip(keys, raws))
    for key, raw in distinct.items():
        try:
            table[key] = outcome(raw)
        except ParseError as err:
            table[key], errors[key] = None, err
    values = list(map(table.__getitem__, keys))
    failed = {i: errors[key] for i, key in enumerate(keys) if key in errors} if errors else {}
    return values, failed


def validate_part(part: Part, file_name: str, pseudonymise: Callable[[str], str] | None = None) -> Result:
    """Parse and check every row of a part. `pseudonymise` maps person ids (None: leave them as delivered).

    Column by column first: each distinct raw value of a column is parsed once (`parse_value`, the one definition
    of a cell's meaning; places by `resolve_place`) and its value or error holds for every row holding it. Then row
    by row: the errors of the row's cells, then the cross-field rules (`_row_checks`) on the row's values.
    """
    rt = part.record_type
    result = Result(rt.name, part.sheet, extra_columns=list(part.extra_columns))
    cols = {c.name: c for c in rt.columns}
    cells = column_values(part)
    blank = [None] * len(part.rows)
    text_only = part.delimiter is not None  # the cells of a CSV file are text (None: a short row's missing cell)
    # 'x/empty' booleans: a column whose filled cells use 'x' treats empty as no.
    x_cols = {name for name, raws in cells.items()
              if cols[name].kind == "bool" and any(norm_token(raw or "") == "x" for raw in set(raws))}
    # parsed cell by cell: every column but personal identifiers (never stored) and the place (resolved together)
    parsed = [(name, col, name in x_cols) for name, col in cols.items()
              if col.kind != "pii" and name not in ("postal_code", "municipality")]
    columns: dict[str, list[str | None]] = {}  # normalised values of every row (None: blank or invalid)
    errors: dict[str, dict[int, ParseError]] = {}  # the cells that could not be parsed, per column
    for name, col, x_convention in parsed:
        raws = cells.get(name, blank)
        parse = functools.partial(parse_value, col, decimal_comma=part.decimal_comma, x_convention=x_convention)
        columns[name], errors[name] = _by_distinct_value(raws, _cell_keys(raws, text_only), parse)
    place_errors: dict[int, ParseError] = {}
    if rt.has_place:
        postal, municipality = cells.get("postal_code", blank), cells.get("municipality", blank)
        keys = list(zip(_cell_keys(postal, text_only), _cell_keys(municipality, text_only)))
        places, place_errors = _by_distinct_value(list(zip(postal, municipality)), keys,
                                                  lambda pair: resolve_place(*pair))
        columns["postal_code"] = [None if p is None else p[0] for p in places]
        columns["municipality"] = [None if p is None else p[1] for p in places]
    failed_rows = set(place_errors).union(*errors.values())

    def cell_issues(i: int, row_no: int) -> list[Issue]:
        """The issues of the cells of row `i` that could not be parsed, in column order, then its place."""
        issues = [Issue(row_no, name, _shown(col, cells.get(name, blank)[i], pseudonymise), err.reason_nl,
                        err.reason_en, err.suggestion)
                  for name, col, _ in parsed if (err := errors[name].get(i)) is not None]
        if i in place_errors:
            err = place_errors[i]
            shown = municipality[i] or postal[i]
            issues.append(Issue(row_no, "municipality", None if shown is None else str(shown),
                                err.reason_nl, err.reason_en, err.suggestion))
        return issues

    problems = _row_checks(rt, columns)
    row_numbers = [n for n, _ in part.rows]
    rejected = sorted(failed_rows.union(problems))
    for i in rejected:
        row_no = row_numbers[i]
        issues = cell_issues(i, row_no) if i in failed_rows else []
        failed_cols = {issue.column for issue in issues}
        issues += [Issue(row_no, column, value, nl, en) for column, value, nl, en in problems.get(i, ())
                   if column not in failed_cols]
        result.issues.extend(issues)
    # the stored values of every row: person ids pseudonymised (once per distinct id), derived id, row metadata
    stored = dict(columns)
    if pseudonymise is not None:
        for name, col in cols.items():
            if col.kind == "person_id":
                pseudonyms = {v: pseudonymise(v) for v in dict.fromkeys(columns[name]) if v is not None}
                stored[name] = list(map(pseudonyms.get, columns[name]))
    if rt.name in DERIVED_ID:
        stored[rt.id_column] = derived_ids(rt, stored)
    stored["_row_number"] = row_numbers
    extras = extra_values(part)
    stored["_extra"] = ([json.dumps({str(k): _text(v) for k, v in extra.items()}, ensure_ascii=False) if extra
                         else None for extra in extras] if extras else blank)
    keep = [True] * len(row_numbers)
    for i in rejected:
        keep[i] = False
    result.rows_read = len(part.rows)
    result.accepted_columns = {name: list(itertools.compress(values, keep)) for name, values in stored.items()}
    ids = result.accepted_columns[rt.id_column]
    if len(set(ids)) == len(ids):  # no id occurs twice: every row left is accepted
        return result
    rows = result.accepted
    accepted: list[dict] = []
    # duplicate ids inside one file: identical repeats load once; conflicting versions are all quarantined.
    first_of: dict[str, dict] = {}
    duplicates: dict[str, list[int]] = {}
    for row in rows:
        rid = row[rt.id_column]
        first = first_of.setdefault(rid, row)
        if first is not row:
            duplicates.setdefault(rid, [first["_row_number"]]).append(row["_row_number"])
            row["_dup_identical"] = _content(first) == _content(row)
    conflicting_ids = {row[rt.id_column] for row in rows if row.get("_dup_identical") is False}
    for row in rows:
        rid = row[rt.id_column]
        if rid not in duplicates:
            accepted.append(row)
            continue
        rows_list = ", ".join(str(n) for n in duplicates[rid])
        conflicting = rid in conflicting_ids
        shown = rid if rt.name not in DERIVED_ID and cols[rt.id_column].kind != "person_id" else None
        if not conflicting and row["_row_number"] == duplicates[rid][0]:
            accepted.append(row)
        elif not conflicting:
            result.issues.append(Issue(
                row["_row_number"], rt.id_column, shown,
                f"dubbele rij: identiek aan rij {duplicates[rid][0]} (enkel die rij is geladen)",
                f"duplicate row: identical to row {duplicates[rid][0]} (only that row was loaded)"))
        else:
            result.issues.append(Issue(
                row["_row_number"], rt.id_column, shown,
                f"id '{shown}' komt meermaals voor met verschillende inhoud (rijen {rows_list}); geen enkele "
                "versie is geladen - corrigeer en lever opnieuw",
                f"id '{shown}' occurs several times with different content (rows {rows_list}); no version was "
                "loaded - correct and deliver again"))
    result.accepted_columns = {name: [row[name] for row in accepted] for name in stored}
    return result


def _content(row: dict) -> dict:
    """The values of a row that make two rows with the same id identical (not where they sit in the file)."""
    return {k: v for k, v in row.items() if k not in ("_row_number", "_extra")}


def _shown(col: Column, raw: object, pseudonymise: Callable[[str], str] | None) -> str | None:
    """The offending value as stored in quarantine: person ids pseudonymised, never a personal identifier."""
    if raw is None:
        return None
    if col.kind == "person_id":
        return pseudonymise(_text(raw)) if pseudonymise else "(persoon-id)"
    return _text(raw)
