"""Machine formats shared by every command that reports diagnostics:
JSON, GitHub workflow annotations, SARIF 2.1.0 and JUnit XML.

Plan text ends up inside messages (an unknown key, a bad id), and a plan may
hold anything a YAML escape can spell: newlines, ``%``, ``::``, ``<``, ``&``,
NUL, terminal escape sequences. JSON and SARIF keep such text exactly (JSON
escaping is lossless); the formats read by people or by line-oriented tools
(text, GitHub annotations, JUnit XML) show invisible characters as visible
escapes with :func:`visible` first, then apply their own escaping.

The JSON document of ``socialplan validate`` (``--format json``) is a public,
versioned interface. Version 1::

    {
      "format_version": 1,                 # bumped on any incompatible change
      "tool": {"name": "socialplan", "version": "0.1.0"},
      "valid": false,                      # every plan valid?
      "summary": {"plans": 2, "valid": 1, "invalid": 1, "errors": 3, "warnings": 0},
      "plans": [                           # in the order the sources were named
        {
          "source": "plans/northwind",     # file, folder plan or "<stdin>"
          "files": ["plans/northwind/objectives.yaml", ...],
          "valid": false,
          "diagnostics": [                 # sorted by file, line, column, code
            {"code": "SP021", "severity": "error",       # error | warning | info
             "message": "...", "hint": "..." or null,
             "file": "plans/northwind/use_cases.yaml",
             "line": 12, "column": 7,                    # 1-based
             "path": "use_cases[2].objectives[0]"}       # plan path, "" for the file
          ]
        }
      ]
    }

The document is a :class:`~socialplan.reports.validate.ValidateReport`;
``socialplan schema validate-report`` prints its JSON Schema for the tools
that read the report.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from socialplan import __version__
from socialplan.diagnostics import Diagnostic, PlanCheck

if TYPE_CHECKING:
    from socialplan.reports.validate import DiagnosticEntry, ValidateReport

# XML escaping for JUnit. Written out rather than taken from xml.sax.saxutils,
# which imports urllib.request (and with it ssl, http and email): a tenth of
# the start-up time of ``socialplan validate``.
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_XML_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
                           "\t": "&#9;"})


def escape(text: str) -> str:
    """XML character data."""
    return text.translate(_XML_TEXT)


def quoteattr(text: str) -> str:
    """An XML attribute value, quoted."""
    return f'"{text.translate(_XML_ATTR)}"'

JSON_FORMAT_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/socialplan/socialplan"
STDIN_NAME = "<stdin>"
# Relative artifact URIs are relative to the folder socialplan ran in, which
# in CI is the repository root: the usual meaning of %SRCROOT%.
SARIF_SRCROOT = "%SRCROOT%"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}

# Characters that would change the layout or meaning of a line of output:
# C0 and C1 controls (newlines, ESC starting terminal sequences, NUL),
# Unicode line/paragraph separators, bidirectional overrides (text that reads
# differently from what it is), a stray BOM, the XML 1.0 non-characters
# U+FFFE/U+FFFF and lone surrogates (from undecodable file names).
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufffe\uffff\ud800-\udfff]"
)
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED_ESCAPES.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def visible(text: str) -> str:
    """``text`` on one line with every invisible character shown as an escape
    (``\\n``, ``\\x1b``, ``\\u202e``), safe for a terminal, a log and XML 1.0."""
    return _INVISIBLE.sub(_escape_char, text)


def dumps(document: Any) -> str:
    """JSON text, readable UTF-8. A lone surrogate (an undecodable file name)
    cannot be written as UTF-8: then every non-ASCII character is escaped,
    which is still valid JSON."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(document, indent=2, ensure_ascii=True)
    return text


# --- JSON -----------------------------------------------------------------------
# The report models are imported where they are used: this module is loaded
# by every 'socialplan validate', most of which print no JSON.


def diagnostic_entry(d: Diagnostic) -> DiagnosticEntry:
    from socialplan.reports.validate import DiagnosticEntry

    return DiagnosticEntry(code=d.code, severity=d.severity, message=d.message, hint=d.hint,
                           file=d.location.file, line=d.location.line, column=d.location.column,
                           path=d.plan_path)


def diagnostic_to_dict(d: Diagnostic) -> dict[str, Any]:
    from socialplan.reports.base import document

    return document(diagnostic_entry(d))


def validate_report(checks: Sequence[PlanCheck]) -> ValidateReport:
    """The typed document of ``socialplan validate --format json``."""
    from socialplan.reports.validate import CheckedPlan, ValidateReport, ValidateSummary

    every = [d for c in checks for d in c.diagnostics]
    return ValidateReport(
        valid=all(c.valid for c in checks),
        summary=ValidateSummary(
            plans=len(checks),
            valid=sum(c.valid for c in checks),
            invalid=sum(not c.valid for c in checks),
            errors=sum(d.severity == "error" for d in every),
            warnings=sum(d.severity == "warning" for d in every),
        ),
        plans=[
            CheckedPlan(source=c.source, files=list(c.files), valid=c.valid,
                        diagnostics=[diagnostic_entry(d) for d in c.diagnostics])
            for c in checks
        ],
    )


def validate_document(checks: Sequence[PlanCheck]) -> dict[str, Any]:
    """The versioned document of ``socialplan validate --format json``."""
    from socialplan.reports.base import document

    return document(validate_report(checks))


def validate_json(checks: Sequence[PlanCheck]) -> str:
    """The JSON text of :func:`validate_document` (see the module docstring)."""
    return dumps(validate_document(checks))


