"""Where does this number come from? One KPI figure explained by the records that make it up.

`marts.fct_kpi_records` holds every KPI record at the grain the dbt rollup uses (KPI x counted record x
municipality/chain membership x breakdown x source row, with the delivered file and row number). It never stores
a cell: this module resolves one cell (period, municipality or `all`, chain or `all`, breakdown) at query time,
exactly as the macro `kpi_rollup` (dbt/macros/kpi_rollup.sql) does:

1. rows of the KPI with the cell's breakdown and, unless `all`, its municipality and chain;
2. for `project`: the rows whose key date lies in the project period (`in_project`); for a month, quarter,
   semester or year: the rows whose `period_<type>` is the period, and for first_only KPIs (newly reached
   organisations and persons) only each record's earliest rows within the cell's scope;
3. one value per record (a record with two chains or municipalities is ONE record in `all`);
4. count / sum / median of those values, or scale x sum(numerator) / sum(denominator) for a ratio.

tests/integration/test_explain.py checks that this gives the published value of every cell. Used by `keet
explain`, `keet trace` and `keet kpis --definitions`; reads the serving snapshot only. Persons appear only by
their pseudonym (P-...), the way the warehouse stores them.
"""

from __future__ import annotations

import csv
import json
import re
import statistics
from dataclasses import dataclass, field
from typing import IO

import duckdb

PERIOD_PATTERNS = (
    ("month", re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")),
    ("quarter", re.compile(r"^\d{4}-Q[1-4]$")),
    ("semester", re.compile(r"^\d{4}-S[12]$")),
    ("year", re.compile(r"^\d{4}$")),
    ("project", re.compile(r"^project$")),
)
# the column of marts.fct_kpi_records holding the period label of each type (a fixed list: never user input)
PERIOD_COLUMNS = {
    "month": "period_month",
    "quarter": "period_quarter",
    "semester": "period_semester",
    "year": "period_year",
}

# The listing: one row per counted record and source row; its memberships (municipalities, chains) joined by '|'.
RECORD_COLUMNS = (
    "record_type",
    "record_id",
    "key_date",
    "municipalities",
    "chains",
    "measure",
    "denominator_measure",
    "source_type",
    "source_id",
    "detail",
    "delivery_id",
    "file_name",
    "row_number",
    "received_at",
)
TRACE_COLUMNS = ("kpi", "period", "municipality", "chain", "breakdown", *RECORD_COLUMNS)

DEFINITION_COLUMNS = (
    "kpi",
    "family",
    "name_nl",
    "name_en",
    "definition_nl",
    "definition_en",
    "unit",
    "key_date",
    "source_records",
    "counts_people",
    "esf_2014_2020",
    "esf_plus_code",
    "reference_framework",
    "base_kpi",
)


class ExplainError(ValueError):
    """A request that cannot be answered (unknown KPI, malformed period, snapshot without lineage)."""


def period_type_of(period: str) -> str:
    """'2022-03' -> month, '2022-Q1' -> quarter, '2022-S1' -> semester, '2022' -> year, 'project' -> project."""
    for period_type, pattern in PERIOD_PATTERNS:
        if pattern.match(period):
            return period_type
    raise ExplainError(
        f"periode '{period}' onbekend: gebruik 2022-03, 2022-Q1, 2022-S1, 2022 of project / "
        f"unknown period '{period}': use 2022-03, 2022-Q1, 2022-S1, 2022 or project"
    )


@dataclass
class Explanation:
    """One KPI cell, its definition, its published figure and the records that make it up."""

    kpi: str
    period: str
    municipality: str
    chain: str
    breakdown: str
    definition: dict = field(default_factory=dict)
    value: float | None = None  # as published in marts.kpi_values (None: the cell has no value)
    unit: str | None = None
    records: list[dict] = field(default_factory=list)
    agg: str | None = None
    scale: float | None = None
    first_only: bool = False
    base_kpi: str | None = None  # the KPI whose records are listed (differs for <KPI>_PER_10K_INHABITANTS)
    population: int | None = None  # per-10k variants: the municipality's population and its reference year
    population_year: int | None = None
    municipality_name: str | None = None
    cutoff_date: object = None

    @property
    def record_count(self) -> int:
        return len({r["record_id"] for r in self.records})

    @property
    def recomputed(self) -> float | None:
        """The figure recomputed from the listed records (one value per record, then the KPI's aggregate)."""
        return recompute(self.records, self.agg, self.scale, self.population if self.is_per_10k else None)

    @property
    def is_per_10k(self) -> bool:
        return self.base_kpi is not None and self.base_kpi != self.kpi


def recompute(
    records: list[dict], agg: str | None, scale: float | None = None, population: int | None = None
) -> float | None:
    """count / sum / median / ratio over the distinct records of a listing (None when there is no figure)."""
    if not records or agg is None:
        return None
    per_record: dict[str, tuple[float | None, float | None]] = {}
    for row in records:
        measure, denominator = per_record.get(row["record_id"], (None, None))
        per_record[row["record_id"]] = (
            _max(measure, row["measure"]),
            _max(denominator, row["denominator_measure"]),
        )
    measures = [m for m, _ in per_record.values() if m is not None]
    if agg == "count":
        value = float(len(per_record))
    elif agg == "sum":
        value = float(sum(measures))
    elif agg == "median":
        value = float(statistics.median(measures)) if measures else None
    elif agg == "ratio":
        denominator = sum(d for _, d in per_record.values() if d is not None)
        value = (scale or 1.0) * sum(measures) / denominator if denominator > 0 else None
    else:
        raise ExplainError(f"unknown aggregate {agg}")
    if value is not None and population:
        value = value * 10000.0 / population
    return value


def _max(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_schema || '.' || table_name from information_schema.tables"
        " where table_schema in ('marts', 'meta')"
    ).fetchall()
    return {r[0] for r in rows}


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ?"
        " order by ordinal_position",
        [schema, table],
    ).fetchall()
    return [r[0] for r in rows]


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def resolve_municipality(con: duckdb.DuckDBPyConnection, municipality: str) -> tuple[str, str | None]:
    """A NIS code, 'all', 'outside_region', 'unassigned' or a municipality name (Aalst) -> (code, Dutch name)."""
    value = municipality.strip()
    if value.lower() in ("all", "outside_region", "unassigned"):
        return value.lower(), None
    if "marts.dim_municipalities" not in _tables(con):
        return value, None
    rows = con.execute(
        "select municipality, name_nl from marts.dim_municipalities"
        " where municipality = ? or lower(name_nl) = lower(?) or lower(coalesce(name_en, '')) = lower(?)",
        [value, value, value],
    ).fetchall()
    if len(rows) != 1:
        raise ExplainError(
            f"gemeente '{value}' onbekend: gebruik een NIS-code of naam, outside_region, unassigned of all / "
            f"unknown municipality '{value}': use a NIS code or name, outside_region, unassigned or all"
        )
    return rows[0][0], rows[0][1]


