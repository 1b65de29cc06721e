"""``socialplan track`` at the scale of the largest employers.

Generates ``--users`` users (default 200,000) x ``--weeks`` weekly Viva
Engage user-detail snapshots (default 52: about 10 million rows, in the
admin center's exact columns), a directory, and a plan (the global-tech
example with its ``tracking`` section pointed at them). Then prints, for
the whole ``socialplan track`` command (start-up, validation, reading the
exports, the re-fit and the business case re-run) and for the floor (the
engine alone scanning the same files, every column as text, as the product
reads them):

* CPU time, user + system, of the process and its threads: on a shared
  machine it moves far less than the wall time, which is printed too;
* peak memory (the largest resident set).

Targets: ``socialplan track`` at most 1.5x the floor's CPU time, under 2 GB.
The load of the machine (``os.getloadavg``) is printed before and after.

    python benchmarks/bench_track.py
    python benchmarks/bench_track.py --users 20000 --weeks 26
    python benchmarks/bench_track.py --folder /tmp/track-data   # keep the files, reuse them next time
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "global-tech-innovation.yaml"
HEADER = ("Report Refresh Date,User Principal Name,Display Name,User State,State Change Date,Last Activity Date,"
          "Posted Count,Read Count,Liked Count,Assigned Products,Report Period")
# Departments in the directory -> the example's stakeholder groups.
DEPARTMENTS = {"Engineering": "engineering", "Marketing": "marketing", "Supply chain": "supply-chain",
               "Sales and services": "sales-and-services", "IT": "it-and-security",
               "Corporate functions": "corporate-functions"}


def generate(folder: Path, users: int, weeks: int) -> None:
    rng = np.random.default_rng(2012)
    start = dt.date(2027, 7, 5)
    adopt_week = np.minimum(rng.geometric(0.06, users), weeks + 10)
    names_of = list(DEPARTMENTS)
    department = rng.integers(0, len(names_of), users)
    upns = [f"user{n:07d}@contoso.example" for n in range(users)]
    names = [f"User {n}" for n in range(users)]
    with (folder / "directory.csv").open("w", encoding="utf-8") as stream:
        stream.write("User Principal Name,Display Name,Department\n")
        stream.writelines(f"{upns[n]},{names[n]},{names_of[department[n]]}\n" for n in range(users))
    last = np.full(users, -1)
    usage = folder / "usage"
    usage.mkdir()
    for week in range(1, weeks + 1):
        refreshed = start + dt.timedelta(days=7 * week - 1)
        active = (adopt_week <= week) & (rng.random(users) < 0.65)
        day = rng.integers(0, 7, users)
        last = np.where(active, (week - 1) * 7 + day, last)
        posted = np.where(active, rng.integers(0, 4, users), 0)
        dates = [(start + dt.timedelta(days=int(d))).isoformat() if d >= 0 else "" for d in range(-1, weeks * 7)]
        stamp = refreshed.isoformat()
        lines = [f"{stamp},{upns[n]},{names[n]},Active,,{dates[last[n] + 1]},{posted[n]},{posted[n] * 3},0,"
                 f"MICROSOFT 365 E3,7\n" for n in range(users)]
        with (usage / f"EngageActivityUserDetail{stamp}.csv").open("w", encoding="utf-8-sig") as stream:
            stream.write(HEADER + "\n")
            stream.writelines(lines)


def write_plan(folder: Path, users: int) -> Path:
    """The example plan, its headcounts covering the generated users, its
    tracking section reading the generated folder (absolute paths)."""
    import yaml

    plan = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    share = users // len(DEPARTMENTS) + users // 10  # every department's users fit in its group
    for group in plan["stakeholders"]:
        if group["id"] in DEPARTMENTS.values():
            group["headcount"] = share
    plan["tracking"] = {"usage": [{
        "platform": "viva-engage", "folder": str(folder / "usage"),
        "directory": {"file": str(folder / "directory.csv"), "user_column": "User Principal Name",
                      "group_column": "Department", "groups": DEPARTMENTS}}]}
    path = folder / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


FLOOR = """
import sys, glob, duckdb
files = sorted(glob.glob(sys.argv[1] + "/usage/*.csv"))
con = duckdb.connect()
print(con.execute("SELECT count(*), count(DISTINCT column01) FROM read_csv($f, header=false, skip=1, all_varchar=true)",
                  {"f": files}).fetchone())
"""

# Runs a command as its only child: the child's CPU time (user + system, all
# its threads) and peak resident memory, and the wall time.
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
if done.returncode != 0:
    sys.exit(done.stdout + done.stderr)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "peak_kib": usage.ru_maxrss}))
"""


def measure(command: list[str]) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def summary(name: str, runs: list[dict[str, float]]) -> dict[str, float]:
    cpu = statistics.median(r["cpu"] for r in runs)
    wall = statistics.median(r["wall"] for r in runs)
    peak = max(r["peak_kib"] for r in runs) / 1024
    print(f"{name}: CPU {cpu:.2f} s (user + system, median of {len(runs)}), wall {wall:.2f} s, "
          f"peak memory {peak:,.0f} MiB")
    return {"cpu": cpu, "wall": wall, "peak": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200_000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", type=Path, help="keep the generated files here (reused when present)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = options.folder or Path(name)
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "usage").is_dir():
            generate(folder, options.users, options.weeks)
        plan = write_plan(folder, options.users)
        files = sorted((folder / "usage").iterdir())
        size = sum(p.stat().st_size for p in files) / 1024**2
        print(f"snapshots: {len(files)} files, {size:,.0f} MiB "
              f"({options.users:,} users x {options.weeks} weeks = {options.users * options.weeks:,} rows)")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
        floors, runs = [], []
        for _ in range(options.runs):  # interleaved, so a change in load falls on both
            floors.append(measure([sys.executable, "-c", FLOOR, str(folder)]))
            runs.append(measure([sys.executable, "-m", "socialplan", "track", str(plan), "-f", "json", "-o",
                                 str(folder / "track.json")]))
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        floor = summary("engine alone scanning the files", floors)
        run = summary("socialplan track", runs)
        print(f"ratio (CPU): {run['cpu'] / floor['cpu']:.2f}x (target at most 1.5x); "
              f"wall {run['wall'] / floor['wall']:.2f}x; peak memory {run['peak']:,.0f} MiB (target under 2048)")


if __name__ == "__main__":
    main()
