"""The document of ``socialplan business-case --format json`` (format version 1).

Headline figures describe the leading option (the best option other than
doing nothing) measured against doing nothing; each is a :class:`Pair`,
``{"unadjusted": ..., "risk_adjusted": ...}``. Money is rounded to 2
decimals, rates and probabilities to 6; a figure that does not exist (IRR
without a sign change, ROI without costs, payback beyond the horizon) is
``null``.

A new figure is one field with a description, here and in the builder
(:mod:`socialplan.businesscase.jsondoc`); a new headline pair goes in both
:class:`BusinessCaseReport` and :class:`OptionEntry` and in ``HEADLINE``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final, Literal

from pydantic import Field

from socialplan.finance.cashflow import LineKind
from socialplan.finance.inputs import DriverKind
from socialplan.finance.sensitivity import SwitchUnit
from socialplan.reports.base import TOOL, Number, ReportModel, Stamp, Tool

BUSINESS_CASE_FORMAT_VERSION: Final = 1


class Pair(ReportModel):
    """A figure as estimated and after risk adjustment (``null`` where it does not exist)."""

    unadjusted: Number | None = Field(description="As estimated.")
    risk_adjusted: Number | None = Field(
        description="With each benefit reduced and each cost increased by its risk, plus optimism bias on costs.")


class PlanInfo(ReportModel):
    """Which plan the case is for."""

    source: str = Field(description="The plan file or folder, as named on the command line.")
    organisation: str = Field(description="The organisation's name.")
    currency: str = Field(description="ISO 4217 code of every amount.")


class OptimismBias(ReportModel):
    """The uplift on costs for optimism bias."""

    upper_bound: Number = Field(description="Upper bound of the uplift, as a fraction.")
    mitigated: Number = Field(description="Share of the causes the plan mitigates.")
    uplift: float | None = Field(description="upper_bound x (1 - mitigated), 6 decimals.")


class MirrRates(ReportModel):
    """The two rates of the modified internal rate of return."""

    finance_rate: Number = Field(description="Yearly rate paid on the money put in (default: the discount rate).")
    reinvestment_rate: Number = Field(
        description="Yearly rate earned on the money that comes back (default: the discount rate).")


class UncertaintySettings(ReportModel):
    """What the simulation varies besides the estimates."""

    ceiling: Estimate = Field(description="Multiplier of every group's adoption ceiling.")
    p: Estimate = Field(description="Multiplier of every group's coefficient of innovation.")
    q: Estimate = Field(description="Multiplier of every group's coefficient of imitation.")
    launch_delay: Estimate = Field(description="Months launch slips after the planned launch.")
    correlation: Number = Field(description="Rank correlation of every pair of inputs (shared optimism factor).")


class Assumptions(ReportModel):
    """The appraisal settings every figure rests on."""

    preset: Literal["tei", "greenbook"] = Field(description="Appraisal method preset.")
    method: str = Field(description="The preset's title.")
    discounting: str = Field(description="How periods are discounted.")
    discount_rate: Number = Field(description="Yearly discount rate, as a fraction.")
    horizon_years: int = Field(ge=1, description="Years appraised.")
    months: int = Field(ge=1, description="Months appraised.")
    loaded_hourly_cost: Number | None = Field(description="Fully loaded cost of an hour of staff time, if given.")
    working_weeks: Number = Field(description="Working weeks a year.")
    benefit_risk: Number = Field(description="Default risk adjustment of benefits, as a fraction.")
    cost_risk: Number = Field(description="Default risk adjustment of costs, as a fraction.")
    optimism_bias: OptimismBias = Field(description="The optimism-bias uplift on costs.")
    distribution: Literal["triangular", "pert"] = Field(description="Distribution of three-point estimates.")
    mirr: MirrRates = Field(description="The rates of MIRR.")
    uncertainty: UncertaintySettings | None = Field(description="What the simulation varies besides the estimates.")


class OptionRef(ReportModel):
    """An option by id and title."""

    id: str = Field(description="Option id.")
    title: str = Field(description="Option title.")


class CashFlowAmounts(ReportModel):
    """One period's money, rounded to 2 decimals."""

    costs: float | None = Field(description="Costs in the period.")
    benefits: float | None = Field(description="Benefits in the period.")
    net: float | None = Field(description="Benefits minus costs.")
    present_value: float | None = Field(description="Net x discount factor.")