def resolve_chain(con: duckdb.DuckDBPyConnection, chain: str) -> str:
    """A chain code (textile, ict, ...), 'unassigned' or 'all'; checked against marts.dim_chains when present."""
    value = chain.strip().lower()
    if value in ("all", "unassigned") or "marts.dim_chains" not in _tables(con):
        return value
    if not con.execute("select count(*) from marts.dim_chains where chain = ?", [value]).fetchone()[0]:
        raise ExplainError(f"keten '{value}' onbekend / unknown chain '{value}' (textile, electro, ict, ...)")
    return value


# The cell resolution, written once for one cell (`cell_records`) and for every published cell at once
# (`verify_cells`): `cells` is a relation (cell_id, kpi, period, period_type, municipality, chain, breakdown)
# where kpi is the KPI whose records count (the base KPI of a per-10k variant).
_LISTING_SQL = """
with cells as (
    select cell_id, kpi, period, period_type, municipality, chain, breakdown
    from {cells}
),

scoped as (
    select
        cells.cell_id,
        cells.period,
        cells.period_type,
        records.*
    from cells
    inner join marts.fct_kpi_records as records
        on records.kpi = cells.kpi
        and records.breakdown = cells.breakdown
        and (cells.municipality = 'all' or records.municipality = cells.municipality)
        and (cells.chain = 'all' or records.chain = cells.chain)
),

ranked as (
    select
        *,
        key_date = min(key_date) over (partition by cell_id, record_id) as is_first
    from scoped
),

in_cell as (
    select *
    from ranked
    where case period_type
        when 'project' then in_project
        when 'month' then (not first_only or is_first) and period_month = period
        when 'quarter' then (not first_only or is_first) and period_quarter = period
        when 'semester' then (not first_only or is_first) and period_semester = period
        when 'year' then (not first_only or is_first) and period_year = period
    end
)

select
    cell_id,
    record_type,
    record_id,
    key_date,
    string_agg(distinct municipality, '|' order by municipality) as municipalities,
    string_agg(distinct chain, '|' order by chain) as chains,
    max(measure) as measure,
    max(denominator_measure) as denominator_measure,
    source_type,
    source_id,
    detail,
    delivery_id,
    file_name,
    row_number,
    received_at
from in_cell
group by cell_id, record_type, record_id, key_date, source_type, source_id, detail, delivery_id, file_name,
    row_number, received_at
order by cell_id, min(key_date) over (partition by cell_id, record_id), record_id, key_date, source_type, source_id
"""


