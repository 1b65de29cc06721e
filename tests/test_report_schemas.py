"""The JSON reports' schemas: generated from the report models, committed
under schema/, documented in docs/json-reports.md, and obeyed by what each
command really prints for every example plan."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from typer.testing import CliRunner

from socialplan.cli import app
from socialplan.commands.schema import SCHEMAS, schema_text
from socialplan.reports.assess import AssessReport, InvalidPlanReport
from socialplan.reports.base import document
from socialplan.reports.business_case import BusinessCaseReport
from socialplan.reports.catalogue import REPORTS
from socialplan.reports.diff import DiffReport
from socialplan.reports.docs import REGENERATE, markdown
from socialplan.reports.evidence import EvidenceReport
from socialplan.reports.pack import PackReport
from socialplan.reports.rollout import RolloutReport
from socialplan.reports.track import TrackReport
from socialplan.reports.validate import ValidateReport
from test_schema import _undocumented

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = ROOT / "schema"
EXAMPLES = sorted([*(ROOT / "examples").glob("*.yaml"), ROOT / "examples" / "sales-webinars"])
INVALID = sorted((ROOT / "tests" / "data" / "invalid").glob("*.yaml"))
AS_OF = "2026-12-01"

# The command line of each report, for one plan.
COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "validate-report": lambda plan: ["validate", str(plan), "--format", "json"],
    "assess": lambda plan: ["assess", str(plan), "--format", "json", "--as-of", AS_OF],
    "business-case": lambda plan: ["business-case", str(plan), "--format", "json", "-n", "300"],
    "rollout": lambda plan: ["rollout", str(plan), "--format", "json"],
    "diff": lambda plan: ["diff", str(plan), str(plan), "--format", "json", "-n", "100", "--as-of", AS_OF],
    # Only the plans with a tracking section make one; the others exit 1.
    "track": lambda plan: ["track", str(plan), "--format", "json"],
    "evidence": lambda plan: ["evidence", str(plan), "--format", "json", "--as-of", AS_OF],
    "pack": lambda plan: ["report", str(plan), "--format", "json", "-n", "300", "--as-of", AS_OF],
}
MODELS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "validate-report": lambda d: document(ValidateReport.model_validate(d)),
    "assess": lambda d: document((AssessReport if d["valid"] else InvalidPlanReport).model_validate(d)),
    "business-case": lambda d: document(BusinessCaseReport.model_validate(d)),
    "rollout": lambda d: document(RolloutReport.model_validate(d)),
    "diff": lambda d: document(DiffReport.model_validate(d)),
    "track": lambda d: document(TrackReport.model_validate(d)),
    "evidence": lambda d: document(EvidenceReport.model_validate(d)),
    "pack": lambda d: document(PackReport.model_validate(d)),
}


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Every report's JSON for every example (and, for validate and assess,
    every invalid plan), as (plan, document); plans a command refuses are
    left out (exit 1, with the problems on standard error)."""
    folder = tmp_path_factory.mktemp("reports")
    runner = CliRunner()
    found: dict[str, list[tuple[str, dict[str, Any]]]] = {name: [] for name in COMMANDS}
    for name, command in COMMANDS.items():
        plans = [*EXAMPLES, *INVALID] if name in ("validate-report", "assess") else EXAMPLES
        for plan in plans:
            out = folder / f"{name}-{plan.stem}.json"
            result = runner.invoke(app, [*command(plan), "-o", str(out)])
            assert result.exit_code in (0, 1), result.output
            if out.exists():
                found[name].append((plan.name, json.loads(out.read_text(encoding="utf-8"))))
    return found


# --- the schemas -----------------------------------------------------------------------------


def test_every_report_has_a_schema_command() -> None:
    assert list(SCHEMAS) == ["plan", *REPORTS]
    for name, report in REPORTS.items():
        assert f"'{report.command}'" in SCHEMAS[name][0]


@pytest.mark.parametrize("name", list(REPORTS))
def test_committed_schema_is_current(name: str) -> None:
    committed = (SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), (
        f"schema/{name}.schema.json is out of date with its report model; regenerate it with: "
        f"socialplan schema {name} -o schema/{name}.schema.json"
    )


@pytest.mark.parametrize("name", list(REPORTS))
def test_the_command_prints_the_committed_schema(name: str) -> None:
    result = CliRunner().invoke(app, ["schema", name])
    assert result.exit_code == 0, result.output
    assert result.stdout == (SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(REPORTS))
def test_schema_is_a_valid_2020_12_schema_with_every_field_described(name: str) -> None:
    schema = json.loads(schema_text(name))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert list(_undocumented(schema)) == []
    # Nothing in a report schema changes with the version of socialplan.
    assert '"0.' not in json.dumps(schema)


# --- real outputs obey them ---------------------------------------------------------------------


def test_every_example_gives_each_report(outputs: dict[str, list[tuple[str, dict[str, Any]]]]) -> None:
    assert len(EXAMPLES) >= 5
    # weak-plan has no rollout start and an estimate out of order: no schedule,
    # no business case; every other example gives every report.
    for name in ("business-case", "rollout", "pack"):
        assert [plan for plan, _ in outputs[name]] == [p.name for p in EXAMPLES if p.stem != "weak-plan"]
    for name in ("validate-report", "assess"):
        assert len(outputs[name]) == len(EXAMPLES) + len(INVALID)
    assert {d["valid"] for _, d in outputs["assess"]} == {True, False}


@pytest.mark.parametrize("name", list(REPORTS))
def test_real_outputs_follow_their_schema(name: str, outputs: dict[str, list[tuple[str, dict[str, Any]]]]) -> None:
    validator = _validator(name)
    for plan, doc in outputs[name]:
        errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
        assert errors == [], f"{name} of {plan}: {errors[:5]}"


