"""Machine formats of the rollout plan: JSON, CSV and iCalendar.

JSON (``--format json``) is a versioned document, a
:class:`~socialplan.reports.rollout.RolloutReport`, with these keys:

``format_version``
    1; bumped only when a key changes meaning or disappears.
``tool``
    ``name`` and ``version`` of the socialplan that wrote it.
``stamp``
    ``as_of`` (``--as-of``, else the day it was made) and ``plan_digest``
    (12 hex digits of SHA-256 over the plan files' bytes).
``organisation``, ``source``
    Whose plan, from which plan file or folder.
``calendar``
    ``start``, ``finish`` (ISO dates), ``working_days`` (the programme's
    length), ``workdays`` and ``holidays`` as given, ``blackouts[]`` (the
    closed periods: ``name``, ``start``, ``end``, both days closed).
``phases[]``
    ``id`` (plan, pilot, launch, embed), ``title``, ``start``, ``finish``.
``tasks[]``
    One per activity: ``id``, ``name``, ``phase``, ``kind``, ``milestone``,
    ``days`` (working days), ``start`` and ``finish`` (the earliest dates;
    ``finish`` is the last working day), ``late_start`` and ``late_finish``,
    ``float`` (working days it can slip without moving the programme's
    finish), ``critical`` (float 0), ``depends_on[]`` (``id``, ``lag``),
    ``owner``, ``groups[]``, ``use_case``, ``sessions``, ``notes[]``,
    ``pinned_start``, ``suggested`` (true when the tool adds the activity
    though the plan did not ask for it), ``suggested_because`` (why, or
    null) and ``outcome`` (a decision gate's ``decision``, ``date`` and
    ``reason`` from the plan's evidence; null for other activities).
``critical_path[]``
    Ids of the zero-float activities in the order they happen.
``milestones[]``
    ``id``, ``name``, ``date``, ``phase``, ``critical``.
``raci``
    ``roles[]`` (``key``, ``label``, ``holders[]``), ``rows[]``
    (``activity``, ``owner``, ``assignments`` role -> A, A/R, R, C or I,
    ``problems[]``) and ``broken_rows``.
``communications[]``, ``measurement``
    The communication and measurement plans.
``warnings[]``
    Located problems that did not stop the plan (code, message, file, line,
    column, path, hint).
``readiness``
    What ``socialplan assess`` says about the same plan: ``verdict``,
    ``score``, ``as_of`` (the programme start) and ``reasons[]``; null when
    not assessed.

CSV (``--format csv``): one row per activity with the columns ``id, name,
phase, start, finish, duration, depends_on, owner, critical, suggested``
(yes when the tool adds the activity unasked), ``float`` (working days)
and ``milestone`` (yes or no) for Planner, Jira or a spreadsheet; with
``--excel`` the text starts with a UTF-8 byte-order mark for Excel. Cells that a spreadsheet would run as a formula are
neutralised with a leading apostrophe.

ICS (``--format ics``): one all-day event per activity and milestone, with
stable UIDs and a DTSTAMP taken from the plan, so the same plan always
gives the same file and importing it again does not duplicate events. The
summary is one line (a calendar shows it as the event's title); the
description keeps the plan's line breaks.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from socialplan import __version__
from socialplan.diagnostics import Diagnostic
from socialplan.reports.base import Stamp as StampEntry
from socialplan.reports.base import document
from socialplan.reports.rollout import (
    Blackout,
    Communication,
    Dependency,
    GateOutcome,
    KpiPlan,
    Measurement,
    MeasurementGroup,
    MetricPlan,
    Milestone,
    PhaseSpan,
    Raci,
    RaciRole,
    RaciRow,
    ReadinessEntry,
    Review,
    RolloutCalendar,
    RolloutReport,
    RolloutWarning,
    Task,
)
from socialplan.rollout import RolloutPlan
from socialplan.rollout.measurement import Metric
from socialplan.rollout.readiness import Readiness
from socialplan.rollout.schedule import ScheduledActivity
from socialplan.rollout.spec import PHASE_TITLES, PHASES, ActivitySpec, Phase
from socialplan.stamp import Stamp
from socialplan.textsafe import printable

JSON_FORMAT_VERSION = 1
# New columns go at the end, so a sheet that reads columns by position keeps working.
CSV_COLUMNS = ("id", "name", "phase", "start", "finish", "duration", "depends_on", "owner", "critical",
               "suggested", "float", "milestone", "outcome")
# Excel opens a CSV file without a byte-order mark in the machine's legacy
# code page (accents turn into mojibake); with one it reads UTF-8.
EXCEL_BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _late_dates(rollout: RolloutPlan, a: ScheduledActivity) -> tuple[dt.date, dt.date]:
    calendar = rollout.schedule.calendar
    late_start = calendar.date_at(a.late_start)
    late_finish = late_start if a.spec.milestone else calendar.date_at(a.late_finish - 1)
    return late_start, late_finish


def _owners(rollout: RolloutPlan) -> dict[str, str]:
    return {row.activity: row.owner for row in rollout.raci.rows}


def phase_spans(rollout: RolloutPlan) -> list[tuple[Phase, str, dt.date, dt.date]]:
    out: list[tuple[Phase, str, dt.date, dt.date]] = []
    for phase in PHASES:
        rows = [a for a in rollout.schedule.activities if a.spec.phase == phase]
        if rows:
            out.append((phase, PHASE_TITLES[phase], min(a.start for a in rows), max(a.finish for a in rows)))
    return out


def _warning(d: Diagnostic) -> RolloutWarning:
    return RolloutWarning(code=d.code, severity=d.severity, message=d.message, file=d.location.file,
                          line=d.location.line, column=d.location.column, path=d.plan_path, hint=d.hint)


def _tasks(rollout: RolloutPlan) -> list[Task]:
    owners = _owners(rollout)
    tasks = []
    for a in rollout.activities:
        late_start, late_finish = _late_dates(rollout, a)
        spec = a.spec
        tasks.append(Task(
            id=spec.id, name=spec.name, phase=spec.phase, kind=spec.kind,
            milestone=spec.milestone, days=spec.days,
            start=a.start, finish=a.finish, late_start=late_start, late_finish=late_finish,
            float=a.total_float, critical=a.critical,
            depends_on=[Dependency(id=link.id, lag=link.lag) for link in spec.after],
            owner=owners.get(spec.id), groups=list(spec.groups), use_case=spec.use_case,
            sessions=spec.sessions, notes=list(spec.notes), pinned_start=spec.pin,
            suggested=spec.suggested is not None, suggested_because=spec.suggested,
            outcome=None if spec.outcome is None else GateOutcome(
                decision=spec.outcome.decision, date=spec.outcome.date, reason=spec.outcome.reason),
        ))
    return tasks


def _measurement(rollout: RolloutPlan) -> Measurement:
    m = rollout.measurement

    def metric(x: Metric) -> MetricPlan:
        return MetricPlan(name=x.name, definition=x.definition, target=x.target, reviewed=x.reviewed(),
                          dates=[d for _, d in x.dates])

    return Measurement(
        eligible=m.eligible, expected_adopters=m.expected_adopters,
        kpis=[KpiPlan(
            objective=k.objective, name=k.name, unit=k.unit, direction=k.direction,
            baseline=k.baseline, target=k.target, by=k.by,
            owner=k.owner, review=k.cadence, review_dates=list(k.review_dates),
            gaps=list(k.gaps),
        ) for k in m.kpis],
        adoption=[metric(x) for x in m.adoption],
        engagement=[metric(x) for x in m.engagement],
        business_value=[metric(x) for x in m.business_value],
        reviews=[Review(id=r.id, name=r.name, date=r.date, focus=r.focus) for r in m.reviews],
        groups=[MeasurementGroup(group=g.group, headcount=g.headcount, ceiling=g.ceiling,
                                 expected_adopters=g.expected_adopters, champions=g.champions) for g in m.groups],
    )


def rollout_report(rollout: RolloutPlan, source: str, warnings: Sequence[Diagnostic], stamp: Stamp,
                   readiness: Readiness | None = None) -> RolloutReport:
    """The typed document of ``--format json``."""
    plan = rollout.plan
    schedule = rollout.schedule
    return RolloutReport(
        stamp=StampEntry(as_of=stamp.as_of, plan_digest=stamp.plan_digest),
        organisation=plan.organisation.name,
        source=source,
        calendar=RolloutCalendar(
            start=schedule.start, finish=schedule.finish,
            working_days=schedule.span, workdays=list(plan.rollout.workdays),
            holidays=sorted(plan.rollout.holidays),
            blackouts=[Blackout(name=c.name, start=c.first, end=c.last) for c in schedule.calendar.closed],
        ),
        phases=[PhaseSpan(id=p, title=t, start=s, finish=f) for p, t, s, f in phase_spans(rollout)],
        tasks=_tasks(rollout),
        critical_path=[a.id for a in schedule.critical_path()],
        milestones=[Milestone(id=a.id, name=a.spec.name, date=a.start, phase=a.spec.phase, critical=a.critical)
                    for a in rollout.activities if a.spec.milestone],
        raci=Raci(
            roles=[RaciRole(key=r.key, label=r.label, holders=list(r.holders)) for r in rollout.raci.roles],
            rows=[RaciRow(activity=r.activity, owner=r.owner, assignments=dict(r.cells), problems=list(r.problems))
                  for r in rollout.raci.rows],
            broken_rows=len(rollout.raci.broken_rows),
        ),
        communications=[Communication(
            group=c.group, name=c.label, headcount=c.headcount, goals=list(c.goals),
            message=c.message, use_cases=list(c.use_cases), channel=c.channel,
            channel_suggested=c.channel_suggested, messenger=c.messenger,
            messenger_suggested=c.messenger_suggested, timing=c.timing(),
            first_date=c.first_date, framed=c.framed,
        ) for c in rollout.communications],
        measurement=_measurement(rollout),
        warnings=[_warning(d) for d in warnings],
        readiness=None if readiness is None else ReadinessEntry(
            verdict=readiness.verdict, score=readiness.score, as_of=readiness.as_of,
            reasons=list(readiness.reasons)),
    )


def json_document(rollout: RolloutPlan, source: str, warnings: Sequence[Diagnostic], stamp: Stamp,
                  readiness: Readiness | None = None) -> dict[str, Any]:
    return document(rollout_report(rollout, source, warnings, stamp, readiness))


def to_json(rollout: RolloutPlan, source: str, warnings: Sequence[Diagnostic], stamp: Stamp,
            readiness: Readiness | None = None) -> str:
    return json.dumps(json_document(rollout, source, warnings, stamp, readiness), indent=2, ensure_ascii=False) + "\n"


def neutralise(cell: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (OWASP CSV injection),
    and a terminal or editor from acting on control characters."""
    cell = printable(cell)
    if cell.startswith(_FORMULA_START) or cell.lstrip().startswith(_FORMULA_START[:4]):
        return "'" + cell
    return cell


