"""The ESF funder report (issue 6) built from the hand-made snapshot in tests/fixtures/report_fixture.py.

The produced files are opened as a reader would: the PDF with pdftotext and pypdf, the workbook with openpyxl.
Set KEET_REPORT_PNG_DIR to keep the rendered pages (pdftoppm -r 50) for a look.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from pipelines.publication import PRIMARY_LABEL, SECONDARY_LABEL, find_personal_identifiers
from pipelines.reports import PersonalDataError, build_report, get_report, issued_reports, parse_period
from pipelines.reports.texts import t
from tests.fixtures import report_fixture as fx

GENERATED = dt.datetime(2023, 1, 6, 9, 0)
PLANTED = [fx.PLANTED_EMAIL, fx.PLANTED_NAME, fx.PLANTED_PSEUDONYM, fx.PLANTED_PHONE, "P-fedcba9876543210",
           "HYPERLINK", "evil.example"]


def pdf_text(path: Path, layout: bool = True) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def xlsx_cells(path: Path) -> dict[str, list[list[object]]]:
    workbook = load_workbook(path)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in workbook.worksheets}


def registry_entry(path: Path) -> dict:
    matches = [e for e in issued_reports() if Path(e["path"]) == path.resolve()]
    assert matches, f"{path} not registered"
    return matches[-1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture snapshot and the reports a funder gets for 2022-Q4 (nl/en, pdf/xlsx) and an empty period."""
    base = tmp_path_factory.mktemp("report")
    patch = pytest.MonkeyPatch()
    patch.setenv("KEET_HOME", str(base / "home"))
    serving = fx.build_report_serving(base / "serving.duckdb")
    files = {}
    for period in (fx.PERIOD, fx.EMPTY_PERIOD):
        for lang in ("nl", "en"):
            for fmt in ("pdf", "xlsx"):
                if period == fx.EMPTY_PERIOD and lang == "en":
                    continue
                out = base / f"{period}-{lang}.{fmt}"
                files[(period, lang, fmt)] = build_report(serving, period, lang, fmt, out, generated_at=GENERATED)
    yield {"base": base, "serving": serving, "files": files}
    patch.undo()


# ------------------------------------------------------------------------------------------------ figures


def test_every_figure_equals_the_kpi_export_for_the_period(built):
    """Registered figures (what both files print) = the fixture's kpi_values for 2022-Q4, except the cells the
    publication rules hide, worked out by hand in the fixture; and every hand-worked hidden cell is in it."""
    raw = fx.raw_values(fx.PERIOD)
    for fmt in ("pdf", "xlsx"):
        figures = registry_entry(built["files"][(fx.PERIOD, "nl", fmt)])["figures"]
        kpi_figures = {k: v for k, v in figures.items() if ":" not in k and k.count("|") == 3}
        assert len(kpi_figures) > 150
        for key, value in kpi_figures.items():
            if key in fx.EXPECTED_HIDDEN_Q4:
                assert value == fx.EXPECTED_HIDDEN_Q4[key], key
            else:
                assert value == pytest.approx(raw[key]), key
        # every hand-worked hidden cell is in the report, but ESF_UNEMPLOYED by municipality (not a report table)
        assert {k for k in fx.EXPECTED_HIDDEN_Q4 if not k.startswith("ESF_UNEMPLOYED|4")} <= set(kpi_figures)
        # every whole-region figure of the period is in the report
        headline = {k for k in raw if k.endswith("|all|all|") and "PER_10K" not in k}
        assert headline <= set(kpi_figures)
        # the month cells of the charts' tables are the fixture's too
        assert figures["ADV_INTAKES|all|all||2022-11"] == 18
    assert registry_entry(built["files"][(fx.PERIOD, "nl", "pdf")])["figures"] == \
        registry_entry(built["files"][(fx.PERIOD, "en", "xlsx")])["figures"]


def test_pdf_prints_the_figures_in_the_language(built):
    nl = pdf_text(built["files"][(fx.PERIOD, "nl", "pdf")])
    en = pdf_text(built["files"][(fx.PERIOD, "en", "pdf")])
    assert "12.345,6 kg" in nl and "12,345.6 kg" in en
    assert "84,4 %" in nl and "84.4%" in en
    assert "€ 125.000,5" in nl and "€125,000.5" in en
    assert "ESF-deelnemersindicatoren naar geslacht" in nl and "ESF participant indicators by gender" in en
    for text in (nl, en):
        for partner in ("HANDEL Samen & sociaal", "Kringwinkel Zuid-Oost-Vlaanderen", "Hogeschool Gent"):
            assert partner in text
        assert "K4 2022" in nl and "Q4 2022" in en
        assert "31/12/2022" in nl and "2022-12-31" in en  # data cut-off


