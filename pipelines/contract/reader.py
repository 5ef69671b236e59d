"""Read a delivered file (CSV or XLSX) into parts: one part per record type found, each with mapped headers.

A file that cannot be read at all raises `FileRejected` with one clear message in Dutch and English.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import operator
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.contract.parsers import norm_token
from pipelines.contract.schema import RECORD_TYPES, RecordType


class FileRejected(Exception):
    def __init__(self, message_nl: str, message_en: str):
        super().__init__(message_en)
        self.message_nl = message_nl
        self.message_en = message_en


@dataclass
class Part:
    """One table of one file: a CSV, or one sheet of a workbook."""

    record_type: RecordType
    sheet: str | None
    mapping: dict[int, str]  # column index -> canonical column name
    extra_columns: list[str]  # headers that match nothing (kept in _extra, reported)
    headers: list[str]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)  # (row number in the file, cells)
    decimal_comma: bool = False
    delimiter: str | None = None
    encoding: str | None = None


# ------------------------------------------------------------------------------------------- record type
def _type_keys() -> list[tuple[str, RecordType]]:
    keys = []
    for rt in RECORD_TYPES.values():
        for name in (rt.name, *rt.sheet_aliases):
            keys.append((norm_token(name), rt))
    # longest first so 'programmesessions' wins over a shorter alias
    return sorted(keys, key=lambda kv: -len(kv[0]))


def record_type_from_name(name: str) -> RecordType | None:
    """Record type from a file or sheet name prefix: 'Intakes 2022 Q1.csv' -> intakes."""
    key = norm_token(Path(name).stem if "." in name else name)
    for prefix, rt in _type_keys():
        if key.startswith(prefix):
            return rt
    return None


# ------------------------------------------------------------------------------------------- headers
def header_lookup(rt: RecordType) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for col in rt.columns:
        for name in (col.name, *col.aliases):
            lookup[norm_token(name)] = col.name
    if rt.type_column:
        lookup.setdefault("type", rt.type_column)
    if rt.key_date:
        lookup.setdefault("datum", rt.key_date)
    return lookup


def accepted_headers(rt: RecordType, column: str) -> list[str]:
    col = rt.column(column)
    names = [col.name, *col.aliases]
    if rt.type_column == column:
        names.append("type")
    if rt.key_date == column:
        names.append("datum")
    return names


def map_headers(rt: RecordType, headers: list[str], where: str) -> tuple[dict[int, str], list[str]]:
    lookup = header_lookup(rt)
    mapping: dict[int, str] = {}
    extra: list[str] = []
    seen: dict[str, str] = {}
    for idx, header in enumerate(headers):
        if header is None or str(header).strip() == "":
            continue
        canonical = lookup.get(norm_token(header))
        if canonical is None:
            extra.append(str(header))
            continue
        if canonical in seen:
            raise FileRejected(
                f"{where}: de kolommen '{seen[canonical]}' en '{header}' betekenen allebei '{canonical}'; "
                "hou er één over.",
                f"{where}: the columns '{seen[canonical]}' and '{header}' both mean '{canonical}'; keep one.",
            )
        seen[canonical] = str(header)
        mapping[idx] = canonical
    present = set(mapping.values())
    for col in rt.columns:
        if col.required and col.name not in present:
            names = ", ".join(accepted_headers(rt, col.name))
            raise FileRejected(
                f"{where}: verplichte kolom '{col.name}' ontbreekt voor {rt.name} "
                f"(herkende kolomnamen: {names}). Het bestand blijft in de inbox.",
                f"{where}: required column '{col.name}' is missing for {rt.name} "
                f"(accepted headers: {names}). The file stays in the inbox.",
            )
    if rt.needs_place and not present & {"postal_code", "municipality"}:
        raise FileRejected(
            f"{where}: kolom 'postcode' of 'gemeente' ontbreekt voor {rt.name}. Het bestand blijft in de inbox.",
            f"{where}: column 'postal_code' or 'municipality' is missing for {rt.name}. The file stays in the inbox.",
        )
    for group in rt.one_of:
        if not present & set(group):
            names = " of ".join(group)
            raise FileRejected(
                f"{where}: minstens één van de kolommen {names} is nodig voor {rt.name}.",
                f"{where}: at least one of the columns {' or '.join(group)} is needed for {rt.name}.",
            )
    return mapping, extra


# ------------------------------------------------------------------------------------------- CSV
def decode_bytes(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def detect_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def first_filled_line(text: str) -> str:
    """The first line that is not blank (the delimiter is detected on it), found without splitting the whole text."""
    head = text[:1 << 16]
    lines = head.splitlines()
    if len(head) < len(text):
        lines = lines[:-1]  # the last line of the head may be cut short
    found = next((ln for ln in lines if ln.strip()), None)
    return found if found is not None else next((ln for ln in text.splitlines() if ln.strip()), "")


def read_csv_part(path: Path, rt: RecordType, header_only: bool = False) -> Part:
    data = path.read_bytes()
    if not data.strip():
        raise FileRejected(
            f"{path.name}: het bestand is leeg. Het blijft in de inbox.",
            f"{path.name}: the file is empty. It stays in the inbox.",
        )
    if data[:4] == b"PK\x03\x04" or data[:4] == b"\xd0\xcf\x11\xe0":
        raise FileRejected(
            f"{path.name}: dit is een Excel-bestand met de extensie .csv; bewaar het als .xlsx of als CSV.",
            f"{path.name}: this is an Excel file named .csv; save it as .xlsx or as CSV.",
        )
    text, encoding = decode_bytes(data)
    delimiter = detect_delimiter(first_filled_line(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    part: Part | None = None
    for line_no, cells in enumerate(reader, start=1):
        if headers is None:
            if not "".join(cells).strip():
                continue
            headers = [c.strip() for c in cells]
            mapping, extra = map_headers(rt, headers, path.name)
            part = Part(rt, None, mapping, extra, headers, decimal_comma=delimiter == ";",
                        delimiter=delimiter, encoding=encoding)
            if header_only:
                return part
            continue
        assert part is not None
        if not "".join(cells).strip():
            continue  # blank line: not a record
        part.rows.append((reader.line_num if reader.line_num else line_no, cells))
    if part is None:
        raise FileRejected(
            f"{path.name}: geen kolomkoppen gevonden. Het bestand blijft in de inbox.",
            f"{path.name}: no header row found. The file stays in the inbox.",
        )
    return part


# ------------------------------------------------------------------------------------------- XLSX
def _open_workbook(path: Path):
    import openpyxl

    head = path.read_bytes()[:8]
    if head[:4] == b"\xd0\xcf\x11\xe0":
        raise FileRejected(
            f"{path.name}: het bestand is met een wachtwoord beveiligd of een oud .xls-bestand; "
            "bewaar het zonder wachtwoord als .xlsx.",
            f"{path.name}: the file is password-protected or an old .xls file; save it as .xlsx without a password.",
        )
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise FileRejected(
            f"{path.name}: het Excel-bestand kan niet gelezen worden (beschadigd?): {type(exc).__name__}.",
            f"{path.name}: the Excel file cannot be read (corrupt?): {type(exc).__name__}.",
        ) from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises its own InvalidFileException
        raise FileRejected(
            f"{path.name}: het Excel-bestand kan niet gelezen worden: {exc}.",
            f"{path.name}: the Excel file cannot be read: {exc}.",
        ) from None


def _cell(value: object) -> object:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    return value


def read_xlsx_parts(path: Path, header_only: bool = False) -> list[Part]:
    wb = _open_workbook(path)
    try:
        sheets = wb.sheetnames
        chosen: list[tuple[str, RecordType]] = []
        for name in sheets:
            rt = record_type_from_name(name)
            if rt is not None:
                chosen.append((name, rt))
        if not chosen:
            rt = record_type_from_name(path.name)
            if rt is None:
                raise FileRejected(
                    f"{path.name}: geen tabblad en geen bestandsnaam die een recordtype noemt "
                    f"({', '.join(RECORD_TYPES)}).",
                    f"{path.name}: no sheet and no file name that names a record type ({', '.join(RECORD_TYPES)}).",
                )
            if len(sheets) > 1:
                raise FileRejected(
                    f"{path.name}: de werkmap heeft {len(sheets)} tabbladen maar geen enkel tabblad heet naar een "
                    "recordtype; geef de tabbladen de naam van het recordtype.",
                    f"{path.name}: the workbook has {len(sheets)} sheets but none is named after a record type; "
                    "name the sheets after their record type.",
                )
            chosen = [(sheets[0], rt)]
        parts = []
        for sheet_name, rt in chosen:
            ws = wb[sheet_name]
            part: Part | None = None
            where = f"{path.name} [{sheet_name}]"
            for row_no, values in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = [_cell(v) for v in values]
                if part is None:
                    if not any(v is not None and str(v).strip() for v in cells):
                        continue
                    headers = ["" if v is None else str(v).strip() for v in cells]
                    mapping, extra = map_headers(rt, headers, where)
                    part = Part(rt, sheet_name, mapping, extra, headers)
                    if header_only:
                        break
                    continue
                if not any(v is not None and str(v).strip() for v in cells):
                    continue
                part.rows.append((row_no, cells))
            if part is None:
                raise FileRejected(
                    f"{where}: geen kolomkoppen gevonden.",
                    f"{where}: no header row found.",
                )
            parts.append(part)
        return parts
    finally:
        wb.close()


# ------------------------------------------------------------------------------------------- entry point
SUPPORTED = (".csv", ".txt", ".xlsx", ".xlsm")


def read_file(path: Path, header_only: bool = False) -> list[Part]:
    """All parts of a delivered file. `header_only` checks readability and headers without reading rows."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise FileRejected(
            f"{path.name}: bestandstype '{suffix}' wordt niet aanvaard (enkel .csv of .xlsx).",
            f"{path.name}: file type '{suffix}' is not accepted (only .csv or .xlsx).",
        )
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_parts(path, header_only)
    rt = record_type_from_name(path.name)
    if rt is None:
        raise FileRejected(
            f"{path.name}: de bestandsnaam moet beginnen met het recordtype ({', '.join(RECORD_TYPES)}), "
            "bv. intakes_2022-03.csv.",
            f"{path.name}: the file name must start with the record type ({', '.join(RECORD_TYPES)}), "
            "e.g. intakes_2022-03.csv.",
        )
    return [read_csv_part(path, rt, header_only)]


def column_values(part: Part) -> dict[str, list[object]]:
    """The cells of every mapped column, by canonical name, one per row (a short row's missing cells: None)."""
    width = max(part.mapping, default=-1) + 1
    padded = [cells if len(cells) >= width else [*cells, *[None] * (width - len(cells))] for _, cells in part.rows]
    mapped = list(part.mapping.items())
    if len(mapped) == 1:
        idx, name = mapped[0]
        return {name: [cells[idx] for cells in padded]}
    if not padded:
        return {name: [] for _, name in mapped}
    columns = zip(*map(operator.itemgetter(*(idx for idx, _ in mapped)), padded))
    return {name: list(values) for (_, name), values in zip(mapped, columns)}


def extra_values(part: Part) -> list[dict[str, object]] | None:
    """The filled cells under headers that match no column, per row (None: the part has no such header)."""
    extra_idx = [i for i, h in enumerate(part.headers) if i not in part.mapping and h and str(h).strip()]
    if not extra_idx:
        return None
    return [{part.headers[i]: cells[i] for i in extra_idx if i < len(cells) and cells[i] not in (None, "")}
            for _, cells in part.rows]


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def looks_like_formula(text: str) -> bool:
    return bool(_FORMULA.match(text))
