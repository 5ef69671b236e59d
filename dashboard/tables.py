"""Shape query results into what a page shows and what its CSV download holds (pure pandas, unit-testable).

Every `*_export` frame keeps raw numbers (for spreadsheets); every `*_display` frame holds formatted text in the
UI language (Belgian number and date formats in Dutch).
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import pandas as pd

from dashboard import i18n
from dashboard.formatting import (
    MISSING,
    PERCENT_UNITS,
    days_since,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_period,
    format_value,
    is_missing,
    per_10k,
)
from pipelines.publication import PRIMARY_LABEL, SECONDARY_LABEL

OVERVIEW_KPIS = (
    "ADV_INTAKES",
    "ADV_ACCEPTED_PCT",
    "ADV_REFERRED",
    "ADV_INVITED_3WD_PCT",
    "ADV_CONVERSATIONS",
    "ADV_REPORTS",
    "EVENTS",
    "EVENT_ATTENDANCES",
    "EVENT_UNIQUE_ATTENDEES",
)

STALE_AFTER_DAYS = 28  # "which partner has not delivered for weeks"


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value)


def shown(value: object, unit: str, suppression: object, lang: str) -> str:
    """A KPI value as text: `<5` / `x` for a cell the publication rules hide, else the formatted value."""
    return mark(suppression) or format_value(value, unit, lang)


def mark(suppression: object) -> str:
    """`<5` for a small people count, `x` for any other hidden cell, '' for a shown one."""
    status = _text(suppression)
    if not status:
        return ""
    return PRIMARY_LABEL if status == "primary" else SECONDARY_LABEL


def _statuses(frame: pd.DataFrame) -> list[str]:
    """The suppression status per row ('' where the frame has no such column: the exact figures)."""
    if "suppression" not in frame.columns:
        return [""] * len(frame)
    return [_text(v) for v in frame["suppression"]]


def kpi_name(definitions: pd.DataFrame, kpi: str, lang: str) -> str:
    """The KPI's name in the UI language (its code when the definition is missing)."""
    if kpi in definitions.index:
        name = definitions.at[kpi, f"name_{lang}"] if f"name_{lang}" in definitions.columns else None
        if not is_missing(name) and str(name).strip():
            return str(name)
    return kpi


def kpi_help(definitions: pd.DataFrame, kpi: str, lang: str) -> str:
    """Definition (and key date) for a KPI's hover help."""
    if kpi not in definitions.index:
        return kpi
    definition = _text(definitions.at[kpi, f"definition_{lang}"])
    key_date = _text(definitions.at[kpi, "key_date"])
    parts = [definition] if definition else []
    if key_date:
        parts.append(i18n.t("overview.key_date", lang, key_date=key_date))
    parts.append(f"`{kpi}`")
    return "\n\n".join(parts)


def kpi_unit(definitions: pd.DataFrame, kpi: str, fallback: object = None) -> str:
    if kpi in definitions.index and not is_missing(definitions.at[kpi, "unit"]):
        return str(definitions.at[kpi, "unit"])
    return _text(fallback)


def is_percent(unit: str) -> bool:
    return unit.strip().lower() in PERCENT_UNITS


def indexed_definitions(definitions: pd.DataFrame) -> pd.DataFrame:
    return definitions.drop_duplicates("kpi").set_index("kpi", drop=False)


def cards(cell: pd.DataFrame, definitions: pd.DataFrame, kpis: tuple[str, ...], lang: str) -> pd.DataFrame:
    """One row per KPI card: kpi, name, help, value (raw, NaN when missing), unit, text (formatted or '–')."""
    values = cell.drop_duplicates("kpi").set_index("kpi")
    rows = []
    for kpi in kpis:
        value = values.at[kpi, "value"] if kpi in values.index else None
        status = (
            _text(values.at[kpi, "suppression"]) if kpi in values.index and "suppression" in values else ""
        )
        unit = kpi_unit(definitions, kpi, values.at[kpi, "unit"] if kpi in values.index else None)
        help_text = kpi_help(definitions, kpi, lang)
        if status:
            note = "suppressed.primary_help" if status == "primary" else "suppressed.secondary_help"
            help_text = f"{i18n.t(note, lang)}\n\n{help_text}"
        rows.append(
            {
                "kpi": kpi,
                "name": kpi_name(definitions, kpi, lang),
                "help": help_text,
                "value": float("nan") if is_missing(value) else float(value),
                "unit": unit,
                "text": shown(value, unit, status, lang),
                "suppression": status,
            }
        )
    return pd.DataFrame(rows)


def cards_export(
    card_rows: pd.DataFrame, period: str, municipality: str, chain: str, lang: str
) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.kpi"): card_rows["kpi"],
            t("col.name"): card_rows["name"],
            t("col.period"): period,
            t("col.municipality"): municipality,
            t("col.chain"): chain,
            t("col.value"): card_rows["value"],
            t("col.unit"): card_rows["unit"],
            t("col.shown"): card_rows["text"],
        }
    )


def trend(monthly: pd.DataFrame, months: list[str], unit: str, lang: str) -> pd.DataFrame:
    """Every month of the range (months without a value stay NaN): month, label, value, text."""
    unique = monthly.drop_duplicates("period").set_index("period")
    values = unique["value"]
    hidden = dict(zip(unique.index, _statuses(unique), strict=True))
    frame = pd.DataFrame({"month": months})
    frame["label"] = [format_period(m, lang) for m in months]
    frame["value"] = [
        float(values[m]) if m in values.index and not is_missing(values[m]) else float("nan") for m in months
    ]
    frame["suppression"] = [hidden.get(m, "") for m in months]
    frame["text"] = [
        shown(v, unit, h, lang) for v, h in zip(frame["value"], frame["suppression"], strict=True)
    ]
    return frame


