"""The outcome of each pilot's decision gate, from the plan's evidence.

The gate keeps its date (the schedule is the plan; the outcome is what
happened at it) and gains the decision, its date and lead reason, or
``pending`` when the evidence does not judge that pilot. The outcome is
also the gate's first note, so every format that shows notes shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from socialplan.rollout.schedule import ScheduledActivity
from socialplan.rollout.spec import GateOutcome

if TYPE_CHECKING:
    from socialplan.evidence.pilots import PilotOutcome

NOT_JUDGED = "no result of this pilot is recorded in the plan's evidence"


def record_outcomes(activities: Iterable[ScheduledActivity], pilots: Iterable[PilotOutcome]) -> None:
    """Give each pilot's gate its outcome, and the scaling of a use case
    whose pilot decided stop or revise a note saying so (in place: the specs
    belong to this schedule). No date moves: the schedule is the plan."""
    judged = {p.use_case: p for p in pilots}
    for activity in activities:
        spec = activity.spec
        if spec.use_case is None:
            continue
        pilot = judged.get(spec.use_case)
        if spec.kind == "gate":
            outcome = (GateOutcome("pending", None, NOT_JUDGED) if pilot is None
                       else GateOutcome(pilot.decision, pilot.date, pilot.lead))
            spec.outcome = outcome
            spec.notes = [outcome.sentence, *spec.notes]
        elif spec.kind == "scale" and pilot is not None and pilot.decision in SCALE_NOTES:
            on = f" on {pilot.date.isoformat()}" if pilot.date is not None else ""
            spec.notes = [SCALE_NOTES[pilot.decision].format(on=on), *spec.notes]


# What the scaling of a use case becomes when its pilot did not decide scale.
SCALE_NOTES = {
    "stop": "Not to be run: the pilot decided stop{on}; remove this activity, or re-plan it after another pilot.",
    "revise": "On hold: the pilot decided revise{on}; scale only after the revised pilot's gate decides scale.",
}
