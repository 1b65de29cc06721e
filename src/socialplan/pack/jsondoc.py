"""The typed document of ``socialplan report --format json``
(:mod:`socialplan.reports.pack`), from the decision summary's values and
the documents of the reports the stage holds.

The key figures are read from the business case's own document, never
recomputed, so the pack cannot say another number than the case does.
"""

from __future__ import annotations

from typing import Any

from socialplan.reports.assess import AssessReport
from socialplan.reports.base import Stamp
from socialplan.reports.business_case import BusinessCaseReport, Pair
from socialplan.reports.pack import Decision, KeyFigures, PackPlan, PackReport, RiskEntry
from socialplan.reports.rollout import RolloutReport


def _difference(a: Pair, b: Pair) -> Pair:
    def minus(x: float | None, y: float | None) -> float | None:
        return None if x is None or y is None else round(x - y, 2)

    return Pair(unadjusted=minus(a.unadjusted, b.unadjusted), risk_adjusted=minus(a.risk_adjusted, b.risk_adjusted))


def key_figures(case: BusinessCaseReport) -> KeyFigures:
    sim = case.simulation
    return KeyFigures(
        currency=case.plan.currency,
        option=case.option.id,
        npv=case.npv,
        npv_cash_releasing=case.cash_only.npv,
        pv_benefits=case.pv_benefits,
        pv_benefits_cash_releasing=case.cash_only.pv_benefits,
        pv_benefits_non_cash=_difference(case.pv_benefits, case.cash_only.pv_benefits),
        pv_costs=case.pv_costs,
        roi=case.roi,
        bcr=case.bcr,
        payback_month=case.payback_month,
        prob_positive=None if sim is None else sim.prob_positive,
        prob_positive_cash_releasing=None if sim is None else sim.cash_only.prob_positive,
    )


def pack_report(summary: dict[str, Any], *, source: str, organisation: str, notes: list[str],
                assess: AssessReport, case: BusinessCaseReport | None,
                rollout: RolloutReport | None) -> PackReport:
    """The pack's document: ``summary`` is :func:`socialplan.pack.summary_context`."""
    return PackReport(
        stamp=Stamp(as_of=assess.as_of, plan_digest=assess.plan_digest),
        plan=PackPlan(source=source, organisation=organisation),
        stage=summary["stage"],
        title=summary["stage_title"],
        purpose=summary["purpose"],
        sections=[s["key"] for s in summary["sections"]],
        decision=Decision(
            verdict=assess.verdict,
            score=assess.score,
            reasons=summary["reasons"],
            recommendation=summary["recommendation"],
            headline=summary["headline"],
            key_figures=None if case is None else key_figures(case),
            risks=[RiskEntry(**risk) for risk in summary["risks"]],
            asks=summary["asks"],
        ),
        assess=assess,
        business_case=case,
        rollout=rollout,
        notes=notes,
    )
