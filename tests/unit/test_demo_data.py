"""The demo-data generator (pipelines/demo_data.py): deterministic, complete, consistent, messy on purpose only.

Most tests read the files back with a small reader of their own (file-name prefix or sheet name -> record
type, header aliases, `;`/`,`, UTF-8/cp1252, ISO and dd/mm/yyyy dates), independent of the pipeline's reader;
one test runs the pipeline's own reader and validator over the set.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipelines import demo_data
from pipelines.contract.enums import BOOL_FALSE, BOOL_TRUE, ENUMS
from pipelines.contract.schema import RECORD_TYPES
from pipelines.settings import SAMPLE_DIR

IN_REGION = {
    "Aalst",
    "Denderleeuw",
    "Erpe-Mere",
    "Haaltert",
    "Herzele",
    "Lede",
    "Ninove",
    "Sint-Lievens-Houtem",
}


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", str(s)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[\s\-_.]", "", s)


def record_type_of(name: str) -> str | None:
    """Longest record-type name or sheet alias that the normalised name starts with."""
    n = norm(name)
    best = None
    for rt in RECORD_TYPES.values():
        for cand in (rt.name, *rt.sheet_aliases):
            c = norm(cand)
            if n.startswith(c) and (best is None or len(c) > len(best[1])):
                best = (rt.name, c)
    return best[0] if best else None


def header_map(rt_name: str) -> dict[str, str]:
    rt = RECORD_TYPES[rt_name]
    m = {}
    for c in rt.columns:
        for h in (c.name, *c.aliases):
            m[norm(h)] = c.name
    if rt.type_column:
        m["type"] = rt.type_column
    if rt.key_date:
        m["datum"] = rt.key_date
    return m


def to_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def read_csv(path: Path) -> tuple[list[str], list[list[str]], str, str]:
    raw = path.read_bytes()
    try:
        text, enc = raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, enc = raw.decode("cp1252"), "cp1252"
    first = text.splitlines()[0]
    delim = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    return rows[0], rows[1:], enc, delim


def load(folder: Path) -> dict[str, list[dict]]:
    """record type -> rows as {canonical column: text}, each with _file and _row (header = row 1)."""
    out: dict[str, list[dict]] = {name: [] for name in RECORD_TYPES}
    for path in sorted(folder.iterdir()):
        sheets: list[tuple[str, str, list[str], list[list[str]], bool]] = []
        if path.suffix == ".csv":
            header, rows, _, delim = read_csv(path)
            sheets.append((record_type_of(path.stem), "", header, rows, delim == ";"))
        elif path.suffix == ".xlsx":
            wb = load_workbook(path, read_only=True)
            named = [ws for ws in wb.worksheets if record_type_of(ws.title)]
            for ws in named or wb.worksheets[:1]:
                values = [[to_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
                rt = record_type_of(ws.title) if named else record_type_of(path.stem)
                sheets.append((rt, ws.title, values[0], values[1:], False))
        for rt, sheet, header, rows, decimal_comma in sheets:
            assert rt, f"{path.name} {sheet}: no record type"
            hm = header_map(rt)
            cols = [hm.get(norm(h)) for h in header]
            assert None not in cols, f"{path.name}: unknown header in {header}"
            for i, r in enumerate(rows, start=2):
                rec = dict(zip(cols, r))
                if decimal_comma:
                    for c in RECORD_TYPES[rt].columns:
                        if c.kind == "decimal" and rec.get(c.name):
                            rec[c.name] = rec[c.name].replace(",", ".")
                rec.update(_file=path.name, _sheet=sheet, _row=i)
                out[rt].append(rec)
    return out


def parse_date(s: str) -> dt.date | None:
    if not s:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return dt.date.fromisoformat(s)
    d, m, y = re.fullmatch(r"(\d{2})[/\-.](\d{2})[/\-.](\d{4})", s).groups()
    return dt.date(int(y), int(m), int(d))


def parse_bool(s: str) -> bool | None:
    s = norm(s)
    if s in BOOL_TRUE:
        return True
    if s in BOOL_FALSE:
        return False
    return None


def enum_code(enum: str, value: str) -> str | None:
    v = norm(value)
    for code, aliases in ENUMS[enum].items():
        if v == norm(code) or v in {norm(a) for a in aliases}:
            return code
    return None


def listed(s: str) -> list[str]:
    return [x.strip() for x in re.split(r"[;,|]", s) if x.strip()]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo_a")
    demo_data.generate(out, seed=42, scale=1.0)
    return out


@pytest.fixture(scope="module")
def data(sample) -> dict[str, list[dict]]:
    return load(sample)


def test_same_seed_gives_identical_bytes(sample, tmp_path):
    demo_data.generate(tmp_path, seed=42, scale=1.0)
    names = sorted(p.name for p in sample.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    for name in names:
        assert (sample / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_other_seed_gives_other_data(sample, tmp_path):
    demo_data.generate(tmp_path, seed=7, scale=1.0)
    assert (sample / "people.csv").read_bytes() != (tmp_path / "people.csv").read_bytes()
    assert (sample / "attendance_2021.csv").read_bytes() != (tmp_path / "attendance_2021.csv").read_bytes()


def test_every_record_type_present_and_counted(sample, data):
    counts = demo_data.generate(sample, seed=42, scale=1.0)
    assert set(counts) == set(RECORD_TYPES)
    for name in RECORD_TYPES:
        assert data[name], name
        assert counts[name] == len(data[name]), name
    assert 100 <= counts["organisations"] <= 140
    assert 500 <= counts["people"] <= 700
    assert 1200 <= counts["attendance"] <= 1800


def test_file_names_and_sheets_resolve_to_record_types(sample):
    for path in sample.iterdir():
        if path.name == "coker_programma.xlsx":
            sheets = load_workbook(path, read_only=True).sheetnames
            assert {record_type_of(s) for s in sheets} == {"applications", "programme_sessions", "outcomes"}
        else:
            assert record_type_of(path.stem), path.name
    single = load_workbook(sample / "material_flows_2022.xlsx", read_only=True).sheetnames
    assert len(single) == 1 and record_type_of(single[0]) is None


def test_windows_1252_files(sample):
    for name, accented in (
        ("organisaties_sociale_economie.csv", "é"),
        ("materiaalstromen_2021.csv", "canapé"),
    ):
        raw = (sample / name).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        text = raw.decode("cp1252")
        assert accented in text
        assert text.splitlines()[0].count(";") >= 8
    assert "Zoë" in (sample / "organisaties_sociale_economie.csv").read_bytes().decode("cp1252")
    flows = (sample / "materiaalstromen_2021.csv").read_bytes().decode("cp1252")
    assert re.search(r";\d+,\d+;", flows), "decimal commas expected"


def test_formats_vary_as_partners_deliver(sample):
    intakes = (sample / "intakes_2021-2022.csv").read_bytes()
    assert intakes.startswith(b"\xef\xbb\xbf") and b"\r\n" in intakes
    text = intakes.decode("utf-8-sig")
    assert text.startswith("intake_id;ingediend_op;")
    assert re.search(r";\d{2}/\d{2}/20\d{2};", text)
    assert ";aanvaard;" in text and ";doorverwezen;" in text and ";ja;" in text
    assert "hergebruik" in (sample / "materiaalstromen_2021.csv").read_bytes().decode("cp1252")
    assert ";netwerkevent;" in (sample / "evenementen_2021.csv").read_text("utf-8-sig")
    assert (sample / "organisations.csv").read_text("utf-8").startswith("org_id,enterprise_number,name")
    wb = load_workbook(sample / "coker_programma.xlsx")
    assert [c.value for c in wb["aanvragen"][1]][:3] == ["Aanvraag ID", "Oproep ID", "Ingediend op"]
    assert {c.value for c in wb["aanvragen"]["H"][1:]} <= {"x", None}
    assert isinstance(wb["sessies"]["D2"].value, dt.datetime)


def test_enumeration_values_are_codes_or_aliases(data):
    for rt_name, rows in data.items():
        for c in RECORD_TYPES[rt_name].columns:
            if not c.enum:
                continue
            for r in rows:
                v = r.get(c.name, "")
                values = listed(v) if c.kind == "list" else [v] if v else []
                for x in values:
                    assert enum_code(c.enum, x), f"{r['_file']} row {r['_row']} {c.name}={x!r}"


def test_enterprise_numbers_valid_except_the_deliberate_one(data):
    numbers = {r["org_id"]: r["enterprise_number"] for r in data["organisations"] if r["enterprise_number"]}
    assert len(numbers) >= 0.6 * len(data["organisations"])
    invalid = {oid for oid, n in numbers.items() if not demo_data.kbo_is_valid(n)}
    assert invalid == {"ORG-0009"}
    forms = {"dotted": r"0\d{3}\.\d{3}\.\d{3}", "be": r"BE 0\d{3} \d{3} \d{3}", "nine": r"\d{9}"}
    for label, pattern in forms.items():
        assert any(re.fullmatch(pattern, n) for n in numbers.values()), label
    assert len({re.sub(r"\D", "", n).zfill(10) for n in numbers.values()}) == len(numbers)


def test_references_point_to_existing_records(data):
    ids = {
        name: {r[RECORD_TYPES[name].id_column] for r in rows}
        for name, rows in data.items()
        if name != "attendance"
    }
    orgs, people, events = ids["organisations"], ids["people"], ids["events"]
    apps, collabs = ids["applications"], ids["collaborations"]
    for name, rows in ids.items():
        assert len(rows) == len(data[name]), f"duplicate ids in {name}"

    def check(rt, col, known, many=False):
        for r in data[rt]:
            v = r.get(col, "")
            for x in listed(v) if many else [v] if v else []:
                assert x in known, f"{rt}.{col}={x} ({r['_file']} row {r['_row']})"
                assert x != "ORG-0009", f"{rt}.{col} refers to the organisation with the invalid number"

    check("attendance", "event_id", events)
    check("attendance", "person_id", people)
    check("attendance", "org_id", orgs)
    check("people", "org_id", orgs)
    check("intakes", "org_id", orgs)
    check("intakes", "person_id", people)
    check("applications", "lead_org_id", orgs)
    check("applications", "partner_org_ids", orgs, many=True)
    check("programme_sessions", "application_id", apps)
    check("programme_sessions", "coach_org_id", orgs)
    check("outcomes", "application_id", apps)
    check("outcomes", "org_id", orgs)
    check("collaborations", "org_ids", orgs, many=True)
    for rt in ("material_flows", "jobs"):
        check(rt, "org_id", orgs)
        check(rt, "collaboration_id", collabs)
        check(rt, "application_id", apps)
    for r in data["attendance"]:
        assert r["person_id"] or r["org_id"]
    for r in data["collaborations"]:
        assert len(set(listed(r["org_ids"]))) >= 2
    names = {norm(r["name"]) for r in data["organisations"]}
    for r in data["intakes"]:
        if r["org_name"] and not r["org_id"]:
            assert norm(r["org_name"]) in names, r["org_name"]


def test_programme_chain_hackathon_to_outcomes(data):
    events = {r["event_id"]: r for r in data["events"]}
    hackathons = {e for e, r in events.items() if enum_code("event_type", r["event_type"]) == "hackathon"}
    assert 1 <= len(hackathons) <= 3
    at_hackathon = {r["org_id"] for r in data["attendance"] if r["event_id"] in hackathons and r["org_id"]}
    status = {r["application_id"]: enum_code("status", r["status"]) for r in data["applications"]}
    assert set(status.values()) == set(ENUMS["status"])
    for r in data["applications"]:
        if parse_bool(r["from_hackathon"]):
            assert r["lead_org_id"] in at_hackathon, r["application_id"]
    assert any(parse_bool(r["from_hackathon"]) for r in data["applications"])
    started = {"in_programme", "completed", "dropped_out"}
    for r in data["programme_sessions"]:
        assert status[r["application_id"]] in started
        assert 0 < float(r["hours"]) <= 8
    assert {status[a] for a in {r["application_id"] for r in data["programme_sessions"]}} == started
    for r in data["outcomes"]:
        if r["application_id"]:
            assert status[r["application_id"]] in {"completed", "in_programme"}
    assert any(not r["application_id"] for r in data["outcomes"])
    assert any(parse_bool(r["promoted"]) for r in data["outcomes"])


def test_date_order_holds_except_the_deliberate_intake(data):
    order = RECORD_TYPES["intakes"].date_order
    broken = []
    for r in data["intakes"]:
        dates = [parse_date(r[c]) for c in order]
        present = [d for d in dates if d]
        if present != sorted(present):
            broken.append((r["intake_id"], r["_row"]))
    assert broken == [("INT-0023", 24)]
    for rt in ("applications", "material_flows", "jobs"):
        cols = RECORD_TYPES[rt].date_order
        for r in data[rt]:
            present = [d for d in (parse_date(r[c]) for c in cols) if d]
            assert present == sorted(present), (rt, r["_row"])


def test_dates_within_the_project(data):
    start, end = dt.date(2021, 5, 1), dt.date(2022, 12, 31)
    for rt_name, rows in data.items():
        for c in RECORD_TYPES[rt_name].columns:
            if c.kind == "date":
                for r in rows:
                    d = parse_date(r.get(c.name, ""))
                    assert d is None or start <= d <= end, (rt_name, c.name, d)


def test_required_values_missing_only_once(data):
    missing = []
    for rt_name, rows in data.items():
        rt = RECORD_TYPES[rt_name]
        for r in rows:
            for c in rt.columns:
                if c.required and not r.get(c.name):
                    missing.append((r["_file"], r["_row"], c.name))
            if rt.needs_place and not (r.get("postal_code") or r.get("municipality")):
                missing.append((r["_file"], r["_row"], "place"))
            for group in rt.one_of:
                if not any(r.get(c) for c in group):
                    missing.append((r["_file"], r["_row"], "/".join(group)))
    assert missing == [("jobs.csv", 8, "headcount")]


def test_deliberate_mess_is_where_the_docstring_says(data):
    by_file_row = {(r["_file"], r["_row"]): r for rows in data.values() for r in rows}
    org = by_file_row[("organisations.csv", 9)]
    assert org["org_id"] == "ORG-0009" and not demo_data.kbo_is_valid(org["enterprise_number"])
    aalts = by_file_row[("intakes_2021-2022.csv", 13)]
    assert aalts["intake_id"] == "INT-0012" and aalts["municipality"] == "Aalts" and not aalts["postal_code"]
    swapped = by_file_row[("intakes_2021-2022.csv", 24)]
    assert swapped["intake_id"] == "INT-0023"
    assert parse_date(swapped["report_sent_on"]) < parse_date(swapped["advice_on"])
    job = by_file_row[("jobs.csv", 8)]
    assert job["job_record_id"] == "JOB-0007" and job["headcount"] == ""
    for m in demo_data.DELIBERATE_MESS:
        assert (
            by_file_row[(m["file"], m["row"])][
                RECORD_TYPES[
                    {"organisations.csv": "organisations", "jobs.csv": "jobs"}.get(m["file"], "intakes")
                ].id_column
            ]
            == m["id"]
        )
    everything = [v for rows in data.values() for r in rows for v in r.values() if isinstance(v, str)]
    assert sum(v == "Aalts" for v in everything) == 1


def test_places_cover_the_region_and_a_little_outside(data):
    places = {}
    with open(demo_data.SEEDS_DIR / "ref_places.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(demo_data.SEEDS_DIR / "ref_municipalities.csv", encoding="utf-8") as f:
        nis_name = {r["nis_code"]: r["name_nl"] for r in csv.DictReader(f)}
    for r in rows:
        places[norm(r["place_name"])] = nis_name[r["nis_code"]]
    by_code = {r["postal_code"]: nis_name[r["nis_code"]] for r in rows}
    seen, outside, total, subs = set(), 0, 0, 0
    for rt in ("organisations", "people", "intakes", "events"):
        for r in data[rt]:
            pc, muni = r.get("postal_code", ""), r.get("municipality", "")
            if not (pc or muni) or muni == "Aalts":
                continue
            total += 1
            m = places.get(norm(muni)) or by_code.get(pc)
            if m:
                seen.add(m)
                subs += norm(muni) in places and muni not in IN_REGION
            else:
                outside += 1
    assert seen == IN_REGION
    assert 0.02 <= outside / total <= 0.10
    assert subs > 10


def test_advisory_desk_has_the_cases_kpis_need(data):
    import holidays

    hol = set(holidays.Belgium(years=[2021, 2022, 2023]))

    def working_days(a: dt.date, b: dt.date) -> int:
        n, d = 0, a
        while d < b:
            d += dt.timedelta(days=1)
            n += d.weekday() < 5 and d not in hol
        return n

    accepted = [r for r in data["intakes"] if enum_code("decision", r["decision"]) == "accepted"]
    late = [
        r
        for r in accepted
        if r["invited_on"] and working_days(parse_date(r["submitted_on"]), parse_date(r["invited_on"])) > 3
    ]
    never = [r for r in accepted if not r["invited_on"]]
    assert late and never
    decisions = {enum_code("decision", r["decision"]) for r in data["intakes"]}
    assert decisions == set(ENUMS["decision"])
    for r in data["intakes"]:
        if enum_code("decision", r["decision"]) == "referred":
            assert r["referred_to"]
    consent = [parse_bool(r["consent"]) for r in data["people"]]
    assert 0.03 <= consent.count(False) / len(consent) <= 0.15
    assert any(
        "refused" == enum_code("disadvantaged", x) for r in data["people"] for x in listed(r["disadvantaged"])
    )


def test_all_chains_and_social_economy_kinds_present(data):
    chains = {enum_code("chain", r["chain"]) for r in data["material_flows"]}
    assert chains == set(ENUMS["chain"])
    se = {enum_code("social_economy_type", r["social_economy_type"]) for r in data["organisations"]}
    assert {"maatwerkbedrijf", "reuse_shop", "local_service_economy"} <= se
    types = {enum_code("org_type", r["org_type"]) for r in data["organisations"]}
    assert types == set(ENUMS["org_type"])
    units = {enum_code("unit", r["unit"]) for r in data["material_flows"]}
    assert units == {"kg", "t", "units"}
    for r in data["jobs"]:
        if r["headcount"]:
            assert 0 < float(r["fte"]) <= int(r["headcount"])
    assert any(r["procurement_value_eur"] for r in data["collaborations"])


def test_volumes_scale_roughly_linearly(tmp_path):
    small = demo_data.generate(tmp_path / "half", seed=3, scale=0.5)
    big = demo_data.generate(tmp_path / "double", seed=3, scale=2.0)
    for name in (
        "organisations",
        "people",
        "intakes",
        "events",
        "attendance",
        "collaborations",
        "material_flows",
        "jobs",
        "applications",
    ):
        ratio = big[name] / small[name]
        assert 3.0 <= ratio <= 5.0, (name, small[name], big[name])
    assert (tmp_path / "double" / "applications_extra.csv").exists() is False or big["applications"] > 40
    # the deliberate mess does not grow with the scale
    text = (tmp_path / "double" / "intakes_2021-2022.csv").read_text("utf-8-sig")
    assert text.count(";Aalts;") == 1


def test_committed_sample_is_the_seed_42_output(sample):
    committed = sorted(p.name for p in SAMPLE_DIR.iterdir() if not p.name.startswith("."))
    assert committed == sorted(p.name for p in sample.iterdir())
    for name in committed:
        assert (SAMPLE_DIR / name).read_bytes() == (sample / name).read_bytes(), (
            f"regenerate data/sample: {name}"
        )
    assert sum((SAMPLE_DIR / n).stat().st_size for n in committed) < 2_000_000


def test_pipeline_reader_quarantines_exactly_the_deliberate_rows(sample):
    from pipelines.contract.reader import read_file
    from pipelines.contract.validate import validate_part

    issues, loaded = set(), {}
    for path in sorted(sample.iterdir()):
        for part in read_file(path):
            result = validate_part(part, path.name)
            assert not result.extra_columns, (path.name, result.extra_columns)
            loaded[result.record_type] = loaded.get(result.record_type, 0) + result.rows_loaded
            issues |= {(path.name, i.row_number) for i in result.issues}
    assert issues == {(m["file"], m["row"]) for m in demo_data.DELIBERATE_MESS}
    assert set(loaded) == set(RECORD_TYPES) and all(loaded.values())