class CashFlow(ReportModel):
    """One appraisal period of the leading option."""

    period: str = Field(description="The period's label, e.g. `Year 1`.")
    t: Number = Field(description="Discount exponent of the period.")
    discount_factor: float | None = Field(description="1 / (1 + rate)^t, 6 decimals.")
    unadjusted: CashFlowAmounts = Field(description="As estimated.")
    risk_adjusted: CashFlowAmounts = Field(description="Risk-adjusted.")


class TextPair(ReportModel):
    """A sentence or display string as estimated and after risk adjustment (``null`` where there is none)."""

    unadjusted: str | None = Field(description="As estimated.")
    risk_adjusted: str | None = Field(description="Risk-adjusted.")


class BudgetYear(ReportModel):
    """The net budget impact of one programme year."""

    year: int = Field(ge=1, description="Programme year: 1 is months 1-12.")
    unadjusted: float | None = Field(
        description="Cash-releasing benefits minus costs, undiscounted; negative is a net cost.")
    risk_adjusted: float | None = Field(description="The same, risk-adjusted.")


class CashOnly(ReportModel):
    """An option's figures from cash-releasing benefits alone (and costs avoided), against every cost."""

    npv: Pair = Field(description="Net present value.")
    pv_benefits: Pair = Field(description="Present value of cash-releasing benefits.")
    pv_costs: Pair = Field(description="Present value of costs.")
    budget_impact: list[BudgetYear] = Field(description="The net budget impact of each programme year.")


class OptionEntry(ReportModel):
    """One option's figures against doing nothing."""

    id: str = Field(description="Option id.")
    title: str = Field(description="Option title.")
    baseline: bool = Field(description="Whether it is the do-nothing option.")
    preferred: bool = Field(description="Whether it is the preferred option (highest risk-adjusted NPV).")
    benefit_share: Number = Field(description="Share of the benefits it realises, as a fraction.")
    npv: Pair = Field(description="Net present value.")
    roi: Pair = Field(description="Return on investment: NPV / PV of costs.")
    bcr: Pair = Field(description="Benefit-cost ratio: PV of benefits / PV of costs.")
    payback_month: Pair = Field(description="Month (counted from 1) in which cumulative net cash flow turns positive.")
    irr: Pair = Field(description="Yearly internal rate of return, where one exists.")
    mirr: Pair = Field(description="Modified internal rate of return, where there are both an outlay and a return.")
    pv_costs: Pair = Field(description="Present value of costs.")
    pv_benefits: Pair = Field(description="Present value of benefits.")
    cash_only: CashOnly = Field(description="The figures from cash-releasing benefits alone.")
    considerations: list[str] = Field(description="Non-financial considerations the plan lists.")
    procurement: str | None = Field(description="How it would be procured, if stated.")


class SensitivityBar(ReportModel):
    """One estimate of the tornado: NPV at its low and high values."""

    driver: str = Field(description="Plan path of the estimate.")
    label: str = Field(description="What it estimates.")
    kind: DriverKind = Field(description="`hours`, `annual` or `cost`.")
    low: Number = Field(description="Low estimate.")
    likely: Number = Field(description="Likely estimate.")
    high: Number = Field(description="High estimate.")
    npv_low: Pair = Field(description="NPV with the estimate at its low value.")
    npv_high: Pair = Field(description="NPV with the estimate at its high value.")


class SwitchingValueEntry(ReportModel):
    """The value of an input at which NPV is zero."""

    subject: str = Field(description="The input, in words.")
    unit: SwitchUnit = Field(description="Unit of `planned` and the switching values.")
    path: str | None = Field(description="Plan path of the input, when it is one value of the plan.")
    planned: Number = Field(description="The plan's value.")
    unadjusted: float | None = Field(description="Switching value as estimated, 6 decimals; `null` if none.")
    risk_adjusted: float | None = Field(description="Switching value risk-adjusted, 6 decimals; `null` if none.")


