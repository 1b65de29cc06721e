"""Turn loaded plan data into a :class:`Plan`, or into located diagnostics.

Two passes, both always run so one call reports every problem of a plan:
the pydantic models check structure and types (this module turns their
errors into located diagnostics with hints); :mod:`socialplan.references`
checks ids (uniqueness per section, and that every cross-reference resolves).
"""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, ValidationError

from socialplan.diagnostics import Diagnostic, Location, PlanCheck, PlanPath, format_path
from socialplan.loader import LoadedPlan, LoadError, load_plan
from socialplan.model import Estimate, Plan
from socialplan.references import reference_diagnostics
from socialplan.suggest import did_you_mean, suggestion
from socialplan.textsafe import shorten
from socialplan.yamlsafe import yaml11_hint

if TYPE_CHECKING:
    from socialplan.evidence import Findings

# Problems listed per plan; the rest are counted (SP013). Enough for any
# real plan, few enough that a generated or corrupted file stays readable.
MAX_PROBLEMS = 100

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


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "date_type": "a date (YYYY-MM-DD)",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "finite_number": "a finite number",
}
_NUMBER_KINDS = ("int_type", "float_type")
_BOUND_WORDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}


def _short(text: str) -> str:
    """Plan text quoted in a message or hint, shortened (reporters make
    control characters visible when they print it)."""
    return shorten(text)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return _short(repr(value) if not hasattr(value, "isoformat") else value.isoformat())


@dataclass(frozen=True)
class _Found:
    """A pydantic error, located but not yet worded: wording (with its
    did-you-mean) is the costly part, done only for the problems shown."""

    code: str
    where: Location
    path: PlanPath
    item: Any
    ready: Diagnostic | None = None  # already worded


def _pydantic_diagnostics(loaded: LoadedPlan, error: ValidationError, limit: int) -> tuple[list[Diagnostic], int]:
    """The first ``limit`` problems (by position) as diagnostics, and how
    many more there are. Linear in the number of errors: a plan with
    100,000 unknown keys is located in one pass and only ``limit`` of
    them are worded."""
    source = loaded.source_map
    found: list[_Found] = []
    cut_texts: dict[PlanPath, dict[Any, _CutText]] = {}
    for item in error.errors(include_url=False):
        kind = item["type"]
        loc = _document_path(loaded.data, item["loc"], keep_last=kind in ("missing", "extra_forbidden"))
        if kind == "extra_forbidden":
            if loc[:-1] not in cut_texts:
                cut_texts[loc[:-1]] = _cut_texts(loaded, loc[:-1])
            cut = cut_texts[loc[:-1]].get(loc[-1]) if loc else None
            if cut is not None:
                if cut.first:  # the text's later pieces are the same mistake
                    # Shown where the text starts: the opening quote goes there.
                    key = str(loc[-1])
                    found.append(_Found("SP010", cut.at, loc, item, Diagnostic(
                        "SP010", f"unknown key '{_short(key)}': the text of '{cut.field}' was cut at a comma",
                        cut.at, loc, f"inside {{...}} a comma ends the value of '{cut.field}': "
                        f"quote the text: {cut.field}: {_double_quoted(_short(cut.text))}")))
                continue
            found.append(_Found("SP010", source.locate(loc, prefer_key=True)[0], loc, item))
        elif kind == "missing":
            found.append(_Found("SP011", source.locate(loc[:-1])[0], loc, item))
        else:
            # A mapping key that is wrong itself ("[key]" in pydantic's path)
            # is shown where the key is written, not where its value is.
            where, _ = source.locate(loc, prefer_key=item["loc"][-1:] == ("[key]",))
            found.append(_Found("SP012", where, loc, item))
    meant = _misspelt_required_keys(found)
    found = _dedupe([f for f in found if not (f.code == "SP011" and f.path in meant)])
    found.sort(key=lambda f: (f.where.file, f.where.line, f.where.column, f.code))
    # One more than listed is worded, so the count of the rest (SP013) can
    # point at the first problem not listed.
    return [_worded(f) for f in found[:limit + 1]], max(0, len(found) - limit - 1)


