"""Every assessment rule is documented and proves itself: its failing example
plan raises it, its passing example does not. The examples live in each
rule's documentation (what ``socialplan rules explain`` prints), and this one
parametrised driver runs them all."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from socialplan.assess.engine import assess_plan
from socialplan.assess.examples import Example, examples, plan_from_text
from socialplan.assess.registry import BY_NAME, REGISTRY, RETIRED, RULES, lookup, suggest
from socialplan.assess.rule import GROUPS, SUPPRESSIBLE_SECTIONS, Rule
from socialplan.diagnostics import VALIDATION_CODES, Diagnostic
from socialplan.validation import ValidatedPlan, check_plan

AS_OF = dt.date(2026, 1, 15)
PREFIX = {"opportunity": "OP", "use-cases": "UC", "embedding": "EM", "data": "DA"}
# The rules the issue asks for, by what they check; each must exist.
REQUIRED_NAMES = {
    "no-objectives", "too-many-objectives", "objective-without-kpi", "kpi-incomplete", "target-not-better",
    "kpi-date-past", "objective-without-sponsor", "objective-unserved", "no-cost-lines",
    "no-monetised-benefit", "no-do-nothing-option",
    "use-case-without-objective", "no-hypothesis", "hypothesis-not-measurable", "high-effort-without-pilot",
    "pilot-incomplete", "use-case-without-owner", "no-benefit-estimate", "benefit-estimate-out-of-order",
    "use-case-without-stakeholders",
    "no-senior-sponsor-group", "senior-not-interviewed", "workforce-not-surveyed", "no-wiifm",
    "no-usability-testing", "no-launch-education", "no-senior-briefing", "too-few-champions",
    "adkar-barrier-early", "resistant-without-engagement",
}


def _all_examples() -> list[Example]:
    return [example for rule in RULES for example in examples(rule)]


def _example_plan(example: Example, folder: Path) -> tuple[ValidatedPlan | None, list[Diagnostic]]:
    """The example's plan in ``folder``, with the data files it carries beside it."""
    for name, content in example.files:
        (folder / name).write_text(content, encoding="utf-8")
    return plan_from_text(example.text, str(folder / f"{example.label}.yaml"))


# --- the registry ---------------------------------------------------------------------


def test_at_least_25_rules_including_every_one_the_issue_names() -> None:
    assert len(RULES) >= 25
    assert REQUIRED_NAMES - set(BY_NAME) == set()


def test_codes_and_names_are_unique_and_well_formed() -> None:
    assert len(REGISTRY) == len(RULES)
    assert len(BY_NAME) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"(OP|UC|EM|DA)[0-9]{2}", rule.code), rule.code
        assert rule.code.startswith(PREFIX[rule.group]), f"{rule.code} is in group {rule.group}"
        assert re.fullmatch(r"[a-z][a-z0-9-]*", rule.name), rule.name
        assert rule.code not in VALIDATION_CODES
        assert rule.code not in RETIRED


def test_every_group_has_rules() -> None:
    assert {rule.group for rule in RULES} == set(GROUPS)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_is_documented(rule: Rule) -> None:
    assert rule.summary.endswith("."), f"{rule.code}: the first line of the docstring is a one-line summary"
    assert len(rule.summary) <= 100
    assert rule.rationale.strip(), f"{rule.code}: name the method behind the rule"
    assert rule.severity in ("error", "warning", "info")
    assert rule.weight > 0
    outcomes = [e.outcome for e in examples(rule)]
    assert "fails" in outcomes, f"{rule.code}: document a failing example ('Fails:' and a yaml block)"
    assert "passes" in outcomes, f"{rule.code}: document a passing example ('Passes:' and a yaml block)"
    if rule.blocks_go:
        assert "It blocks ``go``" in rule.doc, f"{rule.code}: say why its findings keep a plan from go"


def test_lookup_by_code_or_name_and_suggestions() -> None:
    assert lookup("op03") is lookup("OP03") is lookup("objective-without-kpi")
    assert lookup("OP99") is None
    assert "OP03" in suggest("OP3")
    assert "objective-without-kpi" in suggest("objective-without-kpis")


def test_the_example_parser_finds_every_block() -> None:
    # Counted independently: one fenced yaml block per Fails/Passes paragraph.
    for rule in RULES:
        assert len(examples(rule)) == rule.doc.count("```yaml"), rule.code


# --- each rule's examples are its tests -----------------------------------------------------


@pytest.mark.parametrize("example", _all_examples(), ids=lambda e: e.label)
def test_rule_example(example: Example, tmp_path: Path) -> None:
    validated, diagnostics = _example_plan(example, tmp_path)
    assert validated is not None, f"the example is not a valid plan: {[d.message for d in diagnostics]}"
    assessment = assess_plan(validated, as_of=AS_OF)
    assert not assessment.notes, f"an export the example carries is not used: {assessment.notes}"
    raised = [f for f in assessment.findings if f.code == example.code]
    if example.outcome == "fails":
        assert raised, f"{example.code} should fire on its failing example"
        for finding in raised:
            assert finding.message and finding.location.line >= 1
            assert finding.suppressed is None
    else:
        assert not raised, f"{example.code} fired on its passing example: {raised[0].message}"


# --- where each rule can be ignored ----------------------------------------------------------


def _item_section(path: tuple[object, ...]) -> object | None:
    """The section of the item a finding points into (where the item's own
    'ignore' is consulted), or None for a finding about the plan as a whole."""
    if len(path) >= 2 and path[0] in SUPPRESSIBLE_SECTIONS and isinstance(path[1], int):
        return path[0]
    return None


def test_every_rule_reports_only_on_the_items_it_declares(tmp_path: Path) -> None:
    # DA07 trusts each rule's 'reports_on' to say which entries are misplaced;
    # a finding on an undeclared kind of item would be reported wrongly.
    examples_dir = Path(__file__).resolve().parents[1] / "examples"
    plans = []
    for e in _all_examples():
        folder = tmp_path / e.label
        folder.mkdir()
        plans.append(_example_plan(e, folder)[0])
    sources = [p for p in sorted(examples_dir.iterdir())
               if p.suffix == ".yaml" or (p.is_dir() and any(p.glob("*.yaml")))]
    plans += [check_plan(str(p))[1] for p in sources]
    seen: dict[str, set[object]] = {r.code: set() for r in RULES}
    for validated in plans:
        assert validated is not None
        for finding in assess_plan(validated, as_of=AS_OF).findings:
            section = _item_section(finding.path)
            if section is not None:
                seen[finding.code].add(section)
    for rule in RULES:
        assert seen[rule.code] <= set(rule.reports_on), f"{rule.code} reports on {seen[rule.code]}"
        # And a rule declaring kinds of item does report on one of them.
        assert bool(seen[rule.code]) == bool(rule.reports_on), rule.code
