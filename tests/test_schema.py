"""The published JSON Schema: current, documented, and in agreement with
``socialplan validate`` when an independent validator (check-jsonschema)
reads the same files.

Valid inputs are the examples (the folder plan merged into one document);
invalid inputs are the cases in ``tests/data/invalid/``. Each case states in
its header what both tools must report::

    # socialplan: SP012 stakeholders[0].power @ 9:12
    # schema: $.stakeholders[0].power
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from clirunner import offered
from socialplan.cli import app
from socialplan.loader import SECTION_FILES, load_plan

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "schema" / "plan.schema.json"
EXAMPLES = ROOT / "examples"
INVALID = ROOT / "tests" / "data" / "invalid"
REGENERATE = "socialplan schema -o schema/plan.schema.json"


def _schema_now() -> str:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    return result.stdout


def _committed() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


# --- the committed file ----------------------------------------------------------


def test_committed_schema_is_current() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == _schema_now(), (
        f"{SCHEMA_FILE.relative_to(ROOT)} is out of date with the plan model; "
        f"regenerate it with: {REGENERATE}"
    )


def test_schema_is_a_valid_2020_12_schema() -> None:
    from jsonschema import Draft202012Validator

    schema = _committed()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _ref_target(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any] | None:
    """The definition a property points to: directly, through a list, or
    through an optional (anyOf with null)."""
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        target: dict[str, Any] = defs[name]
        return target
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        return _ref_target(node["items"], defs)
    members = [m for m in node.get("anyOf", []) if m.get("type") != "null"]
    if len(members) == 1:
        return _ref_target(members[0], defs)
    return None


def _undocumented(schema: dict[str, Any]) -> Iterator[str]:
    defs: dict[str, Any] = schema.get("$defs", {})
    for name, definition in [("Plan", schema), *defs.items()]:
        if "properties" in definition and not definition.get("description"):
            yield f"{name} (the model itself)"
        for field, node in definition.get("properties", {}).items():
            if node.get("description"):
                continue
            target = _ref_target(node, defs)
            if target is None or not target.get("description"):
                yield f"{name}.{field}"


def test_every_field_has_a_description() -> None:
    missing = list(_undocumented(_committed()))
    assert not missing, (
        "fields without a description (add Field(description=...) in model.py, then run "
        f"{REGENERATE}): " + ", ".join(missing)
    )


def test_the_description_walk_notices_an_undocumented_field() -> None:
    # The walk above must be able to fail: a property with no description
    # and no described definition behind it is reported.
    schema = {
        "description": "root",
        "properties": {"a": {"type": "string"}, "b": {"$ref": "#/$defs/B"}, "c": {"description": "c"}},
        "$defs": {"B": {"properties": {"x": {"anyOf": [{"$ref": "#/$defs/C"}, {"type": "null"}]}}},
                  "C": {"description": "C", "properties": {}}},
    }
    assert list(_undocumented(schema)) == ["Plan.a", "Plan.b", "B (the model itself)"]


def test_dates_are_published_as_date_strings() -> None:
    # JSON has no date type: a plan date is a string in the 'date' format.
    # check-jsonschema reads unquoted YAML dates as strings, so it applies
    # that format to them, exactly as editors do.
    rollout = _committed()["$defs"]["Rollout"]["properties"]
    assert rollout["holidays"]["items"] == {"format": "date", "type": "string"}
    assert {"format": "date", "type": "string"} in rollout["start"]["anyOf"]


# --- check-jsonschema and socialplan agree ---------------------------------------------


def _check_jsonschema(files: list[Path]) -> tuple[int, dict[str, Any]]:
    local = Path(sys.executable).with_name("check-jsonschema")
    tool = str(local) if local.exists() else shutil.which("check-jsonschema")
    assert tool, "check-jsonschema is a test dependency: pip install -e '.[test]'"
    result = subprocess.run(
        [tool, "--output-format", "json", "--schemafile", str(SCHEMA_FILE), *map(str, files)],
        capture_output=True, text=True, check=False,
    )
    try:
        report: dict[str, Any] = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"check-jsonschema printed no JSON report: {result.stdout}{result.stderr}")
    return result.returncode, report


def _merge_folder(folder: Path) -> dict[str, Any]:
    """Merge a folder plan the documented way, independently of the loader:
    a file named after a section may hold that section's list, any other
    file is a mapping of sections, and no section appears twice."""
    merged: dict[str, Any] = {}
    for file in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if isinstance(data, list):
            assert file.stem in SECTION_FILES, f"{file}: only a section file may hold a list"
            data = {file.stem: data}
        for key, value in data.items():
            assert key not in merged, f"{file}: section '{key}' defined twice"
            merged[key] = value
    return merged


@pytest.fixture(scope="module")
def merged_folder_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = EXAMPLES / "sales-webinars"
    merged = _merge_folder(folder)
    # The loader must see the same plan as this merge.
    assert merged == load_plan(str(folder)).data
    out = tmp_path_factory.mktemp("merged") / "sales-webinars.yaml"
    out.write_text(yaml.safe_dump(merged, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def test_check_jsonschema_accepts_every_example(merged_folder_plan: Path) -> None:
    files = [*sorted(EXAMPLES.glob("*.yaml")), merged_folder_plan]
    assert len(files) >= 3
    code, report = _check_jsonschema(files)
    assert (code, report["status"], report["errors"]) == (0, "ok", []), json.dumps(report, indent=2)


@dataclass(frozen=True)
class InvalidCase:
    file: Path
    code: str
    path: str
    line: int
    column: int
    schema_path: str


_SOCIALPLAN = re.compile(r"^# socialplan: (SP\d{3}) (\S+) @ (\d+):(\d+)$", re.MULTILINE)
_SCHEMA = re.compile(r"^# schema: (\S+)$", re.MULTILINE)


def _invalid_cases() -> list[InvalidCase]:
    cases = []
    for file in sorted(INVALID.glob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        expected, schema_path = _SOCIALPLAN.search(text), _SCHEMA.search(text)
        assert expected and schema_path, f"{file.name}: header must state '# socialplan:' and '# schema:'"
        code, path, line, column = expected.groups()
        cases.append(InvalidCase(file, code, "" if path == "(root)" else path, int(line), int(column),
                                 schema_path.group(1)))
    return cases


INVALID_CASES = _invalid_cases()


def test_there_are_enough_invalid_cases() -> None:
    assert len(INVALID_CASES) >= 8
    assert {c.code for c in INVALID_CASES} >= {"SP010", "SP011", "SP012"}


def test_check_jsonschema_rejects_every_invalid_case_where_expected() -> None:
    code, report = _check_jsonschema([c.file for c in INVALID_CASES])
    assert code == 1
    assert report.get("parse_errors", []) == []
    found: dict[str, set[str]] = {}
    for error in report["errors"]:
        # Through an optional field the top error sits on the anyOf; the
        # deepest match names the value itself.
        deepest = (error.get("best_deep_match") or {}).get("path", error["path"])
        found.setdefault(Path(error["filename"]).name, set()).update({error["path"], deepest})
    for case in INVALID_CASES:
        assert case.schema_path in found.get(case.file.name, set()), (
            f"{case.file.name}: expected a schema error at {case.schema_path}, got {found.get(case.file.name)}"
        )


def test_socialplan_rejects_every_invalid_case_where_expected() -> None:
    result = CliRunner().invoke(app, ["validate", "--format", "json", *(str(c.file) for c in INVALID_CASES)])
    assert result.exit_code == 1, result.output
    plans = {Path(p["source"]).name: p for p in json.loads(result.stdout)["plans"]}
    for case in INVALID_CASES:
        plan = plans[case.file.name]
        assert not plan["valid"]
        # One problem per case, reported once, where it was written.
        assert [(d["code"], d["path"], d["line"], d["column"]) for d in plan["diagnostics"]] == [
            (case.code, case.path, case.line, case.column)
        ], f"{case.file.name}: {plan['diagnostics']}"


@pytest.mark.parametrize("case", INVALID_CASES, ids=lambda c: c.file.stem)
def test_each_invalid_case_alone_exits_1(case: InvalidCase) -> None:
    result = CliRunner().invoke(app, ["validate", str(case.file)])
    assert result.exit_code == 1, result.output


# --- the schema of the validate report --------------------------------------------------


def test_schema_choices_are_the_registry(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from socialplan.commands.schema import SCHEMAS

    assert offered(monkeypatch, capsys, "schema", "") == list(SCHEMAS)


def test_the_validate_report_schema_describes_real_reports(tmp_path: Path) -> None:
    # What a CI consumer does: fetch the schema from the command line, then
    # check a report with an independent validator.
    runner = CliRunner()
    schema = runner.invoke(app, ["schema", "validate-report", "-o", str(tmp_path / "report.schema.json")])
    assert schema.exit_code == 0, schema.output
    published = json.loads((tmp_path / "report.schema.json").read_text(encoding="utf-8"))
    assert published["title"] == "socialplan validate report"
    assert published["properties"]["format_version"]["const"] == 1
    sources = [str(EXAMPLES / "sales-webinars"), *(str(c.file) for c in INVALID_CASES)]
    report = runner.invoke(app, ["validate", "--format", "json", "-o", str(tmp_path / "report.json"), *sources])
    assert report.exit_code == 1, report.output
    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert document["summary"]["plans"] == len(sources) and document["summary"]["valid"] == 1
    local = Path(sys.executable).with_name("check-jsonschema")
    tool = str(local) if local.exists() else shutil.which("check-jsonschema")
    assert tool
    schema_file = str(tmp_path / "report.schema.json")
    checked = subprocess.run([tool, "--schemafile", schema_file, str(tmp_path / "report.json")],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # ...and the schema is strict enough to notice a report that breaks it.
    document["plans"][0]["diagnostics"] = [{"code": "SP010", "line": 0}]
    (tmp_path / "broken.json").write_text(json.dumps(document), encoding="utf-8")
    broken = subprocess.run([tool, "--schemafile", schema_file, str(tmp_path / "broken.json")],
                            capture_output=True, text=True, check=False)
    assert broken.returncode == 1, broken.stdout


def test_keys_that_must_be_ids_are_closed_in_the_schema() -> None:
    # pydantic publishes dict[Slug, ...] as patternProperties alone, which
    # lets any other key through; the published schema must not.
    criteria = _committed()["$defs"]["Prioritisation"]["properties"]["criteria"]
    assert "patternProperties" in criteria
    assert criteria["additionalProperties"] is False
