"""docs/json-reports.md, written from the reports' JSON Schemas, so the
documentation says what the models say (a test keeps the file current).

Regenerate with ``python -m socialplan.reports.docs > docs/json-reports.md``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from socialplan.reports.catalogue import REPORTS, Report

REGENERATE = "python -m socialplan.reports.docs > docs/json-reports.md"

_INTRO = f"""\
# JSON reports

Every command that reports prints a versioned JSON document with
`--format json`. Each document has a `format_version` (1), bumped when a key
changes meaning or disappears; keys are only ever added within a version.
Keys always appear, in the order listed here, with `null` where a value does
not exist; the same input gives the same bytes.

`socialplan schema <report>` prints a report's JSON Schema (draft 2020-12),
the same as `schema/<report>.schema.json` in the repository, for tools that
check a report before they read it:

```sh
socialplan schema business-case -o business-case.schema.json
socialplan business-case plan.yaml -f json -o case.json
check-jsonschema --schemafile business-case.schema.json case.json
```

The tables below are generated from the report models (`{REGENERATE}`).
An object type is described in its own table below its report's first table.
"""


def _ref_name(ref: str) -> str:
    return ref.removeprefix("#/$defs/")


def _bounds(node: dict[str, Any]) -> str:
    parts = []
    if "minimum" in node:
        parts.append(f"at least {node['minimum']}")
    if "maximum" in node:
        parts.append(f"at most {node['maximum']}")
    return f" ({', '.join(parts)})" if parts else ""


def type_text(node: dict[str, Any]) -> str:
    """A schema node in words: 'list of `Task`', 'date or null'."""
    if "$ref" in node:
        return f"`{_ref_name(node['$ref'])}`"
    for key in ("anyOf", "oneOf"):
        if key in node:
            return " or ".join(type_text(member) for member in node[key])
    if "const" in node:
        return f"`{json.dumps(node['const'])}`"
    if "enum" in node:
        return "one of " + ", ".join(f"`{value}`" for value in node["enum"])
    kind = node.get("type")
    if kind == "array":
        return "list of " + type_text(node.get("items", {}))
    if kind == "object":
        keys = node.get("propertyNames", {})
        key_text = (" (" + ", ".join(f"`{k}`" for k in keys["enum"]) + ")") if "enum" in keys else ""
        values = node.get("additionalProperties")
        return f"map of string{key_text} to " + (type_text(values) if isinstance(values, dict) else "any value")
    if kind == "string" and node.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if kind == "null":
        return "null"
    return f"{kind}{_bounds(node)}" if kind else "any value"


def _refs(node: Any) -> Iterator[str]:
    """Definitions a node uses, in the order they appear."""
    if isinstance(node, dict):
        if "$ref" in node:
            yield _ref_name(node["$ref"])
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _description(node: dict[str, Any], defs: dict[str, Any]) -> str:
    # pydantic leaves out a field's description when it repeats the
    # description of the object it refers to.
    if "description" in node:
        return str(node["description"])
    if "$ref" in node:
        return str(defs[_ref_name(node["$ref"])].get("description", ""))
    return ""


def _table(definition: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    rows = ["| Key | Type | Meaning |", "| --- | --- | --- |"]
    for key, node in definition.get("properties", {}).items():
        rows.append(f"| `{key}` | {_cell(type_text(node))} | {_cell(_description(node, defs))} |")
    return rows


def report_section(report: Report) -> list[str]:
    schema = report.schema()
    defs: dict[str, Any] = schema.get("$defs", {})
    out = [f"## `{report.command}`", "", f"Schema: `socialplan schema {report.name}` "
           f"(`schema/{report.name}.schema.json`).", ""]
    if "properties" in schema:
        out += [*_table(schema, defs), ""]
        order = list(_refs(schema.get("properties")))
    else:
        # A choice of documents (the assessment of a valid or an invalid plan).
        alternatives = [_ref_name(m["$ref"]) for m in schema.get("anyOf", schema.get("oneOf", []))]
        out += ["One of: " + ", ".join(f"`{name}`" for name in alternatives) + ".", ""]
        order = alternatives
    seen: set[str] = set()
    while order:
        name = order.pop(0)
        if name in seen:
            continue
        seen.add(name)
        definition = defs[name]
        if name in report.embeds:
            # Described once, in its own report's section.
            command = REPORTS[report.embeds[name]].command
            out += [f"### `{name}`", "", f"The document of `{command}`, as its own section above describes it.", ""]
            continue
        out += [f"### `{name}`", "", _cell(definition.get("description", "")), ""]
        out += [*_table(definition, defs), ""]
        order += list(_refs(definition.get("properties")))
    return out


def markdown() -> str:
    lines = [_INTRO]
    for report in REPORTS.values():
        lines += report_section(report)
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
