"""The JSON document of ``socialplan assess`` (format version 1).

The document is a :class:`~socialplan.reports.assess.AssessReport` (or an
:class:`~socialplan.reports.assess.InvalidPlanReport` for a plan that does
not validate), documented field by field in docs/rules.md ("JSON output")
and docs/json-reports.md. Fields are only ever added within a format
version; a removal or a change of meaning bumps ``format_version``. Keys
keep a fixed order and numbers a fixed rounding, so the same plan assessed
on the same date gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from socialplan.assess.engine import Assessment
from socialplan.assess.findings import Finding
from socialplan.diagnostics import Diagnostic, PlanCheck
from socialplan.reporters.machine import diagnostic_entry
from socialplan.reports.assess import (
    AssessReport,
    FindingCounts,
    FindingEntry,
    FindingRef,
    InvalidPlanReport,
    NextBandEntry,
    NextStepEntry,
    RuleResultEntry,
    StakeholderEntry,
    UseCasePriority,
)
from socialplan.reports.base import document

ASSESS_JSON_VERSION = 1


def _number(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def finding_entry(f: Finding) -> FindingEntry:
    return FindingEntry(
        code=f.code,
        name=f.name,
        group=f.group,
        severity=f.severity,
        message=f.message,
        hint=f.hint,
        file=f.location.file,
        line=f.location.line,
        column=f.location.column,
        path=f.plan_path,
        suppressed=f.suppressed is not None,
        reason=f.suppressed,
        blocks_go=f.blocks_go,
    )


def _reference(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "finding": f.message, "file": f.location.file, "line": f.location.line,
            "path": f.plan_path}


def assessment_report(a: Assessment, check: PlanCheck, config_file: str | None) -> AssessReport:
    """The typed document of ``--format json`` for an assessed plan."""
    return AssessReport(
        source=check.source,
        files=check.files,
        as_of=a.as_of,
        plan_digest=a.plan_digest,
        configuration=config_file,
        score=a.score,
        verdict=a.verdict,
        reasons=a.reasons,
        groups=a.groups,
        summary=FindingCounts(error=a.count("error"), warning=a.count("warning"), info=a.count("info"),
                              suppressed=len(a.suppressed)),
        thresholds=a.config.thresholds.model_dump(),
        group_weights=dict(a.config.group_weights),
        blocks_go=a.go_blocking_rules,
        findings=[finding_entry(f) for f in a.findings],
        rules=[
            RuleResultEntry(code=r.code, group=r.group, weight=r.weight, checked=r.checked, failed=r.failed,
                            suppressed=r.suppressed, passed_share=_number(r.share_passed, 4))
            for r in a.rule_results
        ],
        ranking=a.ranking,
        use_cases=[
            UseCasePriority(rank=p.rank, id=p.id, title=p.title, reach=p.reach, impact=p.impact,
                            confidence=p.confidence, effort=p.effort, rice=_number(p.rice),
                            weighted=_number(p.weighted), value=_number(p.value), quadrant=p.quadrant,
                            reasons=p.reasons)
            for p in a.priorities
        ],
        stakeholders=[
            StakeholderEntry(id=s.id, name=s.name, headcount=s.headcount, senior=s.senior, power=s.power,
                             interest=s.interest, attitude=s.attitude, quadrant=s.quadrant, strategy=s.strategy,
                             research=s.research, research_planned=s.research_planned, adkar=_levels(s.adkar),
                             adkar_source=s.adkar_source, barrier=s.barrier, lowest=s.lowest, action=s.action)
            for s in a.stakeholders
        ],
        next_steps=[
            NextStepEntry(**_reference(n.finding), score_gain=n.gain, new_score=n.score, new_verdict=n.verdict,
                          lifts_verdict=n.lifts_verdict)
            for n in a.next_steps
        ],
        next_band=None if a.next_band is None else NextBandEntry(
            verdict=a.next_band.verdict, score=a.next_band.score,
            findings=[FindingRef(**_reference(f)) for f in a.next_band.findings]),
        validation=[],
    )


def _levels(adkar: dict[str, float] | None) -> dict[str, int | float] | None:
    """Typed scores as written; survey means to 2 decimals, as the report's other figures."""
    if adkar is None:
        return None
    return {element: level if isinstance(level, int) else round(level, 2) for element, level in adkar.items()}


def assessment_document(a: Assessment, check: PlanCheck, config_file: str | None) -> dict[str, Any]:
    """The assessment as plain data (what ``--format json`` prints)."""
    return document(assessment_report(a, check, config_file))


def invalid_report(check: PlanCheck, diagnostics: Sequence[Diagnostic]) -> InvalidPlanReport:
    return InvalidPlanReport(
        source=check.source,
        files=check.files,
        reasons=["the plan is not valid: fix the validation problems first"],
        validation=[diagnostic_entry(d) for d in diagnostics],
    )


def invalid_document(check: PlanCheck, diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    """What ``--format json`` prints for a plan that does not validate."""
    return document(invalid_report(check, diagnostics))


def assess_json_schema() -> dict[str, Any]:
    """The contract of both documents, as a JSON Schema."""
    from socialplan.reports.catalogue import REPORTS

    return REPORTS["assess"].schema()
