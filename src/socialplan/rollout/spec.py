"""The activities the scheduler works on, before they have dates.

Generated activities and the plan's own ones share this shape. Where an
activity or one of its links was written in the plan, ``origin`` and
``Link.path`` keep the plan path, so problems point at the plan file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from socialplan.diagnostics import PlanPath

Phase = Literal["plan", "pilot", "launch", "embed"]
PHASES: tuple[Phase, ...] = ("plan", "pilot", "launch", "embed")
PHASE_TITLES: dict[Phase, str] = {
    "plan": "Plan and research",
    "pilot": "Pilot and test",
    "launch": "Launch",
    "embed": "Embed and scale",
}


@dataclass(frozen=True, slots=True)
class GateOutcome:
    """What a pilot's decision gate decided, as the plan's evidence judges it
    (``socialplan evidence``); ``pending`` until a result is recorded."""

    decision: Literal["scale", "revise", "stop", "pending"]
    date: dt.date | None
    reason: str

    @property
    def sentence(self) -> str:
        """``Outcome: scale on 2027-05-14 (2 of 2 metrics meet their thresholds).``"""
        on = f" on {self.date.isoformat()}" if self.date is not None else ""
        return f"Outcome: {self.decision}{on} ({self.reason})."


# Slots: a large plan holds thousands of these, and compact objects keep the
# scheduler's passes in cache (see benchmarks/bench_rollout.py).
@dataclass(frozen=True, slots=True)
class Link:
    """A finish-to-start dependency: start ``lag`` working days after ``id`` finishes."""

    id: str
    lag: int = 0
    path: PlanPath | None = None  # where the plan wrote it; None when generated

    def label(self) -> str:
        """``id``, ``id+3`` or ``id-2``: how lists of dependencies print it."""
        if self.lag == 0:
            return self.id
        return f"{self.id}{self.lag:+d}"


@dataclass(slots=True)
class ActivitySpec:
    """One activity of the rollout: a task with a duration, or a milestone (0 days)."""

    id: str
    name: str
    phase: Phase
    days: int
    after: list[Link] = field(default_factory=list)
    kind: str = "custom"  # what generated it; selects its RACI pattern
    owner: str | None = None  # set in rollout.activities; otherwise lead, else the RACI's first Responsible
    lead: str | None = None  # who the plan names for the subject (a use case's owner)
    pin: dt.date | None = None  # start no earlier than this date
    groups: tuple[str, ...] = ()  # stakeholder groups it concerns
    use_case: str | None = None
    notes: list[str] = field(default_factory=list)  # details for the reports
    sessions: int | None = None  # training or briefing sessions it holds
    origin: PlanPath | None = None  # rollout.activities[i] when the plan adds or changes it
    # Why the tool adds it though the plan did not ask for it ("the plan sets
    # no research for this group"); None when the plan asked for it. Reports
    # mark suggested activities, so a weak plan does not look complete.
    suggested: str | None = None
    pin_path: PlanPath | None = None
    outcome: GateOutcome | None = None  # a decision gate's outcome (gates only)

    @property
    def milestone(self) -> bool:
        return self.days == 0
