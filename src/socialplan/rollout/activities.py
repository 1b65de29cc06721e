"""Generate the rollout's activities from the plan.

The plan says who the stakeholders are, which use cases are piloted and how
people will be educated; this module turns that into the activities of the
four phases (plan and research -> pilot and test -> launch -> embed and
scale) with durations and finish-to-start dependencies. The sizes are
arithmetic on the plan (sessions = headcount / the format's capacity,
champions = headcount / staff per champion), and so are the durations: a
survey of 15,000 people takes longer to analyse than one of 900, recruiting
300 champions longer than 9, and a pilot runs for its weeks. The constants
below are starting points a project team changes in ``rollout.activities``.

Some activities are the tool's suggestions rather than the plan's choices
(``ActivitySpec.suggested`` says why): research for a group whose method the
plan does not set, champions for a group with no number, briefings for a
senior group whose education lists none, usability tests when no group
takes part in any. ``socialplan assess`` reports the same gaps and names
these suggestions in its hints (see :func:`suggestions`).

Generated ids are stable, so the plan can refer to them: ``kickoff``,
``governance``, ``platform-setup``, ``research.<group>``,
``research-findings``, ``baseline``, ``plan-approved``,
``champions-recruit.<group>``, ``champions-train.<group>``,
``usability.<group>``, ``pilot.<use case>``, ``gate.<use case>``,
``launch-decision``, ``comms.<group>``, ``briefing.<group>``, ``launch``,
``workshop.<group>``, ``seminar.<group>``, ``webinar.<group>``,
``e-learning.<group>``, ``drop-in.<group>``, ``review-30``, ``review-60``,
``review-90``, ``scale.<use case>``, ``champions-network`` (when there are
champions) and ``handover``.
The dot cannot appear in a plan id, so generated ids never collide.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from socialplan.model import Plan, Rollout, StakeholderGroup, UseCase
from socialplan.rollout.spec import ActivitySpec, Link

# Durations in working days. Research: up to 12 interviews at 3 a day plus 2
# days to write them up; a survey needs design (3), fieldwork (10) and
# analysis (a day per 1,000 people, 2 to 10); focus groups need 2 days to
# recruit, one day per group (1 to 4, one per 250 people) and 2 to write up.
MAX_INTERVIEWS = 12
INTERVIEWS_PER_DAY = 3
INTERVIEW_WRITE_UP_DAYS = 2
SURVEY_DESIGN_DAYS = 3
SURVEY_FIELDWORK_DAYS = 10
SURVEY_ANALYSIS_PER = 1_000  # people per day of analysis
SURVEY_ANALYSIS_DAYS = (2, 10)
FOCUS_GROUP_PEOPLE = 250
FOCUS_GROUPS_MAX = 4
FOCUS_GROUP_FIXED_DAYS = 4
DISCOVERY_WORKSHOP_DAYS = 3
# Findings: 2 days plus one per 3 research activities to bring together.
FINDINGS_BASE_DAYS = 2
FINDINGS_PER_DAY = 3
GOVERNANCE_DAYS = 10
PLATFORM_SETUP_DAYS = 15
BASELINE_DAYS = 5
# Recruiting champions: 5 days plus one per 10 champions, at most 20.
RECRUIT_BASE_DAYS = 5
RECRUIT_PER_DAY = 10
RECRUIT_MAX_DAYS = 20
USABILITY_DAYS = 5
DEFAULT_PILOT_WEEKS = 8
# Pre-launch communications: 5 days plus one per 1,000 people (manager
# cascades take longer in a large group), at most 15.
COMMS_BASE_DAYS = 5
COMMS_PER_DAY = 1_000
COMMS_MAX_DAYS = 15
E_LEARNING_DAYS = 15
# Scaling a use case: 10 days plus one per 500 people it reaches, at most 40.
SCALE_BASE_DAYS = 10
SCALE_PER_DAY = 500
SCALE_MAX_DAYS = 40
NETWORK_DAYS = 40
# Session-based education runs within a launch window: a single trainer
# would take months for a large group, so the sessions a day are what the
# team must staff (shown in the activity's notes).
EDUCATION_WINDOW_DAYS = 20
SESSIONS_PER_DAY: dict[str, int] = {"workshop": 2, "seminar": 2, "webinar": 3, "drop-in": 4, "briefing": 4,
                                    "training": 2}
REVIEW_DAYS: tuple[int, ...] = (30, 60, 90)
SESSION_FORMATS: tuple[str, ...] = ("workshop", "seminar", "webinar", "drop-in")
# Groups at least this large are researched by survey when the plan does
# not say how; smaller ones in focus groups.
SURVEY_MIN_HEADCOUNT = 50
SHORT_NAME = 30


@dataclass(frozen=True)
class Sessions:
    """How many sessions a group needs and over how many working days."""

    count: int
    days: int

    @property
    def per_day(self) -> int:
        return math.ceil(self.count / self.days) if self.days else 0


def sessions_needed(people: int, capacity: int, per_day: int) -> Sessions:
    count = math.ceil(people / capacity) if people > 0 else 0
    days = min(max(1, math.ceil(count / per_day)), EDUCATION_WINDOW_DAYS) if count else 0
    return Sessions(count, days)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


def capacity(rollout: Rollout, fmt: str) -> int:
    """People per session of a launch format: its own capacity, so 7,400
    staff get 37 webinars of 200, not 296 of a classroom's 25."""
    caps = rollout.capacities
    sizes = {"workshop": caps.workshop or rollout.session_capacity, "seminar": caps.seminar,
             "webinar": caps.webinar, "drop-in": caps.drop_in}
    return sizes.get(fmt, rollout.session_capacity)


