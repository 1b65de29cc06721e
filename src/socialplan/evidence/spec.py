"""The plan's ``evidence`` section (declared in :mod:`socialplan.model`)
and the constants that read it."""

from __future__ import annotations

from socialplan.model import Element, Evidence, EvidenceSettings, MetricResult, PilotResults, Survey

ELEMENTS: tuple[Element, ...] = ("awareness", "desire", "knowledge", "ability", "reinforcement")

# The five-point agreement scale most survey tools use, with the spellings
# they export. A survey's own ``labels`` replace these.
DEFAULT_LABELS: dict[str, int] = {
    "strongly disagree": 1,
    "disagree": 2,
    "neither agree nor disagree": 3,
    "neither agree or disagree": 3,
    "neutral": 3,
    "agree": 4,
    "strongly agree": 5,
}

__all__ = ["DEFAULT_LABELS", "ELEMENTS", "Element", "Evidence", "EvidenceSettings", "MetricResult", "PilotResults",
           "Survey"]
