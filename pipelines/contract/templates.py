"""Empty delivery templates per record type (XLSX and CSV) with Dutch headers and a data dictionary."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from pipelines.contract.enums import ENUMS
from pipelines.contract.schema import RECORD_TYPES, Column, RecordType

KIND_NL = {
    "text": "tekst", "id": "id (tekst)", "person_id": "persoon-id (tekst)", "date": "datum (dd/mm/jjjj)",
    "bool": "ja/nee", "int": "geheel getal", "decimal": "getal (decimale komma mag)", "enum": "keuzelijst",
    "list": "lijst (gescheiden door ;)", "enterprise_number": "ondernemingsnummer (0123.456.749)",
    "pii": "persoonsgegeven (blijft in het archief)",
}


def dutch_header(rt: RecordType, col: Column) -> str:
    """The header a Dutch-speaking partner types: the first alias, else `type`/`datum`, else the canonical name."""
    if col.aliases:
        return col.aliases[0]
    if rt.type_column == col.name:
        return "type"
    if rt.key_date == col.name:
        return "datum"
    return col.name


def _allowed(col: Column) -> str:
    if not col.enum:
        return ""
    return "; ".join(f"{code} ({', '.join(aliases)})" if aliases else code for code, aliases in ENUMS[col.enum].items())


def dictionary_rows(rt: RecordType) -> list[list[str]]:
    rows = []
    for col in rt.columns:
        rule = ""
        if col.min_value is not None or col.max_value is not None:
            low = "" if col.min_value is None else (">" if col.min_exclusive else ">=") + f" {col.min_value:g}"
            high = "" if col.max_value is None else f"<= {col.max_value:g}"
            rule = " en ".join(x for x in (low, high) if x)
        rows.append([dutch_header(rt, col), col.name, KIND_NL[col.kind], "ja" if col.required else "nee",
                     ", ".join(col.aliases), _allowed(col), rule, col.default or ""])
    return rows


DICT_HEADER = ["kolom", "canonieke naam", "soort", "verplicht", "andere namen", "toegelaten waarden", "regel",
               "standaard"]


def write_templates(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for rt in RECORD_TYPES.values():
        headers = [dutch_header(rt, c) for c in rt.columns]
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = rt.name
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for i, h in enumerate(headers, start=1):
            ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = max(12, len(h) + 4)
        wd = wb.create_sheet("woordenboek")
        wd.append([f"{rt.name}: {rt.description_nl}"])
        wd.append(DICT_HEADER)
        for row in dictionary_rows(rt):
            wd.append(row)
        for cell in wd[2]:
            cell.font = Font(bold=True)
        wb.properties.created = wb.properties.modified = dt.datetime(2021, 5, 1)
        xlsx = out / f"{rt.name}.xlsx"
        wb.save(xlsx)
        csv_path = out / f"{rt.name}.csv"
        with open(csv_path, "w", newline="", encoding="utf-8-sig") as fh:
            csv.writer(fh, delimiter=";").writerow(headers)
        written += [xlsx, csv_path]
    return written
