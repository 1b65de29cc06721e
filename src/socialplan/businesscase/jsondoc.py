"""The business case as a versioned JSON document (``--format json``).

The document is a :class:`~socialplan.reports.business_case.BusinessCaseReport`,
whose fields (and docs/json-reports.md) say what each key holds. Money is
rounded to 2 decimals, rates and probabilities to 6, here, so the model
holds exactly what is printed.
"""

from __future__ import annotations

import json

from socialplan.businesscase.analysis import BusinessCase
from socialplan.businesscase.formatting import chance
from socialplan.diagnostics import format_path
from socialplan.finance.appraisal import Figures, OptionAppraisal
from socialplan.finance.assumptions import PRESETS
from socialplan.finance.cashflow import Line
from socialplan.reports.base import Stamp as StampEntry
from socialplan.reports.base import document
from socialplan.reports.business_case import (
    Adoption,
    AdoptionGroup,
    Assumptions,
    AvoidedCostLine,
    BenefitEvidenceEntry,
    BenefitLine,
    BudgetYear,
    BusinessCaseReport,
    CashFlow,
    CashFlowAmounts,
    CashOnly,
    CashOnlySimulation,
    CostLine,
    Effect,
    Estimate,
    MirrRates,
    OptimismBias,
    OptionEntry,
    OptionRef,
    Pair,
    PilotDecision,
    PilotEvidence,
    PlanInfo,
    Readiness,
    SensitivityBar,
    Simulation,
    SpreadDriver,
    SwitchingValueEntry,
    TextPair,
    Timing,
    TimingPilot,
    UncertaintySettings,
)
from socialplan.stamp import Stamp

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


def _pair(option: OptionAppraisal, name: str) -> Pair:
    fmt = _money if name in ("npv", "pv_costs", "pv_benefits") else _rate
    values = []
    for figures in (option.unadjusted, option.risk_adjusted):
        value = getattr(figures, name)
        values.append(value if name == "payback_month" else fmt(value))
    return Pair(unadjusted=values[0], risk_adjusted=values[1])


def _money_pair(unadjusted: float | None, risk_adjusted: float | None) -> Pair:
    return Pair(unadjusted=_money(unadjusted), risk_adjusted=_money(risk_adjusted))


# The headline figures of an option, as both the document and each of its
# options carry them: a field of that name in BusinessCaseReport and OptionEntry.
HEADLINE = ("npv", "roi", "bcr", "payback_month", "irr", "mirr", "pv_costs", "pv_benefits")


def _headline(option: OptionAppraisal) -> dict[str, Pair]:
    return {name: _pair(option, name) for name in HEADLINE}


def _cash_only(option: OptionAppraisal) -> CashOnly:
    """The figures from cash-releasing benefits alone, and the net budget
    impact of each programme year (negative: a net cost)."""
    u, r = option.cash_unadjusted, option.cash_risk_adjusted
    return CashOnly(
        npv=_money_pair(u.npv, r.npv),
        pv_benefits=_money_pair(u.pv_benefits, r.pv_benefits),
        pv_costs=_money_pair(u.pv_costs, r.pv_costs),
        budget_impact=[BudgetYear(year=y + 1, unadjusted=_money(a), risk_adjusted=_money(b))
                       for y, (a, b) in enumerate(zip(u.yearly_net, r.yearly_net, strict=True))],
    )


def _cash_flows(case: BusinessCase) -> list[CashFlow]:
    option = case.appraisal.leading
    periods = case.appraisal.periods

    def one(figures: Figures, index: int) -> CashFlowAmounts:
        net = figures.period_benefits[index] - figures.period_costs[index]
        return CashFlowAmounts(
            costs=_money(figures.period_costs[index]),
            benefits=_money(figures.period_benefits[index]),
            net=_money(net),
            present_value=_money(net * figures.discount_factors[index]),
        )

    return [
        CashFlow(
            period=label,
            t=periods.exponents[i],
            discount_factor=_rate(option.unadjusted.discount_factors[i]),
            unadjusted=one(option.unadjusted, i),
            risk_adjusted=one(option.risk_adjusted, i),
        )
        for i, label in enumerate(periods.labels)
    ]


def _line_pv(case: BusinessCase, line: Line) -> Pair:
    factors = case.appraisal.periods.factors(case.appraisal.inputs.assumptions.discount_rate)
    pv = line.driver.likely * float(line.periods @ factors)
    return _money_pair(pv, pv * line.adjustment)


