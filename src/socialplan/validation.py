"""Turn loaded plan data into a :class:`Plan`, or into located diagnostics.

Two passes, both always run so one call reports every problem of a plan:
the pydantic models check structure and types; the reference pass checks ids
(uniqueness per section, and that every cross-reference resolves).
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from socialplan.diagnostics import Diagnostic, PlanCheck, PlanPath, format_path
from socialplan.loader import LoadedPlan, LoadError, load_plan
from socialplan.model import Plan
from socialplan.yamlsafe import SourceMap, yaml11_hint


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest valid spelling, if one is close enough to be a typo."""
    matches = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _suggestion(word: str, choices: Iterable[str], what: str) -> str:
    options = sorted(set(choices))
    near = did_you_mean(word, options)
    if near is not None:
        return f"did you mean '{near}'?"
    if not options:
        return f"no {what} is defined"
    shown = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    return f"valid {what}: {shown}"


# --- structure and types --------------------------------------------------------


def _unwrap(annotation: Any) -> Iterator[Any]:
    """The model classes an annotation may hold (through Optional, list, dict, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _unwrap(typing.get_args(annotation)[0])
    elif origin in (typing.Union, types.UnionType, list, dict, tuple):
        for arg in typing.get_args(annotation):
            yield from _unwrap(arg)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation


def model_at(path: PlanPath) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``path``."""
    model: type[BaseModel] = Plan
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        candidates = list(_unwrap(field.annotation))
        if not candidates:
            return None
        model = candidates[0]
    return model


def _value_at(data: Any, path: PlanPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "date_type": "a date (YYYY-MM-DD)",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if not hasattr(value, "isoformat") else value.isoformat()
    return text if len(text) <= 60 else text[:57] + "..."


def _pydantic_diagnostics(loaded: LoadedPlan, error: ValidationError) -> list[Diagnostic]:
    source = loaded.source_map
    out: list[Diagnostic] = []
    for item in error.errors(include_url=False):
        kind = item["type"]
        loc = _document_path(loaded.data, item["loc"], keep_last=kind in ("missing", "extra_forbidden"))
        value = item.get("input")
        if kind == "extra_forbidden":
            key = str(loc[-1]) if loc else ""
            model = model_at(loc[:-1])
            valid = list(model.model_fields) if model else []
            where, _ = source.locate(loc, prefer_key=True)
            out.append(Diagnostic("SP010", f"unknown key '{key}'", where, loc,
                                  _suggestion(key, valid, "keys here")))
        elif kind == "missing":
            parent = loc[:-1]
            where, _ = source.locate(parent)
            field = loc[-1] if loc else "?"
            out.append(Diagnostic("SP011", f"missing required key '{field}'", where, loc,
                                  f"add '{field}:' to this mapping"))
        else:
            where, _ = source.locate(loc)
            message, hint = _type_message(kind, item, value)
            out.append(Diagnostic("SP012", message, where, loc, hint))
    return _dedupe(out)


def _type_message(kind: str, item: Any, value: Any) -> tuple[str, str | None]:
    hint = yaml11_hint(value, wanted_bool=kind == "bool_type", wanted_text=kind == "string_type")
    if kind == "value_error":
        message = str(item.get("ctx", {}).get("error", item["msg"]))
        return message, hint
    if kind in _TYPE_WORDS:
        return f"expected {_TYPE_WORDS[kind]}, got {_describe(value)}", hint
    if kind == "literal_error":
        expected = str(item.get("ctx", {}).get("expected", ""))
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",") if c.strip()]
        near = did_you_mean(str(value), choices) if isinstance(value, str) else None
        return (f"{_describe(value)} is not one of {expected}",
                f"did you mean '{near}'?" if near else hint)
    if kind == "string_pattern_mismatch" and isinstance(value, str) and value.lower() != value:
        return f"{_describe(value)} is not a valid id", "ids are lower-case slugs such as 'field-sales'"
    return f"{item['msg'][0].lower()}{item['msg'][1:]}" + (f", got {_describe(value)}" if value is not None
                                                            and not isinstance(value, (dict, list)) else ""), hint


def _document_path(data: Any, loc: tuple[Any, ...], *, keep_last: bool) -> PlanPath:
    """Pydantic's error path without the union-member names it inserts
    ('str', 'Dependency'...): keep only the steps that exist in the document,
    plus the final key for missing and unknown keys."""
    path: list[str | int] = []
    for index, part in enumerate(loc):
        in_dict = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if in_dict or in_list:
            data = data[part]
            path.append(part)
        elif keep_last and index == len(loc) - 1 and isinstance(part, (str, int)):
            path.append(part)
    return tuple(path)


