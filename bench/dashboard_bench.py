"""Benchmark of the dashboard (not a test): first load of each page and one filter change, p50/p95 over N runs.

    .venv/bin/python bench/dashboard_bench.py --home /tmp/demo --runs 20            # both modes
    .venv/bin/python bench/dashboard_bench.py --home /tmp/demo --mode apptest       # script time only
    .venv/bin/python bench/dashboard_bench.py --home /tmp/demo --mode sql --json    # queries only (make bench)

Two ways of measuring, for the serving snapshot of `--home` (KEET_HOME):

- `apptest`: Streamlit's AppTest runs the real app in this process and times the script run, i.e. the server-side
  work of an interaction (queries, shaping, building the figures). `cold` clears Streamlit's caches first (the
  first visitor after a new snapshot); `warm` runs with the caches filled (everyone after that). A page's
  `load` is opening it from the overview in a session; the overview's `load` is a fresh session.
- `server`: the real dashboard (`streamlit run`) driven by headless Chromium; a `load` is opening the page URL
  (a full page load, so a new Streamlit session, in a browser that has visited the dashboard before: its HTTP
  cache holds Streamlit's and plotly's JavaScript) until the page is drawn (no skeletons left); a `filter` is
  choosing another municipality in the sidebar until the page is drawn again: what a user waits for. For the
  `cold` rows the serving file's modification time is bumped before each load, which makes the dashboard open
  it afresh with empty caches (the file's content is not touched).

- `sql`: only the dashboard's queries (dashboard/queries.py, without Streamlit's result cache) that each page runs
  on its first load and on the filter change, for the exact view (lead) and the published view (partners,
  `marts.kpi_values_published`), timed one after the other as a page runs them: what the marts cost a page,
  independent of Streamlit and the browser. `--json` prints one line {page: {p50_ms, p95_ms, ...}} for `make bench`.

The filter change is always: municipality `all` -> Aalst (41002), on the page just loaded.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
FILTER_MUNICIPALITY = "41002"  # Aalst
FILTER_LABEL = "Aalst"

# page file stem -> URL path (the overview is the default page at '/')
PAGES = {
    "overview": "",
    "map": "map",
    "advisory": "advisory-desk",
    "events": "events",
    "accelerator": "accelerator",
    "value_chains": "value-chains",
    "circular": "circular-impact",
    "social": "social-impact",
    "report": "report",
    "data_quality": "data-quality",
    "upload": "upload",
}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


# ------------------------------------------------------------------------------------------- AppTest


def bench_apptest(pages: list[str], runs: int) -> dict[tuple[str, str, str], list[float]]:
    os.environ["STREAMLIT_LOGGER_LEVEL"] = "error"  # AppTest's 'no runtime' warnings, thousands of them
    import streamlit as st
    import streamlit.logger
    from streamlit.testing.v1 import AppTest

    streamlit.logger.set_log_level("ERROR")
    # Every new AppTest scans the metadata of all installed packages for custom components (~0.4 s, an AppTest
    # cost the real server pays once at start-up); the dashboard has none, so the scan is skipped here.
    from streamlit.testing.v1 import app_test

    app_test.BidiComponentManager.discover_and_register_components = lambda self, **kwargs: None

    def clear() -> None:
        st.cache_data.clear()
        st.cache_resource.clear()

    def check(at: AppTest) -> AppTest:
        if at.exception:
            raise RuntimeError([e.value for e in at.exception])
        return at

    results: dict[tuple[str, str, str], list[float]] = {}
    for page in pages:
        for temperature in ("cold", "warm"):
            loads, filters = [], []
            for _ in range(runs):
                at = AppTest.from_file(str(APP), default_timeout=120)
                if page == "overview":
                    if temperature == "cold":
                        clear()
                    loads.append(timed(lambda at=at: check(at.run())))
                else:
                    check(at.run())
                    at.switch_page(f"app_pages/{page}.py")
                    if temperature == "cold":
                        clear()
                    loads.append(timed(lambda at=at: check(at.run())))
                at.selectbox(key="mun").set_value(FILTER_MUNICIPALITY)
                if temperature == "cold":
                    st.cache_data.clear()  # the new filter cell has not been asked for before
                filters.append(timed(lambda at=at: check(at.run())))
            results[(page, temperature, "load")] = loads
            results[(page, temperature, "filter")] = filters
    return results


# ------------------------------------------------------------------------------------------- SQL only

# The KPI each KPI page charts month by month and by municipality (sections.py), and its page-specific queries.
KPI_PAGES = {
    "overview": "EVENT_ATTENDANCES",
    "map": "EVENT_UNIQUE_ATTENDEES",
    "advisory": "ADV_INTAKES",
    "events": "EVENT_ATTENDANCES",
    "accelerator": "ACC_PROGRAMME_HOURS",
    "value_chains": "VC_COLLABORATIONS",
    "circular": "CIRC_MATERIAL_KG",
    "social": "SOC_JOBS",
}


def page_workloads(q, municipality: str, published: bool) -> dict[str, list[Callable[[], object]]]:
    """Per page, the query calls it makes for one filter cell (period 'project', chain 'all')."""

    def call(name: str, *args):
        fn = getattr(q, name, None)
        if fn is None:  # a query function renamed or removed in the dashboard: leave it out
            return lambda: None
        fn = getattr(fn, "__wrapped__", fn)  # bypass st.cache_data: time the database, not the cache
        import inspect

        kwargs = {"published": published} if "published" in inspect.signature(fn).parameters else {}
        return lambda: fn(*args, **kwargs)

    v, pt, p, c = "bench", "project", "project", "all"
    common = [call("kpi_definitions", v), call("kpis_with_data", v), call("municipalities", v)]
    work: dict[str, list[Callable[[], object]]] = {}
    for page, kpi in KPI_PAGES.items():
        work[page] = [
            *common,
            call("kpi_cell", v, pt, p, municipality, c),
            call("kpi_cell_rows", v, pt, p, municipality, c),
            call("kpi_data_months", v, kpi, municipality, c),
            call("kpi_monthly", v, kpi, "2021-05", "2022-12", municipality, c),
            call("kpi_by_municipality", v, kpi, pt, p, c),
        ]
    work["overview"] += [call("kpi_progress", v), call("previous_cell", v, pt, p, municipality, c)]
    work["advisory"] += [call("kpi_progress", v), call("invitation_funnel", v, "2021-05-01", "2022-12-31",
                                                          "2022-12-31", municipality, c),
                         call("waiting_invitations", v, municipality, c)]
    work["events"] += [call("kpis_by_municipality", v, ("EVENTS", "EVENT_ATTENDANCES", "EVENT_UNIQUE_ATTENDEES"),
                            pt, p, c)]
    work["value_chains"] += [call("kpis_by_chain", v, ("VC_COLLABORATIONS", "VC_SOCIAL_REGULAR_COLLABS"), pt, p,
                                  municipality)]
    work["social"] += [call("kpis_by_chain", v, ("SOC_JOBS", "SOC_JOBS_TARGET_GROUP"), pt, p, municipality)]
    work["circular"] += [call("co2e_factors", v)]
    work["data_quality"] = [*common, call("deliveries", v), call("quarantine", v), call("freshness", v),
                            call("unresolved_references", v), call("out_of_period", v),
                            call("source_scorecard", v)]
    return work


def bench_sql(pages: list[str], runs: int) -> dict[tuple[str, str, str], list[float]]:
    """p50/p95 of each page's queries: `load` = municipality 'all', `filter` = Aalst; exact and published views."""
    os.environ["STREAMLIT_LOGGER_LEVEL"] = "error"
    import streamlit.logger

    streamlit.logger.set_log_level("ERROR")
    from dashboard import queries

    results: dict[tuple[str, str, str], list[float]] = {}
    for audience, published in (("lead", False), ("partner", True)):
        loads = page_workloads(queries, "all", published)
        filters = page_workloads(queries, FILTER_MUNICIPALITY, published)
        for page in pages:
            if page not in loads:
                continue
            for _ in range(2):  # warm-up: the connection and DuckDB's file cache
                for action in loads[page]:
                    action()
            for kind, work in (("load", loads[page]), ("filter", filters[page])):
                results[(page, audience, kind)] = [timed(lambda w=work: [a() for a in w]) for _ in range(runs)]
    return results


