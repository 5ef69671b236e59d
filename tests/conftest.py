"""Shared fixtures. Full pipeline runs are expensive (~40 s): one session-scoped run serves many tests."""

from __future__ import annotations

import os

import pytest

from tests.fixtures.small_delivery import write_delivery
from tests.helpers import keet


def make_env(home) -> dict[str, str]:
    """Environment for `keet` subprocesses: an isolated KEET_HOME, a fixed cut-off and pseudonym key."""
    env = dict(os.environ)
    env.update(
        KEET_HOME=str(home),
        KEET_CUTOFF_DATE="2022-12-31",
        KEET_PSEUDONYM_KEY="00" * 32,
        DO_NOT_TRACK="1",
        GX_ANALYTICS_ENABLED="false",
    )
    env.pop("KEET_WAREHOUSE", None)
    env.pop("DAGSTER_HOME", None)
    return env


@pytest.fixture(scope="session")
def small_pipeline(tmp_path_factory) -> dict[str, str]:
    """The small hand-made delivery ingested and run once through the real pipeline. Do not modify its home."""
    home = tmp_path_factory.mktemp("small_home")
    delivery = write_delivery(tmp_path_factory.mktemp("small_delivery"))
    env = make_env(home)
    ingest = keet(env, "ingest", str(delivery), "--source", "testpartner")
    assert ingest.returncode == 0, ingest.stderr
    run = keet(env, "run")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return {**env, "DELIVERY": str(delivery)}
