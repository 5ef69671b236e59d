"""The Dagster instance `keet` configures (pipelines/dagster_storage.py): Dagster's SQLite storage whose event log
keeps one connection per database open. Its files must stay Dagster's own (a stock instance reads every event),
it must keep a bounded number of databases open, and it must close them when the instance ends."""

from __future__ import annotations

import os
import shutil
from unittest import mock

import dagster as dg
import pytest
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from pipelines import cli, dagster_storage

STEPS = 3  # ops of the tiny job below


@dg.op
def first() -> int:
    return 1


@dg.op
def second(value: int) -> int:
    return value + 1


@dg.op
def third(value: int) -> int:
    return value * 10


@dg.job
def tiny_job():
    third(second(first()))


@pytest.fixture
def keet_home(tmp_path):
    """A KEET_HOME whose Dagster home `keet run` prepared (dagster.yaml written by cli._prepare_dagster_home)."""
    env = {"KEET_HOME": str(tmp_path / "home")}
    with mock.patch.dict(os.environ, env):
        os.environ.pop("DAGSTER_HOME", None)
        cli._prepare_dagster_home()
        yield tmp_path / "home" / "dagster"


def run_tiny_job(instance: dg.DagsterInstance) -> str:
    result = tiny_job.execute_in_process(instance=instance)
    assert result.success
    assert result.output_for_node("third") == 20  # (1 + 1) * 10
    return result.run_id


def test_keet_run_configures_the_storage(keet_home):
    with dg.DagsterInstance.get() as instance:
        assert isinstance(instance.get_ref().storage, dagster_storage.KeetSqliteStorage)
        assert type(instance._event_storage) is dagster_storage.KeetSqliteEventLogStorage
        assert instance.get_ref().storage.base_dir == str(keet_home)


def test_an_older_dagster_yaml_is_replaced(keet_home):
    (keet_home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    cli._prepare_dagster_home()
    assert (keet_home / "dagster.yaml").read_text(encoding="utf-8") == cli.DAGSTER_YAML


def test_a_stock_event_log_reads_every_event_in_the_same_files(keet_home):
    with dg.DagsterInstance.get() as instance:
        run_id = run_tiny_job(instance)
        ours = [(e.dagster_event_type, e.step_key) for e in instance.all_logs(run_id) if e.is_dagster_event]
        storage = instance._event_storage
        # the kept connection commits with synchronous=NORMAL (1), not SQLite's FULL (2)
        with storage.run_connection(run_id) as conn:
            assert conn.exec_driver_sql("pragma synchronous").scalar() == 1
            assert conn.exec_driver_sql("pragma journal_mode").scalar() == "wal"
    # every step started and succeeded, in the job's order
    assert [s for t, s in ours if t == dg.DagsterEventType.STEP_SUCCESS] == ["first", "second", "third"]
    assert ours[0][0] == dg.DagsterEventType.RUN_ENQUEUED or ours[0][0] == dg.DagsterEventType.RUN_START
    stock = SqliteEventLogStorage(str(keet_home / "history" / "runs"))
    try:
        theirs = [(e.dagster_event_type, e.step_key) for e in stock.get_logs_for_run(run_id) if e.is_dagster_event]
    finally:
        stock.dispose()
    assert theirs == ours
    # and a copy of the home (the benchmark and the incremental test copy homes) reads its own files
    copy = keet_home.parent.parent / "copy" / "dagster"
    shutil.copytree(keet_home, copy)
    with mock.patch.dict(os.environ, {"DAGSTER_HOME": str(copy)}), dg.DagsterInstance.get() as instance:
        assert instance.get_ref().storage.base_dir == str(copy)
        assert [(e.dagster_event_type, e.step_key) for e in instance.all_logs(run_id) if e.is_dagster_event] == ours


def test_open_databases_are_bounded_and_closed_with_the_instance(keet_home):
    runs_dir = keet_home / "history" / "runs"
    with dg.DagsterInstance.get() as instance:
        storage = instance._event_storage
        run_ids = [run_tiny_job(instance) for _ in range(dagster_storage.OPEN_DATABASES + 2)]
        assert len(storage._engines) == dagster_storage.OPEN_DATABASES
        # the index and the newest runs are the ones kept
        assert "index" in storage._engines
        assert run_ids[-1] in storage._engines and run_ids[0] not in storage._engines
        # a closed database opens again when read
        successes = [
            sum(e.dagster_event_type == dg.DagsterEventType.STEP_SUCCESS for e in instance.all_logs(r))
            for r in run_ids
        ]
        assert successes == [STEPS] * len(run_ids)
        assert instance.get_runs_count() == len(run_ids)
    assert storage._engines == {}
    # every connection closed: SQLite folded each write-ahead log back into its database
    assert sorted(p.name for p in runs_dir.iterdir() if p.suffix in (".db-wal", ".db-shm")) == []


def test_wipe_closes_the_databases_it_removes(keet_home):
    with dg.DagsterInstance.get() as instance:
        run_id = run_tiny_job(instance)
        storage = instance._event_storage
        assert run_id in storage._engines
        instance.wipe()
        assert list(storage._engines) == ["index"]  # emptied again by the wipe itself; the run's closed
        assert not (keet_home / "history" / "runs" / f"{run_id}.db").exists()
        # the instance goes on working after the wipe
        again = run_tiny_job(instance)
        assert sum(e.dagster_event_type == dg.DagsterEventType.STEP_SUCCESS for e in instance.all_logs(again)) == STEPS
