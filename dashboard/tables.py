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
    format_period,
    format_value,
    is_missing,
    per_10k,
)

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
        unit = kpi_unit(definitions, kpi, values.at[kpi, "unit"] if kpi in values.index else None)
        rows.append(
            {
                "kpi": kpi,
                "name": kpi_name(definitions, kpi, lang),
                "help": kpi_help(definitions, kpi, lang),
                "value": float("nan") if is_missing(value) else float(value),
                "unit": unit,
                "text": format_value(value, unit, lang),
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
        }
    )


def trend(monthly: pd.DataFrame, months: list[str], unit: str, lang: str) -> pd.DataFrame:
    """Every month of the range (months without a value stay NaN): month, label, value, text."""
    values = monthly.drop_duplicates("period").set_index("period")["value"]
    frame = pd.DataFrame({"month": months})
    frame["label"] = [format_period(m, lang) for m in months]
    frame["value"] = [
        float(values[m]) if m in values.index and not is_missing(values[m]) else float("nan") for m in months
    ]
    frame["text"] = [format_value(v, unit, lang) for v in frame["value"]]
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
    no_value = i18n.t("overview.map.no_value", lang)
    texts = []
    for _, row in out.iterrows():
        if is_missing(row["value"]):
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
            t("col.value"): [format_value(v, unit, lang) for v in frame["value"]],
            t("col.per10k"): [format_number(v, lang, 1) for v in frame["per_10k"]],
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
