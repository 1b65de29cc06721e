"""One type for every problem found while modelling or presenting a plan,
and the one way to locate problems in the plan's files.

Analysis is pure and knows plan paths, not files: it reports a
:class:`Problem` with the path of the offending value
(``("finance", "costs", 2, "amount")``). :func:`locate` turns problems into
:class:`~socialplan.diagnostics.Diagnostic` values with file:line:column
through the plan's source map, which every reporter renders the same way.
The codes and what they mean are in :mod:`socialplan.codes`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from socialplan.diagnostics import Diagnostic, Location, PlanCheck, PlanPath, Severity, format_path

if TYPE_CHECKING:
    from socialplan.validation import ValidatedPlan
    from socialplan.yamlsafe import SourceMap


@dataclass(frozen=True)
class Problem:
    """Something wrong with (or worth knowing about) a plan, not yet located."""

    code: str
    message: str
    path: PlanPath | None = None  # None: not from a place in the plan
    hint: str | None = None
    severity: Severity = "error"

    @property
    def plan_path(self) -> str:
        return format_path(self.path or ())


def locate(problems: Iterable[Problem], source_map: SourceMap, source: str) -> list[Diagnostic]:
    """The problems as diagnostics, positioned where the plan wrote each path
    (a problem with no path points at ``source``), in report order."""
    diagnostics = [
        Diagnostic(p.code, p.message, Location(source) if p.path is None else source_map.locate(p.path)[0],
                   p.path or (), p.hint, p.severity)
        for p in problems
    ]
    return sorted(diagnostics, key=Diagnostic.sort_key)


def located_check(validated: ValidatedPlan, problems: Iterable[Problem]) -> PlanCheck:
    """The problems of a validated plan as a :class:`PlanCheck`, ready for any reporter."""
    loaded = validated.loaded
    return PlanCheck(loaded.source, loaded.files, locate(problems, loaded.source_map, loaded.source))
