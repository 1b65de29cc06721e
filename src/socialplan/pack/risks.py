"""The biggest risks of a plan, each paired with what the plan does about it.

Four sources, in the order a board weighs them: the chance that the
risk-adjusted NPV is negative, a value that does not return cash (so must
be funded), the estimates whose range moves NPV most
(the tornado's widest bars), and the readiness findings that keep the plan
from ``go``. What the plan does is looked up in the plan itself (a pilot
with a decision gate, the engagement a group is given, an activity the
rollout schedules for that group or use case); when nothing in the plan
addresses a risk the response says so plainly, with the finding's hint as
the way to address it. Pure: no I/O, no rendering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from socialplan.businesscase.formatting import chance

if TYPE_CHECKING:
    from socialplan.assess.engine import Assessment
    from socialplan.assess.findings import Finding
    from socialplan.businesscase.analysis import BusinessCase
    from socialplan.diagnostics import PlanPath
    from socialplan.model import Plan
    from socialplan.rollout import RolloutPlan

RiskKind = Literal["value", "funding", "estimate", "readiness"]
NOTHING_PLANNED = "Nothing planned"
# Widest tornado bars and go-blocking findings shown: with the value and
# funding risks, at most six risks, so the decision summary keeps to two pages.
SHOWN_DRIVERS = 2
SHOWN_FINDINGS = 2


@dataclass(frozen=True)
class Risk:
    kind: RiskKind
    source: str  # the plan path the risk is about ("" for the whole case)
    risk: str  # the risk, in one sentence
    response: str  # what the plan does about it, or "Nothing planned: ..."
    planned: bool  # whether the plan does something about it
    code: str | None = None  # the rule code of a readiness finding


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _nothing(reason: str) -> str:
    return f"{NOTHING_PLANNED}: {reason}"


def _pilot_gates(plan: Plan, rollout: RolloutPlan | None) -> list[str]:
    """Each pilot that ends in a decision: its title, with its gate's date when scheduled."""
    gates = {a.spec.use_case: a.start for a in rollout.activities if a.spec.kind == "gate"} if rollout else {}
    out = []
    for u in plan.use_cases:
        if u.pilot is None or not u.pilot.decision_rule:
            continue
        when = gates.get(u.id)
        out.append(f"'{u.title}'" + (f" (gate {when.isoformat()})" if when else ""))
    return out


def _value_risk(case: BusinessCase, plan: Plan, rollout: RolloutPlan | None) -> Risk | None:
    sim = case.simulation
    if sim is None or sim.risk_adjusted.prob_positive >= 1:
        return None
    negative = chance(1 - sim.risk_adjusted.prob_positive)
    risk = f"The risk-adjusted NPV is negative in {negative} of the simulations over the estimates' ranges."
    gates = _pilot_gates(plan, rollout)
    if gates:
        count = f"{len(gates)} pilots end" if len(gates) != 1 else "1 pilot ends"
        return Risk("value", "", risk, f"{count} in a decision to scale, revise or stop before the wider "
                    "spend: " + "; ".join(gates) + ".", True)
    return Risk("value", "", risk, _nothing("no pilot with a decision rule stops the spend if the value "
                                              "does not appear."), False)


def _funding_risk(case: BusinessCase, plan: Plan) -> Risk | None:
    """A case whose value is positive only with benefits that return no
    money must be funded: the board is asked for a budget, not a saving."""
    from socialplan.businesscase.formatting import money

    leading = case.appraisal.leading
    cash = leading.cash_risk_adjusted.npv
    if leading.risk_adjusted.npv <= 0 or cash >= 0:
        return None
    risk = (f"From cash-releasing benefits alone the risk-adjusted NPV is {money(cash, case.currency)}: the "
            "programme does not pay for itself in cash and must be funded.")
    budget = plan.finance.budget
    if budget:
        return Risk("funding", "finance.budget", risk,
                    f"The plan names a yearly budget of {money(budget, case.currency)} for it.", True)
    return Risk("funding", "finance.budget", risk, _nothing("the plan names no budget ('finance.budget') to fund "
                                                          "it."), False)


def _estimate_risks(case: BusinessCase, plan: Plan) -> list[Risk]:
    from socialplan.businesscase.context.writer import Writer, driver_phrase

    w = Writer(case)
    out = []
    for bar in case.tornado[:SHOWN_DRIVERS]:
        driver = bar.driver
        phrase = driver_phrase(driver)
        low, high = sorted((bar.npv_low[1], bar.npv_high[1]))
        verb = "are" if driver.kind == "hours" else "is"  # "the hours saved ... are"
        risk = (f"{phrase[0].upper() + phrase[1:]} {verb} {w.driver_text(driver)}; over that range the risk-adjusted "
                f"NPV runs from {w.money(low)} to {w.money(high)}.")
        out.append(Risk("estimate", driver.key, risk, *_estimate_response(plan, driver.path)))
    return out


