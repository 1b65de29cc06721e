"""What the pilots' decisions do to the business case's inputs.

The rules, stated once here (docs/business-case.md explains them to readers):

* **stop**: the use case is out of every option: its benefits count in none
  (:attr:`OptionInput.stopped`). Costs are not per use case and stay as the
  plan gives them: money spent on the pilot is spent.
* **scale**: each monetised benefit of the use case uses the observed effect
  in place of its estimate. The effect is the share of the hoped-for change
  the pilot achieved, ``(observed - baseline) / (threshold - baseline)``,
  from :mod:`socialplan.evidence.pilots`. The metric whose effect applies is
  the one the benefit's ``kpi`` names, else the most conservative (lowest)
  effect among the metrics measured with an interval, else among those
  measured without one. With an interval, the likely value becomes
  ``likely x effect`` and the range ``likely x (low share, high share)``:
  the Monte Carlo and the tornado then vary the benefit over what the pilot
  observed. Without an interval the estimate's own range is kept around the
  new likely value (each of low, likely and high times the effect). Shares
  below zero count as zero: a benefit is not turned into a cost. An effect
  above 1 raises the benefit: the evidence is what was measured, and the
  report says so beside the figure, since pilots run with volunteers tend
  to flatter.
* **revise** and **pending**: the estimate stands; a revise gets a note.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from socialplan.finance.inputs import BenefitInput, Driver, OptionInput

if TYPE_CHECKING:
    from socialplan.evidence.pilots import MetricOutcome, PilotOutcome

DRIVER_NAMES = {"hours": "hours per user per week", "annual": "annual value"}


@dataclass(frozen=True)
class BenefitEvidence:
    """One benefit driver's estimate replaced by a pilot's evidence."""

    number: int  # B1, B2... as the benefit is numbered in the report
    benefit: str
    use_case: str
    driver: str  # "hours" or "annual"
    key: str  # the driver's plan path
    estimate: tuple[float, float, float]  # low, likely, high as the plan gives them
    evidence: tuple[float, float, float]  # low, likely, high the model uses
    metric: str
    effect: tuple[float, float, float]  # achieved share of the hoped-for change (low, mid, high)
    interval: str | None  # "95% Student t interval"; None: a value without a sample
    source: str  # the sentence a reader sees

    @property
    def raised(self) -> bool:
        return self.evidence[1] > self.estimate[1]


@dataclass(frozen=True)
class EvidenceUse:
    """What the pilots' decisions changed: notes per use case and the benefits replaced."""

    pilots: tuple[PilotOutcome, ...] = ()  # every judged pilot, in plan order
    notes: tuple[str, ...] = ()
    benefits: tuple[BenefitEvidence, ...] = ()
    stopped: tuple[str, ...] = ()


def _on(outcome: PilotOutcome) -> str:
    return f" on {outcome.date.isoformat()}" if outcome.date is not None else ""


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def applied_metric(outcome: PilotOutcome, kpi: str | None) -> MetricOutcome | None:
    """The metric whose effect replaces the benefit's estimate (see the module's rules)."""
    with_effect = [m for m in outcome.metrics if m.measured and m.effect is not None]
    if kpi is not None:
        named = next((m for m in with_effect if _normal(m.name) == _normal(kpi)), None)
        if named is not None:
            return named
    ranked = sorted(with_effect, key=lambda m: (m.interval is None, m.effect[1] if m.effect else 0.0))
    return ranked[0] if ranked else None


def _scaled(driver: Driver, metric: MetricOutcome) -> Driver:
    assert metric.effect is not None
    low, mid, high = (max(0.0, share) for share in metric.effect)
    if metric.interval is not None:
        return replace(driver, low=driver.likely * low, likely=driver.likely * mid, high=driver.likely * high)
    return replace(driver, low=driver.low * mid, likely=driver.likely * mid, high=driver.high * mid)


def _source(outcome: PilotOutcome, metric: MetricOutcome, raised: bool) -> str:
    assert metric.effect is not None
    low, mid, high = metric.effect
    text = (f"pilot of '{outcome.use_case}' (scale{_on(outcome)}): '{metric.name}' achieved {_percent(mid)} of "
            f"the hoped-for change")
    if metric.interval is not None:
        interval = metric.interval
        text += (f" ({round(interval.confidence * 100)}% {interval.method}: {_percent(low)} to "
                 f"{_percent(high)})")
    else:
        text += " (a value without a sample: the estimate's range is kept around it)"
    if raised:
        text += "; above the estimate: pilots run with volunteers tend to flatter"
    return text


def apply_pilots(benefits: Sequence[BenefitInput], options: Iterable[OptionInput],
                 outcomes: Mapping[str, PilotOutcome]
                 ) -> tuple[tuple[BenefitInput, ...], tuple[OptionInput, ...], EvidenceUse]:
    """The benefits and options with the pilots' decisions applied, and what changed.
    ``outcomes``: each judged pilot by use case id, in plan order."""
    notes: list[str] = []
    stopped: list[str] = []
    for use_case, outcome in outcomes.items():
        if outcome.decision == "stop":
            stopped.append(use_case)
            notes.append(f"use case '{use_case}' is out of every option: its pilot decided stop{_on(outcome)} "
                         f"({outcome.lead}); its costs stay, as money spent is spent")
        elif outcome.decision == "revise":
            notes.append(f"use case '{use_case}' keeps its estimates: its pilot decided revise{_on(outcome)} "
                         f"({outcome.lead}), so the evidence is not yet strong enough to replace them")
    changed: list[BenefitInput] = []
    replaced: list[BenefitEvidence] = []
    for benefit in benefits:
        judged = outcomes.get(benefit.use_case_id)
        if judged is None or judged.decision != "scale" or not benefit.monetised:
            changed.append(benefit)
            continue
        metric = applied_metric(judged, benefit.kpi)
        if metric is None:
            notes.append(f"'{benefit.name}' keeps its estimate: the pilot of '{benefit.use_case_id}' decided scale "
                         "but no metric it measured has a baseline and threshold to give its effect")
            changed.append(benefit)
            continue
        drivers: dict[str, Driver | None] = {"hours": benefit.hours, "annual": benefit.annual}
        for name, driver in drivers.items():
            if driver is None:
                continue
            scaled = _scaled(driver, metric)
            drivers[name] = scaled
            raised = scaled.likely > driver.likely
            replaced.append(BenefitEvidence(
                benefit.number, benefit.name, benefit.use_case_id, name, driver.key,
                (driver.low, driver.likely, driver.high), (scaled.low, scaled.likely, scaled.high),
                metric.name, metric.effect or (1.0, 1.0, 1.0),
                None if metric.interval is None else
                f"{round(metric.interval.confidence * 100)}% {metric.interval.method}",
                _source(judged, metric, raised),
            ))
        changed.append(replace(benefit, hours=drivers["hours"], annual=drivers["annual"]))
    options_out = tuple(replace(o, stopped=tuple(stopped)) if stopped else o for o in options)
    use = EvidenceUse(tuple(outcomes.values()), tuple(notes), tuple(replaced), tuple(stopped))
    return tuple(changed), options_out, use