def _outcome_cell(spec: ActivitySpec) -> str:
    """A decision gate's outcome in one cell (``scale 2027-05-14: reason``); empty for other activities."""
    outcome = spec.outcome
    if outcome is None:
        return ""
    on = f" {outcome.date.isoformat()}" if outcome.date is not None else ""
    return f"{outcome.decision}{on}: {outcome.reason}"


def to_csv(rollout: RolloutPlan, *, excel: bool = False) -> str:
    """One row per activity; ``excel`` starts the text with a byte-order mark."""
    owners = _owners(rollout)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for a in rollout.activities:
        spec = a.spec
        row = [spec.id, spec.name, PHASE_TITLES[spec.phase], a.start.isoformat(), a.finish.isoformat(),
               str(spec.days), "; ".join(link.label() for link in spec.after), owners.get(spec.id, ""),
               "yes" if a.critical else "no", "yes" if spec.suggested else "no", str(a.total_float),
               "yes" if spec.milestone else "no", _outcome_cell(spec)]
        writer.writerow([neutralise(" ".join(cell.splitlines()) if "\n" in cell or "\r" in cell else cell)
                         for cell in row])
    return (EXCEL_BOM if excel else "") + buffer.getvalue()


def _uid_suffix(rollout: RolloutPlan) -> str:
    # Stable per organisation, not per date: re-timing the plan and importing
    # it again updates the same events.
    digest = hashlib.sha256(rollout.plan.organisation.name.encode("utf-8")).hexdigest()[:12]
    return f"{digest}@socialplan"