def survey_days(headcount: int) -> int:
    analysis = _clamp(math.ceil(headcount / SURVEY_ANALYSIS_PER), *SURVEY_ANALYSIS_DAYS)
    return SURVEY_DESIGN_DAYS + SURVEY_FIELDWORK_DAYS + analysis


def focus_groups(headcount: int) -> int:
    return _clamp(math.ceil(headcount / FOCUS_GROUP_PEOPLE), 1, FOCUS_GROUPS_MAX)


def findings_days(research_activities: int) -> int:
    return FINDINGS_BASE_DAYS + max(1, math.ceil(research_activities / FINDINGS_PER_DAY))


def recruit_days(champions: int) -> int:
    return _clamp(RECRUIT_BASE_DAYS + math.ceil(champions / RECRUIT_PER_DAY), RECRUIT_BASE_DAYS, RECRUIT_MAX_DAYS)


def comms_days(headcount: int) -> int:
    return _clamp(COMMS_BASE_DAYS + math.ceil(headcount / COMMS_PER_DAY), COMMS_BASE_DAYS, COMMS_MAX_DAYS)


def scale_days(people: int) -> int:
    return _clamp(SCALE_BASE_DAYS + math.ceil(people / SCALE_PER_DAY), SCALE_BASE_DAYS, SCALE_MAX_DAYS)


def research_method(group: StakeholderGroup) -> str:
    """The plan's choice, else interviews for senior or powerful groups and
    surveys for the large workforce groups (small groups: focus groups)."""
    if group.research is not None:
        return group.research
    if group.senior or group.power == "high":
        return "interview"
    return "survey" if group.headcount >= SURVEY_MIN_HEADCOUNT else "focus-group"


def champion_count(group: StakeholderGroup, staff_per_champion: int) -> int:
    """The group's own figure, else one per ``staff_per_champion`` staff.
    Senior groups and groups not expected to adopt get none unless the plan
    names a number: senior managers lead through briefings and sponsorship."""
    if group.champions is not None:
        return group.champions
    if group.senior or not group.must_adopt or group.headcount <= 0:
        return 0
    return math.ceil(group.headcount / staff_per_champion)


