"""validate_part parses each distinct value of a column once: the outcome must be the one of row-by-row validation.

The expectations below are worked out by hand from the contract (people: gender enum, birth year a number,
place from postal code or municipality, consent required).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pipelines.contract.reader import Part, read_file
from pipelines.contract.schema import RECORD_TYPES
from pipelines.contract.validate import Result, validate_part

PEOPLE = (
    "person_id,voornaam,geslacht,geboortejaar,postcode,gemeente,kansengroep,toestemming\n"
    "PER-1,Ann,vrouw,1980,9300,,geen,ja\n"  # 2: valid
    "PER-2,Bob,vrouw,1980,,Aalst,geen,ja\n"  # 3: valid, the same values again
    "PER-3,Cis,vrouwe,1980,,Aalts,geen,ja\n"  # 4: near-miss gender and municipality
    "PER-4,Dirk,vrouwe,19x0,,Aalts,geen,\n"  # 5: the same bad values again, a bad number, consent missing
    "PER-5,Eva,m,1980,9400,Aalst,geen;handicap,nee\n"  # 6: postal code of Ninove with Aalst
    "PER-6,Fien,M,1980,9300,Aalst,geen,nee\n"  # 7: valid
)


def _pseudonymise(person_id: str) -> str:
    return "P-" + person_id.lower()


def _people(tmp_path: Path) -> Part:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    return read_file(path)[0]


def _issues(result: Result) -> list[tuple]:
    return [(i.row_number, i.column, i.value, i.reason_en, i.suggestion) for i in result.issues]


def test_mixed_file_worked_out_by_hand(tmp_path):
    result = validate_part(_people(tmp_path), "people.csv", _pseudonymise)
    assert result.rows_read == 6
    assert [r["_row_number"] for r in result.accepted] == [2, 3, 7]
    first, second, last = result.accepted
    assert (first["person_id"], first["gender"], first["birth_year"], first["postal_code"], first["municipality"],
            first["disadvantaged"], first["consent"]) == ("P-per-1", "female", "1980", "9300", "41002", "none", "true")
    assert (second["postal_code"], second["municipality"]) == (None, "41002")
    assert (last["gender"], last["consent"]) == ("male", "false")
    gender = ("value 'vrouwe' unknown for gender (allowed: female, male, non_binary, unknown) - did you mean "
              "'female'?")
    place = "municipality 'Aalts' unknown - did you mean Aalst?"
    assert _issues(result) == [
        (4, "gender", "vrouwe", gender, "female"),
        (4, "municipality", "Aalts", place, "Aalst"),
        (5, "gender", "vrouwe", gender, "female"),  # the same bad value on a second row: reported again
        (5, "birth_year", "19x0", "'19x0' is not a number", None),
        (5, "municipality", "Aalts", place, "Aalst"),
        (5, "consent", None, "required value 'consent' is missing", None),
        (6, "municipality", "Aalst", "postal code 9400 and municipality 'Aalst' contradict each other", None),
    ]
    assert result.issues[0].reason_nl == ("waarde 'vrouwe' onbekend voor gender (toegelaten: female, male, "
                                          "non_binary, unknown) - bedoelde u 'female'?")
    assert result.rows_quarantined == 3


def test_whole_file_agrees_with_each_row_validated_alone(tmp_path):
    part = _people(tmp_path)
    whole = validate_part(part, "people.csv", _pseudonymise)
    accepted, issues = [], []
    for row in part.rows:
        alone = validate_part(dataclasses.replace(part, rows=[row]), "people.csv", _pseudonymise)
        accepted += alone.accepted
        issues += _issues(alone)
    assert whole.accepted == accepted
    assert _issues(whole) == issues


def test_excel_cells_that_python_finds_equal_are_not_confused():
    """True == 1 and 0.0 == -0.0 in Python: a cache keyed on the value alone would accept the bad cell True as
    the Excel serial 1 (1899-12-31) and report -0.0 as 0.0."""
    rt = RECORD_TYPES["outcomes"]
    headers = ["outcome_id", "org_id", "outcome_type", "achieved_on", "description"]
    rows = [
        (2, ["OUT-1", "ORG-1", "other", 1, 1]),
        (3, ["OUT-2", "ORG-1", "other", True, True]),
        (4, ["OUT-3", "ORG-1", "other", 0.0, 1.0]),
        (5, ["OUT-4", "ORG-1", "other", -0.0, "1"]),
    ]
    part = Part(rt, "outcomes", dict(enumerate(headers)), [], headers, rows)
    result = validate_part(part, "outcomes.xlsx")
    assert [(r["_row_number"], r["achieved_on"], r["description"]) for r in result.accepted] == [
        (2, "1899-12-31", "1")]
    assert [(i.row_number, i.column, i.value, i.reason_en) for i in result.issues] == [
        (3, "achieved_on", "True", "date 'True' not recognised (expected e.g. 14/03/2022 or 2022-03-14)"),
        (4, "achieved_on", "0", "date '0.0' is not a valid Excel date"),
        (5, "achieved_on", "0", "date '-0.0' is not a valid Excel date"),
    ]
