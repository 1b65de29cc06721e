"""The evidence report as data: the typed JSON document, and the values the
text, Markdown and HTML formats show (figures rounded once, here, so every
format says the same). Pure: no I/O."""

from __future__ import annotations

import datetime as dt
from typing import Any

from socialplan.evidence import Findings
from socialplan.evidence.pilots import PilotOutcome
from socialplan.evidence.spec import ELEMENTS
from socialplan.evidence.surveys import GroupReadiness, SurveyResult
from socialplan.model import Plan
from socialplan.reports.evidence import (
    Adkar,
    BarrierShares,
    EffectEntry,
    EvidenceReport,
    EvidenceSettingsEntry,
    GroupEntry,
    IntervalEntry,
    MetricEntry,
    PilotEntry,
    SurveyEntry,
)

# Means to three places and shares to four: enough for any reader, and the
# same bytes whatever order the engine summed in.
MEAN_PLACES = 3
SHARE_PLACES = 4


def _mean(value: float | None) -> float | None:
    return None if value is None else round(value, MEAN_PLACES)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, SHARE_PLACES)


def _group(group: GroupReadiness, min_rate: float) -> GroupEntry:
    rate = _share(group.response_rate)
    return GroupEntry(
        id=group.id, headcount=group.headcount, suppressed=group.suppressed, responses=group.responses,
        response_rate=rate,
        trusted=None if group.response_rate is None else group.response_rate >= min_rate,
        adkar=None if group.adkar is None else Adkar(**{e: _mean(group.adkar.get(e)) for e in ELEMENTS}),
        barrier=group.barrier,
        lowest=group.lowest,
        barrier_shares=None if group.barrier_shares is None else BarrierShares(
            **{k: _share(group.barrier_shares.get(k, 0.0)) or 0.0 for k in (*ELEMENTS, "none")}),
    )


def _survey(survey: SurveyResult, as_of: dt.date, plan: Plan) -> SurveyEntry:
    settings = plan.evidence.settings
    age = (as_of - survey.date).days
    return SurveyEntry(id=survey.id, date=survey.date, file=survey.file, age_days=age,
                       stale=age > settings.max_age_days, responses=survey.responses,
                       suppressed_groups=survey.suppressed_groups, unassigned=survey.unassigned,
                       groups=[_group(g, settings.min_response_rate) for g in survey.groups])


def _pilot(pilot: PilotOutcome, date: dt.date | None) -> PilotEntry:
    metrics = []
    for m in pilot.metrics:
        interval = None if m.interval is None else IntervalEntry(
            low=m.interval.low, high=m.interval.high, method=m.interval.method, confidence=m.interval.confidence)
        effect = None if m.effect is None else EffectEntry(low=m.effect[0], mid=m.effect[1], high=m.effect[2])
        metrics.append(MetricEntry(
            name=m.name, unit=m.unit, direction=m.direction,
            baseline=m.baseline, threshold=m.threshold, measured=m.measured, observed=m.observed, n=m.n,
            met=m.met, interval=interval, noise=m.noise, worse=m.worse, effect=effect, reason=m.reason))
    return PilotEntry(use_case=pilot.use_case, date=date, decision=pilot.decision, rule=pilot.rule,
                      reasons=list(pilot.reasons), metrics=metrics)


def build(plan: Plan, findings: Findings, source: str, as_of: dt.date) -> EvidenceReport:
    """The JSON document of the evidence."""
    settings = plan.evidence.settings
    dates = {p.use_case: p.date for p in plan.evidence.pilots}
    return EvidenceReport(
        organisation=plan.organisation.name, source=source, as_of=as_of,
        settings=EvidenceSettingsEntry(min_group_size=settings.min_group_size,
                                       barrier_threshold=settings.barrier_threshold,
                                       min_response_rate=settings.min_response_rate,
                                       max_age_days=settings.max_age_days),
        surveys=[_survey(s, as_of, plan) for s in findings.surveys],
        pilots=[_pilot(p, dates.get(p.use_case)) for p in findings.pilots],
    )


def trends(document: EvidenceReport) -> dict[str, list[tuple[dt.date, dict[str, float | None]]]]:
    """Each reported group's ADKAR means per wave, oldest first (waves where
    the group is suppressed or absent left out)."""
    found: dict[str, list[tuple[dt.date, dict[str, float | None]]]] = {}
    for survey in document.surveys:
        for group in survey.groups:
            if group.adkar is not None:
                found.setdefault(group.id, []).append((survey.date, group.adkar.model_dump()))
    return dict(sorted(found.items()))


def percent(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.0f}%"


def figure(value: float | None, unit: str | None = None) -> str:
    if value is None:
        return "-"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}" if unit and unit != "%" else (f"{text}%" if unit == "%" else text)


def context(document: EvidenceReport) -> dict[str, Any]:
    """What the text, Markdown and HTML formats show, formatted once."""
    surveys = []
    for survey in document.surveys:
        rows = []
        for g in survey.groups:
            if g.suppressed:
                rows.append({"id": g.id, "suppressed": True})
                continue
            means = g.adkar.model_dump() if g.adkar else {}
            rows.append({
                "id": g.id, "suppressed": False, "responses": g.responses, "rate": percent(g.response_rate),
                "trusted": g.trusted is not False,
                "means": ["-" if means.get(e) is None else f"{means[e]:.2f}" for e in ELEMENTS],
                "barrier": g.barrier or "none", "lowest": g.lowest or "-",
                "shares": [percent(getattr(g.barrier_shares, k)) if g.barrier_shares else "-"
                           for k in (*ELEMENTS, "none")],
            })
        age = survey.age_days
        # A wave dated after the as-of date has not closed yet on that day.
        when = (f"{age} day{'' if age == 1 else 's'} before {document.as_of}" if age >= 0 else
                f"{-age} day{'' if age == -1 else 's'} after {document.as_of}, the date of this report")
        surveys.append({"id": survey.id, "date": survey.date.isoformat(), "file": survey.file,
                        "age": age, "when": when, "stale": survey.stale, "responses": survey.responses,
                        "suppressed": survey.suppressed_groups, "unassigned": survey.unassigned, "groups": rows})
    pilots = []
    for p in document.pilots:
        lead = p.reasons[0] if p.reasons else ""
        metrics = [{"name": m.name, "baseline": figure(m.baseline, m.unit), "observed": figure(m.observed, m.unit),
                    "threshold": figure(m.threshold, m.unit),
                    "met": "-" if m.met is None else ("yes" if m.met else "no"),
                    "interval": "-" if m.interval is None else
                    f"{figure(m.interval.low)} to {figure(m.interval.high)}",
                    "reason": m.reason} for m in p.metrics]
        pilots.append({"use_case": p.use_case, "date": p.date.isoformat() if p.date else "-",
                       "decision": p.decision, "lead": lead[:1].upper() + lead[1:], "rule": p.rule,
                       "metrics": metrics})
    settings = document.settings
    return {
        "title": "Evidence", "organisation": document.organisation, "source": document.source,
        "as_of": document.as_of.isoformat(), "elements": list(ELEMENTS),
        "shares_heads": [*ELEMENTS, "none"], "surveys": surveys, "pilots": pilots,
        "settings": {"min_group_size": settings.min_group_size, "threshold": figure(settings.barrier_threshold),
                     "min_rate": percent(settings.min_response_rate), "max_age": settings.max_age_days},
    }