def review_lag(calendar_days: int, weekdays: frozenset[int]) -> int:
    """The fewest working days that always span at least ``calendar_days``,
    whatever weekday go-live falls on (holidays only make the span longer).
    With a Monday-to-Friday week: 22 for 30 days, 44 for 60, 65 for 90."""
    def shortest_span(lag: int) -> int:
        spans = []
        for first in weekdays:
            day, left = first, lag
            span = 0
            while left:
                span += 1
                day = (day + 1) % 7
                left -= day in weekdays
            spans.append(span)
        return min(spans)

    lag = math.floor(calendar_days * len(weekdays) / 7)
    while shortest_span(lag) < calendar_days:
        lag += 1
    return lag


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _people(count: int) -> str:
    return f"{count:,}"


def _research(group: StakeholderGroup, method: str) -> ActivitySpec | None:
    label = group.label
    if method == "none" or group.headcount <= 0:
        return None
    if method == "interview":
        count = max(1, min(group.headcount, MAX_INTERVIEWS))
        days = math.ceil(count / INTERVIEWS_PER_DAY) + INTERVIEW_WRITE_UP_DAYS
        name = f"Interview {label} ({count} interviews)"
        notes = ["Their needs, concerns and what success means for them; senior buy-in starts here."]
    elif method == "survey":
        days = survey_days(group.headcount)
        name = f"Survey {label} ({_people(group.headcount)} staff)"
        notes = ["Readiness survey: today's tools, pain points, ADKAR baseline, channels they use."]
    elif method == "focus-group":
        sessions = focus_groups(group.headcount)
        days = FOCUS_GROUP_FIXED_DAYS + sessions
        name = f"Focus groups with {label} ({sessions} group{'s' if sessions > 1 else ''})"
        notes = ["Needs and objections in the group's own words."]
    else:
        days = DISCOVERY_WORKSHOP_DAYS
        name = f"Discovery workshop with {label}"
        notes = ["Map the group's work and where the network helps."]
    suggested = None if group.research is not None else f"the plan sets no research for {label}"
    return ActivitySpec(f"research.{group.id}", name, "plan", days, [Link("kickoff")], kind="research",
                        groups=(group.id,), notes=notes, suggested=suggested)


def _pilot(use_case: UseCase, days_per_week: int, labels: dict[str, str],
           after: list[Link]) -> tuple[ActivitySpec, ActivitySpec]:
    pilot = use_case.pilot
    assert pilot is not None
    weeks = pilot.weeks or DEFAULT_PILOT_WEEKS
    groups = tuple(pilot.groups or use_case.stakeholders)
    notes = []
    if use_case.hypothesis:
        notes.append(f"Hypothesis: {use_case.hypothesis}")
    who = ", ".join(labels.get(g, g) for g in groups)
    if pilot.participants:
        notes.append(f"Participants: {_people(pilot.participants)}" + (f" from {who}" if who else ""))
    elif who:
        notes.append(f"Participants from {who} (number not set in the plan)")
    for metric in pilot.metrics:
        notes.append("Success metric: " + metric_text(metric.name, metric.baseline, metric.threshold,
                                                       metric.unit, metric.direction))
    if not pilot.weeks:
        notes.append(f"Duration not set in the plan: {DEFAULT_PILOT_WEEKS} weeks assumed.")
    run = ActivitySpec(f"pilot.{use_case.id}", f"Pilot: {use_case.title} ({weeks} weeks)", "pilot",
                       weeks * days_per_week, after, kind="pilot", groups=groups, use_case=use_case.id,
                       notes=notes, lead=use_case.owner)
    rule = pilot.decision_rule or ("Scale if every success metric reaches its threshold, revise if "
                                   "some do, stop if none does.")
    gate = ActivitySpec(f"gate.{use_case.id}", f"Decision gate: {use_case.title} (scale / revise / stop)",
                        "pilot", 0, [Link(run.id)], kind="gate", groups=groups, use_case=use_case.id,
                        notes=[f"Decision rule: {rule}"], lead=use_case.owner)
    return run, gate


