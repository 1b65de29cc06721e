"""Embedding the network in the organisation: senior buy-in, stakeholder
research (interviews for senior managers, surveys for the workforce),
messages framed against each group's own objectives, usability tests, launch
education, briefings, champions, and ADKAR readiness.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from socialplan.assess.adkar import barrier_point
from socialplan.assess.rule import Check, RuleContext, fail, ok, rule

LAUNCH_EDUCATION = frozenset({"workshop", "seminar", "webinar"})


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
                       "set 'research: interview' for senior managers")


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
                       "set 'research: survey' for large workforce groups")


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
        yield fail(("stakeholders",), "no stakeholder group takes part in usability tests",
                   "set 'usability_testing: true' on the groups whose members test the set-up")


@rule(code="EM07", name="no-launch-education", group="embedding", severity="warning", weight=3,
      reports_on=("stakeholders",),
      rationale="The article: workshops, seminars and webinars at launch.")
def no_launch_education(ctx: RuleContext) -> Iterator[Check]:
    """A group that must adopt has no workshop, seminar or webinar planned for launch.

    Senior groups are briefed instead (EM08); groups with ``must_adopt:
    false`` are not checked.

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
      - {id: consultants, headcount: 900, education: [webinar, drop-in]}
    ```
    """
    for i, group in enumerate(ctx.plan.stakeholders):
        if group.senior or not group.must_adopt:
            continue
        if LAUNCH_EDUCATION.intersection(group.education):
            yield ok(("stakeholders", i))
        else:
            yield fail(("stakeholders", i, "education") if group.education else ("stakeholders", i),
                       f"group '{group.id}' has no workshop, seminar or webinar planned for launch",
                       "add 'workshop', 'seminar' or 'webinar' to its 'education:'")


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
                       "add 'briefing' to its 'education:'")


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
                       f"recruit {needed - have:,} more champion{'s' if needed - have != 1 else ''} in the group")


@rule(code="EM10", name="adkar-barrier-early", group="embedding", severity="warning", weight=3,
      reports_on=("stakeholders",),
      rationale="Prosci ADKAR: fix the barrier point first; no training before awareness and desire.")
def adkar_barrier_early(ctx: RuleContext) -> Iterator[Check]:
    """A high-power group's ADKAR barrier point is awareness or desire.

    The barrier point is the first element scoring 3 or less. A powerful
    group that does not yet see the need, or does not want the change, can
    stop the programme; training will not help until that is fixed.

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
        if group.adkar is None or not ctx.is_high(group.power):
            continue
        barrier = barrier_point(group.adkar)
        if barrier in ("awareness", "desire"):
            yield fail(("stakeholders", i, "adkar", barrier),
                       f"high-power group '{group.id}' has its ADKAR barrier point at {barrier} "
                       f"({getattr(group.adkar, barrier)} of 5)",
                       "work on awareness and desire (sponsor messages, what's in it for them) before training")
        else:
            yield ok(("stakeholders", i))


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
        if group.adkar is not None:
            yield ok(("stakeholders", i))
        else:
            yield fail(("stakeholders", i), f"group '{group.id}' has no ADKAR readiness scores",
                       "score awareness, desire, knowledge, ability and reinforcement 1-5 in 'adkar:'")