def _misspelt_required_keys(found: list[_Found]) -> set[PlanPath]:
    """The missing required keys that an unknown key beside them misspells:
    reported once, as unknown with its "did you mean", not a second time as
    missing. Searched from the few missing keys, so that many unknown keys
    cost one pass."""
    unknown: dict[PlanPath, list[str]] = {}
    for f in found:
        if f.code == "SP010" and f.path:
            unknown.setdefault(f.path[:-1], []).append(str(f.path[-1]))
    meant: set[PlanPath] = set()
    for f in found:
        if f.code != "SP011" or not f.path or f.path[:-1] not in unknown:
            continue
        parent, wanted = f.path[:-1], str(f.path[-1])
        model = model_at(parent)
        valid = list(model.model_fields) if model else []
        candidates = difflib.get_close_matches(wanted, unknown[parent], n=len(unknown[parent]), cutoff=0.6)
        if any(did_you_mean(key, valid) == wanted for key in candidates):
            meant.add(f.path)
    return meant


def _worded(found: _Found) -> Diagnostic:
    item, loc = found.item, found.path
    if found.ready is not None:
        return found.ready
    if found.code == "SP010":
        key = str(loc[-1]) if loc else ""
        model = model_at(loc[:-1])
        valid = list(model.model_fields) if model else []
        homes = _key_homes(key)
        near = did_you_mean(key, valid)
        hint: str | None = suggestion(key, valid, "keys here") if near or not homes else homes
        if near is None and " " in key.strip():
            # Text, not a key: a field name has no spaces.
            hint = (f"keys have no spaces: if '{_short(key)}' is text, it belongs in a value; "
                    + suggestion(key, valid, "keys here"))
        return Diagnostic("SP010", f"unknown key '{_short(key)}'", found.where, loc, hint)
    if found.code == "SP011":
        field = loc[-1] if loc else "?"
        return Diagnostic("SP011", f"missing required key '{field}'", found.where, loc,
                          f"add '{field}:' to this mapping")
    message, hint = _type_message(item["type"], item, item.get("input"), loc)
    return Diagnostic("SP012", message, found.where, loc, hint)


def _double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _CutText(NamedTuple):
    field: str  # the key whose value was cut
    text: str  # the whole text, as written
    first: bool  # whether this key is the first piece cut off
    at: Location  # where the text starts


def _cut_texts(loaded: LoadedPlan, parent: PlanPath) -> dict[Any, _CutText]:
    """The keys of the mapping at ``parent`` that are pieces of a text a
    comma cut short inside a flow mapping: ``{name: Sales (IT, HR)}`` reads
    as name 'Sales (IT' and a key 'HR)'.

    The pieces are the unknown keys without a value that follow a text
    value on its own line; that a key follows a value on its line is what
    tells a flow mapping from a block one, where each key starts a line.
    One pass over the mapping, so a hostile one stays linear."""
    mapping: Any = loaded.data
    for part in parent:
        if isinstance(mapping, dict):
            mapping = mapping.get(part)
        elif isinstance(mapping, list) and isinstance(part, int) and 0 <= part < len(mapping):
            mapping = mapping[part]
        else:
            return {}
    if not isinstance(mapping, dict):
        return {}
    model = model_at(parent)
    known = model.model_fields if model is not None else {}
    source = loaded.source_map
    found: dict[Any, _CutText] = {}
    keys = list(mapping)
    index = 0
    while index < len(keys):
        field, head = keys[index], mapping[keys[index]]
        index += 1
        head_at = source.values.get((*parent, field))
        if not isinstance(head, str) or head_at is None:
            continue
        run: list[Any] = []
        parts = [head]
        line, end = head_at.line, head_at.column + len(head)
        while index < len(keys) and mapping[keys[index]] is None and keys[index] not in known:
            at = source.keys.get((*parent, keys[index]))
            if at is None or (at.file, at.line) != (head_at.file, line) or at.column <= end:
                break
            word = str(keys[index])
            # Rebuilt as written: the comma and the spaces after it.
            parts += ["," + " " * (at.column - end - 1), word]
            end = at.column + len(word)
            run.append(keys[index])
            index += 1
        text = "".join(parts)
        for number, key in enumerate(run):
            found[key] = _CutText(str(field), text, number == 0, head_at)
    return found


