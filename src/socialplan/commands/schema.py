"""``socialplan schema``: the JSON Schema of the plan format, or of a
machine report that other tools consume."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from socialplan.errors import EXIT_OK, UserError
from socialplan.output import emit

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _close_pattern_maps(node: Any) -> None:
    """A mapping whose keys must match a pattern (``dict[Slug, ...]``) comes
    out of pydantic as ``patternProperties`` alone, which lets any other key
    through; socialplan refuses such keys, so the schema says so too."""
    if isinstance(node, dict):
        if "patternProperties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _close_pattern_maps(value)
    elif isinstance(node, list):
        for value in node:
            _close_pattern_maps(value)


def plan_schema() -> dict[str, Any]:
    from socialplan.model import Plan

    schema = Plan.model_json_schema()
    _close_pattern_maps(schema)
    return {"$schema": SCHEMA_DIALECT, **schema}


def _report_schema(name: str) -> Callable[[], dict[str, Any]]:
    def build() -> dict[str, Any]:
        from socialplan.reports.catalogue import REPORTS

        return REPORTS[name].schema()

    return build


# The documents socialplan publishes a JSON Schema for: name -> (what it
# describes, how to build it). The CLI's choices and help are derived from
# it, and each schema is committed as schema/<name>.schema.json; plain
# tuples, as the command line imports this module for its help.
SCHEMAS: dict[str, tuple[str, Callable[[], dict[str, Any]]]] = {
    "plan": ("a plan file (the default), for editors and other tools", plan_schema),
    # The reports' entries mirror socialplan.reports.catalogue.REPORTS (a
    # test keeps them equal); the help is written out so that the command
    # line's help needs no model.
    "validate-report": ("the document of 'socialplan validate --format json'", _report_schema("validate-report")),
    "assess": ("the document of 'socialplan assess --format json'", _report_schema("assess")),
    "business-case": ("the document of 'socialplan business-case --format json'", _report_schema("business-case")),
    "rollout": ("the document of 'socialplan rollout --format json'", _report_schema("rollout")),
    "diff": ("the document of 'socialplan diff --format json'", _report_schema("diff")),
    "track": ("the document of 'socialplan track --format json'", _report_schema("track")),
    "evidence": ("the document of 'socialplan evidence --format json'", _report_schema("evidence")),
    "pack": ("the document of 'socialplan report --format json'", _report_schema("pack")),
}


def schema_help() -> str:
    return "Which schema: " + "; ".join(f"{name}: {text}" for name, (text, _) in SCHEMAS.items()) + "."


def schema_text(which: str) -> str:
    """The schema as printed: the same bytes as the committed file."""
    if which not in SCHEMAS:
        raise UserError(f"unknown schema '{which}'", hint=f"choose one of: {', '.join(SCHEMAS)}")
    _, build = SCHEMAS[which]
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def run_schema(output: Path | None, which: str = "plan") -> int:
    emit(schema_text(which), output)
    return EXIT_OK