def trend_export(
    frame: pd.DataFrame, kpi: str, unit: str, municipality: str, chain: str, lang: str
) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.kpi"): kpi,
            t("col.month"): frame["month"],
            t("col.municipality"): municipality,
            t("col.chain"): chain,
            t("col.value"): frame["value"],
            t("col.unit"): unit,
            t("col.shown"): frame["text"],
        }
    )


def by_municipality(frame: pd.DataFrame, unit: str, per10k: bool, lang: str) -> pd.DataFrame:
    """Per municipality: value, per-10,000 value, the colour value `z` and the hover `text`."""
    out = frame.copy()
    out["municipality"] = out["municipality"].astype(str)
    out["value"] = pd.to_numeric(out["value"], errors="coerce")
    out["per_10k"] = [per_10k(v, p) for v, p in zip(out["value"], out["population"], strict=True)]
    out["per_10k"] = pd.to_numeric(out["per_10k"], errors="coerce")
    out["z"] = out["per_10k"] if per10k else out["value"]
    out["suppression"] = _statuses(out)
    no_value = i18n.t("overview.map.no_value", lang)
    texts = []
    for _, row in out.iterrows():
        if row["suppression"]:
            texts.append(f"{row['name_nl']}: {shown(None, unit, row['suppression'], lang)}")
        elif is_missing(row["value"]):
            texts.append(f"{row['name_nl']}: {no_value}")
        elif per10k:
            texts.append(
                f"{row['name_nl']}: {format_number(row['per_10k'], lang, 1)} "
                f"({format_value(row['value'], unit, lang)})"
            )
        else:
            texts.append(f"{row['name_nl']}: {format_value(row['value'], unit, lang)}")
    out["text"] = texts
    return out


def by_municipality_display(frame: pd.DataFrame, unit: str, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.municipality"): frame["name_nl"],
            t("col.value"): [
                shown(v, unit, h, lang) for v, h in zip(frame["value"], _statuses(frame), strict=True)
            ],
            t("col.per10k"): [
                mark(h) or format_number(v, lang, 1)
                for v, h in zip(frame["per_10k"], _statuses(frame), strict=True)
            ],
            t("col.population"): [format_number(v, lang, 0) for v in frame["population"]],
            t("col.population_year"): [
                MISSING if is_missing(y) else str(int(y)) for y in frame["population_year"]
            ],
        }
    )


def by_municipality_export(frame: pd.DataFrame, kpi: str, period: str, chain: str, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.kpi"): kpi,
            t("col.period"): period,
            t("col.chain"): chain,
            t("col.nis"): frame["municipality"],
            t("col.municipality"): frame["name_nl"],
            t("col.value"): frame["value"],
            t("col.population"): frame["population"],
            t("col.population_year"): frame["population_year"],
            t("col.per10k"): frame["per_10k"].round(2),
            t("col.shown"): [mark(h) for h in _statuses(frame)],
        }
    )


def population_years(frame: pd.DataFrame) -> str:
    years = sorted({int(y) for y in frame["population_year"] if not is_missing(y)})
    if not years:
        return MISSING
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


# ------------------------------------------------------------------------------------------ data quality


def ledger_balanced(frame: pd.DataFrame) -> pd.Series:
    """Per row: rows read = rows loaded + rows quarantined."""
    read = pd.to_numeric(frame["rows_read"], errors="coerce").fillna(0)
    loaded = pd.to_numeric(frame["rows_loaded"], errors="coerce").fillna(0)
    quarantined = pd.to_numeric(frame["rows_quarantined"], errors="coerce").fillna(0)
    return read == loaded + quarantined


def deliveries_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    balanced = ledger_balanced(frame)
    return pd.DataFrame(
        {
            t("col.delivery_id"): frame["delivery_id"].astype(str),
            t("col.received_at"): [format_datetime(v, lang) for v in frame["received_at"]],
            t("col.file_name"): frame["file_name"].map(_text),
            t("col.record_type"): [i18n.label("record_type", v, lang) for v in frame["record_type"]],
            t("col.rows_read"): [format_number(v, lang, 0) for v in frame["rows_read"]],
            t("col.rows_loaded"): [format_number(v, lang, 0) for v in frame["rows_loaded"]],
            t("col.rows_quarantined"): [format_number(v, lang, 0) for v in frame["rows_quarantined"]],
            t("col.balanced"): ["✓" if ok else "✗" for ok in balanced],
            t("col.status"): [i18n.label("status", v, lang) for v in frame["status"]],
            t("col.message"): frame[f"message_{lang}"].map(_text),
            t("col.source"): frame["source"].map(_text),
        }
    )


def deliveries_export(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.delivery_id"): frame["delivery_id"],
            t("col.received_at"): frame["received_at"],
            t("col.file_name"): frame["file_name"],
            t("col.source"): frame["source"],
            t("col.record_type"): frame["record_type"],
            t("col.status"): frame["status"],
            t("col.rows_read"): frame["rows_read"],
            t("col.rows_loaded"): frame["rows_loaded"],
            t("col.rows_quarantined"): frame["rows_quarantined"],
            t("col.balanced"): ledger_balanced(frame),
            t("col.message"): frame[f"message_{lang}"],
        }
    )


