"""Machine formats shared by every command that reports diagnostics:
JSON, GitHub workflow annotations, SARIF 2.1.0 and JUnit XML."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from socialplan import __version__
from socialplan.diagnostics import Diagnostic, PlanCheck

JSON_FORMAT_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/socialplan/socialplan"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def diagnostic_to_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code,
        "severity": d.severity,
        "message": d.message,
        "hint": d.hint,
        "file": d.location.file,
        "line": d.location.line,
        "column": d.location.column,
        "path": d.plan_path,
    }


def validate_json(checks: Sequence[PlanCheck]) -> str:
    """The versioned JSON document of ``socialplan validate`` (see README)."""
    plans = [
        {
            "source": c.source,
            "files": c.files,
            "valid": c.valid,
            "diagnostics": [diagnostic_to_dict(d) for d in c.diagnostics],
        }
        for c in checks
    ]
    document = {
        "format_version": JSON_FORMAT_VERSION,
        "tool": {"name": "socialplan", "version": __version__},
        "valid": all(c.valid for c in checks),
        "summary": {
            "plans": len(checks),
            "valid": sum(c.valid for c in checks),
            "invalid": sum(not c.valid for c in checks),
            "errors": sum(d.severity == "error" for c in checks for d in c.diagnostics),
        },
        "plans": plans,
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _github_escape(text: str, *, property_value: bool = False) -> str:
    # GitHub's workflow-command escaping: %, CR and LF always; ':' and ','
    # inside properties too.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_annotations(diagnostics: Sequence[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        message = d.message + (f" ({d.plan_path})" if d.plan_path else "") + (f". Hint: {d.hint}" if d.hint else "")
        props = ",".join([
            f"file={_github_escape(d.location.file, property_value=True)}",
            f"line={d.location.line}",
            f"col={d.location.column}",
            f"title={_github_escape('socialplan ' + d.code, property_value=True)}",
        ])
        lines.append(f"::{_GITHUB_LEVEL[d.severity]} {props}::{_github_escape(message)}")
    return "\n".join(lines)


def _artifact_uri(file: str) -> str:
    if file.startswith("<"):
        return file.strip("<>")
    path = Path(file)
    return path.as_posix() if not path.is_absolute() else path.as_uri()


def sarif_log(diagnostics: Sequence[Diagnostic], rules: Mapping[str, str], *,
              rule_names: Mapping[str, str] | None = None) -> str:
    """A SARIF 2.1.0 log with one run; ``rules`` maps code -> description."""
    used = sorted({d.code for d in diagnostics} | set(rules))
    index = {code: i for i, code in enumerate(used)}
    names = rule_names or {}
    results = []
    for d in diagnostics:
        text = d.message + (f" Hint: {d.hint}" if d.hint else "")
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": text},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": _artifact_uri(d.location.file)},
                    "region": {"startLine": d.location.line, "startColumn": d.location.column},
                },
                **({"logicalLocations": [{"fullyQualifiedName": d.plan_path}]} if d.plan_path else {}),
            }],
        }
        results.append(result)
    driver_rules = [
        {
            "id": code,
            **({"name": names[code]} if code in names else {}),
            "shortDescription": {"text": rules.get(code, code)},
        }
        for code in used
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "socialplan",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": driver_rules,
            }},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)


def junit_xml(checks: Sequence[PlanCheck], suite: str = "socialplan validate") -> str:
    """JUnit XML: one test case per plan, failing with its diagnostics."""
    failures = sum(not c.valid for c in checks)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name={quoteattr(suite)} tests="{len(checks)}" failures="{failures}" errors="0">',
           f'  <testsuite name={quoteattr(suite)} tests="{len(checks)}" failures="{failures}" errors="0" skipped="0">']
    for c in checks:
        out.append(f'    <testcase classname="socialplan" name={quoteattr(c.source)} file={quoteattr(c.source)}>')
        errors = [d for d in c.diagnostics if d.severity == "error"]
        if errors:
            body = "\n".join(
                f"{d.location}: {d.code} {d.message}" + (f" ({d.plan_path})" if d.plan_path else "")
                + (f" - {d.hint}" if d.hint else "")
                for d in errors
            )
            summary = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
            out.append(f"      <failure message={quoteattr(summary)} type=\"invalid-plan\">{escape(body)}</failure>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out)
