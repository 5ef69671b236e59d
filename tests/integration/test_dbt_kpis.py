"""The dbt project on its own: hand-made raw rows -> `dbt build` -> marts, checked against values worked out by hand.

The raw rows below are what the loader would have stored (normalised values). Every expected value is derived in
the comment beside its assertion. Cut-off date: 2022-06-30 (dbt var cutoff_date).

Calendar used (2022): Fri 04/03 -> deadline Wed 09/03; Fri 11/03 -> Wed 16/03; Fri 25/03 -> Wed 30/03;
Thu 14/04 -> Wed 20/04 (Fri 15/04 = working day 1, Easter Monday 18/04 is a Belgian public holiday,
Tue 19/04 = 2, Wed 20/04 = 3); Mon 27/06 -> Thu 30/06 (not before the cut-off: not judged yet).

Places: 41002 Aalst, 41048 Ninove, 41034 Lede.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from tests.fixtures.raw_fixture import (
    attendance_id,
    create_warehouse,
    insert_delivery,
    insert_quarantine,
    insert_rows,
)

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
DBT_DIR = ROOT / "dbt"
DBT = ROOT / ".venv" / "bin" / "dbt"
CUTOFF = "2022-06-30"

AALST, NINOVE, LEDE = "41002", "41048", "41034"

# fmt: off
# (compact tables: every row can be checked by hand against the expected values below)
ORGANISATIONS = [
    {"org_id": "O1", "name": "Repair Atelier", "org_type": "citizen_org", "size_class": "micro",
     "municipality": AALST, "social_economy_type": "none", "chains": "textile"},
    {"org_id": "O2", "name": "Kringwinkel Denderstreek", "org_type": "social_economy", "size_class": "medium",
     "municipality": NINOVE, "social_economy_type": "reuse_shop", "chains": "furniture|electro"},
    {"org_id": "O3", "name": "ICT Hergebruik bv", "org_type": "established_company", "size_class": "small",
     "municipality": LEDE, "social_economy_type": "none", "chains": "ict"},
    {"org_id": "O4", "name": "Stad Aalst", "org_type": "public_body", "size_class": "large", "municipality": AALST},
]

PEOPLE = [
    # PER1 lives in Ninove (consent): counted there, wherever the event was.
    {"person_id": "PER1", "gender": "female", "birth_year": "1990", "municipality": NINOVE,
     "labour_status": "employed", "education_level": "isced_5_8", "disadvantaged": "none", "consent": "true"},
    {"person_id": "PER2", "gender": "male", "birth_year": "2000", "municipality": AALST,
     "labour_status": "unemployed", "education_level": "isced_3_4", "disadvantaged": "migrant_background",
     "consent": "true"},
    # no consent: gender and characteristics are not processed
    {"person_id": "PER4", "gender": "female", "birth_year": "1980", "municipality": LEDE,
     "labour_status": "inactive", "consent": "false"},
    {"person_id": "P1", "gender": "female", "birth_year": "1965", "municipality": AALST,
     "labour_status": "long_term_unemployed", "education_level": "isced_0_2",
     "disadvantaged": "disability|low_qualified", "consent": "true"},
    # PER6 (contact of I3, consent): 17 at first participation (2022 - 2005), inactive, refused the sensitive
    # questions, no education level given
    {"person_id": "PER6", "gender": "non_binary", "birth_year": "2005", "municipality": LEDE,
     "labour_status": "inactive", "disadvantaged": "refused", "consent": "true"},
    # PER5 (jury at E3) and P2 (contact of I2) have no people record: unknown persons
]


def _intake(intake_id, submitted_on, municipality, chain, stage, decision, **extra):
    return {"intake_id": intake_id, "submitted_on": submitted_on, "municipality": municipality, "chain": chain,
            "applicant_stage": stage, "decision": decision, "is_circular": "true", **extra}


INTAKES = [
    _intake("I1", "2022-03-04", AALST, "textile", "starter", "accepted", org_id="O1", person_id="P1",
            invited_on="2022-03-09", advice_on="2022-03-14", advice_minutes="90", report_sent_on="2022-03-21",
            follow_up="follow_up_meeting"),
    # org by name only: resolves to O2 (normalised name, legal form 'vzw' dropped)
    _intake("I2", "2022-03-11", NINOVE, "furniture", "established", "accepted",
            org_name="Kringwinkel Denderstreek VZW", person_id="P2", invited_on="2022-03-17",
            advice_on="2022-03-22"),
    _intake("I3", "2022-04-14", AALST, "textile", "prestarter", "accepted", person_id="PER6",
            invited_on="2022-04-20", advice_on="2022-04-25", advice_minutes="60", report_sent_on="2022-04-29"),
    _intake("I4", "2022-03-15", NINOVE, "furniture", "starter", "referred", referred_to="Stroom vzw"),
    # delivered as pending first; the newer delivery (INTAKES_UPDATE) says rejected
    _intake("I5", "2022-03-22", AALST, "textile", "starter", "pending"),
    _intake("I6", "2022-03-25", AALST, "textile", "starter", "accepted"),
    _intake("I7", "2022-06-27", NINOVE, "furniture", "starter", "accepted"),
    # after the cut-off: not counted, flagged
    _intake("I9", "2022-07-05", NINOVE, "furniture", "starter", "pending"),
]
INTAKES_UPDATE = [_intake("I5", "2022-03-22", AALST, "textile", "starter", "rejected")]

EVENTS = [
    {"event_id": "E1", "event_type": "network_event", "title": "Netwerkevent textiel & ICT", "date": "2022-03-10",
     "municipality": AALST, "chains": "textile|ict"},
    {"event_id": "E2", "event_type": "workshop", "title": "Herstelworkshop", "date": "2022-03-24",
     "municipality": NINOVE, "chains": "furniture"},
    {"event_id": "E3", "event_type": "hackathon", "title": "CO:KEET hackathon", "date": "2022-05-12",
     "municipality": AALST},
    # before the project start: counts in 2021-04 and 2021, not in 'project'; flagged
    {"event_id": "E4", "event_type": "market_dialogue", "title": "Marktdialoog witgoed", "date": "2021-04-20",
     "municipality": AALST, "chains": "electro"},
]

ATTENDANCE = [
    {"event_id": "E1", "person_id": "PER1", "role": "participant"},
    {"event_id": "E1", "person_id": "PER1", "role": "speaker"},  # the same person twice
    {"event_id": "E1", "person_id": "PER2", "role": "participant"},
    {"event_id": "E1", "org_id": "O3", "role": "participant"},  # an organisation without a person
    {"event_id": "E1", "person_id": "PER3", "role": "organiser"},  # organisers are not attendees
    {"event_id": "E2", "person_id": "PER1", "role": "participant"},
    {"event_id": "E2", "person_id": "PER4", "role": "participant"},
    {"event_id": "E3", "person_id": "PER2", "role": "participant"},
    {"event_id": "E3", "person_id": "PER5", "role": "jury"},
    {"event_id": "E4", "org_id": "O2", "role": "participant"},
    {"event_id": "E4", "person_id": "PER4", "role": "participant"},
    {"event_id": "E9", "person_id": "PER1", "role": "participant"},  # unknown event: not counted, flagged
]

APPLICATIONS = [
    {"application_id": "A1", "call_id": "CALL1", "submitted_on": "2022-04-01", "lead_org_id": "O3",
     "partner_org_ids": "O1", "chain": "ict", "from_hackathon": "true", "status": "completed",
     "decided_on": "2022-05-10"},
    {"application_id": "A2", "call_id": "CALL1", "submitted_on": "2022-04-15", "lead_org_id": "O4",
     "chain": "textile", "from_hackathon": "false", "status": "rejected", "decided_on": "2022-05-10"},
    {"application_id": "A3", "call_id": "CALL1", "submitted_on": "2022-04-20", "lead_org_id": "O9",
     "chain": "other", "status": "submitted"},  # O9 is unknown
]

PROGRAMME_SESSIONS = [
    {"session_id": "S1", "application_id": "A1", "session_type": "coaching", "date": "2022-05-20", "hours": "3.5"},
    {"session_id": "S2", "application_id": "A1", "session_type": "design_sprint", "date": "2022-06-02",
     "hours": "8"},
]

OUTCOMES = [
    {"outcome_id": "OUT1", "application_id": "A1", "outcome_type": "new_product", "achieved_on": "2022-06-15",
     "promoted": "true"},
]

COLLABORATIONS = [
    # O1 (Aalst, citizen org) with O2 (Ninove, social economy): counts in both municipalities, once in 'all'
    {"collaboration_id": "C1", "chain": "textile", "org_ids": "O1|O2", "collaboration_type": "circular_procurement",
     "started_on": "2022-06-01", "procurement_value_eur": "5000", "buyer_type": "public"},
]

MATERIAL_FLOWS = [
    {"flow_id": "F1", "org_id": "O2", "period_start": "2022-01-01", "period_end": "2022-06-30",
     "chain": "furniture", "r_strategy": "reuse", "quantity": "2", "unit": "t"},
    {"flow_id": "F2", "org_id": "O3", "period_start": "2022-04-01", "period_end": "2022-05-31", "chain": "ict",
     "product_category": "laptop", "r_strategy": "refurbish", "quantity": "100", "unit": "units",
     "lifetime_extension_years": "2"},
    {"flow_id": "F3", "org_id": "O1", "period_start": "2022-04-01", "period_end": "2022-05-31", "chain": "textile",
     "r_strategy": "recycle", "quantity": "500", "unit": "kg", "recycled_content_pct": "40"},
    # units with a known unit weight: 150 kg of material, so the per-kg furniture factor applies to those kg
    {"flow_id": "F4", "org_id": "O2", "period_start": "2022-04-01", "period_end": "2022-06-30",
     "chain": "furniture", "product_category": "office_chair", "r_strategy": "reuse", "quantity": "10",
     "unit": "units", "unit_weight_kg": "15"},
]

JOBS = [
    {"job_record_id": "J1", "org_id": "O2", "collaboration_id": "C1", "started_on": "2022-02-01",
     "headcount": "3", "fte": "2.5", "target_group": "disability", "employment_type": "maatwerk",
     "in_region": "true", "training_hours": "40"},
    {"job_record_id": "J2", "org_id": "O3", "started_on": "2022-04-01", "headcount": "2", "fte": "2",
     "target_group": "none", "employment_type": "regular", "in_region": "false", "training_hours": "10"},
]
# fmt: on

RECORDS = {
    "organisations": ORGANISATIONS,
    "people": PEOPLE,
    "intakes": INTAKES,
    "events": EVENTS,
    "attendance": ATTENDANCE,
    "applications": APPLICATIONS,
    "programme_sessions": PROGRAMME_SESSIONS,
    "outcomes": OUTCOMES,
    "collaborations": COLLABORATIONS,
    "material_flows": MATERIAL_FLOWS,
    "jobs": JOBS,
}


def build_fixture_warehouse(path: Path) -> Path:
    create_warehouse(path, RECORDS)
    con = duckdb.connect(str(path))
    try:
        received = dt.datetime(2022, 7, 1, 9, 0)
        insert_delivery(con, 1, "intakes.csv", received_at=received, parts=[("intakes", 9, 8, 1)])
        insert_quarantine(
            con,
            delivery_id=1,
            record_type="intakes",
            file_name="intakes.csv",
            row_number=10,
            column_name="municipality",
            value="Aalts",
            reason_nl="gemeente 'Aalts' onbekend - bedoelde u Aalst?",
            reason_en="municipality 'Aalts' unknown - did you mean Aalst?",
            suggestion="Aalst",
        )
        # a later delivery updates I5 (pending -> rejected): newest version wins
        later = dt.datetime(2022, 7, 2, 9, 0)
        insert_rows(
            con, "intakes", INTAKES_UPDATE, delivery_id=2, received_at=later, file_name="intakes_fix.csv"
        )
        insert_delivery(con, 2, "intakes_fix.csv", received_at=later, parts=[("intakes", 1, 1, 0)])
        insert_delivery(con, 3, "intakes_fix.csv", received_at=later, status="duplicate")
        con.execute("checkpoint")
    finally:
        con.close()
    return path


def run_dbt(warehouse: Path, work: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(KEET_WAREHOUSE=str(warehouse), DO_NOT_TRACK="1")
    env.pop("KEET_CUTOFF_DATE", None)
    return subprocess.run(
        [
            str(DBT),
            *args,
            "--project-dir",
            str(DBT_DIR),
            "--profiles-dir",
            str(DBT_DIR),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        cwd=DBT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


_BUILD: dict = {}


def built_fixture_warehouse(tmp_path_factory) -> dict:
    """The fixture warehouse after `dbt parse` and ONE `dbt build` (seeds, models, data tests and unit tests) per
    test session: {"warehouse": path, "build_output": dbt's output, "seconds": build time}. Shared with
    tests/integration/test_explain.py. Do not modify the warehouse."""
    if "warehouse" not in _BUILD:
        work = tmp_path_factory.mktemp("dbt_kpis")
        warehouse = build_fixture_warehouse(work / "warehouse.duckdb")
        parse = run_dbt(warehouse, work, "parse")
        assert parse.returncode == 0, parse.stdout[-3000:]
        started = time.monotonic()
        build = run_dbt(warehouse, work, "build", "--vars", f"{{cutoff_date: '{CUTOFF}'}}")
        seconds = time.monotonic() - started
        assert build.returncode == 0, build.stdout[-5000:]
        print(f"\ndbt build on the fixture warehouse: {seconds:.1f} s")
        _BUILD.update(warehouse=warehouse, build_output=build.stdout, seconds=seconds)
    return _BUILD


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """The fixture warehouse's marts, read once after the session's single `dbt build`."""
    build = built_fixture_warehouse(tmp_path_factory)
    con = duckdb.connect(str(build["warehouse"]), read_only=True)
    try:
        rows = con.execute(
            "select kpi, period, municipality, chain, breakdown, value, unit, period_type from marts.kpi_values"
        ).fetchall()
        marts = {
            name: con.execute(f"select * from marts.{name}").fetchdf()
            for name in (
                "kpi_definitions",
                "dim_municipalities",
                "fct_deliveries",
                "fct_quarantine",
                "fct_unresolved_references",
                "fct_out_of_period_records",
                "kpi_progress",
                "fct_intake_invitations",
            )
        }
    finally:
        con.close()
    return {
        "values": {r[:5]: r[5] for r in rows},
        "units": {r[0]: r[6] for r in rows},
        "period_types": {r[1]: r[7] for r in rows},
        "marts": marts,
        "build_output": build["build_output"],
        "seconds": build["seconds"],
    }


def cell(
    built: dict,
    kpi: str,
    period: str = "project",
    municipality: str = "all",
    chain: str = "all",
    breakdown: str = "",
) -> float | None:
    return built["values"].get((kpi, period, municipality, chain, breakdown))


def test_build_reports_no_errors(built):
    assert "ERROR=0" in built["build_output"]
    # unit tests (working days, distinct rollup, accepted pct, attendance attribution) ran as part of the build
    assert "calendar_skips_weekends_and_easter_monday" in built["build_output"]
    # the rollup's unit tests (kpi_rollup in one statement: kpi_cell_split false) passed
    for unit_test in ("two_chain_event_counts_once_in_all", "first_participation_counts_in_its_own_period",
                      "first_participation_before_the_project_counts_in_project",
                      "sums_and_ratios_do_not_depend_on_the_order_of_their_records",
                      "records_with_one_or_several_memberships_count_once_per_scope"):
        assert re.search(rf"PASS int_kpi_cells::{unit_test}\b", built["build_output"]), unit_test


def test_adv_intakes(built):
    # counted: I1..I7 (I9 is after the cut-off); I5 counts once, as its newest version (rejected)
    assert cell(built, "ADV_INTAKES") == 7
    assert cell(built, "ADV_INTAKES", "2022-03") == 5  # I1 I2 I4 I5 I6
    assert cell(built, "ADV_INTAKES", "2022-04") == 1  # I3
    assert cell(built, "ADV_INTAKES", "2022-06") == 1  # I7
    assert cell(built, "ADV_INTAKES", "2022-07") is None  # I9 after the cut-off
    assert cell(built, "ADV_INTAKES", "2022-Q1") == 5
    assert cell(built, "ADV_INTAKES", "2022-Q2") == 2  # I3 I7
    assert cell(built, "ADV_INTAKES", "2022-S1") == 7
    assert cell(built, "ADV_INTAKES", "2022") == 7
    assert cell(built, "ADV_INTAKES", municipality=AALST) == 4  # I1 I3 I5 I6
    assert cell(built, "ADV_INTAKES", municipality=NINOVE) == 3  # I2 I4 I7
    assert cell(built, "ADV_INTAKES", chain="textile") == 4  # I1 I3 I5 I6
    assert cell(built, "ADV_INTAKES", chain="furniture") == 3  # I2 I4 I7
    assert cell(built, "ADV_INTAKES", "2022-03", NINOVE, "furniture") == 2  # I2 I4
    assert cell(built, "ADV_INTAKES", breakdown="decision=accepted") == 5  # I1 I2 I3 I6 I7
    assert cell(built, "ADV_INTAKES", breakdown="decision=referred") == 1  # I4
    assert cell(built, "ADV_INTAKES", breakdown="decision=rejected") == 1  # I5 (newest version)
    assert cell(built, "ADV_INTAKES", breakdown="decision=pending") is None  # I5's old version is gone
    assert cell(built, "ADV_INTAKES", breakdown="applicant_stage=starter") == 5  # I1 I4 I5 I6 I7
    assert cell(built, "ADV_INTAKES", breakdown="applicant_stage=established") == 1  # I2
    assert cell(built, "ADV_INTAKES", breakdown="applicant_stage=prestarter") == 1  # I3
    assert built["period_types"]["2022-S1"] == "semester"
    assert built["period_types"]["2022-Q1"] == "quarter"


def test_adv_accepted_pct_and_referred(built):
    # accepted / (accepted + referred + rejected): all 5 / 7; Aalst 3 (I1 I3 I6) / 4 (+ I5 rejected);
    # Ninove 2 (I2 I7) / 3 (+ I4 referred); June: I7 1/1
    assert cell(built, "ADV_ACCEPTED_PCT") == pytest.approx(500 / 7)
    assert round(cell(built, "ADV_ACCEPTED_PCT"), 1) == 71.4
    assert cell(built, "ADV_ACCEPTED_PCT", municipality=AALST) == pytest.approx(75.0)
    assert cell(built, "ADV_ACCEPTED_PCT", municipality=NINOVE) == pytest.approx(200 / 3)
    assert cell(built, "ADV_ACCEPTED_PCT", "2022-06") == pytest.approx(100.0)
    assert built["units"]["ADV_ACCEPTED_PCT"] == "pct"
    assert cell(built, "ADV_REFERRED") == 1  # I4
    assert cell(built, "ADV_REFERRED", municipality=NINOVE) == 1
    assert cell(built, "ADV_REFERRED", municipality=AALST) is None


def test_adv_invited_within_3_working_days(built):
    # judged = accepted with deadline before the cut-off 30/06: I1 (Fri 04/03 -> Wed 09/03, invited 09/03: on time),
    # I2 (Fri 11/03 -> Wed 16/03, invited Thu 17/03: late), I3 (Thu 14/04 -> Wed 20/04 because Easter Monday
    # 18/04 is a holiday; invited 20/04: on time), I6 (Fri 25/03 -> Wed 30/03, never invited: late).
    # I7 (Mon 27/06 -> Thu 30/06) is not judged: its deadline is not before the cut-off.
    assert cell(built, "ADV_INVITED_3WD_PCT") == pytest.approx(50.0)  # 2 of 4
    assert cell(built, "ADV_INVITED_3WD_PCT", municipality=AALST) == pytest.approx(
        200 / 3
    )  # I1 I3 of I1 I3 I6
    assert cell(built, "ADV_INVITED_3WD_PCT", municipality=NINOVE) == pytest.approx(0.0)  # I2 late
    assert cell(built, "ADV_INVITED_3WD_PCT", "2022-04") == pytest.approx(100.0)  # I3 thanks to the holiday
    assert cell(built, "ADV_INVITED_3WD_PCT", "2022-03") == pytest.approx(100 / 3)  # I1 of I1 I2 I6
    assert cell(built, "ADV_INVITED_3WD_PCT", "2022-06") is None  # no denominator: left out, not 0
    invitations = built["marts"]["fct_intake_invitations"].set_index("intake_id")
    assert str(invitations.loc["I3", "deadline_on"])[:10] == "2022-04-20"
    assert invitations.loc["I6", "invitation_status"] == "overdue"
    assert invitations.loc["I7", "invitation_status"] == "waiting"


def test_adv_conversations_hours_reports(built):
    assert cell(built, "ADV_CONVERSATIONS") == 3  # I1 14/03, I2 22/03, I3 25/04
    assert cell(built, "ADV_CONVERSATIONS", "2022-03") == 2
    assert cell(built, "ADV_CONVERSATIONS", "2022-04") == 1
    assert cell(built, "ADV_ADVICE_HOURS") == pytest.approx(3.5)  # (90 + 60 default + 60) / 60
    assert cell(built, "ADV_ADVICE_HOURS", municipality=NINOVE) == pytest.approx(1.0)  # I2, default 60 min
    assert cell(built, "ADV_REPORTS") == 2  # I1 21/03, I3 29/04
    assert cell(built, "ADV_REPORTS", "2022-04") == 1
    assert cell(built, "ADV_DAYS_TO_REPORT_MEDIAN") == pytest.approx(5.5)  # median(7, 4)
    assert cell(built, "ADV_FOLLOW_UPS") == 1  # I1 follow_up_meeting


def test_events(built):
    # E1 (Aalst, textile+ict, 10/03), E2 (Ninove, furniture, 24/03), E3 (Aalst, no chain, 12/05);
    # E4 (21/04/2021) is before the project start: its own month and year, not 'project'
    assert cell(built, "EVENTS") == 3
    assert cell(built, "EVENTS", "2022-03") == 2
    assert cell(built, "EVENTS", "2022-03", AALST) == 1  # E1 once, although it has two chains
    assert cell(built, "EVENTS", chain="textile") == 1
    assert cell(built, "EVENTS", chain="ict") == 1
    assert cell(built, "EVENTS", chain="unassigned") == 1  # E3
    assert cell(built, "EVENTS", municipality=AALST) == 2  # E1 E3
    assert cell(built, "EVENTS", municipality=AALST, chain="ict") == 1
    assert cell(built, "EVENTS", breakdown="event_type=network_event") == 1
    assert cell(built, "EVENTS", breakdown="event_type=market_dialogue") is None  # E4 is outside the project
    assert cell(built, "EVENTS", "2021-04") == 1  # E4
    assert cell(built, "EVENTS", "2021") == 1
    assert cell(built, "VC_MARKET_DIALOGUES", "2021-04", chain="electro") == 1
    assert cell(built, "VC_MARKET_DIALOGUES") is None


def test_event_attendances_and_unique_attendees(built):
    # attendees (no organisers, no unknown event E9): E1 PER1 twice (participant + speaker), PER2, O3 = 4;
    # E2 PER1, PER4 = 2; E3 PER2, PER5 (jury) = 2. Project: 8.
    assert cell(built, "EVENT_ATTENDANCES") == 8
    assert cell(built, "EVENT_ATTENDANCES", "2022-03") == 6
    assert cell(built, "EVENT_ATTENDANCES", "2022-03", AALST) == 4  # E1, not 8 although E1 has two chains
    assert cell(built, "EVENT_ATTENDANCES", chain="textile") == 4
    assert cell(built, "EVENT_ATTENDANCES", chain="ict") == 4
    assert cell(built, "EVENT_ATTENDANCES", municipality=NINOVE) == 2  # E2
    # unique: persons PER1 PER2 PER4 PER5 + organisation O3 attending without a person = 5
    assert cell(built, "EVENT_UNIQUE_ATTENDEES") == 5
    assert cell(built, "EVENT_UNIQUE_ATTENDEES", "2022-03") == 4  # PER1 PER2 O3 PER4
    assert cell(built, "EVENT_UNIQUE_ATTENDEES", "2022-Q1", AALST) == 3  # PER1 PER2 O3
    assert cell(built, "EVENT_UNIQUE_ATTENDEES", chain="unassigned") == 2  # E3: PER2 PER5
    assert cell(built, "EVENT_UNIQUE_ATTENDEES", "2021") == 2  # E4: O2 and PER4
    assert cell(built, "ACC_HACKATHON_PARTICIPANTS", "2022-05") == 1  # E3: PER2 (PER5 is jury)


def test_reach(built):
    # people: PER1 PER2 PER4 PER5 (attendance) + P1 P2 PER6 (intake contacts with advice held) = 7
    assert cell(built, "REACH_PEOPLE") == 7
    assert cell(built, "REACH_PEOPLE", breakdown="gender=female") == 2  # PER1, P1
    assert cell(built, "REACH_PEOPLE", breakdown="gender=male") == 1  # PER2
    assert (
        cell(built, "REACH_PEOPLE", breakdown="gender=unknown") == 3
    )  # PER4 (no consent), PER5, P2 (no record)
    assert cell(built, "REACH_PEOPLE", breakdown="gender=non_binary") == 1  # PER6
    assert cell(built, "REACH_PEOPLE", "2022-04", LEDE) == 1  # PER6 (own municipality), I3's advice on 25/04
    # first participation: March PER1 PER2 P1 P2; PER4 was first reached in April 2021 (E4)
    assert cell(built, "REACH_PEOPLE", "2022-03") == 4
    assert cell(built, "REACH_PEOPLE", "2021-04") == 1
    # PER1 lives in Ninove (consent): counted there; PER4 (no consent) where E2 was; P2 where I2 was
    assert cell(built, "REACH_PEOPLE", municipality=NINOVE) == 3
    # organisations: O1 (I1 advice, A1 partner, C1), O2 (I2 by name, C1), O3 (A1 lead); O4 only rejected
    assert cell(built, "REACH_ORGS") == 3
    assert cell(built, "REACH_ORGS", "2022-03") == 2  # O1 O2 first supported in March
    assert cell(built, "REACH_ORGS", "2022-05") == 1  # O3 (A1 selected 10/05)
    assert cell(built, "REACH_ORGS", breakdown="org_type=social_economy") == 1
    assert cell(built, "REACH_SMES") == 3  # micro O1, medium O2, small O3
    assert cell(built, "VC_CHAIN_ACTORS") == 2  # O1 O2 (C1); O2 also at the 2021 market dialogue
    assert cell(built, "VC_CHAIN_ACTORS", "2022-06") == 1  # O1 (O2's first involvement was 2021)


def test_esf_indicators(built):
    # with consent: PER1 (f, employed, ISCED 5-8, 32), PER2 (m, unemployed, ISCED 3-4, migrant, 22),
    # P1 (f, long-term unemployed, ISCED 0-2, disability + low qualified, 57 at first participation),
    # PER6 (non-binary, inactive, no education level, refused, 17 at first participation: 2022 - 2005)
    assert cell(built, "ESF_UNEMPLOYED") == 2
    assert cell(built, "ESF_UNEMPLOYED", breakdown="gender=male") == 1
    assert cell(built, "ESF_UNEMPLOYED", breakdown="gender=female") == 1
    assert cell(built, "ESF_LONG_TERM_UNEMPLOYED") == 1
    assert cell(built, "ESF_EMPLOYED", breakdown="gender=female") == 1
    assert cell(built, "ESF_BELOW_25") == 2  # PER2 (22), PER6 (17)
    assert cell(built, "ESF_ABOVE_54") == 1
    assert cell(built, "ESF_ABOVE_54_UNEMPLOYED_OR_INACTIVE") == 1
    assert cell(built, "ESF_DISABILITY") == 1
    assert cell(built, "ESF_MIGRANT_BACKGROUND", breakdown="gender=male") == 1
    # inactive: PER6 only; PER4 is inactive too but gave no consent (PER4 was reached in Ninove at E2: no row)
    assert cell(built, "ESF_INACTIVE") == 1
    assert cell(built, "ESF_INACTIVE", breakdown="gender=non_binary") == 1
    assert cell(built, "ESF_INACTIVE", municipality=LEDE) == 1  # PER6's own municipality (consent)
    assert cell(built, "ESF_INACTIVE", municipality=NINOVE) is None
    assert cell(built, "ESF_INACTIVE", "2022-04") == 1  # first participation: I3's advice on 25/04
    assert cell(built, "ESF_INACTIVE_NOT_IN_EDUCATION") == 1  # PER6 (inactive, not inactive_in_education)
    assert cell(built, "ESF_BELOW_18") == 1  # PER6, 17
    assert cell(built, "ESF_BELOW_18", breakdown="gender=non_binary") == 1
    assert cell(built, "ESF_AGE_18_29") == 1  # PER2, 22 (PER1 32, P1 57, PER6 17)
    assert cell(built, "ESF_AGE_18_29", breakdown="gender=male") == 1
    assert cell(built, "ESF_ISCED_0_2") == 1  # P1
    assert cell(built, "ESF_ISCED_0_2", breakdown="gender=female") == 1
    assert cell(built, "ESF_ISCED_3_4") == 1  # PER2
    assert cell(built, "ESF_ISCED_3_4", breakdown="gender=male") == 1
    assert cell(built, "ESF_ISCED_5_8") == 1  # PER1
    assert cell(built, "ESF_ISCED_5_8", municipality=NINOVE) == 1  # PER1 lives in Ninove
    assert cell(built, "ESF_OTHER_DISADVANTAGED") == 1  # P1 (low_qualified)
    assert cell(built, "ESF_OTHER_DISADVANTAGED", "2022-03", AALST) == 1  # P1, I1's advice on 14/03 in Aalst
    assert cell(built, "ESF_REFUSED_SENSITIVE") == 1  # PER6
    assert cell(built, "ESF_REFUSED_SENSITIVE", breakdown="gender=non_binary") == 1
    definitions = built["marts"]["kpi_definitions"].set_index("kpi")
    assert definitions.loc["ESF_UNEMPLOYED", "esf_plus_code"] == "EECO02"
    assert definitions.loc["REACH_SMES", "esf_plus_code"] == "EECO19"


def test_accelerator_value_chains(built):
    assert cell(built, "ACC_APPLICATIONS") == 3
    assert cell(built, "ACC_FROM_HACKATHON_PCT") == pytest.approx(100 / 3)  # A1 of A1 A2 A3
    assert cell(built, "ACC_SELECTED") == 1  # A1 (completed, i.e. selected and beyond)
    assert cell(built, "ACC_SELECTION_RATE_PCT") == pytest.approx(50.0)  # A1 / (A1 + A2 rejected)
    assert cell(built, "ACC_PROGRAMME_HOURS", municipality=LEDE, chain="ict") == pytest.approx(
        11.5
    )  # 3.5 + 8
    assert cell(built, "ACC_PROGRAMME_HOURS", breakdown="session_type=coaching") == pytest.approx(3.5)
    # A1 completed (decided 10/05/2022; no completion date exists): lead O3 places it in Lede, chain ict
    assert cell(built, "ACC_COMPLETED") == 1
    assert cell(built, "ACC_COMPLETED", "2022-05", LEDE, "ict") == 1
    assert cell(built, "ACC_COMPLETED", municipality=AALST) is None  # A2 (Aalst) was rejected
    assert cell(built, "ACC_OUTCOMES") == 1
    assert cell(built, "ACC_PROMOTED") == 1
    # C1 joins O1 (Aalst) and O2 (Ninove): once in each municipality, once in 'all' (EUR 5000, not 10000)
    assert cell(built, "VC_COLLABORATIONS") == 1
    assert cell(built, "VC_COLLABORATIONS", municipality=AALST) == 1
    assert cell(built, "VC_COLLABORATIONS", municipality=NINOVE) == 1
    assert cell(built, "VC_SOCIAL_REGULAR_COLLABS") == 1  # O2 social economy + O1 regular
    assert cell(built, "VC_PROCUREMENT_EUR") == pytest.approx(5000.0)
    assert cell(built, "VC_PROCUREMENT_EUR", municipality=AALST) == pytest.approx(5000.0)
    assert cell(built, "VC_PROCUREMENT_EUR", breakdown="buyer_type=public") == pytest.approx(5000.0)


def test_circular_and_social(built):
    # F1 2 t furniture reuse = 2000 kg; F2 100 laptops x 1.83 kg (reference weight) = 183 kg; F3 500 kg recycled;
    # F4 10 office chairs x 15 kg = 150 kg reused
    assert cell(built, "CIRC_MATERIAL_KG") == pytest.approx(2833.0)
    assert cell(built, "CIRC_MATERIAL_KG", breakdown="r_strategy=reuse") == pytest.approx(2150.0)
    assert cell(built, "CIRC_HIGH_R_SHARE_PCT") == pytest.approx(100 * 2333 / 2833)  # all but F3 (R8)
    # CO2e (kg CO2e per kg 0.725 / 1.45 / 2.175 for furniture reuse; per laptop refurbished 132.5 / 198.75 / 265):
    # central F1 2000 x 1.45 = 2900, F4 150 x 1.45 = 217.5, F2 100 x 198.75 = 19875 -> 22992.5;
    # F3 (recycle) has no factor: its 500 kg are uncovered
    assert cell(built, "CIRC_CO2E_AVOIDED_KG") == pytest.approx(22992.5)
    assert cell(built, "CIRC_CO2E_AVOIDED_KG", breakdown="estimate=central") == pytest.approx(22992.5)
    assert cell(built, "CIRC_CO2E_AVOIDED_KG", breakdown="estimate=low") == pytest.approx(
        2150 * 0.725 + 13250.0
    )
    assert cell(built, "CIRC_CO2E_AVOIDED_KG", breakdown="estimate=high") == pytest.approx(
        2150 * 2.175 + 26500.0
    )
    assert cell(built, "CIRC_CO2E_UNCOVERED_KG") == pytest.approx(500.0)
    assert cell(built, "CIRC_RECYCLED_CONTENT_PCT") == pytest.approx(40.0)  # only F3 reports it
    assert cell(built, "CIRC_PRODUCT_YEARS_ADDED") == pytest.approx(200.0)  # 100 laptops x 2 years (F4: none)
    # jobs: J1 (O2, 3 people, 2.5 FTE, disability, in region, 40 h), J2 (O3, 2, 2.0, none, not in region, 10 h)
    assert cell(built, "SOC_JOBS") == 5
    assert cell(built, "SOC_FTE") == pytest.approx(4.5)
    assert cell(built, "SOC_JOBS_TARGET_GROUP", breakdown="target_group=disability") == 3
    assert cell(built, "SOC_TARGET_GROUP_SHARE_PCT") == pytest.approx(60.0)
    assert cell(built, "SOC_JOBS_IN_REGION_PCT") == pytest.approx(60.0)
    assert cell(built, "SOC_TRAINING_HOURS") == pytest.approx(50.0)
    assert cell(built, "SOC_JOBS", chain="textile") == 3  # J1 takes the chain of collaboration C1


def test_per_10k_inhabitants(built):
    # Aalst 90,995 inhabitants (2024), Ninove 40,090 (2023)
    assert cell(built, "ADV_INTAKES_PER_10K_INHABITANTS", municipality=AALST) == pytest.approx(
        4 * 10000 / 90995
    )
    assert cell(built, "ADV_INTAKES_PER_10K_INHABITANTS", municipality=NINOVE) == pytest.approx(
        3 * 10000 / 40090
    )
    assert cell(built, "ADV_INTAKES_PER_10K_INHABITANTS") is None  # only for the municipalities themselves
    assert cell(built, "ADV_ACCEPTED_PCT_PER_10K_INHABITANTS", municipality=AALST) is None  # not a count


# One hand-worked cell per <KPI>_PER_10K_INHABITANTS code: (code, period, municipality, base value, population).
# value = base value x 10000 / population of that municipality (Aalst 90995 (2024), Ninove 40090 (2023),
# Lede 19310 (2024), seed ref_municipalities). Places: organisations O1 O4 Aalst, O2 Ninove, O3 Lede.
POP = {AALST: 90995, NINOVE: 40090, LEDE: 19310}
PER_10K_CELLS = [
    ("REACH_ORGS", "project", AALST, 1),  # O1 (own municipality Aalst); O4 only led a rejected application
    ("REACH_SMES", "project", NINOVE, 1),  # O2 (medium, social economy)
    ("REACH_PEOPLE", "project", NINOVE, 3),  # PER1 (lives there), PER4 (no consent: E2's place), P2 (I2)
    ("EVENTS", "project", AALST, 2),  # E1, E3 (E4 is before the project)
    ("EVENT_ATTENDANCES", "project", NINOVE, 2),  # E2: PER1, PER4
    ("EVENT_UNIQUE_ATTENDEES", "project", AALST, 4),  # E1 PER1 PER2 O3 + E3 PER2 PER5 -> PER1 PER2 O3 PER5
    ("ADV_INTAKES", "2022-03", AALST, 3),  # I1 I5 I6 (I3 is April)
    ("ADV_REFERRED", "project", NINOVE, 1),  # I4
    ("ADV_CONVERSATIONS", "project", AALST, 2),  # I1 14/03, I3 25/04
    ("ADV_REPORTS", "project", AALST, 2),  # I1 21/03, I3 29/04
    ("ADV_FOLLOW_UPS", "project", AALST, 1),  # I1 follow_up_meeting
    ("ACC_HACKATHON_PARTICIPANTS", "project", AALST, 1),  # E3 (Aalst): PER2 (PER5 is jury)
    ("ACC_APPLICATIONS", "project", LEDE, 1),  # A1 (lead O3); A2 is Aalst, A3's lead O9 is unknown
    ("ACC_SELECTED", "project", LEDE, 1),  # A1
    ("ACC_COMPLETED", "project", LEDE, 1),  # A1
    ("ACC_OUTCOMES", "project", LEDE, 1),  # OUT1 of A1 (no org: the application's place)
    ("ACC_PROMOTED", "project", LEDE, 1),  # OUT1 promoted
    ("VC_MARKET_DIALOGUES", "2021", AALST, 1),  # E4 (20/04/2021, Aalst)
    ("VC_CHAIN_ACTORS", "project", AALST, 1),  # O1 (member of C1)
    ("VC_COLLABORATIONS", "project", AALST, 1),  # C1 (members in Aalst and Ninove)
    ("VC_SOCIAL_REGULAR_COLLABS", "project", NINOVE, 1),  # C1
    ("SOC_JOBS", "project", NINOVE, 3),  # J1 (O2): headcount 3
    ("SOC_JOBS_TARGET_GROUP", "project", NINOVE, 3),  # J1 (disability): headcount 3
]


@pytest.mark.parametrize(
    ("kpi", "period", "municipality", "base"), PER_10K_CELLS, ids=[c[0] for c in PER_10K_CELLS]
)
def test_per_10k_hand_worked(built, kpi, period, municipality, base):
    assert cell(built, kpi, period, municipality) == base
    assert cell(built, f"{kpi}_PER_10K_INHABITANTS", period, municipality) == pytest.approx(
        base * 10000 / POP[municipality]
    )
    assert built["units"][f"{kpi}_PER_10K_INHABITANTS"] == "per_10k_inhabitants"


def test_every_per_10k_code_is_hand_worked(built):
    definitions = built["marts"]["kpi_definitions"]
    per_10k = set(definitions.loc[definitions["kpi"].str.endswith("_PER_10K_INHABITANTS"), "kpi"])
    assert per_10k == {f"{c[0]}_PER_10K_INHABITANTS" for c in PER_10K_CELLS}


def test_every_defined_kpi_has_data(built):
    """Every code of kpi_definitions appears in the export of the fixture build: a new code without data fails."""
    definitions = built["marts"]["kpi_definitions"]
    missing = sorted(set(definitions["kpi"]) - set(built["units"]))
    assert missing == []
    # the registry (`keet kpis --definitions`) names the record types of every code
    assert definitions["source_records"].notna().all() and (definitions["source_records"] != "").all()


def test_definitions_cover_every_kpi(built):
    definitions = built["marts"]["kpi_definitions"]
    assert set(built["units"]) <= set(definitions["kpi"])
    assert definitions["kpi"].is_unique
    assert "ADV_INTAKES_PER_10K_INHABITANTS" in set(definitions["kpi"])
    municipalities = built["marts"]["dim_municipalities"].set_index("municipality")
    assert municipalities.loc["41048", "population_year"] == 2023
    assert not municipalities.loc["outside_region", "in_region"]


def test_data_quality_marts(built):
    deliveries = built["marts"]["fct_deliveries"]
    first = deliveries[deliveries["delivery_id"] == 1].iloc[0]
    assert (first["record_type"], first["rows_read"], first["rows_loaded"], first["rows_quarantined"]) == (
        "intakes",
        9,
        8,
        1,
    )
    assert deliveries[deliveries["delivery_id"] == 3].iloc[0]["status"] == "duplicate"
    quarantine = built["marts"]["fct_quarantine"]
    assert quarantine.iloc[0]["value"] == "Aalts"
    unresolved = built["marts"]["fct_unresolved_references"]
    flagged = {(r.record_type, r.column_name, r.referenced_id, r.reason) for r in unresolved.itertuples()}
    assert ("applications", "lead_org_id", "O9", "unknown_organisation") in flagged
    assert ("attendance", "event_id", "E9", "unknown_event") in flagged
    assert ("attendance", "person_id", "PER5", "unknown_person") in flagged
    e9 = attendance_id({"event_id": "E9", "person_id": "PER1", "role": "participant"})
    assert e9 in set(unresolved["record_id"])
    out_of_period = built["marts"]["fct_out_of_period_records"]
    flags = {(r.record_type, r.record_id, r.flag) for r in out_of_period.itertuples()}
    assert flags == {("events", "E4", "before_project"), ("intakes", "I9", "after_cutoff")}


def test_kpi_progress(built):
    progress = built["marts"]["kpi_progress"].set_index("kpi")
    # ADV_INTAKES target 120 (placeholder v0): 7 / 120; expected: 426 of 610 project days elapsed at 30/06/2022
    assert progress.loc["ADV_INTAKES", "value"] == 7
    assert progress.loc["ADV_INTAKES", "pct_reached"] == pytest.approx(700 / 120)
    assert progress.loc["ADV_INTAKES", "expected_pct"] == pytest.approx(100 * 426 / 610)
    assert not progress.loc["ADV_INTAKES", "target_confirmed"]


def test_build_on_an_empty_raw_layer(tmp_path):
    """Every raw table empty (a fresh installation): the build still passes, with empty KPI marts."""
    warehouse = create_warehouse(tmp_path / "empty.duckdb")
    build = run_dbt(warehouse, tmp_path, "build")
    assert build.returncode == 0, build.stdout[-5000:]
    assert "ERROR=0" in build.stdout and "WARN=0" in build.stdout
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select count(*) from marts.kpi_values").fetchone()[0] == 0
        assert con.execute("select count(*) from marts.kpi_definitions").fetchone()[0] > 50
        assert con.execute("select count(*) from marts.dim_municipalities").fetchone()[0] == 10
    finally:
        con.close()