def metric_text(name: str, baseline: float | None, target: float | None, unit: str | None,
                direction: str) -> str:
    """``name: 21 -> 5 days (decrease)``, with whatever values the plan gives."""
    def number(value: float) -> str:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")

    parts = [name]
    if baseline is not None or target is not None:
        base = number(baseline) if baseline is not None else "?"
        goal = number(target) if target is not None else "?"
        parts.append(f": {base} -> {goal}" + (f" {unit}" if unit else "") + f" ({direction})")
    return "".join(parts)


def _education(group: StakeholderGroup, rollout: Rollout) -> list[ActivitySpec]:
    out: list[ActivitySpec] = []
    seen: set[str] = set()
    for fmt in group.education:
        if fmt in seen or fmt == "briefing" or group.headcount <= 0:
            continue
        seen.add(fmt)
        ident = f"{fmt}.{group.id}"
        if fmt in SESSION_FORMATS:
            size = capacity(rollout, fmt)
            plan = sessions_needed(group.headcount, size, SESSIONS_PER_DAY[fmt])
            title = "Drop-in sessions" if fmt == "drop-in" else f"Launch {fmt}s"
            noun = "drop-in session" if fmt == "drop-in" else fmt
            note = f"{_plural(plan.count, noun)} of up to {size:,} people for {_people(group.headcount)} " \
                   f"staff: about {plan.per_day} a day over {_plural(plan.days, 'working day')}."
            if fmt == "drop-in":
                note += " Champions and the project team answer questions in person, across shifts."
            out.append(ActivitySpec(
                ident, f"{title} for {group.label} ({_plural(plan.count, 'session')})", "launch", plan.days,
                [Link("launch")], kind="education", groups=(group.id,), sessions=plan.count, notes=[note],
            ))
        else:
            out.append(ActivitySpec(ident, f"E-learning for {group.label}", "launch", E_LEARNING_DAYS,
                                    [Link("launch")], kind="education", groups=(group.id,),
                                    notes=["Self-paced module; completion tracked by HR."]))
    return out


def usability_groups(plan: Plan) -> tuple[list[StakeholderGroup], bool]:
    """The groups that test the set-up, and whether the tool chose them: with
    no group marked ``usability_testing``, the largest group that must adopt
    (the first on a tie), as the people most of the network is for."""
    chosen = [g for g in plan.stakeholders if g.usability_testing and g.headcount > 0]
    if chosen or any(g.usability_testing for g in plan.stakeholders):
        return chosen, False
    candidates = [g for g in plan.stakeholders if g.must_adopt and not g.senior and g.headcount > 0]
    if not candidates:
        return [], True
    return [max(candidates, key=lambda g: g.headcount)], True


def suggestions(plan: Plan) -> dict[str, str]:
    """``{activity id: "the rollout suggests 'Interview Partners (12
    interviews)' (research.partners)"}`` for each activity the rollout adds
    as a suggestion: for the hints of ``socialplan assess``. Names do not
    depend on the working week, so a Monday-to-Friday one is assumed."""
    return {spec.id: f"the rollout suggests '{spec.name}' ({spec.id})"
            for spec in generate(plan, frozenset(range(5))) if spec.suggested}


