"""Ids and the references between them: each id unique within its section,
and every reference naming an id that exists (with a "did you mean").

Checked on the raw data rather than the validated model, so these problems
are reported in the same run as type errors elsewhere in the plan. Which
sections have ids and which fields name them is declared in the model
(:data:`socialplan.model.ITEM_SECTIONS`, :data:`socialplan.model.REFERENCES`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from socialplan.diagnostics import Diagnostic, PlanPath
from socialplan.model import ITEM_SECTIONS, REFERENCES
from socialplan.suggest import suggestion
from socialplan.yamlsafe import SourceMap

ID_SECTIONS: tuple[str, ...] = tuple(ITEM_SECTIONS)


@dataclass(frozen=True)
class Reference:
    """A field that names ids of another section."""

    path: tuple[str, ...]  # from the top of the plan; "*" steps into each item of a list
    target: str  # the section whose ids it names


REFERENCE_FIELDS: tuple[Reference, ...] = tuple(Reference(path, target) for path, target in REFERENCES)


def _ids(data: dict[str, Any], section: str) -> list[tuple[int, str]]:
    items = data.get(section)
    if not isinstance(items, list):
        return []
    return [(i, item["id"]) for i, item in enumerate(items)
            if isinstance(item, dict) and isinstance(item.get("id"), str)]


def _walk(value: Any, steps: tuple[str, ...], path: PlanPath) -> Iterator[tuple[PlanPath, Any]]:
    if not steps:
        yield path, value
        return
    step, rest = steps[0], steps[1:]
    if step == "*":
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _walk(item, rest, (*path, index))
    elif step == "~":
        if isinstance(value, dict):
            for key, item in value.items():
                yield from _walk(item, rest, (*path, key))
    elif isinstance(value, dict) and step in value:
        yield from _walk(value[step], rest, (*path, step))


def _duplicate_ids(data: dict[str, Any], source: SourceMap) -> tuple[list[Diagnostic], dict[str, set[str]]]:
    out: list[Diagnostic] = []
    known: dict[str, set[str]] = {}
    for section in ID_SECTIONS:
        seen: dict[str, int] = {}
        for index, ident in _ids(data, section):
            path: PlanPath = (section, index, "id")
            if ident in seen:
                where, _ = source.locate(path)
                first, _ = source.locate((section, seen[ident], "id"))
                at = f"line {first.line}" if first.file == where.file else str(first)
                out.append(Diagnostic(
                    "SP020", f"the id '{ident}' is already used by {section}[{seen[ident]}] ({at})", where, path,
                    "ids must be unique within a section: rename one of them",
                ))
            else:
                seen[ident] = index
        known[section] = set(seen)
    return out, known


def reference_diagnostics(data: dict[str, Any], source: SourceMap) -> list[Diagnostic]:
    """Duplicate ids (SP020) and dangling references (SP021)."""
    out, known = _duplicate_ids(data, source)
    for ref in REFERENCE_FIELDS:
        target = ref.target.replace("_", " ")
        for path, value in _walk(data, ref.path, ()):
            if isinstance(value, str) and value not in known[ref.target]:
                where, _ = source.locate(path)
                out.append(Diagnostic(
                    "SP021", f"'{value}' is not the id of any of the plan's {target}", where, path,
                    suggestion(value, known[ref.target], "ids", none=f"the plan defines no {target}"),
                ))
    return out
