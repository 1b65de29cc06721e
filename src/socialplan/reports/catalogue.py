"""The JSON reports socialplan publishes, by schema name: which command
prints each, and its JSON Schema, generated from the model.

``socialplan schema <name>`` prints these schemas, schema/<name>.schema.json
holds them and docs/json-reports.md describes them; all three come from
here. Models are imported when a schema is asked for, not before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from socialplan.reports.base import json_schema


def _validate() -> Any:
    from socialplan.reports.validate import ValidateReport

    return ValidateReport


def _assess() -> Any:
    from socialplan.reports.assess import AssessDocument

    return AssessDocument


def _business_case() -> Any:
    from socialplan.reports.business_case import BusinessCaseReport

    return BusinessCaseReport


def _rollout() -> Any:
    from socialplan.reports.rollout import RolloutReport

    return RolloutReport


def _diff() -> Any:
    from socialplan.reports.diff import DiffReport

    return DiffReport
def _track() -> Any:
    from socialplan.reports.track import TrackReport

    return TrackReport
def _pack() -> Any:
    from socialplan.reports.pack import PackReport

    return PackReport


def _evidence() -> Any:
    from socialplan.reports.evidence import EvidenceReport

    return EvidenceReport


@dataclass(frozen=True)
class Report:
    name: str
    command: str
    title: str
    shape: Callable[[], Any]
    # Definitions that are another report's whole document (the pack holds
    # the assessment, the business case and the rollout): name -> report.
    embeds: dict[str, str] = field(default_factory=dict)

    def schema(self) -> dict[str, Any]:
        return json_schema(self.shape(), title=self.title, description=f"The document of '{self.command}'.")


REPORTS: dict[str, Report] = {
    report.name: report
    for report in (
        Report("validate-report", "socialplan validate --format json", "socialplan validate report", _validate),
        Report("assess", "socialplan assess --format json", "socialplan assess report", _assess),
        Report("business-case", "socialplan business-case --format json", "socialplan business-case report",
               _business_case),
        Report("rollout", "socialplan rollout --format json", "socialplan rollout report", _rollout),
        Report("diff", "socialplan diff --format json", "socialplan diff report", _diff),
        Report("track", "socialplan track --format json", "socialplan track report", _track),
        Report("evidence", "socialplan evidence --format json", "socialplan evidence report", _evidence),
        Report("pack", "socialplan report --format json", "socialplan report (board pack)", _pack,
               {"AssessReport": "assess", "BusinessCaseReport": "business-case", "RolloutReport": "rollout"}),
    )
}