def generate(plan: Plan, weekdays: frozenset[int]) -> list[ActivitySpec]:
    """The rollout activities the plan implies, in phase order."""
    rollout = plan.rollout
    days_per_week = len(weekdays)
    groups = list(plan.stakeholders)
    labels = {g.id: g.label for g in groups}
    platform = plan.organisation.platform
    # A long platform description ("Viva Engage (Microsoft 365 E3 with ...)")
    # would swamp every chart label; it goes in the notes instead.
    short = platform if platform and len(platform) <= SHORT_NAME else "the network"
    out: list[ActivitySpec] = []
    add = out.append

    # Plan and research (Start).
    add(ActivitySpec("kickoff", "Programme kick-off", "plan", 0, kind="kickoff",
                     notes=["Sponsor, project owner and leads agree scope, objectives and this plan."]))
    add(ActivitySpec("governance", "Agree governance and usage guidelines", "plan", GOVERNANCE_DAYS,
                     [Link("kickoff")], kind="governance",
                     notes=["Acceptable use, moderation, community ownership, data retention."]))
    add(ActivitySpec("platform-setup", f"Configure {short}: sign-in, communities, policies, analytics",
                     "plan", PLATFORM_SETUP_DAYS, [Link("kickoff")], kind="platform",
                     notes=[f"Platform: {platform}."] if platform and short != platform else []))
    research = [spec for g in groups if (spec := _research(g, research_method(g))) is not None]
    out.extend(research)
    add(ActivitySpec("research-findings", "Research findings and readiness baseline", "plan",
                     findings_days(len(research)),
                     [Link(r.id) for r in research] or [Link("kickoff")], kind="findings",
                     notes=["What each group needs, in its own words; messages and training adjusted."]))
    add(ActivitySpec("baseline", "Record KPI baselines and set up adoption analytics", "plan", BASELINE_DAYS,
                     [Link("platform-setup")], kind="baseline"))
    add(ActivitySpec("plan-approved", "Rollout plan approved by the sponsor", "plan", 0,
                     [Link("research-findings"), Link("governance")], kind="approval"))
    champions = {g.id: champion_count(g, rollout.staff_per_champion) for g in groups}
    no_champions = {g.id: f"the plan sets no champions for {g.label}" for g in groups if g.champions is None}
    for g in groups:
        if champions[g.id] > 0:
            recruit = f"Recruit {_plural(champions[g.id], 'champion')} in {g.label}"
            add(ActivitySpec(f"champions-recruit.{g.id}", recruit,
                             "plan", recruit_days(champions[g.id]), [Link("research-findings")], kind="recruit",
                             groups=(g.id,),
                             notes=[f"One champion per {rollout.staff_per_champion} staff unless the plan "
                                    "sets the number." if g.champions is None else
                                    "Number set by the plan."],
                             suggested=no_champions.get(g.id)))

    # Pilot and test (Experiment).
    for g in groups:
        if champions[g.id] > 0:
            training = sessions_needed(champions[g.id], rollout.session_capacity, SESSIONS_PER_DAY["training"])
            add(ActivitySpec(f"champions-train.{g.id}", f"Train {_plural(champions[g.id], 'champion')} in {g.label}",
                             "pilot", training.days,
                             [Link(f"champions-recruit.{g.id}"), Link("governance"), Link("platform-setup")],
                             kind="train", groups=(g.id,), sessions=training.count,
                             notes=[f"{_plural(training.count, 'training session')}: features, guidelines, "
                                    "how to support colleagues."],
                             suggested=no_champions.get(g.id)))
    testers, tests_suggested = usability_groups(plan)
    usability = {g.id: f"usability.{g.id}" for g in testers}
    for g in testers:
        add(ActivitySpec(usability[g.id], f"Usability tests with {g.label}", "pilot", USABILITY_DAYS,
                         [Link("platform-setup"), Link("plan-approved")], kind="usability", groups=(g.id,),
                         notes=["Real tasks on the configured platform; fixes before the pilots."],
                         suggested="no group in the plan takes part in usability tests" if tests_suggested
                         else None))
    gates: list[str] = []
    for use_case in plan.use_cases:
        if use_case.pilot is None:
            continue
        pilot_groups = use_case.pilot.groups or use_case.stakeholders
        after = [Link("plan-approved"), Link("baseline")]
        after += [Link(usability[g]) for g in dict.fromkeys(pilot_groups) if g in usability]
        after += [Link(f"champions-train.{g}") for g in dict.fromkeys(pilot_groups) if champions.get(g, 0) > 0]
        run, gate = _pilot(use_case, days_per_week, labels, after)
        out.extend((run, gate))
        gates.append(gate.id)
    ready = [Link(gate) for gate in gates] or [Link("plan-approved"), Link("baseline")]
    ready += [Link(f"champions-train.{g.id}") for g in groups if champions[g.id] > 0]
    ready += [Link(u) for u in usability.values()]
    add(ActivitySpec("launch-decision", "Go / no-go decision for launch", "pilot", 0, ready, kind="go-no-go",
                     notes=["Pilot results, support readiness and champions in place."]))

    # Launch.
    pre_launch: list[Link] = []
    for g in groups:
        if g.senior or "briefing" in g.education:
            plan_sessions = sessions_needed(g.headcount, rollout.session_capacity, SESSIONS_PER_DAY["briefing"])
            if plan_sessions.count:
                ident = f"briefing.{g.id}"
                add(ActivitySpec(ident, f"Briefing sessions for {g.label} ({_plural(plan_sessions.count, 'session')})",
                                 "launch", plan_sessions.days, [Link("launch-decision")], kind="briefing",
                                 groups=(g.id,), sessions=plan_sessions.count,
                                 notes=["Their role at launch: post first, answer, recognise use in their teams."],
                                 suggested=None if "briefing" in g.education else
                                 f"the plan lists no briefing for {g.label}"))
                pre_launch.append(Link(ident))
    for g in groups:
        if g.headcount > 0:
            ident = f"comms.{g.id}"
            add(ActivitySpec(ident, f"Pre-launch communications to {g.label}", "launch", comms_days(g.headcount),
                             [Link("launch-decision")], kind="comms", groups=(g.id,),
                             notes=["See the communication plan for the message, channel and messenger."]))
            pre_launch.append(Link(ident))
    add(ActivitySpec("launch", f"Go-live: {short} open to everyone", "launch", 0,
                     pre_launch or [Link("launch-decision")], kind="launch"))
    education = [spec for g in groups for spec in _education(g, rollout)]
    out.extend(education)

    # Embed and scale.
    for days in REVIEW_DAYS:
        add(ActivitySpec(f"review-{days}", f"{days}-day adoption review", "embed", 0,
                         [Link("launch", review_lag(days, weekdays))], kind="review",
                         notes=[f"At least {days} calendar days after go-live; see the measurement plan."]))
    scale: list[str] = []
    headcounts = {g.id: g.headcount for g in groups}
    for use_case in plan.use_cases:
        who = ", ".join(labels.get(g, g) for g in use_case.stakeholders) or "the organisation"
        if use_case.pilot is not None:
            name = f"Scale: {use_case.title}"
            after = [Link("launch"), Link(f"gate.{use_case.id}")]
            notes = [f"To {who}.", "Only if the decision gate says scale; a revised pilot re-runs first."]
        else:
            name = f"Embed: {use_case.title}"
            after = [Link("launch")]
            notes = [f"In {who}.", "Not piloted: introduced at launch and measured at the reviews."]
        ident = f"scale.{use_case.id}"
        reached = sum(headcounts.get(g, 0) for g in dict.fromkeys(use_case.stakeholders))
        add(ActivitySpec(ident, name, "embed", scale_days(reached), after, kind="scale",
                         groups=tuple(use_case.stakeholders), use_case=use_case.id, notes=notes,
                         lead=use_case.owner))
        scale.append(ident)
    closing = [Link(f"review-{REVIEW_DAYS[-1]}")]
    if any(champions.values()):
        add(ActivitySpec("champions-network", "Run the champions network: monthly calls, tips, recognition",
                         "embed", NETWORK_DAYS, [Link("launch")], kind="network",
                         suggested="the plan sets no champions" if all(
                             g.champions is None for g in groups if champions[g.id] > 0) else None))
        closing.append(Link("champions-network"))
    closing += [Link(i) for i in scale] + [Link(e.id) for e in education]
    add(ActivitySpec("handover", "Handover to business as usual", "embed", 0, closing, kind="handover",
                     notes=["Community management, support and measurement move to their permanent owners."]))
    return out
