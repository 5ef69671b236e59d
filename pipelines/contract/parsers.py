"""Pure parsers of the input contract: forgiving about format, strict about meaning.

Every parser returns the normalised value or raises `ParseError` carrying a Dutch and an English reason and,
where one is obvious, a suggestion. Nothing here guesses: an ambiguous value is an error, not a choice.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from pipelines.contract.enums import BOOL_FALSE, BOOL_TRUE, ENUMS, R_LADDER
from pipelines.settings import REFERENCE_DIR, SEEDS_DIR


@dataclass
class ParseError(Exception):
    reason_nl: str
    reason_en: str
    suggestion: str | None = None

    def __str__(self) -> str:  # pragma: no cover - debugging aid
        return self.reason_en


_SEPARATORS = re.compile(r"[\s\-_.]+")


def norm_token(value: object) -> str:
    """Lower case, accents stripped, spaces, '-', '_' and '.' removed: the matching key of headers and words."""
    return _norm_text(str(value))


@functools.lru_cache(maxsize=1 << 16)  # the same few words (enum values, yes/no, places) come back on every row
def _norm_text(text: str) -> str:
    if not text.isascii():  # ASCII has neither decompositions nor combining marks
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SEPARATORS.sub("", text.lower())


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


# ---------------------------------------------------------------------------------------------- dates
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})([/\-.])(\d{1,2})\2(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME = re.compile(r"^(.*?)[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$")
_SERIAL = re.compile(r"\d{5}(\.\d+)?")


def excel_serial_to_date(serial: float) -> dt.date:
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date(value: object) -> dt.date:
    """Parse the contract's date formats; day-first; never month-first."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(float(value), str(value))
    text = str(value).strip()
    m = _TIME.match(text) if " " in text or "T" in text else None  # a time needs a ' ' or 'T' before it
    if m:
        text = m.group(1).strip()
    if _SERIAL.fullmatch(text):
        return _serial(float(text), text)
    m = _YMD.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        return _make_date(y, mo, d, text)
    m = _DMY.match(text)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(3)), m.group(4)
        year = int(y) if len(y) == 4 else 2000 + int(y)
        if mo > 12 and d <= 12:
            suggestion = f"{mo:02d}/{d:02d}/{year}"
            raise ParseError(
                f"datum '{value}' is geen geldige dag/maand/jaar (maand {mo} bestaat niet) - "
                f"bedoelde u {suggestion}?",
                f"date '{value}' is not a valid day/month/year (there is no month {mo}) - did you mean {suggestion}?",
                suggestion,
            )
        return _make_date(year, mo, d, text)
    raise ParseError(
        f"datum '{value}' niet herkend (verwacht bv. 14/03/2022 of 2022-03-14)",
        f"date '{value}' not recognised (expected e.g. 14/03/2022 or 2022-03-14)",
    )


def _serial(serial: float, text: str) -> dt.date:
    if not 1 <= serial < 2958466:
        raise ParseError(f"datum '{text}' is geen geldige Excel-datum", f"date '{text}' is not a valid Excel date")
    return excel_serial_to_date(serial)


def _make_date(y: int, mo: int, d: int, text: str) -> dt.date:
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise ParseError(f"datum '{text}' bestaat niet", f"date '{text}' does not exist") from None


# ---------------------------------------------------------------------------------------------- simple types
_TRUE = {norm_token(v) for v in BOOL_TRUE}
_FALSE = {norm_token(v) for v in BOOL_FALSE}


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = norm_token(value)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ParseError(
        f"'{value}' is geen ja/nee-waarde (gebruik ja/nee, j/n, waar/onwaar, 1/0 of x)",
        f"'{value}' is not a yes/no value (use yes/no, y/n, true/false, 1/0 or x)",
    )


_THOUSANDS_DOTS = re.compile(r"-?\d{1,3}(\.\d{3})+,\d+")
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def parse_number(value: object, decimal_comma: bool = False) -> float:
    """A plain number. In `;` files a decimal comma is accepted (`12,5`, `1.234,5`)."""
    if isinstance(value, bool):
        raise ParseError(f"'{value}' is geen getal", f"'{value}' is not a number")
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma and "," in text:
        if _THOUSANDS_DOTS.fullmatch(text):
            text = text.replace(".", "")
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        hint_nl = " (decimale komma enkel in bestanden met ; als scheidingsteken)" if "," in text else ""
        hint_en = " (a decimal comma only in files delimited by ;)" if "," in text else ""
        raise ParseError(f"'{value}' is geen getal{hint_nl}", f"'{value}' is not a number{hint_en}")
    return float(text)


