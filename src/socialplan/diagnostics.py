"""Problems found in a plan, as plain data that every reporter can render.

A diagnostic always carries a 1-based line and column, the file it points into
and the plan path of the offending value (``use_cases[2].objectives[0]``), so
people, editors and CI annotations can jump straight to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from socialplan.codes import codes_with_prefix

Severity = Literal["error", "warning", "info"]
PathPart = str | int
PlanPath = tuple[PathPart, ...]


def format_path(path: Sequence[PathPart]) -> str:
    """Render a plan path the way users write it: ``use_cases[2].objectives[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True)
class Location:
    """A 1-based position in a source file."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem, located."""

    code: str
    message: str
    location: Location
    path: PlanPath = ()
    hint: str | None = None
    severity: Severity = "error"

    @property
    def plan_path(self) -> str:
        return format_path(self.path)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.message)


# Codes of the problems found while loading and validating a plan (the
# SP0xx part of the one table in socialplan.codes).
VALIDATION_CODES: dict[str, str] = codes_with_prefix("SP0")


@dataclass
class PlanCheck:
    """The outcome of loading and validating one plan source."""

    source: str
    files: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)