def _estimate_response(plan: Plan, path: PlanPath) -> tuple[str, bool]:
    """A benefit's estimate is tested by its use case's pilot and owned by
    its owner; a cost has no response in the plan beyond its range."""
    if len(path) >= 4 and path[0] == "use_cases" and isinstance(path[1], int) and path[2] == "benefits" \
            and isinstance(path[3], int) and path[1] < len(plan.use_cases):
        use_case = plan.use_cases[path[1]]
        benefit = use_case.benefits[path[3]] if path[3] < len(use_case.benefits) else None
        owner = f" {benefit.owner} is responsible for realising it." if benefit and benefit.owner else ""
        pilot = use_case.pilot
        if pilot is not None:
            measured = "; ".join(m.name for m in pilot.metrics)
            what = f" (measuring {measured})" if measured else ""
            return f"The pilot of '{use_case.title}' tests it before the wider rollout{what}.{owner}", True
        if owner:
            return f"No pilot tests it before the wider rollout.{owner}", True
        return _nothing(f"no pilot tests the estimate and no one is named to realise it (use case "
                        f"'{use_case.title}')."), False
    return _nothing("the estimate is carried with its range; no pilot or contract fixes it."), False


def _subject(plan: Plan, path: PlanPath) -> tuple[str, str] | None:
    """(``stakeholders`` or ``use_cases``, id) of the item a finding is about."""
    if len(path) >= 2 and path[0] in ("stakeholders", "use_cases") and isinstance(path[1], int):
        items = plan.stakeholders if path[0] == "stakeholders" else plan.use_cases
        if path[1] < len(items):
            return str(path[0]), items[path[1]].id
    return None


def _finding_response(finding: Finding, plan: Plan, rollout: RolloutPlan | None) -> tuple[str, bool]:
    subject = _subject(plan, finding.path)
    planned: list[str] = []
    if subject is not None and subject[0] == "stakeholders":
        group = next(g for g in plan.stakeholders if g.id == subject[1])
        if group.engagement:
            planned.append(f"engagement with {group.label}: " + "; ".join(group.engagement))
    if subject is not None and rollout is not None:
        # The plan's own activities only: a suggestion of the tool is not
        # something the plan does.
        # A use case's own pilot addresses a finding about it; its build or
        # launch does not.
        for a in rollout.activities:
            if subject[0] == "stakeholders":
                concerns = subject[1] in a.spec.groups
            else:
                concerns = a.spec.use_case == subject[1] and a.spec.kind == "pilot"
            if concerns and a.spec.suggested is None and not a.spec.milestone:
                planned.append(f"'{a.spec.name}' ({a.start.isoformat()} to {a.finish.isoformat()})")
                if len(planned) >= 3:
                    break
    if planned:
        return "The plan has " + "; ".join(planned) + ".", True
    hint = f" To address it: {_sentence(finding.hint)}" if finding.hint else ""
    return _nothing("nothing in the plan addresses it yet." + hint), False


def _readiness_risks(assessment: Assessment, plan: Plan, rollout: RolloutPlan | None) -> list[Risk]:
    # Errors first, then the findings that block go: what stands between
    # the plan and a go verdict.
    active = [f for f in assessment.active if f.severity == "error" or f.blocks_go]
    active.sort(key=lambda f: (f.severity != "error", not f.blocks_go))
    out = []
    for f in active[:SHOWN_FINDINGS]:
        response, planned = _finding_response(f, plan, rollout)
        out.append(Risk("readiness", f.plan_path, f"{f.code} {_sentence(f.message)}", response, planned,
                        f.code))
    return out


def biggest_risks(assessment: Assessment, case: BusinessCase | None, rollout: RolloutPlan | None,
                  plan: Plan) -> list[Risk]:
    """The pack's risks, each with the plan's response."""
    risks: list[Risk] = []
    if case is not None:
        value = _value_risk(case, plan, rollout)
        funding = _funding_risk(case, plan)
        risks += [r for r in (value, funding) if r is not None]
        risks += _estimate_risks(case, plan)
    risks += _readiness_risks(assessment, plan, rollout)
    return risks
