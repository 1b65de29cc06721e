"""The reporters against their specifications: SARIF 2.1.0 (its JSON
Schema, rule indexes, levels, artifact URIs), JUnit XML (well-formed, counts
that agree with the body), GitHub workflow commands (escaping, read back the
way the runner reads them), the versioned JSON document, and the text report.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialplan.diagnostics import VALIDATION_CODES, Diagnostic, Location, PlanCheck, Severity
from socialplan.reporters.machine import (
    JSON_FORMAT_VERSION,
    artifact_location,
    github_annotations,
    junit_xml,
    sarif_log,
    validate_json,
    validate_json_schema,
    visible,
)
from socialplan.reporters.text import checks_as_text, make_console

SARIF_SCHEMA_FILE = Path(__file__).parent / "data" / "schemas" / "sarif-2.1.0.json"


def diag(code: str = "SP010", message: str = "unknown key 'x'", file: str = "plan.yaml", line: int = 3,
         column: int = 5, path: tuple[str | int, ...] = ("organisation", "x"), hint: str | None = None,
         severity: Severity = "error") -> Diagnostic:
    return Diagnostic(code, message, Location(file, line, column), path, hint, severity)


def check(source: str, *diagnostics: Diagnostic) -> PlanCheck:
    return PlanCheck(source, [source], list(diagnostics))


# --- visible --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("bad\nkey", "bad\\nkey"),
        ("a\r\nb\tc", "a\\r\\nb\\tc"),
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("nul\x00 bell\x07 del\x7f", "nul\\x00 bell\\x07 del\\x7f"),
        ("next line\x85 csi\x9b", "next line\\x85 csi\\x9b"),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
        ("abc\u202eevil\u2066", "abc\\u202eevil\\u2066"),
        ("\ufeffbom \ufffe \uffff", "\\ufeffbom \\ufffe \\uffff"),
        ("lone \udcff surrogate", "lone \\udcff surrogate"),
        # Printable text, any script, is left alone, and so are the characters
        # each format escapes itself.
        ("Café ✓ 日本 % :: <&> \"'", "Café ✓ 日本 % :: <&> \"'"),
    ],
)
def test_visible_escapes_exactly_the_invisible_characters(raw: str, shown: str) -> None:
    assert visible(raw) == shown


# --- SARIF ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    schema = json.loads(SARIF_SCHEMA_FILE.read_text(encoding="utf-8"))
    # The validator of the dialect the schema declares in its "$schema".
    validator_class = jsonschema.validators.validator_for(schema)
    assert schema["$schema"].startswith(validator_class.META_SCHEMA["id"].rstrip("#"))
    validator_class.check_schema(schema)
    return validator_class(schema)


def _sarif(diagnostics: list[Diagnostic], rules: dict[str, str] | None = None) -> dict[str, Any]:
    log = json.loads(sarif_log(diagnostics, VALIDATION_CODES if rules is None else rules))
    assert isinstance(log, dict)
    return log


MIXED = [
    diag(),
    diag("SP021", "'x' is not the id of any of the plan's objectives", "plans/north wind/use_cases.yaml", 12, 7,
         ("use_cases", 2, "objectives", 0), "did you mean 'y'?"),
    diag("SP002", "found character '\\t'", "<stdin>", 1, 1, ()),
    diag("SP012", "expected text", "/abs/dir/plan.yaml", 2, 9, ("organisation", "name")),
    diag("AR101", "a warning from another command", "plan.yaml", 4, 1, (), severity="warning"),
    diag("AR102", "a note", "plan.yaml", 5, 1, (), severity="info"),
]


def test_sarif_validates_against_the_schema(sarif_validator: Any) -> None:
    sarif_validator.validate(_sarif(MIXED))


def test_sarif_with_zero_results_is_a_valid_run(sarif_validator: Any) -> None:
    log = _sarif([])
    sarif_validator.validate(log)
    (run,) = log["runs"]
    assert run["results"] == []
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == sorted(VALIDATION_CODES)


def test_sarif_schema_check_is_not_vacuous(sarif_validator: Any) -> None:
    log = _sarif(MIXED)
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator.validate(log)


def test_sarif_rule_index_points_at_the_rule_of_each_result() -> None:
    (run,) = _sarif(MIXED)["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    # Codes outside the registry (from other commands) get a rule too.
    assert {"AR101", "AR102"} <= set(ids)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_levels_and_regions() -> None:
    (run,) = _sarif(MIXED)["runs"]
    assert [r["level"] for r in run["results"]] == ["error", "error", "error", "error", "warning", "note"]
    assert run["columnKind"] == "unicodeCodePoints"
    for d, result in zip(MIXED, run["results"], strict=True):
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (d.location.line, d.location.column)
    second = run["results"][1]
    assert second["message"]["text"] == "'x' is not the id of any of the plan's objectives. Hint: did you mean 'y'?"
    assert second["locations"][0]["logicalLocations"] == [{"fullyQualifiedName": "use_cases[2].objectives[0]"}]


# RFC 3986 URI reference: unreserved, reserved and percent-encoded octets only.
URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*")


@pytest.mark.parametrize(
    "relative",
    ["plan.yaml", "plans/north wind/use_cases.yaml", "a:b.yaml", "100%#?.yaml", "dossier/été.yml", "../up.yaml"],
)
def test_sarif_relative_paths_are_percent_encoded_uri_references(relative: str) -> None:
    location = artifact_location(relative)
    uri = location["uri"]
    assert URI_REFERENCE.fullmatch(uri), uri
    # No scheme, so it stays relative (to %SRCROOT%, the folder socialplan ran in).
    assert urlsplit(uri).scheme == ""
    assert unquote(uri) == relative
    assert location["uriBaseId"] == "%SRCROOT%"


@pytest.mark.skipif(os.name != "posix", reason="POSIX paths")
def test_sarif_absolute_paths_are_file_uris() -> None:
    uri = artifact_location("/srv/plans/north wind.yaml")["uri"]
    parts = urlsplit(uri)
    assert (parts.scheme, unquote(parts.path)) == ("file", "/srv/plans/north wind.yaml")
    assert URI_REFERENCE.fullmatch(uri)


def test_sarif_undecodable_file_name_is_encoded_from_its_bytes() -> None:
    name = os.fsdecode(b"plan-\xff.yaml")  # how Python names a non-UTF-8 file on POSIX
    uri = artifact_location(name)["uri"]
    assert uri == "plan-%FF.yaml"
    json.loads(sarif_log([diag(file=name)], VALIDATION_CODES).encode("utf-8"))


def test_sarif_standard_input_has_no_uri(sarif_validator: Any) -> None:
    (run,) = _sarif([diag(file="<stdin>")])["runs"]
    artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert "uri" not in artifact and artifact["description"]["text"] == "standard input"


# --- JUnit ----------------------------------------------------------------------------------------


def _junit(checks: list[PlanCheck]) -> ElementTree.Element:
    return ElementTree.fromstring(junit_xml(checks).encode("utf-8"))


def test_junit_counts_agree_with_the_test_cases() -> None:
    checks = [
        check("valid.yaml"),
        check("two.yaml", diag(line=1), diag("SP011", "missing required key 'name'", "two.yaml", 2, 1)),
        check("plans/northwind"),
        check("warned.yaml", diag(severity="warning", file="warned.yaml")),
        check("<stdin>", diag(file="<stdin>")),
    ]
    root = _junit(checks)
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    # One test case per plan, in order.
    assert [c.get("name") for c in cases] == [c.source for c in checks]
    failing = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failing] == ["two.yaml", "<stdin>"]
    for element in (root, suite):
        assert element.get("tests") == str(len(cases)) == "5"
        assert element.get("failures") == str(len(failing)) == "2"
        assert element.get("errors") == str(len(root.findall(".//error"))) == "0"
    assert suite.get("skipped") == str(len(root.findall(".//skipped"))) == "0"
    failure = failing[0].find("failure")
    assert failure is not None and failure.text is not None
    assert failure.get("message", "").startswith("2 errors")
    assert failure.text.splitlines() == [
        "plan.yaml:1:5: error SP010 unknown key 'x' (organisation.x)",
        "two.yaml:2:1: error SP011 missing required key 'name' (organisation.x)",
    ]
    # A plan with warnings only passes, its warnings kept in system-out.
    warned = cases[3]
    assert warned.find("failure") is None
    assert "warning SP010" in (warned.findtext("system-out") or "")


def test_junit_with_no_failures() -> None:
    root = _junit([check("a.yaml"), check("b.yaml")])
    assert (root.get("tests"), root.get("failures")) == ("2", "0")


# --- GitHub annotations -------------------------------------------------------------------------------


def _unescape_data(text: str) -> str:
    # The runner undoes its mappings one after the other, '%' last
    # (actions/runner, ActionCommand): %0D, %0A, then %25.
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    # Properties: %0D, %0A, %3A, %2C, then %25.
    text = text.replace("%0D", "\r").replace("%0A", "\n")
    return text.replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse_workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """Read a workflow command the way the runner does: the command and its
    properties end at the first '::' after the leading one."""
    assert line.startswith("::")
    end = line.index("::", 2)
    command, _, properties = line[2:end].partition(" ")
    props = {}
    for item in filter(None, properties.split(",")):
        key, _, value = item.partition("=")
        props[key] = _unescape_property(value)
    return command, props, _unescape_data(line[end + 2:])


def test_github_annotations_read_back_as_written() -> None:
    # Literal escape sequences in the text must survive the round trip too.
    tricky_file = "plans/a,b:c%2C%25d.yaml"
    diagnostics = [
        diag("SP021", "'x::y' is 100% <wrong> & \"odd\" %0A%25\nreally", tricky_file, 7, 3, ("use_cases", 0),
             "fix, then retry: now"),
        diag("AR101", "a warning", "plan.yaml", 2, 1, (), severity="warning"),
        diag("AR102", "a note", "plan.yaml", 3, 1, (), severity="info"),
    ]
    lines = github_annotations(diagnostics).split("\n")
    assert len(lines) == 3
    command, props, message = parse_workflow_command(lines[0])
    assert command == "error"
    assert props == {"file": tricky_file, "line": "7", "col": "3", "title": "socialplan SP021"}
    assert message == "'x::y' is 100% <wrong> & \"odd\" %0A%25\\nreally (use_cases[0]). Hint: fix, then retry: now"
    assert [parse_workflow_command(line)[0] for line in lines[1:]] == ["warning", "notice"]


def test_github_annotations_for_standard_input_carry_the_position_in_the_message() -> None:
    (line,) = github_annotations([diag(file="<stdin>", line=4, column=2)]).split("\n")
    command, props, message = parse_workflow_command(line)
    assert (command, props) == ("error", {"title": "socialplan SP010"})
    assert message.startswith("<stdin>:4:2: unknown key")


def test_no_annotations_for_no_problems() -> None:
    assert github_annotations([]) == ""


# --- JSON -------------------------------------------------------------------------------------------


def test_json_document_matches_its_published_schema_and_counts() -> None:
    checks = [
        check("a.yaml"),
        check("b.yaml", diag(file="b.yaml"), diag(file="b.yaml", severity="warning")),
        check("c.yaml", diag(file="c.yaml", severity="warning")),
    ]
    document = json.loads(validate_json(checks))
    schema = validate_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["format_version"] == JSON_FORMAT_VERSION == 1
    assert document["valid"] is False
    assert document["summary"] == {"plans": 3, "valid": 2, "invalid": 1, "errors": 1, "warnings": 2}
    assert [p["valid"] for p in document["plans"]] == [True, False, True]
    assert document["plans"][1]["diagnostics"][0] == {
        "code": "SP010", "severity": "error", "message": "unknown key 'x'", "hint": None,
        "file": "b.yaml", "line": 3, "column": 5, "path": "organisation.x",
    }


def test_json_keeps_plan_text_exactly() -> None:
    message = "unknown key 'bad\nkey\x00\x1b[31m\u2028'"
    document = json.loads(validate_json([check("p.yaml", diag(message=message))]))
    assert document["plans"][0]["diagnostics"][0]["message"] == message


def test_json_with_an_undecodable_file_name_is_still_utf8() -> None:
    name = os.fsdecode(b"plan-\xff.yaml")
    text = validate_json([check(name, diag(file=name))])
    document = json.loads(text.encode("utf-8"))
    assert document["plans"][0]["source"] == name


# --- text -------------------------------------------------------------------------------------------


def test_text_report_layout() -> None:
    checks = [
        check("ok.yaml"),
        check("bad.yaml", diag(file="bad.yaml", message="unknown key 'a\nb\x1b[2J'", hint="did you mean 'ab'?")),
    ]
    assert checks_as_text(checks).splitlines() == [
        "ok  ok.yaml",
        "invalid  bad.yaml",
        "  bad.yaml:3:5: error SP010 unknown key 'a\\nb\\x1b[2J'  [organisation.x]",
        "      hint: did you mean 'ab'?",
        "1 of 2 plans invalid, 1 problem",
    ]
    assert checks_as_text(checks, quiet=True).splitlines()[0] == "invalid  bad.yaml"
    assert checks_as_text([check("ok.yaml")], quiet=True) == ""


def test_no_color_must_be_non_empty_to_disable_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    # https://no-color.org: "present and not an empty string".
    monkeypatch.setenv("NO_COLOR", "")
    assert make_console().no_color is False
    monkeypatch.setenv("NO_COLOR", "1")
    console = make_console()
    assert console.no_color is True and console.color_system is None


# --- any text at all keeps every format well formed -------------------------------------------------

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)


@settings(max_examples=150, deadline=None)
@given(message=ANY_TEXT, source=ANY_TEXT, hint=st.none() | ANY_TEXT, key=ANY_TEXT)
def test_any_plan_text_keeps_every_format_well_formed(message: str, source: str, hint: str | None,
                                                      key: str) -> None:
    diagnostics = [diag(message=message, file=source or "p.yaml", path=("organisation", key), hint=hint),
                   diag(severity="warning", message=message)]
    checks = [check(source or "p.yaml", *diagnostics)]
    root = ElementTree.fromstring(junit_xml(checks).encode("utf-8"))
    failure_text = root.findtext(".//failure") or ""
    assert len(failure_text.splitlines()) == 1
    lines = github_annotations(diagnostics).split("\n")
    assert len(lines) == 2
    for line in lines:
        assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", line)
        parse_workflow_command(line)
    assert json.loads(validate_json(checks).encode("utf-8"))["plans"][0]["diagnostics"][0]["message"] == message
    text = checks_as_text(checks)
    assert len(text.splitlines()) == 4 + bool(hint)
    text.encode("utf-8")
    json.loads(sarif_log(diagnostics, VALIDATION_CODES).encode("utf-8"))
