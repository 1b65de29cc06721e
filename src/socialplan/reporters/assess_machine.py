"""SARIF and GitHub annotations for an assessment, through the shared
machine formats of :mod:`socialplan.reporters.machine`.

Suppressed findings are kept in SARIF as results with an ``inSource``
suppression and its justification (the reason the plan gives), which is how
code-scanning tools list them without raising alerts; GitHub annotations show
only unsuppressed findings, plus one notice with the verdict.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from socialplan.assess.engine import Assessment
from socialplan.assess.registry import RULES
from socialplan.reporters.machine import dumps, github_annotations, sarif_log, visible


def _rule_tables(disabled: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
    enabled = [r for r in RULES if r.code not in disabled]
    return {r.code: r.summary for r in enabled}, {r.code: r.name for r in enabled}


def assessment_sarif(a: Assessment) -> str:
    """A SARIF 2.1.0 log: every finding, suppressed ones marked as such."""
    descriptions, names = _rule_tables(a.config.disable)
    log = json.loads(sarif_log([f.to_diagnostic() for f in a.findings], descriptions, rule_names=names))
    results = log["runs"][0]["results"]
    if len(results) != len(a.findings):  # pragma: no cover - sarif_log keeps one result per diagnostic
        raise RuntimeError("SARIF results do not match the findings")
    for finding, result in zip(a.findings, results, strict=True):
        if finding.suppressed is not None:
            result["suppressions"] = [{"kind": "inSource", "justification": finding.suppressed}]
    log["runs"][0]["properties"] = {"score": a.score, "verdict": a.verdict, "groups": a.groups,
                                    "as_of": a.as_of.isoformat()}
    return dumps(log)


def _command_text(text: str) -> str:
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def assessment_github(a: Assessment) -> str:
    """Workflow annotations for the unsuppressed findings and a verdict notice."""
    lines = [github_annotations([f.to_diagnostic() for f in a.active])] if a.active else []
    summary = (f"{a.source}: {a.verdict}, score {a.score:.1f}/100 "
               f"({a.count('error')} errors, {a.count('warning')} warnings, "
               f"{len(a.suppressed)} suppressed)")
    lines.append(f"::notice title=socialplan assess::{_command_text(summary)}")
    return "\n".join(lines)
