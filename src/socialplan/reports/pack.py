"""The document of ``socialplan report --format json`` (format version 1):
the board pack's decision summary, then the documents of the reports the
stage holds, each exactly as its own command prints it with
``--format json`` (their models are reused here, not repeated).

The key figures are the business case's own figures, with the cash-releasing
and the non-cash parts stated apart, so a reader sees how much of the value
returns money to a budget.
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import Field

from socialplan.reports.assess import AssessReport
from socialplan.reports.base import TOOL, Number, ReportModel, Stamp, Tool
from socialplan.reports.business_case import BusinessCaseReport, Pair
from socialplan.reports.rollout import RolloutReport

PACK_FORMAT_VERSION: Final = 1

StageName = Literal["pilot", "outline", "full"]
SectionName = Literal["assess", "business-case", "rollout"]


class PackPlan(ReportModel):
    """Which plan the pack is for."""

    source: str = Field(description="The plan file or folder, as named on the command line.")
    organisation: str = Field(description="The organisation's name.")


class KeyFigures(ReportModel):
    """The leading option against doing nothing, from the business case: the
    same numbers as its document, with cash and non-cash apart."""

    currency: str = Field(description="ISO 4217 code of every amount.")
    option: str = Field(description="Id of the option the figures describe (the business case's `option.id`).")
    npv: Pair = Field(description="Net present value of every benefit against every cost (`npv`).")
    npv_cash_releasing: Pair = Field(description=(
        "Net present value of the cash-releasing benefits alone against every cost (`cash_only.npv`)."))
    pv_benefits: Pair = Field(description="Present value of every benefit (`pv_benefits`).")
    pv_benefits_cash_releasing: Pair = Field(description=(
        "Present value of the benefits that release cash (`cash_only.pv_benefits`)."))
    pv_benefits_non_cash: Pair = Field(description=(
        "Present value of the benefits that release no cash (staff time, quality, wider benefits): "
        "`pv_benefits` minus `pv_benefits_cash_releasing`, 2 decimals."))
    pv_costs: Pair = Field(description="Present value of costs (`pv_costs`).")
    roi: Pair = Field(description="Return on investment: NPV / PV of costs (`roi`).")
    bcr: Pair = Field(description="Benefit-cost ratio (`bcr`).")
    payback_month: Pair = Field(description="Month in which cumulative net cash flow turns positive (`payback_month`).")
    prob_positive: Pair | None = Field(description=(
        "Probability that NPV > 0 (`simulation.prob_positive`); `null` without a simulation."))
    prob_positive_cash_releasing: Pair | None = Field(description=(
        "Probability that the cash-only NPV > 0 (`simulation.cash_only.prob_positive`); `null` without a "
        "simulation."))


class RiskEntry(ReportModel):
    """One of the biggest risks, with what the plan does about it."""

    kind: Literal["value", "funding", "estimate", "readiness"] = Field(description=(
        "`value`: the chance that the risk-adjusted NPV is negative; `funding`: a positive NPV that is "
        "negative from cash-releasing benefits alone; `estimate`: an estimate among the "
        "widest bars of the tornado; `readiness`: a finding that is an error or keeps the plan from `go`."))
    source: str = Field(description=(
        "Plan path the risk is about (the estimate, the finding, `finance.budget`); empty for `value`."))
    code: str | None = Field(description="Rule code of a `readiness` finding, else `null`.")
    risk: str = Field(description="The risk, in one sentence.")
    response: str = Field(description=(
        "What the plan does about it (a pilot that tests it, an owner, a group's engagement, the plan's "
        "activities), or a sentence starting `Nothing planned:`, with the way to address it when known."))
    planned: bool = Field(description="Whether the plan does something about it.")


class Decision(ReportModel):
    """The decision summary: what the board reads first."""

    verdict: str = Field(description="The readiness verdict (`assess.verdict`): `go`, `pilot-first` or `not-ready`.")
    score: Number = Field(description="The readiness score, 0-100 (`assess.score`).")
    reasons: list[str] = Field(description="The reasons for the verdict that the summary shows, first first.")
    recommendation: str | None = Field(description="The business case's recommendation; `null` without one.")
    headline: str | None = Field(description="The business case's headline sentence; `null` without one.")
    key_figures: KeyFigures | None = Field(description="The headline figures; `null` when the stage has no case.")
    risks: list[RiskEntry] = Field(description="The biggest risks, each with the plan's response.")
    asks: list[str] = Field(description="What the board is asked to decide, in order.")


class PackReport(ReportModel):
    """The board pack, for other tools."""

    format_version: Literal[1] = Field(PACK_FORMAT_VERSION, description="1; bumped on any incompatible change.")
    tool: Tool = Field(TOOL, description="The program that wrote the report.")
    stamp: Stamp = Field(description="The date it speaks for and the digest of the plan it was made from.")
    plan: PackPlan = Field(description="Which plan.")
    stage: StageName = Field(description=(
        "What the pack is for: `pilot` (go/no-go), `outline` (an outline case) or `full` (a full case)."))
    title: str = Field(description="The stage's title, e.g. `Full business case`.")
    purpose: str = Field(description="What the board is asked to decide, in words.")
    sections: list[SectionName] = Field(description="The reports the pack holds, in order.")
    decision: Decision = Field(description="The decision summary.")
    assess: AssessReport = Field(description="The document of `socialplan assess --format json`.")
    business_case: BusinessCaseReport | None = Field(description=(
        "The document of `socialplan business-case --format json`; `null` when the stage holds no case."))
    rollout: RolloutReport | None = Field(description=(
        "The document of `socialplan rollout --format json`; `null` when the stage holds no rollout plan."))
    notes: list[str] = Field(description="Assumptions the reports made about the plan.")

