"""The bad-input corpus: one small file per case, each with its expected outcome (no database, no Dagster)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from pipelines.contract.reader import FileRejected, read_file, record_type_from_name
from pipelines.contract.report import validate_files
from pipelines.contract.validate import validate_part

INTAKE_HEADER = "intake_id;ingediend_op;fase;gemeente;keten;circulair;beslissing;doorverwezen_naar"


def _one(path: Path):
    parts = read_file(path)
    assert len(parts) == 1
    return validate_part(parts[0], path.name, pseudonymise=lambda s: "P-" + s.lower())


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("name", "expected"),
    [("intakes.csv", "intakes"), ("intakes_2022-03.xlsx", "intakes"), ("Intakes 2022 Q1.csv", "intakes"),
     ("programme_sessions.csv", "programme_sessions"), ("Materiaalstromen 2022.csv", "material_flows"),
     ("aanwezigheden-netwerkevent.csv", "attendance"), ("organisaties.csv", "organisations"),
     ("rapport.csv", None)],
)
def test_record_type_from_file_name(name, expected):
    rt = record_type_from_name(name)
    assert (rt.name if rt else None) == expected


def test_windows_1252_with_accents(tmp_path):
    path = _write(tmp_path, "organisations.csv",
                  "org_id;naam;type_organisatie;gemeente\nO1;Café Circulair bvba;bedrijf;Erembodegem\n"
                  "O2;Kringwinkel Zuid-Oost-Vlaanderen;kringwinkel;Aalst\n", "cp1252")
    res = _one(path)
    assert res.rows_read == 2
    assert res.rows_loaded == 1  # 'kringwinkel' is a social_economy_type, not an org_type -> quarantined
    assert res.accepted[0]["name"] == "Café Circulair bvba"
    assert res.accepted[0]["municipality"] == "41002"
    assert res.issues[0].column == "org_type" and res.issues[0].row_number == 3


def test_utf8_with_bom_and_comma_delimiter(tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes(b"\xef\xbb\xbfevent_id,type,titel,datum,ketens\nE1,workshop,Repair caf\xc3\xa9,2022-03-14,textiel;ICT\n")
    res = _one(path)
    assert res.rows_loaded == 1
    row = res.accepted[0]
    assert row["event_type"] == "workshop" and row["title"] == "Repair café" and row["chains"] == "textile|ict"
    assert row["date"] == "2022-03-14"


def test_semicolon_with_decimal_comma(tmp_path):
    path = _write(tmp_path, "jobs.csv",
                  "job_id;org_id;startdatum;aantal_personen;vte;opleidingsuren\nJ1;O1;01/02/2022;3;2,5;12,75\n")
    res = _one(path)
    assert res.accepted[0]["fte"] == "2.5" and res.accepted[0]["training_hours"] == "12.75"
    assert res.accepted[0]["started_on"] == "2022-02-01"


def test_excel_serial_dates_and_multi_sheet_workbook(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "applications"
    ws.append(["aanvraag_id", "oproep_id", "ingediend_op", "hoofdaanvrager", "keten", "status"])
    ws.append(["A1", "CALL1", 44634, "O1", "ICT", "geselecteerd"])  # serial 44634 = 2022-03-14
    ws.append(["A2", "CALL1", dt.datetime(2022, 3, 15), "O2", "meubilair", "ingediend"])
    ws2 = wb.create_sheet("programme_sessions")
    ws2.append(["sessie_id", "aanvraag_id", "type", "datum", "uren"])
    ws2.append(["S1", "A1", "coaching", "2022-04-01", 2.5])
    ws2.append(["S2", "A1", "designsprint", "2022-04-02", 25])  # hours above 24
    wb.create_sheet("Toelichting").append(["vrije tekst"])
    path = tmp_path / "coket.xlsx"
    wb.save(path)
    parts = read_file(path)
    assert [p.record_type.name for p in parts] == ["applications", "programme_sessions"]
    apps = validate_part(parts[0], path.name)
    assert [r["submitted_on"] for r in apps.accepted] == ["2022-03-14", "2022-03-15"]
    assert [r["status"] for r in apps.accepted] == ["selected", "submitted"]
    sessions = validate_part(parts[1], path.name)
    assert sessions.rows_loaded == 1 and sessions.rows_quarantined == 1
    issue = sessions.issues[0]
    assert (issue.row_number, issue.column, issue.value) == (3, "hours", "25")
    assert "<= 24" in issue.reason_en


def test_single_sheet_workbook_takes_type_from_file_name(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Blad1"
    wb.active.append(["event_id", "org_id"])
    wb.active.append(["E1", "O1"])
    path = tmp_path / "attendance_2022-05.xlsx"
    wb.save(path)
    res = validate_part(read_file(path)[0], path.name)
    assert res.record_type == "attendance" and res.accepted[0]["role"] == "participant"


def test_ambiguous_date_is_quarantined_with_suggestion(tmp_path):
    path = _write(tmp_path, "intakes.csv", INTAKE_HEADER + "\nI1;03/14/2022;starter;Aalst;ICT;ja;aanvaard;\n")
    res = _one(path)
    assert res.rows_loaded == 0
    assert res.issues[0].suggestion == "14/03/2022"


def test_missing_required_column_rejects_whole_file_naming_aliases(tmp_path):
    path = _write(tmp_path, "intakes.csv", "intake_id;fase;gemeente;keten;circulair;beslissing\nI1;starter;Aalst;ICT;ja;aanvaard\n")
    with pytest.raises(FileRejected) as err:
        read_file(path)
    assert "submitted_on" in err.value.message_nl and "ingediend_op" in err.value.message_nl
    assert "datum" in err.value.message_en


def test_extra_column_is_kept_and_reported(tmp_path):
    path = _write(tmp_path, "intakes.csv", INTAKE_HEADER + ";opmerking\nI1;14/03/2022;starter;Aalst;ICT;ja;aanvaard;;bel terug\n")
    res = _one(path)
    assert res.extra_columns == ["opmerking"]
    assert res.accepted[0]["_extra"] == '{"opmerking": "bel terug"}'


def test_empty_file_is_rejected(tmp_path):
    with pytest.raises(FileRejected) as err:
        read_file(_write(tmp_path, "events.csv", ""))
    assert "leeg" in err.value.message_nl and "empty" in err.value.message_en


def test_header_only_file_loads_nothing_and_loses_nothing(tmp_path):
    res = _one(_write(tmp_path, "events.csv", "event_id,event_type,title,date\n"))
    assert (res.rows_read, res.rows_loaded, res.rows_quarantined) == (0, 0, 0)


def test_duplicate_ids_in_one_file(tmp_path):
    text = (INTAKE_HEADER + "\nI1;14/03/2022;starter;Aalst;ICT;ja;aanvaard;\nI1;14/03/2022;starter;Aalst;ICT;ja;aanvaard;\n"
            "I2;15/03/2022;starter;Lede;ICT;ja;aanvaard;\nI2;16/03/2022;starter;Lede;ICT;ja;aanvaard;\n")
    res = _one(_write(tmp_path, "intakes.csv", text))
    # I1 twice identical: first loaded, the repeat quarantined; I2 twice with different content: neither loaded.
    assert [r["intake_id"] for r in res.accepted] == ["I1"]
    assert sorted(i.row_number for i in res.issues) == [3, 4, 5]
    assert res.rows_read == res.rows_loaded + res.rows_quarantined == 4


def test_invalid_enterprise_number(tmp_path):
    text = "org_id,name,org_type,ondernemingsnummer\nO1,A,startup,0123.456.749\nO2,B,startup,0123.456.748\n"
    res = _one(_write(tmp_path, "organisations.csv", text))
    assert res.accepted[0]["enterprise_number"] == "0123456749"
    assert (res.issues[0].row_number, res.issues[0].column) == (3, "enterprise_number")


def test_unknown_municipality_and_outside_region(tmp_path):
    text = INTAKE_HEADER + "\nI1;14/03/2022;starter;Aalts;ICT;ja;aanvaard;\nI2;14/03/2022;starter;Gent;ICT;ja;aanvaard;\n"
    res = _one(_write(tmp_path, "intakes.csv", text))
    assert res.accepted[0]["municipality"] == "outside_region"
    assert res.issues[0].reason_nl == "gemeente 'Aalts' onbekend - bedoelde u Aalst?"
    assert res.issues[0].reason_en == "municipality 'Aalts' unknown - did you mean Aalst?"


def test_violated_date_order(tmp_path):
    text = INTAKE_HEADER + ";uitgenodigd_op;adviesgesprek_op\nI1;14/03/2022;starter;Aalst;ICT;ja;aanvaard;;20/03/2022;18/03/2022\n"
    res = _one(_write(tmp_path, "intakes.csv", text))
    assert res.rows_loaded == 0
    assert res.issues[0].column == "advice_on" and "invited_on" in res.issues[0].reason_en


def test_negative_quantity_and_unit_weights(tmp_path):
    text = ("flow_id,org_id,period_start,period_end,chain,productcategorie,r_strategy,quantity,unit\n"
            "F1,O1,2022-01-01,2022-03-31,ict,laptop,refurbish,-5,kg\n"
            "F2,O1,2022-01-01,2022-03-31,ict,laptop,R5,12,stuks\n"  # laptop has a reference weight
            "F3,O1,2022-01-01,2022-03-31,furniture,office_chair,reuse,3,units\n")  # no weight: quarantined
    res = _one(_write(tmp_path, "material_flows.csv", text))
    assert [(i.row_number, i.column) for i in res.issues] == [(2, "quantity"), (4, "unit_weight_kg")]
    assert res.accepted[0]["unit"] == "units" and res.accepted[0]["r_strategy"] == "refurbish"


def test_formula_injection_is_stored_as_plain_text(tmp_path):
    text = "event_id,event_type,title,date\nE1,workshop,=HYPERLINK(\"http://x\"),2022-03-14\n"
    res = _one(_write(tmp_path, "events.csv", text))
    assert res.accepted[0]["title"] == '=HYPERLINK("http://x")'


def test_corrupt_and_password_protected_xlsx_are_rejected(tmp_path):
    corrupt = tmp_path / "intakes.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(FileRejected):
        read_file(corrupt)
    protected = tmp_path / "jobs.xlsx"
    protected.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(FileRejected) as err:
        read_file(protected)
    assert "wachtwoord" in err.value.message_nl


def test_people_identifiers_never_leave_the_reader(tmp_path):
    text = "persoon_id,voornaam,achternaam,email,gsm,geslacht,toestemming\nPER1,An,Peeters,an@x.be,0470,v,ja\n"
    res = _one(_write(tmp_path, "people.csv", text))
    row = res.accepted[0]
    assert row["person_id"] == "P-per1"
    assert not {"first_name", "last_name", "email", "phone"} & set(row)
    assert "Peeters" not in str(row) and "an@x.be" not in str(row)


def test_validate_report_and_exit_codes(tmp_path):
    clean = _write(tmp_path, "events.csv", "event_id,event_type,title,date\nE1,workshop,T,2022-03-14\n")
    bad_row = _write(tmp_path, "events_2.csv", "event_id,event_type,title,date\nE1,workshop,T,2022-03-14\nE2,feest,T,2022-03-14\n")
    rejected = _write(tmp_path, "events_3.csv", "event_id,title\nE1,T\n")
    assert validate_files([clean])[1] == 0
    text, code = validate_files([clean, bad_row])
    assert code == 1 and "rij 3, kolom event_type" in text
    text, code = validate_files([clean, bad_row, rejected], lang="en")
    assert code == 2 and "REJECTED" in text and "row 3, column event_type" in text


def test_fifty_thousand_row_file(tmp_path):
    # 50,000 attendance rows, every 10,000th with an unknown role: 5 quarantined, 49,995 loaded, nothing lost
    lines = ["event_id;persoon_id;rol"]
    for i in range(50_000):
        role = "feestganger" if i % 10_000 == 9_999 else ("deelnemer" if i % 3 else "spreker")
        lines.append(f"EVT-{i % 40:03d};PER-{i:06d};{role}")
    path = _write(tmp_path, "attendance_big.csv", "\n".join(lines) + "\n", "cp1252")
    res = _one(path)
    assert (res.rows_read, res.rows_loaded, res.rows_quarantined) == (50_000, 49_995, 5)
    assert [i.row_number for i in res.issues] == [10_001, 20_001, 30_001, 40_001, 50_001]
    assert len({r["attendance_id"] for r in res.accepted}) == 49_995