def _type_message(kind: str, item: Any, value: Any, path: PlanPath = ()) -> tuple[str, str | None]:
    hint = yaml11_hint(value, wanted_bool=kind == "bool_type", wanted_text=kind == "string_type")
    ctx = item.get("ctx", {})
    if kind == "value_error":
        message = str(ctx.get("error", item["msg"]))
        return message, hint
    if kind == "model_type" and model_at(path) is Estimate and not isinstance(value, dict):
        return (f"expected a number or a mapping of low, likely and high, got {_describe(value)}",
                hint or _number_hint(value, path))
    if kind in _TYPE_WORDS:
        if hint is None and kind in _NUMBER_KINDS:
            hint = _number_hint(value, path)
        return f"expected {_TYPE_WORDS[kind]}, got {_describe(value)}", hint or _shape_hint(kind, value, path)
    if kind in _BOUND_WORDS:
        name, words = _BOUND_WORDS[kind]
        return f"expected a number {words} {_number(ctx.get(name))}, got {_describe(value)}", _range_hint(ctx, value)
    if kind == "string_too_short" and value == "":
        return "expected text, got an empty string", "write the text, or remove the key"
    if kind == "too_long":
        return (f"too many items: at most {ctx.get('max_length', 0):,} are allowed here, "
                f"this has {ctx.get('actual_length', 0):,}"), "see the limits in docs/limits.md"
    if kind == "string_too_long":
        return f"the text is longer than {ctx.get('max_length', 0):,} characters", "shorten it"
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",") if c.strip()]
        near = did_you_mean(str(value), choices) if isinstance(value, str) else None
        if value is None:
            hint = _shape_hint(kind, value, path)
        return (f"{_describe(value)} is not one of {expected}",
                f"did you mean '{near}'?" if near else hint)
    if kind == "string_pattern_mismatch" and isinstance(value, str):
        known = _PATTERNS.get(str(ctx.get("pattern", "")))
        if known is not None:
            return f"{_describe(value)} is not {known[0]}", known[1](value)
    return f"{item['msg'][0].lower()}{item['msg'][1:]}" + (f", got {_describe(value)}" if value is not None
                                                            and not isinstance(value, (dict, list)) else ""), hint


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# --- hints for the usual ways of writing a value the format does not take ------------

# Patterns as text: they are compiled (and cached by re) on the first
# mistake only, which keeps them out of the start-up of every valid run.
_NUMERIC = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_PERCENT = rf"^({_NUMERIC})\s*%$"
_THOUSANDS = r"^[-+]?[0-9]{1,3}(?:([,' ])[0-9]{3})(?:\1[0-9]{3})*(?:\.[0-9]+)?$"
_CURRENCY = rf"^(?:[£$€¥]\s*({_NUMERIC})|({_NUMERIC})\s*(?:[£$€¥]|[A-Z]{{3}}))$"
_SCALED = rf"^({_NUMERIC})\s*([kKmM])$"
_PLAIN_NUMBER = rf"^\s*{_NUMERIC}(?:[eE][-+]?[0-9]+)?\s*$"


def _number_hint(value: Any, path: PlanPath) -> str | None:
    """How to write, as a number, text that a person reads as one."""
    if not isinstance(value, str) or len(value) > 100:
        return None
    text = value.strip()
    if re.match(_PLAIN_NUMBER, text):
        return f"'{text}' is text because it is quoted; remove the quotes"
    percent = re.match(_PERCENT, text)
    if percent:
        number = float(percent.group(1))
        if _is_share(path):
            return f"a share is written from 0 to 1: write {number / 100:g} for {_number(number)}%"
        return f"write the number without '%': {_number(number)}"
    if re.match(_THOUSANDS, text):
        return f"write {re.sub(r'[^0-9.+-]', '', text)}, without separators between the thousands"
    currency = re.match(_CURRENCY, text)
    if currency:
        amount = currency.group(1) or currency.group(2)
        return f"write the amount alone ({amount}); organisation.currency sets the currency"
    scaled = re.match(_SCALED, text)
    if scaled:
        factor = 1000 if scaled.group(2) in "kK" else 1_000_000
        return f"write the number in full: {float(scaled.group(1)) * factor:.15g}"
    return None


def _range_hint(ctx: dict[str, Any], value: Any) -> str | None:
    """A share (0 to 1) written as a percentage: the commonest range error."""
    if ctx.get("le") == 1 and isinstance(value, (int, float)) and 1 < value <= 100:
        return f"a share is written from 0 to 1: write {value / 100:g} for {_number(value)}%"
    return None


