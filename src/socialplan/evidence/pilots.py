"""Pilot results -> a decision at the pilot's gate: scale, revise or stop.

Each of the pilot's metrics is compared with its baseline and threshold.
Where the sample allows, an interval says whether the difference from the
baseline could be noise, with the method named:

* a mean (``n`` and ``sd``): Student's t interval;
* a proportion (``successes`` of ``n``): the Wilson score interval, which
  stays inside 0-100% and behaves with small samples;
* a rate (``events`` over ``exposure``): the exact Poisson (Garwood)
  interval.

The decision, stated once here:

* **scale** when at least ``scale_when_met`` metrics (all by default) meet
  their thresholds and none of those improvements could be noise, and no
  metric is worse than its baseline beyond noise;
* **stop** when no metric improves on its baseline beyond noise and none
  meets its threshold, or any metric is worse than its baseline beyond
  noise while none improves beyond noise: the hypothesis did not hold;
* **revise** otherwise: something moved, not enough or not surely enough;
* **pending** when nothing has been measured yet.

A metric measured without a sample (an observed value alone) is judged on
its value, and the reasons say noise could not be ruled out.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal

from socialplan.evidence.spec import MetricResult, PilotResults
from socialplan.model import Pilot, SuccessMetric

Decision = Literal["scale", "revise", "stop", "pending"]
Kind = Literal["mean", "proportion", "rate", "value"]
METHODS = {
    "mean": "Student t interval",
    "proportion": "Wilson score interval",
    "rate": "exact Poisson (Garwood) interval",
}


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    method: str
    confidence: float


@dataclass(frozen=True)
class MetricOutcome:
    name: str
    unit: str | None
    direction: str
    baseline: float | None
    threshold: float | None
    measured: bool
    observed: float | None = None
    kind: Kind | None = None
    n: int | None = None
    met: bool | None = None
    interval: Interval | None = None
    noise: bool | None = None  # could the difference from the baseline be noise? None: unknown
    worse: bool = False  # worse than the baseline beyond noise
    effect: tuple[float, float, float] | None = None  # achieved share of the hoped-for change (low, mid, high)
    reason: str = ""


@dataclass(frozen=True)
class PilotOutcome:
    use_case: str
    decision: Decision
    reasons: tuple[str, ...]
    metrics: tuple[MetricOutcome, ...]
    rule: str
    date: dt.date | None = None  # when the pilot's gate was (or is) held

    @property
    def lead(self) -> str:
        """The reason the decision rests on (the others are per metric)."""
        return self.reasons[0]


def _scale(metric: SuccessMetric) -> float:
    """Proportions are counted as shares; a metric in % shows them x100."""
    return 100.0 if metric.unit is not None and "%" in metric.unit else 1.0


# scipy.special holds the distribution functions themselves and loads far
# faster than scipy.stats.
def t_quantile(probability: float, freedom: int) -> float:
    from scipy.special import stdtrit

    return float(stdtrit(freedom, probability))


def chi2_quantile(probability: float, freedom: float) -> float:
    from scipy.special import chdtri

    return float(chdtri(freedom, 1 - probability))


def mean_interval(mean: float, sd: float, n: int, confidence: float) -> tuple[float, float]:
    half = t_quantile((1 + confidence) / 2, n - 1) * sd / math.sqrt(n)
    return mean - half, mean + half


def wilson_interval(successes: int, n: int, confidence: float) -> tuple[float, float]:
    z = NormalDist().inv_cdf((1 + confidence) / 2)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def poisson_interval(events: int, exposure: float, confidence: float) -> tuple[float, float]:
    alpha = 1 - confidence
    low = chi2_quantile(alpha / 2, 2 * events) / 2 if events > 0 else 0.0
    high = chi2_quantile(1 - alpha / 2, 2 * events + 2) / 2
    return low / exposure, high / exposure


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if math.isfinite(value) else str(value)


def _measure(metric: SuccessMetric, result: MetricResult, confidence: float
             ) -> tuple[Kind, float, Interval | None, int | None, str | None]:
    """The observed value, its interval and what was missing for one."""
    scale = _scale(metric)
    if result.successes is not None and result.n is not None:
        if result.successes > result.n:
            raise ValueError(f"{result.successes} successes out of {result.n}")
        low, high = wilson_interval(result.successes, result.n, confidence)
        observed = result.successes / result.n * scale
        return "proportion", observed, Interval(low * scale, high * scale, METHODS["proportion"], confidence), \
            result.n, None
    if result.events is not None and result.exposure is not None:
        low, high = poisson_interval(result.events, result.exposure, confidence)
        return "rate", result.events / result.exposure, Interval(low, high, METHODS["rate"], confidence), None, None
    if result.observed is None:
        raise ValueError("no observed value, and no counts to work it out from")
    if result.n is not None and result.sd is not None:
        if result.n < 2:
            return "mean", result.observed, None, result.n, "one measurement gives no interval"
        low, high = mean_interval(result.observed, result.sd, result.n, confidence)
        return "mean", result.observed, Interval(low, high, METHODS["mean"], confidence), result.n, None
    missing = "n and sd" if result.n is None else "sd"
    return "value", result.observed, None, result.n, f"no {missing} given, so noise cannot be ruled out"


def evaluate_metric(metric: SuccessMetric, result: MetricResult | None, confidence: float) -> MetricOutcome:
    base = {"name": metric.name, "unit": metric.unit, "direction": metric.direction, "baseline": metric.baseline,
                "threshold": metric.threshold}
    if result is None:
        return MetricOutcome(**base, measured=False, reason=f"{metric.name}: not measured")  # type: ignore[arg-type]
    kind, observed, interval, n, caveat = _measure(metric, result, confidence)
    up = metric.direction == "increase"

    def better(a: float, b: float) -> bool:
        return a > b if up else a < b

    unit = f" {metric.unit}" if metric.unit else ""
    target = metric.threshold if metric.threshold is not None else metric.baseline
    met = None if target is None else (observed >= target if up else observed <= target)
    noise: bool | None = None
    worse = False
    if interval is not None and metric.baseline is not None:
        near, far = (interval.low, interval.high) if up else (interval.high, interval.low)
        noise = not better(near, metric.baseline)
        worse = better(metric.baseline, far)
    effect = None
    if metric.baseline is not None and metric.threshold is not None and metric.threshold != metric.baseline:
        hoped = metric.threshold - metric.baseline
        ends = (interval.low, interval.high) if interval is not None else (observed, observed)
        shares = sorted((e - metric.baseline) / hoped for e in ends)
        effect = (shares[0], (observed - metric.baseline) / hoped, shares[1])
    parts = [f"{metric.name}: {_number(observed)}{unit}"]
    if metric.threshold is not None:
        parts.append(f"against a threshold of {_number(metric.threshold)}{unit}")
    if metric.baseline is not None:
        parts.append(f"(baseline {_number(metric.baseline)}{unit})")
    text = " ".join(parts)
    if met is not None:
        text += ": met" if met else ": not met"
    if interval is not None:
        span = f"{round(confidence * 100)}% {interval.method} {_number(interval.low)} to {_number(interval.high)}"
        if noise is None:
            text += f"; {span}"
        elif worse:
            text += f"; {span}: worse than the baseline beyond noise"
        else:
            text += f"; {span}" + (": the change could be noise" if noise else ": not noise")
    elif caveat:
        text += f"; {caveat}"
    return MetricOutcome(**base, measured=True, observed=observed, kind=kind, n=n, met=met,  # type: ignore[arg-type]
                         interval=interval, noise=noise, worse=worse, effect=effect, reason=text)


def evaluate_pilot(use_case: str, pilot: Pilot, results: PilotResults) -> PilotOutcome:
    """The decision at one pilot's gate, with a reason per metric."""
    from socialplan.data.tabular import normalise

    by_name = {normalise(r.metric): r for r in results.results}
    outcomes = tuple(evaluate_metric(m, by_name.get(normalise(m.name)), results.confidence) for m in pilot.metrics)
    measured = [o for o in outcomes if o.measured]
    required = len(outcomes) if results.scale_when_met == "all" else min(results.scale_when_met, len(outcomes))
    rule = (f"scale when {'every metric meets' if results.scale_when_met == 'all' else f'{required} metrics meet'} "
            f"its threshold beyond noise; stop when nothing improves beyond noise")
    reasons = [o.reason for o in outcomes]
    if not measured:
        return PilotOutcome(use_case, "pending", ("nothing has been measured yet",), outcomes, rule, results.date)
    passing = [o for o in measured if o.met and o.noise is not True]
    improved = [o for o in measured if o.noise is False and not o.worse]
    any_worse = any(o.worse for o in measured)
    if len(passing) >= required and not any_worse:
        decision: Decision = "scale"
        lead = f"{len(passing)} of {len(outcomes)} metrics meet their thresholds"
    elif not improved and not any(o.met for o in measured):
        decision = "stop"
        lead = "no metric improved on its baseline beyond noise"
    elif not improved and any_worse:
        decision = "stop"
        lead = "a metric is worse than its baseline beyond noise and none improved"
    else:
        decision = "revise"
        lead = f"{len(passing)} of {len(outcomes)} metrics meet their thresholds, {required} needed"
        if any_worse:
            lead += "; a metric is worse than its baseline"
    return PilotOutcome(use_case, decision, (lead, *reasons), outcomes, rule, results.date)
