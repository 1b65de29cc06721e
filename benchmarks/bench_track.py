"""Usage actuals at the scale of the largest employers.

Generates ``--users`` users (default 200,000) x ``--weeks`` weekly Viva
Engage user-detail snapshots (default 52: about 10 million rows, in the
admin center's exact columns) and a directory, then prints the time and
peak memory of reading them into active users per group and month beside
the floor: the engine alone scanning the same files (every column as text,
as the product reads them). Target: at most 1.5x the floor, under 2 GB.

    python benchmarks/bench_track.py
    python benchmarks/bench_track.py --users 20000 --weeks 26
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HEADER = ("Report Refresh Date,User Principal Name,Display Name,User State,State Change Date,Last Activity Date,"
          "Posted Count,Read Count,Liked Count,Assigned Products,Report Period")
DEPARTMENTS = ["Stores", "Warehouses", "Head office", "Drivers", "Contact centre", "IT"]


def generate(folder: Path, users: int, weeks: int) -> None:
    rng = np.random.default_rng(2012)
    start = dt.date(2027, 1, 4)
    adopt_week = np.minimum(rng.geometric(0.06, users), weeks + 10)
    department = rng.integers(0, len(DEPARTMENTS), users)
    upns = [f"user{n:07d}@contoso.example" for n in range(users)]
    names = [f"User {n}" for n in range(users)]
    with (folder / "directory.csv").open("w", encoding="utf-8") as stream:
        stream.write("User Principal Name,Display Name,Department\n")
        stream.writelines(f"{upns[n]},{names[n]},{DEPARTMENTS[department[n]]}\n" for n in range(users))
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


FLOOR = """
import sys, glob, duckdb
files = sorted(glob.glob(sys.argv[1] + "/usage/*.csv"))
con = duckdb.connect()
print(con.execute("SELECT count(*), count(DISTINCT column01) FROM read_csv($f, header=false, skip=1, all_varchar=true)",
                  {"f": files}).fetchone())
"""

RUN = """
import sys, json
from pathlib import Path
from socialplan.data.engine import Engine
from socialplan.track.actuals import read_usage
from socialplan.track.spec import Usage
groups = json.loads(sys.argv[2])
usage = Usage.model_validate({"platform": "viva-engage", "folder": sys.argv[1] + "/usage", "directory": {
    "file": sys.argv[1] + "/directory.csv", "user_column": "User Principal Name", "group_column": "Department",
    "groups": groups}})
with Engine(memory_limit="2GB") as engine:
    actuals = read_usage(engine, usage, Path(sys.argv[1]), {g: 1 for g in groups.values()})
print(len(actuals.months), actuals.users)
"""

PEAK = ("import resource, subprocess, sys; subprocess.run([sys.executable, '-c', *sys.argv[1:]], check=True, "
        "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def seconds(code: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200_000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    groups = {name: name.lower().replace(" ", "-") for name in DEPARTMENTS}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        generate(folder, options.users, options.weeks)
        size = sum(p.stat().st_size for p in (folder / "usage").iterdir()) / 1024**2
        rows = options.users * options.weeks
        print(f"snapshots: {options.users:,} users x {options.weeks} weeks = {rows:,} rows, {size:,.0f} MiB")
        floors = [seconds(FLOOR, str(folder)) for _ in range(options.runs)]
        runs = [seconds(RUN, str(folder), json.dumps(groups)) for _ in range(options.runs)]
        peak = subprocess.run([sys.executable, "-c", PEAK, RUN, str(folder), json.dumps(groups)], check=True,
                              capture_output=True, text=True)
        floor, run = statistics.median(floors), statistics.median(runs)
        print(f"engine alone scanning the files: {floor:.2f} s (median of {options.runs})")
        print(f"socialplan usage actuals: {run:.2f} s, peak memory {int(peak.stdout.strip()) / 1024:,.0f} MiB")
        print(f"ratio: {run / floor:.2f}x (target at most 1.5x); memory target under 2048 MiB")


if __name__ == "__main__":
    main()