@pytest.mark.parametrize("name", list(REPORTS))
def test_real_outputs_read_back_into_their_model_unchanged(
        name: str, outputs: dict[str, list[tuple[str, dict[str, Any]]]]) -> None:
    # The model is the contract: what a command printed parses into it and
    # dumps back to the same data, key order and number types included.
    for plan, doc in outputs[name]:
        again = MODELS[name](doc)
        assert json.dumps(again) == json.dumps(doc), f"{name} of {plan}"


# --- and reject what breaks them ---------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _drop(*path: str | int) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        node: Any = doc
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return mutate


def _set(value: Any, *path: str | int) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        node: Any = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return mutate


BROKEN: dict[str, list[tuple[str, Mutation]]] = {
    "validate-report": [
        ("no summary", _drop("summary")),
        ("a version 2", _set(2, "format_version")),
        ("an undocumented key", _set(1, "extra")),
        ("a line 0", _set([{"code": "SP010", "severity": "error", "message": "m", "hint": None, "file": "f",
                            "line": 0, "column": 1, "path": ""}], "plans", 0, "diagnostics")),
    ],
    "assess": [
        ("no date", _drop("as_of")),
        ("no verdict", _set(None, "verdict")),
        ("a score over 100", _set(101, "score")),
        ("a finding without its code", _drop("findings", 0, "code")),
        ("an invalid plan with scores", _set(False, "valid")),
        ("a date that is not one", _set("first of May", "as_of")),
    ],
    "business-case": [
        ("no NPV", _drop("npv")),
        ("an NPV as text", _set("1,000", "npv", "unadjusted")),
        ("an option without its IRR", _drop("options", 0, "irr")),
        ("a benefit line of another kind", _set("windfall", "benefits", 0, "kind")),
        ("a benefit numbered as a cost", _set("C9", "benefits", 0, "number")),
        ("an empty simulation", _set({}, "simulation")),
        ("a go-live that is not a date", _set("soon", "timing", "go_live")),
        ("an undocumented assumption", _set(1, "assumptions", "extra")),
    ],
    "rollout": [
        ("no critical path", _drop("critical_path")),
        ("a negative float", _set(-1, "tasks", 0, "float")),
        ("a start that is not a date", _set("next week", "tasks", 0, "start")),
        ("an unknown RACI letter", _set("X", "raci", "rows", 0, "assignments", "sponsor")),
        ("an unknown phase", _set("party", "phases", 0, "id")),
        ("a warning without a line", _drop("warnings", 0, "line")),
    ],
    "track": [
        ("no status", _drop("status")),
        ("an unknown status", _set("fine", "groups", 0, "status")),
        ("a month that is not one", _set("August", "groups", 0, "months", 0, "month")),
        ("a negative actual", _set(-1, "groups", 0, "months", 6, "actual")),
        ("a fit without its ceiling", _drop("groups", 0, "fit", "ceiling")),
        ("no approved NPV", _drop("business_case", "approved_npv")),
        ("a KPI without its target", _drop("kpis", 0, "target")),
        ("an undocumented key", _set(1, "extra")),
    ],
    "pack": [
        ("no decision", _drop("decision")),
        ("an unknown stage", _set("final", "stage")),
        ("a risk without its response", _drop("decision", "risks", 0, "response")),
        ("key figures as text", _set("1,000", "decision", "key_figures", "npv", "unadjusted")),
        ("a business case without its NPV", _drop("business_case", "npv")),
        ("an assessment with a score over 100", _set(101, "assess", "score")),
        ("a rollout task with a negative float", _set(-1, "rollout", "tasks", 0, "float")),
    ],
}


@pytest.mark.parametrize(("name", "what", "mutate"),
                         [(n, w, m) for n, cases in BROKEN.items() for w, m in cases],
                         ids=[f"{n}: {w}" for n, cases in BROKEN.items() for w, _ in cases])
def test_the_schema_rejects_a_broken_report(name: str, what: str, mutate: Mutation,
                                            outputs: dict[str, list[tuple[str, dict[str, Any]]]]) -> None:
    validator = _validator(name)
    # A real report with everything the mutation needs (warnings, a simulation...).
    for _, doc in outputs[name]:
        broken = copy.deepcopy(doc)
        try:
            mutate(broken)
        except (KeyError, IndexError, TypeError):
            continue
        assert validator.is_valid(doc)
        assert not validator.is_valid(broken), f"the {name} schema accepts a report with {what}"
        return
    pytest.fail(f"no {name} report to break with {what}")


# --- documentation ------------------------------------------------------------------------------


def test_the_json_reports_page_is_current() -> None:
    page = (ROOT / "docs" / "json-reports.md").read_text(encoding="utf-8")
    assert page == markdown(), f"docs/json-reports.md is out of date; regenerate it with: {REGENERATE}"


def test_the_json_reports_page_names_every_key_printed(outputs: dict[str, list[tuple[str, dict[str, Any]]]]) -> None:
    page = (ROOT / "docs" / "json-reports.md").read_text(encoding="utf-8")

    def keys(node: Any) -> set[str]:
        if isinstance(node, dict):
            # Maps keyed by data (RACI roles, group names, thresholds, ADKAR
            # elements) hold values, not keys to document one by one.
            own = set() if node.keys() & {"sponsor", "opportunity", "go_score", "awareness"} else set(node)
            return own | {k for value in node.values() for k in keys(value)}
        if isinstance(node, list):
            return {k for value in node for k in keys(value)}
        return set()

    for name, docs in outputs.items():
        missing = sorted({k for _, doc in docs for k in keys(doc) if f"| `{k}` |" not in page})
        assert missing == [], f"{name}: keys printed but not documented: {missing}"
