"""Benchmark of the dashboard (not a test): first load of each page and one filter change, p50/p95 over N runs.

    .venv/bin/python bench/dashboard_bench.py --home /tmp/demo --runs 20            # both modes
    .venv/bin/python bench/dashboard_bench.py --home /tmp/demo --mode apptest       # script time only

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


def report(title: str, pages: list[str], results: dict[tuple[str, str, str], list[float]], runs: int) -> None:
    print(f"\n{title} ({runs} runs each, milliseconds)")
    header = f"{'page':<14}{'cache':<7}{'load p50':>10}{'load p95':>10}{'filter p50':>12}{'filter p95':>12}"
    print(header)
    print("-" * len(header))
    worst = 0.0
    for page in pages:
        for temperature in ("cold", "warm"):
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
    parser.add_argument("--mode", choices=("apptest", "server", "both"), default="both")
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