def cell_records(
    con: duckdb.DuckDBPyConnection,
    kpi: str,
    period: str = "project",
    municipality: str = "all",
    chain: str = "all",
    breakdown: str = "",
) -> list[dict]:
    """The records (with their source rows) that make up one cell of `kpi` (a base KPI, not a per-10k variant).

    One row per counted record and source row, grouped by record (earliest first): a record that belongs to two
    chains or municipalities appears once, with its memberships in `municipalities` / `chains` ('|'-joined).
    """
    cells = (
        "(select 0 as cell_id, ?::varchar as kpi, ?::varchar as period, ?::varchar as period_type, "
        "?::varchar as municipality, ?::varchar as chain, ?::varchar as breakdown)"
    )
    cursor = con.cursor()
    try:
        cursor.execute(
            _LISTING_SQL.format(cells=cells),
            [kpi, period, period_type_of(period), municipality, chain, breakdown],
        )
        rows = _dicts(cursor)
    finally:
        cursor.close()
    for row in rows:
        del row["cell_id"]
    return rows


def verify_cells(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Recompute EVERY published cell of marts.kpi_values from marts.fct_kpi_records (the same resolution as
    `cell_records`, in one query); returns the cells whose recomputed value differs (empty: all agree)."""
    cells = """(
        select
            row_number() over (order by published.kpi, published.period, published.municipality, published.chain,
                published.breakdown) as cell_id,
            coalesce(definitions.base_kpi, published.kpi) as kpi,
            published.kpi as cell_kpi,
            published.period,
            published.period_type,
            published.municipality,
            published.chain,
            published.breakdown,
            published.value
        from marts.kpi_values as published
        left join marts.kpi_definitions as definitions on definitions.kpi = published.kpi
    )"""
    cursor = con.cursor()
    try:
        published = _dicts(cursor.execute(f"select * from {cells} as published_cells"))
        listing = _dicts(cursor.execute(_LISTING_SQL.format(cells=cells)))
        rules = {
            r[0]: (r[1], r[2])
            for r in cursor.execute(
                "select kpi, any_value(agg), any_value(scale) from marts.fct_kpi_records group by kpi"
            ).fetchall()
        }
        population = dict(
            cursor.execute("select municipality, population from marts.dim_municipalities").fetchall()
        )
    finally:
        cursor.close()
    by_cell: dict[int, list[dict]] = {}
    for row in listing:
        by_cell.setdefault(row["cell_id"], []).append(row)
    mismatches = []
    for cell in published:
        agg, scale = rules.get(cell["kpi"], (None, None))
        per_10k = population.get(cell["municipality"]) if cell["cell_kpi"] != cell["kpi"] else None
        value = recompute(by_cell.get(cell["cell_id"], []), agg, scale, per_10k)
        if not _same(value, cell["value"]):
            mismatches.append({**cell, "recomputed": value})
    return mismatches


def explain(
    con: duckdb.DuckDBPyConnection,
    kpi: str,
    period: str = "project",
    municipality: str = "all",
    chain: str = "all",
    breakdown: str = "",
) -> Explanation:
    """Explain one cell: definition, published value and the records that make it up (read-only)."""
    tables = _tables(con)
    if "marts.fct_kpi_records" not in tables:
        raise ExplainError(
            "deze snapshot heeft nog geen herkomstgegevens: voer `keet run` uit / "
            "this snapshot has no lineage yet: run `keet run`"
        )
    kpi = kpi.strip().upper()
    period = period.strip()
    period_type_of(period)
    municipality, municipality_name = resolve_municipality(con, municipality)
    chain = resolve_chain(con, chain)
    breakdown = (breakdown or "").strip()
    definition = {}
    if "marts.kpi_definitions" in tables:
        columns = [c for c in DEFINITION_COLUMNS if c in _columns(con, "marts", "kpi_definitions")]
        cursor = con.cursor()
        rows = _dicts(
            cursor.execute(f"select {', '.join(columns)} from marts.kpi_definitions where kpi = ?", [kpi])
        )
        cursor.close()
        definition = rows[0] if rows else {}
    base_kpi = definition.get("base_kpi") or kpi
    known = (
        bool(definition)
        or con.execute("select count(*) from marts.fct_kpi_records where kpi = ?", [kpi]).fetchone()[0]
    )
    if not known:
        raise ExplainError(
            f"KPI '{kpi}' onbekend / unknown KPI '{kpi}' (zie / see `keet kpis --definitions`)"
        )

    published = con.execute(
        "select value, unit from marts.kpi_values"
        " where kpi = ? and period = ? and municipality = ? and chain = ? and breakdown = ?",
        [kpi, period, municipality, chain, breakdown],
    ).fetchall()
    rule = con.execute(
        "select any_value(agg), any_value(scale), bool_or(first_only), any_value(unit)"
        " from marts.fct_kpi_records where kpi = ?",
        [base_kpi],
    ).fetchone()
    explanation = Explanation(
        kpi=kpi,
        period=period,
        municipality=municipality,
        chain=chain,
        breakdown=breakdown,
        definition=definition,
        value=published[0][0] if published else None,
        unit=published[0][1] if published else definition.get("unit") or rule[3],
        records=cell_records(con, base_kpi, period, municipality, chain, breakdown),
        agg=rule[0],
        scale=rule[1],
        first_only=bool(rule[2]),
        base_kpi=base_kpi,
        municipality_name=municipality_name,
    )
    if explanation.is_per_10k and "marts.dim_municipalities" in tables:
        population = con.execute(
            "select population, population_year from marts.dim_municipalities where municipality = ?",
            [municipality],
        ).fetchall()
        if population and population[0][0]:
            explanation.population, explanation.population_year = int(population[0][0]), population[0][1]
        else:  # per-10k figures exist only for the 8 municipalities
            explanation.records = []
    if "meta.snapshot" in tables:
        row = con.execute("select cutoff_date from meta.snapshot limit 1").fetchone()
        explanation.cutoff_date = row[0] if row else None
    return explanation


# ----------------------------------------------------------------------------------------------- output
def _number(value: float | None, unit: str | None = None) -> str:
    if value is None:
        return "-"
    if unit == "pct":
        return f"{value:.1f}"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") or len(text) == 10 else text.replace("T", " ")
    if isinstance(value, float):
        return _number(value)
    return str(value)


def format_explanation(explanation: Explanation, lang: str = "nl") -> str:
    """The `keet explain` text: the cell, its value, its definition and the listing of its records."""
    e = explanation
    d = e.definition
    name = d.get(f"name_{lang}") or d.get("name_nl") or ""
    place = e.municipality + (f" ({e.municipality_name})" if e.municipality_name else "")
    lines = [
        f"{e.kpi}" + (f" - {name}" if name else ""),
        (
            f"cel / cell: periode/period {e.period} | gemeente/municipality {place} | keten/chain {e.chain}"
            f" | opsplitsing/breakdown {e.breakdown or '(geen/none)'}"
        ),
    ]
    if e.value is None:
        lines.append("waarde / value: geen waarde in deze cel / no value in this cell")
    else:
        lines.append(f"waarde / value: {_number(e.value, e.unit)} {e.unit or ''}".rstrip())
    recomputed = e.recomputed
    if e.records:
        check = (
            ""
            if _same(recomputed, e.value)
            else "  (!) wijkt af van de gepubliceerde waarde / differs from the published value"
        )
        lines.append(
            f"herberekend uit de records / recomputed from the records: {_number(recomputed, e.unit)}{check}"
        )
    if e.is_per_10k and e.population:
        lines.append(f"= {e.base_kpi} x 10.000 / {e.population} inwoners/inhabitants ({e.population_year})")
    if d:
        lines.append(f"definitie / definition: {d.get(f'definition_{lang}') or d.get('definition_nl') or ''}")
        facts = [f"sleuteldatum / key date: {d.get('key_date') or '-'}"]
        if d.get("source_records"):
            facts.append(f"bronrecords / source records: {d['source_records']}")
        if d.get("esf_plus_code") or d.get("esf_2014_2020"):
            facts.append(
                f"ESF+: {d.get('esf_plus_code') or '-'}; ESF 2014-2020: {d.get('esf_2014_2020') or '-'}"
            )
        lines.append(" | ".join(facts))
    if e.cutoff_date is not None:
        lines.append(f"afsluitdatum / cut-off: {_text(e.cutoff_date)}")
    if e.first_only and e.period != "project":
        lines.append(
            "telt elk record enkel in de periode van zijn eerste steun of deelname / "
            "each record counts only in the period of its first support or participation"
        )
    lines.append("")
    lines.append(
        f"{e.record_count} record(s), {len(e.records)} bronrij(en) / source row(s)"
        + (f" van/of {e.base_kpi}" if e.is_per_10k else "")
    )
    if e.records:
        lines.extend(_table(e.records, e.agg))
    return "\n".join(lines)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def _table(records: list[dict], agg: str | None) -> list[str]:
    headers = ["record", "id", "datum/date", "gemeente/municipality", "keten/chain"]
    if agg != "count":
        headers.append("waarde/measure")
    if agg == "ratio":
        headers.append("noemer/denominator")
    headers += ["bron/source", "bestand/file", "rij/row", "detail"]
    rows = []
    for r in records:
        row = [r["record_type"], r["record_id"], _text(r["key_date"]), r["municipalities"], r["chains"]]
        if agg != "count":
            row.append(_number(r["measure"]))
        if agg == "ratio":
            row.append(_number(r["denominator_measure"]))
        source = (
            r["source_type"] if r["source_id"] == r["record_id"] else f"{r['source_type']} {r['source_id']}"
        )
        row += [source, _text(r["file_name"]), _text(r["row_number"]), _text(r["detail"])]
        rows.append([_text(c) for c in row])
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return out


def _safe(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (every CSV the platform writes)."""
    from pipelines.publication import neutralise_formula

    return neutralise_formula(value)


def write_trace_csv(explanation: Explanation, out: IO[str]) -> int:
    """The listing of `keet explain` as CSV (TRACE_COLUMNS), one row per record and source row."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TRACE_COLUMNS)
    e = explanation
    for r in e.records:
        cell = [e.kpi, e.period, e.municipality, e.chain, e.breakdown]
        values = [
            _number(r[c]) if c in ("measure", "denominator_measure") and r[c] is not None else _text(r[c])
            for c in RECORD_COLUMNS
        ]
        writer.writerow([_safe(v) for v in (*cell, *values)])
    return len(e.records)


# ----------------------------------------------------------------------------------------------- definitions
def definitions(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The KPI definitions registry (marts.kpi_definitions), in the catalogue's order."""
    if "marts.kpi_definitions" not in _tables(con):
        raise ExplainError("deze snapshot heeft geen KPI-definities / this snapshot has no KPI definitions")
    present = _columns(con, "marts", "kpi_definitions")
    columns = [c if c in present else f"null as {c}" for c in DEFINITION_COLUMNS]
    order = "sort_order, kpi" if "sort_order" in present else "kpi"
    cursor = con.cursor()
    try:
        return _dicts(
            cursor.execute(f"select {', '.join(columns)} from marts.kpi_definitions order by {order}")
        )
    finally:
        cursor.close()


def write_definitions(rows: list[dict], out: IO[str], fmt: str = "csv") -> int:
    """The registry as CSV (one row per KPI code, '|' between source records) or JSON (a list of objects)."""
    if fmt == "json":
        payload = [
            {
                **row,
                "counts_people": bool(row["counts_people"]) if row["counts_people"] is not None else None,
                "source_records": [s for s in (row["source_records"] or "").split("|") if s],
            }
            for row in rows
        ]
        json.dump(payload, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return len(rows)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DEFINITION_COLUMNS)
    for row in rows:
        values = []
        for column in DEFINITION_COLUMNS:
            value = row[column]
            if isinstance(value, bool):
                value = "true" if value else "false"
            values.append(_safe("" if value is None else value))
        writer.writerow(values)
    return len(rows)
