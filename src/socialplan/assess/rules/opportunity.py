"""The opportunity: business objectives a robust business case can rest on.

Objectives follow the Green Book's SMART test (a measure, a baseline, a
target, a date, an owner; five or six of them at most); the business case
needs costs, monetised benefits and a do-nothing option to compare against.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialplan.assess.rule import Check, RuleContext, fail, listing, ok, plural, rule


@rule(code="OP01", name="no-objectives", group="opportunity", severity="error", weight=5,
      reports_on=(),
      rationale="The article: successful adopters start from business benefit, not technology.")
def no_objectives(ctx: RuleContext) -> Iterator[Check]:
    """The plan states no business objective.

    Without objectives there is nothing for a business case to rest on and no
    way to tell whether the network worked. Start from the business
    challenges the network helps meet (innovation, a mobile workforce,
    training...).

    Fails:

    ```yaml
    organisation: {name: Acme}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - {id: connect-field-staff, title: Connect staff who work on client sites}
    ```
    """
    if ctx.plan.objectives:
        yield ok(("objectives",))
    else:
        yield fail(("objectives",), "the plan states no business objective",
                   "add 'objectives:' with the business challenges the network helps meet")


@rule(code="OP02", name="too-many-objectives", group="opportunity", severity="warning", weight=2,
      reports_on=("objectives",),
      rationale="Green Book: up to 5 or 6 SMART objectives; more suggests a poorly focused intervention.")
def too_many_objectives(ctx: RuleContext) -> Iterator[Check]:
    """The plan has more objectives than a focused intervention needs.

    The limit is ``thresholds.max_objectives`` (6 by default). The finding
    points at the first objective over the limit.

    Fails:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - {id: a, title: Objective A}
      - {id: b, title: Objective B}
      - {id: c, title: Objective C}
      - {id: d, title: Objective D}
      - {id: e, title: Objective E}
      - {id: f, title: Objective F}
      - {id: g, title: Objective G}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - {id: a, title: Objective A}
      - {id: b, title: Objective B}
    ```
    """
    count, limit = len(ctx.plan.objectives), ctx.thresholds.max_objectives
    if not count:
        return
    if count > limit:
        yield fail(("objectives", limit),
                   f"the plan has {count} objectives; more than {limit} suggests a poorly focused plan",
                   "merge related objectives or move some to a later phase")
    else:
        yield ok(("objectives",))


@rule(code="OP03", name="objective-without-kpi", group="opportunity", severity="warning", weight=3,
      reports_on=("objectives",),
      rationale="Green Book SMART objectives: each needs a measure.")
def objective_without_kpi(ctx: RuleContext) -> Iterator[Check]:
    """An objective has no KPI to measure it by.

    Fails:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - {id: find-experts, title: Find the right expert within two hours}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - id: find-experts
        title: Find the right expert within two hours
        kpis:
          - {name: hours to find an expert, direction: decrease, baseline: 6, target: 2, by: 2030-12-31}
    ```
    """
    for i, objective in enumerate(ctx.plan.objectives):
        path = ("objectives", i)
        if objective.kpis:
            yield ok(path)
        else:
            yield fail(path, f"objective '{objective.id}' has no KPI",
                       "add 'kpis:' with a measure, a baseline, a target and a date")


@rule(code="OP04", name="kpi-incomplete", group="opportunity", severity="warning", weight=3,
      reports_on=("objectives",),
      rationale="Green Book SMART objectives: a measure needs a baseline, a target and a date.")
def kpi_incomplete(ctx: RuleContext) -> Iterator[Check]:
    """A KPI lacks its baseline, its target or its date.

    A measure without a baseline cannot show improvement; without a target
    nobody knows what success is; without a date it is not time-limited.

    Fails:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - id: find-experts
        title: Find the right expert within two hours
        kpis:
          - {name: hours to find an expert, target: 2}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - id: find-experts
        title: Find the right expert within two hours
        kpis:
          - {name: hours to find an expert, direction: decrease, baseline: 6, target: 2, by: 2030-12-31}
    ```
    """
    for path, objective_id, kpi in ctx.kpis():
        missing = [word for word, value in (("baseline", kpi.baseline), ("target", kpi.target),
                                            ("date", kpi.by)) if value is None]
        if missing:
            yield fail(path, f"KPI '{kpi.name}' of objective '{objective_id}' has no {listing(missing, 'or')}",
                       "give every KPI a baseline, a target and 'by:' (the date to reach it)")
        else:
            yield ok(path)


@rule(code="OP05", name="target-not-better", group="opportunity", severity="error", weight=3,
      reports_on=("objectives",),
      rationale="SMART objectives: the target must be an improvement on the baseline.")
def target_not_better(ctx: RuleContext) -> Iterator[Check]:
    """A KPI's target is not better than its baseline in the KPI's direction.

    ``direction: increase`` (the default) needs a target above the baseline;
    ``direction: decrease`` needs one below. Usually the direction was
    forgotten, or baseline and target were swapped.

    Fails:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - id: find-experts
        title: Find the right expert within two hours
        kpis:
          - {name: hours to find an expert, baseline: 6, target: 2, by: 2030-12-31}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - id: find-experts
        title: Find the right expert within two hours
        kpis:
          - {name: hours to find an expert, direction: decrease, baseline: 6, target: 2, by: 2030-12-31}
    ```
    """
    for path, objective_id, kpi in ctx.kpis():
        if kpi.baseline is None or kpi.target is None:
            continue
        better = kpi.target > kpi.baseline if kpi.direction == "increase" else kpi.target < kpi.baseline
        if better:
            yield ok(path)
        else:
            want = "above" if kpi.direction == "increase" else "below"
            yield fail((*path, "target"),
                       f"KPI '{kpi.name}' of objective '{objective_id}' aims for {kpi.target:g}, "
                       f"not {want} its baseline {kpi.baseline:g} (direction: {kpi.direction})",
                       "check 'direction:' (increase or decrease) and that baseline and target are not swapped")


@rule(code="OP06", name="kpi-date-past", group="opportunity", severity="warning", weight=2,
      reports_on=("objectives",),
      rationale="SMART objectives are time-limited: a date already past cannot steer the project.")
def kpi_date_past(ctx: RuleContext) -> Iterator[Check]:
    """A KPI's target date is already past.

    "Past" is relative to ``--as-of`` (today by default), so the same plan
    assessed on the same date always gives the same answer.

    Fails:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - id: find-experts
        title: Find the right expert within two hours
        kpis:
          - {name: hours to find an expert, direction: decrease, baseline: 6, target: 2, by: 2001-12-31}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - id: find-experts
        title: Find the right expert within two hours
        kpis:
          - {name: hours to find an expert, direction: decrease, baseline: 6, target: 2, by: 2999-12-31}
    ```
    """
    for path, objective_id, kpi in ctx.kpis():
        if kpi.by is None:
            continue
        if kpi.by < ctx.as_of:
            yield fail((*path, "by"),
                       f"KPI '{kpi.name}' of objective '{objective_id}' is due {kpi.by.isoformat()}, "
                       f"before {ctx.as_of.isoformat()}",
                       "set a date still ahead, or record the result and retire the KPI")
        else:
            yield ok(path)


@rule(code="OP07", name="objective-without-sponsor", group="opportunity", severity="warning", weight=3,
      reports_on=("objectives",),
      rationale="The article and the Green Book: senior management buy-in and an accountable owner.")
def objective_without_sponsor(ctx: RuleContext) -> Iterator[Check]:
    """An objective has no senior sponsor.

    The sponsor is the id of a stakeholder group marked ``senior: true``.

    Fails:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - {id: find-experts, title: Find the right expert within two hours, sponsor: consultants}
    stakeholders:
      - {id: consultants, headcount: 900}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - {id: find-experts, title: Find the right expert within two hours, sponsor: partners}
    stakeholders:
      - {id: partners, headcount: 40, senior: true, power: high}
    ```
    """
    for i, objective in enumerate(ctx.plan.objectives):
        path = ("objectives", i)
        if objective.sponsor is None:
            yield fail(path, f"objective '{objective.id}' has no sponsor",
                       "name a senior stakeholder group in 'sponsor:'")
            continue
        group = ctx.groups.get(objective.sponsor)
        if group is not None and not group.senior:
            yield fail((*path, "sponsor"),
                       f"objective '{objective.id}' is sponsored by '{group.id}', which is not a senior group",
                       "sponsor objectives from senior management, or mark the group 'senior: true'")
        else:
            yield ok(path)


@rule(code="OP08", name="objective-unserved", group="opportunity", severity="warning", weight=3,
      reports_on=("objectives",),
      rationale="The article: use cases are how the workforce realises the objectives' benefits.")
def objective_unserved(ctx: RuleContext) -> Iterator[Check]:
    """No use case serves an objective.

    An objective nobody works towards will not be met by the network.

    Fails:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - {id: find-experts, title: Find the right expert within two hours}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - {id: find-experts, title: Find the right expert within two hours}
    use_cases:
      - {id: ask-the-firm, title: Ask the whole firm a question, objectives: [find-experts]}
    ```
    """
    served = ctx.served_objectives
    for i, objective in enumerate(ctx.plan.objectives):
        path = ("objectives", i)
        if objective.id in served:
            yield ok(path)
        else:
            yield fail(path, f"no use case serves objective '{objective.id}'",
                       "add a use case that lists it in 'objectives:', or drop the objective")


@rule(code="OP09", name="no-cost-lines", group="opportunity", severity="error", weight=4,
      reports_on=(),
      rationale="Green Book economic and financial cases: costs are half of every appraisal.")
def no_cost_lines(ctx: RuleContext) -> Iterator[Check]:
    """The plan has no cost lines, so no business case can be built.

    Fails:

    ```yaml
    organisation: {name: Acme}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    finance:
      costs:
        - {name: Licences, category: licence, kind: per-user, amount: 24}
    ```
    """
    if ctx.plan.finance.costs:
        yield ok(("finance", "costs"))
    else:
        yield fail(("finance", "costs"), "the plan has no cost lines for the business case",
                   "add 'finance: {costs: [...]}' with licences, implementation, training and change costs")


@rule(code="OP10", name="no-monetised-benefit", group="opportunity", severity="error", weight=4,
      reports_on=(),
      rationale="Green Book economic case and Forrester TEI: benefits must be valued to weigh them against costs.")
def no_monetised_benefit(ctx: RuleContext) -> Iterator[Check]:
    """No use case has a monetised benefit, so no business case can be built.

    A benefit is monetised when it gives ``hours_per_user_week`` (valued at
    the loaded hourly cost) or an ``annual_value``.

    Fails:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - id: project-rooms
        title: Run projects in shared rooms
        benefits:
          - {name: fewer status calls}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - id: project-rooms
        title: Run projects in shared rooms
        benefits:
          - {name: fewer status calls, hours_per_user_week: {low: 0.25, likely: 0.5, high: 1}}
    ```
    """
    if not ctx.plan.use_cases:
        return
    if any(b.monetised for uc in ctx.plan.use_cases for b in uc.benefits):
        yield ok(("use_cases",))
    else:
        yield fail(("use_cases",), "no use case has a monetised benefit for the business case",
                   "estimate 'hours_per_user_week' or 'annual_value' for at least one benefit")


@rule(code="OP11", name="no-do-nothing-option", group="opportunity", severity="warning", weight=3,
      reports_on=(),
      rationale="Green Book options appraisal: always compare against business as usual (do nothing).",
      blocks_go=True)
def no_do_nothing_option(ctx: RuleContext) -> Iterator[Check]:
    """The options appraisal has no do-nothing (business-as-usual) option.

    Mark the option that keeps today's intranet and email with
    ``baseline: true``. It blocks ``go``: without it the business case has
    nothing to be appraised against, however good the rest of the plan is.

    Fails:

    ```yaml
    organisation: {name: Acme}
    options:
      - {id: viva-engage, title: Viva Engage with the Microsoft 365 licences we own}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    options:
      - {id: do-nothing, title: Keep the intranet and email, baseline: true}
      - {id: viva-engage, title: Viva Engage with the Microsoft 365 licences we own}
    ```
    """
    if any(option.baseline for option in ctx.plan.options):
        yield ok(("options",))
    else:
        where = (plural(len(ctx.plan.options), "option") + " but none") if ctx.plan.options else "no options"
        yield fail(("options",), f"the plan has {where} marked as the do-nothing baseline",
                   "add an option for business as usual with 'baseline: true'")
