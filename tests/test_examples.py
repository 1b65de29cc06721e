"""The example plans: valid through the CLI, and complete and plausible
enough to be the demo input of every other command.

The content checks are independent of the assessment rules on purpose: they
state what the examples promise (4-6 SMART objectives, 5+ use cases, 5+
stakeholder groups, a do-nothing option, costs of every kind, a rollout
start) and catch an example broken by an edit.
"""

from __future__ import annotations

import datetime as dt
import math
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from socialplan.cli import app
from socialplan.model import KPI, Estimate, Plan
from socialplan.validation import check_plan

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCHEMA_FILE = ROOT / "schema" / "plan.schema.json"
REQUIRED = ["global-tech-innovation.yaml", "consulting-mobile-workforce.yaml", "sales-webinars"]
FOLDER_FILES = {"organisation", "objectives", "use_cases", "stakeholders", "options", "finance", "rollout"}


def _sources() -> list[Path]:
    files = sorted(EXAMPLES.glob("*.yaml"))
    folders = sorted(p for p in EXAMPLES.iterdir() if p.is_dir() and any(p.glob("*.yaml")))
    return [*files, *folders]


SOURCES = _sources()


def _load(source: Path) -> Plan:
    check, validated = check_plan(str(source))
    assert validated is not None, [str(d.location) + " " + d.message for d in check.diagnostics]
    return validated.plan


@pytest.fixture(scope="module")
def plans() -> dict[str, Plan]:
    return {source.name: _load(source) for source in SOURCES}


def test_the_required_examples_exist() -> None:
    assert [name for name in REQUIRED if not (EXAMPLES / name).exists()] == []
    assert {p.stem for p in (EXAMPLES / "sales-webinars").glob("*.yaml")} == FOLDER_FILES


# --- validation through the CLI ------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_example_validates(source: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(source)])
    assert result.exit_code == 0, result.output


def test_documented_command_validates_every_example() -> None:
    # socialplan validate examples/*.yaml examples/sales-webinars
    arguments = [str(p) for p in sorted(EXAMPLES.glob("*.yaml"))] + [str(EXAMPLES / "sales-webinars")]
    result = CliRunner().invoke(app, ["validate", "--format", "json", *arguments])
    assert result.exit_code == 0, result.output
    assert '"invalid": 0' in result.stdout


@pytest.mark.parametrize("file", sorted(EXAMPLES.rglob("*.yaml")), ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_every_example_file_points_editors_at_the_schema(file: Path) -> None:
    first = file.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), f"{file.name}: the first line must be '{prefix}...'"
    assert (file.parent / first.removeprefix(prefix)).resolve() == SCHEMA_FILE


# --- content -----------------------------------------------------------------------------


def _better(direction: str, baseline: float, target: float, *, allow_equal: bool = False) -> bool:
    if allow_equal and target == baseline:
        return True
    return target > baseline if direction == "increase" else target < baseline


def _kpis(plan: Plan) -> Iterator[KPI]:
    for objective in plan.objectives:
        yield from objective.kpis


@pytest.mark.parametrize("name", REQUIRED)
def test_objectives_are_smart(plans: dict[str, Plan], name: str) -> None:
    plan = plans[name]
    assert 4 <= len(plan.objectives) <= 6
    groups = {g.id: g for g in plan.stakeholders}
    for objective in plan.objectives:
        assert objective.kpis, objective.id
        assert objective.sponsor in groups, objective.id
        served = [u.id for u in plan.use_cases if objective.id in u.objectives]
        assert served, f"no use case serves {objective.id}"
    for kpi in _kpis(plan):
        assert kpi.baseline is not None and kpi.target is not None, kpi.name
        assert kpi.by is not None and 2027 <= kpi.by.year <= 2028, kpi.name
        assert kpi.owner and kpi.unit, kpi.name
        assert _better(kpi.direction, kpi.baseline, kpi.target), f"{kpi.name}: target is no improvement"


def _estimates(value: Any) -> Iterator[Estimate]:
    if isinstance(value, Estimate):
        yield value
    elif isinstance(value, BaseModel):
        for field in type(value).model_fields:
            yield from _estimates(getattr(value, field))
    elif isinstance(value, list):
        for item in value:
            yield from _estimates(item)


@pytest.mark.parametrize("name", REQUIRED)
def test_use_cases_are_testable_hypotheses(plans: dict[str, Plan], name: str) -> None:
    plan = plans[name]
    assert len(plan.use_cases) >= 5
    headcount = {g.id: g.headcount for g in plan.stakeholders}
    kpi_names = {k.name for k in _kpis(plan)}
    criteria = set(plan.prioritisation.criteria)
    assert criteria
    for use_case in plan.use_cases:
        where = use_case.id
        assert use_case.owner and use_case.hypothesis and use_case.objectives and use_case.stakeholders, where
        assert None not in (use_case.effort, use_case.reach, use_case.impact, use_case.confidence), where
        assert set(use_case.scores) == criteria, where
        assert use_case.benefits, where
        for benefit in use_case.benefits:
            assert benefit.owner, where
            assert benefit.kpi is None or benefit.kpi in kpi_names, f"{where}: unknown KPI '{benefit.kpi}'"
            assert set(benefit.users or []) <= set(use_case.stakeholders), where
        pilot = use_case.pilot
        if use_case.effort is not None and use_case.effort >= 2:
            assert pilot is not None, f"{where}: a use case this big is piloted first"
        if pilot is None:
            continue
        assert pilot.participants and pilot.weeks and pilot.groups and pilot.decision_rule, where
        assert set(pilot.groups) <= set(use_case.stakeholders), where
        assert pilot.participants <= sum(headcount[g] for g in pilot.groups), f"{where}: pilot too large"
        assert pilot.metrics, where
        for metric in pilot.metrics:
            assert metric.baseline is not None and metric.threshold is not None, f"{where}: {metric.name}"
            assert _better(metric.direction, metric.baseline, metric.threshold, allow_equal=True), metric.name
    assert sum(1 for u in plan.use_cases if any(b.monetised for b in u.benefits)) >= 5
    for estimate in _estimates(plan):
        assert estimate.in_order, estimate


