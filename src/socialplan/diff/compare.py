"""Compare two versions of a plan through their typed reports: readiness,
business case and schedule. Pure: the reports are made by the library
(:func:`socialplan.api.diff`), nothing here reads or writes."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from socialplan.errors import UserError
from socialplan.reports.diff import (
    Activity,
    Business,
    DateChange,
    DiffReport,
    Direction,
    EstimateChange,
    FindingRef,
    Findings,
    MoneyLine,
    NumberChange,
    PairChange,
    PathChange,
    Schedule,
    Side,
    TextChange,
    VerdictChange,
)

if TYPE_CHECKING:
    from socialplan.model import Plan
    from socialplan.reports.assess import AssessReport, FindingEntry
    from socialplan.reports.business_case import BusinessCaseReport, Pair, _Line
    from socialplan.reports.rollout import RolloutReport

VERDICT_RANK = {"not-ready": 0, "pilot-first": 1, "go": 2}
DEFAULT_NPV_THRESHOLD = "5%"
# Money is compared to the cent the reports round to; a smaller difference
# is rounding, not a change.
CENT = 0.005


@dataclass(frozen=True)
class Snapshot:
    """One plan's reports, each None when it could not be made (``missing`` says why)."""

    source: str
    organisation: str
    currency: str
    assessment: AssessReport | None
    case: BusinessCaseReport | None
    rollout: RolloutReport | None
    missing: tuple[str, ...] = ()
    # The plan, so a finding is known by the items it is about rather than
    # by their place in a list; None: findings are matched by path alone.
    plan: Plan | None = None


@dataclass(frozen=True)
class Threshold:
    """How far the risk-adjusted NPV may fall: a share of the old NPV's size, or an amount."""

    text: str
    share: float | None
    amount: float | None

    def exceeded(self, old: float, new: float) -> bool:
        fall = old - new
        if fall <= 0:
            return False
        limit = self.amount if self.amount is not None else abs(old) * (self.share or 0.0)
        return fall > limit


def parse_threshold(text: str) -> Threshold:
    """``5%`` (of the old NPV's size) or ``50000`` (in the plan's currency).

    >>> parse_threshold("5%").share
    0.05
    >>> parse_threshold("25,000").amount
    25000.0
    """
    cleaned = text.strip().replace(",", "").replace("_", "")
    try:
        if cleaned.endswith("%"):
            share = float(cleaned[:-1]) / 100
            if not 0 <= share < float("inf"):
                raise ValueError
            return Threshold(text.strip(), share, None)
        amount = float(cleaned)
        if not 0 <= amount < float("inf"):
            raise ValueError
        return Threshold(text.strip(), None, amount)
    except ValueError:
        raise UserError(f"--npv-threshold '{text}' is neither a percentage nor an amount",
                        hint="e.g. --npv-threshold 5% or --npv-threshold 50000") from None


def _number(old: float | None, new: float | None) -> NumberChange:
    change = round(new - old, 6) if old is not None and new is not None else None
    return NumberChange(old=old, new=new, change=change)


def _pair(old: Pair | None, new: Pair | None) -> PairChange:
    return PairChange(
        unadjusted=_number(old.unadjusted if old else None, new.unadjusted if new else None),
        risk_adjusted=_number(old.risk_adjusted if old else None, new.risk_adjusted if new else None),
    )


def _direction(old: str | None, new: str | None) -> Direction:
    if old is None or new is None or old == new:
        return "same"
    return "better" if VERDICT_RANK[new] > VERDICT_RANK[old] else "worse"


_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")
FindingKey = tuple[str, tuple[str, ...]]


