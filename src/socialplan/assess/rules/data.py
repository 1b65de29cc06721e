"""Consistency of the plan's own data: figures that contradict each other,
inputs the priorities need, names that point nowhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from socialplan.assess.rule import (
    ITEM_KINDS,
    SUPPRESSIBLE_SECTIONS,
    Check,
    Rule,
    RuleContext,
    Section,
    fail,
    item_kinds,
    listing,
    ok,
    rule,
)
from socialplan.diagnostics import PlanPath
from socialplan.suggest import did_you_mean


@rule(code="DA01", name="cost-estimate-out-of-order", group="data", severity="error", weight=2,
      reports_on=(),
      rationale="Three-point estimates (TEI): low <= most likely <= high.")
def cost_estimate_out_of_order(ctx: RuleContext) -> Iterator[Check]:
    """A cost line's three-point estimate is out of order.

    Fails:

    ```yaml
    organisation: {name: Acme}
    finance:
      costs:
        - {name: Implementation partner, amount: {low: 90000, likely: 80000, high: 120000}}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    finance:
      costs:
        - {name: Implementation partner, amount: {low: 70000, likely: 80000, high: 120000}}
    ```
    """
    for i, cost in enumerate(ctx.plan.finance.costs):
        path = ("finance", "costs", i, "amount")
        amount = cost.amount
        if amount.in_order:
            yield ok(path)
        else:
            yield fail(path, f"the amount of cost '{cost.name}' is out of order (low {amount.low:g}, "
                             f"likely {amount.likely:g}, high {amount.high:g})",
                       "order the estimate so that low <= likely <= high")


@rule(code="DA02", name="rice-inputs-missing", group="data", severity="info", weight=1,
      reports_on=("use_cases",),
      rationale="RICE = Reach x Impact x Confidence / Effort: each input is needed to rank use cases.")
def rice_inputs_missing(ctx: RuleContext) -> Iterator[Check]:
    """A use case lacks an input RICE needs, so it cannot be ranked by RICE.

    Reach defaults to the headcount of the use case's stakeholder groups;
    impact, confidence and effort must be given.

    Fails:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - {id: project-rooms, title: Run client projects in shared rooms, impact: 2}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    use_cases:
      - {id: project-rooms, title: Run client projects in shared rooms, reach: 900, impact: 2,
         confidence: 0.8, effort: 2}
    ```
    """
    for i, use_case in enumerate(ctx.plan.use_cases):
        missing = [word for word, value in (("impact", use_case.impact), ("confidence", use_case.confidence),
                                            ("effort", use_case.effort)) if value is None]
        if use_case.reach is None and not use_case.stakeholders:
            missing.insert(0, "reach")
        if missing:
            yield fail(("use_cases", i), f"use case '{use_case.id}' has no {listing(missing, 'or')} for RICE",
                       "give 'reach' (or stakeholder groups), 'impact' (3, 2, 1, 0.5, 0.25), "
                       "'confidence' (0-1) and 'effort' (person-months)")
        else:
            yield ok(("use_cases", i))


@rule(code="DA03", name="unknown-criterion-score", group="data", severity="warning", weight=2,
      reports_on=("use_cases",),
      rationale="Weighted scoring: each score must belong to a criterion with a weight.")
def unknown_criterion_score(ctx: RuleContext) -> Iterator[Check]:
    """A use case scores a criterion the plan's prioritisation does not define.

    Usually a typo: the score is ignored by the weighted ranking.

    Fails:

    ```yaml
    organisation: {name: Acme}
    prioritisation:
      criteria: {strategic-fit: 3, ease: 1}
    use_cases:
      - {id: project-rooms, title: Run client projects in shared rooms, scores: {strategic-fitt: 8, ease: 6}}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    prioritisation:
      criteria: {strategic-fit: 3, ease: 1}
    use_cases:
      - {id: project-rooms, title: Run client projects in shared rooms, scores: {strategic-fit: 8, ease: 6}}
    ```
    """
    criteria = ctx.plan.prioritisation.criteria
    for i, use_case in enumerate(ctx.plan.use_cases):
        if not use_case.scores:
            continue
        unknown = [name for name in use_case.scores if name not in criteria]
        if not unknown:
            yield ok(("use_cases", i))
        elif not criteria:
            yield fail(("use_cases", i, "scores"),
                       f"use case '{use_case.id}' has scores but the plan defines no prioritisation criteria",
                       "define the criteria and their weights in 'prioritisation: {criteria: {...}}'")
        else:
            near = did_you_mean(unknown[0], criteria)
            yield fail(("use_cases", i, "scores", unknown[0]),
                       f"use case '{use_case.id}' scores {listing(repr(n) for n in unknown)}, "
                       "not a prioritisation criterion",
                       f"did you mean '{near}'?" if near else f"criteria: {', '.join(sorted(criteria))}")


@rule(code="DA04", name="criterion-not-scored", group="data", severity="info", weight=1,
      reports_on=("use_cases",),
      rationale="Weighted scoring: every option is scored against every criterion.")
def criterion_not_scored(ctx: RuleContext) -> Iterator[Check]:
    """A use case is not scored against every prioritisation criterion.

    A missing score counts as 0 in the weighted score.

    Fails:

    ```yaml
    organisation: {name: Acme}
    prioritisation:
      criteria: {strategic-fit: 3, ease: 1}
    use_cases:
      - {id: project-rooms, title: Run client projects in shared rooms, scores: {strategic-fit: 8}}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    prioritisation:
      criteria: {strategic-fit: 3, ease: 1}
    use_cases:
      - {id: project-rooms, title: Run client projects in shared rooms, scores: {strategic-fit: 8, ease: 6}}
    ```
    """
    criteria = ctx.plan.prioritisation.criteria
    if not criteria:
        return
    for i, use_case in enumerate(ctx.plan.use_cases):
        missing = [name for name in criteria if name not in use_case.scores]
        if missing:
            yield fail(("use_cases", i, "scores") if use_case.scores else ("use_cases", i),
                       f"use case '{use_case.id}' is not scored on {listing(missing)} (counted as 0)",
                       "score it 0-10 against every criterion in 'scores:'")
        else:
            yield ok(("use_cases", i))


@rule(code="DA05", name="pilot-larger-than-groups", group="data", severity="warning", weight=2,
      reports_on=("use_cases",),
      rationale="A pilot recruits from its groups: it cannot have more participants than they have people.")
def pilot_larger_than_groups(ctx: RuleContext) -> Iterator[Check]:
    """A pilot has more participants than its stakeholder groups have people.

    The groups are the pilot's ``groups``, or else the use case's
    ``stakeholders``.

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: sales, headcount: 40}
    use_cases:
      - id: deal-rooms
        title: Share deal rooms
        stakeholders: [sales]
        pilot: {participants: 60, weeks: 8, decision_rule: scale if win rate rises}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: sales, headcount: 40}
    use_cases:
      - id: deal-rooms
        title: Share deal rooms
        stakeholders: [sales]
        pilot: {participants: 20, weeks: 8, decision_rule: scale if win rate rises}
    ```
    """
    for i, use_case in enumerate(ctx.plan.use_cases):
        pilot = use_case.pilot
        if pilot is None or pilot.participants is None:
            continue
        group_ids = pilot.groups or use_case.stakeholders
        groups = [ctx.groups[g] for g in group_ids if g in ctx.groups]
        if not groups:
            continue
        people = sum(g.headcount for g in groups)
        if pilot.participants <= people:
            yield ok(("use_cases", i, "pilot"))
        else:
            yield fail(("use_cases", i, "pilot", "participants"),
                       f"the pilot of use case '{use_case.id}' has {pilot.participants:,} participants but its "
                       f"groups ({', '.join(g.id for g in groups)}) have {people:,} people",
                       "check the participants and the groups the pilot recruits from")


@rule(code="DA06", name="benefit-kpi-unknown", group="data", severity="warning", weight=1,
      reports_on=("use_cases",),
      rationale="Green Book benefits register: each benefit is linked to a KPI of an objective.")
def benefit_kpi_unknown(ctx: RuleContext) -> Iterator[Check]:
    """A benefit names a KPI that no objective of its use case has.

    Fails:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - id: fewer-calls
        title: Fewer status calls
        kpis: [{name: status calls per week}]
    use_cases:
      - id: project-rooms
        title: Run client projects in shared rooms
        objectives: [fewer-calls]
        benefits:
          - {name: time back, hours_per_user_week: 0.5, kpi: status call per week}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - id: fewer-calls
        title: Fewer status calls
        kpis: [{name: status calls per week}]
    use_cases:
      - id: project-rooms
        title: Run client projects in shared rooms
        objectives: [fewer-calls]
        benefits:
          - {name: time back, hours_per_user_week: 0.5, kpi: status calls per week}
    ```
    """
    by_objective = ctx.kpis_by_objective
    for i, use_case in enumerate(ctx.plan.use_cases):
        if not any(benefit.kpi for benefit in use_case.benefits):
            continue
        own = frozenset(name for o in use_case.objectives for name in by_objective.get(o, ()))
        for b, benefit in enumerate(use_case.benefits):
            if benefit.kpi is None:
                continue
            path: PlanPath = ("use_cases", i, "benefits", b, "kpi")
            if benefit.kpi in own:
                yield ok(path)
                continue
            near = did_you_mean(benefit.kpi, own)
            yield fail(path,
                       f"benefit '{benefit.name}' of use case '{use_case.id}' names KPI '{benefit.kpi}', "
                       "which no objective of the use case has",
                       f"did you mean '{near}'?" if near else "name a KPI of one of the objectives it serves")


def _ignores(ctx: RuleContext) -> Iterator[tuple[PlanPath, str, Section | None, str]]:
    """Every ``ignore`` entry: its path, its key, and the section and id of
    the item that carries it (``None`` and ``""`` at the top level)."""
    for code in ctx.plan.ignore:
        yield ("ignore", code), code, None, ""
    for section in SUPPRESSIBLE_SECTIONS:
        for i, item in enumerate(getattr(ctx.plan, section)):
            for code in item.ignore:
                yield (section, i, "ignore", code), code, section, item.id


def _where_to_ignore(target: Rule) -> str:
    """Where an entry for ``target`` does suppress its findings."""
    if not target.reports_on:
        return f"{target.code} reports on the plan as a whole: move the entry to the top-level 'ignore:'"
    return (f"{target.code} reports on {listing(item_kinds(target.reports_on, many=True))}: move the entry "
            f"to the 'ignore:' of the {listing(item_kinds(target.reports_on), 'or')} concerned, "
            "or to the top-level 'ignore:'")


@rule(code="DA07", name="unknown-ignore-code", group="data", severity="warning", weight=1,
      reports_on=SUPPRESSIBLE_SECTIONS,
      rationale="Suppressions must name a rule and sit where it reports, or they silently suppress nothing.")
def unknown_ignore_code(ctx: RuleContext) -> Iterator[Check]:
    """An ``ignore`` entry names no assessment rule, or sits where its rule never reports.

    Entries are rule codes (``OP03``) or names (``objective-without-kpi``).
    Validation problems (``SP...``) cannot be suppressed.

    The top-level ``ignore`` suppresses a rule everywhere. An item's own
    ``ignore`` suppresses only findings about that item, so it must be on
    the kind of item the rule reports on (each rule's "Ignore on" line
    says which). Rules about the plan as a whole, like EM06, can only be
    ignored at the top level.

    Fails:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - id: find-experts
        title: Find the right expert within two hours
        ignore: {OP3: KPIs are agreed at the March steering group}
    ```

    Fails:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - id: consultants
        headcount: 900
        ignore: {EM06: usability tests are run by the vendor (see the contract)}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - id: find-experts
        title: Find the right expert within two hours
        ignore: {OP03: KPIs are agreed at the March steering group}
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    stakeholders:
      - {id: consultants, headcount: 900}
    ignore: {EM06: usability tests are run by the vendor (see the contract)}
    ```
    """
    for path, code, section, item_id in _ignores(ctx):
        if code.upper() not in ctx.known_codes and code.lower() not in ctx.known_codes:
            near = did_you_mean(code, ctx.known_codes)
            hint = f"did you mean '{near}'?" if near else "list the rules with 'socialplan rules'"
            if code.upper().startswith("SP"):
                hint = "validation problems cannot be suppressed; fix the plan instead"
            yield fail(path, f"'{code}' in 'ignore' is not an assessment rule", hint)
            continue
        target = ctx.find_rule(code)
        if section is None or target is None or section in target.reports_on:
            yield ok(path)
            continue
        yield fail(path, f"'{code}' in the 'ignore' of {ITEM_KINDS[section][0]} '{item_id}' suppresses nothing: "
                         f"{target.code} never reports on {ITEM_KINDS[section][1]}",
                   _where_to_ignore(target))


# "TODO" as a word, in capitals: what ``socialplan init`` writes where the
# user's own words are needed. Lower case "todo" is ordinary prose.
PLACEHOLDER = re.compile(r"\bTODO\b")


def _texts(value: Any, path: PlanPath) -> Iterator[tuple[PlanPath, str]]:
    """Every string in the plan's data, with its plan path (YAML keys:
    aliases where a field has one)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _texts(getattr(value, name), (*path, info.alias or name))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, str(key)))


@rule(code="DA08", name="placeholder-text", group="data", severity="warning", weight=1,
      reports_on=SUPPRESSIBLE_SECTIONS, blocks_go=True,
      rationale="A plan still holding the starter's placeholders has not been written by its owners yet.")
def placeholder_text(ctx: RuleContext) -> Iterator[Check]:
    """A text still holds a ``TODO`` placeholder, as ``socialplan init`` writes them.

    It blocks ``go``: a plan that still says TODO is a draft its owners
    have not written yet, whatever it scores; each placeholder is to be
    replaced with the organisation's own words and figures.

    Fails:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - id: find-experts
        title: "TODO: the business objective the network helps meet"
    ```

    Passes:

    ```yaml
    organisation: {name: Acme}
    objectives:
      - id: find-experts
        title: Find the right expert within two hours
    ```
    """
    # Only failures are yielded: a plan without placeholders is not scored
    # higher for it, so finishing a plan moves no other figure.
    for path, text in _texts(ctx.plan, ()):
        if PLACEHOLDER.search(text):
            shown = text if len(text) <= 60 else text[:57] + "..."
            yield fail(path, f"'{shown}' is a placeholder left to fill in",
                       "replace the TODO with the organisation's own words or figures")
