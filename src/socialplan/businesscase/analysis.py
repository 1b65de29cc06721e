"""Everything the business-case report shows, computed once.

The report formats (Markdown, HTML, JSON) all present this one object, so
they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from socialplan.businesscase.timing import TimingChoice, timing_from_schedule
from socialplan.diagnostics import PlanPath
from socialplan.finance.appraisal import Appraisal, appraise
from socialplan.finance.inputs import model_inputs
from socialplan.finance.sensitivity import SwitchingValue, TornadoBar, switching_values, tornado
from socialplan.finance.simulation import Simulation, simulate
from socialplan.model import Plan

if TYPE_CHECKING:
    from socialplan.evidence.pilots import PilotOutcome
    from socialplan.finance.evidence import EvidenceUse


@dataclass(frozen=True)
class Readiness:
    """The verdict of ``socialplan assess``, when that command is available,
    judged with the plan's assessment settings (``settings``: the file they
    came from, None for the defaults)."""

    verdict: str
    score: float | None
    settings: str | None = None
    # Group id -> (barrier element, its level, the level shown "2.4 of 5",
    # where the levels come from): the ADKAR assess judged each group by, so
    # the case's risks and the scorecard speak from one source.
    barriers: dict[str, tuple[str, float, str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class BusinessCase:
    plan: Plan
    source: str
    appraisal: Appraisal
    tornado: tuple[TornadoBar, ...]
    switching: tuple[SwitchingValue, ...]
    simulation: Simulation | None
    readiness: Readiness | None = None
    locations: dict[str, str] = field(default_factory=dict)  # plan path -> "file:line"
    timing: TimingChoice = field(default_factory=lambda: TimingChoice(reason="no rollout schedule was given"))
    # Things the reader should know that did not stop the report (a broken
    # settings file, a rollout that cannot be scheduled), in plain sentences.
    warnings: tuple[str, ...] = ()

    @property
    def currency(self) -> str:
        return self.plan.organisation.currency

    @property
    def evidence(self) -> EvidenceUse | None:
        """What the pilots' decisions changed in the inputs (None: no pilot judged)."""
        return self.appraisal.inputs.evidence


def analyse(
    plan: Plan,
    source: str,
    *,
    simulations: int,
    seed: int,
    locate: Callable[[PlanPath], str] | None = None,
    progress: Callable[[int], None] | None = None,
    readiness: Readiness | None = None,
    timing: TimingChoice | None = None,
    warnings: tuple[str, ...] = (),
    pilots: tuple[PilotOutcome, ...] = (),
) -> BusinessCase:
    """Model every option, then the leading option's sensitivity and uncertainty.
    ``timing`` places the pilots and launch; by default it comes from the
    plan's rollout schedule (:func:`timing_from_schedule`). ``pilots``, the
    pilots the plan's evidence judged, take stopped use cases out of every
    option and put scaled ones' observed effects in place of their estimates
    (:mod:`socialplan.finance.evidence`)."""
    if timing is None:
        timing = timing_from_schedule(plan, locate)
    appraisal = appraise(model_inputs(plan, timing.timing, pilots))
    leading = appraisal.leading
    simulation = simulate(appraisal, leading, simulations, seed, progress=progress) if simulations > 0 else None
    locations: dict[str, str] = {}
    if locate is not None:
        drivers = [d for b in appraisal.inputs.benefits for d in (b.hours, b.annual) if d is not None]
        drivers += [c.amount for c in appraisal.inputs.costs]
        for driver in drivers:
            locations.setdefault(driver.key, locate(driver.path))
    return BusinessCase(
        plan=plan,
        source=source,
        appraisal=appraisal,
        tornado=tuple(tornado(appraisal, leading)),
        switching=tuple(switching_values(appraisal, leading)),
        simulation=simulation,
        readiness=readiness,
        locations=locations,
        timing=timing,
        warnings=warnings,
    )

