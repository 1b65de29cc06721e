"""The computed reports, as plain data the presenters render (their JSON
documents are the typed models of :mod:`socialplan.reports`).

Each report carries the validated plan it was made from, so a presenter can
locate problems (file:line:column) and find files named by the plan (the
logo). Nothing here reads, writes or renders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from socialplan.diagnostics import PlanCheck
from socialplan.stamp import Stamp

if TYPE_CHECKING:
    from socialplan.assess.engine import Assessment
    from socialplan.branding import Logo
    from socialplan.businesscase.analysis import BusinessCase
    from socialplan.data.tabular import DataProblem
    from socialplan.errors import UserError
    from socialplan.evidence import Findings
    from socialplan.problems import Problem
    from socialplan.rollout import RolloutPlan
    from socialplan.rollout.readiness import Readiness as RolloutReadiness
    from socialplan.track.analysis import TrackAnalysis
    from socialplan.validation import ValidatedPlan


@dataclass(frozen=True)
class ValidateReport:
    """The checks of ``socialplan validate``: one per plan source."""

    checks: Sequence[PlanCheck]
    quiet: bool = False  # text: only the problems


@dataclass(frozen=True)
class AssessReport:
    """A plan's readiness assessment (``assessment`` is None for an invalid plan)."""

    check: PlanCheck
    assessment: Assessment | None
    settings: str | None = None  # the settings file used, as shown to people; None: the defaults
    validated: ValidatedPlan | None = None  # the plan, for the cover of the HTML and document forms


@dataclass(frozen=True)
class BusinessCaseReport:
    validated: ValidatedPlan
    case: BusinessCase
    logo: Logo | None = None
    logo_problem: Problem | None = None  # why the plan's logo is left out
    as_of: dt.date | None = None  # the day the report speaks for; None: today

    @property
    def stamp(self) -> Stamp:
        return Stamp(self.as_of or dt.date.today(), self.validated.loaded.digest)


@dataclass(frozen=True)
class RolloutReport:
    validated: ValidatedPlan
    rollout: RolloutPlan
    warnings: tuple[Problem, ...] = ()  # what did not stop the schedule (RACI, framing, pinned dates)
    logo: Logo | None = None
    logo_problem: Problem | None = None
    readiness: RolloutReadiness | None = None  # what assess says of the plan, as of the programme start
    readiness_error: UserError | None = None  # why there is no verdict: settings that cannot be read
    as_of: dt.date | None = None  # the day the report speaks for; None: today

    @property
    def stamp(self) -> Stamp:
        return Stamp(self.as_of or dt.date.today(), self.validated.loaded.digest)

    def verdict(self) -> RolloutReadiness | None:
        """The readiness, for the formats that show it; settings that cannot
        be read are the user's to fix."""
        if self.readiness_error is not None:
            raise self.readiness_error
        return self.readiness

    @property
    def source(self) -> str:
        return self.validated.loaded.source


@dataclass(frozen=True)
class TrackReport:
    """Adoption and KPIs after launch, against the plan (``socialplan track``)."""

    validated: ValidatedPlan
    analysis: TrackAnalysis
    problems: tuple[DataProblem, ...] = ()  # data problems that stopped a source, located by file, row and column
    logo: Logo | None = None
    logo_problem: Problem | None = None  # why the logo is left out (the HTML report warns)

    @property
    def source(self) -> str:
        return self.validated.loaded.source


@dataclass(frozen=True)
class EvidenceReport:
    """What the plan's surveys and pilots found, as of ``as_of``; the data
    problems (located by file, row and column) are in ``findings.problems``."""

    validated: ValidatedPlan
    findings: Findings
    as_of: dt.date

    @property
    def source(self) -> str:
        return self.validated.loaded.source

    @property
    def errors(self) -> bool:
        """Whether an export could not be used (the command exits 1)."""
        return any(p.severity == "error" for p in self.findings.problems)


@dataclass(frozen=True)
class PackReport:
    """The board pack: the reports a stage needs, made once, in one document."""

    validated: ValidatedPlan
    stage: str  # a key of socialplan.pack.STAGES
    assess: AssessReport
    business_case: BusinessCaseReport | None = None
    rollout: RolloutReport | None = None
    notes: tuple[str, ...] = ()


R = TypeVar("R")


@dataclass(frozen=True)
class Result(Generic[R]):
    """What a library call made of a plan: the report, or None when the plan
    cannot make one; ``check`` holds the located problems either way (the
    errors that stopped it, or warnings), ``notes`` plain-sentence warnings
    that belong to no place in the plan."""

    check: PlanCheck
    report: R | None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.report is not None


# --- socialplan diff ---------------------------------------------------------

if TYPE_CHECKING:
    from socialplan.reports.diff import DiffReport


@dataclass(frozen=True)
class PlanDiff:
    """What changed between two versions of a plan (``document`` is the
    typed report every format renders)."""

    document: DiffReport


@dataclass(frozen=True)
class DiffResult:
    """The two plans' checks (as the user named them: ``main:plans/acme.yaml``)
    and the diff, or None when either plan is not valid."""

    old: PlanCheck
    new: PlanCheck
    report: PlanDiff | None