def last_tokens(text: str, label: str, n: int) -> list[str]:
    """The last `n` tokens of the line holding `label` in the pdftotext -layout output."""
    for line in text.splitlines():
        if label in line:
            return line.split()[-n:]
    raise AssertionError(f"{label!r} not in the text")


def test_pdf_applies_the_publication_rules(built):
    """ESF_UNEMPLOYED (EECO02): female 7 hidden as the complement of non-binary 3; SOC_JOBS by chain."""
    text = pdf_text(built["files"][(fx.PERIOD, "nl", "pdf")])
    assert last_tokens(text, "EECO02", 5) == [SECONDARY_LABEL, "9", PRIMARY_LABEL, "0", "19"]
    assert last_tokens(text, "EECO05", 5) == ["12", SECONDARY_LABEL, "0", PRIMARY_LABEL, "23"]
    assert last_tokens(text, "EECO01", 5) == ["26", "21", PRIMARY_LABEL, PRIMARY_LABEL, "52"]
    jobs = [line for line in text.splitlines() if line.strip().startswith("Jobs (personen)")]
    assert any(line.split("Jobs (personen)")[1].split() == ["8", PRIMARY_LABEL, SECONDARY_LABEL, "18"]
               for line in jobs), jobs


def test_no_personal_identifier_in_any_file(built):
    for (_, _, fmt), path in built["files"].items():
        if fmt == "pdf":
            text = pdf_text(path, layout=False) + "\n".join(str(v) for v in PdfReader(path).metadata.values())
        else:
            text = "\n".join(str(v) for rows in xlsx_cells(path).values() for row in rows for v in row
                             if v is not None)
        for planted in PLANTED:
            assert planted not in text, (path.name, planted)
        assert find_personal_identifiers(text) == [], path.name


# ------------------------------------------------------------------------------------------------ XLSX


def test_xlsx_holds_values_never_formulas(built):
    for lang in ("nl", "en"):
        path = built["files"][(fx.PERIOD, lang, "xlsx")]
        workbook = load_workbook(path)
        names = [ws.title for ws in workbook.worksheets]
        assert t("sheet_methods", lang) in names and t("sheet_esf", lang) in names and len(names) >= 12
        for ws in workbook.worksheets:
            assert ws.freeze_panes is not None, ws.title
            assert ws.column_dimensions["A"].width and ws.column_dimensions["A"].width >= 8, ws.title
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (ws.title, cell.coordinate)
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith(("=", "+", "-", "@")), (ws.title, cell.value)
        cells = xlsx_cells(path)
        quality = cells[t("sheet_quality", lang)]
        assert any(row[1] == "'" + fx.FORMULA_FILE_NAME for row in quality)  # neutralised, not dropped


def test_xlsx_indicator_tables_equal_the_fixture(built):
    """Each section's indicator table (code, name, value, unit): numbers as numbers, hidden cells as labels."""
    raw = fx.raw_values(fx.PERIOD)
    cells = xlsx_cells(built["files"][(fx.PERIOD, "nl", "xlsx")])
    checked = 0
    for sheet in ("sheet_advisory", "sheet_accelerator", "sheet_value_chains", "sheet_circular", "sheet_social"):
        rows = cells[t(sheet, "nl")]
        header = next(i for i, row in enumerate(rows) if row[:3] == ["Code", "Indicator", "Waarde"])
        for row in rows[header + 1:]:
            if row[0] is None:
                break  # the end of the section's indicator table
            key = f"{row[0]}|all|all|"
            if key in fx.EXPECTED_HIDDEN_Q4:
                assert row[2] == fx.EXPECTED_HIDDEN_Q4[key]
            elif key in raw:
                assert row[2] == pytest.approx(raw[key]), key
                checked += 1
            else:
                assert row[2] is None, key  # no row in the mart: an empty cell
    assert checked >= 30
    esf = {row[0]: row for row in cells[t("sheet_esf", "nl")] if row and row[0]}
    assert esf["ESF_UNEMPLOYED"][1:] == ["EECO02", "Werklozen (incl. langdurig)",
                                         "Unemployed, including long-term unemployed", SECONDARY_LABEL, 9,
                                         PRIMARY_LABEL, 0, 19]
    social = [row for row in cells[t("sheet_social", "nl")] if row and row[0] == "SOC_JOBS"]
    assert [PRIMARY_LABEL, SECONDARY_LABEL] == social[-1][3:5]