class CashOnlySimulation(ReportModel):
    """The simulated NPV from cash-releasing benefits alone."""

    p10: Pair = Field(description="NPV with a 9 in 10 chance of more.")
    p50: Pair = Field(description="Median NPV.")
    p90: Pair = Field(description="NPV with a 1 in 10 chance of more.")
    mean: Pair = Field(description="Mean NPV of the draws.")
    prob_positive: Pair = Field(description="Probability that NPV > 0.")
    prob_positive_display: TextPair = Field(description="The probability as the report shows it.")


class SpreadDriver(ReportModel):
    """One input's part in the spread of risk-adjusted NPV."""

    driver: str = Field(description="Plan path of the input.")
    label: str = Field(description="What it is.")
    rank_correlation: float | None = Field(description="Spearman rank correlation with risk-adjusted NPV, 6 decimals.")
    share: float | None = Field(description="Squared rank correlation, scaled so the shares add up to 1; 6 decimals.")


class Simulation(ReportModel):
    """The Monte Carlo simulation of NPV over the estimates' ranges."""

    simulations: int = Field(ge=1, description="Draws.")
    seed: int = Field(ge=0, description="Seed: the same seed gives the same figures.")
    distribution: Literal["triangular", "pert"] = Field(description="Distribution of the estimates.")
    uncertain_estimates: int = Field(ge=0, description="Estimates with a range.")
    p10: Pair = Field(description="NPV with a 9 in 10 chance of more.")
    p50: Pair = Field(description="Median NPV.")
    p90: Pair = Field(description="NPV with a 1 in 10 chance of more.")
    mean: Pair = Field(description="Mean NPV of the draws.")
    std: Pair = Field(description="Standard deviation of NPV.")
    expected: Pair = Field(description="NPV with every estimate at its mean.")
    prob_positive: Pair = Field(description="Probability that NPV > 0.")
    prob_positive_display: TextPair = Field(
        description="The probability as the report shows it: `>99.9%`, `<0.1%` or a percentage to one decimal.")
    cash_only: CashOnlySimulation = Field(description="NPV from cash-releasing benefits alone.")
    correlation: Number = Field(description="Rank correlation every pair of inputs shared.")
    adoption_varied: list[Literal["ceiling", "p", "q", "launch_delay"]] = Field(
        description="Which adoption settings varied.")
    adoption_scenarios: int = Field(ge=1, description="Adoption strata run through the model.")
    drivers: list[SpreadDriver] = Field(description="What drives the spread of risk-adjusted NPV, largest share first.")


class AdoptionGroup(ReportModel):
    """One group's adoption curve (Bass diffusion)."""

    id: str = Field(description="Stakeholder group id.")
    label: str = Field(description="Group label.")
    headcount: Number = Field(ge=0, description="People in the group.")
    p: Number = Field(description="Bass coefficient of innovation.")
    q: Number = Field(description="Bass coefficient of imitation.")
    ceiling: Number = Field(description="Share of the group expected to adopt.")
    time_unit_months: Number = Field(description="Months in the time unit of p and q.")
    pilot_users: Number = Field(description="Pilot participants from the group, 2 decimals.")
    adopters: list[float] = Field(description="Adopters by month, the first month first, 2 decimals.")


class Adoption(ReportModel):
    """Who adopts, and when."""

    launch_month: int = Field(ge=0, description=(
        "Counted from 0, month 0 being the month of `rollout.start`: the months before launch "
        "(the report's \"month N\" counts from 1)."))
    eligible_users: Number = Field(description="People eligible to adopt.")
    groups: list[AdoptionGroup] = Field(description="One per adopting group.")


class Estimate(ReportModel):
    """A three-point estimate."""

    low: Number = Field(description="Low.")
    likely: Number = Field(description="Likely.")
    high: Number = Field(description="High.")


class _Line(ReportModel):
    kind: LineKind = Field(description="`benefit`, `avoided` (a cost only doing nothing incurs) or `cost`.")
    driver: str = Field(description="Plan path of the estimate.")
    location: str | None = Field(description="Where the estimate is written, `file:line`.")
    name: str = Field(description="What it is.")
    estimate: Estimate = Field(description="The three-point estimate.")
    risk: Number = Field(description="Its risk adjustment, as a fraction.")
    present_value: Pair = Field(description="Present value, rounded to 2 decimals.")


