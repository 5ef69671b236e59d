"""`keet ingest` copies deliveries into the inbox and never overwrites one that is still waiting there."""

from __future__ import annotations

from pipelines import cli
from pipelines.contract.reader import record_type_from_name


def test_a_second_file_of_the_same_name_does_not_replace_the_first(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KEET_HOME", str(tmp_path / "home"))
    monday, tuesday = tmp_path / "monday" / "events.csv", tmp_path / "tuesday" / "events.csv"
    for path, row in ((monday, "E1,workshop,Repair,2022-03-10,Aalst,textile"),
                      (tuesday, "E2,workshop,Upcycling,2022-03-24,Ninove,furniture")):
        path.parent.mkdir()
        path.write_text(f"event_id,event_type,title,date,municipality,chains\n{row}\n", encoding="utf-8")
    for path in (monday, tuesday, tuesday):
        assert cli.main(["ingest", str(path), "--source", "partner"]) == 0
    inbox = tmp_path / "home" / "inbox" / "partner"
    assert sorted(p.name for p in inbox.iterdir()) == ["events (2).csv", "events (3).csv", "events.csv"]
    assert "E1,workshop" in (inbox / "events.csv").read_text(encoding="utf-8")
    assert "E2,workshop" in (inbox / "events (2).csv").read_text(encoding="utf-8")
    out = capsys.readouterr().out
    assert "events.csv: er wacht al een bestand met die naam in de inbox; dit wordt events (2).csv" in out
    assert "this one becomes events (3).csv" in out
    # the renamed file is still read as events
    assert record_type_from_name("events (2).csv").name == "events"
