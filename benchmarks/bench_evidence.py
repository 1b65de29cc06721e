"""Survey aggregation at the scale of the largest employers.

Generates a survey export of ``--rows`` respondents (default 1,000,000)
with 25 ADKAR questions, a group column and personal columns, and a plan
that names it, then prints the time and peak memory of the whole command,
``socialplan evidence PLAN -f json``, beside the floor: the engine alone
reading every column of the same file. Target: at most 1.5x the floor and
under 1 GB. The library's aggregation alone (no start-up, no plan, no
report) is printed too, to show where the time goes.

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


PLAN = """\
organisation: {{name: Benchmark employer}}
stakeholders:
{groups}
evidence:
  surveys:
    - id: bench
      date: 2027-01-20
      file: survey.csv
      group_column: Which part of the organisation do you work in?
      groups: {{{mapping}}}
      questions:
{questions}
"""


def write_plan(folder: Path, questions: list[str]) -> Path:
    ids = ["consulting", "partners", "services", "stores", "warehouses", "office"]
    groups = "\n".join(f"  - {{id: {i}, headcount: 400000}}" for i in ids)
    mapping = ", ".join(f"{g}: {i}" for g, i in zip(GROUPS, ids, strict=True))
    lines = "\n".join(f"        {e}: [{', '.join(questions[n * 5:(n + 1) * 5])}]" for n, e in enumerate(ELEMENTS))
    plan = folder / "plan.yaml"
    plan.write_text(PLAN.format(groups=groups, mapping=mapping, questions=lines), encoding="utf-8")
    return plan


def command(plan: Path) -> list[str]:
    return [sys.executable, "-m", "socialplan", "evidence", str(plan), "-f", "json", "--as-of", "2027-02-01",
            "-o", str(plan.with_name("evidence.json"))]


def measure(code: str, *args: str, argv: list[str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv or [sys.executable, "-c", code, *args], check=True, capture_output=True)
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
        plan = write_plan(Path(folder), questions)
        floors, runs, library = [], [], []
        for _ in range(options.runs):
            floors.append(measure(FLOOR, str(path))[0])
            runs.append(measure("", argv=command(plan))[0])
            library.append(measure(RUN, str(path), json.dumps(questions))[0])
        # Peak memory from a fresh measurement of the command alone: the
        # children's maximum covers every child so far, so run it under a
        # process of its own to read its own peak.
        peak = subprocess.run(
            [sys.executable, "-c", "import resource, subprocess, sys; "
             "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)", *command(plan)],
            check=True, capture_output=True, text=True)
        peak_mib = int(peak.stdout.strip()) / 1024
        floor, run = statistics.median(floors), statistics.median(runs)
        print(f"engine alone reading the file: {floor:.2f} s (median of {options.runs})")
        print(f"socialplan evidence PLAN -f json: {run:.2f} s, peak memory {peak_mib:,.0f} MiB")
        print(f"  of which the library's aggregation alone: {statistics.median(library):.2f} s")
        print(f"ratio: {run / floor:.2f}x (target at most 1.5x); memory target under 1024 MiB")

if __name__ == "__main__":
    main()