def _lines(case: BusinessCase) -> tuple[list[BenefitLine | AvoidedCostLine], list[CostLine]]:
    option = case.appraisal.leading
    inputs = case.appraisal.inputs
    benefits: list[BenefitLine | AvoidedCostLine] = []
    costs: list[CostLine] = []
    for line in option.lines:
        d = line.driver
        common = {
            "driver": d.key,
            "location": case.locations.get(d.key),
            "name": d.label,
            "estimate": Estimate(low=d.low, likely=d.likely, high=d.high),
            "risk": line.risk,
            "present_value": _line_pv(case, line),
        }
        if line.kind == "cost":
            cost = inputs.costs[line.number - 1]
            costs.append(CostLine(kind="cost", **common, number=f"C{line.number}", category=cost.category,
                                  cost_kind=cost.kind))
        elif line.kind == "avoided":
            benefits.append(AvoidedCostLine(kind="avoided", **common, number=f"C{line.number}",
                                            cash_releasing=line.cash_releasing, benefit_kind="cash-releasing"))
        else:
            benefit = inputs.benefits[line.number - 1]
            benefits.append(BenefitLine(kind="benefit", **common, number=f"B{line.number}",
                                        cash_releasing=line.cash_releasing, use_case=benefit.use_case_id,
                                        category=benefit.category, benefit_kind=benefit.kind,
                                        owner=benefit.owner))
    return benefits, costs


def _options(case: BusinessCase) -> list[OptionEntry]:
    return [
        OptionEntry(
            id=o.option.id,
            title=o.option.title,
            baseline=o.option.baseline,
            preferred=o is case.appraisal.preferred,
            benefit_share=o.option.benefit_share,
            **_headline(o),
            cash_only=_cash_only(o),
            considerations=list(o.option.considerations),
            procurement=o.option.procurement,
        )
        for o in case.appraisal.options
    ]


def _simulation(case: BusinessCase) -> Simulation | None:
    sim = case.simulation
    if sim is None:
        return None
    money = {name: _money_pair(getattr(sim.unadjusted, name), getattr(sim.risk_adjusted, name))
             for name in ("p10", "p50", "p90", "mean", "std", "expected")}
    return Simulation(
        simulations=sim.simulations,
        seed=sim.seed,
        distribution=sim.distribution,
        uncertain_estimates=sim.uncertain_drivers,
        **money,
        prob_positive=Pair(unadjusted=_rate(sim.unadjusted.prob_positive),
                           risk_adjusted=_rate(sim.risk_adjusted.prob_positive)),
        prob_positive_display=TextPair(unadjusted=chance(sim.unadjusted.prob_positive),
                                       risk_adjusted=chance(sim.risk_adjusted.prob_positive)),
        cash_only=CashOnlySimulation(
            **{name: _money_pair(getattr(sim.cash_unadjusted, name), getattr(sim.cash_risk_adjusted, name))
               for name in ("p10", "p50", "p90", "mean")},
            prob_positive=Pair(unadjusted=_rate(sim.cash_unadjusted.prob_positive),
                               risk_adjusted=_rate(sim.cash_risk_adjusted.prob_positive)),
            prob_positive_display=TextPair(unadjusted=chance(sim.cash_unadjusted.prob_positive),
                                           risk_adjusted=chance(sim.cash_risk_adjusted.prob_positive)),
        ),
        correlation=sim.correlation,
        adoption_varied=list(sim.adoption_varied),
        adoption_scenarios=sim.scenarios,
        drivers=[SpreadDriver(driver=d.key, label=d.label, rank_correlation=_rate(d.rank_correlation),
                              share=_rate(d.share)) for d in sim.drivers],
    )


def _adoption(case: BusinessCase) -> Adoption:
    adoption = case.appraisal.adoption
    return Adoption(
        launch_month=adoption.launch_month,
        eligible_users=adoption.eligible,
        groups=[
            AdoptionGroup(
                id=g.id,
                label=g.label,
                headcount=g.headcount,
                p=g.p,
                q=g.q,
                ceiling=g.ceiling,
                time_unit_months=g.months_per_unit,
                pilot_users=round(g.pilot, 2),
                adopters=[round(float(v), 2) for v in adoption.adopters[i]],
            )
            for i, g in enumerate(adoption.groups)
        ],
    )


def _timing(case: BusinessCase) -> Timing:
    choice = case.timing
    dates = choice.dates
    scheduled = {} if dates is None else {d.use_case: d for d in dates.pilots}
    return Timing(
        basis=choice.basis,
        reason=choice.reason,
        start=None if dates is None else dates.start,
        go_live=None if dates is None else dates.go_live,
        finish=None if dates is None else dates.finish,
        launch_month=case.appraisal.adoption.launch_month,
        pilots=[
            TimingPilot(
                use_case=use_case,
                start=scheduled[use_case].start if use_case in scheduled else None,
                finish=scheduled[use_case].finish if use_case in scheduled else None,
                first_month=window.first,
                months=window.months,
            )
            for use_case, window in case.appraisal.inputs.pilots.items()
        ],
    )