def quarantine_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Reason and suggestion first (what the user must act on), then where the row came from."""
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.delivery_id"): frame["delivery_id"].astype(str),
            t("col.row_number"): [format_number(v, lang, 0) for v in frame["row_number"]],
            t("col.column_name"): frame["column_name"].map(_text),
            t("col.reason"): frame[f"reason_{lang}"].map(_text),
            t("col.suggestion"): frame["suggestion"].map(_text),
            t("col.cell_value"): frame["value"].map(_text),
            t("col.file_name"): frame["file_name"].map(_text),
            t("col.record_type"): [i18n.label("record_type", v, lang) for v in frame["record_type"]],
        }
    )


def quarantine_export(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.delivery_id"): frame["delivery_id"],
            t("col.file_name"): frame["file_name"],
            t("col.record_type"): frame["record_type"],
            t("col.row_number"): frame["row_number"],
            t("col.column_name"): frame["column_name"],
            t("col.cell_value"): frame["value"],
            t("col.reason"): frame[f"reason_{lang}"],
            t("col.suggestion"): frame["suggestion"],
        }
    )


def freshness(frame: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    out = frame.copy()
    out["days_since"] = [days_since(v, today) for v in out["latest_received_at"]]
    out["stale"] = [d is None or d > STALE_AFTER_DAYS for d in out["days_since"]]
    return out


def freshness_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.record_type"): [i18n.label("record_type", v, lang) for v in frame["record_type"]],
            t("col.latest_received"): [format_date(v, lang) for v in frame["latest_received_at"]],
            t("col.days_since"): [format_number(v, lang, 0) for v in frame["days_since"]],
            t("col.latest_loaded"): [format_date(v, lang) for v in frame["latest_loaded_at"]],
            t("col.deliveries"): [format_number(v, lang, 0) for v in frame["deliveries"]],
            t("col.freshness"): [
                i18n.t("quality.stale", lang, days=STALE_AFTER_DAYS)
                if stale
                else i18n.t("quality.fresh", lang)
                for stale in frame["stale"]
            ],
        }
    )


def freshness_export(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.record_type"): frame["record_type"],
            t("col.latest_received"): frame["latest_received_at"],
            t("col.days_since"): frame["days_since"],
            t("col.latest_loaded"): frame["latest_loaded_at"],
            t("col.deliveries"): frame["deliveries"],
        }
    )


# ------------------------------------------------------------------------------------------ KPI pages

ADVISORY_KPIS = (
    "ADV_INTAKES",
    "ADV_ACCEPTED_PCT",
    "ADV_REFERRED",
    "ADV_INVITED_3WD_PCT",
    "ADV_CONVERSATIONS",
    "ADV_ADVICE_HOURS",
    "ADV_REPORTS",
    "ADV_DAYS_TO_REPORT_MEDIAN",
    "ADV_FOLLOW_UPS",
)
EVENTS_KPIS = ("EVENTS", "EVENT_ATTENDANCES", "EVENT_UNIQUE_ATTENDEES", "REACH_PEOPLE")
EVENTS_BY_MUNICIPALITY_KPIS = ("EVENTS", "EVENT_ATTENDANCES", "EVENT_UNIQUE_ATTENDEES")
ACCELERATOR_KPIS = (
    "ACC_HACKATHON_PARTICIPANTS",
    "ACC_APPLICATIONS",
    "ACC_FROM_HACKATHON_PCT",
    "ACC_SELECTED",
    "ACC_SELECTION_RATE_PCT",
    "ACC_COMPLETED",
    "ACC_PROGRAMME_HOURS",
    "ACC_OUTCOMES",
    "ACC_PROMOTED",
)
ACCELERATOR_FUNNEL = (
    "ACC_HACKATHON_PARTICIPANTS",
    "ACC_APPLICATIONS",
    "ACC_SELECTED",
    "ACC_COMPLETED",
    "ACC_OUTCOMES",
)
VALUE_CHAIN_KPIS = (
    "VC_MARKET_DIALOGUES",
    "VC_CHAIN_ACTORS",
    "VC_COLLABORATIONS",
    "VC_SOCIAL_REGULAR_COLLABS",
    "VC_PROCUREMENT_EUR",
)
CIRCULAR_KPIS = (
    "CIRC_MATERIAL_KG",
    "CIRC_HIGH_R_SHARE_PCT",
    "CIRC_RECYCLED_CONTENT_PCT",
    "CIRC_PRODUCT_YEARS_ADDED",
)
CO2E_KPI = "CIRC_CO2E_AVOIDED_KG"
UNCOVERED_KPI = "CIRC_CO2E_UNCOVERED_KG"
MATERIAL_KPI = "CIRC_MATERIAL_KG"
SOCIAL_KPIS = (
    "SOC_JOBS",
    "SOC_FTE",
    "SOC_JOBS_TARGET_GROUP",
    "SOC_TARGET_GROUP_SHARE_PCT",
    "SOC_JOBS_IN_REGION_PCT",
    "SOC_TRAINING_HOURS",
)
SOCIAL_BY_CHAIN_KPIS = ("SOC_JOBS", "SOC_FTE", "SOC_JOBS_TARGET_GROUP", "SOC_TRAINING_HOURS")

# Codes of the breakdown dimensions in the order the input contract lists them (unknown codes follow, sorted).
BREAKDOWN_ORDER = {
    "event_type": (
        "network_event",
        "workshop",
        "hackathon",
        "market_dialogue",
        "info_session",
        "intervision",
        "other",
    ),
    "session_type": (
        "design_sprint",
        "coaching",
        "mentoring",
        "intervision",
        "network_moment",
        "workshop",
        "other",
    ),
    "outcome_type": (
        "new_product",
        "new_service",
        "new_business_model",
        "partnership",
        "funding_secured",
        "other",
    ),
    "buyer_type": ("public", "care", "private", "none"),
    "decision": ("accepted", "referred", "rejected", "pending"),
    "target_group": (
        "disability",
        "psychosocial",
        "very_vulnerable",
        "migrant_background",
        "low_qualified",
        "long_term_unemployed",
        "youth",
        "age_55_plus",
    ),
}
CHAIN_ORDER = ("textile", "electro", "ict", "furniture", "packaging", "other", "unassigned")
HIGH_R_LAST = 7  # R0-R7 are the high R-strategies (kpi-catalogue: CIRC_HIGH_R_SHARE_PCT)


def headline(cell_rows: pd.DataFrame) -> pd.DataFrame:
    """The rows without breakdown (the KPI's own value) of a filter cell."""
    return cell_rows[cell_rows["breakdown"].fillna("") == ""]


def cell_value(cell_rows: pd.DataFrame, kpi: str, breakdown: str = "") -> float:
    """One value of a filter cell (NaN when the cell has no such row)."""
    rows = cell_rows[(cell_rows["kpi"] == kpi) & (cell_rows["breakdown"].fillna("") == breakdown)]
    if rows.empty or is_missing(rows.iloc[0]["value"]):
        return float("nan")
    return float(rows.iloc[0]["value"])


def cell_status(cell_rows: pd.DataFrame, kpi: str, breakdown: str = "") -> str:
    """The suppression status of one value of a filter cell ('' when shown or absent)."""
    if "suppression" not in cell_rows.columns:
        return ""
    rows = cell_rows[(cell_rows["kpi"] == kpi) & (cell_rows["breakdown"].fillna("") == breakdown)]
    return "" if rows.empty else _text(rows.iloc[0]["suppression"])


def has_any(cell_rows: pd.DataFrame, kpis: tuple[str, ...]) -> bool:
    return bool(headline(cell_rows)["kpi"].isin(kpis).any())


def breakdown(
    cell_rows: pd.DataFrame,
    kpi: str,
    dimension: str,
    unit: str,
    lang: str,
    *,
    order: tuple[str, ...] | None = None,
    all_codes: bool = False,
) -> pd.DataFrame:
    """The breakdown rows `dimension=code` of one KPI: code, label, value, text; in `order` (the contract's order
    by default), unknown codes after it. `all_codes`: every code of `order` appears, 0 where it has no row."""
    prefix = f"{dimension}="
    rows = cell_rows[(cell_rows["kpi"] == kpi) & cell_rows["breakdown"].fillna("").str.startswith(prefix)]
    values = {str(b)[len(prefix) :]: float(v) for b, v in zip(rows["breakdown"], rows["value"], strict=True)}
    hidden = {str(b)[len(prefix) :]: h for b, h in zip(rows["breakdown"], _statuses(rows), strict=True)}
    known = order if order is not None else BREAKDOWN_ORDER.get(dimension, ())
    codes = [c for c in known if all_codes or c in values] + sorted(c for c in values if c not in known)
    frame = pd.DataFrame({"code": codes})
    frame["label"] = [i18n.label(dimension, code, lang) for code in codes]
    frame["value"] = [values.get(code, 0.0) for code in codes]
    frame["suppression"] = [hidden.get(code, "") for code in codes]
    frame["text"] = [
        shown(v, unit, h, lang) for v, h in zip(frame["value"], frame["suppression"], strict=True)
    ]
    return frame


def breakdown_export(
    frame: pd.DataFrame, kpi: str, dimension: str, unit: str, context: dict[str, str], lang: str
) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.kpi"): kpi,
            **{t(f"col.{key}"): value for key, value in context.items()},
            t("col.dimension"): dimension,
            t("col.code"): frame["code"],
            t("col.label"): frame["label"],
            t("col.value"): frame["value"],
            t("col.unit"): unit,
            t("col.shown"): frame["text"],
        }
    )


