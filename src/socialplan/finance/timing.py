"""When pilots run and the network launches, in the model's months.

The model does not schedule anything itself. Without a timing it assumes
every pilot starts in month 0 and launch follows the longest pilot (see
:func:`socialplan.finance.adoption.launch_month_for`). With a
:class:`Timing`, which the caller derives from the rollout schedule, each
pilot runs in the months the schedule gives it and launch is the month of
go-live. Month 0 is the first month of the horizon either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PilotWindow:
    """The months a pilot runs in, ``first`` to ``last``, both included."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if self.first < 0 or self.last < self.first:
            raise ValueError(f"a pilot cannot run from month {self.first} to month {self.last}")

    @property
    def months(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True)
class Timing:
    """Launch and pilot months taken from a schedule.

    ``pilots`` holds, by use case id, the pilots the schedule runs; a use
    case whose pilot is not in it has no pilot before launch.
    """

    launch_month: int
    pilots: Mapping[str, PilotWindow]

    def __post_init__(self) -> None:
        if self.launch_month < 0:
            raise ValueError("launch cannot come before month 0")
