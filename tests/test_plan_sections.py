"""The plan's sections and the references between ids are declared once,
in the model, and everything else follows from that declaration: the
loader's section files, the reference checks, where 'ignore:' may appear.

Each test compares the declaration with an independent reading of the plan
format (its published JSON Schema, or plans written out here), so a section
or a reference added to the format without its marker fails here."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialplan import loader, references
from socialplan.assess import rule as assess_rule
from socialplan.assess.registry import RULES
from socialplan.model import IGNORE_SECTIONS, ITEM_SECTIONS, REFERENCES, SECTIONS, Plan
from socialplan.validation import check_plan

ROOT = Path(__file__).resolve().parents[1]
SCHEMA: dict[str, Any] = Plan.model_json_schema()
ID_PATTERN = "^[a-z0-9][a-z0-9_-]*$"


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _members(node: dict[str, Any]) -> list[dict[str, Any]]:
    """A property's schema without its null alternative."""
    node = _resolve(node)
    return [_resolve(m) for m in node.get("anyOf", [node]) if m.get("type") != "null"]


def _id_fields(node: dict[str, Any], path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Every property, below ``node``, whose values are ids (the id pattern),
    except the items' own ``id``: the schema's own list of references."""
    for member in _members(node):
        if member.get("type") == "array":
            for item in ([member["items"]] if "items" in member else member.get("prefixItems", [])):
                yield from _id_fields(item, (*path, "*"))
        elif member.get("pattern") == ID_PATTERN and path[-1:] != ("id",):
            yield path
        if member.get("type") == "object" and isinstance(member.get("additionalProperties"), dict):
            yield from _id_fields(member["additionalProperties"], (*path, "~"))  # each value of a mapping
        for name, child in member.get("properties", {}).items():
            yield from _id_fields(child, (*path, name))


def _top_level() -> dict[str, dict[str, Any]]:
    return dict(SCHEMA["properties"])


def _section_item(name: str) -> dict[str, Any] | None:
    """The item schema of a top-level list of mappings."""
    node = _top_level()[name]
    if node.get("type") == "array" and "$ref" in node["items"]:
        return _resolve(node["items"])
    return None


def test_the_schema_file_is_the_models() -> None:
    # The oracle below reads the model's schema; the committed file is the same.
    committed = json.loads((ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    assert committed["properties"] == SCHEMA["properties"]


def test_every_field_that_names_ids_is_declared_as_a_reference() -> None:
    schema_refs = set(_id_fields(SCHEMA, ()))
    declared = {path for path, _ in REFERENCES}
    assert schema_refs, "the oracle found nothing"
    assert declared == schema_refs, (
        f"fields of ids without RefersTo: {sorted(schema_refs - declared)}; "
        f"RefersTo on fields that are not ids: {sorted(declared - schema_refs)}")


def test_every_reference_names_a_section_of_items_with_ids() -> None:
    for path, target in REFERENCES:
        assert target in ITEM_SECTIONS, (path, target)
        item = _section_item(target)
        assert item is not None and "id" in item["required"], target


def test_sections_are_the_top_level_mappings_and_lists_of_mappings() -> None:
    structural = [name for name, node in _top_level().items()
                  if "$ref" in node or _section_item(name) is not None]
    assert list(SECTIONS) == structural
    assert tuple(structural) == loader.SECTION_FILES


def test_item_sections_are_the_lists_of_items_with_ids() -> None:
    with_ids = [name for name in _top_level()
                if (item := _section_item(name)) is not None and "id" in item.get("required", [])]
    assert list(ITEM_SECTIONS) == with_ids
    assert tuple(with_ids) == references.ID_SECTIONS
    for name, (one, many) in ITEM_SECTIONS.items():
        assert one and many and one != many, name


def test_ignore_may_appear_on_exactly_the_items_that_have_the_key() -> None:
    carrying = tuple(name for name in _top_level()
                     if (item := _section_item(name)) is not None and "ignore" in item["properties"])
    assert carrying == IGNORE_SECTIONS
    assert carrying == assess_rule.SUPPRESSIBLE_SECTIONS
    assert set(assess_rule.ITEM_KINDS) == set(carrying)
    for rule in RULES:
        assert set(rule.reports_on) <= set(carrying), rule.code


def test_a_rule_cannot_report_on_a_section_without_ignore() -> None:
    with pytest.raises(ValueError, match="finance"):
        assess_rule.rule(code="XX01", name="x", group="data", severity="info", weight=1,
                         rationale="x", reports_on=("finance",))


# --- end to end: every section file loads, every reference is checked -----------

EXAMPLES = [ROOT / "examples" / name for name in
            ("consulting-mobile-workforce.yaml", "global-tech-innovation.yaml", "retail-pilot-first.yaml")]


def _example(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_a_folder_plan_may_hold_each_section_in_its_own_file(tmp_path: Path) -> None:
    plan = _example(EXAMPLES[0])
    # Every section is written in a file named after it, as its bare body;
    # what is not a section stays in a file of its own.
    rest = {key: value for key, value in plan.items() if key not in _top_level() or key in ("version", "ignore")}
    for key, value in plan.items():
        if key not in rest:
            (tmp_path / f"{key}.yaml").write_text(yaml.safe_dump(value, sort_keys=False), encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(yaml.safe_dump(rest, sort_keys=False), encoding="utf-8")
    assert {p.stem for p in tmp_path.iterdir()} - {"plan"} == set(plan) - set(rest)
    assert loader.is_folder_plan(tmp_path)
    folder_check, folder = check_plan(str(tmp_path))
    file_check, single = check_plan(str(EXAMPLES[0]))
    assert folder_check.valid and file_check.valid, folder_check.diagnostics
    assert folder is not None and single is not None
    assert folder.plan == single.plan


def _occurrences(data: Any, steps: tuple[str, ...], path: tuple[str | int, ...] = ()) -> Iterator[
        tuple[str | int, ...]]:
    if not steps:
        if isinstance(data, str):
            yield path
        return
    if steps[0] == "*":
        for index, item in enumerate(data if isinstance(data, list) else []):
            yield from _occurrences(item, steps[1:], (*path, index))
    elif steps[0] == "~":
        for key, item in (data.items() if isinstance(data, dict) else ()):
            yield from _occurrences(item, steps[1:], (*path, key))
    elif isinstance(data, dict) and steps[0] in data:
        yield from _occurrences(data[steps[0]], steps[1:], (*path, steps[0]))


def _set(data: Any, path: tuple[str | int, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


@pytest.mark.parametrize("reference", sorted(set(_id_fields(SCHEMA, ()))), ids="/".join)
def test_every_reference_of_the_format_is_checked(tmp_path: Path, reference: tuple[str, ...]) -> None:
    found = next(((example, spot) for example in EXAMPLES
                  for spot in _occurrences(_example(example), reference)), None)
    assert found is not None, f"no example plan fills {reference}: add one so its check is tested"
    example, spot = found
    broken = copy.deepcopy(_example(example))
    _set(broken, spot, "no-such-id")
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(broken, sort_keys=False), encoding="utf-8")
    check, _ = check_plan(str(path))
    assert [(d.code, d.path) for d in check.diagnostics] == [("SP021", spot)]