def funnel(stages: list[tuple], lang: str) -> pd.DataFrame:
    """Funnel steps (key, label, value[, suppression]; a missing count is 0, a hidden one stays NaN and shows as
    `<5` / `x`): the share of the first step and of the step before, as text for the chart."""
    frame = pd.DataFrame(
        [(*stage, "")[:4] for stage in stages], columns=["key", "label", "value", "suppression"]
    )
    hidden = frame["suppression"].map(_text) != ""
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").fillna(0.0).mask(hidden)
    first = frame["value"].iloc[0] if not frame.empty else 0.0
    frame["pct_of_first"] = [v / first * 100 if first else float("nan") for v in frame["value"]]
    previous = frame["value"].shift(1)
    frame["pct_of_previous"] = [
        v / p * 100 if not is_missing(p) and p else float("nan")
        for v, p in zip(frame["value"], previous, strict=True)
    ]
    frame["text"] = [
        shown(v, "", h, lang)
        if h
        else format_number(v, lang, 0)
        if is_missing(p)
        else f"{format_number(v, lang, 0)} ({format_percent(p, lang)})"
        for v, p, h in zip(
            frame["value"], frame["pct_of_first"], frame["suppression"].map(_text), strict=True
        )
    ]
    return frame


def funnel_export(frame: pd.DataFrame, context: dict[str, str], lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            **{t(f"col.{key}"): value for key, value in context.items()},
            t("col.step"): frame["label"],
            t("col.source_kpi"): frame["key"],
            t("col.value"): frame["value"],
            t("col.pct_of_first"): frame["pct_of_first"].round(1),
            t("col.pct_of_previous"): frame["pct_of_previous"].round(1),
        }
    )