def identity(path: str, plan: Plan | None, counts: dict[tuple[int, str], Counter[object]] | None = None
             ) -> tuple[str, ...]:
    """A finding's plan path with each list index replaced by the id of
    the item there (``stakeholders[3].attitude`` -> ``stakeholders``,
    ``{id=it-department}``, ``attitude``), so that reordering a list leaves
    it the same; an item without an id is known by its name when no sibling
    shares it, else by its index, as is every place the plan does not have.
    ``counts`` keeps each list's tally of ids and names between calls, so a
    long list is counted once, not once per finding."""
    tallies: dict[tuple[int, str], Counter[object]] = {} if counts is None else counts
    node: object = plan
    parts: list[str] = []
    for match in _PART.finditer(path):
        index, name = match.groups()
        if name is not None:
            parts.append(name)
            node = node.get(name) if isinstance(node, dict) else getattr(node, name, None)
            continue
        position = int(index)
        items = node if isinstance(node, list) else None
        node = items[position] if items is not None and position < len(items) else None
        label = _label(node, items or [], tallies)
        parts.append(f"{{{label}}}" if label is not None else f"[{position}]")
    return tuple(parts)


def _label(item: object, siblings: list[object], tallies: dict[tuple[int, str], Counter[object]]) -> str | None:
    for attribute in ("id", "name"):
        value = getattr(item, attribute, None)
        if not isinstance(value, str):
            continue
        key = (id(siblings), attribute)
        if key not in tallies:
            tallies[key] = Counter(getattr(s, attribute, None) for s in siblings)
        if tallies[key][value] == 1:
            return f"{attribute}={value}"
    return None


def _keys(report: AssessReport | None, plan: Plan | None) -> list[tuple[FindingKey, FindingEntry]]:
    counts: dict[tuple[int, str], Counter[object]] = {}
    return [((f.code, identity(f.path, plan, counts)), f) for f in _active(report)]


def _ref(f: FindingEntry) -> FindingRef:
    return FindingRef(code=f.code, name=f.name, severity=f.severity, path=f.path, message=f.message,
                      location=f"{f.file}:{f.line}:{f.column}")


def _active(report: AssessReport | None) -> list[FindingEntry]:
    return [f for f in report.findings if not f.suppressed] if report is not None else []


def _findings(old: AssessReport | None, new: AssessReport | None, old_plan: Plan | None = None,
              new_plan: Plan | None = None) -> Findings:
    # A finding is the same on both sides when its rule and what it is about
    # are: the items' ids, not their places, so reordering stakeholders or
    # use cases resolves nothing and adds nothing. Counted, not a set: two
    # findings of one rule on one item (two TODOs in a list) resolve one at
    # a time.
    keyed_old, keyed_new = _keys(old, old_plan), _keys(new, new_plan)
    before = Counter(key for key, _ in keyed_old)
    after = Counter(key for key, _ in keyed_new)
    added, resolved = after - before, before - after

    def pick(entries: list[tuple[FindingKey, FindingEntry]], wanted: Counter[FindingKey]) -> list[FindingRef]:
        left = Counter(wanted)
        chosen: list[FindingRef] = []
        for key, f in entries:
            if left[key] > 0:
                left[key] -= 1
                chosen.append(_ref(f))
        return chosen

    return Findings(added=pick(keyed_new, added), resolved=pick(keyed_old, resolved))


def _keyed(lines: Sequence[_Line]) -> dict[tuple[str, int], _Line]:
    """Lines by name; the second line of the same name is (name, 1), and so on."""
    seen: Counter[str] = Counter()
    keyed: dict[tuple[str, int], _Line] = {}
    for line in lines:
        keyed[(line.name, seen[line.name])] = line
        seen[line.name] += 1
    return keyed


