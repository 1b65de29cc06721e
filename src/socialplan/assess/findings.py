"""A finding: a failed check stamped by the engine with the rule's code,
name, group, configured severity, position and any suppression."""

from __future__ import annotations

from dataclasses import dataclass

from socialplan.assess.rule import GROUPS, Group
from socialplan.diagnostics import Diagnostic, Location, PlanPath, Severity, format_path

_GROUP_ORDER = {group: i for i, group in enumerate(GROUPS)}


@dataclass(frozen=True)
class Finding:
    """A failed check, located."""

    code: str
    name: str
    group: Group
    severity: Severity
    message: str
    path: PlanPath
    location: Location
    hint: str | None = None
    suppressed: str | None = None  # the reason given in the plan's 'ignore'
    blocks_go: bool = False  # as configured: an unsuppressed one keeps the plan from 'go'

    @property
    def plan_path(self) -> str:
        return format_path(self.path)

    def to_diagnostic(self) -> Diagnostic:
        """The same problem as a :class:`Diagnostic`, for the shared machine formats."""
        return Diagnostic(self.code, self.message, self.location, self.path, self.hint, self.severity)

    def sort_key(self) -> tuple[int, str, int, int, str, str]:
        loc = self.location
        return (_GROUP_ORDER[self.group], loc.file, loc.line, loc.column, self.code, self.message)
