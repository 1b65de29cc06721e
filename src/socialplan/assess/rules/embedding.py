"""Embedding the network in the organisation: senior buy-in, stakeholder
research (interviews for senior managers, surveys for the workforce),
messages framed against each group's own objectives, usability tests, launch
education, briefings, champions, and ADKAR readiness.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from socialplan.assess.adkar import ACTIONS, Element
from socialplan.assess.readiness import GroupAdkar
from socialplan.assess.rule import Check, RuleContext, fail, listing, ok, rule
from socialplan.diagnostics import PlanPath
from socialplan.model import StakeholderGroup

# Drop-in sessions count: shift workers without desks or fixed hours cannot
# join a scheduled workshop or webinar, and the rollout itself offers them.
LAUNCH_EDUCATION = frozenset({"workshop", "seminar", "webinar", "drop-in"})
# At or below this, awareness or desire means a senior group does not yet see
# the need or want the change (ADKAR scores 1-5; 3 is the barrier point).
NOT_MOVED_AT_MOST = 2


@rule(code="EM01", name="no-stakeholders", group="embedding", severity="error", weight=5,
      reports_on=(),
      rationale="The article: these are social networks, they rely on people.")
def no_stakeholders(ctx: RuleContext) -> Iterator[Check]:
    """The plan names no stakeholder group.

    Fails:

    ```yaml
    organisation: {name: Acme}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: consultants, headcount: 900}
    ```
    """
    if ctx.plan.stakeholders:
        yield ok(("stakeholders",))
    else:
        yield fail(("stakeholders",), "the plan names no stakeholder group",
                   "add 'stakeholders:': senior managers, the workforce groups, IT, HR, communications")


@rule(code="EM02", name="no-senior-sponsor-group", group="embedding", severity="error", weight=4,
      reports_on=(),
      rationale="The article: buy-in and leadership from senior managers; vendors: an executive sponsor.")
def no_senior_sponsor_group(ctx: RuleContext) -> Iterator[Check]:
    """No high-power senior group acts as sponsor.

    A sponsor group is ``senior: true``, has high power and either holds the
    ``sponsor`` role or sponsors an objective.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: partners, headcount: 40, senior: true, power: medium, roles: [sponsor]}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: partners, headcount: 40, senior: true, power: high, roles: [sponsor]}
    ```
    """
    if not ctx.plan.stakeholders:
        return
    sponsors = ctx.sponsors
    if any(g.senior and ctx.is_high(g.power) and ("sponsor" in g.roles or g.id in sponsors)
           for g in ctx.plan.stakeholders):
        yield ok(("stakeholders",))
    else:
        yield fail(("stakeholders",), "no high-power senior group acts as sponsor",
                   "give a senior group 'power: high' and 'roles: [sponsor]', or make it an objective's sponsor")


@rule(code="EM03", name="senior-not-interviewed", group="embedding", severity="warning", weight=3,
      reports_on=("stakeholders",),
      rationale="The article: stakeholder research in planning, interviews for senior managers.",
      blocks_go=True)
def senior_not_interviewed(ctx: RuleContext) -> Iterator[Check]:
    """Senior managers are not planned for interviews.

    It blocks ``go``: the research belongs to planning, before the money is
    asked for.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: partners, headcount: 40, senior: true, research: survey}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: partners, headcount: 40, senior: true, research: interview}
    ```
    """
    for i, group in enumerate(ctx.plan.stakeholders):
        if not group.senior:
            continue
        if group.research == "interview":
            yield ok(("stakeholders", i))
        else:
            planned = f"planned research is '{group.research}'" if group.research else "no research is planned"
            yield fail(("stakeholders", i, "research") if group.research else ("stakeholders", i),
                       f"senior group '{group.id}' is not interviewed ({planned})",
                       "set 'research: interview' for senior managers" + ctx.suggested(f"research.{group.id}"))


@rule(code="EM04", name="workforce-not-surveyed", group="embedding", severity="warning", weight=3,
      reports_on=("stakeholders",),
      rationale="The article: stakeholder research in planning, surveys for the general workforce.",
      blocks_go=True)
def workforce_not_surveyed(ctx: RuleContext) -> Iterator[Check]:
    """A large workforce group is not covered by a survey.

    Large means at least ``thresholds.large_group`` people (100 by default);
    senior groups are interviewed instead (EM03). It blocks ``go``: one
    unresearched group may be most of the workforce, which a share of
    passing groups would hide. Researched another way? Suppress it with the
    reason.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: consultants, headcount: 900, research: focus-group}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: consultants, headcount: 900, research: survey}
    ```
    """
    for i, group in enumerate(ctx.plan.stakeholders):
        if group.senior or group.headcount < ctx.thresholds.large_group:
            continue
        if group.research == "survey":
            yield ok(("stakeholders", i))
        else:
            planned = f"planned research is '{group.research}'" if group.research else "no research is planned"
            yield fail(("stakeholders", i, "research") if group.research else ("stakeholders", i),
                       f"group '{group.id}' ({group.headcount:,} people) is not surveyed ({planned})",
                       "set 'research: survey' for large workforce groups" + ctx.suggested(f"research.{group.id}"))


@rule(code="EM05", name="no-wiifm", group="embedding", severity="warning", weight=3,
      reports_on=("stakeholders",),
      rationale="The article: communicate uses and benefits in terms of people's own objectives and targets.")
def no_wiifm(ctx: RuleContext) -> Iterator[Check]:
    """A group that must adopt has no "what's in it for them" tied to its own goals.

    The group needs its own ``goals`` (in its words) and a ``wiifm`` message
    that frames the network against them.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: consultants, headcount: 900, wiifm: It is a great new tool}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - id: consultants
        headcount: 900
        goals: [hit utilisation targets, fewer evenings on status reports]
        wiifm: Post status once in the project room and skip the Monday call
    ```
    """
    for i, group in enumerate(ctx.plan.stakeholders):
        if not group.must_adopt:
            continue
        missing = [word for word, present in (("goals", bool(group.goals)), ("wiifm", bool(group.wiifm)))
                   if not present]
        if not missing:
            yield ok(("stakeholders", i))
        elif missing == ["goals"]:
            yield fail(("stakeholders", i, "wiifm"),
                       f"the message to group '{group.id}' is not tied to its own goals (no 'goals:')",
                       "write the group's own objectives and targets in 'goals:' and frame 'wiifm:' against them")
        else:
            yield fail(("stakeholders", i), f"group '{group.id}' has no \"what's in it for them\" message",
                       "add 'goals:' (their objectives) and 'wiifm:' (the benefit framed against them)")


@rule(code="EM06", name="no-usability-testing", group="embedding", severity="warning", weight=2,
      reports_on=(),
      rationale="The article: usability tests and pilots during implementation.", blocks_go=True)
def no_usability_testing(ctx: RuleContext) -> Iterator[Check]:
    """No stakeholder group takes part in usability tests.

    It blocks ``go``: nobody has tried the set-up before everyone gets it.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: consultants, headcount: 900}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: consultants, headcount: 900, usability_testing: true}
    ```
    """
    if not ctx.plan.stakeholders:
        return
    if any(group.usability_testing for group in ctx.plan.stakeholders):
        yield ok(("stakeholders",))
    else:
        suggested = "".join(ctx.suggested(f"usability.{g.id}") for g in ctx.plan.stakeholders)
        yield fail(("stakeholders",), "no stakeholder group takes part in usability tests",
                   "set 'usability_testing: true' on the groups whose members test the set-up" + suggested)


@rule(code="EM07", name="no-launch-education", group="embedding", severity="warning", weight=3,
      reports_on=("stakeholders",),
      rationale="The article: workshops, seminars and webinars at launch.")
def no_launch_education(ctx: RuleContext) -> Iterator[Check]:
    """A group that must adopt has no workshop, seminar, webinar or drop-in session planned for launch.

    Senior groups are briefed instead (EM08); groups with ``must_adopt:
    false`` are not checked. Drop-in sessions count: shift workers without
    desks or fixed hours cannot join a scheduled session, and champions
    answering questions on the floor, across shifts, is launch education
    too. E-learning alone is not: nobody is there to answer.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: consultants, headcount: 900, education: [e-learning]}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: consultants, headcount: 900, education: [webinar, e-learning]}
      - {id: store-colleagues, headcount: 15000, education: [e-learning, drop-in]}
    ```
    """
    for i, group in enumerate(ctx.plan.stakeholders):
        if group.senior or not group.must_adopt:
            continue
        if LAUNCH_EDUCATION.intersection(group.education):
            yield ok(("stakeholders", i))
        else:
            yield fail(("stakeholders", i, "education") if group.education else ("stakeholders", i),
                       f"group '{group.id}' has no workshop, seminar, webinar or drop-in session planned for launch",
                       "add 'workshop', 'seminar', 'webinar' or, for shift workers, 'drop-in' to its 'education:'")


@rule(code="EM08", name="no-senior-briefing", group="embedding", severity="warning", weight=3,
      reports_on=("stakeholders",),
      rationale="The article: briefing sessions for senior managers.")
def no_senior_briefing(ctx: RuleContext) -> Iterator[Check]:
    """A senior group has no briefing session planned.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: partners, headcount: 40, senior: true, education: [webinar]}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: partners, headcount: 40, senior: true, education: [briefing]}
    ```
    """
    for i, group in enumerate(ctx.plan.stakeholders):
        if not group.senior:
            continue
        if "briefing" in group.education:
            yield ok(("stakeholders", i))
        else:
            yield fail(("stakeholders", i, "education") if group.education else ("stakeholders", i),
                       f"senior group '{group.id}' has no briefing session planned",
                       "add 'briefing' to its 'education:'" + ctx.suggested(f"briefing.{group.id}"))


@rule(code="EM09", name="too-few-champions", group="embedding", severity="warning", weight=2,
      reports_on=("stakeholders",),
      rationale="Vendor adoption practice: about 1 champion per 100 staff, 1 per 40-50 to speed adoption.")
def too_few_champions(ctx: RuleContext) -> Iterator[Check]:
    """A large group that must adopt has too few champions for its headcount.

    The group needs one champion per ``rollout.staff_per_champion`` people,
    and never fewer than one per ``thresholds.staff_per_champion`` (100).
    Checked for groups of at least ``thresholds.large_group`` people that
    must adopt and are not senior.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: consultants, headcount: 900, champions: 4}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: consultants, headcount: 900, champions: 9}
    ```
    """
    per = min(ctx.plan.rollout.staff_per_champion, ctx.thresholds.staff_per_champion)
    for i, group in enumerate(ctx.plan.stakeholders):
        if group.senior or not group.must_adopt or group.headcount < ctx.thresholds.large_group:
            continue
        needed = math.ceil(group.headcount / per)
        have = group.champions or 0
        if have >= needed:
            yield ok(("stakeholders", i))
        else:
            yield fail(("stakeholders", i, "champions") if group.champions is not None else ("stakeholders", i),
                       f"group '{group.id}' has {have:,} champion{'s' if have != 1 else ''} for "
                       f"{group.headcount:,} people; it needs at least {needed:,} (1 per {per:,})",
                       f"recruit {needed - have:,} more champion{'s' if needed - have != 1 else ''} in the group"
                       + ctx.suggested(f"champions-recruit.{group.id}"))


@rule(code="EM10", name="adkar-barrier-early", group="embedding", severity="warning", weight=3,
      reports_on=("stakeholders",),
      rationale="Prosci ADKAR: fix the barrier point first; no training before awareness and desire.")
def adkar_barrier_early(ctx: RuleContext) -> Iterator[Check]:
    """A high-power group's ADKAR barrier point is awareness or desire.

    The barrier point is the first element scoring 3 or less (for levels
    from a survey wave: whose mean is at or below the evidence's
    ``barrier_threshold``). A powerful
    group that does not yet see the need, or does not want the change, can
    stop the programme; training will not help until that is fixed. The
    message also names the group's lowest element when it is lower than the
    barrier point: awareness at 3 can hide desire at 1.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - id: partners
        headcount: 40
        power: high
        adkar: {awareness: 4, desire: 2, knowledge: 2, ability: 3, reinforcement: 1}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - id: partners
        headcount: 40
        power: high
        adkar: {awareness: 5, desire: 4, knowledge: 2, ability: 3, reinforcement: 1}
    ```
    """
    for i, group in enumerate(ctx.plan.stakeholders):
        adkar = ctx.adkar(group.id)
        if adkar is None or not ctx.is_high(group.power):
            continue
        barrier = adkar.barrier
        if barrier in ("awareness", "desire"):
            score = adkar.levels[barrier]
            lowest = adkar.lowest
            also = (f"; its lowest element is {lowest} ({adkar.of_top(lowest)})"
                    if adkar.levels[lowest] < score else "")
            yield fail(_adkar_path(i, adkar, barrier),
                       f"high-power group '{group.id}' has its ADKAR barrier point at {barrier} "
                       f"({adkar.of_top(barrier)}{adkar.cited}){also}",
                       "work on awareness and desire (sponsor messages, what's in it for them) before training")
        else:
            yield ok(("stakeholders", i))


def _adkar_path(i: int, adkar: GroupAdkar, element: str) -> PlanPath:
    """The typed level a finding is about, or the group when the level is a survey's."""
    return ("stakeholders", i) if adkar.from_survey else ("stakeholders", i, "adkar", element)


@rule(code="EM11", name="resistant-without-engagement", group="embedding", severity="error", weight=3,
      reports_on=("stakeholders",),
      rationale="Mendelow: manage high-power, high-interest groups closely, above all when they resist.")
def resistant_without_engagement(ctx: RuleContext) -> Iterator[Check]:
    """A high-power, high-interest group resists and has no engagement activity.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: works-council, headcount: 12, power: high, interest: high, attitude: resistant}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - id: works-council
        headcount: 12
        power: high
        interest: high
        attitude: resistant
        engagement: [monthly review of moderation and privacy rules with the council]
    ```
    """
    for i, group in enumerate(ctx.plan.stakeholders):
        if not (ctx.is_high(group.power) and ctx.is_high(group.interest) and group.attitude == "resistant"):
            continue
        if group.engagement:
            yield ok(("stakeholders", i))
        else:
            yield fail(("stakeholders", i, "attitude"),
                       f"group '{group.id}' has high power and interest, resists, and has no engagement planned",
                       "plan activities in 'engagement:' (one-to-ones, co-design, a seat on the steering group)")


@rule(code="EM12", name="adkar-missing", group="embedding", severity="info", weight=1,
      reports_on=("stakeholders",),
      rationale="Prosci ADKAR: readiness is assessed per group to find its barrier point.")
def adkar_missing(ctx: RuleContext) -> Iterator[Check]:
    """A group that must adopt has no ADKAR readiness scores.

    Without them the stakeholder map cannot show the group's barrier point.
    A survey wave that reports the group (see EM16 and EM18 for the waves
    that cannot be used) counts as well as typed ``adkar:`` scores.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: consultants, headcount: 900}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - id: consultants
        headcount: 900
        adkar: {awareness: 4, desire: 3, knowledge: 2, ability: 2, reinforcement: 1}
    ```
    """
    for i, group in enumerate(ctx.plan.stakeholders):
        if not group.must_adopt:
            continue
        if ctx.adkar(group.id) is not None:
            yield ok(("stakeholders", i))
        else:
            yield fail(("stakeholders", i), f"group '{group.id}' has no ADKAR readiness scores",
                       "score awareness, desire, knowledge, ability and reinforcement 1-5 in 'adkar:', or "
                       "survey the group (evidence.surveys)")


def _not_moved(group: StakeholderGroup, adkar: GroupAdkar | None) -> tuple[str, str] | None:
    """Where a senior group stands in the way: (the field, what it shows)."""
    if adkar is not None:
        for element in ("awareness", "desire"):
            score = adkar.level(element)
            if score is not None and score <= NOT_MOVED_AT_MOST:
                return element, f"{element} {adkar.of_top(element)}{adkar.cited}"
    if group.attitude == "resistant":
        return "attitude", "resistant"
    return None


def _engagement_hint(ctx: RuleContext, group: StakeholderGroup, field: str) -> str:
    """The engagement that would move the group, and the evidence that it has."""
    if group.engagement:
        quoted = [f"'{e}'" for e in group.engagement[:2]]
        more = len(group.engagement) - len(quoted)
        move = "keep up the engagement the plan lists (" + listing(quoted) + \
               (f" and {more} more" if more else "") + ")"
    else:
        # A resistant group with good scores still needs a reason to take part.
        element: Element = "awareness" if field == "awareness" else "desire"
        move = "plan engagement in 'engagement:' that moves them: " + ACTIONS[element]
    first = ctx.first_pilot.get(group.id)
    pilot = f"the pilot '{first}' they take part in" if first else "a pilot they take part in"
    return (f"pilot first and {move}; ask for the full rollout once evidence shows they have moved "
            f"(a later survey wave in evidence.surveys, 'adkar:' re-scored from it, or {pilot}), or suppress "
            "this with that evidence as the reason")


@rule(code="EM13", name="senior-group-not-moved", group="embedding", severity="warning", weight=3,
      reports_on=("stakeholders",),
      rationale="Prosci ADKAR and Mendelow: a senior, high-power group decides the outcome; planned "
                "engagement is a path, not an arrival.",
      blocks_go=True)
def senior_group_not_moved(ctx: RuleContext) -> Iterator[Check]:
    """A senior, high-power group does not yet see the need, want the change, or resists.

    A senior group with high power decides whether the network succeeds.
    Its ADKAR scores and attitude say where it stands today: awareness or
    desire at 2 or less, or ``attitude: resistant``, means it is not on
    board yet (for survey means too: a mean of 2 or less). Engagement the plan lists is the way to move it, not proof
    that it has moved. It blocks ``go``: run pilots, and ask for the full
    rollout once evidence (a later survey wave, a pilot the group
    took part in) shows it has moved. Update ``adkar:`` and ``attitude:``
    from that evidence, or suppress the finding with it as the reason. The
    hint names the engagement that would move the group.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - id: regional-managers
        headcount: 96
        senior: true
        power: high
        attitude: sceptical
        adkar: {awareness: 4, desire: 2, knowledge: 2, ability: 3, reinforcement: 1}
        engagement: [monthly one-to-ones with the sponsor]
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - id: regional-managers
        headcount: 96
        senior: true
        power: high
        attitude: sceptical
        adkar: {awareness: 4, desire: 3, knowledge: 2, ability: 3, reinforcement: 1}
        engagement: [monthly one-to-ones with the sponsor]
    ```
    """
    for i, group in enumerate(ctx.plan.stakeholders):
        if not (group.senior and ctx.is_high(group.power)):
            continue
        adkar = ctx.adkar(group.id)
        found = _not_moved(group, adkar)
        if found is None:
            yield ok(("stakeholders", i))
            continue
        field, shows = found
        path = (("stakeholders", i, "attitude") if field == "attitude" or adkar is None
                else _adkar_path(i, adkar, field))
        yield fail(path, f"senior, high-power group '{group.id}' is not on board yet ({shows})",
                   _engagement_hint(ctx, group, field))


@rule(code="EM14", name="sceptical-senior-without-engagement", group="embedding", severity="warning", weight=2,
      reports_on=("stakeholders",),
      rationale="Mendelow: senior groups are managed closely; a sceptical one left alone can turn resistant.")
def sceptical_senior_without_engagement(ctx: RuleContext) -> Iterator[Check]:
    """A sceptical senior group has no engagement planned.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: partners, headcount: 40, senior: true, attitude: sceptical}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - id: partners
        headcount: 40
        senior: true
        attitude: sceptical
        engagement: [a partner on the steering group, monthly demo of client wins]
    ```
    """
    for i, group in enumerate(ctx.plan.stakeholders):
        if not (group.senior and group.attitude == "sceptical"):
            continue
        if group.engagement:
            yield ok(("stakeholders", i))
        else:
            yield fail(("stakeholders", i, "attitude"),
                       f"senior group '{group.id}' is sceptical and has no engagement planned",
                       "plan activities in 'engagement:' (one-to-ones with the sponsor, a seat on the "
                       "steering group, early results from the pilots)")


@rule(code="EM15", name="stakeholders-cover-too-few", group="embedding", severity="warning", weight=2,
      reports_on=(),
      rationale="The article: these are social networks, they rely on people; people outside every group "
                "are neither researched, convinced nor trained.")
def stakeholders_cover_too_few(ctx: RuleContext) -> Iterator[Check]:
    """The stakeholder groups cover much less of the organisation than its headcount.

    The groups' headcounts together should reach
    ``thresholds.stakeholder_coverage`` (80% by default) of
    ``organisation.headcount``; below that, many people are in no group, so
    no research, message, training or champion reaches them. Checked only
    when the plan gives the organisation's headcount.

    Fails:

    ```yaml
    organisation: {name: Acme, headcount: 27000}
    stakeholders:
      - {id: office, headcount: 12000}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme, headcount: 27000}
    stakeholders:
      - {id: office, headcount: 12000}
      - {id: plants, headcount: 14500}
    ```
    """
    total = ctx.plan.organisation.headcount
    if total is None or not ctx.plan.stakeholders:
        return
    covered = sum(g.headcount for g in ctx.plan.stakeholders)
    minimum = ctx.thresholds.stakeholder_coverage
    if covered >= minimum * total:
        yield ok(("organisation", "headcount"))
    else:
        yield fail(("organisation", "headcount"),
                   f"the stakeholder groups cover {covered:,} of the organisation's {total:,} people "
                   f"({covered / total:.0%}; at least {minimum:.0%} expected)",
                   "add groups for the people left out (the rest of the workforce, other sites), "
                   "or correct organisation.headcount")


def _fallback(ctx: RuleContext, group_id: str) -> str:
    """What a group is judged by when a wave's levels are not used."""
    adkar = ctx.adkar(group_id)
    if adkar is None:
        return "it has no ADKAR levels"
    if adkar.from_survey:
        return f"it is judged by {adkar.source}"
    return "it is judged by the levels typed in its 'adkar:'"


@rule(code="EM16", name="survey-response-too-low", group="embedding", severity="warning", weight=2,
      reports_on=(),
      rationale="Survey practice: a group's answers speak for it only when enough of it answered; the "
                "few who do are the keenest.")
def survey_response_too_low(ctx: RuleContext) -> Iterator[Check]:
    """A group's latest survey wave was answered by too few of its people to trust.

    The response rate is the group's respondents over its ``headcount``;
    below ``evidence.settings.min_response_rate`` (20% by default) the
    wave's levels are not used for the group, which falls back to an
    earlier wave that qualifies, else to its typed ``adkar:``, and the
    message says which. Only the latest wave that reports each group is
    checked: an older wave answered by few matters no more once a later one
    reports the group. Groups below ``min_group_size`` respondents are not
    reported at all (anonymity), so they are not checked either.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - id: drivers
        headcount: 100
        adkar: {awareness: 4, desire: 4, knowledge: 3, ability: 3, reinforcement: 2}
    evidence:
      surveys:
        - id: wave-1
          date: 2026-01-05
          file: wave-1.csv
          group_column: Team
          groups: {Drivers: drivers}
          questions: {awareness: [Q1], desire: [Q2], knowledge: [Q3], ability: [Q4], reinforcement: [Q5]}
    ```

    ```csv wave-1.csv
    Team,Q1,Q2,Q3,Q4,Q5
    Drivers,4,3,2,2,1
    Drivers,5,4,3,2,2
    Drivers,4,4,3,3,2
    Drivers,3,3,2,2,1
    Drivers,4,2,3,2,2
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: drivers, headcount: 20}
    evidence:
      surveys:
        - id: wave-1
          date: 2026-01-05
          file: wave-1.csv
          group_column: Team
          groups: {Drivers: drivers}
          questions: {awareness: [Q1], desire: [Q2], knowledge: [Q3], ability: [Q4], reinforcement: [Q5]}
    ```

    ```csv wave-1.csv
    Team,Q1,Q2,Q3,Q4,Q5
    Drivers,4,3,2,2,1
    Drivers,5,4,3,2,2
    Drivers,4,4,3,3,2
    Drivers,3,3,2,2,1
    Drivers,4,2,3,2,2
    ```
    """
    minimum = ctx.readiness.settings.min_response_rate
    for group in ctx.plan.stakeholders:
        wave = ctx.readiness.latest.get(group.id)
        if wave is None or wave.group.response_rate is None:
            continue
        path = ("evidence", "surveys", wave.index)
        if not ctx.readiness.low_rate(wave.group):
            yield ok(path)
            continue
        yield fail(path, f"survey '{wave.survey.id}' of {wave.survey.date} was answered by "
                         f"{wave.group.response_rate:.0%} of group '{group.id}' ({wave.group.responses or 0:,} of "
                         f"{group.headcount:,} people; at least {minimum:.0%} expected): its levels are not used, so "
                         f"{_fallback(ctx, group.id)}",
                   "raise the response (reminders, time in a team meeting, the managers asking) and run the wave "
                   "again, or, if the answers do speak for the group, lower evidence.settings.min_response_rate")


# What addresses each barrier point: the planned activities, read from the
# group's fields (and the champions the rollout recruits for it), named as
# messages and hints name them.
_ADDRESSED_BY: dict[Element, tuple[str, str]] = {
    "awareness": ("communication or a briefing: a 'channel:' or 'messenger:' for the group's messages, or "
                  "'briefing' in its 'education:'",
                  "give the group a 'channel:' and a 'messenger:' (the communication plan the rollout's "
                  "pre-launch communications follow), or add 'briefing' to its 'education:'"),
    "desire": ("engagement: 'engagement:' activities, a 'wiifm:' message or champions",
               "add 'engagement:' activities, a 'wiifm:' message framed against its 'goals:', or 'champions:'"),
    "knowledge": ("training: a workshop, seminar, webinar or e-learning in its 'education:' (a briefing, for "
                  "senior groups)",
                  "add 'workshop', 'seminar', 'webinar' or 'e-learning' to its 'education:'"),
    "ability": ("practice: champions, drop-in sessions or usability tests",
                "add 'champions:', 'drop-in' to its 'education:', or 'usability_testing: true'"),
    "reinforcement": ("recognition or measurement: champions, or adoption measured in 'tracking: usage:'",
                      "add 'champions:' to recognise good use in the group, or measure adoption with "
                      "'tracking: usage:'"),
}
_TRAINING = frozenset({"workshop", "seminar", "webinar", "e-learning"})


def _addresses(ctx: RuleContext, group: StakeholderGroup, element: Element) -> bool:
    from socialplan.rollout.activities import champion_count

    champions = champion_count(group, ctx.plan.rollout.staff_per_champion) > 0
    education = set(group.education)
    if element == "awareness":
        return bool(group.channel or group.messenger or "briefing" in education)
    if element == "desire":
        return bool(group.engagement or group.wiifm or champions)
    if element == "knowledge":  # senior groups are taught in their briefings (EM07, EM08)
        return bool(_TRAINING & education) or (group.senior and "briefing" in education)
    if element == "ability":
        return champions or "drop-in" in education or group.usability_testing
    return champions or bool(ctx.plan.tracking.usage)


def _reported_elsewhere(ctx: RuleContext, group: StakeholderGroup, element: Element) -> bool:
    """Whether another rule already reports the missing activity (one finding per cause)."""
    if element == "knowledge":  # EM07: no launch education for a group that must adopt
        return not group.senior and group.must_adopt and not LAUNCH_EDUCATION.intersection(group.education)
    if element == "awareness":  # EM08: a senior group without a briefing
        return group.senior and "briefing" not in group.education
    if element == "desire" and not group.engagement:  # EM11 and EM14: no engagement where it is needed
        resistant = ctx.is_high(group.power) and ctx.is_high(group.interest) and group.attitude == "resistant"
        return resistant or (group.senior and group.attitude == "sceptical")
    return False


@rule(code="EM17", name="barrier-not-addressed", group="embedding", severity="warning", weight=3,
      reports_on=("stakeholders",),
      rationale="Prosci ADKAR: each barrier point has its own remedy; a barrier no planned activity works on "
                "stays where it is.")
def barrier_not_addressed(ctx: RuleContext) -> Iterator[Check]:
    """A group's ADKAR barrier point has no planned activity that addresses it.

    The barrier point comes from the group's chosen levels (its latest
    usable survey wave, else its typed ``adkar:``). What addresses each:

    - awareness: communication or a briefing: the group's ``channel`` or
      ``messenger`` (the rollout's pre-launch communications to every group
      follow the communication plan these make), or ``briefing`` in its
      ``education``;
    - desire: ``engagement`` activities, a ``wiifm`` message, or champions;
    - knowledge: training: ``workshop``, ``seminar``, ``webinar`` or
      ``e-learning`` in its ``education`` (for a senior group, its
      ``briefing``: senior managers are briefed rather than trained);
    - ability: champions, ``drop-in`` sessions, or ``usability_testing``;
    - reinforcement: champions (who recognise good use), or adoption
      measured with ``tracking: usage``.

    Champions are those the rollout recruits for the group: its
    ``champions``, else one per ``rollout.staff_per_champion`` for a
    workforce group that must adopt. Not reported again where another rule
    reports the same missing activity: knowledge for a group EM07 finds
    without launch education, awareness for a senior group EM08 finds
    without a briefing, desire for a group EM11 or EM14 finds without
    engagement.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - id: engineers
        headcount: 300
        education: [workshop]
        adkar: {awareness: 2, desire: 4, knowledge: 3, ability: 3, reinforcement: 2}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - id: engineers
        headcount: 300
        education: [workshop]
        channel: the engineering all-hands
        messenger: the CTO
        adkar: {awareness: 2, desire: 4, knowledge: 3, ability: 3, reinforcement: 2}
    ```
    """
    for i, group in enumerate(ctx.plan.stakeholders):
        adkar = ctx.adkar(group.id)
        barrier = adkar.barrier if adkar is not None else None
        if adkar is None or barrier is None or _reported_elsewhere(ctx, group, barrier):
            continue
        if _addresses(ctx, group, barrier):
            yield ok(("stakeholders", i))
            continue
        what, hint = _ADDRESSED_BY[barrier]
        yield fail(("stakeholders", i),
                   f"group '{group.id}' has its ADKAR barrier point at {barrier} "
                   f"({adkar.of_top(barrier)}{adkar.cited}) and no planned activity addresses it ({what})",
                   hint)


@rule(code="EM18", name="survey-out-of-date", group="embedding", severity="warning", weight=2,
      reports_on=(),
      rationale="Prosci ADKAR: readiness moves as the change is communicated and trained; an old reading "
                "judges the plan on where people used to be.")
def survey_out_of_date(ctx: RuleContext) -> Iterator[Check]:
    """A survey wave the assessment would judge groups by is older than the evidence allows.

    Checked: the latest wave overall and the latest wave that reports each
    group. A wave that closed more than ``evidence.settings.max_age_days``
    (180 by default) before the assessment's day (``--as-of``) is not used:
    its groups fall back to an earlier wave that qualifies (none is newer),
    else to their typed ``adkar:``. A warning: the verdict still stands on
    the typed levels, but readiness read before the briefings and training
    is not readiness today. A wave dated after the assessment's day had not
    closed on that day: it is neither used nor checked.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: drivers, headcount: 20}
    evidence:
      surveys:
        - id: wave-1
          date: 2025-01-06
          file: wave-1.csv
          group_column: Team
          groups: {Drivers: drivers}
          questions: {awareness: [Q1], desire: [Q2], knowledge: [Q3], ability: [Q4], reinforcement: [Q5]}
    ```

    ```csv wave-1.csv
    Team,Q1,Q2,Q3,Q4,Q5
    Drivers,4,3,2,2,1
    Drivers,5,4,3,2,2
    Drivers,4,4,3,3,2
    Drivers,3,3,2,2,1
    Drivers,4,2,3,2,2
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: drivers, headcount: 20}
    evidence:
      surveys:
        - id: wave-1
          date: 2026-01-05
          file: wave-1.csv
          group_column: Team
          groups: {Drivers: drivers}
          questions: {awareness: [Q1], desire: [Q2], knowledge: [Q3], ability: [Q4], reinforcement: [Q5]}
    ```

    ```csv wave-1.csv
    Team,Q1,Q2,Q3,Q4,Q5
    Drivers,4,3,2,2,1
    Drivers,5,4,3,2,2
    Drivers,4,4,3,3,2
    Drivers,3,3,2,2,1
    Drivers,4,2,3,2,2
    ```
    """
    readiness = ctx.readiness
    if not readiness.waves:
        return
    groups_of: dict[str, list[str]] = {}
    for group in ctx.plan.stakeholders:
        wave = readiness.latest.get(group.id)
        if wave is not None:
            groups_of.setdefault(wave.survey.id, []).append(group.id)
    last = readiness.waves[-1][0].id
    maximum = readiness.settings.max_age_days
    for survey, index in readiness.waves:
        if survey.id != last and survey.id not in groups_of:
            continue
        path = ("evidence", "surveys", index)
        if not readiness.stale(survey):
            yield ok(path)
            continue
        groups = [f"'{g}'" for g in groups_of.get(survey.id, [])]
        used = (f": it is not used for {'group' if len(groups) == 1 else 'groups'} {listing(groups)}"
                if groups else "")
        yield fail(path, f"survey '{survey.id}' closed on {survey.date}, {readiness.age(survey):,} days before "
                         f"{readiness.as_of} (at most {maximum:,} expected){used}",
                   "run a new wave and add it to evidence.surveys, or, if readiness cannot have moved since, "
                   "raise evidence.settings.max_age_days")
