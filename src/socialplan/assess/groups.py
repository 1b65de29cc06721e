"""The groups of assessment rules, in report order.

Apart from :mod:`socialplan.assess.rule` so the command line can offer them
as choices without loading the plan models.
"""

from __future__ import annotations

from typing import Literal

Group = Literal["opportunity", "use-cases", "embedding", "data"]
GROUPS: tuple[Group, ...] = ("opportunity", "use-cases", "embedding", "data")
