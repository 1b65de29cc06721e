"""The business case as a versioned JSON document (``--format json``).

The keys are documented in ``docs/business-case.md``. Headline figures
describe the leading option (the best option other than doing nothing)
measured against doing nothing; each is an object
``{"unadjusted": ..., "risk_adjusted": ...}``. Money is rounded to 2
decimals, rates and probabilities to 6; a figure that does not exist (IRR
without a sign change, ROI without costs, payback beyond the horizon) is
``null``.
"""

from __future__ import annotations

import json
from typing import Any

from socialplan import __version__
from socialplan.businesscase.analysis import BusinessCase
from socialplan.businesscase.formatting import chance
from socialplan.diagnostics import format_path
from socialplan.finance.appraisal import Figures, OptionAppraisal
from socialplan.finance.assumptions import PRESETS
from socialplan.finance.cashflow import Line

JSON_FORMAT_VERSION = 1


def _money(value: float | None) -> float | None:
    if value is None:
        return None
    rounded = round(float(value), 2)
    return 0.0 if rounded == 0 else rounded


def _rate(value: float | None) -> float | None:
    if value is None:
        return None
    rounded = round(float(value), 6)
    return 0.0 if rounded == 0 else rounded


def _pair(option: OptionAppraisal, name: str) -> dict[str, Any]:
    fmt = _money if name in ("npv", "pv_costs", "pv_benefits") else _rate
    out = {}
    for key, figures in (("unadjusted", option.unadjusted), ("risk_adjusted", option.risk_adjusted)):
        value = getattr(figures, name)
        out[key] = value if name == "payback_month" else fmt(value)
    return out


HEADLINE = ("npv", "roi", "bcr", "payback_month", "irr", "mirr", "pv_costs", "pv_benefits")


def _cash_only(option: OptionAppraisal) -> dict[str, Any]:
    """The figures from cash-releasing benefits alone, and the net budget
    impact of each programme year (negative: a net cost)."""
    out: dict[str, Any] = {}
    for name in ("npv", "pv_benefits", "pv_costs"):
        out[name] = {key: _money(getattr(option.cash_figures(adjusted), name))
                     for key, adjusted in (("unadjusted", False), ("risk_adjusted", True))}
    out["budget_impact"] = [
        {"year": y + 1, **{key: _money(option.cash_figures(adjusted).yearly_net[y])
                           for key, adjusted in (("unadjusted", False), ("risk_adjusted", True))}}
        for y in range(len(option.unadjusted.yearly_net))
    ]
    return out


def _irr_notes(option: OptionAppraisal) -> dict[str, str | None]:
    return {"unadjusted": option.unadjusted.irr_note, "risk_adjusted": option.risk_adjusted.irr_note}


def _cash_flows(case: BusinessCase) -> list[dict[str, Any]]:
    option = case.appraisal.leading
    periods = case.appraisal.periods

    def one(figures: Figures, index: int) -> dict[str, float | None]:
        net = figures.period_benefits[index] - figures.period_costs[index]
        return {
            "costs": _money(figures.period_costs[index]),
            "benefits": _money(figures.period_benefits[index]),
            "net": _money(net),
            "present_value": _money(net * figures.discount_factors[index]),
        }

    return [
        {
            "period": label,
            "t": periods.exponents[i],
            "discount_factor": _rate(option.unadjusted.discount_factors[i]),
            "unadjusted": one(option.unadjusted, i),
            "risk_adjusted": one(option.risk_adjusted, i),
        }
        for i, label in enumerate(periods.labels)
    ]


def _line_pv(case: BusinessCase, line: Line) -> dict[str, float | None]:
    factors = case.appraisal.periods.factors(case.appraisal.inputs.assumptions.discount_rate)
    pv = line.driver.likely * float(line.periods @ factors)
    return {"unadjusted": _money(pv), "risk_adjusted": _money(pv * line.adjustment)}