def r_ladder(cell_rows: pd.DataFrame, ladder: list[str], lang: str) -> pd.DataFrame:
    """kg kept in use per R-strategy in R-ladder order (R0 refuse .. R9 recover), every rung shown (0 kg when
    none): code, strategy, label, value, text, high (R0-R7)."""
    frame = breakdown(cell_rows, MATERIAL_KPI, "r_strategy", "kg", lang, order=tuple(ladder), all_codes=True)
    frame = frame.rename(columns={"code": "strategy"})
    position = {code: index for index, code in enumerate(ladder)}
    frame["code"] = [f"R{position[s]}" if s in position else "R?" for s in frame["strategy"]]
    frame["label"] = [f"{code} · {label}" for code, label in zip(frame["code"], frame["label"], strict=True)]
    frame["high"] = [position.get(s, 99) <= HIGH_R_LAST for s in frame["strategy"]]
    return frame[["code", "strategy", "label", "value", "text", "high"]]


def r_ladder_export(frame: pd.DataFrame, context: dict[str, str], lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.kpi"): MATERIAL_KPI,
            **{t(f"col.{key}"): value for key, value in context.items()},
            t("col.r_code"): frame["code"],
            t("col.r_strategy"): frame["strategy"],
            t("col.high_r"): frame["high"],
            t("col.value"): frame["value"],
            t("col.unit"): "kg",
        }
    )


def co2e_range(cell_rows: pd.DataFrame) -> dict[str, float]:
    """low, central and high estimate of CO2e avoided (NaN where missing; central falls back to the headline)."""
    estimates = {
        key: cell_value(cell_rows, CO2E_KPI, f"estimate={key}") for key in ("low", "central", "high")
    }
    if is_missing(estimates["central"]):
        estimates["central"] = cell_value(cell_rows, CO2E_KPI)
    return estimates


TONNE_FROM_KG = 10_000  # CO2e from 10.000 kg on is shown in tonnes (157,0 t reads better than 156.951 kg)


def co2e_scale(estimates: dict[str, float]) -> tuple[float, str]:
    """(divisor, unit text) for showing CO2e: tonnes for large figures, kg otherwise."""
    values = [abs(v) for v in estimates.values() if not is_missing(v)]
    return (1000.0, "t CO₂e") if values and max(values) >= TONNE_FROM_KG else (1.0, "kg CO₂e")


def co2e_amount(value: float, estimates: dict[str, float], lang: str) -> str:
    """One CO2e figure in the scale of the whole range: '241,3 t CO₂e' or '812 kg CO₂e'."""
    if is_missing(value):
        return MISSING
    divisor, unit = co2e_scale(estimates)
    return f"{format_number(value / divisor, lang, 1 if divisor > 1 else 0)} {unit}"


def co2e_range_text(estimates: dict[str, float], lang: str) -> str:
    """'157,0 – 325,6' in the unit of `co2e_scale` (the range; the central estimate is said separately), '–'
    without a range."""
    low, high = estimates["low"], estimates["high"]
    if is_missing(low) or is_missing(high):
        return MISSING
    divisor, _ = co2e_scale(estimates)
    decimals = 1 if divisor > 1 else 0
    return f"{format_number(low / divisor, lang, decimals)} – {format_number(high / divisor, lang, decimals)}"


def co2e_export(estimates: dict[str, float], context: dict[str, str], lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    keys = ("low", "central", "high")
    return pd.DataFrame(
        {
            t("col.kpi"): CO2E_KPI,
            **{t(f"col.{key}"): value for key, value in context.items()},
            t("col.estimate"): [i18n.t(f"circular.estimate.{k}", lang) for k in keys],
            t("col.value"): [estimates[k] for k in keys],
            t("col.unit"): "kg_co2e",
        }
    )


def uncovered_share(cell_rows: pd.DataFrame) -> tuple[float, float, float]:
    """(kg without a CO2e factor, all kg kept in use, share in %); a missing uncovered row with material
    present counts as 0 kg without a factor."""
    total = cell_value(cell_rows, MATERIAL_KPI)
    uncovered = cell_value(cell_rows, UNCOVERED_KPI)
    if is_missing(uncovered) and not is_missing(total):
        uncovered = 0.0
    share = (
        uncovered / total * 100
        if not is_missing(total) and total and not is_missing(uncovered)
        else float("nan")
    )
    return uncovered, total, share


def co2e_factors_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.chain"): [
                i18n.label("chain", c, lang) if not is_missing(c) else "" for c in frame["chain"]
            ],
            t("col.product_category"): frame["product_category"].map(_text),
            t("col.r_strategy"): [i18n.label("r_strategy", s, lang) for s in frame["r_strategy"]],
            t("col.factor_low"): [format_number(v, lang, 2) for v in frame["low"]],
            t("col.factor_central"): [format_number(v, lang, 2) for v in frame["central"]],
            t("col.factor_high"): [format_number(v, lang, 2) for v in frame["high"]],
            t("col.factor_unit"): frame["unit"].map(_text),
            t("col.confirmed"): [i18n.t("yes" if c is True else "no", lang) for c in frame["confirmed"]],
            t("col.factor_source"): frame["source"].map(_text),
        }
    )


