"""The shape every assessment rule has.

A rule is a function decorated with :func:`rule`. It receives a
:class:`RuleContext` and yields one :class:`Check` per item it looked at:
passed (``ok(path)``) or failed (``fail(path, message, hint)``). Rules only
report facts and the plan path they concern; the engine adds the code,
severity, configuration, suppression and file:line:column.

Passed checks are yielded too because scores are the share of checked items
that pass: a plan where 9 use cases of 10 have an owner scores better than
one where none has.

The rule function's docstring is its documentation: a one-line summary, a
description, and at least one ``Fails:`` and one ``Passes:`` example plan in
a fenced ``yaml`` block (followed by the data files it names, if any:
see :mod:`examples`). The examples are run as the rule's tests.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from socialplan.assess.groups import GROUPS as GROUPS  # re-exported: the rules' modules import it here
from socialplan.assess.groups import Group as Group
from socialplan.assess.readiness import GroupAdkar, Readiness, choose
from socialplan.assess.thresholds import Thresholds
from socialplan.diagnostics import PlanPath, Severity
from socialplan.model import IGNORE_SECTIONS, ITEM_SECTIONS, KPI, Plan, StakeholderGroup

GROUP_TITLES: dict[Group, str] = {
    "opportunity": "objectives a business case can rest on",
    "use-cases": "hypotheses to pilot",
    "embedding": "stakeholders researched, convinced and trained",
    "data": "consistency of the plan's own data",
}
LEVELS = ("low", "medium", "high")

# The plan sections whose items carry their own 'ignore:' (declared in the
# model). A finding whose path points into one of their items can be
# suppressed there; any finding can be suppressed by the plan's top-level
# 'ignore:'.
Section = str
SUPPRESSIBLE_SECTIONS: tuple[Section, ...] = IGNORE_SECTIONS
# What one item of each is called, and what several are.
ITEM_KINDS: dict[Section, tuple[str, str]] = {name: ITEM_SECTIONS[name] for name in IGNORE_SECTIONS}


class Check(NamedTuple):
    """One item a rule looked at; ``message`` is set when it fails. (A named
    tuple: rules yield one per item, and it is the cheapest record.)"""

    path: PlanPath
    message: str | None = None
    hint: str | None = None

    @property
    def failed(self) -> bool:
        return self.message is not None


def ok(path: PlanPath) -> Check:
    """The item at ``path`` passes the rule."""
    return Check(path)


def fail(path: PlanPath, message: str, hint: str | None = None) -> Check:
    """The item at ``path`` fails the rule, with a message and a hint."""
    return Check(path, message, hint)


class RuleContext:
    """The plan and settings a rule works on, with indexes built once so
    that no rule needs to scan the plan inside a loop over the plan."""

    def __init__(self, plan: Plan, thresholds: Thresholds, as_of: dt.date,
                 known_codes: frozenset[str] = frozenset(),
                 find_rule: Callable[[str], Rule | None] | None = None,
                 readiness: Readiness | None = None) -> None:
        self.plan = plan
        self.thresholds = thresholds
        self.as_of = as_of
        self.known_codes = known_codes
        # The rule a code or name stands for (the registry's lookup, passed in
        # because the registry imports the rules).
        self.find_rule = find_rule or (lambda key: None)
        # Each group's ADKAR levels from one chosen source (a survey wave or
        # the typed 'adkar:'): rules read these, never group.adkar.
        self.readiness = readiness or choose(plan, None, as_of)

    def adkar(self, group_id: str) -> GroupAdkar | None:
        """The group's ADKAR levels and their source, or None when unknown."""
        return self.readiness.of(group_id)

    @cached_property
    def groups(self) -> dict[str, StakeholderGroup]:
        return {g.id: g for g in self.plan.stakeholders}

    @cached_property
    def served_objectives(self) -> frozenset[str]:
        return frozenset(o for uc in self.plan.use_cases for o in uc.objectives)

    @cached_property
    def sponsors(self) -> frozenset[str]:
        return frozenset(o.sponsor for o in self.plan.objectives if o.sponsor)

    @cached_property
    def kpis_by_objective(self) -> dict[str, frozenset[str]]:
        return {o.id: frozenset(k.name for k in o.kpis) for o in self.plan.objectives}

    @cached_property
    def first_pilot(self) -> dict[str, str]:
        """Group id -> the first use case whose pilot the group takes part in."""
        found: dict[str, str] = {}
        for uc in self.plan.use_cases:
            if uc.pilot is not None:
                for group in uc.pilot.groups or uc.stakeholders:
                    found.setdefault(group, uc.id)
        return found

    @cached_property
    def rollout_suggestions(self) -> dict[str, str]:
        """What ``socialplan rollout`` adds that the plan did not ask for, by
        activity id: hints name it, so assess and the rollout agree."""
        from socialplan.rollout.activities import suggestions

        return suggestions(self.plan)

    def suggested(self, activity_id: str) -> str:
        """``; the rollout suggests '...' (id)`` to end a hint, or ``""``."""
        found = self.rollout_suggestions.get(activity_id)
        return f"; {found}" if found else ""

    def is_high(self, level: str) -> bool:
        """Whether a power or interest level sits on the high side of the
        two-by-two grid (``thresholds.mendelow_high`` says where it splits)."""
        return LEVELS.index(level) >= LEVELS.index(self.thresholds.mendelow_high)

    def kpis(self) -> Iterable[tuple[PlanPath, str, KPI]]:
        """Every KPI with its path and the id of its objective."""
        for i, objective in enumerate(self.plan.objectives):
            for k, kpi in enumerate(objective.kpis):
                yield ("objectives", i, "kpis", k), objective.id, kpi