def sql_summary(results: dict[tuple[str, str, str], list[float]]) -> dict[str, dict[str, float]]:
    """{page: p50/p95 over every load and filter change of both audiences, and the worst row's p95}."""
    pages: dict[str, list[float]] = {}
    worst: dict[str, float] = {}
    for (page, _audience, _kind), values in results.items():
        pages.setdefault(page, []).extend(values)
        worst[page] = max(worst.get(page, 0.0), percentile(values, 95))
    return {page: {"p50_ms": percentile(v, 50), "p95_ms": percentile(v, 95), "worst_row_p95_ms": worst[page],
                   "samples": len(v)} for page, v in pages.items()}


# ------------------------------------------------------------------------------------------- real server

SETTLED_JS = """() => {
    const widget = document.querySelector('[data-testid="stStatusWidget"]');
    const busy = widget && /Running|Stop|Bezig/.test(widget.innerText);
    return document.querySelector('[data-testid="stAppViewContainer"]') !== null
        && !busy
        && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0
        && document.querySelector('[data-testid="stMainBlockContainer"] h1') !== null;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "KEET_HOME": str(home), "DO_NOT_TRACK": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(APP),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("the dashboard did not start within 60 s")


def bench_server(home: Path, pages: list[str], runs: int) -> dict[tuple[str, str, str], list[float]]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
    serving = home / "serving.duckdb"
    process, base = start_server(home)
    results: dict[tuple[str, str, str], list[float]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=args)

            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-BE")
            page = context.new_page()
            page.set_default_timeout(120_000)

            def load_and_filter(path: str) -> tuple[float, float]:
                page.goto("about:blank")
                start = time.perf_counter()
                page.goto(f"{base}/{path}")
                page.wait_for_function(SETTLED_JS, polling=20)
                load = (time.perf_counter() - start) * 1000
                page.wait_for_timeout(300)
                box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Gemeente")
                box.click()
                option = page.get_by_role("option", name=FILTER_LABEL, exact=True)
                option.wait_for()
                start = time.perf_counter()
                option.click()
                page.wait_for_function(
                    f"() => window.location.search.includes('mun={FILTER_MUNICIPALITY}')", polling=20
                )
                page.wait_for_function(SETTLED_JS, polling=20)
                change = (time.perf_counter() - start) * 1000
                return load, change

            for warm_up in ("", "circular-impact"):  # server start-up, browser cache, plotly.js (not counted)
                load_and_filter(warm_up)
            for name in pages:
                path = PAGES[name]
                for temperature in ("cold", "warm"):
                    loads, filters = [], []
                    for _ in range(runs):
                        if temperature == "cold":  # a new file version: a fresh connection and empty caches
                            stat = serving.stat()
                            os.utime(serving, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
                        load, change = load_and_filter(path)
                        loads.append(load)
                        filters.append(change)
                    results[(name, temperature, "load")] = loads
                    results[(name, temperature, "filter")] = filters
            context.close()
            browser.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    return results


# ------------------------------------------------------------------------------------------- report


def report(title: str, pages: list[str], results: dict[tuple[str, str, str], list[float]], runs: int,
           variants: tuple[str, ...] = ("cold", "warm")) -> None:
    print(f"\n{title} ({runs} runs each, milliseconds)")
    header = f"{'page':<14}{'cache':<7}{'load p50':>10}{'load p95':>10}{'filter p50':>12}{'filter p95':>12}"
    print(header)
    print("-" * len(header))
    worst = 0.0
    for page in pages:
        for temperature in variants:
            if (page, temperature, "load") not in results:
                continue
            load = results[(page, temperature, "load")]
            change = results[(page, temperature, "filter")]
            worst = max(worst, percentile(load, 95), percentile(change, 95))
            print(
                f"{page:<14}{temperature:<7}{percentile(load, 50):>10.0f}{percentile(load, 95):>10.0f}"
                f"{percentile(change, 50):>12.0f}{percentile(change, 95):>12.0f}"
            )
    every = [v for values in results.values() for v in values]
    print(
        f"all interactions: p50 {statistics.median(every):.0f} ms, p95 {percentile(every, 95):.0f} ms, "
        f"worst p95 of a row {worst:.0f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--home",
        type=Path,
        default=Path(os.environ.get("KEET_HOME", ROOT / "data")),
        help="KEET_HOME with a serving.duckdb (default: $KEET_HOME or ./data)",
    )
    parser.add_argument("--runs", type=int, default=10, help="runs per page and cache state (default 10)")
    parser.add_argument("--mode", choices=("apptest", "server", "both", "sql"), default="both")
    parser.add_argument("--json", action="store_true", help="with --mode sql: one JSON line per page, for make bench")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated page names")
    args = parser.parse_args(argv)

    home = args.home.resolve()
    if not (home / "serving.duckdb").exists():
        print(f"no serving snapshot in {home}: run `keet run` first", file=sys.stderr)
        return 2
    pages = [p for p in args.pages.split(",") if p]
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        print(f"unknown page(s): {', '.join(unknown)}; choose from {', '.join(PAGES)}", file=sys.stderr)
        return 2
    os.environ["KEET_HOME"] = str(home)
    os.environ.setdefault("DO_NOT_TRACK", "1")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if args.mode == "sql":
        results = bench_sql(pages, args.runs)
        if args.json:
            import json

            print(json.dumps(sql_summary(results)))
        else:
            report("Dashboard queries per page (no result cache; lead = exact view, partner = published view)",
                   pages, results, args.runs, variants=("lead", "partner"))
        return 0
    print(
        f"KEET_HOME={home}  serving.duckdb {(home / 'serving.duckdb').stat().st_size / 1e6:.1f} MB  "
        f"CPUs {os.cpu_count()}"
    )
    if args.mode in ("apptest", "both"):
        report("AppTest: script run on the server", pages, bench_apptest(pages, args.runs), args.runs)
    if args.mode in ("server", "both"):
        report(
            "Real server + headless Chromium: until the page is drawn",
            pages,
            bench_server(home, pages, args.runs),
            args.runs,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