def wide_by_municipality(
    long: pd.DataFrame, kpis: tuple[str, ...], definitions: pd.DataFrame, lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per municipality (region first, then outside the region and unknown), one column per KPI.
    Returns (display, export)."""
    t = partial(i18n.t, lang=lang)
    places = long.drop_duplicates("municipality")[["municipality", "name_nl", "population", "in_region"]]
    pivot = long.dropna(subset=["kpi"]).pivot_table(index="municipality", columns="kpi", values="value")
    hidden = _hidden_cells(long, "municipality")
    names = dict(zip(places["municipality"].astype(str), places["name_nl"].map(_text), strict=True))
    display = pd.DataFrame({t("col.municipality"): [_place(m, names, lang) for m in places["municipality"]]})
    export = pd.DataFrame(
        {
            t("col.nis"): places["municipality"].tolist(),
            t("col.municipality"): places["name_nl"].tolist(),
            t("col.population"): places["population"].tolist(),
        }
    )
    for kpi in kpis:
        unit = kpi_unit(definitions, kpi)
        values = [
            pivot.at[m, kpi] if kpi in pivot.columns and m in pivot.index else float("nan")
            for m in places["municipality"]
        ]
        name = kpi_name(definitions, kpi, lang)
        display[name] = [
            shown(v, unit, hidden.get((m, kpi), ""), lang)
            for v, m in zip(values, places["municipality"], strict=True)
        ]
        export[kpi] = values
    return display, _with_hidden(export, hidden, places["municipality"].tolist(), kpis)


def wide_by_chain(
    long: pd.DataFrame, kpis: tuple[str, ...], definitions: pd.DataFrame, lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per chain with data (contract order), one column per KPI. Returns (display, export)."""
    t = partial(i18n.t, lang=lang)
    present = set(long["chain"])
    chains = [c for c in CHAIN_ORDER if c in present] + sorted(c for c in present if c not in CHAIN_ORDER)
    pivot = (
        long.pivot_table(index="chain", columns="kpi", values="value") if not long.empty else pd.DataFrame()
    )
    hidden = _hidden_cells(long, "chain")
    display = pd.DataFrame({t("col.chain"): [i18n.label("chain", c, lang) for c in chains]})
    export = pd.DataFrame({t("col.chain"): chains})
    for kpi in kpis:
        unit = kpi_unit(definitions, kpi)
        values = [
            pivot.at[c, kpi] if kpi in pivot.columns and c in pivot.index else float("nan") for c in chains
        ]
        display[kpi_name(definitions, kpi, lang)] = [
            shown(v, unit, hidden.get((c, kpi), ""), lang) for v, c in zip(values, chains, strict=True)
        ]
        export[kpi] = values
    return display, _with_hidden(export, hidden, chains, kpis)


def _hidden_cells(long: pd.DataFrame, by: str) -> dict[tuple[str, str], str]:
    """(row key, kpi) -> suppression status of the hidden cells of a long frame."""
    if "suppression" not in long.columns:
        return {}
    return {
        (str(key), str(kpi)): _text(status)
        for key, kpi, status in zip(long[by], long["kpi"], long["suppression"], strict=True)
        if _text(status)
    }


def _with_hidden(
    export: pd.DataFrame, hidden: dict[tuple[str, str], str], keys: list, kpis: tuple[str, ...]
) -> pd.DataFrame:
    """An export keeps hidden cells empty; a `<KPI>_shown` column per KPI says `<5` or `x` where one is hidden."""
    for kpi in kpis:
        marks = [mark(hidden.get((str(k), kpi), "")) for k in keys]
        if any(marks):
            export[f"{kpi}_shown"] = marks
    return export


# ------------------------------------------------------------------------------------------ overview: targets


def progress(
    frame: pd.DataFrame, definitions: pd.DataFrame, municipality: str, chain: str, lang: str
) -> pd.DataFrame:
    """One row per KPI with a target: the most specific target for the filter (municipality and chain, else
    the municipality or the chain, else the whole region): value, target, reached and expected %, on track."""
    if frame.empty:
        return frame.assign(name="", unit="", on_track=pd.Series(dtype=bool), scope="")
    wanted = frame[
        frame["municipality"].isin([municipality, "all"]) & frame["chain"].isin([chain, "all"])
    ].copy()
    wanted["specificity"] = (wanted["municipality"] != "all").astype(int) + (wanted["chain"] != "all").astype(
        int
    )
    wanted = wanted.sort_values(["kpi", "specificity"], ascending=[True, False]).drop_duplicates("kpi")
    order = {kpi: i for i, kpi in enumerate(definitions.index)}
    wanted["order"] = [order.get(k, len(order)) for k in wanted["kpi"]]
    wanted = wanted.sort_values("order").reset_index(drop=True)
    wanted["name"] = [kpi_name(definitions, k, lang) for k in wanted["kpi"]]
    wanted["unit"] = [kpi_unit(definitions, k) for k in wanted["kpi"]]
    wanted["on_track"] = [
        (not is_missing(r) and not is_missing(e) and r >= e)
        for r, e in zip(wanted["pct_reached"], wanted["expected_pct"], strict=True)
    ]
    wanted["confirmed"] = wanted["target_confirmed"].fillna(False).astype(bool)
    return wanted


def progress_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.name"): frame["name"],
            t("col.value"): [
                shown(v, u, h, lang)
                for v, u, h in zip(frame["value"], frame["unit"], _statuses(frame), strict=True)
            ],
            t("col.target"): [
                format_value(v, u, lang) + ("" if c else " *")
                for v, u, c in zip(frame["target"], frame["unit"], frame["confirmed"], strict=True)
            ],
            t("col.pct_reached"): [format_percent(v, lang) for v in frame["pct_reached"]],
            t("col.expected_pct"): [format_percent(v, lang) for v in frame["expected_pct"]],
            t("col.on_track"): [
                i18n.t("targets.on_track" if ok else "targets.behind", lang) for ok in frame["on_track"]
            ],
            t("col.target_status"): [
                i18n.t("targets.confirmed" if c else "targets.placeholder", lang) for c in frame["confirmed"]
            ],
        }
    )


