"""What every printed report says about its making: the day it speaks for,
the socialplan version and a short digest of the plan's bytes.

Two copies of a report with the same stamp came from the same plan, by the
same version, for the same day; given ``--as-of``, reruns are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from socialplan import __version__

DIGEST_LENGTH = 12  # hex digits: enough to tell plan versions apart at a glance


def plan_digest(contents: Iterable[bytes]) -> str:
    """The first hex digits of SHA-256 over the plan files' bytes, in the
    loader's order. Plain concatenation, so a reader can check it:
    ``cat plan/*.yaml | sha256sum`` (a single file: ``sha256sum plan.yaml``)."""
    digest = hashlib.sha256()
    for data in contents:
        digest.update(data)
    return digest.hexdigest()[:DIGEST_LENGTH]


@dataclass(frozen=True)
class Stamp:
    as_of: dt.date
    plan_digest: str
    version: str = __version__

    def line(self) -> str:
        """The one line a report prints under its title or in its footer."""
        return f"As of {self.as_of.isoformat()} · socialplan {self.version} · plan {self.plan_digest}"

    def context(self) -> dict[str, Any]:
        """The template values: ``stamp.as_of``, ``stamp.version``,
        ``stamp.plan_digest`` and ``stamp.line``."""
        return {"as_of": self.as_of.isoformat(), "version": self.version, "plan_digest": self.plan_digest,
                "line": self.line()}
