"""The board pack's risks: each of the biggest risks (the chance of a
negative NPV, the widest tornado bars, the findings that block go) is
listed, and each is paired with what the plan does about it or the plain
statement that nothing is planned. The oracle is the plan itself: a pilot,
an owner, a group's engagement or a scheduled activity of the plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from socialplan import api
from socialplan.pack.risks import NOTHING_PLANNED, SHOWN_DRIVERS, SHOWN_FINDINGS, biggest_risks
from socialplan.present import render
from socialplan.sources import single_plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PLANS = sorted([*EXAMPLES.glob("*.yaml"), EXAMPLES / "sales-webinars"])
AS_OF = dt.date(2026, 12, 1)


def _pack(plan: Path) -> object:
    _, validated = api.check(single_plan(str(plan)))
    if validated is None:
        pytest.skip(f"{plan.name} does not validate: it makes no pack")
    result = api.pack(validated, as_of=AS_OF, simulations=300)
    if result.report is None:
        pytest.skip(f"{plan.name} makes no pack")
    return result.report


def _planned_for_estimate(plan: object, path: tuple[object, ...]) -> bool:
    if path[0] != "use_cases":
        return False
    use_case = plan.use_cases[path[1]]  # type: ignore[attr-defined]
    benefit = use_case.benefits[path[3]]
    return use_case.pilot is not None or bool(benefit.owner)


def _planned_for_finding(plan: object, rollout: object, path: tuple[object, ...]) -> bool:
    if len(path) < 2 or not isinstance(path[1], int):
        return False
    if path[0] == "stakeholders":
        group = plan.stakeholders[path[1]]  # type: ignore[attr-defined]
        own = [a for a in rollout.activities  # type: ignore[attr-defined]
               if group.id in a.spec.groups and a.spec.suggested is None and a.spec.days > 0]
        return bool(group.engagement) or bool(own)
    if path[0] == "use_cases":
        use_case = plan.use_cases[path[1]]  # type: ignore[attr-defined]
        return any(a.spec.use_case == use_case.id and a.spec.kind == "pilot"
                   for a in rollout.activities)  # type: ignore[attr-defined]
    return False


@pytest.mark.parametrize("plan_path", PLANS, ids=lambda p: p.stem)
def test_each_risk_has_the_plans_response_or_says_nothing_is_planned(plan_path: Path) -> None:
    pack = _pack(plan_path)
    plan = pack.validated.plan  # type: ignore[attr-defined]
    assessment = pack.assess.assessment  # type: ignore[attr-defined]
    case = pack.business_case.case  # type: ignore[attr-defined]
    rollout = pack.rollout.rollout  # type: ignore[attr-defined]
    risks = biggest_risks(assessment, case, rollout, plan)
    assert risks
    for risk in risks:
        assert risk.response
        assert risk.planned == (not risk.response.startswith(NOTHING_PLANNED))
    # Which risks are listed: the oracle is the reports' own figures.
    sim = case.simulation
    value = [r for r in risks if r.kind == "value"]
    assert len(value) == (1 if sim.risk_adjusted.prob_positive < 1 else 0)
    if value:
        pilots = [u for u in plan.use_cases if u.pilot is not None and u.pilot.decision_rule]
        assert value[0].planned == bool(pilots)
        for u in pilots:
            assert f"'{u.title}'" in value[0].response
    # Funding: from the business case document's own figures.
    leading = case.appraisal.leading
    funding = [r for r in risks if r.kind == "funding"]
    assert len(funding) == (1 if leading.risk_adjusted.npv > 0 > leading.cash_risk_adjusted.npv else 0)
    for risk in funding:
        assert risk.planned == bool(plan.finance.budget)
    assert [r.kind for r in risks] == sorted((r.kind for r in risks),
                                             key=["value", "funding", "estimate", "readiness"].index)
    estimates = [r for r in risks if r.kind == "estimate"]
    assert [r.source for r in estimates] == [bar.driver.key for bar in case.tornado[:SHOWN_DRIVERS]]
    for risk, bar in zip(estimates, case.tornado, strict=False):
        assert risk.planned == _planned_for_estimate(plan, bar.driver.path)
    blocking = [f for f in assessment.active if f.severity == "error" or f.blocks_go]
    readiness = [r for r in risks if r.kind == "readiness"]
    assert len(readiness) == min(len(blocking), SHOWN_FINDINGS)
    by_place = {(f.code, f.plan_path): f for f in blocking}
    for risk in readiness:
        finding = by_place[risk.code, risk.source]
        assert finding.message in risk.risk
        assert risk.planned == _planned_for_finding(plan, rollout, finding.path)
        if not risk.planned and finding.hint:
            assert "To address it:" in risk.response


@pytest.mark.parametrize("plan_path", PLANS[:2], ids=lambda p: p.stem)
def test_the_summary_shows_every_risk_with_its_response(plan_path: Path) -> None:
    pack = _pack(plan_path)
    text = render(pack, "markdown").text
    summary = text[text.index("### The biggest risks"):text.index("### What is asked of the board")]
    risks = biggest_risks(pack.assess.assessment, pack.business_case.case,  # type: ignore[attr-defined]
                          pack.rollout.rollout, pack.validated.plan)  # type: ignore[attr-defined]
    items = [line for line in summary.splitlines() if line.startswith("- ")]
    assert len(items) == len(risks)
    for item, risk in zip(items, risks, strict=True):
        # The summary escapes Markdown; the words are the risk's own.
        assert "**What the plan does:** " in item
        assert item.replace("\\", "").endswith(risk.response.replace("\\", ""))


def test_a_plan_without_pilots_or_owners_says_nothing_is_planned() -> None:
    pack = _pack(EXAMPLES / "retail-pilot-first.yaml")
    plan = pack.validated.plan  # type: ignore[attr-defined]
    bare = plan.model_copy(update={"use_cases": [
        u.model_copy(update={"pilot": None, "benefits": [b.model_copy(update={"owner": None}) for b in u.benefits]})
        for u in plan.use_cases]})
    risks = biggest_risks(pack.assess.assessment, pack.business_case.case, None, bare)  # type: ignore[attr-defined]
    shown = [r for r in risks if r.kind in ("value", "estimate")]
    # Without a budget, a case that must be funded says nothing funds it.
    unfunded = biggest_risks(pack.assess.assessment, pack.business_case.case, None,  # type: ignore[attr-defined]
                             bare.model_copy(update={"finance": bare.finance.model_copy(update={"budget": None})}))
    for risk in (r for r in unfunded if r.kind == "funding"):
        assert not risk.planned and risk.response.startswith(f"{NOTHING_PLANNED}: ")
    assert [r.kind for r in shown][:1] == ["value"] and len(shown) == 1 + SHOWN_DRIVERS
    for risk in shown:
        assert not risk.planned and risk.response.startswith(f"{NOTHING_PLANNED}: ")
