"""The values the Markdown and HTML templates show, computed here so the
templates only loop and format (escaping is the template engine's job)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from socialplan.diagnostics import Diagnostic
from socialplan.model import Plan
from socialplan.rollout import RolloutPlan
from socialplan.rollout.activities import capacity
from socialplan.rollout.exporters import phase_spans
from socialplan.rollout.measurement import Metric
from socialplan.rollout.mermaid import gantt_block
from socialplan.rollout.raci import ROLE_KEYS
from socialplan.rollout.readiness import Readiness
from socialplan.rollout.schedule import ScheduledActivity
from socialplan.rollout.spec import PHASE_TITLES, PHASES
from socialplan.stamp import Stamp

_WEEKDAY_TITLES = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat",
                   "sun": "Sun"}


def day_label(day: dt.date) -> str:
    """``Mon 1 Feb 2027``: unambiguous in every locale, and says the weekday."""
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b %Y')}"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def _row(a: ScheduledActivity, owners: dict[str, str]) -> dict[str, Any]:
    spec = a.spec
    return {
        "id": spec.id,
        "name": spec.name,
        "phase": PHASE_TITLES[spec.phase],
        "start": day_label(a.start),
        "finish": day_label(a.finish),
        "start_iso": a.start.isoformat(),
        "days": spec.days,
        "depends": ", ".join(link.label() for link in spec.after),
        "owner": owners.get(spec.id, ""),
        "float": a.total_float,
        "critical": a.critical,
        "milestone": spec.milestone,
        "notes": list(spec.notes),
        "pinned": day_label(spec.pin) if spec.pin else "",
        # Why the tool adds it though the plan did not ask for it; "" when asked for.
        "suggested": spec.suggested or "",
    }


def _metric(m: Metric) -> dict[str, str]:
    return {"name": m.name, "definition": m.definition, "target": m.target, "reviewed": m.reviewed(day_label)}


DEFAULT_PRIMARY = "#2f6690"
DEFAULT_ACCENT = "#c0392b"


def _sizing(plan: Plan) -> str:
    """``workshops 25, seminars 60, webinars 200, drop-in sessions 20 people``."""
    sizes = [f"{name} {capacity(plan.rollout, fmt):,}" for fmt, name in
             (("workshop", "workshops"), ("seminar", "seminars"), ("webinar", "webinars"),
              ("drop-in", "drop-in sessions"))]
    return ", ".join(sizes) + " people per session; briefings and champion training " \
        f"{plan.rollout.session_capacity:,}"


def _readiness(readiness: Readiness | None) -> dict[str, Any] | None:
    if readiness is None:
        return None
    return {"verdict": readiness.verdict, "score": f"{readiness.score:.1f}", "as_of": day_label(readiness.as_of),
            "go": readiness.verdict == "go", "reasons": list(readiness.reasons)}


def report_context(rollout: RolloutPlan, source: str, warnings: Sequence[Diagnostic], *,
                   html: bool, logo: str | None = None, readiness: Readiness | None = None,
                   stamp: Stamp | None = None) -> dict[str, Any]:
    """Everything the rollout templates show. ``logo`` is a data URI the
    command made from the plan's logo file, for HTML; ``readiness`` is the
    plan's assessment, shown beside the dates; ``stamp`` the date, version
    and plan digest printed under the title and in the footer."""
    plan = rollout.plan
    schedule = rollout.schedule
    owners = {row.activity: row.owner for row in rollout.raci.rows}
    activities = rollout.activities
    by_id = schedule.by_id()
    rows = {a.id: _row(a, owners) for a in activities}
    order = {a.id: i for i, a in enumerate(activities)}
    labels = {g.id: g.label for g in plan.stakeholders}
    branding = plan.organisation.branding
    launch = by_id.get("launch")

    phases = []
    for phase_id, title, start, finish in phase_spans(rollout):
        phase_rows = [rows[a.id] for a in activities if a.spec.phase == phase_id]
        phases.append({"id": phase_id, "title": title, "start": day_label(start), "finish": day_label(finish),
                       "rows": phase_rows, "count": len(phase_rows)})

    pilots = []
    for use_case in plan.use_cases:
        run, gate = by_id.get(f"pilot.{use_case.id}"), by_id.get(f"gate.{use_case.id}")
        if use_case.pilot is None or run is None:
            continue
        pilot = use_case.pilot
        pilots.append({
            "id": run.id, "title": use_case.title, "hypothesis": use_case.hypothesis or "(no hypothesis in the plan)",
            "participants": f"{pilot.participants:,}" if pilot.participants else "not set",
            "groups": ", ".join(labels.get(g, g) for g in (pilot.groups or use_case.stakeholders)),
            "weeks": pilot.weeks, "start": day_label(run.start), "finish": day_label(run.finish),
            "gate": day_label(gate.start) if gate else "(no decision gate)",
            "metrics": [{"name": m.name, "baseline": _number(m.baseline), "threshold": _number(m.threshold),
                         "unit": m.unit or "", "direction": m.direction} for m in pilot.metrics],
            "rule": pilot.decision_rule or "Scale if every metric passes, revise if some do, stop if none does.",
            "critical": run.critical,
        })

    raci = rollout.raci
    columns = [{"key": r.key, "label": r.label, "holders": r.display} for r in raci.roles]
    raci_rows = [{"id": row.activity, "name": row.name, "owner": row.owner,
                  "cells": [row.cells[key] for key in ROLE_KEYS], "problems": row.problems,
                  "phase": PHASE_TITLES[by_id[row.activity].spec.phase]} for row in raci.rows]

    m = rollout.measurement
    measurement = {
        "eligible": f"{m.eligible:,}", "expected": f"{m.expected_adopters:,}",
        "kpis": [{"objective": k.objective_title, "name": k.name, "unit": k.unit or "",
                  "direction": k.direction, "baseline": _number(k.baseline), "target": _number(k.target),
                  "by": day_label(k.by) if k.by else "", "owner": k.owner or "", "cadence": k.cadence,
                  "first": day_label(k.review_dates[0]) if k.review_dates else "",
                  "count": len(k.review_dates), "gaps": ", ".join(k.gaps)} for k in m.kpis],
        "adoption": [_metric(x) for x in m.adoption],
        "engagement": [_metric(x) for x in m.engagement],
        "business_value": [_metric(x) for x in m.business_value],
        "reviews": [{"name": r.name, "date": day_label(r.date), "focus": r.focus} for r in m.reviews],
        "groups": [{"label": g.label, "headcount": f"{g.headcount:,}", "ceiling": f"{g.ceiling:.0%}",
                    "expected": f"{g.expected_adopters:,}", "champions": g.champions} for g in m.groups],
    }
    communications = [{
        "label": c.label, "headcount": f"{c.headcount:,}", "goals": list(c.goals), "message": c.message,
        "use_cases": list(c.use_cases), "channel": c.channel + (" (suggested)" if c.channel_suggested else ""),
        "messenger": c.messenger + (" (suggested)" if c.messenger_suggested else ""), "timing": c.timing(day_label),
        "framed": c.framed,
    } for c in rollout.communications]

    critical = schedule.critical_path()
    platform = plan.organisation.platform
    client = branding.name if branding and branding.name else plan.organisation.name
    context: dict[str, Any] = {
        "title": "Rollout plan" + (f": {platform}" if platform else ""),
        "organisation": plan.organisation.name,
        "client": client,
        "prepared_by": branding.prepared_by if branding else None,
        # The shared report layout (_base.html.j2) reads these.
        "brand": {
            "name": client,
            "prepared_by": branding.prepared_by if branding else None,
            "logo": logo,
            "primary": branding.primary_colour if branding and branding.primary_colour else DEFAULT_PRIMARY,
            "accent": branding.accent_colour if branding and branding.accent_colour else DEFAULT_ACCENT,
        },
        "platform": platform or "the network",
        "source": source,
        "stamp": None if stamp is None else stamp.context(),
        "summary": {
            "start": day_label(schedule.start),
            "launch": day_label(launch.start) if launch else "(no go-live milestone)",
            "finish": day_label(schedule.finish),
            "working_days": schedule.span,
            "weeks": round((schedule.finish - schedule.start).days / 7),
            "activities": len(activities),
            "milestones": sum(a.spec.milestone for a in activities),
            "critical": len(critical),
            "workdays": ", ".join(_WEEKDAY_TITLES[d] for d in plan.rollout.workdays),
            "holidays": len(plan.rollout.holidays),
            "closed": [{"name": c.name, "start": day_label(c.first), "finish": day_label(c.last)}
                       for c in schedule.calendar.closed],
            "session_capacity": plan.rollout.session_capacity,
            "sizing": _sizing(plan),
            "suggested": sum(1 for a in activities if a.spec.suggested),
            "staff_per_champion": plan.rollout.staff_per_champion,
            "champions": sum(rollout.champions.values()),
        },
        "phases": phases,
        "milestones": [rows[a.id] for a in sorted((a for a in activities if a.spec.milestone),
                                                  key=lambda a: (a.start, order[a.id]))],
        "critical_path": [rows[a.id] for a in critical],
        # A pinned date on the critical path drives the finish on its own:
        # the work before it has float, however long it is.
        "critical_pins": [rows[a.id] for a in schedule.set_by_pins()],
        "pilots": pilots,
        "raci": {"columns": columns, "rows": raci_rows, "broken": len(raci.broken_rows)},
        "communications": communications,
        "measurement": measurement,
        "warnings": [{"location": str(d.location), "code": d.code, "message": d.message, "hint": d.hint or ""}
                     for d in warnings],
        "phase_order": [PHASE_TITLES[p] for p in PHASES],
        "readiness": _readiness(readiness),
    }
    if html:
        from socialplan.rollout.svg import legend, phase_chart, scale_for

        scale = scale_for(schedule)
        context["charts"] = [phase_chart(phase_id, [a for a in activities if a.spec.phase == phase_id],
                                         schedule, scale) for phase_id, *_ in phase_spans(rollout)]
        context["legend"] = legend(closed=bool(schedule.calendar.closed))
    else:
        context["mermaid"] = gantt_block(f"Rollout plan: {client}", activities)
    return context
