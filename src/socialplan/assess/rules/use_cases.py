"""The use cases: how the workforce will use the network to realise specific
benefits. Each is a hypothesis that a pilot tests before wider, costly
rollout, so it needs an objective, an owner, a measurable hypothesis, a pilot
with a decision rule and an estimate of its benefits.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialplan.assess.rule import Check, RuleContext, fail, listing, ok, rule


@rule(code="UC01", name="no-use-cases", group="use-cases", severity="error", weight=5,
      reports_on=(),
      rationale="The article: use cases say how the workforce will realise the benefits.")
def no_use_cases(ctx: RuleContext) -> Iterator[Check]:
    """The plan describes no use case.

    Fails:

    ```yaml
    organisation: {name: Acme}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - {id: project-rooms, title: Run client projects in shared rooms}
    ```
    """
    if ctx.plan.use_cases:
        yield ok(("use_cases",))
    else:
        yield fail(("use_cases",), "the plan describes no use case",
                   "add 'use_cases:': how people will use the network to meet the objectives")


@rule(code="UC02", name="use-case-without-objective", group="use-cases", severity="warning", weight=3,
      reports_on=("use_cases",),
      rationale="The article: start from business benefit; a use case must serve an objective.")
def use_case_without_objective(ctx: RuleContext) -> Iterator[Check]:
    """A use case serves no objective.

    Fails:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - {id: project-rooms, title: Run client projects in shared rooms}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - {id: fewer-calls, title: Fewer status calls}
    use_cases:
      - {id: project-rooms, title: Run client projects in shared rooms, objectives: [fewer-calls]}
    ```
    """
    for i, use_case in enumerate(ctx.plan.use_cases):
        if use_case.objectives:
            yield ok(("use_cases", i))
        else:
            yield fail(("use_cases", i), f"use case '{use_case.id}' serves no objective",
                       "list the objectives it serves in 'objectives:'")


@rule(code="UC03", name="no-hypothesis", group="use-cases", severity="warning", weight=3,
      reports_on=("use_cases",),
      rationale="The article: use cases are hypotheses that pilots test before wider rollout.")
def no_hypothesis(ctx: RuleContext) -> Iterator[Check]:
    """A use case states no hypothesis.

    Fails:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - {id: project-rooms, title: Run client projects in shared rooms}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - id: project-rooms
        title: Run client projects in shared rooms
        hypothesis: Teams with a project room hold 30% fewer status calls
    ```
    """
    for i, use_case in enumerate(ctx.plan.use_cases):
        if use_case.hypothesis:
            yield ok(("use_cases", i))
        else:
            yield fail(("use_cases", i), f"use case '{use_case.id}' states no hypothesis",
                       "say in 'hypothesis:' what the pilot must show, in measurable terms")


@rule(code="UC04", name="hypothesis-not-measurable", group="use-cases", severity="warning", weight=3,
      reports_on=("use_cases",),
      rationale="Lean experiments and the Green Book's monitoring and evaluation: a test needs a pass mark.")
def hypothesis_not_measurable(ctx: RuleContext) -> Iterator[Check]:
    """A hypothesis has no measurable success metric with a threshold.

    The pilot's ``metrics`` must include at least one metric with a
    ``threshold`` the pilot has to reach.

    Fails:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - id: project-rooms
        title: Run client projects in shared rooms
        hypothesis: Project rooms make teams more efficient
        pilot: {participants: 60, weeks: 8, decision_rule: scale if calls drop}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - id: project-rooms
        title: Run client projects in shared rooms
        hypothesis: Teams with a project room hold 30% fewer status calls
        pilot:
          participants: 60
          weeks: 8
          decision_rule: scale if the metric passes
          metrics:
            - {name: status calls per week, direction: decrease, baseline: 5, threshold: 3.5}
    ```
    """
    for i, use_case in enumerate(ctx.plan.use_cases):
        if not use_case.hypothesis:
            continue
        metrics = use_case.pilot.metrics if use_case.pilot else []
        if any(metric.threshold is not None for metric in metrics):
            yield ok(("use_cases", i))
        else:
            yield fail(("use_cases", i, "hypothesis"),
                       f"the hypothesis of use case '{use_case.id}' has no success metric with a threshold",
                       "add 'pilot: {metrics: [{name: ..., baseline: ..., threshold: ...}]}'")


@rule(code="UC05", name="high-effort-without-pilot", group="use-cases", severity="warning", weight=3,
      reports_on=("use_cases",),
      rationale="The article: pilots test use cases before wider (costly) rollout.", blocks_go=True)
def high_effort_without_pilot(ctx: RuleContext) -> Iterator[Check]:
    """A high-effort use case has no pilot planned.

    High effort means ``effort`` of at least ``thresholds.high_effort``
    person-months (3 by default). It blocks ``go``: the costly part of the
    plan has not been tested, which is what ``pilot-first`` means.

    Fails:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - {id: knowledge-wiki, title: A shared wiki updated in real time, effort: 8}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - id: knowledge-wiki
        title: A shared wiki updated in real time
        effort: 8
        pilot: {participants: 40, weeks: 6, decision_rule: scale if edits per week double}
    ```
    """
    limit = ctx.thresholds.high_effort
    for i, use_case in enumerate(ctx.plan.use_cases):
        if use_case.effort is None or use_case.effort < limit:
            continue
        if use_case.pilot is not None:
            yield ok(("use_cases", i))
        else:
            yield fail(("use_cases", i, "effort"),
                       f"use case '{use_case.id}' needs {use_case.effort:g} person-months but has no pilot",
                       "plan a pilot that tests the hypothesis before the full build")


@rule(code="UC06", name="pilot-incomplete", group="use-cases", severity="warning", weight=2,
      reports_on=("use_cases",),
      rationale="Pilot practice (Microsoft, Slack): a pilot has a size, a length and a decision rule.")
def pilot_incomplete(ctx: RuleContext) -> Iterator[Check]:
    """A pilot lacks its duration, its participants or its decision rule.

    Fails:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - id: project-rooms
        title: Run client projects in shared rooms
        pilot: {participants: 60}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - id: project-rooms
        title: Run client projects in shared rooms
        pilot: {participants: 60, weeks: 8, decision_rule: scale if 2 of 3 metrics pass}
    ```
    """
    for i, use_case in enumerate(ctx.plan.use_cases):
        pilot = use_case.pilot
        if pilot is None:
            continue
        missing = [word for word, value in (("duration (weeks)", pilot.weeks),
                                            ("participants", pilot.participants),
                                            ("decision rule", pilot.decision_rule)) if value is None]
        if missing:
            yield fail(("use_cases", i, "pilot"),
                       f"the pilot of use case '{use_case.id}' has no {listing(missing, 'or')}",
                       "give the pilot 'weeks:', 'participants:' and 'decision_rule:' (scale, revise or stop)")
        else:
            yield ok(("use_cases", i, "pilot"))


@rule(code="UC07", name="use-case-without-owner", group="use-cases", severity="warning", weight=2,
      reports_on=("use_cases",),
      rationale="Green Book benefits register: every benefit has a responsible owner.")
def use_case_without_owner(ctx: RuleContext) -> Iterator[Check]:
    """A use case has no owner.

    Fails:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - {id: project-rooms, title: Run client projects in shared rooms}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - {id: project-rooms, title: Run client projects in shared rooms, owner: Head of delivery}
    ```
    """
    for i, use_case in enumerate(ctx.plan.use_cases):
        if use_case.owner:
            yield ok(("use_cases", i))
        else:
            yield fail(("use_cases", i), f"use case '{use_case.id}' has no owner",
                       "name who owns it in 'owner:'")


@rule(code="UC08", name="no-benefit-estimate", group="use-cases", severity="warning", weight=3,
      reports_on=("use_cases",),
      rationale="Forrester TEI and the Green Book: benefits are estimated (low, likely, high) to be appraised.")
def no_benefit_estimate(ctx: RuleContext) -> Iterator[Check]:
    """A use case has no estimated benefit.

    At least one benefit needs ``hours_per_user_week`` or ``annual_value``
    (a number, or a low / likely / high estimate).

    Fails:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - id: project-rooms
        title: Run client projects in shared rooms
        benefits:
          - {name: fewer status calls}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - id: project-rooms
        title: Run client projects in shared rooms
        benefits:
          - {name: fewer status calls, hours_per_user_week: 0.5}
    ```
    """
    for i, use_case in enumerate(ctx.plan.use_cases):
        if any(benefit.monetised for benefit in use_case.benefits):
            yield ok(("use_cases", i))
        elif use_case.benefits:
            yield fail(("use_cases", i, "benefits"),
                       f"no benefit of use case '{use_case.id}' is estimated",
                       "give a benefit 'hours_per_user_week' or 'annual_value' (low, likely, high)")
        else:
            yield fail(("use_cases", i), f"use case '{use_case.id}' has no benefit",
                       "add 'benefits:' with an estimate of the time or money it saves")


@rule(code="UC09", name="benefit-estimate-out-of-order", group="use-cases", severity="error", weight=2,
      reports_on=("use_cases",),
      rationale="Three-point estimates (TEI): low <= most likely <= high.")
def benefit_estimate_out_of_order(ctx: RuleContext) -> Iterator[Check]:
    """A benefit's three-point estimate is out of order.

    A low / likely / high estimate needs low <= likely <= high; otherwise the
    risk model has no meaning. Usually two values were swapped.

    Fails:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - id: project-rooms
        title: Run client projects in shared rooms
        benefits:
          - {name: fewer status calls, hours_per_user_week: {low: 1, likely: 0.5, high: 2}}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - id: project-rooms
        title: Run client projects in shared rooms
        benefits:
          - {name: fewer status calls, hours_per_user_week: {low: 0.25, likely: 0.5, high: 1}}
    ```
    """
    for i, use_case in enumerate(ctx.plan.use_cases):
        for b, benefit in enumerate(use_case.benefits):
            for field, estimate in (("hours_per_user_week", benefit.hours_per_user_week),
                                    ("annual_value", benefit.annual_value)):
                if estimate is None:
                    continue
                path = ("use_cases", i, "benefits", b, field)
                if estimate.in_order:
                    yield ok(path)
                else:
                    yield fail(path,
                               f"the {field} estimate of benefit '{benefit.name}' in use case '{use_case.id}' "
                               f"is out of order (low {estimate.low:g}, likely {estimate.likely:g}, "
                               f"high {estimate.high:g})",
                               "order the estimate so that low <= likely <= high")


@rule(code="UC10", name="use-case-without-stakeholders", group="use-cases", severity="warning", weight=2,
      reports_on=("use_cases",),
      rationale="The article: communicate uses and benefits to the people who will use it.")
def use_case_without_stakeholders(ctx: RuleContext) -> Iterator[Check]:
    """A use case names no stakeholder group who will use it.

    Fails:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - {id: project-rooms, title: Run client projects in shared rooms}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - {id: project-rooms, title: Run client projects in shared rooms, stakeholders: [consultants]}
    stakeholders:
      - {id: consultants, headcount: 900}
    ```
    """
    for i, use_case in enumerate(ctx.plan.use_cases):
        if use_case.stakeholders:
            yield ok(("use_cases", i))
        else:
            yield fail(("use_cases", i), f"use case '{use_case.id}' names no stakeholder group",
                       "list who will use it in 'stakeholders:'")
