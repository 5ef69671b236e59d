"""The dashboard in a real headless Chromium, on the snapshot of the small hand-made delivery.

Expected figures (worked out in tests/integration/test_pipeline_small.py): 7 intakes in the whole project; 3 in
Aalst (I1, I3, I6); 2 in Ninove (I4 via postal code 9400, I5); 8 event attendances in total.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import choose, screenshot, wait_ready

pytestmark = pytest.mark.e2e


def metric_value(page, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(rf"^{re.escape(label)}$"))
    )
    return card.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_overview_shows_hand_worked_figures(page, dashboard_url):
    page.goto(dashboard_url + "/")
    wait_ready(page)
    assert metric_value(page, "Intakes") == "7"
    assert metric_value(page, "Aanwezigheden op events") == "8"
    assert metric_value(page, "Aanvaarde intakes (%)") == "66,7 %"  # Belgian decimal comma
    screenshot(page, "overview_nl")


def test_filter_change_updates_cards_and_url(page, dashboard_url):
    page.goto(dashboard_url + "/")
    wait_ready(page)
    choose(page, "Gemeente", "Aalst")
    wait_ready(page)
    page.wait_for_function("() => window.location.search.includes('mun=41002')")
    assert metric_value(page, "Intakes") == "3"
    screenshot(page, "overview_aalst")


def test_english_switch(page, dashboard_url):
    page.goto(dashboard_url + "/")
    wait_ready(page)
    page.get_by_text("English", exact=True).click()
    wait_ready(page)
    page.get_by_role("heading", name="Overview").wait_for()
    assert metric_value(page, "Event attendances") == "8"
    # the sidebar's boxes show their chosen value in the new language too (Streamlit keeps a keyed box's
    # formatted value in the browser unless the app sets it again: state.bind does on a language switch)
    for label, shown in (("Period type", "Whole project"), ("Municipality", "All municipalities"),
                         ("Value chain", "All chains")):
        expect(page.get_by_role("combobox", name=label, exact=True)).to_have_value(shown)
    screenshot(page, "overview_en")


def test_shared_url_reopens_the_same_view(page, dashboard_url):
    page.goto(dashboard_url + "/?lang=en&mun=41048")
    wait_ready(page)
    page.get_by_role("heading", name="Overview").wait_for()
    assert metric_value(page, "Intakes") == "2"
    assert "mun=41048" in page.url


def test_data_quality_page_lists_the_quarantined_row(page, dashboard_url):
    page.goto(dashboard_url + "/data-quality")
    wait_ready(page)
    # st.dataframe draws on a canvas; its cells exist as (hidden) grid cells for accessibility
    page.locator('[role="gridcell"]', has_text="gemeente 'Aalts' onbekend - bedoelde u Aalst?").first.wait_for(
        state="attached")
    screenshot(page, "data_quality_nl")