def _dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """A union reports one error per member type. Keep one diagnostic per
    place, and drop a type error on a value when a member matched its shape
    and reported something more precise inside it."""
    by_place: dict[tuple[Any, ...], Diagnostic] = {}
    for d in diagnostics:
        by_place.setdefault((d.path, d.code), d)
    paths = {d.path for d in by_place.values()}
    prefixes = {p[:i] for p in paths for i in range(len(p))}
    return [d for d in by_place.values() if not (d.code == "SP012" and d.path in prefixes)]


# --- ids and references ---------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A field that names ids of another section."""

    section: str  # section holding the referring items
    path: tuple[str, ...]  # field inside each item ("*" steps into a list)
    target: str  # section whose ids it names


REFERENCES: tuple[Reference, ...] = (
    Reference("objectives", ("sponsor",), "stakeholders"),
    Reference("use_cases", ("objectives", "*"), "objectives"),
    Reference("use_cases", ("stakeholders", "*"), "stakeholders"),
    Reference("use_cases", ("pilot", "groups", "*"), "stakeholders"),
    Reference("use_cases", ("benefits", "*", "users", "*"), "stakeholders"),
    Reference("options", ("use_cases", "*"), "use_cases"),
)
ID_SECTIONS = ("objectives", "use_cases", "stakeholders", "options")


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
    elif isinstance(value, dict) and step in value:
        yield from _walk(value[step], rest, (*path, step))


def reference_diagnostics(data: dict[str, Any], source: SourceMap) -> list[Diagnostic]:
    """Duplicate ids and dangling references, checked on the raw data so
    they are reported even when other parts of the plan are malformed."""
    out: list[Diagnostic] = []
    known: dict[str, set[str]] = {}
    for section in ID_SECTIONS:
        seen: dict[str, int] = {}
        for index, ident in _ids(data, section):
            path: PlanPath = (section, index, "id")
            if ident in seen:
                where, _ = source.locate(path)
                out.append(Diagnostic(
                    "SP020", f"the id '{ident}' is already used by {section}[{seen[ident]}]", where, path,
                    "ids must be unique within a section",
                ))
            else:
                seen[ident] = index
        known[section] = set(seen)
    for ref in REFERENCES:
        items = data.get(ref.section)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            for path, value in _walk(item, ref.path, (ref.section, index)):
                if isinstance(value, str) and value not in known[ref.target]:
                    where, _ = source.locate(path)
                    out.append(Diagnostic(
                        "SP021", f"'{value}' is not the id of any of the plan's {ref.target.replace('_', ' ')}",
                        where, path, _suggestion(value, known[ref.target], f"{ref.target} ids"),
                    ))
    costs = _value_at(data, ("finance", "costs"))
    if isinstance(costs, list):
        for index, cost in enumerate(costs):
            for path, value in _walk(cost, ("options", "*"), ("finance", "costs", index)):
                if isinstance(value, str) and value not in known["options"]:
                    where, _ = source.locate(path)
                    out.append(Diagnostic(
                        "SP021", f"'{value}' is not the id of any of the plan's options", where, path,
                        _suggestion(value, known["options"], "options ids"),
                    ))
    return out


# --- entry points -----------------------------------------------------------------


@dataclass
class ValidatedPlan:
    """A plan that passed validation, with where its values came from."""

    plan: Plan
    loaded: LoadedPlan


def validate_loaded(loaded: LoadedPlan) -> tuple[Plan | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = list(loaded.diagnostics)
    plan: Plan | None = None
    try:
        plan = Plan.model_validate(loaded.data)
    except ValidationError as error:
        diagnostics.extend(_pydantic_diagnostics(loaded, error))
    diagnostics.extend(reference_diagnostics(loaded.data, loaded.source_map))
    diagnostics.sort(key=Diagnostic.sort_key)
    return (plan if not diagnostics else None), diagnostics


def check_plan(path: str, max_bytes: int | None = None) -> tuple[PlanCheck, ValidatedPlan | None]:
    """Load and validate one plan source; never raises for bad input."""
    try:
        loaded = load_plan(path, max_bytes)
    except LoadError as error:
        name = "<stdin>" if path == "-" else path
        return PlanCheck(name, [name], sorted(error.diagnostics, key=Diagnostic.sort_key)), None
    plan, diagnostics = validate_loaded(loaded)
    check = PlanCheck(loaded.source, loaded.files, diagnostics)
    return check, (ValidatedPlan(plan, loaded) if plan is not None else None)


__all__ = ["ValidatedPlan", "check_plan", "did_you_mean", "format_path", "reference_diagnostics", "validate_loaded"]
