"""The board pack: one document a board reads first, made from the reports
already computed (readiness, business case, rollout), never recomputed.

The stage says what the pack is for, and so what it holds and what it asks:
a pilot go/no-go (readiness and the pilot plan), an outline case (readiness
and the business case) or a full case (all three). The decision summary is
built here from the reports' own context builders, so its figures are the
figures of the sections that follow it; nothing here renders or writes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from socialplan.model import Plan
    from socialplan.results import AssessReport, BusinessCaseReport, RolloutReport

Stage = Literal["pilot", "outline", "full"]


@dataclass(frozen=True)
class StageSpec:
    title: str
    purpose: str
    sections: tuple[str, ...]  # report names, in the order they follow the summary


STAGES: dict[str, StageSpec] = {
    "pilot": StageSpec("Pilot go/no-go", "whether to run the pilot the plan describes",
                       ("assess", "rollout")),
    "outline": StageSpec("Outline business case", "whether the case is worth developing into a full one",
                         ("assess", "business-case")),
    "full": StageSpec("Full business case", "whether to invest in the network and its rollout",
                      ("assess", "business-case", "rollout")),
}
SECTION_TITLES = {"assess": "Readiness scorecard", "business-case": "Business case", "rollout": "Rollout plan"}
# The summary stays within two A4 pages: this many reasons and figures
# (the risks are limited in :mod:`socialplan.pack.risks`).
SHOWN_REASONS = 4
SHOWN_FIGURES = 5
SIGNATORIES = ("Executive sponsor", "Finance", "Head of internal communications", "IT / platform owner")


def _asks(stage: str, case: dict[str, Any] | None, rollout: dict[str, Any] | None) -> list[str]:
    """What the board is asked to decide, in the stage's terms."""
    asks: list[str] = []
    if stage == "pilot" and rollout is not None:
        for pilot in rollout["pilots"]:
            asks.append(f"Approve the pilot '{pilot['title']}' ({pilot['participants']} participants, "
                        f"{pilot['start']} to {pilot['finish']}), decided at its gate on {pilot['gate']} by the rule: "
                        f"{pilot['rule']}")
        if not rollout["pilots"]:
            asks.append("The plan names no pilot: agree whether to pilot before any wider rollout.")
    if stage == "outline" and case is not None:
        asks.append(f"Agree that the case for {case['summary']['option']} is worth developing into a full "
                    "business case, and fund that work.")
        asks.append("Note that the figures are estimates with ranges, not commitments.")
    if stage == "full" and case is not None:
        asks.append(f"Decide on the recommendation: {case['summary']['recommendation']}")
        if rollout is not None:
            s = rollout["summary"]
            asks.append(f"Approve the rollout from {s['start']} to {s['finish']}, going live on {s['launch']}.")
    asks.append("Name the accountable sponsor and record the decision below.")
    return asks


def summary_context(stage: str, plan: Plan, assess: AssessReport, case: BusinessCaseReport | None,
                    rollout: RolloutReport | None) -> dict[str, Any]:
    """The decision summary's values, from the reports' own context builders."""
    spec = STAGES[stage]
    a = assess.assessment
    assert a is not None
    case_context: dict[str, Any] | None = None
    if case is not None:
        from socialplan.businesscase.context import report_context as case_context_of

        case_context = case_context_of(case.case, charts={})
    rollout_context: dict[str, Any] | None = None
    if rollout is not None:
        from socialplan.rollout.context import report_context as rollout_context_of

        rollout_context = rollout_context_of(rollout.rollout, rollout.source, [], html=False,
                                             readiness=rollout.verdict())
    from socialplan.pack.risks import biggest_risks

    risks = biggest_risks(a, case.case if case else None, rollout.rollout if rollout else None, plan)
    summary = case_context["summary"] if case_context is not None else None
    return {
        "stage": stage,
        "stage_title": spec.title,
        "purpose": spec.purpose,
        "verdict": a.verdict,
        "score": f"{a.score:.1f}",
        "reasons": list(a.reasons)[:SHOWN_REASONS],
        "recommendation": summary["recommendation"] if summary else None,
        "headline": summary["headline"] if summary else None,
        "key_figures": summary["key_figures"][:SHOWN_FIGURES] if summary else [],
        "rollout": rollout_context["summary"] if rollout_context else None,
        "pilots": rollout_context["pilots"] if rollout_context else [],
        "risks": [asdict(r) for r in risks],
        "asks": _asks(stage, case_context, rollout_context),
        "sections": [{"key": key, "title": SECTION_TITLES[key]} for key in spec.sections],
        "signatories": list(SIGNATORIES),
    }