def _lines(case: BusinessCase) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    option = case.appraisal.leading
    inputs = case.appraisal.inputs
    benefits, costs = [], []
    for line in option.lines:
        d = line.driver
        entry: dict[str, Any] = {
            "kind": line.kind,
            "driver": d.key,
            "location": case.locations.get(d.key),
            "name": d.label,
            "estimate": {"low": d.low, "likely": d.likely, "high": d.high},
            "risk": line.risk,
            "present_value": _line_pv(case, line),
        }
        if line.kind == "cost":
            cost = inputs.costs[line.number - 1]
            entry.update({"number": f"C{line.number}", "category": cost.category, "cost_kind": cost.kind})
            costs.append(entry)
        else:
            entry["number"] = f"{'C' if line.kind == 'avoided' else 'B'}{line.number}"
            entry["cash_releasing"] = line.cash_releasing
            if line.kind == "benefit":
                benefit = inputs.benefits[line.number - 1]
                entry.update({"use_case": benefit.use_case_id, "category": benefit.category,
                              "benefit_kind": benefit.kind, "owner": benefit.owner})
            else:
                entry["benefit_kind"] = "cash-releasing"
            benefits.append(entry)
    return benefits, costs


def _options(case: BusinessCase) -> list[dict[str, Any]]:
    out = []
    for o in case.appraisal.options:
        entry: dict[str, Any] = {
            "id": o.option.id,
            "title": o.option.title,
            "baseline": o.option.baseline,
            "preferred": o is case.appraisal.preferred,
            "benefit_share": o.option.benefit_share,
        }
        entry.update({name: _pair(o, name) for name in HEADLINE})
        entry["cash_only"] = _cash_only(o)
        entry["considerations"] = list(o.option.considerations)
        entry["procurement"] = o.option.procurement
        out.append(entry)
    return out


def _simulation(case: BusinessCase) -> dict[str, Any] | None:
    sim = case.simulation
    if sim is None:
        return None
    out: dict[str, Any] = {
        "simulations": sim.simulations,
        "seed": sim.seed,
        "distribution": sim.distribution,
        "uncertain_estimates": sim.uncertain_drivers,
    }
    for name in ("p10", "p50", "p90", "mean", "std", "expected"):
        out[name] = {"unadjusted": _money(getattr(sim.unadjusted, name)),
                     "risk_adjusted": _money(getattr(sim.risk_adjusted, name))}
    out["prob_positive"] = {"unadjusted": _rate(sim.unadjusted.prob_positive),
                            "risk_adjusted": _rate(sim.risk_adjusted.prob_positive)}
    out["prob_positive_display"] = {"unadjusted": chance(sim.unadjusted.prob_positive),
                                    "risk_adjusted": chance(sim.risk_adjusted.prob_positive)}
    cash: dict[str, Any] = {}
    for name in ("p10", "p50", "p90", "mean"):
        cash[name] = {"unadjusted": _money(getattr(sim.cash_unadjusted, name)),
                      "risk_adjusted": _money(getattr(sim.cash_risk_adjusted, name))}
    cash["prob_positive"] = {"unadjusted": _rate(sim.cash_unadjusted.prob_positive),
                             "risk_adjusted": _rate(sim.cash_risk_adjusted.prob_positive)}
    cash["prob_positive_display"] = {"unadjusted": chance(sim.cash_unadjusted.prob_positive),
                                     "risk_adjusted": chance(sim.cash_risk_adjusted.prob_positive)}
    out["cash_only"] = cash
    out["correlation"] = sim.correlation
    out["adoption_varied"] = list(sim.adoption_varied)
    out["adoption_scenarios"] = sim.scenarios
    out["drivers"] = [
        {"driver": d.key, "label": d.label, "rank_correlation": _rate(d.rank_correlation), "share": _rate(d.share)}
        for d in sim.drivers
    ]
    return out


def _uncertainty(case: BusinessCase) -> dict[str, Any] | None:
    spread = case.appraisal.inputs.uncertainty
    if spread is None:
        return None
    out: dict[str, Any] = {name: {"low": d.low, "likely": d.likely, "high": d.high}
                           for name, d in zip(("ceiling", "p", "q", "launch_delay"), spread.drivers, strict=True)}
    out["correlation"] = spread.correlation
    return out


def _adoption(case: BusinessCase) -> dict[str, Any]:
    adoption = case.appraisal.adoption
    return {
        "launch_month": adoption.launch_month,
        "eligible_users": adoption.eligible,
        "groups": [
            {
                "id": g.id,
                "label": g.label,
                "headcount": g.headcount,
                "p": g.p,
                "q": g.q,
                "ceiling": g.ceiling,
                "time_unit_months": g.months_per_unit,
                "pilot_users": round(g.pilot, 2),
                "adopters": [round(float(v), 2) for v in adoption.adopters[i]],
            }
            for i, g in enumerate(adoption.groups)
        ],
    }


