"""Survey aggregation at the scale of the largest employers.

Generates a survey export of ``--rows`` respondents (default 1,000,000)
with 25 ADKAR questions, a group column and personal columns, then prints
the time and peak memory of aggregating it beside the floor: the engine
alone reading every column of the same file. Target: at most 1.5x the floor
and under 1 GB.

    python benchmarks/bench_evidence.py
    python benchmarks/bench_evidence.py --rows 200000 --runs 3
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ELEMENTS = ("awareness", "desire", "knowledge", "ability", "reinforcement")
LABELS = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
GROUPS = ["Consulting", "Partners", "Business services", "Retail stores", "Warehouses", "Head office"]


def generate(path: Path, rows: int) -> list[str]:
    rng = random.Random(2012)
    questions = [f"{element.title()} statement {i + 1}" for element in ELEMENTS for i in range(5)]
    header = ["Timestamp", "Email Address", "Name", "Which part of the organisation do you work in?", *questions,
              "Any other comments?"]
    answers = [str(n) for n in range(1, 6)] + LABELS
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write(",".join(f'"{h}"' for h in header) + "\n")
        block = []
        for n in range(rows):
            cells = ["2027/01/12 10:00:00", f"person{n}@example.com", f"Person {n}", rng.choice(GROUPS),
                     *(rng.choice(answers) for _ in questions), '"a comment, quoted"' if n % 7 == 0 else ""]
            block.append(",".join(cells))
            if len(block) == 10_000:
                stream.write("\n".join(block) + "\n")
                block = []
        if block:
            stream.write("\n".join(block) + "\n")
    return questions


FLOOR = """
import sys, duckdb
con = duckdb.connect()
# Every column as text, as the product reads it; a full scan, materialised.
con.execute("CREATE TEMP TABLE t AS SELECT * FROM read_csv($p, header=true, all_varchar=true)", {"p": sys.argv[1]})
print(con.execute("SELECT count(*) FROM t").fetchone()[0])
"""

RUN = """
import sys, json
from pathlib import Path
from socialplan.evidence.spec import Survey, EvidenceSettings
from socialplan.evidence.surveys import read_surveys
questions = json.loads(sys.argv[2])
elements = ["awareness", "desire", "knowledge", "ability", "reinforcement"]
survey = Survey.model_validate({
    "id": "bench", "date": "2027-01-20", "file": sys.argv[1],
    "group_column": "Which part of the organisation do you work in?",
    "groups": {"Consulting": "consulting", "Partners": "partners", "Business services": "services",
               "Retail stores": "stores", "Warehouses": "warehouses", "Head office": "office"},
    "questions": {e: questions[i * 5:(i + 1) * 5] for i, e in enumerate(elements)},
})
results, problems = read_surveys([survey], Path("."), {}, EvidenceSettings())
assert not problems, problems
print(results[0].responses)
"""


def measure(code: str, *args: str) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, max(before.ru_maxrss, after.ru_maxrss) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    import json

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "survey.csv"
        questions = generate(path, options.rows)
        size = path.stat().st_size / 1024**2
        print(f"export: {options.rows:,} rows x 25 questions, {size:,.0f} MiB")
        floors, runs, peaks = [], [], []
        for _ in range(options.runs):
            floors.append(measure(FLOOR, str(path))[0])
            seconds, _ = measure(RUN, str(path), json.dumps(questions))
            runs.append(seconds)
        # Peak memory from a fresh measurement of the product alone: the
        # children's maximum covers every child so far, so run it in a
        # process of its own to read its own peak.
        peak = subprocess.run(
            [sys.executable, "-c", "import resource, subprocess, sys; "
             "subprocess.run([sys.executable, '-c', sys.argv[1], sys.argv[2], sys.argv[3]], check=True, "
             "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
             RUN, str(path), json.dumps(questions)], check=True, capture_output=True, text=True)
        peaks.append(int(peak.stdout.strip()) / 1024)
        floor, run = statistics.median(floors), statistics.median(runs)
        print(f"engine alone reading the file: {floor:.2f} s (median of {options.runs})")
        print(f"socialplan survey aggregation: {run:.2f} s, peak memory {peaks[0]:,.0f} MiB")
        print(f"ratio: {run / floor:.2f}x (target at most 1.5x); memory target under 1024 MiB")


if __name__ == "__main__":
    main()