class BenefitLine(_Line):
    """A benefit of the leading option."""

    kind: Literal["benefit"] = Field(description="`benefit`.")
    number: str = Field(pattern=r"^B[0-9]+$", description="Its number in the report, e.g. `B1`.")
    cash_releasing: bool = Field(description="Whether it releases cash (counts towards the budget).")
    use_case: str = Field(description="The use case that brings it.")
    category: str = Field(description="Benefit category, e.g. `time-saved`.")
    benefit_kind: Literal["cash-releasing", "non-cash-releasing", "wider"] = Field(
        description="Green Book kind of benefit.")
    owner: str | None = Field(description="Who is responsible for realising it, if stated.")


class AvoidedCostLine(_Line):
    """A cost that only doing nothing incurs, counted as a benefit."""

    kind: Literal["avoided"] = Field(description="`avoided`.")
    number: str = Field(pattern=r"^C[0-9]+$", description="The cost's number in the report, e.g. `C2`.")
    cash_releasing: bool = Field(description="Whether avoiding it releases cash.")
    benefit_kind: Literal["cash-releasing"] = Field(description="Always `cash-releasing`: the money stays in a budget.")


class CostLine(_Line):
    """A cost of the leading option."""

    kind: Literal["cost"] = Field(description="`cost`.")
    number: str = Field(pattern=r"^C[0-9]+$", description="Its number in the report, e.g. `C1`.")
    category: str = Field(description="Cost category, e.g. `licence`.")
    cost_kind: Literal["one-off", "recurring", "per-user"] = Field(description="How the cost falls.")


class TimingPilot(ReportModel):
    """When one pilot runs, as the model counts it."""

    use_case: str = Field(description="The use case piloted.")
    start: dt.date | None = Field(description="First day, from the schedule; `null` without one.")
    finish: dt.date | None = Field(description="Last day, from the schedule; `null` without one.")
    first_month: int = Field(ge=0, description="First month, counted from 0.")
    months: int = Field(ge=0, description="Months it runs.")


class Timing(ReportModel):
    """Where the model's months come from."""

    basis: Literal["rollout-schedule", "pilot-lengths"] = Field(description="The rollout schedule, or pilot lengths.")
    reason: str | None = Field(description="Why not the schedule, else `null`.")
    start: dt.date | None = Field(description="Programme start, from the schedule.")
    go_live: dt.date | None = Field(description="Go-live, from the schedule.")
    finish: dt.date | None = Field(description="Handover to business as usual, from the schedule.")
    launch_month: int = Field(ge=0, description="Launch month, counted from 0.")
    pilots: list[TimingPilot] = Field(description="One per pilot the model runs.")


class Readiness(ReportModel):
    """The verdict of ``socialplan assess`` with the plan's assessment settings."""

    verdict: str = Field(description="`go`, `pilot-first` or `not-ready`.")
    score: Number | None = Field(description="The readiness score, 0-100.")
    settings: str | None = Field(description="The settings file used, `null` for the defaults.")


class Effect(ReportModel):
    """The share of the hoped-for change a pilot achieved on one metric:
    (observed - baseline) / (threshold - baseline); 1 is the threshold met exactly."""

    low: Number = Field(description="From the interval's end nearer the baseline (the value when no interval).")
    mid: Number = Field(description="From the observed value.")
    high: Number = Field(description="From the interval's other end (the value when no interval).")


class PilotDecision(ReportModel):
    """A pilot the plan's evidence judges, as the business case applies it."""

    use_case: str = Field(description="The use case piloted.")
    decision: Literal["scale", "revise", "stop", "pending"] = Field(description=(
        "`stop`: out of every option; `scale`: its benefits use the observed effect; `revise`, `pending`: "
        "the estimates stand."))
    date: dt.date | None = Field(description="When the pilot's gate was held, if the plan says.")
    reason: str = Field(description="The reason the decision rests on.")


