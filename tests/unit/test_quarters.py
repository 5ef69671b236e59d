"""The report asset's choice of the latest closed quarter."""

import datetime as dt

import pytest

from pipelines.assets.serving import latest_closed_quarter


@pytest.mark.parametrize(
    ("cutoff", "quarter"),
    [(dt.date(2022, 12, 31), "2022-Q4"), (dt.date(2022, 12, 30), "2022-Q3"), (dt.date(2022, 4, 1), "2022-Q1"),
     (dt.date(2022, 1, 15), "2021-Q4"), (dt.date(2026, 11, 27), "2022-Q4"), (dt.date(2022, 6, 30), "2022-Q2")],
)
def test_latest_closed_quarter(cutoff, quarter):
    assert latest_closed_quarter(cutoff) == quarter
