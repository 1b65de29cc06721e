"""Problems found while building the rollout, as data with a plan path.

The rollout package is pure: it reports :class:`Problem` values and the
command turns them into located diagnostics with the plan's source map.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialplan.diagnostics import PlanPath, Severity

# Codes of rollout problems. They appear in the machine formats, so never
# renumber them.
ROLLOUT_CODES: dict[str, str] = {
    "RL001": "An activity id is unknown (a dependency, or a removal of something not generated).",
    "RL002": "The dependencies form a cycle.",
    "RL003": "A date is not a working day, or is before the programme starts.",
    "RL004": "A lag makes no sense: a lead longer than the activity it follows.",
    "RL005": "An activity added by the plan lacks a name or a duration.",
    "RL006": "The same activity is changed twice in rollout.activities.",
    "RL007": "A removal also changes the activity, or removes one that others depend on by name.",
    "RL008": "The programme has no start date.",
    "RL009": "The working week has no working days, or the schedule runs out of range.",
    "RL010": "A pinned start is earlier than the dependencies allow; the activity starts later.",
    "RL011": "A closed period in rollout.blackouts ends before it starts.",
    "RL020": "The RACI matrix is broken: not exactly one Accountable, or no Responsible.",
    "RL021": "A group's message is not framed against its own goals.",
    "RL030": "The branding logo cannot be embedded in the HTML report.",
}


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    path: PlanPath | None = None  # None: not from a place in the plan
    hint: str | None = None
    severity: Severity = "error"