# ------------------------------------------------------------------------------------------------ empty period


def test_a_period_without_data_says_so(built):
    text = pdf_text(built["files"][(fx.EMPTY_PERIOD, "nl", "pdf")])
    assert "Voor deze periode zijn er geen gegevens" in text
    assert "Bijlage C – Herkomst" in text  # the annexes are still there
    cells = xlsx_cells(built["files"][(fx.EMPTY_PERIOD, "nl", "xlsx")])
    assert any(str(row[0]).startswith("Voor deze periode zijn er geen gegevens") for row in cells["Rapport"])
    assert registry_entry(built["files"][(fx.EMPTY_PERIOD, "nl", "pdf")])["empty"] is True


# ------------------------------------------------------------------------------------------------ reproducible


def test_same_snapshot_same_text_and_cells(built, tmp_path):
    """Rebuilt later: the PDF text and every XLSX cell are the same but for the generation time; with the same
    generation time the PDF is byte-identical (creation date from the snapshot)."""
    later = dt.datetime(2024, 2, 29, 17, 45)
    pdf_again = build_report(built["serving"], fx.PERIOD, "nl", "pdf", tmp_path / "a.pdf", generated_at=later,
                             register=False)
    first = pdf_text(built["files"][(fx.PERIOD, "nl", "pdf")]).replace("06/01/2023 09:00", "<generated>")
    again = pdf_text(pdf_again).replace("29/02/2024 17:45", "<generated>")
    assert first == again
    same = build_report(built["serving"], fx.PERIOD, "nl", "pdf", tmp_path / "b.pdf", generated_at=GENERATED,
                        register=False)
    assert same.read_bytes() == built["files"][(fx.PERIOD, "nl", "pdf")].read_bytes()
    xlsx_again = build_report(built["serving"], fx.PERIOD, "nl", "xlsx", tmp_path / "a.xlsx", generated_at=later,
                              register=False)
    one, two = xlsx_cells(built["files"][(fx.PERIOD, "nl", "xlsx")]), xlsx_cells(xlsx_again)
    assert one.keys() == two.keys()
    differences = [(sheet, a, b) for sheet in one for row_a, row_b in zip(one[sheet], two[sheet], strict=True)
                   for a, b in zip(row_a, row_b, strict=True) if a != b]
    assert {(a, b) for _, a, b in differences} == {("06/01/2023 09:00", "29/02/2024 17:45")}


def test_missing_optional_tables_are_reported_not_fatal(tmp_path, monkeypatch):
    monkeypatch.setenv("KEET_HOME", str(tmp_path / "home"))
    serving = fx.build_report_serving(tmp_path / "old.duckdb", omit={
        "marts.kpi_progress", "marts.fct_unresolved_references", "marts.dim_co2e_factors", "marts.fct_quarantine"})
    text = pdf_text(build_report(serving, fx.PERIOD, "en", "pdf", tmp_path / "old.pdf"))
    for table in ("marts.kpi_progress", "marts.fct_unresolved_references", "marts.fct_quarantine"):
        assert f"Not available: table {table} is not in this snapshot." in text
    assert "there is no factor table in this snapshot" in text
    assert "12,345.6 kg" in text


# ------------------------------------------------------------------------------------------------ registry


