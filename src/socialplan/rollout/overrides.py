"""Apply the plan's ``rollout.activities`` to the generated activities.

Each entry either changes a generated activity (same id: rename, re-phase,
re-time, new dependencies, owner, pinned start), removes one
(``remove: true``), or adds a new one. ``after`` replaces the activity's
dependencies as a whole, so what the plan says is what the schedule uses.

An activity the tool suggested (see ``ActivitySpec.suggested``) stops being
a suggestion once an entry changes it: the plan has taken it up.

Removing an activity keeps the chain intact: the activities that followed it
follow its own predecessors instead (lags add up), so removing, say, the
research findings step does not let the pilots start on day one.
"""

from __future__ import annotations

from collections.abc import Sequence

from socialplan.diagnostics import PlanPath
from socialplan.model import Activity, Dependency
from socialplan.rollout.problems import Problem
from socialplan.rollout.spec import PHASES, ActivitySpec, Link, Phase
from socialplan.suggest import did_you_mean

_BASE: PlanPath = ("rollout", "activities")


def _suggest(word: str, ids: Sequence[str]) -> str | None:
    near = did_you_mean(word, ids)
    return f"did you mean '{near}'?" if near else None


def _links(entry: Activity, index: int) -> list[Link]:
    links = []
    for j, item in enumerate(entry.after or []):
        if isinstance(item, Dependency):
            links.append(Link(item.id, item.lag, (*_BASE, index, "after", j)))
        else:
            links.append(Link(item, 0, (*_BASE, index, "after", j)))
    return links


def _changes_fields(entry: Activity) -> list[str]:
    fields = ("name", "phase", "days", "after", "owner", "start")
    return [f for f in fields if getattr(entry, f) is not None]


def apply_overrides(generated: list[ActivitySpec],
                    entries: Sequence[Activity]) -> tuple[list[ActivitySpec], list[Problem]]:
    problems: list[Problem] = []
    specs: dict[str, ActivitySpec] = {s.id: s for s in generated}
    generated_ids = list(specs)
    seen: dict[str, int] = {}
    removals: list[tuple[int, str]] = []
    unphased: set[str] = set()

    for index, entry in enumerate(entries):
        here = (*_BASE, index)
        if entry.id in seen:
            problems.append(Problem("RL006", f"the activity '{entry.id}' is already changed by "
                                    f"rollout.activities[{seen[entry.id]}]", (*here, "id"),
                                    "put every change to one activity in a single entry"))
            continue
        seen[entry.id] = index
        if entry.remove:
            if entry.id not in specs:
                problems.append(Problem("RL001", f"there is no generated activity '{entry.id}' to remove",
                                        (*here, "id"), _suggest(entry.id, generated_ids)))
            elif fields := _changes_fields(entry):
                problems.append(Problem("RL007", f"'{entry.id}' is removed, so {', '.join(fields)} "
                                        "would have no effect", (*here, "remove"),
                                        "either remove the activity or change it, not both"))
            else:
                removals.append((index, entry.id))
            continue
        spec = specs.get(entry.id)
        if spec is None:
            missing = [f for f in ("name", "days") if getattr(entry, f) is None]
            if missing:
                near = did_you_mean(entry.id, generated_ids)
                hint = (f"to change the generated activity '{near}', use its id; to add an activity, "
                        f"give it {' and '.join(missing)}" if near else
                        f"a new activity needs {' and '.join(missing)} (days: 0 makes a milestone)")
                problems.append(Problem("RL005", f"the new activity '{entry.id}' has no "
                                        f"{' and no '.join(missing)}", (*here, "id"), hint))
                continue
            assert entry.name is not None and entry.days is not None
            spec = ActivitySpec(entry.id, entry.name, entry.phase or "plan", entry.days, kind="custom")
            if entry.phase is None:
                unphased.add(entry.id)
            specs[entry.id] = spec
        spec.origin = here
        # Named in the plan's own activities: the plan has taken it up.
        spec.suggested = None
        if entry.name is not None:
            spec.name = entry.name
        if entry.phase is not None:
            spec.phase = entry.phase
        if entry.days is not None:
            spec.days = entry.days
        if entry.after is not None:
            spec.after = _links(entry, index)
        if entry.owner is not None:
            spec.owner = entry.owner
        if entry.start is not None:
            spec.pin = entry.start
            spec.pin_path = (*here, "start")

    for index, removed_id in removals:
        removed = specs.pop(removed_id)
        for spec in specs.values():
            if not any(link.id == removed_id for link in spec.after):
                continue
            bridged: list[Link] = []
            for link in spec.after:
                if link.id != removed_id:
                    bridged.append(link)
                elif link.path is not None:
                    problems.append(Problem(
                        "RL007", f"'{spec.id}' follows '{removed_id}', which rollout.activities[{index}] "
                        "removes", link.path, f"drop '{removed_id}' from its after list, or keep the activity"))
                else:
                    bridged.extend(Link(p.id, p.lag + link.lag, p.path) for p in removed.after)
            spec.after = _dedupe(bridged)

    ids = list(specs)
    for spec in specs.values():
        for link in spec.after:
            if link.id not in specs:
                problems.append(Problem("RL001", f"'{link.id}' is not the id of any activity",
                                        link.path or spec.origin, _suggest(link.id, ids)))
            elif link.lag < 0 and -link.lag > specs[link.id].days:
                before = specs[link.id]
                lag_path = (*link.path, "lag") if link.path is not None else spec.origin
                allowed = (f"'{before.id}' is a milestone, so use a lag of 0 or more" if before.milestone
                           else f"use a lag between -{before.days} and 250")
                lead = f"{-link.lag} working day{'' if link.lag == -1 else 's'}"
                problems.append(Problem(
                    "RL004", f"a lead of {lead} is longer than '{before.id}' "
                    f"({before.days} days): '{spec.id}' would start before '{before.id}' starts",
                    lag_path, f"{allowed}, or depend on what '{before.id}' itself follows"))
    for ident in sorted(unphased):
        phases = [specs[link.id].phase for link in specs[ident].after if link.id in specs]
        specs[ident].phase = max(phases, key=PHASES.index) if phases else _first_phase()
    return list(specs.values()), problems


def _first_phase() -> Phase:
    return PHASES[0]


def _dedupe(links: list[Link]) -> list[Link]:
    """One link per predecessor: the longest lag is the one that binds."""
    best: dict[str, Link] = {}
    for link in links:
        kept = best.get(link.id)
        if kept is None or link.lag > kept.lag:
            best[link.id] = link
    return list(best.values())