def validate_json_schema() -> dict[str, Any]:
    """The contract of :func:`validate_document`, as a JSON Schema."""
    from socialplan.reports.catalogue import REPORTS

    return REPORTS["validate-report"].schema()


# --- GitHub workflow annotations -------------------------------------------------


def _github_escape(text: str, *, property_value: bool = False) -> str:
    # GitHub's workflow-command escaping (actions/toolkit, command.ts): '%',
    # CR and LF in the message; ':' and ',' too inside properties.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_annotations(diagnostics: Sequence[Diagnostic]) -> str:
    """One ``::error file=...,line=...,col=...,title=...::message`` line per
    diagnostic. Standard input has no file in the workspace: its annotations
    carry the position in the message instead."""
    lines = []
    for d in diagnostics:
        message = visible(d.message)
        if d.plan_path:
            message += f" ({visible(d.plan_path)})"
        if d.hint:
            message += f". Hint: {visible(d.hint)}"
        props = []
        if d.location.file == STDIN_NAME:
            message = f"{STDIN_NAME}:{d.location.line}:{d.location.column}: {message}"
        else:
            props += [
                f"file={_github_escape(visible(d.location.file), property_value=True)}",
                f"line={d.location.line}",
                f"col={d.location.column}",
            ]
        props.append(f"title={_github_escape('socialplan ' + visible(d.code), property_value=True)}")
        lines.append(f"::{_GITHUB_LEVEL[d.severity]} {','.join(props)}::{_github_escape(message)}")
    return "\n".join(lines)


# --- SARIF 2.1.0 -------------------------------------------------------------------


def artifact_location(file: str) -> dict[str, Any]:
    """A SARIF artifactLocation: a relative URI reference (percent-encoded,
    '/'-separated) for relative paths, a file: URI for absolute ones, and a
    description alone for standard input, which has no URI."""
    if file == STDIN_NAME:
        return {"description": {"text": "standard input"}}
    path = Path(file)
    # Encode the file system's bytes, so that undecodable names and ':' in a
    # first segment (which would read as a URI scheme) stay a valid reference.
    encoded = quote(_path_bytes(path.as_posix()), safe="/")
    if path.is_absolute():
        return {"uri": f"file://{encoded}"}
    return {"uri": encoded, "uriBaseId": SARIF_SRCROOT}


def _path_bytes(text: str) -> bytes:
    try:
        return os.fsencode(text)
    except UnicodeEncodeError:  # a lone surrogate that no file system produced
        return text.encode("utf-8", "surrogatepass")


def sarif_log(diagnostics: Sequence[Diagnostic], rules: Mapping[str, str], *,
              rule_names: Mapping[str, str] | None = None) -> str:
    """A SARIF 2.1.0 log with one run; ``rules`` maps code -> description.

    The run's rules are every code in ``rules`` plus any other code used, in
    code order; each result's ``ruleIndex`` points at its rule there.
    Columns count Unicode code points, as the YAML reader does.
    """
    used = sorted({d.code for d in diagnostics} | set(rules))
    index = {code: i for i, code in enumerate(used)}
    names = rule_names or {}
    results = []
    for d in diagnostics:
        text = d.message + (f". Hint: {d.hint}" if d.hint else "")
        location: dict[str, Any] = {
            "physicalLocation": {
                "artifactLocation": artifact_location(d.location.file),
                "region": {"startLine": d.location.line, "startColumn": d.location.column},
            },
        }
        if d.plan_path:
            location["logicalLocations"] = [{"fullyQualifiedName": d.plan_path}]
        results.append({
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": text},
            "locations": [location],
        })
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
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return dumps(log)


# --- JUnit XML -----------------------------------------------------------------------


def _diagnostic_line(d: Diagnostic) -> str:
    text = f"{d.location}: {d.severity} {d.code} {d.message}"
    if d.plan_path:
        text += f" ({d.plan_path})"
    if d.hint:
        text += f" - hint: {d.hint}"
    return visible(text)


def junit_xml(checks: Sequence[PlanCheck], suite: str = "socialplan validate") -> str:
    """JUnit XML: one test case per plan, failing with its errors; warnings
    and notes of a plan go to its ``system-out``.

    The counts on ``testsuites`` and ``testsuite`` are those of the test cases
    written, so they always agree with the body.
    """
    cases: list[str] = []
    failures = 0
    for c in checks:
        source = visible(c.source)
        lines = [f"    <testcase classname={quoteattr(suite)} name={quoteattr(source)} file={quoteattr(source)}>"]
        errors = [d for d in c.diagnostics if d.severity == "error"]
        others = [d for d in c.diagnostics if d.severity != "error"]
        if errors:
            failures += 1
            summary = f"{len(errors)} error{'s' if len(errors) != 1 else ''}: {visible(errors[0].message)}"
            body = "\n".join(_diagnostic_line(d) for d in errors)
            lines.append(f'      <failure message={quoteattr(summary)} type="invalid-plan">{escape(body)}</failure>')
        if others:
            body = "\n".join(_diagnostic_line(d) for d in others)
            lines.append(f"      <system-out>{escape(body)}</system-out>")
        lines.append("    </testcase>")
        cases.extend(lines)
    counts = f'tests="{len(checks)}" failures="{failures}" errors="0"'
    name = quoteattr(visible(suite))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<testsuites name={name} {counts}>",
        f'  <testsuite name={name} {counts} skipped="0">',
        *cases,
        "  </testsuite>",
        "</testsuites>",
    ]
    return "\n".join(out)