def _differs(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is not b
    return abs(a - b) > CENT


def _lines(old: Sequence[_Line], new: Sequence[_Line]) -> list[MoneyLine]:
    before, after = _keyed(old), _keyed(new)
    changes: list[MoneyLine] = []
    # Old order first, then what is new, so the list reads like the plan.
    for key in [*before, *(k for k in after if k not in before)]:
        a, b = before.get(key), after.get(key)
        if a is not None and b is not None:
            moved = any(_differs(getattr(a.estimate, p), getattr(b.estimate, p)) for p in ("low", "likely", "high"))
            moved = moved or _differs(a.present_value.unadjusted, b.present_value.unadjusted) or _differs(
                a.present_value.risk_adjusted, b.present_value.risk_adjusted)
            if not moved:
                continue
        change = "added" if a is None else "removed" if b is None else "changed"
        estimate = EstimateChange(**{
            p: _number(getattr(a.estimate, p) if a else None, getattr(b.estimate, p) if b else None)
            for p in ("low", "likely", "high")})
        changes.append(MoneyLine(name=key[0], change=change, estimate=estimate,
                                 present_value=_pair(a.present_value if a else None,
                                                     b.present_value if b else None)))
    return changes


def _business(old: BusinessCaseReport, new: BusinessCaseReport) -> Business:
    return Business(
        preferred_option=TextChange(old=old.preferred_option, new=new.preferred_option),
        npv=_pair(old.npv, new.npv),
        prob_positive=_pair(old.simulation.prob_positive if old.simulation else None,
                            new.simulation.prob_positive if new.simulation else None),
        costs=_lines(old.costs, new.costs),
        benefits=_lines(old.benefits, new.benefits),
    )


def _schedule(old: RolloutReport, new: RolloutReport) -> Schedule:
    before = {t.id: t.name for t in old.tasks}
    after = {t.id: t.name for t in new.tasks}
    old_path, new_path = list(old.critical_path), list(new.critical_path)
    finish_old, finish_new = old.calendar.finish, new.calendar.finish
    return Schedule(
        start=DateChange(old=old.calendar.start, new=new.calendar.start),
        finish=DateChange(old=finish_old, new=finish_new),
        finish_days=(finish_new - finish_old).days,
        critical_path=PathChange(old=old_path, new=new_path,
                                 added=[i for i in new_path if i not in set(old_path)],
                                 removed=[i for i in old_path if i not in set(new_path)]),
        activities_added=[Activity(id=i, name=n) for i, n in after.items() if i not in before],
        activities_removed=[Activity(id=i, name=n) for i, n in before.items() if i not in after],
    )


def _side(snapshot: Snapshot) -> Side:
    return Side(source=snapshot.source, organisation=snapshot.organisation, currency=snapshot.currency,
                missing=list(snapshot.missing))


def _worse(verdict: VerdictChange, business: Business | None, threshold: Threshold, currency: str) -> list[str]:
    reasons: list[str] = []
    if verdict.direction == "worse":
        reasons.append(f"the verdict dropped from {verdict.old} to {verdict.new}")
    npv = business.npv.risk_adjusted if business is not None else None
    if npv is not None and npv.old is not None and npv.new is not None and threshold.exceeded(npv.old, npv.new):
        reasons.append(f"the risk-adjusted NPV fell by {currency} {npv.old - npv.new:,.0f} "
                       f"(more than {threshold.text})")
    return reasons


def compare(old: Snapshot, new: Snapshot, *, as_of: dt.date, simulations: int, seed: int,
            threshold: Threshold) -> DiffReport:
    """The changes from ``old`` to ``new``."""
    old_a, new_a = old.assessment, new.assessment
    verdict = VerdictChange(old=old_a.verdict if old_a else None, new=new_a.verdict if new_a else None,
                            direction=_direction(old_a.verdict if old_a else None, new_a.verdict if new_a else None))
    business = _business(old.case, new.case) if old.case is not None and new.case is not None else None
    schedule = _schedule(old.rollout, new.rollout) if old.rollout is not None and new.rollout is not None else None
    return DiffReport(
        old=_side(old), new=_side(new), as_of=as_of, simulations=simulations, seed=seed, verdict=verdict,
        score=_number(old_a.score if old_a else None, new_a.score if new_a else None),
        findings=_findings(old_a, new_a, old.plan, new.plan), business_case=business, schedule=schedule,
        npv_threshold=threshold.text, worse=_worse(verdict, business, threshold, new.currency),
    )