def _timing(case: BusinessCase) -> dict[str, Any]:
    choice = case.timing
    dates = choice.dates
    scheduled = {} if dates is None else {d.use_case: d for d in dates.pilots}
    return {
        "basis": choice.basis,
        "reason": choice.reason,
        "start": None if dates is None else dates.start.isoformat(),
        "go_live": None if dates is None else dates.go_live.isoformat(),
        "finish": None if dates is None else dates.finish.isoformat(),
        "launch_month": case.appraisal.adoption.launch_month,
        "pilots": [
            {
                "use_case": use_case,
                "start": scheduled[use_case].start.isoformat() if use_case in scheduled else None,
                "finish": scheduled[use_case].finish.isoformat() if use_case in scheduled else None,
                "first_month": window.first,
                "months": window.months,
            }
            for use_case, window in case.appraisal.inputs.pilots.items()
        ],
    }


def json_document(case: BusinessCase) -> dict[str, Any]:
    appraisal = case.appraisal
    a = appraisal.inputs.assumptions
    leading = appraisal.leading
    benefits, costs = _lines(case)
    document: dict[str, Any] = {
        "format_version": JSON_FORMAT_VERSION,
        "tool": {"name": "socialplan", "version": __version__},
        "plan": {"source": case.source, "organisation": case.plan.organisation.name, "currency": case.currency},
        "assumptions": {
            "preset": a.preset,
            "method": PRESETS[a.preset].title,
            "discounting": PRESETS[a.preset].description,
            "discount_rate": a.discount_rate,
            "horizon_years": a.horizon_years,
            "months": a.months,
            "loaded_hourly_cost": a.loaded_hourly_cost,
            "working_weeks": a.working_weeks,
            "benefit_risk": a.benefit_risk,
            "cost_risk": a.cost_risk,
            "optimism_bias": {"upper_bound": a.optimism_upper_bound, "mitigated": a.optimism_mitigated,
                              "uplift": _rate(a.optimism_uplift)},
            "distribution": a.distribution,
            "mirr": {"finance_rate": a.finance_rate, "reinvestment_rate": a.reinvestment_rate},
            "uncertainty": _uncertainty(case),
        },
        "option": {"id": leading.option.id, "title": leading.option.title},
        "preferred_option": appraisal.preferred.option.id,
        "baseline_option": appraisal.baseline.option.id,
        "draft": appraisal.inputs.draft_reason is not None,
        "draft_reason": appraisal.inputs.draft_reason,
    }
    document.update({name: _pair(leading, name) for name in HEADLINE})
    document["irr_note"] = _irr_notes(leading)
    document["cash_only"] = _cash_only(leading)
    document["cash_flows"] = _cash_flows(case)
    document["options"] = _options(case)
    document["sensitivity"] = [
        {
            "driver": bar.driver.key,
            "label": bar.driver.label,
            "kind": bar.driver.kind,
            "low": bar.driver.low,
            "likely": bar.driver.likely,
            "high": bar.driver.high,
            "npv_low": {"unadjusted": _money(bar.npv_low[0]), "risk_adjusted": _money(bar.npv_low[1])},
            "npv_high": {"unadjusted": _money(bar.npv_high[0]), "risk_adjusted": _money(bar.npv_high[1])},
        }
        for bar in case.tornado
    ]
    document["switching_values"] = [
        {
            "subject": sv.subject,
            "unit": sv.unit,
            "path": None if sv.path is None else format_path(sv.path),
            "planned": sv.planned,
            "unadjusted": None if sv.unadjusted is None else round(sv.unadjusted, 6),
            "risk_adjusted": None if sv.risk_adjusted is None else round(sv.risk_adjusted, 6),
        }
        for sv in case.switching
    ]
    document["simulation"] = _simulation(case)
    document["adoption"] = _adoption(case)
    document["benefits"] = benefits
    document["costs"] = costs
    document["timing"] = _timing(case)
    document["readiness"] = None if case.readiness is None else {
        "verdict": case.readiness.verdict, "score": case.readiness.score, "settings": case.readiness.settings}
    document["notes"] = list(appraisal.inputs.notes)
    document["warnings"] = list(case.warnings)
    return document


def json_text(case: BusinessCase) -> str:
    return json.dumps(json_document(case), indent=2, ensure_ascii=False) + "\n"
