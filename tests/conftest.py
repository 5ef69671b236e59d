"""Shared fixtures: an isolated KEET_HOME per test module that runs the real pipeline."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="module")
def keet_env(tmp_path_factory) -> dict[str, str]:
    """Environment for `keet` subprocesses: a fresh KEET_HOME, a fixed cut-off and pseudonym key."""
    home = tmp_path_factory.mktemp("keet_home")
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