def format_number(x: float) -> str:
    """Normalised text of a number: integers without decimals, otherwise repr-exact with '.'."""
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


_LIST_SEPARATORS = re.compile(r"[;,|]")


def split_list(value: object) -> list[str]:
    """List values separated by ';', ',' or '|'."""
    if is_blank(value):
        return []
    return [part.strip() for part in _LIST_SEPARATORS.split(str(value)) if part.strip()]


# ---------------------------------------------------------------------------------------------- enums
@functools.cache
def _enum_lookup(enum: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for code, aliases in ENUMS[enum].items():
        table[norm_token(code)] = code
        for alias in aliases:
            table[norm_token(alias)] = code
    if enum == "r_strategy":
        for i, code in enumerate(R_LADDER):
            table[f"r{i}"] = code
    return table


def parse_enum(enum: str, value: object) -> str:
    key = norm_token(value)
    table = _enum_lookup(enum)
    if key in table:
        return table[key]
    allowed = ", ".join(ENUMS[enum])
    suggestion = _closest_code(enum, key)
    hint_nl = f" - bedoelde u '{suggestion}'?" if suggestion else ""
    hint_en = f" - did you mean '{suggestion}'?" if suggestion else ""
    raise ParseError(
        f"waarde '{value}' onbekend voor {enum} (toegelaten: {allowed}){hint_nl}",
        f"value '{value}' unknown for {enum} (allowed: {allowed}){hint_en}",
        suggestion,
    )


@functools.lru_cache(maxsize=1 << 12)  # the same misspellings come back on many rows
def _closest_code(enum: str, key: str) -> str | None:
    """Code of the enum whose code or alias is closest to `key` (None: nothing close)."""
    table = _enum_lookup(enum)
    close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.75)
    return table[close[0]] if close else None


# ---------------------------------------------------------------------------------------------- places
OUTSIDE_REGION = "outside_region"


@dataclass(frozen=True)
class PlaceTables:
    by_name: dict[str, str]  # normalised place name -> NIS code
    by_postal: dict[str, str]  # postal code -> NIS code
    display: dict[str, str]  # normalised place name -> display name
    outside_names: frozenset[str]  # normalised names known to lie outside the region


