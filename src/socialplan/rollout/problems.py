"""Problems found while building the rollout, as data with a plan path.

The rollout package is pure: it reports :class:`~socialplan.problems.Problem`
values and the caller locates them with the plan's source map
(:func:`socialplan.problems.locate`). Their codes are the RL part of the one
table in :mod:`socialplan.codes`.
"""

from __future__ import annotations

from socialplan.codes import codes_with_prefix
from socialplan.problems import Problem

ROLLOUT_CODES: dict[str, str] = codes_with_prefix("RL")

__all__ = ["ROLLOUT_CODES", "Problem"]