class BenefitEvidenceEntry(ReportModel):
    """One benefit estimate replaced by a pilot's evidence (the pilot decided scale)."""

    number: str = Field(pattern=r"^B[0-9]+$", description="The benefit's number in the report, e.g. `B1`.")
    benefit: str = Field(description="The benefit's name.")
    use_case: str = Field(description="The use case whose pilot gave the evidence.")
    driver: str = Field(description="Plan path of the estimate replaced.")
    kind: Literal["hours", "annual"] = Field(description="Hours per user per week, or an annual value.")
    estimate: Estimate = Field(description="The plan's estimate.")
    evidence: Estimate = Field(description="What the model uses in its place.")
    metric: str = Field(description="The pilot metric whose effect applies.")
    effect: Effect = Field(description="That metric's achieved share of the hoped-for change.")
    interval: str | None = Field(description="The interval the range comes from, `null` for a value without a "
                                             "sample (the estimate's range is then kept around the new value).")
    source: str = Field(description="The evidence, in words.")


class PilotEvidence(ReportModel):
    """What the pilots' decisions changed in the business case."""

    pilots: list[PilotDecision] = Field(description="Every pilot the plan's evidence judges, in plan order.")
    out_of_every_option: list[str] = Field(description="Use cases whose pilot decided stop: their benefits count "
                                                       "in no option (their costs stay).")
    benefits: list[BenefitEvidenceEntry] = Field(description="Each benefit estimate replaced by the evidence.")
    notes: list[str] = Field(description="One sentence per use case stopped or kept at its estimate for revision.")


class BusinessCaseReport(ReportModel):
    """The business case's figures, for other tools."""

    format_version: Literal[1] = Field(BUSINESS_CASE_FORMAT_VERSION,
                                       description="1; bumped on any incompatible change.")
    tool: Tool = Field(TOOL, description="The program that wrote the report.")
    stamp: Stamp = Field(description="The date it speaks for and the digest of the plan it was made from.")
    plan: PlanInfo = Field(description="Which plan.")
    assumptions: Assumptions = Field(description="The appraisal settings.")
    option: OptionRef = Field(description="The leading option, which the headline figures describe.")
    preferred_option: str = Field(description="Id of the preferred option (may be doing nothing).")
    baseline_option: str = Field(description="Id of the do-nothing option (`do-nothing` when the plan names none).")
    draft: bool = Field(description="Whether the case is a draft: the plan's options have no do-nothing baseline.")
    draft_reason: str | None = Field(description="Why it is a draft, else `null`.")
    npv: Pair = Field(description="Net present value.")
    roi: Pair = Field(description="Return on investment: NPV / PV of costs.")
    bcr: Pair = Field(description="Benefit-cost ratio: PV of benefits / PV of costs.")
    payback_month: Pair = Field(description="Month (counted from 1) in which cumulative net cash flow turns positive.")
    irr: Pair = Field(description="Yearly internal rate of return, where one exists.")
    mirr: Pair = Field(description="Modified internal rate of return, where there are both an outlay and a return.")
    pv_costs: Pair = Field(description="Present value of costs.")
    pv_benefits: Pair = Field(description="Present value of benefits.")
    irr_note: TextPair = Field(description="Why IRR is absent or above 100%, in words; `null` when it needs no note.")
    cash_only: CashOnly = Field(description="The leading option's figures from cash-releasing benefits alone.")
    cash_flows: list[CashFlow] = Field(description="The leading option's cash flows, one per period.")
    options: list[OptionEntry] = Field(description="Every option, doing nothing included.")
    sensitivity: list[SensitivityBar] = Field(description="Tornado bars, widest first.")
    switching_values: list[SwitchingValueEntry] = Field(description="Values at which NPV is zero.")
    simulation: Simulation | None = Field(description="The Monte Carlo simulation; `null` with `--simulations 0`.")
    adoption: Adoption = Field(description="The adoption model.")
    benefits: list[Annotated[BenefitLine | AvoidedCostLine, Field(discriminator="kind")]] = Field(
        description="The leading option's benefit lines: its benefits, and the costs it avoids.")
    costs: list[CostLine] = Field(description="The leading option's cost lines.")
    timing: Timing = Field(description="Where the months come from.")
    readiness: Readiness | None = Field(description=(
        "The readiness verdict, or `null` (no `assess`, or settings that cannot be read: see `warnings`)."))
    evidence: PilotEvidence = Field(description="What the pilots' decisions changed (empty lists without evidence).")
    notes: list[str] = Field(description="Assumptions the model made about the plan.")
    warnings: list[str] = Field(description="What did not stop the report but should be fixed.")
