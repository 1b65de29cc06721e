"""The readiness verdict a rollout report carries, so that a weak plan's
rollout does not look complete: the score and verdict of ``socialplan
assess`` on the same plan, and what the verdict still needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socialplan.assess.engine import Assessment


@dataclass(frozen=True)
class Readiness:
    """What ``socialplan assess`` says about the plan, as of one day."""

    verdict: str
    score: float
    as_of: dt.date
    reasons: tuple[str, ...]

    @classmethod
    def of(cls, assessment: Assessment) -> Readiness:
        return cls(assessment.verdict, assessment.score, assessment.as_of, tuple(assessment.reasons))