@functools.cache
def place_tables() -> PlaceTables:
    """Read the reference seeds (dbt/seeds): one place for municipalities, postal codes and sub-municipalities."""
    by_name: dict[str, str] = {}
    by_postal: dict[str, str] = {}
    display: dict[str, str] = {}
    with open(SEEDS_DIR / "ref_municipalities.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_name[norm_token(row["name_nl"])] = row["nis_code"]
            display[norm_token(row["name_nl"])] = row["name_nl"]
    with open(SEEDS_DIR / "ref_places.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_name.setdefault(norm_token(row["place_name"]), row["nis_code"])
            display.setdefault(norm_token(row["place_name"]), row["place_name"])
            by_postal[row["postal_code"]] = row["nis_code"]
    outside: set[str] = set()
    import json

    with open(REFERENCE_DIR / "aalst-region-municipalities.geojson", encoding="utf-8") as fh:
        for feature in json.load(fh)["features"]:
            props = feature["properties"]
            if not props["in_region"]:
                outside.update({norm_token(props["name_nl"]), norm_token(props["name_fr"])})
    return PlaceTables(by_name, by_postal, display, frozenset(outside))


_COUNTRY_PREFIX = re.compile(r"^(B|BE)[\s\-]?", re.IGNORECASE)
_FOUR_DIGITS = re.compile(r"\d{4}")
_LEADING_POSTAL_CODE = re.compile(r"^\d{4}\s+")
_PLACE_NAME = re.compile(r"[^\W\d_][\w' \-.()/]*")
_BARE_POSTAL_CODE = re.compile(r"\s*\d{4}\s*")


def parse_postal_code(value: object) -> str:
    text = str(value).strip()
    if isinstance(value, float) and value == int(value):
        text = str(int(value))
    text = _COUNTRY_PREFIX.sub("", text)
    if not _FOUR_DIGITS.fullmatch(text) or not 1000 <= int(text) <= 9999:
        raise ParseError(
            f"postcode '{value}' is geen Belgische postcode (4 cijfers)",
            f"postal code '{value}' is not a Belgian postal code (4 digits)",
        )
    return text


def resolve_municipality_name(value: object) -> str:
    """Municipality or sub-municipality name -> NIS code; a clearly foreign name -> outside_region.

    A name close to, but not exactly, a name of the region ('Aalts') is an error with a suggestion: it is
    never silently taken for Aalst, nor silently put outside the region.
    """
    tables = place_tables()
    raw = str(value).strip()
    key = norm_token(_LEADING_POSTAL_CODE.sub("", raw))  # '9300 Aalst' -> 'aalst'
    if key in tables.by_name:
        return tables.by_name[key]
    if key in tables.outside_names:
        return OUTSIDE_REGION
    suggestion = _closest_place(key)
    if suggestion is not None:
        raise ParseError(
            f"gemeente '{raw}' onbekend - bedoelde u {suggestion}?",
            f"municipality '{raw}' unknown - did you mean {suggestion}?",
            suggestion,
        )
    if not _PLACE_NAME.fullmatch(raw):
        raise ParseError(f"gemeente '{raw}' is geen plaatsnaam", f"municipality '{raw}' is not a place name")
    return OUTSIDE_REGION


@functools.lru_cache(maxsize=1 << 12)  # the same foreign place names come back on many rows
def _closest_place(key: str) -> str | None:
    """Display name of the place of the region whose name is closest to `key` (None: nothing close)."""
    tables = place_tables()
    close = difflib.get_close_matches(key, list(tables.by_name), n=1, cutoff=0.8)
    return tables.display[close[0]] if close else None


def resolve_place(postal_code: object, municipality: object) -> tuple[str | None, str | None]:
    """(postal code, NIS code | outside_region) from either field; both given must agree.

    A bare postal code typed in the municipality column ('9400') is read as a postal code.
    """
    if (
        not is_blank(municipality)
        and _BARE_POSTAL_CODE.fullmatch(str(municipality))
        and (is_blank(postal_code) or str(postal_code).strip() == str(municipality).strip())
    ):
        postal_code, municipality = municipality, None
    code = None if is_blank(postal_code) else parse_postal_code(postal_code)
    nis_from_code = None
    if code is not None:
        nis_from_code = place_tables().by_postal.get(code, OUTSIDE_REGION)
    nis_from_name = None if is_blank(municipality) else resolve_municipality_name(municipality)
    if nis_from_code and nis_from_name and nis_from_code != nis_from_name:
        raise ParseError(
            f"postcode {code} en gemeente '{municipality}' spreken elkaar tegen",
            f"postal code {code} and municipality '{municipality}' contradict each other",
        )
    return code, nis_from_name or nis_from_code


# ---------------------------------------------------------------------------------------------- enterprise number
_NUMBER_PUNCTUATION = re.compile(r"[\s.\-]")
_BE_PREFIX = re.compile(r"^(BE)")


def parse_enterprise_number(value: object) -> str:
    """Belgian enterprise number -> 10 digits; checksum: last two = 97 - (first eight mod 97)."""
    text = str(value).strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(int(value))
    digits = _BE_PREFIX.sub("", _NUMBER_PUNCTUATION.sub("", text.upper()))
    if len(digits) == 9 and digits.isdigit():
        digits = "0" + digits
    if not (len(digits) == 10 and digits.isdigit() and digits[0] in "01"):
        raise ParseError(
            f"ondernemingsnummer '{value}' heeft niet de vorm 0123.456.749",
            f"enterprise number '{value}' is not of the form 0123.456.749",
        )
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ParseError(
            f"ondernemingsnummer '{value}' is ongeldig (controlegetal klopt niet)",
            f"enterprise number '{value}' is invalid (check digits do not match)",
        )
    return digits


# ---------------------------------------------------------------------------------------------- headers
def normalise_header(value: object) -> str:
    return norm_token(value)