# RFC 5545 text may hold no control character but the tab (line breaks are
# escaped by the library). Other line separators become line breaks; the
# rest (a bell, an escape sequence, a NUL, a bidirectional override) is dropped.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")


def ics_text(value: str, *, one_line: bool = False) -> str:
    """Plan text made safe for an iCalendar property value."""
    text = _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))
    return " ".join(text.split()) if one_line else text


def _description(rollout: RolloutPlan, a: ScheduledActivity, owner: str | None) -> str:
    spec = a.spec
    lines = [f"Phase: {PHASE_TITLES[spec.phase]}"]
    if spec.milestone:
        lines.append("Milestone")
    else:
        lines.append(f"{spec.days} working days, {a.start.isoformat()} to {a.finish.isoformat()}")
    if owner:
        lines.append(f"Owner: {owner}")
    if spec.after:
        lines.append("After: " + ", ".join(link.label() for link in spec.after))
    lines.append("Critical path: no float" if a.critical else f"Float: {a.total_float} working days")
    lines.extend(spec.notes)
    if spec.suggested:
        lines.append(f"Suggested by socialplan: {spec.suggested}")
    lines.append(f"Activity id: {spec.id}")
    return "\n".join(lines)


def to_ics(rollout: RolloutPlan) -> bytes:
    from icalendar import Calendar, Event

    plan = rollout.plan
    calendar = Calendar()
    calendar.add("prodid", f"-//socialplan//rollout {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", ics_text(f"Rollout: {plan.organisation.name}", one_line=True))
    stamp = dt.datetime.combine(rollout.schedule.start, dt.time(0, 0), tzinfo=dt.timezone.utc)
    suffix = _uid_suffix(rollout)
    owners = _owners(rollout)
    for a in rollout.activities:
        spec = a.spec
        event = Event()
        event.add("uid", f"{spec.id}.{suffix}")
        event.add("dtstamp", stamp)
        # One line: a calendar shows the summary as the event's title.
        event.add("summary", ics_text(("Milestone: " if spec.milestone else "") + spec.name, one_line=True))
        event.add("dtstart", a.start)
        event.add("dtend", a.finish + dt.timedelta(days=1))  # all-day events end the day after
        event.add("description", ics_text(_description(rollout, a, owners.get(spec.id))))
        event.add("categories", [PHASE_TITLES[spec.phase]])
        event.add("transp", "TRANSPARENT")  # a plan entry, not a busy meeting
        event.add("x-microsoft-cdo-busystatus", "FREE")
        event.add("sequence", 0)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
