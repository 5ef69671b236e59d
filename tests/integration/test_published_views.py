"""What a partner can read, through the dashboard's own queries, on the snapshot of the small hand-made delivery.

A differencing attack: the partner combines two overlapping filters (the region's total and the same KPI per
municipality; the total and per chain; a quarter and its months) and subtracts what is shown. For every hidden
cell the attacker knows its bounds (`<5`: 1 to 4 people; `x`: at least 1, since a zero is never hidden), so the
values the shown cells leave for the hidden ones must still allow more than one value for each hidden cell.

Hand-worked anchors (tests/integration/test_pipeline_small.py): 8 event attendances in the region over the whole
project, 2 of them in Ninove (41048), which a partner therefore sees as `<5` and the project lead as 2.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
import streamlit as st

from dashboard import queries, tables

# People counts the small delivery shows a partner some totals of (REACH_PEOPLE's totals are all hidden there).
# Distinct counts do not add up, so the attacker's subtraction is only an upper bound for them; the check below
# treats them as if they added up, which is the stricter test.
ADDITIVE_KPIS = ("EVENT_ATTENDANCES", "EVENT_UNIQUE_ATTENDEES")
QUARTERS = ("2022-Q1", "2022-Q2")


@pytest.fixture
def version(small_pipeline, monkeypatch) -> str:
    monkeypatch.setenv("KEET_HOME", small_pipeline["KEET_HOME"])
    st.cache_data.clear()
    st.cache_resource.clear()
    found = queries.snapshot_version()
    assert found is not None
    yield found
    st.cache_data.clear()
    st.cache_resource.clear()


def _bounds(status: str) -> tuple[float, float]:
    return (1.0, 4.0) if status == "primary" else (1.0, math.inf)


def recoverable(total: float, parts: pd.DataFrame) -> list[str]:
    """Hidden parts whose value follows from a shown total and the shown parts (an additive group)."""
    shown = parts[parts["suppression"] == ""]["value"].fillna(0).sum()
    hidden = parts[parts["suppression"] != ""]
    rest = total - shown
    found = []
    for key, status in zip(hidden["key"], hidden["suppression"], strict=True):
        others = hidden[hidden["key"] != key]
        low = max(_bounds(status)[0], rest - sum(_bounds(s)[1] for s in others["suppression"]))
        high = min(_bounds(status)[1], rest - sum(_bounds(s)[0] for s in others["suppression"]))
        if low == high:
            found.append(f"{key} = {low:g}")
    return found


def test_the_partner_reads_the_published_cell_and_the_lead_the_exact_one(version):
    exact = queries.kpi_cell(version, "project", "project", "41048", "all")
    published = queries.kpi_cell(version, "project", "project", "41048", "all", published=True)
    assert tables.cell_value(exact.assign(breakdown=""), "EVENT_ATTENDANCES") == 2
    partner = published.assign(breakdown="")
    assert math.isnan(tables.cell_value(partner, "EVENT_ATTENDANCES"))  # the number itself never leaves the table
    assert tables.cell_status(partner, "EVENT_ATTENDANCES") == "primary"
    assert tables.shown(None, "count", "primary", "nl") == "<5"


@pytest.mark.parametrize("kpi", ADDITIVE_KPIS)
def test_region_total_minus_the_municipalities_reveals_no_hidden_cell(version, kpi):
    checked = 0
    periods = (("project", "project"), ("year", "2022"), ("semester", "2022-S1"), *(("quarter", q) for q in QUARTERS))
    for period_type, period in periods:
        for chain in ("all", "textile", "ict"):
            total = queries.kpi_cell(version, period_type, period, "all", chain, published=True)
            row = total[total["kpi"] == kpi]
            if row.empty or row.iloc[0]["suppression"]:
                continue  # no total shown: nothing to subtract from
            long = queries.kpis_by_municipality(version, (kpi,), period_type, period, chain, published=True)
            parts = long.dropna(subset=["kpi"]).rename(columns={"municipality": "key"})
            assert not recoverable(float(row.iloc[0]["value"]), parts), (period, chain)
            checked += 1
    assert checked >= 2  # the attack was actually tried (the small delivery shows few totals to partners)


@pytest.mark.parametrize("kpi", ADDITIVE_KPIS)
def test_a_total_minus_the_chains_reveals_no_hidden_cell(version, kpi):
    checked = 0
    for municipality in ("all", "41002", "41048"):
        total = queries.kpi_cell(version, "project", "project", municipality, "all", published=True)
        row = total[total["kpi"] == kpi]
        if row.empty or row.iloc[0]["suppression"]:
            continue
        long = queries.kpis_by_chain(version, (kpi,), "project", "project", municipality, published=True)
        parts = long.rename(columns={"chain": "key"})
        assert not recoverable(float(row.iloc[0]["value"]), parts), municipality
        checked += 1
    assert checked >= 1


def test_a_year_minus_its_months_or_its_quarters_reveals_no_hidden_cell(version):
    # attendances add up over months (distinct counts do not, so they form no such group); in the small
    # delivery the year 2022 shows 8 while March (4) and May are hidden
    kpi, checked = "EVENT_ATTENDANCES", 0
    for municipality in ("all", "41002", "41048"):
        total = queries.kpi_cell(version, "year", "2022", municipality, "all", published=True)
        row = total[total["kpi"] == kpi]
        if row.empty or row.iloc[0]["suppression"]:
            continue
        monthly = queries.kpi_monthly(version, kpi, "2022-01", "2022-12", municipality, "all", published=True)
        assert not recoverable(float(row.iloc[0]["value"]), monthly.rename(columns={"period": "key"})), municipality
        quarters = pd.concat(
            [
                queries.kpi_cell(version, "quarter", q, municipality, "all", published=True).assign(key=q)
                for q in ("2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4")
            ]
        )
        quarters = quarters[quarters["kpi"] == kpi]
        assert not recoverable(float(row.iloc[0]["value"]), quarters), municipality
        checked += 1
    assert checked >= 1


def test_recoverable_finds_a_lone_hidden_cell():
    """The check itself can fail: one hidden cell next to a shown total is found, two are not."""
    lone = pd.DataFrame({"key": ["a", "b"], "value": [None, 6.0], "suppression": ["primary", ""]})
    assert recoverable(9.0, lone) == ["a = 3"]
    pair = pd.DataFrame({"key": ["a", "b", "c"], "value": [None, None, 6.0], "suppression": ["primary", "x", ""]})
    assert recoverable(12.0, pair) == []
    ones = pd.DataFrame({"key": ["a", "b", "c"], "value": [None, None, 6.0], "suppression": ["primary", "primary", ""]})
    assert recoverable(8.0, ones) == ["a = 1", "b = 1"]  # two hidden cells that can only be 1 each