def progress_export(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.kpi"): frame["kpi"],
            t("col.name"): frame["name"],
            t("col.municipality"): frame["municipality"],
            t("col.chain"): frame["chain"],
            t("col.value"): frame["value"],
            t("col.target"): frame["target"],
            t("col.unit"): frame["unit"],
            t("col.pct_reached"): frame["pct_reached"].round(1),
            t("col.expected_pct"): frame["expected_pct"].round(1),
            t("col.cutoff"): frame["cutoff_date"],
            t("col.target_type"): frame["target_type"],
            t("col.target_version"): frame["target_version"],
            t("col.target_confirmed"): frame["confirmed"],
            t("col.target_source"): frame["target_source"],
        }
    )


# ------------------------------------------------------------------------------------------ overview: changes


def changes(
    current: pd.DataFrame, previous: pd.DataFrame, definitions: pd.DataFrame, lang: str
) -> pd.DataFrame:
    """KPIs of the filter cell whose value differs from the previous snapshot (new and gone ones included):
    kpi, name, unit, previous, current, difference."""
    now = current.drop_duplicates("kpi").set_index("kpi")["value"]
    before = previous.drop_duplicates("kpi").set_index("kpi")["value"]
    rows = []
    for kpi in sorted(set(now.index) | set(before.index)):
        new, old = now.get(kpi, float("nan")), before.get(kpi, float("nan"))
        if not is_missing(new) and not is_missing(old) and abs(float(new) - float(old)) < 1e-9:
            continue
        rows.append(
            {
                "kpi": kpi,
                "name": kpi_name(definitions, kpi, lang),
                "unit": kpi_unit(definitions, kpi),
                "previous": float("nan") if is_missing(old) else float(old),
                "current": float("nan") if is_missing(new) else float(new),
            }
        )
    frame = pd.DataFrame(rows, columns=["kpi", "name", "unit", "previous", "current"])
    frame["difference"] = frame["current"] - frame["previous"]
    order = {kpi: i for i, kpi in enumerate(definitions.index)}
    frame["order"] = [order.get(k, len(order)) for k in frame["kpi"]]
    return frame.sort_values(["order", "kpi"]).drop(columns="order").reset_index(drop=True)


def _signed(value: float, unit: str, lang: str) -> str:
    if is_missing(value):
        return MISSING
    text = format_value(abs(value), unit, lang)
    if is_percent(unit):  # a change of a percentage is in percentage points
        text = f"{format_number(abs(value), lang, 1)} {'procentpunt' if lang == 'nl' else 'pp'}"
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def changes_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.name"): frame["name"],
            t("col.previous"): [
                format_value(v, u, lang) for v, u in zip(frame["previous"], frame["unit"], strict=True)
            ],
            t("col.current"): [
                format_value(v, u, lang) for v, u in zip(frame["current"], frame["unit"], strict=True)
            ],
            t("col.difference"): [
                _signed(v, u, lang)
                if not is_missing(v)
                else i18n.t("changes.new" if is_missing(p) else "changes.gone", lang)
                for v, u, p in zip(frame["difference"], frame["unit"], frame["previous"], strict=True)
            ],
        }
    )


def changes_export(frame: pd.DataFrame, context: dict[str, str], lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.kpi"): frame["kpi"],
            t("col.name"): frame["name"],
            **{t(f"col.{key}"): value for key, value in context.items()},
            t("col.previous"): frame["previous"],
            t("col.current"): frame["current"],
            t("col.difference"): frame["difference"],
            t("col.unit"): frame["unit"],
        }
    )


# ------------------------------------------------------------------------------------------ advisory desk


def waiting(frame: pd.DataFrame, cutoff: dt.date | None) -> pd.DataFrame:
    """The intakes still waiting for an invitation, with the calendar days past their deadline at the cut-off."""
    out = frame.copy()
    out["days_overdue"] = [
        None if cutoff is None or is_missing(d) else max(0, days_since(d, cutoff) or 0)
        for d in out["deadline_on"]
    ]
    return out


def waiting_display(frame: pd.DataFrame, municipalities: dict[str, str], lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.intake_id"): frame["intake_id"].map(_text),
            t("col.invitation_status"): [
                i18n.label("invitation_status", s, lang) for s in frame["invitation_status"]
            ],
            t("col.submitted_on"): [format_date(v, lang) for v in frame["submitted_on"]],
            t("col.deadline_on"): [format_date(v, lang) for v in frame["deadline_on"]],
            t("col.days_overdue"): [format_number(v, lang, 0) for v in frame["days_overdue"]],
            t("col.municipality"): [_place(m, municipalities, lang) for m in frame["municipality"]],
            t("col.chain"): [i18n.label("chain", c, lang) for c in frame["chain"]],
            t("col.applicant_stage"): [
                i18n.label("applicant_stage", s, lang) for s in frame["applicant_stage"]
            ],
            t("col.file_name"): frame["file_name"].map(_text),
            t("col.row_number"): [format_number(v, lang, 0) for v in frame["row_number"]],
        }
    )


def waiting_export(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.intake_id"): frame["intake_id"],
            t("col.invitation_status"): frame["invitation_status"],
            t("col.submitted_on"): frame["submitted_on"],
            t("col.deadline_on"): frame["deadline_on"],
            t("col.days_overdue"): frame["days_overdue"],
            t("col.nis"): frame["municipality"],
            t("col.chain"): frame["chain"],
            t("col.applicant_stage"): frame["applicant_stage"],
            t("col.file_name"): frame["file_name"],
            t("col.row_number"): frame["row_number"],
        }
    )


