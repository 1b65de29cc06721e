"""Property-based fuzzing: the example plans, mutated (keys deleted, types
swapped, huge, negative and non-finite numbers, long strings, control
characters, unknown keys, dates out of range), run through every command
and format in-process, through ``main()``.

Whatever the mutation, the run ends with exit status 0, 1 or 2, never 3
(an internal error), and a report command that does not succeed writes no
file. Bounded: a fixed number of examples, no deadline.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clirunner import Runner

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
# Every command and format; business cases simulate a few draws only.
RUNS: list[tuple[str, ...]] = [
    ("validate",), ("validate", "-f", "json"), ("validate", "-f", "sarif"), ("validate", "-f", "github"),
    ("validate", "-f", "junit"),
    ("assess",), ("assess", "-f", "json"), ("assess", "-f", "markdown"), ("assess", "-f", "sarif"),
    ("assess", "-f", "github"),
    ("business-case", "-n", "20", "-f", "markdown"), ("business-case", "-n", "20", "-f", "html"),
    ("business-case", "-n", "20", "-f", "json"),
    ("rollout", "-f", "markdown"), ("rollout", "-f", "html"), ("rollout", "-f", "json"),
    ("rollout", "-f", "ics"), ("rollout", "-f", "csv"),
]
REPORTS = ("business-case", "rollout")
HOSTILE_TEXT = "\x1b[31m\x07\r\u202e\x00[bold]x[/bold] | <b> {{ 7*7 }}"


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


PLANS = {path.name: _load(path) for path in EXAMPLES}


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the document, containers included."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_paths(value, (*prefix, index)))
    return found


REPLACEMENTS = st.sampled_from([
    None, True, "text", "", [], {}, 0, -1, -(10**400), 10**400, 1e308, -1e308, float("inf"), float("nan"),
    2**63, 1e-320, "x" * 10_000, HOSTILE_TEXT, dt.date(1, 1, 1), dt.date(9999, 12, 31), "9999-12-01",
    [HOSTILE_TEXT] * 3, {"unknown": 1},
])
MUTATION = st.tuples(st.sampled_from(["replace", "delete", "unknown-key", "duplicate-item"]),
                     st.integers(min_value=0), REPLACEMENTS)


def _mutate(data: Any, kind: str, pick: int, value: Any) -> None:
    paths = [p for p in _paths(data) if p]
    if not paths:
        return
    path = paths[pick % len(paths)]
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if kind == "replace":
        parent[last] = value
    elif kind == "delete":
        del parent[last]
    elif kind == "unknown-key":
        target = parent[last]
        if isinstance(target, dict):
            target[f"unknown_{pick % 7}{HOSTILE_TEXT if pick % 2 else ''}"] = value
        else:
            parent[last] = {"unknown": value}
    elif isinstance(parent, list):
        parent.append(parent[last])  # a duplicated id or item


@settings(max_examples=50, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=st.sampled_from(sorted(PLANS)), mutations=st.lists(MUTATION, min_size=1, max_size=4),
       run=st.sampled_from(RUNS))
def test_mutated_plans_never_crash(cli: Runner, plan: str, mutations: list[tuple[str, int, Any]],
                                   run: tuple[str, ...]) -> None:
    data = yaml.safe_load(yaml.dump(PLANS[plan], Dumper=_Dumper))  # a deep copy
    for kind, pick, value in mutations:
        _mutate(data, kind, pick, value)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "plan.yaml"
        source.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
        output = Path(folder) / "out" / "report"
        output.parent.mkdir()
        result = cli(run[0], str(source), *run[1:], "-o", str(output))
        assert result.code in (0, 1, 2), (run, mutations, result.err[-2000:])
        assert "internal error" not in result.err, (run, mutations, result.err[-2000:])
        if run[0] in REPORTS and result.code != 0:
            assert list(output.parent.iterdir()) == [], (run, mutations, result.err[-2000:])


@pytest.mark.parametrize("run", RUNS, ids=lambda r: "-".join(r))
def test_every_run_works_on_an_example(cli: Runner, tmp_path: Path, run: tuple[str, ...]) -> None:
    """The fuzzer's runs are real: unmutated, each one succeeds and writes."""
    output = tmp_path / "report"
    result = cli(run[0], str(ROOT / "examples" / "global-tech-innovation.yaml"), *run[1:], "-o", str(output),
                 *(["--as-of", "2027-01-15"] if run[0] == "assess" else []))
    assert result.code == 0, result.err[-2000:]
    # GitHub annotations of a valid plan: there is nothing to annotate.
    assert output.stat().st_size > 0 or run == ("validate", "-f", "github")
