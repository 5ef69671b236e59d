"""What the funder report says: the sections, built from the snapshot with the publication rules applied.

Every KPI figure comes from `marts.kpi_values` of the report period after `pipelines.publication.suppress` over the
whole table; nothing is added up here (the only computed figures are labelled as such: the share of the mass with a
CO2e factor and, when the mart has no rate rows, the map's values per 10,000 inhabitants).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence

import pandas as pd

from pipelines import settings
from pipelines.publication import (
    PRIMARY_LABEL,
    SECONDARY_LABEL,
    THRESHOLD,
    people_kpis,
    suppress,
)
from pipelines.reports import charts
from pipelines.reports import indicators as ind
from pipelines.reports.data import Period, Snapshot, months_of
from pipelines.reports.formatting import (
    MISSING,
    PERCENT_UNITS,
    format_date,
    format_datetime,
    format_number,
    format_period,
    format_value,
    is_missing,
    unit_label,
)
from pipelines.reports.model import Cell, Chart, Column, Paragraph, ReportModel, Section, Table
from pipelines.reports.texts import (
    PARTNERS,
    chain_label,
    dimension_label,
    t,
    value_label,
)

KV_COLUMNS = ["kpi", "period", "period_type", "municipality", "chain", "breakdown", "value", "unit"]
BOUNDARY_FILE = settings.REFERENCE_DIR / "aalst-region-municipalities.geojson"


_PUBLISHED: dict[tuple[str, frozenset[str]], pd.DataFrame] = {}


def published_values(snap: Snapshot, values: pd.DataFrame, people: set[str]) -> pd.DataFrame:
    """The whole kpi_values table with the publication rules applied (then filtered: see publication.py), kept
    for the last snapshots read so the PDF and XLSX of one snapshot cost one suppression."""
    key = (snap.input_hash, frozenset(people))
    if key not in _PUBLISHED:
        while len(_PUBLISHED) >= 2:
            _PUBLISHED.pop(next(iter(_PUBLISHED)))
        published = _from_snapshot(snap, values)
        _PUBLISHED[key] = published if published is not None else suppress(values, people)
    return _PUBLISHED[key]


def _from_snapshot(snap: Snapshot, values: pd.DataFrame) -> pd.DataFrame | None:
    """The snapshot's own published table (the publish step applied the same rules once), aligned on `values`.
    (`data._report_rows` does the same in SQL for the report's rows; this is the path of a snapshot it declines.)"""
    published = snap.tables.get("marts.kpi_values_published")
    if published is None or len(published) != len(values):
        return None
    keys = ["kpi", "period", "municipality", "chain", "breakdown"]
    merged = values.drop(columns=["value"]).merge(
        published[[*keys, "value", "suppressed", "suppression", "display"]], on=keys, how="left",
        validate="one_to_one")
    if merged["suppressed"].isna().any():
        return None
    merged.index = values.index
    merged["suppressed"] = merged["suppressed"].astype(bool)
    merged.attrs["unprotected"] = _unprotected(snap)
    return merged


def _unprotected(snap: Snapshot) -> list[None]:
    """The publish step's count of unprotected cells (meta.publication), as the list `suppress` would give."""
    meta = snap.tables.get("meta.publication")
    return [None] * (int(meta["unprotected_cells"].iloc[0]) if meta is not None and not meta.empty else 0)


def figure_key(kpi: str, municipality: str = "all", chain: str = "all", breakdown: str = "",
               sub_period: str | None = None) -> str:
    key = f"{kpi}|{municipality}|{chain}|{breakdown}"
    return f"{key}|{sub_period}" if sub_period else key


def _number_format(value: float, unit: str) -> str:
    if unit in PERCENT_UNITS:
        return "0.0"
    return "#,##0" if float(value).is_integer() else "#,##0.0##"


class Builder:
    def __init__(self, snap: Snapshot, period: Period, lang: str, *, generated_at: dt.datetime,
                 previous: dict | None = None, code_version: str = "unknown") -> None:
        self.snap = snap
        self.period = period
        self.lang = lang
        self.previous = previous
        self.code_version = code_version
        self.generated_text = format_datetime(generated_at, lang)
        self.figures: dict[str, float | str | None] = {}
        self.render_charts = True  # only the PDF shows the charts (the XLSX has their figures in the tables)
        self.used: set[str] = set()

        definitions = snap.get("marts.kpi_definitions")
        self.definitions = definitions if definitions is not None else pd.DataFrame(columns=["kpi"])
        self.defs = {str(r["kpi"]): r for r in self.definitions.to_dict("records")}
        self.people = people_kpis(self.definitions)
        if snap.published is not None:  # the report's rows, already aligned with the published table in SQL
            self.published = snap.published
            self.published.attrs["unprotected"] = _unprotected(snap)
        else:
            values = snap.get("marts.kpi_values")
            if values is None:
                values = pd.DataFrame(columns=KV_COLUMNS)
            values = values.copy()
            values["breakdown"] = values["breakdown"].fillna("").astype(str)
            self.published = published_values(snap, values, self.people)
        wanted = {period.label, *months_of(period)} if period.kind != "month" else {period.label}
        subset = self.published[self.published["period"].astype(str).isin(wanted)]
        self.cells: dict[tuple[str, str, str, str, str], dict] = {
            (str(r["kpi"]), str(r["period"]), str(r["municipality"]), str(r["chain"]), str(r["breakdown"])): r
            for r in _records(subset)
        }
        # breakdowns of the report period by (kpi, municipality, chain), for `breakdowns`
        self.breakdown_keys: dict[tuple[str, str, str], set[str]] = {}
        for kpi, cell_period, municipality, chain, breakdown in self.cells:
            if cell_period == period.label and breakdown:
                self.breakdown_keys.setdefault((kpi, municipality, chain), set()).add(breakdown)
        in_period = self.published[self.published["period"].astype(str) == period.label]
        self.empty = in_period.empty
        self.period_rows = in_period
        municipalities = snap.get("marts.dim_municipalities")
        self.municipalities = (
            municipalities.sort_values("name_nl").to_dict("records") if municipalities is not None else []
        )
        chains = snap.get("marts.dim_chains")
        self.chains = {str(r["chain"]): r for r in chains.to_dict("records")} if chains is not None else {}

    # ------------------------------------------------------------------------------------------ lookups
    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def name(self, kpi: str) -> str:
        row = self.defs.get(kpi)
        if row is not None:
            for column in (f"name_{self.lang}", "name_en", "name_nl"):
                if not is_missing(row.get(column)):
                    return str(row[column])
        if kpi.endswith(ind.PER_10K_SUFFIX):
            base = kpi[: -len(ind.PER_10K_SUFFIX)]
            return f"{self.name(base)} {unit_label('per_10k', self.lang)}"
        return kpi

    def unit(self, kpi: str) -> str:
        row = self.defs.get(kpi)
        if row is not None and not is_missing(row.get("unit")):
            return str(row["unit"])
        if self.snap.first_units is not None:
            first = self.snap.first_units.get(kpi)
            if first is not None and not is_missing(first):
                return str(first)
        else:
            units = self.published.loc[self.published["kpi"] == kpi, "unit"]
            if len(units) and not is_missing(units.iloc[0]):
                return str(units.iloc[0])
        return "per_10k_inhabitants" if kpi.endswith(ind.PER_10K_SUFFIX) else "count"

    def municipality_name(self, code: str) -> str:
        if code == "all":
            return self.t("whole_region")
        if code == "outside_region":
            return self.t("outside_region")
        for row in self.municipalities:
            if str(row.get("municipality")) == code:
                for column in (f"name_{self.lang}", "name_nl"):
                    if not is_missing(row.get(column)):
                        return str(row[column])
        return code

    def chain_name(self, chain: str) -> str:
        row = self.chains.get(chain)
        if row is not None and not is_missing(row.get(f"name_{self.lang}")):
            return str(row[f"name_{self.lang}"])
        return chain_label(chain, self.lang)

    def has(self, kpi: str, municipality: str = "all", chain: str = "all", breakdown: str = "",
            period: str | None = None) -> bool:
        return (kpi, period or self.period.label, municipality, chain, breakdown) in self.cells

    def cell(self, kpi: str, municipality: str = "all", chain: str = "all", breakdown: str = "",
             period: str | None = None) -> Cell:
        """The published figure of one cell, registered under its key; '–' when the mart has no row."""
        self.used.add(kpi)
        sub_period = period if period and period != self.period.label else None
        row = self.cells.get((kpi, period or self.period.label, municipality, chain, breakdown))
        if row is None:
            return Cell(MISSING)
        key = figure_key(kpi, municipality, chain, breakdown, sub_period)
        if bool(row["suppressed"]):
            label = str(row["display"])
            self.figures[key] = label
            return Cell(label, label, key)
        value = float(row["value"])
        unit = self.unit(kpi)
        self.figures[key] = value
        if kpi.endswith(ind.PER_10K_SUFFIX):  # the column header says "per 10,000 inhabitants"
            return Cell(format_number(value, self.lang, 1), value, key, "0.0")
        return Cell(format_value(value, unit, self.lang), value, key, _number_format(value, unit))

    def raw(self, kpi: str, municipality: str = "all", chain: str = "all", breakdown: str = "",
            period: str | None = None) -> float | None:
        """The published numeric value (None when hidden or missing), for charts and derived figures."""
        row = self.cells.get((kpi, period or self.period.label, municipality, chain, breakdown))
        if row is None or bool(row["suppressed"]) or is_missing(row["value"]):
            return None
        return float(row["value"])

    def family(self, family: str) -> list[str]:
        prefix = ind.FAMILIES.get(family, "")
        kpis = {k for k, r in self.defs.items() if str(r.get("family")) == family}
        kpis |= {str(k) for k in self.period_rows["kpi"].unique() if prefix and str(k).startswith(prefix)}
        return self.ordered(k for k in kpis if not k.endswith(ind.PER_10K_SUFFIX))

    def ordered(self, kpis: Iterable[str]) -> list[str]:
        def rank(kpi: str) -> tuple:
            row = self.defs.get(kpi)
            if row is not None and "sort_order" in row and not is_missing(row.get("sort_order")):
                return (0, float(row["sort_order"]), kpi)
            if kpi in ind.CATALOGUE_ORDER:
                return (1, ind.CATALOGUE_ORDER.index(kpi), kpi)
            return (2, 0, kpi)

        return sorted(set(kpis), key=rank)

    def breakdowns(self, kpi: str, municipality: str = "all", chain: str = "all") -> list[str]:
        found = self.breakdown_keys.get((kpi, municipality, chain), set())

        def rank(breakdown: str) -> tuple:
            dim, _, value = breakdown.partition("=")
            order = ind.BREAKDOWN_ORDER.get(dim, ())
            return (dim, order.index(value) if value in order else len(order), value)

        return sorted(found, key=rank)

    def breakdown_text(self, breakdown: str) -> tuple[str, str]:
        dim, _, value = breakdown.partition("=")
        return dimension_label(dim, self.lang), value_label(value, self.lang)

    def png(self, chart: Callable[..., bytes], *args: object) -> bytes:
        """The chart drawn by `chart(*args)`; not drawn (b"") for a format that does not show charts."""
        return chart(*args) if self.render_charts else b""

    # ------------------------------------------------------------------------------------------ tables
    def kpi_table(self, kpis: Sequence[str], title: str | None = None, note: str | None = None) -> Table:
        rows = []
        for kpi in kpis:
            rows.append([Cell(kpi, kpi), Cell(self.name(kpi), self.name(kpi)), self.cell(kpi),
                         Cell(unit_label(self.unit(kpi), self.lang), unit_label(self.unit(kpi), self.lang))])
        return Table(
            [Column(self.t("col_code"), pdf=False), Column(self.t("col_indicator"), 4.0),
             Column(self.t("col_value"), 1.6, "R"), Column(self.t("col_unit"), pdf=False)],
            rows, title=title or self.t("family_table"), note=note, font_size=8,
        )

    def breakdown_table(self, kpis: Sequence[str], skip: set[tuple[str, str]] | None = None) -> Table | None:
        rows = []
        for kpi in kpis:
            previous_dim = None
            for breakdown in self.breakdowns(kpi):
                dim = breakdown.partition("=")[0]
                if skip and (kpi, dim) in skip:
                    continue
                dim_text, value_text = self.breakdown_text(breakdown)
                first = previous_dim is None
                # the PDF prints the indicator and dimension once per group; the XLSX repeats them (filterable)
                rows.append([Cell(kpi, kpi), Cell(self.name(kpi) if first else "", self.name(kpi)),
                             Cell(dim_text if dim != previous_dim else "", dim_text),
                             Cell(value_text, value_text), self.cell(kpi, breakdown=breakdown),
                             Cell(unit_label(self.unit(kpi), self.lang), unit_label(self.unit(kpi), self.lang))])
                previous_dim = dim
        if not rows:
            return None
        return Table(
            [Column(self.t("col_code"), pdf=False), Column(self.t("col_indicator"), 2.8),
             Column(self.t("col_dimension"), 1.4), Column(self.t("col_breakdown"), 1.6),
             Column(self.t("col_value"), 1.3, "R"), Column(self.t("col_unit"), pdf=False)],
            rows, title=self.t("by_breakdown"),
        )

    def municipality_table(self, kpis: Sequence[str], title: str | None = None) -> Table | None:
        codes = [str(r["municipality"]) for r in self.municipalities if r.get("in_region", True)]
        seen = {key[2] for key in self.cells if key[0] in kpis and key[1] == self.period.label}
        codes = [c for c in codes if c != "all"] + sorted(seen - set(codes) - {"all", "outside_region"})
        codes += ["outside_region", "all"]
        if not any(self.has(k, c) for k in kpis for c in codes):
            return None
        rows = []
        for code in codes:
            name = self.municipality_name(code)
            rows.append([Cell(code, code), Cell(name, name, bold=code == "all"), *(self.cell(k, code) for k in kpis)])
        return Table(
            [Column("NIS", pdf=False), Column(self.t("col_municipality"), 2.2),
             *(Column(self.t("col_per_10k") if k.endswith(ind.PER_10K_SUFFIX) else self.name(k), 1.6, "R")
               for k in kpis)],
            rows, title=title or self.t("by_municipality"), note=self.t("not_additive_note"),
        )

    def chain_table(self, kpis: Sequence[str], title: str | None = None) -> Table | None:
        """KPIs (rows) by value chain (columns), whole region; only the chains with data, then 'all'."""
        seen = {key[3] for key in self.cells if key[0] in kpis and key[1] == self.period.label and key[2] == "all"}
        chains = [c for c in ind.CHAIN_ORDER if c in seen and c != "all"] + sorted(seen - set(ind.CHAIN_ORDER))
        if not chains:
            return None
        chains.append("all")
        rows = []
        for kpi in kpis:
            unit = unit_label(self.unit(kpi), self.lang)
            rows.append([Cell(kpi, kpi), Cell(self.name(kpi), self.name(kpi)),
                         *(self.cell(kpi, "all", chain) for chain in chains), Cell(unit, unit)])
        return Table(
            [Column(self.t("col_code"), pdf=False), Column(self.t("col_indicator"), 2.6),
             *(Column(chain_label(chain, self.lang, short=True), 1.25, "R") for chain in chains),
             Column(self.t("col_unit"), pdf=False)],
            rows, title=title or self.t("by_chain"), note=self.t("not_additive_note"),
            font_size=7.5 if len(chains) > 5 else 8,
        )

    # ------------------------------------------------------------------------------------------ sections
    def section(self, sid: str, blocks: list, new_page: bool = True) -> Section:
        return Section(sid, self.t(f"sec_{sid}"), self.t(f"sheet_{sid}"), [b for b in blocks if b is not None],
                       new_page)

    def summary(self) -> Section:
        blocks: list = [self.kpi_table(ind.SUMMARY_KPIS, self.t("key_figures"))]
        progress = self.snap.get("marts.kpi_progress")
        if progress is None:
            blocks.append(Paragraph(self.t("targets_title"), "subtitle"))
            blocks.append(Paragraph(self.t("not_available", table="marts.kpi_progress"), "notice"))
            return self.section("summary", blocks)
        rows = progress
        if "period" in rows:  # a per-period progress mart; the dbt one measures the whole project to the cut-off
            rows = rows[rows["period"].astype(str) == self.period.label]
        for column in ("municipality", "chain"):
            if column in rows:
                rows = rows[rows[column].astype(str) == "all"]
        blocks.append(Paragraph(self.t("targets_title" if "period" in progress else "targets_title_project"),
                                "subtitle"))
        if rows.empty:
            blocks.append(Paragraph(self.t("no_targets"), "note"))
            return self.section("summary", blocks)
        order = self.ordered(str(k) for k in rows["kpi"])
        table_rows, chart_rows = [], []
        for record in sorted(rows.to_dict("records"), key=lambda r: order.index(str(r["kpi"]))):
            kpi = str(record["kpi"])
            cell_period = str(record.get("period") or "project")
            self.used.add(kpi)
            unit = self.unit(kpi)
            realised, reached = record.get("value"), record.get("pct_reached")
            hidden = self.hidden_label(kpi, realised, cell_period)
            key = f"progress:{kpi}"
            if hidden:
                realised_cell, reached_cell = Cell(hidden, hidden, key), Cell(SECONDARY_LABEL, SECONDARY_LABEL)
                self.figures[key] = hidden
            else:
                realised_cell = self._value_cell(realised, unit, key)
                reached_cell = self._value_cell(reached, "pct", f"{key}:pct_reached")
            confirmed = record.get("target_confirmed", record.get("confirmed"))
            unconfirmed = not is_missing(confirmed) and not bool(confirmed)
            target = record.get("target")
            target_text = format_value(target, unit, self.lang) + (f" ({self.t('unconfirmed')})" if unconfirmed
                                                                   else "")
            target_cell = Cell(target_text, None if is_missing(target) else float(target),
                               number_format=None if is_missing(target) else _number_format(float(target), unit))
            expected = record.get("expected_pct")
            confirmed_text = "" if is_missing(confirmed) else (self.t("no") if unconfirmed else self.t("yes"))
            table_rows.append([
                Cell(kpi, kpi), Cell(self.name(kpi), self.name(kpi)), realised_cell, target_cell, reached_cell,
                self._value_cell(expected, "pct", None), Cell(confirmed_text, confirmed_text or None),
            ])
            chart_rows.append((self.name(kpi), None if hidden or is_missing(reached) else float(reached),
                               None if is_missing(expected) else float(expected)))
        blocks.append(Table(
            [Column(self.t("col_code"), pdf=False), Column(self.t("col_indicator"), 3.0),
             Column(self.t("col_realised"), 1.3, "R"), Column(self.t("col_target"), 1.9, "R"),
             Column(self.t("col_reached"), 1.1, "R"), Column(self.t("col_expected"), 1.3, "R"),
             Column(self.t("col_confirmed"), pdf=False)],
            table_rows, note=self.t("targets_note"),
        ))
        blocks.append(Chart(self.png(charts.progress_chart, chart_rows, self.lang), 150, 0, self.t("chart_progress")))
        return self.section("summary", blocks)

    def hidden_label(self, kpi: str, value: object, period: str) -> str | None:
        """The publication rule for a people count that does not come from kpi_values (kpi_progress)."""
        if kpi not in self.people or is_missing(value):
            return None
        if 0 < float(value) < THRESHOLD:  # type: ignore[arg-type]
            return PRIMARY_LABEL
        match = self.published[(self.published["kpi"] == kpi) & (self.published["period"].astype(str) == period)
                               & (self.published["municipality"] == "all") & (self.published["chain"] == "all")
                               & (self.published["breakdown"] == "")]
        if len(match) and bool(match["suppressed"].iloc[0]):
            return SECONDARY_LABEL
        return None

    def _value_cell(self, value: object, unit: str, key: str | None) -> Cell:
        if is_missing(value):
            return Cell(MISSING)
        number = float(value)  # type: ignore[arg-type]
        if key:
            self.figures[key] = number
        return Cell(format_value(number, unit, self.lang), number, key, _number_format(number, unit))

    def esf(self) -> Section:
        extra = [k for k, r in self.defs.items() if str(r.get("family")) == ind.ESF_FAMILY
                 and k not in ind.ESF_PARTICIPANT_KPIS and k != ind.ESF_TOTAL_KPI]
        kpis = [ind.ESF_TOTAL_KPI, *ind.ESF_PARTICIPANT_KPIS, *self.ordered(extra)]
        rows = []
        for kpi in kpis:
            row = self.defs.get(kpi, {})
            code = "" if is_missing(row.get("esf_plus_code")) else str(row.get("esf_plus_code"))
            esf_name = "" if is_missing(row.get("esf_2014_2020")) else str(row.get("esf_2014_2020"))
            local = self.name(kpi)
            label = f"**{local}**" + (f"\n__{esf_name}__" if esf_name and esf_name != local else "")
            rows.append([
                Cell(kpi, kpi), Cell(code or MISSING, code or None), Cell(label, None),
                Cell(local, local), Cell(esf_name, esf_name or None),
                *(self.cell(kpi, breakdown=f"{ind.GENDER_DIMENSION}={g}") for g in ind.GENDERS),
                self.cell(kpi),
            ])
        table = Table(
            [Column(self.t("col_code"), pdf=False), Column(self.t("col_esf_plus"), 1.3),
             Column(f"{self.t('col_indicator')} / {self.t('col_esf_2014')}", 4.1, xlsx=False),
             Column(self.t("col_name"), pdf=False), Column(self.t("col_esf_2014"), pdf=False),
             *(Column(self.t(f"col_{g}"), 1.4, "R") for g in ind.GENDERS),
             Column(self.t("col_total"), 1.1, "R")],
            rows, note=self.t("esf_note"), font_size=7.5,
        )
        table.markdown = True
        people = self.municipality_table([ind.ESF_TOTAL_KPI, ind.ESF_TOTAL_KPI + ind.PER_10K_SUFFIX],
                                         title=self.t("participants_by_municipality"))
        return self.section("esf", [table, people])

    def entity(self) -> Section:
        blocks: list = [Paragraph(self.t("entity_note"), "body"),
                        self.kpi_table(ind.ENTITY_CONTEXT_KPIS),
                        self.breakdown_table(ind.ENTITY_CONTEXT_KPIS),
                        self.municipality_table(ind.ENTITY_CONTEXT_KPIS)]
        return self.section("entity", blocks, new_page=True)

    def monthly(self, kpis: Sequence[str]) -> list:
        months = months_of(self.period)
        if self.period.kind == "month" or not any(self.has(k, period=m) for k in kpis for m in months):
            return []
        rows = []
        for month in months:
            label = format_period(month, self.lang)
            rows.append([Cell(month, month), Cell(label, label), *(self.cell(k, period=month) for k in kpis)])
        labels = [format_period(m, self.lang) for m in months]
        series = [(self.name(k), [self.raw(k, period=m) for m in months]) for k in kpis]
        return [
            Chart(self.png(charts.grouped_bars, labels, series, self.lang), 175, 0, self.t("chart_monthly")),
            Table([Column(self.t("col_period"), pdf=False), Column(self.t("col_month"), 1.5),
                   *(Column(self.name(k), 1.5, "R") for k in kpis)], rows, title=self.t("chart_monthly")),
        ]

    def advisory(self) -> Section:
        kpis = self.family("advisory")
        blocks: list = [self.kpi_table(kpis), *self.monthly(ind.ADVISORY_MONTHLY_KPIS),
                        self.breakdown_table(kpis), self.municipality_table(ind.ADVISORY_MUNICIPALITY_KPIS)]
        return self.section("advisory", blocks)

    def accelerator(self) -> Section:
        kpis = self.family("accelerator")
        return self.section("accelerator", [self.kpi_table(kpis), self.breakdown_table(kpis)])

    def value_chains(self) -> Section:
        kpis = self.family("value_chains")
        return self.section("value_chains", [self.kpi_table(kpis), self.chain_table(ind.VALUE_CHAIN_KPIS),
                                             self.breakdown_table(kpis)])

    def circular(self) -> Section:
        kpis = self.family("circular")
        blocks: list = [self.kpi_table(kpis)]
        # CO2e range and factor coverage
        rows = []
        for estimate in ind.ESTIMATES:
            text = self.t(f"estimate_{estimate}")
            rows.append([Cell(ind.CO2E_KPI, ind.CO2E_KPI), Cell(f"{self.name(ind.CO2E_KPI)}: {text}", text),
                         self.cell(ind.CO2E_KPI, breakdown=f"estimate={estimate}"),
                         Cell(unit_label("kg_co2e", self.lang), unit_label("kg_co2e", self.lang))])
        material, uncovered = self.raw(ind.MATERIAL_KPI), self.raw(ind.UNCOVERED_KPI)
        rows.append([Cell(ind.MATERIAL_KPI, ind.MATERIAL_KPI), Cell(self.t("coverage_material")),
                     self.cell(ind.MATERIAL_KPI), Cell("kg", "kg")])
        rows.append([Cell(ind.UNCOVERED_KPI, ind.UNCOVERED_KPI), Cell(self.t("coverage_uncovered")),
                     self.cell(ind.UNCOVERED_KPI), Cell("kg", "kg")])
        share = None
        if material and uncovered is not None:
            share = max(0.0, (material - uncovered) / material * 100)
        rows.append([Cell("derived"), Cell(self.t("coverage_share")),
                     self._value_cell(share, "pct", "derived:CO2E_FACTOR_COVERAGE_PCT|all|all|"), Cell("%", "%")])
        for row in rows[3:]:
            row[1].value = row[1].text
        blocks.append(Table(
            [Column(self.t("col_code"), pdf=False), Column(self.t("col_indicator"), 4.0),
             Column(self.t("col_value"), 1.6, "R"), Column(self.t("col_unit"), pdf=False)],
            rows, title=self.t("co2e_title"), note=self.t("co2e_note"), font_size=8.5,
        ))
        # charts
        strategies = [b for b in self.breakdowns(ind.MATERIAL_KPI) if b.startswith("r_strategy=")]
        if strategies:
            values = [self.raw(ind.MATERIAL_KPI, breakdown=b) for b in strategies]
            styles = [0 if b.partition("=")[2] in ind.HIGH_R else 1 for b in strategies]
            labels = [value_label(b.partition("=")[2], self.lang) for b in strategies]
            blocks.append(Chart(self.png(charts.horizontal_bars, labels, values, styles,
                                                       [self.t("high_r"), self.t("low_r")], self.lang, " kg"),
                                175, 0, self.t("chart_material")))
        chains = [c for c in ind.CHAIN_ORDER if c != "all"
                  and self.has(ind.CO2E_KPI, "all", c, "estimate=central")]
        labels_c, lows, mids, highs = [], [], [], []
        for chain in [*chains, "all"]:
            mid = self.raw(ind.CO2E_KPI, "all", chain, "estimate=central")
            if mid is None:
                mid = self.raw(ind.CO2E_KPI, "all", chain)
            if mid is None and chain != "all":
                continue
            labels_c.append(chain_label(chain, self.lang, short=True))
            lows.append(self.raw(ind.CO2E_KPI, "all", chain, "estimate=low"))
            mids.append(mid)
            highs.append(self.raw(ind.CO2E_KPI, "all", chain, "estimate=high"))
        if any(m is not None for m in mids):
            names = (self.t("estimate_low"), self.t("estimate_central"), self.t("estimate_high"))
            blocks.append(Chart(self.png(charts.range_chart, labels_c, lows, mids, highs, self.lang, names), 175, 0,
                                self.t("chart_co2e")))
        blocks.append(self.chain_table(ind.CIRCULAR_CHAIN_KPIS))
        blocks.append(self.breakdown_table(kpis, skip={(ind.MATERIAL_KPI, "r_strategy"), (ind.CO2E_KPI, "estimate")}))
        # the material by R-strategy as a table too (the chart's figures)
        blocks.append(self.breakdown_table([ind.MATERIAL_KPI]))
        return self.section("circular", blocks)

    def social(self) -> Section:
        kpis = self.family("social")
        return self.section("social", [self.kpi_table(kpis), self.breakdown_table(kpis),
                                       self.chain_table(ind.SOCIAL_CHAIN_KPIS)])

    def map(self) -> Section:
        kpi = ind.MAP_KPI
        rate_kpi = kpi + ind.PER_10K_SUFFIX
        blocks: list = []
        codes = [str(r["municipality"]) for r in self.municipalities if r.get("in_region", True)]
        values: dict[str, tuple[float | None, str]] = {}
        rows, computed = [], False
        for record in [r for r in self.municipalities if r.get("in_region", True)]:
            code = str(record["municipality"])
            value_cell = self.cell(kpi, code)
            values[code] = (self.raw(kpi, code), value_cell.text)
            if self.has(rate_kpi, code):
                rate_cell = self.cell(rate_kpi, code)
            else:
                computed = True
                population = record.get("population")
                base = self.raw(kpi, code)
                if value_cell.text in (PRIMARY_LABEL, SECONDARY_LABEL):
                    rate_cell = Cell(SECONDARY_LABEL, SECONDARY_LABEL)
                elif base is None or is_missing(population) or not population:
                    rate_cell = Cell(MISSING)
                else:
                    rate = base / float(population) * 10_000
                    rate_cell = Cell(format_number(rate, self.lang, 1), round(rate, 6), f"derived:{rate_kpi}|{code}",
                                     "0.0")
                    self.figures[f"derived:{rate_kpi}|{code}"] = round(rate, 6)
            population = record.get("population")
            rows.append([
                Cell(code, code), Cell(self.municipality_name(code), self.municipality_name(code)), value_cell,
                rate_cell,
                Cell(format_number(population, self.lang), None if is_missing(population) else int(population),
                     number_format="#,##0"),
                Cell(MISSING if is_missing(record.get("population_year")) else str(int(record["population_year"])),
                     None if is_missing(record.get("population_year")) else int(record["population_year"])),
            ])
        for code in ("outside_region", "all"):
            if self.has(kpi, code):
                name = self.municipality_name(code)
                rows.append([Cell(code, code), Cell(name, name, bold=code == "all"), self.cell(kpi, code),
                             self.cell(rate_kpi, code) if self.has(rate_kpi, code) else Cell(MISSING),
                             Cell(""), Cell("")])
        if BOUNDARY_FILE.exists() and codes:
            caption = self.t("map_caption", name=self.name(kpi), period=format_period(self.period.label, self.lang))
            outside = self.t("outside_region").lower()
            # the boundaries are read only when the map is drawn
            blocks.append(Chart(self.png(lambda: charts.map_chart(charts.load_boundaries(BOUNDARY_FILE), values,
                                                                  self.lang, outside)), 150, 0, caption))
        else:
            blocks.append(Paragraph(self.t("map_unavailable"), "notice"))
        note = self.t("map_note") + (" " + self.t("per_10k_computed") if computed else "")
        blocks.append(Table(
            [Column("NIS", pdf=False), Column(self.t("col_municipality"), 2.4),
             Column(self.name(kpi), 1.6, "R"), Column(self.t("col_per_10k"), 1.6, "R"),
             Column(self.t("col_population"), 1.3, "R"), Column(self.t("col_population_year"), 1.3, "R")],
            rows, note=note,
        ))
        return self.section("map", blocks)

    # ------------------------------------------------------------------------------------------ annexes
    def revisions(self) -> Section | None:
        previous = self.previous
        if not previous:
            return None
        old: dict = previous.get("figures", {})
        keys = sorted(set(old) | set(self.figures))
        changed = [k for k in keys if not _same(old.get(k), self.figures.get(k))]
        blocks: list = [Paragraph(self.t("revisions_intro", report=f"#{previous['id']}",
                                         snapshot=format_datetime(previous.get("snapshot_created_at"), self.lang)))]
        if not changed:
            blocks.append(Paragraph(self.t("revisions_none", report=f"#{previous['id']}"), "note"))
        else:
            rows = []
            for key in changed:
                label, unit = self.figure_label(key)
                rows.append([Cell(key, key), Cell(label, label), self._plain_cell(old.get(key), unit),
                             self._plain_cell(self.figures.get(key), unit)])
            blocks.append(Table([Column(self.t("col_code"), pdf=False), Column(self.t("col_figure"), 4.2),
                                 Column(self.t("col_old"), 1.4, "R"), Column(self.t("col_new"), 1.4, "R")], rows))
        deliveries = self.snap.get("marts.fct_deliveries")
        since = _as_timestamp(previous.get("snapshot_created_at"))
        if deliveries is not None and since is not None and "received_at" in deliveries:
            received = pd.to_datetime(deliveries["received_at"], errors="coerce")
            new = deliveries[received > since]
            if new.empty:
                blocks.append(Paragraph(self.t("no_deliveries_since"), "note"))
            else:
                blocks.append(self.deliveries_table(new, self.t("revisions_deliveries")))
        return self.section("revisions", blocks)

    def figure_label(self, key: str) -> tuple[str, str]:
        parts = key.split(":", 1)[-1].split("|")
        kpi = parts[0]
        unit = "pct" if key.endswith(":pct_reached") or "PCT" in kpi else self.unit(kpi)
        pieces = [self.name(kpi)]
        if len(parts) > 1 and parts[1] not in ("all", ""):
            pieces.append(self.municipality_name(parts[1]))
        if len(parts) > 2 and parts[2] not in ("all", ""):
            pieces.append(self.chain_name(parts[2]))
        if len(parts) > 3 and parts[3]:
            pieces.append(": ".join(self.breakdown_text(parts[3])))
        if len(parts) > 4 and parts[4]:
            pieces.append(format_period(parts[4], self.lang))
        return " · ".join(pieces), unit

    def _plain_cell(self, value: object, unit: str) -> Cell:
        if value is None:
            return Cell(MISSING)
        if isinstance(value, str):
            return Cell(value, value)
        return Cell(format_value(value, unit, self.lang), float(value), number_format=_number_format(value, unit))

    def deliveries_table(self, deliveries: pd.DataFrame, title: str) -> Table:
        rows = []
        for r in deliveries.to_dict("records"):
            status = str(r.get("status") or "")
            status_text = self.t(f"status_{status}") if status in ("loaded", "rejected", "duplicate") else status
            rows.append([
                _int_cell(r.get("delivery_id")), _text_cell(r.get("file_name")), _text_cell(r.get("source")),
                Cell(format_datetime(r.get("received_at"), self.lang), _as_datetime(r.get("received_at")),
                     number_format="yyyy-mm-dd hh:mm"),
                Cell(status_text, status_text), _code_cell(r.get("record_type")),
                _int_cell(r.get("rows_read"), self.lang), _int_cell(r.get("rows_loaded"), self.lang),
                _int_cell(r.get("rows_quarantined"), self.lang),
            ])
        return Table(
            [Column(self.t("col_delivery"), 0.6, "R"), Column(self.t("col_file"), 3.1),
             Column(self.t("col_source"), 1.0), Column(self.t("col_received"), 2.1), Column(self.t("col_status"), 1.15),
             Column(self.t("col_record_type"), 1.9), Column(self.t("col_rows_read"), 1.0, "R"),
             Column(self.t("col_rows_loaded"), 1.0, "R"), Column(self.t("col_rows_quarantined"), 1.6, "R")],
            rows, title=title, font_size=7,
        )

    def quality(self) -> Section:
        blocks: list = []
        deliveries = self.snap.get("marts.fct_deliveries")
        blocks.append(Paragraph(self.t("deliveries_title"), "subtitle"))
        if deliveries is None:
            blocks.append(Paragraph(self.t("not_available", table="marts.fct_deliveries"), "notice"))
        elif deliveries.empty:
            blocks.append(Paragraph(self.t("none_found"), "note"))
        else:
            sort = [c for c in ("received_at", "delivery_id", "record_type") if c in deliveries]
            table = self.deliveries_table(deliveries.sort_values(sort, na_position="last"), None)
            table.note = self.t("deliveries_note")
            blocks.append(table)
        quarantine = self.snap.get("marts.fct_quarantine")
        blocks.append(Paragraph(self.t("quarantine_title"), "subtitle"))
        if quarantine is None:
            blocks.append(Paragraph(self.t("not_available", table="marts.fct_quarantine"), "notice"))
        elif quarantine.empty:
            blocks.append(Paragraph(self.t("none_found"), "note"))
        else:
            blocks.append(self.quarantine_table(quarantine))
        unresolved = self.snap.get("marts.fct_unresolved_references")
        blocks.append(Paragraph(self.t("unresolved_title"), "subtitle"))
        if unresolved is None:
            blocks.append(Paragraph(self.t("not_available", table="marts.fct_unresolved_references"), "notice"))
        elif unresolved.empty:
            blocks.append(Paragraph(self.t("none_found"), "note"))
        else:
            blocks.append(self.unresolved_table(unresolved))
        return self.section("quality", blocks)

    def quarantine_table(self, quarantine: pd.DataFrame) -> Table:
        """Per file and record type: rows and issues in quarantine and the columns involved, never the values."""
        frame = quarantine.copy()
        keys = [c for c in ("delivery_id", "file_name", "record_type") if c in frame]
        for c in keys:
            frame[c] = frame[c].astype(object).where(frame[c].notna(), "")
        row_id = [c for c in ("sheet", "row_number") if c in frame]
        rows = []
        for group_key, group in frame.groupby(keys, sort=True, dropna=False) if keys else [((), frame)]:
            group_key = group_key if isinstance(group_key, tuple) else (group_key,)
            values = dict(zip(keys, group_key, strict=True))
            n_rows = len(group.drop_duplicates(row_id)) if row_id else len(group)
            columns = ", ".join(sorted({str(c) for c in group.get("column_name", pd.Series(dtype=str)).dropna()}))
            rows.append([_int_cell(values.get("delivery_id")), _text_cell(values.get("file_name")),
                         _code_cell(values.get("record_type")), _int_cell(n_rows, self.lang),
                         _int_cell(len(group), self.lang), _text_cell(columns)])
        return Table(
            [Column(self.t("col_delivery"), 0.6, "R"), Column(self.t("col_file"), 3.0),
             Column(self.t("col_record_type"), 1.5), Column(self.t("col_rows_quarantined"), 1.2, "R"),
             Column(self.t("col_issues"), 0.9, "R"), Column(self.t("col_columns"), 2.8)],
            rows, note=self.t("quarantine_note"), font_size=7,
        )

    # Never the ids (record_id, referenced_id, reference_key) nor reason_nl/en (they quote the referenced id,
    # which may be a person's pseudonym): only what kind of reference is missing, and how often.
    SAFE_REFERENCE_COLUMNS = ("file_name", "record_type", "column_name", "referenced_type", "reason")

    def unresolved_table(self, unresolved: pd.DataFrame) -> Table:
        """Counts of unresolved references by file, record type and referenced type: no ids, no values."""
        columns = [c for c in self.SAFE_REFERENCE_COLUMNS if c in unresolved]
        frame = unresolved.copy()
        for c in columns:
            frame[c] = frame[c].astype(object).where(frame[c].notna(), "")
        if columns:
            counts = frame.groupby(columns, sort=True).size().reset_index(name="n")
        else:
            counts = pd.DataFrame({"n": [len(frame)]})
        headers = {"file_name": self.t("col_file"), "record_type": self.t("col_record_type"),
                   "column_name": self.t("col_column"), "referenced_type": self.t("col_referenced_type"),
                   "reason": self.t("col_reason")}
        rows = [[*(_text_cell(r[c]) for c in columns), _int_cell(r["n"], self.lang)]
                for r in counts.to_dict("records")]
        return Table(
            [*(Column(headers.get(c) or c.replace("_", " "), 3.0 if c == "file_name" else 1.6)
               for c in columns), Column(self.t("col_references"), 1.5, "R")],
            rows, note=self.t("unresolved_note"), font_size=7,
        )

    def methods(self) -> Section:
        blocks: list = [Paragraph(self.t("methods_rules_title"), "subtitle"), Paragraph(self.t("methods_rules")),
                        Paragraph(self.t("methods_attribution_title"), "subtitle"),
                        Paragraph(self.t("methods_attribution"))]
        used = self.ordered(k for k in self.used if not k.endswith(ind.PER_10K_SUFFIX))
        if used:
            rows = []
            for kpi in used:
                row = self.defs.get(kpi, {})
                definition = row.get(f"definition_{self.lang}")
                definition = MISSING if is_missing(definition) else str(definition)
                people = row.get("counts_people")
                rows.append([
                    Cell(kpi, kpi), Cell(self.name(kpi), self.name(kpi)), Cell(definition, definition),
                    Cell(unit_label(self.unit(kpi), self.lang), unit_label(self.unit(kpi), self.lang)),
                    _text_cell(row.get("key_date")), _text_cell(row.get("esf_plus_code")),
                    _text_cell(row.get("esf_2014_2020")), _text_cell(row.get("reference_framework")),
                    Cell(self.t("yes") if kpi in self.people else self.t("no"),
                         None if is_missing(people) else (self.t("yes") if kpi in self.people else self.t("no"))),
                ])
            blocks.append(Table(
                [Column(self.t("col_code"), 3.0), Column(self.t("col_name"), 2.0),
                 Column(self.t("col_definition"), 4.9, xlsx_width=90), Column(self.t("col_unit"), 1.15),
                 Column(self.t("col_key_date"), 2.25), Column(self.t("col_esf_plus"), pdf=False),
                 Column(self.t("col_esf_2014"), pdf=False, xlsx_width=60), Column(self.t("col_framework"), pdf=False),
                 Column(self.t("col_people"), pdf=False)],
                rows, title=self.t("definitions_title"), font_size=6.5,
            ))
        blocks.append(Paragraph(self.t("factors_title"), "subtitle"))
        factors = self.snap.get(self.snap.factor_table) if self.snap.factor_table else None
        if factors is None:
            blocks.append(Paragraph(self.t("factors_missing"), "notice"))
        else:
            blocks.append(self.factor_table(factors))
        return self.section("methods", blocks)

    def factor_table(self, factors: pd.DataFrame) -> Table:
        if "is_active" in factors:
            factors = factors[factors["is_active"].fillna(False).astype(bool)]
        rows = []
        for r in factors.to_dict("records"):
            scope = " / ".join(str(r[c]) for c in ("chain", "product_category") if c in r and not is_missing(r[c]))
            confirmed = r.get("confirmed")
            unconfirmed = confirmed is not None and not is_missing(confirmed) and not bool(confirmed)
            source = "" if is_missing(r.get("source")) else str(r["source"])
            method = "" if is_missing(r.get("range_method")) else str(r["range_method"])
            source_text = source + (f" {self.t('unconfirmed_marker')}" if unconfirmed else "")
            rows.append([
                _text_cell(r.get("factor_id")), _text_cell(r.get("version")), Cell(scope, scope),
                _text_cell(r.get("r_strategy")), _text_cell(r.get("basis")), _text_cell(r.get("unit")),
                *(self._factor_cell(r.get(c)) for c in ("low", "central", "high")),
                Cell(f"{source_text}\n{method}".strip(), None, bold=False),
                Cell(source, source or None), Cell(method, method or None),
                Cell(self.t("no") if unconfirmed else self.t("yes"), self.t("no") if unconfirmed else self.t("yes")),
            ])
        return Table(
            [Column(self.t("col_factor"), pdf=False), Column("version", pdf=False), Column(self.t("col_scope"), 2.0),
             Column(self.t("col_r_strategy"), 1.5), Column(self.t("col_basis"), 1.0), Column(self.t("col_unit"),
                                                                                              pdf=False),
             Column(self.t("col_low"), 0.9, "R"), Column(self.t("col_central"), 1.0, "R"),
             Column(self.t("col_high"), 0.9, "R"),
             Column(f"{self.t('col_factor_source')} / {self.t('col_range_method')}", 4.8, xlsx=False),
             Column(self.t("col_factor_source"), pdf=False, xlsx_width=70),
             Column(self.t("col_range_method"), pdf=False, xlsx_width=50),
             Column(self.t("col_confirmed"), pdf=False)],
            rows, font_size=6.5,
        )

    def _factor_cell(self, value: object) -> Cell:
        if is_missing(value):
            return Cell(MISSING)
        number = float(value)  # type: ignore[arg-type]
        decimals = len(f"{number:.4f}".rstrip("0").partition(".")[2])
        return Cell(format_number(number, self.lang, decimals), number, number_format="#,##0.0###")

    def provenance(self, fmt: str) -> Section:
        meta = self.snap.meta
        unknown = self.t("unknown")
        tables = ", ".join(sorted(n for n, f in self.snap.tables.items() if f is not None)) or unknown
        items = [
            ("prov_period", f"{format_period(self.period.label, self.lang)} ({self.period.label})"),
            ("prov_language", self.lang),
            ("prov_snapshot_created", format_datetime(meta.get("snapshot_created_at"), self.lang)),
            ("prov_cutoff", format_date(meta.get("cutoff_date"), self.lang)),
            ("prov_snapshot_hash", str(meta.get("warehouse_sha256") or unknown)),
            ("prov_input_hash", self.snap.input_hash),
            ("prov_pipeline_version", str(meta.get("code_version") or unknown)),
            ("prov_report_version", self.code_version),
            ("prov_serving_file", self.snap.path.name),
            ("prov_tables", tables),
            ("prov_generated", self.generated_text),
        ]
        rows = [[Cell(self.t(k), self.t(k)), Cell(v, v)] for k, v in items]
        code = str(meta.get("code_version") or unknown)
        return self.section("provenance", [
            Paragraph(self.t("prov_intro", period=self.period.label, language=self.lang, fmt=fmt, code=code)),
            Table([Column(self.t("prov_item"), 2.2), Column(self.t("col_value"), 5.0, xlsx_width=80)], rows,
                  font_size=8),
        ])

    def empty_section(self) -> Section:
        return self.section("empty", [Paragraph(self.t("cover_empty"), "notice")], new_page=True)

    # ------------------------------------------------------------------------------------------ the whole report
    def build(self, fmt: str) -> ReportModel:
        self.render_charts = fmt == "pdf"
        if self.empty:
            sections = [self.empty_section()]
        else:
            sections = [self.summary(), self.esf(), self.entity(), self.advisory(), self.accelerator(),
                        self.value_chains(), self.circular(), self.social(), self.map()]
            revisions = self.revisions()
            if revisions is not None:
                sections.append(revisions)
        sections += [self.quality(), self.methods(), self.provenance(fmt)]
        meta = self.snap.meta
        period_text = (f"{format_period(self.period.label, self.lang)} "
                       f"({format_date(self.period.start, self.lang)} – {format_date(self.period.end, self.lang)})")
        cover = [
            (self.t("cover_period"), period_text),
            (self.t("cover_project_period"),
             f"{format_date(settings.PROJECT_START, self.lang)} – {format_date(settings.PROJECT_END, self.lang)}"),
            (self.t("cover_cutoff"), format_date(meta.get("cutoff_date"), self.lang)),
            (self.t("cover_snapshot"), format_datetime(meta.get("snapshot_created_at"), self.lang)),
            (self.t("cover_generated"), self.generated_text),
        ]
        partners = [f"{PARTNERS[0]} {self.t('lead_partner')}", *PARTNERS[1:]]
        return ReportModel(
            lang=self.lang, period_label=self.period.label, period_text=period_text, title=self.t("report_title"),
            cover=cover, partners=partners, sections=sections, figures=dict(sorted(self.figures.items())),
            generated_text=self.generated_text, empty=self.empty, meta=dict(meta),
            unprotected=len(self.published.attrs.get("unprotected", [])),
        )


def _records(frame: pd.DataFrame) -> list[dict]:
    """`frame.to_dict("records")` (the same Python values), column by column: 6x faster on 50,000 rows."""
    columns = list(frame.columns)
    return [dict(zip(columns, values, strict=True)) for values in zip(*(frame[c].tolist() for c in columns))]


def _same(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def _as_timestamp(value: object) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp


def _as_datetime(value: object) -> dt.datetime | None:
    stamp = _as_timestamp(value)
    return None if stamp is None else stamp.to_pydatetime().replace(tzinfo=None)


def _text_cell(value: object) -> Cell:
    if is_missing(value) or value == "":
        return Cell("", None)
    return Cell(str(value), str(value))


def _code_cell(value: object) -> Cell:
    """A code (record type): printed with spaces so it can wrap, written as the code."""
    cell = _text_cell(value)
    cell.text = cell.text.replace("_", " ")
    return cell


def _int_cell(value: object, lang: str = "en") -> Cell:
    if is_missing(value) or value == "":
        return Cell(MISSING)
    number = int(value)  # type: ignore[arg-type]
    return Cell(format_number(number, lang), number, number_format="0")


def build_model(snap: Snapshot, period: Period, lang: str, fmt: str, *, generated_at: dt.datetime,
                previous: dict | None = None, code_version: str = "unknown") -> ReportModel:
    return Builder(snap, period, lang, generated_at=generated_at, previous=previous,
                   code_version=code_version).build(fmt)


__all__ = ["Builder", "build_model", "figure_key"]