def _place(code: object, municipalities: dict[str, str], lang: str) -> str:
    if is_missing(code):
        return ""
    code = str(code)
    if f"place.{code}" in i18n.TEXTS:  # outside_region, unassigned: in the UI language
        return i18n.label("place", code, lang)
    return municipalities.get(code, code)


# ------------------------------------------------------------------------------------------ data quality (issue 3)


def unresolved_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.reason"): frame[f"reason_{lang}"].map(_text),
            t("col.record_type"): [i18n.label("record_type", v, lang) for v in frame["record_type"]],
            t("col.record_id"): frame["record_id"].map(_text),
            t("col.column_name"): frame["column_name"].map(_text),
            t("col.referenced_id"): frame["referenced_id"].map(_text),
            t("col.source"): frame["source"].map(_text),
            t("col.delivery_id"): [format_number(v, lang, 0) for v in frame["delivery_id"]],
            t("col.file_name"): frame["file_name"].map(_text),
            t("col.row_number"): [format_number(v, lang, 0) for v in frame["row_number"]],
        }
    )


def unresolved_export(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.reason"): frame[f"reason_{lang}"],
            t("col.reason_code"): frame["reason"],
            t("col.record_type"): frame["record_type"],
            t("col.record_id"): frame["record_id"],
            t("col.column_name"): frame["column_name"],
            t("col.referenced_id"): frame["referenced_id"],
            t("col.referenced_type"): frame["referenced_type"],
            t("col.source"): frame["source"],
            t("col.delivery_id"): frame["delivery_id"],
            t("col.file_name"): frame["file_name"],
            t("col.row_number"): frame["row_number"],
        }
    )


def out_of_period_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.flag"): [i18n.label("flag", v, lang) for v in frame["flag"]],
            t("col.reason"): frame[f"reason_{lang}"].map(_text),
            t("col.record_type"): [i18n.label("record_type", v, lang) for v in frame["record_type"]],
            t("col.record_id"): frame["record_id"].map(_text),
            t("col.date_column"): frame["date_column"].map(_text),
            t("col.date_value"): [format_date(v, lang) for v in frame["date_value"]],
            t("col.source"): frame["source"].map(_text),
            t("col.file_name"): frame["file_name"].map(_text),
            t("col.row_number"): [format_number(v, lang, 0) for v in frame["row_number"]],
        }
    )


def out_of_period_export(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.flag"): frame["flag"],
            t("col.reason"): frame[f"reason_{lang}"],
            t("col.record_type"): frame["record_type"],
            t("col.record_id"): frame["record_id"],
            t("col.date_column"): frame["date_column"],
            t("col.date_value"): frame["date_value"],
            t("col.source"): frame["source"],
            t("col.delivery_id"): frame["delivery_id"],
            t("col.file_name"): frame["file_name"],
            t("col.row_number"): frame["row_number"],
        }
    )


def scorecard(frame: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Per source: share of rows rejected, days since its last delivery, and whether to call (stale, rows
    rejected or references unresolved). Worst first."""
    out = frame.copy()
    read = pd.to_numeric(out["rows_read"], errors="coerce").fillna(0)
    rejected = pd.to_numeric(out["rows_quarantined"], errors="coerce").fillna(0)
    out["rejected_pct"] = [r / n * 100 if n else float("nan") for r, n in zip(rejected, read, strict=True)]
    out["days_since"] = [days_since(v, today) for v in out["latest_received_at"]]
    out["stale"] = [d is None or d > STALE_AFTER_DAYS for d in out["days_since"]]
    unresolved = pd.to_numeric(out["unresolved_references"], errors="coerce").fillna(0)
    out["attention"] = out["stale"] | (rejected > 0) | (unresolved > 0) | (out["files_rejected"] > 0)
    return out.sort_values(
        ["attention", "rejected_pct", "source"], ascending=[False, False, True], na_position="last"
    ).reset_index(drop=True)


def scorecard_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)

    def count(column: str) -> list[str]:
        return [format_number(v, lang, 0) for v in frame[column]]

    return pd.DataFrame(
        {
            t("col.source"): frame["source"].map(_text),
            t("col.attention"): [
                i18n.t("quality.call" if a else "quality.ok", lang) for a in frame["attention"]
            ],
            t("col.rejected_pct"): [format_percent(v, lang) for v in frame["rejected_pct"]],
            t("col.unresolved"): count("unresolved_references"),
            t("col.days_since"): [format_number(v, lang, 0) for v in frame["days_since"]],
            t("col.latest_received"): [format_date(v, lang) for v in frame["latest_received_at"]],
            t("col.rows_read"): count("rows_read"),
            t("col.rows_quarantined"): count("rows_quarantined"),
            t("col.files"): count("files"),
            t("col.files_rejected"): count("files_rejected"),
            t("col.out_of_period"): count("out_of_period"),
        }
    )


def scorecard_export(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = partial(i18n.t, lang=lang)
    return pd.DataFrame(
        {
            t("col.source"): frame["source"],
            t("col.files"): frame["files"],
            t("col.files_rejected"): frame["files_rejected"],
            t("col.rows_read"): frame["rows_read"],
            t("col.rows_loaded"): frame["rows_loaded"],
            t("col.rows_quarantined"): frame["rows_quarantined"],
            t("col.rejected_pct"): frame["rejected_pct"].round(1),
            t("col.unresolved"): frame["unresolved_references"],
            t("col.out_of_period"): frame["out_of_period"],
            t("col.latest_received"): frame["latest_received_at"],
            t("col.days_since"): frame["days_since"],
            t("col.attention"): frame["attention"],
        }
    )