def _shape_hint(kind: str, value: Any, path: PlanPath) -> str | None:
    """How to write a list or a mapping that was written as something else."""
    if value is None:
        if kind == "list_type":
            return "write [] for an empty list, or remove the key"
        if kind in ("dict_type", "model_type"):
            return "write its keys on the lines below it, indented, or remove the key"
        field = _field_at(path)
        required = field is not None and field.is_required() and path[-1:] == (_field_name(path),)
        return "write a value after the ':'" + ("" if required else ", or remove the key")
    if kind == "list_type":
        if isinstance(value, dict):
            return "start each item of a list with '- '"
        if isinstance(value, (str, int, float)):
            return f"write a list, even of one item: [{_short(str(value))}]"
        return None
    if kind != "model_type":
        return None
    model = model_at(path)
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "remove the '- ' before its keys: they are keys of one mapping, not items of a list"
    if model is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, str):
        word, _, rest = value.partition(" ")
        if word in model.model_fields and rest:
            return f"is a ':' missing? write '{word}: {_short(rest)}'"
    first = next((name for name, field in model.model_fields.items() if field.is_required()), None)
    in_list = bool(path) and isinstance(path[-1], int)
    if first is None or not isinstance(value, str):
        return "each item is a mapping of keys" if in_list else "write its keys on the lines below it, indented"
    if in_list:
        return f"each item is a mapping of keys: write '- {first}: {_short(value)}' and its other keys below"
    return f"write its keys on the lines below it, indented, e.g. '{first}: {_short(value)}'"


def _bounds(annotation: Any) -> dict[str, Any]:
    """The numeric bounds (ge, le...) an annotation carries, through
    Optional, list, dict and Annotated."""
    found: dict[str, Any] = {}
    for meta in getattr(annotation, "metadata", None) or ():
        found.update(_bounds(meta))
    for name in ("ge", "gt", "le", "lt"):
        if getattr(annotation, name, None) is not None:
            found[name] = getattr(annotation, name)
    if typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found.update(_bounds(arg))
    return found


def _field_at(path: PlanPath) -> Any:
    """The field that holds the value at ``path`` (list indexes and dict keys
    below it are steps into the field's own value)."""
    for size in range(len(path), 0, -1):
        part = path[size - 1]
        model = model_at(path[:size - 1]) if isinstance(part, str) else None
        if model is not None and part in model.model_fields:
            return model.model_fields[part]
    return None


def _field_name(path: PlanPath) -> str | None:
    return next((part for part in reversed(path) if isinstance(part, str)), None)


def _is_share(path: PlanPath) -> bool:
    field = _field_at(path)
    if field is None:
        return False
    bounds = {**_bounds(field.annotation), **_bounds(field)}
    return bounds.get("ge") == 0 and bounds.get("le") == 1


def _slug(value: str, extra: str = "") -> str:
    return re.sub(rf"[^a-z0-9_{re.escape(extra)}-]+", "-", value.strip().lower()).strip("-_")


def _slug_hint(value: str, extra: str = "") -> str:
    fixed = _slug(value, extra)
    allowed = "lower-case letters, digits, '-' and '_'" + (", '.' and ':'" if extra else "")
    return f"ids use {allowed}, with no spaces" + (f": write '{fixed}'" if fixed and len(fixed) <= 64 else "")


def _currency_hint(value: str) -> str:
    code = value.strip().upper()
    example = code if re.fullmatch(r"[A-Z]{3}", code) else "GBP, EUR or USD"
    return f"write the three-letter ISO 4217 code in capitals: {example}"


# The patterns of model.py, each with what it means and how to meet it.
_PATTERNS: dict[str, tuple[str, typing.Callable[[str], str]]] = {
    r"^[a-z0-9][a-z0-9_-]*$": ("a valid id", _slug_hint),
    r"^[a-z0-9][a-z0-9_.:-]*$": ("a valid activity id", lambda v: _slug_hint(v, ".:")),
    r"^[A-Z]{3}$": ("a currency code", _currency_hint),
    r"^#[0-9a-fA-F]{6}$": ("a colour written #rrggbb", lambda v: "write '#' and six hex digits, quoted: '#0b3d5c'"),
}


def _model_paths(model: type[BaseModel], prefix: str, seen: frozenset[type[BaseModel]]) -> Iterator[
        tuple[str, type[BaseModel]]]:
    yield prefix, model
    for name, field in model.model_fields.items():
        origin = typing.get_origin(field.annotation)
        for child in _unwrap(field.annotation):
            if child in seen:
                continue
            many = origin is list or any(typing.get_origin(a) is list for a in typing.get_args(field.annotation))
            step = f"{prefix}.{name}" if prefix else name
            yield from _model_paths(child, step + ("[]" if many else ""), seen | {child})