@pytest.mark.parametrize("name", REQUIRED)
def test_stakeholders_are_researched_and_reachable(plans: dict[str, Plan], name: str) -> None:
    plan = plans[name]
    groups = plan.stakeholders
    assert len(groups) >= 5
    assert plan.organisation.headcount == sum(g.headcount for g in groups)
    assert any(g.senior and g.power == "high" and "sponsor" in g.roles for g in groups)
    for group in groups:
        assert group.adkar is not None and group.research, group.id
        assert group.goals and group.wiifm and group.channel and group.messenger and group.education, group.id
        if group.senior:
            # The article: senior managers are interviewed and briefed.
            assert group.research == "interview" and "briefing" in group.education, group.id
    champions = sum(g.champions or 0 for g in groups if g.must_adopt)
    adopters = sum(g.headcount for g in groups if g.must_adopt)
    assert champions >= math.ceil(adopters / plan.rollout.staff_per_champion)
    assert any(g.usability_testing for g in groups)


@pytest.mark.parametrize("name", REQUIRED)
def test_options_include_do_nothing(plans: dict[str, Plan], name: str) -> None:
    options = plans[name].options
    baselines = [o for o in options if o.baseline]
    assert len(baselines) == 1 and baselines[0].benefit_share == 0
    assert len(options) >= 2
    for option in options:
        assert option.considerations and option.procurement, option.id
    for cost in plans[name].finance.costs:
        assert baselines[0].id not in (cost.options or []), cost.name


@pytest.mark.parametrize("name", REQUIRED)
def test_finance_has_costs_of_every_kind(plans: dict[str, Plan], name: str) -> None:
    finance = plans[name].finance
    assert finance.loaded_hourly_cost is not None
    assert {c.kind for c in finance.costs} == {"one-off", "recurring", "per-user"}
    assert {c.category for c in finance.costs} >= {
        "licence", "implementation", "integration", "training", "change", "communications", "community", "pilot",
    }
    for cost in finance.costs:
        if cost.end_month is not None:
            assert cost.end_month > cost.month, cost.name


@pytest.mark.parametrize("name", REQUIRED)
def test_rollout_starts_on_a_monday_in_2027(plans: dict[str, Plan], name: str) -> None:
    rollout = plans[name].rollout
    assert rollout.start is not None and rollout.start.year == 2027
    assert rollout.start.weekday() == 0
    holidays = rollout.holidays
    assert holidays == sorted(set(holidays)), "holidays are listed once, in order"
    assert all(day.weekday() < 5 for day in holidays), "a holiday on a weekend closes nothing"
    assert all(dt.date(2027, 1, 1) <= day <= dt.date(2028, 12, 31) for day in holidays)
    assert rollout.start not in holidays
    assert rollout.roles.sponsor and rollout.roles.project_owner


def test_one_example_is_branded(plans: dict[str, Plan]) -> None:
    branded = [(name, p.organisation.branding) for name, p in plans.items() if p.organisation.branding]
    assert branded
    for name, branding in branded:
        assert branding is not None
        if branding.logo and not branding.logo.startswith("https://"):
            assert (EXAMPLES / branding.logo).is_file(), f"{name}: logo {branding.logo} is missing"


# --- every field of the format is shown somewhere ---------------------------------------

# Fields no example can use meaningfully yet, with the reason.
NOT_SHOWN: dict[str, str] = {
    "Option.ignore": "no assessment rule reports on a single option yet",
}


def _models(model: type[BaseModel], seen: dict[str, type[BaseModel]]) -> dict[str, type[BaseModel]]:
    if model.__name__ in seen:
        return seen
    seen[model.__name__] = model
    for field in model.model_fields.values():
        for inner in _inner_models(field.annotation):
            _models(inner, seen)
    return seen


def _inner_models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _inner_models(arg)


def _fields_set(value: Any, out: set[str]) -> set[str]:
    if isinstance(value, BaseModel):
        out.update(f"{type(value).__name__}.{f}" for f in value.model_fields_set)
        for field in type(value).model_fields:
            _fields_set(getattr(value, field), out)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _fields_set(item, out)
    elif isinstance(value, dict):
        for item in value.values():
            _fields_set(item, out)
    return out


def test_examples_use_every_field_of_the_format(plans: dict[str, Plan]) -> None:
    every = {f"{name}.{field}" for name, model in _models(Plan, {}).items() for field in model.model_fields}
    used: set[str] = set()
    for plan in plans.values():
        _fields_set(plan, used)
    missing = sorted(every - used - set(NOT_SHOWN))
    assert not missing, "show these fields in an example under examples/: " + ", ".join(missing)
    assert not set(NOT_SHOWN) & used, "a field in NOT_SHOWN is now shown: take it off the list"
