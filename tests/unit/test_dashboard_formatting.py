"""Pure helpers of the dashboard: Belgian formatting, period labels, the CSV export neutraliser, translations,
and the table shaping behind the pages. No Streamlit run, no database."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from dashboard import i18n, periods, tables, upload
from dashboard.exports import neutralise_formula, neutralise_frame, to_csv_bytes, to_xlsx_bytes
from dashboard.formatting import (
    MISSING,
    days_since,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_period,
    format_value,
    per_10k,
)

# --------------------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1234.5, "nl", "1.234,5"),
        (1234.5, "en", "1,234.5"),
        (1234, "nl", "1.234"),
        (1234.0, "en", "1,234"),
        (1234567.26, "nl", "1.234.567,3"),  # one decimal by default
        (0.5, "nl", "0,5"),
        (-1234.5, "nl", "-1.234,5"),
        (12, "nl", "12"),
        (None, "nl", MISSING),
        (float("nan"), "en", MISSING),
        (pd.NA, "nl", MISSING),
    ],
)
def test_format_number(value, lang, expected):
    assert format_number(value, lang) == expected


def test_format_number_fixed_decimals():
    assert format_number(2.0, "nl", 2) == "2,00"
    assert format_number(1234.56, "en", 0) == "1,235"
    assert format_number(-0.01, "nl", 1) == "0,0"  # never '-0,0'


def test_format_percent_and_value_by_unit():
    assert format_percent(87.5, "nl") == "87,5 %"
    assert format_percent(87.5, "en") == "87.5%"
    assert format_percent(100, "nl") == "100,0 %"  # percentages always with one decimal
    assert format_value(87.5, "pct", "nl") == "87,5 %"
    assert format_value(1234, "count", "nl") == "1.234"
    assert format_value(1234, "count", "en") == "1,234"
    assert format_value(999.5, "kg", "nl") == "999,5 kg"
    assert format_value(1234.4, "kg", "nl") == "1.234 kg"  # from 1.000 on without decimals
    assert format_value(3143.6, "hours", "en") == "3,144 hours"
    assert format_value(408951.25, "eur", "nl") == "€ 408.951"  # money in whole euros
    assert format_value(12.5, "hours", "nl") == "12,5 uur"
    assert format_value(12.5, "hours", "en") == "12.5 hours"
    assert format_value(2500, "eur", "nl") == "€ 2.500"
    assert format_value(307.8, "per_10k_inhabitants", "nl") == "307,8 per 10.000 inwoners"
    assert format_value(1500, "kg_co2e", "en") == "1,500 kg CO₂e"
    assert format_value(None, "count", "nl") == MISSING


# --------------------------------------------------------------------------------------------- dates


def test_format_date_belgian_and_iso():
    day = dt.date(2022, 3, 14)
    assert format_date(day, "nl") == "14/03/2022"
    assert format_date(day, "en") == "2022-03-14"
    assert format_date(dt.datetime(2022, 3, 14, 9, 5), "nl") == "14/03/2022"
    assert format_date(pd.Timestamp("2022-03-14"), "nl") == "14/03/2022"
    assert format_date("2022-03-14", "nl") == "14/03/2022"
    assert format_date(None, "nl") == MISSING
    assert format_date(pd.NaT, "nl") == MISSING
    assert format_date("not a date", "nl") == MISSING


def test_format_datetime():
    moment = dt.datetime(2022, 3, 14, 9, 5)
    assert format_datetime(moment, "nl") == "14/03/2022 09:05"
    assert format_datetime(moment, "en") == "2022-03-14 09:05"
    # an ISO time with an offset is shown in Belgian local time (CET = UTC+1 in March before DST)
    assert format_datetime("2022-03-14T08:05:00+00:00", "nl") == "14/03/2022 09:05"


def test_days_since():
    assert days_since(dt.datetime(2022, 3, 14, 23, 59), dt.date(2022, 3, 16)) == 2
    assert days_since(None, dt.date(2022, 3, 16)) is None


@pytest.mark.parametrize(
    ("label", "lang", "expected"),
    [
        ("2022-03", "nl", "mrt 2022"),
        ("2022-03", "en", "Mar 2022"),
        ("2022-Q1", "nl", "K1 2022"),
        ("2022-Q1", "en", "Q1 2022"),
        ("2022-S2", "nl", "S2 2022"),
        ("2022", "nl", "2022"),
        ("project", "nl", "hele project"),
        ("project", "en", "whole project"),
    ],
)
def test_format_period(label, lang, expected):
    assert format_period(label, lang) == expected


def test_per_10k():
    assert per_10k(1234, 40090) == pytest.approx(307.8, abs=0.05)
    assert per_10k(None, 40090) is None
    assert per_10k(5, 0) is None
    assert per_10k(5, None) is None


# --------------------------------------------------------------------------------------------- periods

START, END = dt.date(2021, 5, 1), dt.date(2022, 12, 31)


def test_period_labels_over_the_project():
    assert periods.period_labels("quarter", START, END) == [
        "2021-Q2",
        "2021-Q3",
        "2021-Q4",
        "2022-Q1",
        "2022-Q2",
        "2022-Q3",
        "2022-Q4",
    ]
    assert periods.period_labels("semester", START, END) == ["2021-S1", "2021-S2", "2022-S1", "2022-S2"]
    assert periods.period_labels("year", START, END) == ["2021", "2022"]
    assert periods.period_labels("project", START, END) == ["project"]
    months = periods.period_labels("month", START, END)
    assert (months[0], months[-1], len(months)) == ("2021-05", "2022-12", 20)


def test_period_months_and_bounds():
    assert periods.period_months("2022-Q1", START, END) == ["2022-01", "2022-02", "2022-03"]
    assert periods.period_months("2022-S2", START, END)[-1] == "2022-12"
    assert periods.period_months("2022-02", START, END) == ["2022-02"]
    assert periods.period_bounds("2022-02", START, END) == (dt.date(2022, 2, 1), dt.date(2022, 2, 28))
    assert periods.period_bounds("2022-Q4", START, END) == (dt.date(2022, 10, 1), dt.date(2022, 12, 31))
    assert periods.period_bounds("project", START, END) == (START, END)


def test_trend_months_widen_the_project_to_data():
    assert periods.trend_months("project", START, END, "2021-03", "2022-06")[:2] == ["2021-03", "2021-04"]
    assert periods.trend_months("project", START, END)[0] == "2021-05"
    assert periods.trend_months("2022-Q1", START, END, "2020-01", "2023-01") == [
        "2022-01",
        "2022-02",
        "2022-03",
    ]


def test_default_period_follows_the_cutoff():
    quarters = periods.period_labels("quarter", START, END)
    assert periods.default_period(quarters, dt.date(2022, 5, 3), "quarter") == "2022-Q2"
    assert periods.default_period(quarters, dt.date(2023, 5, 3), "quarter") == "2022-Q4"  # after the project
    assert periods.default_period(quarters, None, "quarter") == "2022-Q4"
    assert periods.default_period(["project"], dt.date(2022, 5, 3), "project") == "project"
    assert periods.default_period([], None, "month") is None


# --------------------------------------------------------------------------------------------- exports


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+32 53 00 00 00", "'+32 53 00 00 00"),
        ("-1+1", "'-1+1"),
        ("@cmd", "'@cmd"),
        ("\tindented", "'\tindented"),
        ("\rcarriage", "'\rcarriage"),
        ("Ninove", "Ninove"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (3.5, 3.5),
        (None, None),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_csv_export_neutralises_text_but_keeps_numbers():
    frame = pd.DataFrame(
        {"value": ['=HYPERLINK("http://evil.example")', "ok"], "n": [-5, 3], "=col": ["x", "y"]}
    )
    safe = neutralise_frame(frame)
    assert list(safe.columns) == ["value", "n", "'=col"]
    assert safe["value"].tolist() == ['\'=HYPERLINK("http://evil.example")', "ok"]
    assert safe["n"].tolist() == [-5, 3]
    data = to_csv_bytes(frame)
    assert data.startswith("\ufeff".encode())  # BOM, so Excel reads UTF-8
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["value"][0].startswith("'=")
    assert back["n"].tolist() == [-5, 3]


# --------------------------------------------------------------------------------------------- i18n


def test_every_text_has_dutch_and_english():
    for key, entry in i18n.TEXTS.items():
        assert set(entry) == set(i18n.LANGUAGES), key
        assert all(text.strip() for text in entry.values()), key


def test_placeholders_match_between_languages():
    import string

    for key, entry in i18n.TEXTS.items():
        fields = {
            lang: {f for _, f, _, _ in string.Formatter().parse(text) if f} for lang, text in entry.items()
        }
        assert fields["nl"] == fields["en"], key


def test_t_and_labels():
    assert i18n.t("filter.all_municipalities", "nl") == "Alle gemeenten"
    assert i18n.t("filter.all_municipalities", "en") == "All municipalities"
    assert i18n.t("filter.all_municipalities", "fr") == "Alle gemeenten"  # unknown language: Dutch
    assert i18n.t("no.such.key", "nl") == "no.such.key"
    assert i18n.label("chain", "ict", "en") == "ICT equipment"
    assert i18n.label("chain", "new_chain", "en") == "new_chain"
    assert i18n.t("snapshot.missing", "nl") == "Nog geen gegevens: voer `keet run` uit."


# --------------------------------------------------------------------------------------------- tables


def _definitions() -> pd.DataFrame:
    return tables.indexed_definitions(
        pd.DataFrame(
            {
                "kpi": ["ADV_INTAKES", "ADV_ACCEPTED_PCT"],
                "name_nl": ["Intakes", "Aanvaard (%)"],
                "name_en": ["Intakes", "Accepted (%)"],
                "definition_nl": ["Ontvangen intakes.", "Aandeel aanvaard."],
                "definition_en": ["Intakes received.", "Share accepted."],
                "unit": ["count", "pct"],
                "key_date": ["submitted_on", "submitted_on"],
            }
        )
    )


def test_cards_show_dash_for_a_missing_kpi():
    cell = pd.DataFrame({"kpi": ["ADV_INTAKES"], "value": [1234.0], "unit": ["count"]})
    cards = tables.cards(cell, _definitions(), ("ADV_INTAKES", "ADV_ACCEPTED_PCT", "EVENTS"), "nl")
    assert cards["text"].tolist() == ["1.234", MISSING, MISSING]
    assert cards["name"].tolist() == ["Intakes", "Aanvaard (%)", "EVENTS"]  # no definition: the code
    assert "Ontvangen intakes." in cards.loc[0, "help"]
    assert "submitted_on" in cards.loc[0, "help"]


def test_trend_keeps_months_without_value_empty():
    monthly = pd.DataFrame({"period": ["2022-01", "2022-03"], "value": [40.0, 61.0], "unit": ["count"] * 2})
    frame = tables.trend(monthly, ["2022-01", "2022-02", "2022-03"], "count", "nl")
    assert frame["label"].tolist() == ["jan 2022", "feb 2022", "mrt 2022"]
    assert frame["value"].isna().tolist() == [False, True, False]
    assert frame["text"].tolist() == ["40", MISSING, "61"]


def test_by_municipality_per_10k_and_hover_text():
    frame = pd.DataFrame(
        {
            "municipality": ["41048", "41011"],
            "name_nl": ["Ninove", "Denderleeuw"],
            "population": [40090, 21056],
            "population_year": [2023, 2024],
            "value": [1234.0, None],
        }
    )
    out = tables.by_municipality(frame, "count", per10k=True, lang="nl")
    assert out.loc[0, "z"] == pytest.approx(307.81, abs=0.01)
    assert pd.isna(out.loc[1, "z"])
    assert out.loc[0, "text"] == "Ninove: 307,8 (1.234)"
    assert out.loc[1, "text"] == "Denderleeuw: geen gegevens"
    shown = tables.by_municipality_display(out, "count", "nl")
    assert shown["Inwoners"].tolist() == ["40.090", "21.056"]
    assert shown["Referentiejaar"].tolist() == ["2023", "2024"]
    assert tables.population_years(out) == "2023–2024"


def test_ledger_and_freshness():
    deliveries = pd.DataFrame({"rows_read": [5, 10], "rows_loaded": [3, 9], "rows_quarantined": [2, 0]})
    assert tables.ledger_balanced(deliveries).tolist() == [True, False]
    fresh = tables.freshness(
        pd.DataFrame(
            {
                "record_type": ["intakes", "attendance"],
                "latest_received_at": [pd.Timestamp("2022-12-20 10:00"), pd.Timestamp("2022-10-01 10:00")],
                "latest_loaded_at": [pd.Timestamp("2022-12-20 10:00"), pd.NaT],
                "deliveries": [3, 1],
            }
        ),
        today=dt.date(2022, 12, 31),
    )
    assert fresh["days_since"].tolist() == [11, 91]
    assert fresh["stale"].tolist() == [False, True]
    shown = tables.freshness_display(fresh, "nl")
    assert shown["Laatst rijen geladen"].tolist() == ["20/12/2022", MISSING]


# --------------------------------------------------------------------------------------------- XLSX export


def test_xlsx_export_keeps_numbers_and_dates_and_never_writes_a_formula():
    import openpyxl

    frame = pd.DataFrame(
        {
            "value": ['=HYPERLINK("http://evil.example")', "+32 53 00 00 00", "ok\x07"],
            "n": [-5, 3.5, None],
            "day": pd.to_datetime(["2022-03-14", "2022-12-31", None]),
            "=col": [True, False, None],
        }
    )
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame, "gegevens/2022")))
    sheet = book.active
    assert sheet.title == "gegevens-2022"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["value", "n", "day", "'=col"]
    assert rows[1] == ['\'=HYPERLINK("http://evil.example")', -5, dt.datetime(2022, 3, 14), True]
    assert rows[2][0] == "'+32 53 00 00 00"
    assert rows[3] == ["ok", None, None, None]  # a control character XLSX cannot hold is dropped
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # no formula anywhere
    assert sheet.freeze_panes == "A2"


# --------------------------------------------------------------------------------------------- new pages' tables


def _cell(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["kpi", "breakdown", "value"]).assign(unit="count")


def test_breakdown_in_contract_order_and_r_ladder_with_every_rung():
    cell = _cell(
        [
            ("EVENTS", "", 7),
            ("EVENTS", "event_type=workshop", 4),
            ("EVENTS", "event_type=network_event", 2),
            ("EVENTS", "event_type=new_kind", 1),
            ("CIRC_MATERIAL_KG", "r_strategy=recycle", 1500),
            ("CIRC_MATERIAL_KG", "r_strategy=reuse", 8000),
        ]
    )
    events = tables.breakdown(cell, "EVENTS", "event_type", "count", "nl")
    assert events["code"].tolist() == ["network_event", "workshop", "new_kind"]  # unknown codes last
    assert events["label"].tolist() == ["Netwerkevent", "Workshop", "new_kind"]
    ladder = tables.r_ladder(
        cell,
        [
            "refuse",
            "rethink",
            "reduce",
            "reuse",
            "repair",
            "refurbish",
            "remanufacture",
            "repurpose",
            "recycle",
            "recover",
        ],
        "en",
    )
    assert ladder["code"].tolist() == [f"R{i}" for i in range(10)]
    assert ladder["value"].tolist() == [0, 0, 0, 8000, 0, 0, 0, 0, 1500, 0]
    assert ladder["high"].tolist() == [True] * 8 + [False] * 2
    assert ladder.loc[3, "label"] == "R3 · Reuse"
    assert ladder.loc[3, "text"] == "8,000 kg"


def test_co2e_is_a_range_in_a_readable_unit():
    big = {"low": 156951.4, "central": 241263.4, "high": 325575.5}
    assert tables.co2e_range_text(big, "nl") == "157,0 – 325,6"
    assert tables.co2e_scale(big) == (1000.0, "t CO₂e")
    assert tables.co2e_amount(big["central"], big, "nl") == "241,3 t CO₂e"
    small = {"low": 400.0, "central": 800.0, "high": 1200.0}
    assert tables.co2e_range_text(small, "en") == "400 – 1,200"
    assert tables.co2e_amount(800.0, small, "en") == "800 kg CO₂e"
    assert (
        tables.co2e_range_text({"low": float("nan"), "central": 5.0, "high": float("nan")}, "nl") == MISSING
    )


def test_uncovered_mass_and_funnel_shares():
    cell = _cell([("CIRC_MATERIAL_KG", "", 12000), ("CIRC_CO2E_UNCOVERED_KG", "", 1500)])
    assert tables.uncovered_share(cell) == (1500, 12000, 12.5)
    no_row = _cell([("CIRC_MATERIAL_KG", "", 12000)])
    assert tables.uncovered_share(no_row)[0] == 0.0  # no uncovered row: no mass without a factor
    funnel = tables.funnel([("a", "A", 60), ("b", "B", 24), ("c", "C", float("nan"))], "nl")
    assert funnel["text"].tolist() == ["60 (100,0 %)", "24 (40,0 %)", "0 (0,0 %)"]
    assert funnel["pct_of_previous"].round(1).tolist()[1] == 40.0


def test_progress_takes_the_most_specific_target_and_changes_list_only_differences():
    definitions = _definitions()
    progress = pd.DataFrame(
        {
            "kpi": ["ADV_INTAKES", "ADV_INTAKES"],
            "municipality": ["all", "41048"],
            "chain": ["all", "all"],
            "value": [1500.0, 1234.0],
            "target": [2000.0, 1500.0],
            "pct_reached": [75.0, 82.27],
            "expected_pct": [60.0, 90.0],
            "cutoff_date": [dt.date(2022, 12, 31)] * 2,
            "target_version": ["v0"] * 2,
            "target_type": ["cumulative"] * 2,
            "target_confirmed": [False, True],
            "target_source": ["placeholder", "agreement"],
        }
    )
    region = tables.progress(progress, definitions, "all", "all", "nl")
    assert region[["value", "on_track", "confirmed"]].values.tolist() == [[1500.0, True, False]]
    ninove = tables.progress(progress, definitions, "41048", "ict", "nl")
    assert ninove[["value", "on_track", "confirmed"]].values.tolist() == [[1234.0, False, True]]
    shown = tables.progress_display(region, "nl")
    assert shown.iloc[0].tolist() == [
        "Intakes",
        "1.500",
        "2.000 *",
        "75,0 %",
        "60,0 %",
        "✓ op schema",
        "voorlopig (niet bevestigd)",
    ]

    now = pd.DataFrame({"kpi": ["ADV_INTAKES", "ADV_ACCEPTED_PCT"], "value": [1500.0, 80.0]})
    before = pd.DataFrame({"kpi": ["ADV_INTAKES", "ADV_ACCEPTED_PCT"], "value": [1450.0, 80.0]})
    changed = tables.changes(now, before, definitions, "en")
    assert changed["kpi"].tolist() == ["ADV_INTAKES"]
    assert tables.changes_display(changed, "en")["Difference"].tolist() == ["+50"]


def test_scorecard_puts_the_source_to_call_first():
    frame = pd.DataFrame(
        {
            "source": ["good", "bad"],
            "files": [2, 1],
            "files_rejected": [0, 0],
            "rows_read": [100, 10],
            "rows_loaded": [100, 6],
            "rows_quarantined": [0, 4],
            "latest_received_at": [pd.Timestamp("2022-12-30"), pd.Timestamp("2022-12-30")],
            "unresolved_references": [0, 2],
            "out_of_period": [0, 0],
        }
    )
    card = tables.scorecard(frame, today=dt.date(2022, 12, 31))
    assert card["source"].tolist() == ["bad", "good"]
    assert card["attention"].tolist() == [True, False]
    shown = tables.scorecard_display(card, "nl")
    assert shown["Geweigerd (%)"].tolist() == ["40,0 %", "0,0 %"]
    assert shown["Actie"].tolist() == ["☎ bellen", "✓ in orde"]


def test_waiting_list_days_past_the_deadline():
    frame = pd.DataFrame(
        {
            "intake_id": ["INT-3"],
            "submitted_on": [dt.date(2022, 12, 20)],
            "deadline_on": [dt.date(2022, 12, 23)],
            "invitation_status": ["overdue"],
            "municipality": ["outside_region"],
            "chain": ["textile"],
            "applicant_stage": ["starter"],
            "file_name": ["intakes.csv"],
            "row_number": [4],
        }
    )
    waiting = tables.waiting(frame, dt.date(2022, 12, 31))
    assert waiting["days_overdue"].tolist() == [8]
    shown = tables.waiting_display(waiting, {"41048": "Ninove"}, "en")
    assert shown["Municipality"].tolist() == ["Outside the region"]


# --------------------------------------------------------------------------------------------- upload helpers


def test_upload_names_sources_and_progress(tmp_path):
    assert upload.safe_file_name("C:\\Users\\x\\Intakes 2022.csv") == "Intakes 2022.csv"
    assert upload.safe_file_name("../../etc/passwd") == "passwd"
    assert upload.normalise_source("Repair Café Aalst") == "repair-cafe-aalst"
    assert upload.normalise_source("../..") is None
    assert upload.normalise_source("") is None
    log = tmp_path / "run.log"
    log.write_text(
        "x - 1 - archive_inbox - STEP_START - Started\n"
        "x - 1 - archive_inbox - STEP_SUCCESS - Finished\n"
        "x - 1 - keet_dbt_models - STEP_START - Started\n"
        "12 of 245 START test a ...\n"
        "12 of 245 PASS test a ...\n"
    )
    progress = upload.progress(log)
    assert (progress.steps_done, progress.current_step, progress.dbt_done, progress.dbt_total) == (
        1,
        "keet_dbt_models",
        12,
        245,
    )
    assert upload.is_busy(
        {"state": "running", "started_at": "2022-12-31T10:00:00"}, now=dt.datetime(2022, 12, 31, 10, 5)
    )
    assert not upload.is_busy(
        {"state": "running", "started_at": "2022-12-31T10:00:00"}, now=dt.datetime(2022, 12, 31, 13, 0)
    )  # stale: a run that died
    assert not upload.is_busy({"state": "succeeded"})


def test_upload_sends_only_files_that_are_not_rejected(tmp_path, monkeypatch):
    monkeypatch.setenv("KEET_HOME", str(tmp_path / "home"))
    folder = tmp_path / "up"
    good = upload.check_upload(
        "events.csv",
        b"event_id,event_type,title,date,municipality,chains\nE1,workshop,X,2022-06-02,Aalst,\n",
        folder,
    )
    broken = upload.check_upload("broken.xlsx", b"not a workbook", folder)
    assert (good.status, broken.status) == (0, 2)
    sent = upload.send_to_inbox([good, broken], "partner")
    again = upload.send_to_inbox([good], "partner")  # a file still waiting in the inbox is never overwritten
    assert [p.name for p in sent + again] == ["events.csv", "events (2).csv"]
    assert sorted(p.name for p in (tmp_path / "home" / "inbox" / "partner").iterdir()) == [
        "events (2).csv",
        "events.csv",
    ]