@functools.cache
def _homes_of_keys() -> dict[str, list[str]]:
    """Every key of the format and the places it belongs, built once: the
    model is walked once per run, not once per unknown key."""
    homes: dict[str, list[str]] = {}
    for path, model in _model_paths(Plan, "", frozenset({Plan})):
        for name in model.model_fields:
            homes.setdefault(name, []).append(path)
    return homes


def _key_homes(key: str) -> str | None:
    """Where a key that is unknown here does belong, when it belongs in one
    to three places: usually a key written at the wrong indentation."""
    homes = _homes_of_keys().get(key, [])
    if not homes or len(homes) > 3:
        return None
    places = " and ".join(f"'{place or 'the top level'}'" for place in homes)
    return f"'{key}' is a key of {places}: check its indentation"


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


def _dedupe(found: list[_Found]) -> list[_Found]:
    """A union reports one error per member type. Keep one problem per
    place, and drop a type error on a value when a member matched its shape
    and reported something more precise inside it."""
    by_place: dict[tuple[Any, ...], _Found] = {}
    for f in found:
        by_place.setdefault((f.path, f.code), f)
    paths = {f.path for f in by_place.values()}
    prefixes = {p[:i] for p in paths for i in range(len(p))}
    return [f for f in by_place.values() if not (f.code == "SP012" and f.path in prefixes)]


# --- entry points -----------------------------------------------------------------


@dataclass
class ValidatedPlan:
    """A plan that passed validation, with where its values came from."""

    plan: Plan
    loaded: LoadedPlan

    @property
    def folder(self) -> Path:
        """Where the files the plan names are found: its folder (a folder
        plan is one; a plan read from standard input: the current folder)."""
        if self.loaded.source == "-":
            return Path.cwd()
        path = Path(self.loaded.source)
        return path if path.is_dir() else path.parent

    @functools.cached_property
    def evidence(self) -> Findings | None:
        """What the plan's ``evidence`` section finds (surveys aggregated,
        pilots judged), read once however many reports use it; None when the
        plan names no evidence."""
        section = self.plan.evidence
        if not (section.surveys or section.pilots):
            return None
        from socialplan.evidence import gather

        return gather(self.plan, section, self.folder)


def capped(diagnostics: list[Diagnostic], more: int = 0, limit: int = MAX_PROBLEMS) -> list[Diagnostic]:
    """The first ``limit`` diagnostics by position, and one more that
    counts the rest: a plan with 100,000 mistakes gets a readable report."""
    diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
    more += max(0, len(diagnostics) - limit)
    if more <= 0:
        return diagnostics
    shown = diagnostics[:limit]
    where = diagnostics[limit].location if len(diagnostics) > limit else shown[-1].location
    return [*shown, Diagnostic(
        "SP013", f"and {more:,} more problems, not listed (at most {limit} are listed per plan)", where, (),
        "fix the problems listed and run again",
    )]


def validate_loaded(loaded: LoadedPlan) -> tuple[Plan | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = list(loaded.diagnostics)
    plan: Plan | None = None
    more = 0
    try:
        plan = Plan.model_validate(loaded.data)
    except ValidationError as error:
        worded, more = _pydantic_diagnostics(loaded, error, MAX_PROBLEMS)
        diagnostics.extend(worded)
    diagnostics.extend(reference_diagnostics(loaded.data, loaded.source_map))
    diagnostics = capped(diagnostics, more)
    return (plan if not diagnostics else None), diagnostics


def check_plan(path: str, max_bytes: int | None = None) -> tuple[PlanCheck, ValidatedPlan | None]:
    """Load and validate one plan source; never raises for bad input."""
    try:
        loaded = load_plan(path, max_bytes)
    except LoadError as error:
        name = "<stdin>" if path == "-" else path
        return PlanCheck(name, [name], capped(error.diagnostics)), None
    plan, diagnostics = validate_loaded(loaded)
    check = PlanCheck(loaded.source, loaded.files, diagnostics)
    return check, (ValidatedPlan(plan, loaded) if plan is not None else None)


__all__ = ["ValidatedPlan", "check_plan", "did_you_mean", "format_path", "validate_loaded"]
