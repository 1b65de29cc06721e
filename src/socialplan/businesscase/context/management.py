"""The management case: pilots, rollout and key dates, risks and
monitoring; the benefits register is in :mod:`.register`."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from socialplan.businesscase.context.register import benefits_register
from socialplan.businesscase.context.sensitivity import switch_value
from socialplan.businesscase.context.writer import Table, Writer, driver_phrase, table
from socialplan.businesscase.formatting import DASH, chance, number, percent, trim
from socialplan.finance.adoption import month_reaching

if TYPE_CHECKING:
    from socialplan.model import StakeholderGroup

ADKAR_ORDER = ("awareness", "desire", "knowledge", "ability", "reinforcement")


def management_case(w: Writer) -> dict[str, Any]:
    return {
        "pilots": _pilots(w),
        "rollout": _rollout(w),
        "register": benefits_register(w),
        "risks": _risks(w),
        "monitoring": _monitoring(w),
    }


def _pilots(w: Writer) -> Table | None:
    rows = []
    for u in w.plan.use_cases:
        if u.pilot is None:
            continue
        p = u.pilot
        metrics = "; ".join(
            m.name + (f": {trim(m.baseline) if m.baseline is not None else '?'} to "
                      f"{trim(m.threshold)}{' ' + m.unit if m.unit else ''}" if m.threshold is not None else "")
            for m in p.metrics)
        rows.append([u.title, number(p.participants) if p.participants else DASH,
                     str(p.weeks) if p.weeks else DASH, w.pilot_span(u.id), w.groups_text(p.groups or u.stakeholders),
                     metrics or DASH, p.decision_rule or DASH])
    if not rows:
        return None
    return table(["Use case", "People", "Weeks", "Runs", "Groups", "Success metrics", "Decision rule"], rows,
                 [False, True, True, False, False, False, False])


def _rollout(w: Writer) -> dict[str, Any]:
    adoption = w.appraisal.adoption
    a = w.assumptions
    total = adoption.total
    full = sum(g.ceiling * g.headcount for g in adoption.groups)
    rows = []
    for i, g in enumerate(adoption.groups):
        curve = adoption.adopters[i]
        market = g.ceiling * g.headcount
        rows.append([g.label, number(g.headcount), percent(g.ceiling), number(g.pilot),
                     number(float(curve[min(11, a.months - 1)])), number(float(curve[-1])),
                     w.month(month_reaching(curve, 0.5 * market) if market > 0 else None, none="never")])
    points = key_dates(w)
    if full > 0:
        half, most = month_reaching(total, 0.5 * full), month_reaching(total, 0.9 * full)
        points.append(f"Adoption reaches half of the {number(full)} expected adopters in "
                      f"{w.month(half)} and 90% in {w.month(most)}; {number(float(total[-1]))} people "
                      f"use the network at the end of the horizon.")
    headcount = w.plan.headcount
    if headcount:
        per = w.plan.rollout.staff_per_champion
        recruited = sum(g.champions or 0 for g in w.plan.stakeholders)
        points.append(f"Champions: about {number(math.ceil(headcount / per))} needed at one per {per} staff; "
                      f"{number(recruited)} recruited so far.")
        sessions = math.ceil(float(total[-1]) / w.plan.rollout.session_capacity) if len(total) else 0
        points.append(f"Training: about {number(sessions)} sessions of {w.plan.rollout.session_capacity} "
                      "people to reach every adopter.")
    return {
        "points": points,
        "groups": table(["Group", "People", "Ceiling", "Pilot users", "Adopters month 12",
                         f"Adopters month {a.months}", "Half adopted"], rows,
                        [False, True, True, True, True, True, False]) if rows else None,
    }


def key_dates(w: Writer) -> list[str]:
    """Start, pilots, go-live and finish: from the rollout schedule when the
    plan has one, so they are the dates ``socialplan rollout`` gives."""
    dates = w.case.timing.dates
    pilots = [u for u in w.plan.use_cases if u.pilot is not None]
    plural = "s" if len(pilots) != 1 else ""
    if dates is not None:
        points = [f"Programme start: {w.day(dates.start)} (month 1), as in the rollout plan."]
        if dates.pilots:
            first = min(p.start for p in dates.pilots)
            last = max(p.finish for p in dates.pilots)
            count = len(dates.pilots)
            points.append(f"{count} pilot{'s' if count != 1 else ''} from {w.day(first)} to {w.day(last)}, "
                          f"{'each ' if count != 1 else ''}ending at a decision gate (scale, revise or stop).")
        elif pilots:
            points.append("The rollout plan runs none of the plan's pilots before go-live.")
        else:
            points.append("No pilot is planned.")
        points.append(f"Go-live: {w.day(dates.go_live)}, in {w.launch}; adoption across the organisation "
                      "starts then.")
        points.append(f"The rollout plan finishes with the handover to business as usual on "
                      f"{w.day(dates.finish)}.")
        return points
    points = []
    if w.start is not None:
        points.append(f"Programme start: {w.day(w.start)}.")
    if pilots:
        points.append(f"{len(pilots)} pilot{plural} from month 1; launch in {w.launch} after the longest "
                      "pilot.")
    else:
        points.append("No pilot is planned: adoption starts at launch in month 1.")
    points.append(f"These months are not taken from the rollout plan: {w.case.timing.reason}.")
    return points




def _risks(w: Writer) -> list[str]:
    out = []
    sim = w.case.simulation
    if sim is not None and sim.risk_adjusted.prob_positive < 1:
        negative = chance(1 - sim.risk_adjusted.prob_positive)
        out.append(f"Value: the risk-adjusted NPV is negative in {negative} of the simulations over the ranges "
                   "of the estimates.")
    for bar in w.case.tornado[:3]:
        phrase = driver_phrase(bar.driver)
        out.append(f"Estimate: {phrase[0].upper() + phrase[1:]} is {w.driver_text(bar.driver)}; over that "
                   f"range NPV runs from {w.money(bar.npv_low[1])} to {w.money(bar.npv_high[1])}.")
    for sv in w.case.switching:
        value = sv.risk_adjusted
        if value is not None and sv.unit in ("share", "minutes") and sv.planned > 0 \
                and value / sv.planned > 0.75:
            out.append(f"Thin margin: NPV is zero when {sv.subject} falls to "
                       f"{switch_value(w, value, sv, w.leading.risk_adjusted.npv)}.")
    if w.assumptions.optimism_uplift > 0:
        out.append(f"Optimism bias: costs carry an uplift of {percent(w.assumptions.optimism_uplift)}; evidence "
                   "that mitigates the causes of cost overrun lowers it.")
    for g in w.plan.stakeholders:
        if g.attitude in ("sceptical", "resistant"):
            plans = "; ".join(g.engagement) if g.engagement else "no engagement activity planned yet"
            out.append(f"People: {g.label} ({number(g.headcount)}) {'are' if g.headcount != 1 else 'is'} "
                       f"{g.attitude}: {plans}.")
        found = _barrier(w, g)
        if found is not None and found[1] <= 2:
            element, _, shown, source = found
            out.append(f"Readiness: {g.label} have their ADKAR barrier point at {element} "
                       f"({shown} of 5{source}); address it before the later elements.")
    return out


def _barrier(w: Writer, group: StakeholderGroup) -> tuple[str, float, str, str] | None:
    """The group's barrier point as assess judged it (from a survey wave
    when one qualifies), else from the levels typed in the plan."""
    readiness = w.case.readiness
    if readiness is not None:
        return readiness.barriers.get(group.id)
    if group.adkar is None:
        return None
    scores = group.adkar.model_dump()
    element = next((e for e in ADKAR_ORDER if scores[e] <= 3), None)
    return None if element is None else (element, float(scores[element]), str(scores[element]), "")


def _monitoring(w: Writer) -> Table | None:
    rows = []
    for o in w.plan.objectives:
        for k in o.kpis:
            unit = f" {k.unit}" if k.unit else ""
            rows.append([o.title, k.name, f"{trim(k.baseline)}{unit}" if k.baseline is not None else DASH,
                         f"{trim(k.target)}{unit}" if k.target is not None else DASH,
                         k.by.isoformat() if k.by else DASH, k.owner or DASH, k.review])
    if not rows:
        return None
    return table(["Objective", "Measure", "Baseline", "Target", "By", "Owner", "Review"], rows)