CheckFunction = Callable[[RuleContext], Iterable[Check]]


@dataclass(frozen=True)
class Rule:
    """A rule's identity, defaults and documentation, and its check."""

    code: str
    name: str
    group: Group
    severity: Severity
    weight: float
    rationale: str
    check: CheckFunction
    doc: str
    # Whether an unsuppressed finding keeps the plan from 'go' whatever the
    # scores: gaps a share of passing checks would average away (see scoring.py).
    blocks_go: bool = False
    # The sections whose items the rule's findings point into, so where an
    # item's own 'ignore:' can suppress it; () for a rule that reports on the
    # plan as a whole (only the top-level 'ignore:' reaches those findings).
    # Declared rather than guessed from findings: a rule that finds nothing in
    # one plan may still report on those items in another.
    reports_on: tuple[Section, ...] = ()

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.split("\n", 1)[0].strip()


def rule(*, code: str, name: str, group: Group, severity: Severity, weight: float,
         rationale: str, reports_on: tuple[Section, ...], blocks_go: bool = False,
         ) -> Callable[[CheckFunction], Rule]:
    """Turn a check function into a :class:`Rule`; its docstring is the
    documentation. Registration is explicit, in :mod:`registry`.
    ``reports_on`` is required so that every rule says where it can be
    ignored."""

    unknown = [section for section in reports_on if section not in SUPPRESSIBLE_SECTIONS]
    if unknown:
        # Checked here because a misspelt section would silently make the
        # rule's findings impossible to ignore on their items.
        raise ValueError(f"rule {code}: reports_on names {unknown}, not sections of items that carry 'ignore:'")

    def wrap(check: CheckFunction) -> Rule:
        doc = inspect.cleandoc(check.__doc__ or "")
        return Rule(code, name, group, severity, weight, rationale, check, doc, blocks_go, reports_on)

    return wrap


def item_kinds(sections: Iterable[Section], *, many: bool = False) -> list[str]:
    """``["objective", "use case"]``, or with ``many`` ``["objectives", "use cases"]``."""
    return [ITEM_KINDS[s][1 if many else 0] for s in sections]


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 objective``, ``2 objectives``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def listing(items: Iterable[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c`` (``or`` after a negation)."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]
