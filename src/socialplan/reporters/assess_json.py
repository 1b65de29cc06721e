"""The JSON document of ``socialplan assess`` (format version 1).

Documented field by field in docs/rules.md ("JSON output"). Fields are only
ever added within a format version; a removal or a change of meaning bumps
``format_version``. Keys keep a fixed order and numbers a fixed rounding, so
the same plan assessed on the same date gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from socialplan import __version__
from socialplan.assess.engine import Assessment
from socialplan.assess.findings import Finding
from socialplan.diagnostics import Diagnostic, PlanCheck
from socialplan.reporters.machine import _DIAGNOSTIC_SCHEMA, diagnostic_to_dict

ASSESS_JSON_VERSION = 1


def _number(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def finding_to_dict(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "group": f.group,
        "severity": f.severity,
        "message": f.message,
        "hint": f.hint,
        "file": f.location.file,
        "line": f.location.line,
        "column": f.location.column,
        "path": f.plan_path,
        "suppressed": f.suppressed is not None,
        "reason": f.suppressed,
        "blocks_go": f.blocks_go,
    }


def _header(check: PlanCheck) -> dict[str, Any]:
    return {
        "format_version": ASSESS_JSON_VERSION,
        "kind": "socialplan-assessment",
        "tool": {"name": "socialplan", "version": __version__},
        "source": check.source,
        "files": check.files,
    }


def assessment_document(a: Assessment, check: PlanCheck, config_file: str | None) -> dict[str, Any]:
    """The assessment as plain data (what ``--format json`` prints)."""
    t = a.config.thresholds
    return {
        **_header(check),
        "valid": True,
        "as_of": a.as_of.isoformat(),
        "configuration": config_file,
        "score": a.score,
        "verdict": a.verdict,
        "reasons": a.reasons,
        "groups": a.groups,
        "summary": {
            "error": a.count("error"),
            "warning": a.count("warning"),
            "info": a.count("info"),
            "suppressed": len(a.suppressed),
        },
        "thresholds": t.model_dump(),
        "group_weights": dict(a.config.group_weights),
        "blocks_go": a.go_blocking_rules,
        "findings": [finding_to_dict(f) for f in a.findings],
        "rules": [
            {"code": r.code, "group": r.group, "weight": r.weight, "checked": r.checked,
             "failed": r.failed, "suppressed": r.suppressed,
             "passed_share": _number(r.share_passed, 4)}
            for r in a.rule_results
        ],
        "ranking": a.ranking,
        "use_cases": [
            {"rank": p.rank, "id": p.id, "title": p.title, "reach": p.reach, "impact": p.impact,
             "confidence": p.confidence, "effort": p.effort, "rice": _number(p.rice),
             "weighted": _number(p.weighted), "value": _number(p.value), "quadrant": p.quadrant,
             "reasons": p.reasons}
            for p in a.priorities
        ],
        "stakeholders": [
            {"id": s.id, "name": s.name, "headcount": s.headcount, "senior": s.senior, "power": s.power,
             "interest": s.interest, "attitude": s.attitude, "quadrant": s.quadrant, "strategy": s.strategy,
             "research": s.research, "research_planned": s.research_planned, "adkar": s.adkar,
             "barrier": s.barrier, "lowest": s.lowest, "action": s.action}
            for s in a.stakeholders
        ],
        "next_steps": [
            {"code": n.finding.code, "finding": n.finding.message, "file": n.finding.location.file,
             "line": n.finding.location.line, "path": n.finding.plan_path, "score_gain": n.gain,
             "new_score": n.score, "new_verdict": n.verdict, "lifts_verdict": n.lifts_verdict}
            for n in a.next_steps
        ],
        "next_band": None if a.next_band is None else {
            "verdict": a.next_band.verdict, "score": a.next_band.score,
            "findings": [{"code": f.code, "finding": f.message, "file": f.location.file,
                          "line": f.location.line, "path": f.plan_path} for f in a.next_band.findings],
        },
        "validation": [],
    }


def invalid_document(check: PlanCheck, diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    """What ``--format json`` prints for a plan that does not validate."""
    return {
        **_header(check),
        "valid": False,
        "score": None,
        "verdict": None,
        "reasons": ["the plan is not valid: fix the validation problems first"],
        "findings": [],
        "use_cases": [],
        "stakeholders": [],
        "validation": [diagnostic_to_dict(d) for d in diagnostics],
    }


# --- the contract, as a JSON Schema ---------------------------------------------------

_NULLABLE_NUMBER = {"type": ["number", "null"]}
_SCORE = {"type": "number", "minimum": 0, "maximum": 100}
_GROUP_NAMES = ["opportunity", "use-cases", "embedding", "data"]
_SEVERITY = {"enum": ["error", "warning", "info"]}
_LEVEL = {"enum": ["low", "medium", "high"]}
_ADKAR = ["awareness", "desire", "knowledge", "ability", "reinforcement"]

_FINDING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["code", "name", "group", "severity", "message", "hint", "file", "line", "column", "path",
                 "suppressed", "reason", "blocks_go"],
    "properties": {
        "code": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{2}$", "description": "Permanent rule code."},
        "name": {"type": "string", "description": "Readable rule name."},
        "group": {"enum": _GROUP_NAMES},
        "severity": _SEVERITY,
        "message": {"type": "string"},
        "hint": {"type": ["string", "null"]},
        "file": {"type": "string"},
        "line": {"type": "integer", "minimum": 1},
        "column": {"type": "integer", "minimum": 1},
        "path": {"type": "string", "description": "Plan path, e.g. use_cases[2].pilot."},
        "suppressed": {"type": "boolean"},
        "reason": {"type": ["string", "null"], "description": "Why the plan suppresses it."},
        "blocks_go": {"type": "boolean", "description": "Whether its rule keeps the plan from go when unsuppressed."},
    },
}
_CODE_LIST = {"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{2}$"}}
# Present only when the plan is valid (an invalid plan is not assessed).
_ASSESSED_ONLY = ["as_of", "configuration", "groups", "summary", "thresholds", "group_weights", "blocks_go",
                  "rules", "ranking", "next_steps", "next_band"]
_VERDICT = {"enum": ["go", "pilot-first", "not-ready"]}
_FINDING_REF = {
    "code": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{2}$"},
    "finding": {"type": "string", "description": "The finding's message."},
    "file": {"type": "string"},
    "line": {"type": "integer", "minimum": 1},
    "path": {"type": "string"},
}

ASSESS_JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "socialplan assess report",
    "type": "object",
    "additionalProperties": False,
    "required": ["format_version", "kind", "tool", "source", "files", "valid", "score", "verdict", "reasons",
                 "findings", "use_cases", "stakeholders", "validation"],
    "if": {"properties": {"valid": {"const": True}}},
    "then": {"required": _ASSESSED_ONLY, "properties": {"score": _SCORE, "verdict": {"type": "string"}}},
    "else": {"properties": {"score": {"type": "null"}, "verdict": {"type": "null"}},
             "not": {"anyOf": [{"required": [name]} for name in _ASSESSED_ONLY]}},
    "properties": {
        "format_version": {"const": ASSESS_JSON_VERSION},
        "kind": {"const": "socialplan-assessment"},
        "tool": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "version"],
            "properties": {"name": {"const": "socialplan"}, "version": {"type": "string"}},
        },
        "source": {"type": "string"},
        "files": {"type": "array", "items": {"type": "string"}},
        "valid": {"type": "boolean"},
        "as_of": {"type": "string", "format": "date"},
        "configuration": {"type": ["string", "null"]},
        "score": {"oneOf": [_SCORE, {"type": "null"}]},
        "verdict": {"enum": ["go", "pilot-first", "not-ready", None]},
        "reasons": {"type": "array", "items": {"type": "string"}},
        "groups": {
            "type": "object",
            "additionalProperties": False,
            "required": _GROUP_NAMES,
            "properties": dict.fromkeys(_GROUP_NAMES, _SCORE),
        },
        "summary": {
            "type": "object",
            "required": ["error", "warning", "info", "suppressed"],
            "properties": {k: {"type": "integer", "minimum": 0} for k in ("error", "warning", "info", "suppressed")},
        },
        "thresholds": {"type": "object", "additionalProperties": {"type": ["number", "string"]}},
        "group_weights": {
            "type": "object",
            "additionalProperties": False,
            "required": _GROUP_NAMES,
            "properties": {name: {"type": "number", "minimum": 0} for name in _GROUP_NAMES},
        },
        "blocks_go": {**_CODE_LIST, "description": "Rules whose unsuppressed findings keep the plan from go."},
        "findings": {"type": "array", "items": _FINDING_SCHEMA},
        "rules": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "group", "weight", "checked", "failed", "suppressed", "passed_share"],
                "properties": {
                    "code": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{2}$"},
                    "group": {"enum": _GROUP_NAMES},
                    "weight": {"type": "number", "minimum": 0},
                    "checked": {"type": "integer", "minimum": 0},
                    "failed": {"type": "integer", "minimum": 0},
                    "suppressed": {"type": "integer", "minimum": 0},
                    "passed_share": {"oneOf": [{"type": "number", "minimum": 0, "maximum": 1}, {"type": "null"}]},
                },
            },
        },
        "ranking": {"enum": ["rice", "weighted"]},
        "use_cases": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["rank", "id", "title", "reach", "impact", "confidence", "effort", "rice", "weighted",
                             "value", "quadrant", "reasons"],
                "properties": {
                    "rank": {"type": "integer", "minimum": 1},
                    "id": {"type": "string"},
                    "title": {"type": "string"},
                    "reach": {"type": ["integer", "null"]},
                    "impact": _NULLABLE_NUMBER,
                    "confidence": _NULLABLE_NUMBER,
                    "effort": _NULLABLE_NUMBER,
                    "rice": _NULLABLE_NUMBER,
                    "weighted": _NULLABLE_NUMBER,
                    "value": _NULLABLE_NUMBER,
                    "quadrant": {"enum": ["quick win", "big bet", "fill-in", "time sink", None]},
                    "reasons": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
        "stakeholders": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "name", "headcount", "senior", "power", "interest", "attitude", "quadrant",
                             "strategy", "research", "research_planned", "adkar", "barrier", "lowest", "action"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "headcount": {"type": "integer", "minimum": 0},
                    "senior": {"type": "boolean"},
                    "power": _LEVEL,
                    "interest": _LEVEL,
                    "attitude": {"enum": ["champion", "supportive", "neutral", "sceptical", "resistant"]},
                    "quadrant": {"enum": ["manage closely", "keep satisfied", "keep informed", "monitor"]},
                    "strategy": {"type": "string", "description": "The engagement strategy of the quadrant."},
                    "research": {"type": "string", "description": "Planned research method, else the suggested one."},
                    "research_planned": {"type": "boolean"},
                    "adkar": {
                        "type": ["object", "null"],
                        "properties": {e: {"type": "integer", "minimum": 1, "maximum": 5} for e in _ADKAR},
                    },
                    "barrier": {"enum": [*_ADKAR, None], "description": "First ADKAR element scoring 3 or less."},
                    "lowest": {"enum": [*_ADKAR, None],
                               "description": "Lowest-scoring ADKAR element (the first on a tie)."},
                    "action": {"type": "string", "description": "What to do about the barrier point."},
                },
            },
        },
        "next_steps": {
            "type": "array",
            "description": "For a plan that is not go: each unsuppressed finding resolved on its own, best first.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [*_FINDING_REF, "score_gain", "new_score", "new_verdict", "lifts_verdict"],
                "properties": {
                    **_FINDING_REF,
                    "score_gain": {"type": "number", "minimum": 0},
                    "new_score": _SCORE,
                    "new_verdict": _VERDICT,
                    "lifts_verdict": {"type": "boolean"},
                },
            },
        },
        "next_band": {
            "type": ["object", "null"],
            "description": "Findings that, resolved together, lift the verdict a band; null when go.",
            "additionalProperties": False,
            "required": ["verdict", "score", "findings"],
            "properties": {
                "verdict": _VERDICT,
                "score": _SCORE,
                "findings": {"type": "array", "items": {"type": "object", "additionalProperties": False,
                                                        "required": list(_FINDING_REF),
                                                        "properties": _FINDING_REF}},
            },
        },
        "validation": {"type": "array", "items": _DIAGNOSTIC_SCHEMA},
    },
}