def test_registry_diff_and_revisions(tmp_path, monkeypatch):
    """A later snapshot revises three figures of 2022-Q4 after a late delivery: `diff_reports` lists each with its
    old and new value, and the new report has a revisions section naming the figures and the delivery."""
    monkeypatch.setenv("KEET_HOME", str(tmp_path / "home"))
    first = fx.build_report_serving(tmp_path / "s1.duckdb")
    build_report(first, fx.PERIOD, "nl", "pdf", tmp_path / "r1.pdf", generated_at=GENERATED)
    late = (5, "intakes_2022-12_correctie.xlsx", "form_export", dt.datetime(2023, 1, 20, 10, 0), "loaded",
            "Geladen", "Loaded", "intakes", 2, 2, 0)
    second = fx.build_report_serving(
        tmp_path / "s2.duckdb", sha="cd" * 32, snapshot_created_at=dt.datetime(2023, 1, 21, 8, 0),
        extra_deliveries=[late],
        changes={("ADV_INTAKES", fx.PERIOD, "all", "all", ""): 50,
                 ("ESF_UNEMPLOYED", fx.PERIOD, "all", "all", "gender=non_binary"): 5,
                 ("ESF_UNEMPLOYED", fx.PERIOD, "all", "all", ""): 21},
    )
    out = build_report(second, fx.PERIOD, "nl", "pdf", tmp_path / "r2.pdf", generated_at=GENERATED)
    reports = issued_reports()
    assert [r["id"] for r in reports] == [1, 2]
    assert reports[1]["revises"] == 1 and reports[1]["snapshot_sha256"] == "cd" * 32
    assert {"period", "lang", "format", "snapshot_sha256", "path", "figures", "generated_at"} <= set(reports[0])

    from pipelines.reports import diff_reports

    changed = {row["figure"]: (row["old"], row["new"]) for row in diff_reports(1, 2, only_changed=True)}
    assert changed == {
        "ADV_INTAKES|all|all|": (48, 50),
        "ESF_UNEMPLOYED|all|all|": (19, 21),
        "ESF_UNEMPLOYED|all|all|gender=non_binary": (PRIMARY_LABEL, 5),
        "ESF_UNEMPLOYED|all|all|gender=female": (SECONDARY_LABEL, 7),
    }
    everything = diff_reports(1, 2)
    assert len(everything) > len(changed) and all({"old", "new", "changed"} <= set(r) for r in everything)

    text = pdf_text(out)
    assert "Herziene cijfers" in text and "intakes_2022-12_corr" in text  # (a long name may wrap)
    assert re.search(r"Intakes\s+48\s+50", text)
    assert get_report(2)["figures"]["ADV_INTAKES|all|all|"] == 50

    # rebuilding the first snapshot's report does not revise itself
    again = build_report(first, fx.PERIOD, "nl", "pdf", tmp_path / "r3.pdf", generated_at=GENERATED)
    assert "Herziene cijfers" not in pdf_text(again)


def test_a_personal_identifier_stops_the_report(tmp_path, monkeypatch):
    monkeypatch.setenv("KEET_HOME", str(tmp_path / "home"))
    serving = fx.build_report_serving(tmp_path / "leak.duckdb")
    con = duckdb.connect(str(serving))
    con.execute("update marts.kpi_definitions set name_nl = 'Intakes (vragen: jan@example.be)' "
                "where kpi = 'ADV_INTAKES'")
    con.close()
    with pytest.raises(PersonalDataError):
        build_report(serving, fx.PERIOD, "nl", "pdf", tmp_path / "leak.pdf")
    assert not (tmp_path / "leak.pdf").exists()
    assert issued_reports() == []


@pytest.mark.parametrize("period", ["2022-Q5", "Q4", "2022-S3", "22", ""])
def test_unknown_period(period):
    with pytest.raises(ValueError):
        parse_period(period)


def test_unknown_language_or_format(built):
    with pytest.raises(ValueError):
        build_report(built["serving"], fx.PERIOD, "fr", "pdf")
    with pytest.raises(ValueError):
        build_report(built["serving"], fx.PERIOD, "nl", "docx")


# ------------------------------------------------------------------------------------------------ pages