def _assumptions(case: BusinessCase) -> Assumptions:
    a = case.appraisal.inputs.assumptions
    return Assumptions(
        preset=a.preset,
        method=PRESETS[a.preset].title,
        discounting=PRESETS[a.preset].description,
        discount_rate=a.discount_rate,
        horizon_years=a.horizon_years,
        months=a.months,
        loaded_hourly_cost=a.loaded_hourly_cost,
        working_weeks=a.working_weeks,
        benefit_risk=a.benefit_risk,
        cost_risk=a.cost_risk,
        optimism_bias=OptimismBias(upper_bound=a.optimism_upper_bound, mitigated=a.optimism_mitigated,
                                   uplift=_rate(a.optimism_uplift)),
        distribution=a.distribution,
        mirr=MirrRates(finance_rate=a.finance_rate, reinvestment_rate=a.reinvestment_rate),
        uncertainty=_uncertainty(case),
    )


def _uncertainty(case: BusinessCase) -> UncertaintySettings | None:
    spread = case.appraisal.inputs.uncertainty
    if spread is None:
        return None

    def estimate(i: int) -> Estimate:
        d = spread.drivers[i]
        return Estimate(low=d.low, likely=d.likely, high=d.high)

    return UncertaintySettings(ceiling=estimate(0), p=estimate(1), q=estimate(2), launch_delay=estimate(3),
                               correlation=spread.correlation)


def business_case_report(case: BusinessCase, stamp: Stamp) -> BusinessCaseReport:
    """The typed document of ``--format json``."""
    appraisal = case.appraisal
    leading = appraisal.leading
    benefits, costs = _lines(case)
    return BusinessCaseReport(
        stamp=StampEntry(as_of=stamp.as_of, plan_digest=stamp.plan_digest),
        plan=PlanInfo(source=case.source, organisation=case.plan.organisation.name, currency=case.currency),
        assumptions=_assumptions(case),
        option=OptionRef(id=leading.option.id, title=leading.option.title),
        preferred_option=appraisal.preferred.option.id,
        baseline_option=appraisal.baseline.option.id,
        draft=appraisal.inputs.draft_reason is not None,
        draft_reason=appraisal.inputs.draft_reason,
        **_headline(leading),
        irr_note=TextPair(unadjusted=leading.unadjusted.irr_note, risk_adjusted=leading.risk_adjusted.irr_note),
        cash_only=_cash_only(leading),
        cash_flows=_cash_flows(case),
        options=_options(case),
        sensitivity=[
            SensitivityBar(
                driver=bar.driver.key,
                label=bar.driver.label,
                kind=bar.driver.kind,
                low=bar.driver.low,
                likely=bar.driver.likely,
                high=bar.driver.high,
                npv_low=_money_pair(*bar.npv_low),
                npv_high=_money_pair(*bar.npv_high),
            )
            for bar in case.tornado
        ],
        switching_values=[
            SwitchingValueEntry(
                subject=sv.subject,
                unit=sv.unit,
                path=None if sv.path is None else format_path(sv.path),
                planned=sv.planned,
                unadjusted=None if sv.unadjusted is None else round(sv.unadjusted, 6),
                risk_adjusted=None if sv.risk_adjusted is None else round(sv.risk_adjusted, 6),
            )
            for sv in case.switching
        ],
        simulation=_simulation(case),
        adoption=_adoption(case),
        benefits=benefits,
        costs=costs,
        timing=_timing(case),
        readiness=None if case.readiness is None else Readiness(
            verdict=case.readiness.verdict, score=case.readiness.score, settings=case.readiness.settings),
        evidence=_evidence(case),
        notes=list(appraisal.inputs.notes),
        warnings=list(case.warnings),
    )


def _evidence(case: BusinessCase) -> PilotEvidence:
    use = case.evidence
    if use is None:
        return PilotEvidence(pilots=[], out_of_every_option=[], benefits=[], notes=[])
    return PilotEvidence(
        pilots=[PilotDecision(use_case=p.use_case, decision=p.decision, date=p.date, reason=p.lead)
                for p in use.pilots],
        out_of_every_option=list(use.stopped),
        benefits=[BenefitEvidenceEntry(
            number=f"B{b.number}", benefit=b.benefit, use_case=b.use_case, driver=b.key,
            kind="hours" if b.driver == "hours" else "annual",
            estimate=Estimate(low=b.estimate[0], likely=b.estimate[1], high=b.estimate[2]),
            evidence=Estimate(low=round(b.evidence[0], 6), likely=round(b.evidence[1], 6),
                              high=round(b.evidence[2], 6)),
            metric=b.metric, effect=Effect(low=round(b.effect[0], 6), mid=round(b.effect[1], 6),
                                           high=round(b.effect[2], 6)),
            interval=b.interval, source=b.source) for b in use.benefits],
        notes=list(use.notes),
    )


def json_text(case: BusinessCase, stamp: Stamp) -> str:
    return json.dumps(document(business_case_report(case, stamp)), indent=2, ensure_ascii=False) + "\n"
