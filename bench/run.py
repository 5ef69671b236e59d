"""`make bench`: wall time and peak memory of the platform against scale, with a plain-DuckDB baseline.

For each scale (x1, x10, x100, x1000 of the demo set) in a fresh KEET_HOME under bench/work/:
  generate the demo data, full rebuild (ingest + keet run), incremental run after one 1,000-row delivery,
  KPI export, a funder report (when `keet report` exists), the dashboard's queries per page (bench/dashboard_bench.py
  when present), and the baseline (bench/baseline.sql run by plain DuckDB on the generated files).
Each step runs as a child process; its peak memory is what it and its descendants held at once (`measure`).
Results: bench/results.md (machine, date, commit) and bench/time_vs_scale.png.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
PY = sys.executable

MEASURE = r"""
import json, os, resource, subprocess, sys, threading, time

def tree_rss(root):
    # summed resident memory of `root` and its descendants now, from /proc (shared pages count once per process,
    # so this errs on the high side)
    parent, rss = {}, {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                with open(f"/proc/{name}/statm") as fh:
                    rss[int(name)] = int(fh.read().split()[1]) * PAGE
                parent[int(name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                pass
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += [child for child, ppid in parent.items() if ppid == pid]
    return total

PAGE = os.sysconf("SC_PAGE_SIZE")
t = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
peak = [0]
def sample():
    while proc.poll() is None:
        peak[0] = max(peak[0], tree_rss(proc.pid))
        time.sleep(0.05)
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
stderr = proc.stderr.read()
proc.wait()
wall = time.perf_counter() - t
sampler.join()
plan = [l for l in stderr.splitlines() if l.startswith("run: ")]
sys.stderr.write(stderr[-3000:])
print(json.dumps({"rc": proc.returncode, "wall_s": wall, "plan": plan[0] if plan else None,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "tree_peak_mb": peak[0] / 2**20}))
"""


def measure(cmd: list[str], env: dict) -> dict:
    """Wall time and peak memory of one command, in a fresh wrapper process: `tree_peak_mb`, the most the command
    and all its processes held at once (their resident memory summed, sampled every 50 ms: a run's Dagster process,
    its dbt process and its GX worker run side by side), and `peak_mb`, the largest single process's max RSS
    (exact, not sampled)."""
    out = subprocess.run([PY, "-c", MEASURE, *cmd], env=env, capture_output=True, text=True, check=False)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["rc"] != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed (rc {result['rc']}): {out.stderr[-2000:]}")
    return result


def where_time_goes(env: dict) -> dict:
    """The latest run's Dagster step timings and dbt's slowest nodes (bench/where_time_goes.py; not timed)."""
    out = subprocess.run([PY, str(ROOT / "bench" / "where_time_goes.py")], env=env, cwd=ROOT, capture_output=True,
                         text=True, check=False)
    if out.returncode != 0 or not out.stdout.strip():
        return {"error": out.stderr[-500:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def keet(*args: str) -> list[str]:
    return [PY, "-m", "pipelines.cli", *args]


def incremental_delivery(data: Path, out: Path, rows: int = 1000, seed: int = 7) -> Path:
    """1,000 new attendance rows for existing events and people (a typical weekly delivery)."""
    events, people = [], []
    with open(data / "Events 2022.csv", encoding="utf-8") as fh:
        events = [r["event_id"] for r in csv.DictReader(fh)]
    with open(data / "people.csv", encoding="utf-8-sig") as fh:
        people = [r["person_id"] for r in csv.DictReader(fh)]
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "attendance_incremental.csv"
    seen = set()
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["event_id", "person_id", "role"])
        while len(seen) < rows:
            key = (rnd.choice(events), rnd.choice(people), "jury")  # role jury: never in the generated data
            if key not in seen:
                seen.add(key)
                w.writerow(key)
    return path


def run_scale(scale: float, env_base: dict, skip_dashboard: bool, work: Path = WORK) -> dict:
    home = work / f"x{scale:g}"
    shutil.rmtree(home, ignore_errors=True)
    data = home / "exports"
    env = {**env_base, "KEET_HOME": str(home / "keet")}
    res: dict = {"scale": scale, "commit": _commit()}
    gen = measure(keet("demo-data", "--scale", str(scale), "--out", str(data)), env)
    res["generate"] = gen
    res["input_mb"] = sum(p.stat().st_size for p in data.iterdir()) / 1e6
    res["baseline"] = measure([PY, str(ROOT / "bench" / "baseline.py"), str(data)], env)
    measure(keet("ingest", str(data), "--source", "bench"), env)
    res["full_rebuild"] = measure(keet("run", "--full"), env)
    res["full_rebuild"]["where"] = where_time_goes(env)
    inc = incremental_delivery(data, home / "incremental")
    measure(keet("ingest", str(inc), "--source", "bench"), env)
    res["incremental"] = measure(keet("run"), env)  # incremental: only attendance and what depends on it
    res["incremental"]["where"] = where_time_goes(env)
    res["kpi_export"] = measure(keet("kpis", "--out", str(home / "kpis.csv")), env)
    with open(home / "kpis.csv", encoding="utf-8") as fh:
        res["kpi_rows"] = sum(1 for _ in fh) - 1
    report_help = subprocess.run(keet("report", "--help"), env=env, capture_output=True, check=False)
    if report_help.returncode == 0:
        res["report"] = measure(keet("report", "--period", "project", "--format", "pdf", "--out",
                                     str(home / "report.pdf")), env)
    dash = ROOT / "bench" / "dashboard_bench.py"
    if dash.exists() and not skip_dashboard:
        out = subprocess.run([PY, str(dash), "--mode", "sql", "--json", "--runs", "20"], env=env,
                             capture_output=True, text=True, check=False)
        if out.returncode == 0 and out.stdout.strip():
            res["dashboard"] = json.loads(out.stdout.strip().splitlines()[-1])
    return res


def fmt(step: dict | None) -> str:
    if not step:
        return "-"
    return f"{step['wall_s']:.1f} s / {max(step.get('tree_peak_mb', 0), step['peak_mb']):.0f} MB"


RESULT_FILES = ("bench/results.md", "bench/results.json", "bench/time_vs_scale.png")  # written by this command


def _commit() -> str:
    """The commit being measured (short hash), '-dirty' when the working tree has other changes than this
    benchmark's own result files (which it rewrites after every scale)."""
    head = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                          check=False).stdout.strip()
    changes = subprocess.run(["git", "status", "--porcelain", "--", ".", *(f":!{f}" for f in RESULT_FILES)],
                             cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    return (head or "unknown") + ("-dirty" if changes else "")


def write_results(results: list[dict], path: Path) -> None:
    """The table of `results`; the hand-written notes of the existing file (from '## Notes' on) are kept."""
    notes = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if "\n## Notes" in old:
            notes = old[old.index("\n## Notes"):]
    commits = sorted({r.get("commit", "?") for r in results})
    lines = [
        "# Benchmark results",
        "",
        f"- date: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"- commit: {', '.join(commits)} (each scale's row names the commit it was measured at)",
        (f"- machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, Python {platform.python_version()}"),
        ("- each cell: wall time / peak memory: the most the step's processes held at once (their resident "
         "memory summed, sampled every 50 ms), or the largest one's max RSS if that is more"),
        "",
        ("| scale | commit | input | baseline (plain DuckDB) | full rebuild | ratio full/baseline "
        "| incremental (1,000 rows) | KPI export | KPI rows | report (PDF) |"),
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ratio = r["full_rebuild"]["wall_s"] / r["baseline"]["wall_s"]
        lines.append(
            f"| x{r['scale']:g} | {r.get('commit', '?')} | {r['input_mb']:.1f} MB | {fmt(r['baseline'])} | {fmt(r['full_rebuild'])} | "
            f"{ratio:.1f} | {fmt(r['incremental'])} | {fmt(r['kpi_export'])} | {r['kpi_rows']:,} | "
            f"{fmt(r.get('report'))} |"
        )
    dash_rows = [(r["scale"], r["dashboard"]) for r in results if r.get("dashboard")]
    if dash_rows:
        pages = list(dash_rows[0][1])
        lines += ["", "## Dashboard queries per page: p50 / p95 (ms)", "",
                  ("`bench/dashboard_bench.py --mode sql`: the queries a page runs on opening and on a filter change, "
                  "lead (exact) and partner (published) view, 20 runs each, no result cache."), "",
                  "| page | " + " | ".join(f"x{scale:g}" for scale, _ in dash_rows) + " |",
                  "|---|" + "---|" * len(dash_rows)]
        for page in pages:
            cells = [f"{d[page]['p50_ms']:.0f} / {d[page]['p95_ms']:.0f}" if page in d else "-" for _, d in dash_rows]
            lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lines += time_breakdown(results)
    path.write_text("\n".join(lines) + "\n" + notes, encoding="utf-8")


def time_breakdown(results: list[dict]) -> list[str]:
    """'Where the time goes' at the largest scale measured with step timings: Dagster steps of at least 1 s and
    dbt's slowest nodes, for the full rebuild and the incremental run."""
    timed = [r for r in results if r["full_rebuild"].get("where", {}).get("steps")]
    if not timed:
        return []
    r = timed[-1]
    lines = ["", f"## Where the time goes at x{r['scale']:g}", "",
             ("`bench/where_time_goes.py`: Dagster's step timings of the run (steps of 1 s or more) and dbt's "
              "slowest nodes (`run_results.json`). The wall time also holds the process start and imports."), ""]
    for key, label in (("full_rebuild", "full rebuild"), ("incremental", "incremental run")):
        where = r[key].get("where") or {}
        if not where.get("steps"):
            continue
        steps = sorted(((s, t) for s, t in where["steps"].items() if t >= 1), key=lambda st: -st[1])
        lines.append(f"- **{label}**: {r[key]['wall_s']:.1f} s wall, of which the Dagster run {where['run_s']:.1f} s")
        lines.append("  - steps: " + ", ".join(f"{s} {t:.1f} s" for s, t in steps))
        if where.get("dbt"):
            lines.append("  - dbt's slowest: " + ", ".join(f"{n} {t:.1f} s" for n, t in where["dbt"]))
    return lines


def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scales = [r["scale"] for r in results]
    fig, ax = plt.subplots(figsize=(8, 4))
    for key, label, style in (("baseline", "baseline (DuckDB SQL)", "k--"), ("full_rebuild", "full rebuild", "k-o"),
                              ("incremental", "incremental run", "k-s"), ("kpi_export", "KPI export", "k:")):
        ax.plot(scales, [r[key]["wall_s"] for r in results], style, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("scale (x demo set)")
    ax.set_ylabel("wall time (s)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=8)  # outside: the lines span the whole plot
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", type=float, default=[1, 10, 100, 1000])
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--skip-dashboard", action="store_true")
    parser.add_argument("--work", default=str(WORK), help="folder for the generated data and KEET_HOMEs")
    parser.add_argument("--keep", action="store_true",
                        help="keep the other scales of bench/results.json (measure only --scales, then merge)")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env.update(DO_NOT_TRACK="1", GX_ANALYTICS_ENABLED="false", KEET_CUTOFF_DATE="2022-12-31")
    env.setdefault("KEET_PSEUDONYM_KEY", "11" * 32)
    results: list[dict] = []
    previous = Path(args.out).with_name("results.json")
    if args.keep and previous.exists():
        results = [r for r in json.loads(previous.read_text(encoding="utf-8")) if r["scale"] not in args.scales]
    for scale in args.scales:
        t = time.perf_counter()
        res = run_scale(scale, env, args.skip_dashboard, Path(args.work))
        results = sorted([*results, res], key=lambda r: r["scale"])
        print(f"x{scale:g}: full {fmt(res['full_rebuild'])}, incremental {fmt(res['incremental'])}, "
              f"baseline {fmt(res['baseline'])} ({time.perf_counter() - t:.0f} s in all)", flush=True)
        out = Path(args.out)
        write_results(results, out)
        plot(results, out.with_name("time_vs_scale.png"))
        (out.with_name("results.json")).write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"results: {args.out}")
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