def test_pages_render(built, tmp_path):
    """Every page renders (pdftoppm -r 50); the pages are kept in KEET_REPORT_PNG_DIR when it is set."""
    for key in ((fx.PERIOD, "nl", "pdf"), (fx.PERIOD, "en", "pdf"), (fx.EMPTY_PERIOD, "nl", "pdf")):
        path = built["files"][key]
        prefix = tmp_path / f"{key[0]}-{key[1]}"
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(prefix)], check=True)
        pages = sorted(tmp_path.glob(f"{prefix.name}-*.png"))
        assert len(pages) == len(PdfReader(path).pages)
        assert all(page.stat().st_size > 1000 for page in pages)
    assert len(PdfReader(built["files"][(fx.PERIOD, "nl", "pdf")]).pages) >= 15
    keep = os.environ.get("KEET_REPORT_PNG_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for page in tmp_path.glob("*.png"):
            shutil.copy(page, Path(keep) / page.name)


# ------------------------------------------------------------------------------------------------ reading


def _with_published_table(path: Path) -> Path:
    """The fixture snapshot plus what the publish step adds: kpi_values_published (the whole table suppressed
    once) and meta.publication."""
    from pipelines.publication import people_kpis, suppress

    con = duckdb.connect(str(path))
    values = con.execute("select * from marts.kpi_values").df()
    published = suppress(values, people_kpis(con.execute("select * from marts.kpi_definitions").df()))
    unprotected = len(published.attrs.pop("unprotected", []))
    published = published[[*values.columns, "suppressed", "suppression", "display"]]
    con.execute("create table marts.kpi_values_published as select * from published")
    con.execute("create schema if not exists meta")
    con.execute("create table meta.publication as select ?::integer as unprotected_cells", [unprotected])
    con.close()
    return path


@pytest.mark.parametrize("period", [fx.PERIOD, "2022-11", "2022-S2", "2022", "project", fx.EMPTY_PERIOD])
def test_reading_only_the_periods_rows_gives_the_same_report(tmp_path, monkeypatch, period):
    """With a published table the report reads only its period's rows (in SQL); the model, the figures and the
    input hash (over every table in full, also from the hash cache) are those of reading the whole tables."""
    from pipelines.reports.content import build_model
    from pipelines.reports.data import _HASHES, _SNAPSHOTS, HASH_CACHE_FILE, load_snapshot

    monkeypatch.setenv("KEET_HOME", str(tmp_path / "home"))
    serving = _with_published_table(fx.build_report_serving(tmp_path / "serving.duckdb"))
    parsed = parse_period(period)
    whole = load_snapshot(serving)
    _HASHES.clear()
    (tmp_path / "home" / "reports" / HASH_CACHE_FILE).unlink()
    part = load_snapshot(serving, parsed)  # the hash computed again, the two large tables read for it alone
    assert whole.published is None and part.published is not None
    assert len(part.published) < len(whole.get("marts.kpi_values"))
    assert load_snapshot(serving, parsed) is part  # kept for the next format of the same period
    _HASHES.clear()
    _SNAPSHOTS.clear()
    cached = load_snapshot(serving, parsed)  # from $KEET_HOME/reports
    assert cached is not part
    assert whole.input_hash == part.input_hash == cached.input_hash
    for lang in ("nl", "en"):
        a, b = (build_model(snap, parsed, lang, "pdf", generated_at=GENERATED) for snap in (whole, part))
        assert a.figures == b.figures and a.all_text() == b.all_text() and a.unprotected == b.unprotected
        assert [[(c.text, c.value, c.key) for row in block.rows for c in row] for s in a.sections
                for block in s.blocks if hasattr(block, "rows")] == \
               [[(c.text, c.value, c.key) for row in block.rows for c in row] for s in b.sections
                for block in s.blocks if hasattr(block, "rows")]


def test_a_published_table_out_of_line_is_not_read_in_part(tmp_path, monkeypatch):
    monkeypatch.setenv("KEET_HOME", str(tmp_path / "home"))
    from pipelines.reports.data import load_snapshot

    serving = _with_published_table(fx.build_report_serving(tmp_path / "serving.duckdb"))
    con = duckdb.connect(str(serving))
    con.execute("delete from marts.kpi_values_published where kpi = 'ADV_INTAKES' and period = '2022-11'")
    con.close()
    snap = load_snapshot(serving, parse_period(fx.PERIOD))
    assert snap.published is None and len(snap.get("marts.kpi_values_published")) < len(snap.get("marts.kpi_values"))


def test_the_input_hash_csv_is_the_text_pandas_writes(tmp_path):
    """`data._arrow_csv` (the input hash of the two large tables) gives exactly `to_csv(index=False)`, or None."""
    from pipelines.reports.data import _arrow_csv, _read

    con = duckdb.connect(str(_with_published_table(fx.build_report_serving(tmp_path / "serving.duckdb"))))
    con.execute("""create table marts.edge as select * from (values
        ('a', 1.0::double, true, 'x'), (null, null, false, ''), ('é ü 😀', 'nan'::double, true, 'plain text'),
        ('b', 'inf'::double, true, 't'), ('c', '-inf'::double, false, 'u'), ('d', -0.0::double, true, 'v'),
        ('e', 1e16::double, true, 'w'), ('f', 1e-5::double, false, 'y'), ('g', 0.1 + 0.2, true, 'z'),
        ('h', 123456789.125::double, true, 'semi;colon'), ('i', 1e300::double, false, 'tab\there'),
        ('j', 5e-324::double, true, ' space ')) t(s, f, b, s2)""")
    for name in ("marts.kpi_values", "marts.kpi_values_published", "marts.edge"):
        assert _arrow_csv(con, name) == _read(con, name).to_csv(index=False), name
    con.execute("create table marts.quoted as select 'a,b' as s, 1.0 as f")
    con.execute("create table marts.null_bool as select 'a' as s, null::boolean as b")
    con.execute("create table marts.dated as select 'a' as s, date '2022-01-01' as d")
    for name in ("marts.quoted", "marts.null_bool", "marts.dated"):
        assert _arrow_csv(con, name) is None, name
    con.close()
