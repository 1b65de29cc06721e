"""A bounded YAML reader that remembers where every key and value came from.

PyYAML's loaders are not enough for plan files:

* they build the whole tree recursively (the C composer overflows the C stack
  near 30,000 nesting levels and takes the interpreter down with it), expand
  aliases without limit ("billion laughs") and silently keep the last of two
  duplicate keys;
* they follow YAML 1.1, where ``no`` is false, ``0755`` is octal and
  ``1_000`` is an integer, surprises that a plan author never means;
* they forget source positions, which every error message needs.

So we read the *event* stream (libyaml when available: it keeps its state on
the heap, not the C stack) and compose values ourselves with an explicit
stack, a depth limit, an alias-expansion budget, duplicate-key detection and a
small YAML 1.2 core-schema resolver. Positions are recorded per plan path.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from socialplan.diagnostics import Diagnostic, Location, PlanPath

try:  # libyaml is much faster; the pure-Python parser behaves the same.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]

MAX_DEPTH = 64
MAX_NODES = 1_000_000

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# YAML 1.1 readings that YAML 1.2 (and this reader) keep as text. A value
# caught here stays a string; the model then rejects it with the hint.
YAML11_BOOLEANS = frozenset(
    "y Y yes Yes YES n N no No NO on On ON off Off OFF".split()
)
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:map": "map",
    "tag:yaml.org,2002:seq": "seq",
}


class YamlProblem(Exception):
    """The document cannot be turned into data; carries a located diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass
class SourceMap:
    """Where each plan path was written: the value's position and, for
    mapping entries, the key's position."""

    values: dict[PlanPath, Location] = field(default_factory=dict)
    keys: dict[PlanPath, Location] = field(default_factory=dict)

    def locate(self, path: PlanPath, *, prefer_key: bool = False) -> tuple[Location, PlanPath]:
        """The best known position for ``path``: the path itself, else its
        nearest recorded ancestor (values reached through an alias or a
        missing key have no position of their own)."""
        probe = tuple(path)
        while True:
            if prefer_key and probe in self.keys:
                return self.keys[probe], probe
            if probe in self.values:
                return self.values[probe], probe
            if probe in self.keys:
                return self.keys[probe], probe
            if not probe:
                return Location("<unknown>"), ()
            probe = probe[:-1]

    def update(self, other: SourceMap) -> None:
        self.values.update(other.values)
        self.keys.update(other.keys)


def _location(file: str, mark: Any) -> Location:
    if mark is None:
        return Location(file)
    return Location(file, mark.line + 1, mark.column + 1)


def _problem(code: str, message: str, loc: Location, path: PlanPath = (), hint: str | None = None) -> YamlProblem:
    return YamlProblem(Diagnostic(code, message, loc, path, hint))


def resolve_plain(text: str) -> Any:
    """Resolve an untagged plain scalar with the YAML 1.2 core schema, plus
    ISO dates (``2027-02-01``), which plans use everywhere. Anything else,
    including YAML 1.1 booleans and octals, stays text."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _LEADING_ZERO.match(text):
        return text  # YAML 1.1 octal; the model explains it if a number was meant
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # an impossible date: the model reports it where a date is due
    return text


def yaml11_hint(value: Any, *, wanted_bool: bool = False) -> str | None:
    """Explain a value that YAML 1.1 tools would have read differently."""
    if isinstance(value, str):
        if value in YAML11_BOOLEANS:
            if wanted_bool:
                return f"'{value}' is text here (YAML 1.1 read it as a boolean); write true or false"
            return f"'{value}' is text here, not a boolean as in YAML 1.1"
        if _LEADING_ZERO.match(value):
            return (
                f"'{value}' has a leading zero (YAML 1.1 would read it as octal); "
                "write the number without the zero, or quote it if it is text"
            )
    if isinstance(value, dt.date):
        return f"YAML reads {value.isoformat()} as a date; quote it if you mean text"
    if isinstance(value, bool):
        return "YAML reads true/false as booleans; quote the value if you mean text"
    return None


@dataclass
class _Frame:
    """A collection being composed."""

    kind: str  # "map" or "seq"
    value: Any
    path: PlanPath
    anchor: str | None
    size: int = 1
    key: Any = None
    key_loc: Location | None = None
    awaiting_key: bool = True
    key_is_scalar: bool = True
    key_locs: dict[Any, Location] = field(default_factory=dict)


class _Composer:
    def __init__(self, file: str, max_depth: int, max_nodes: int) -> None:
        self.file = file
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.nodes = 0
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.source = SourceMap()
        self.result: Any = None
        self.documents = 0

    # -- helpers -----------------------------------------------------------
    def loc(self, event: Any) -> Location:
        return _location(self.file, event.start_mark)

    def _count(self, amount: int, event: Any) -> None:
        self.nodes += amount
        if self.nodes > self.max_nodes:
            raise _problem(
                "SP004",
                f"the document expands to more than {self.max_nodes:,} values (alias expansion?)",
                self.loc(event),
                self._child_path(),
                "remove the aliases (*name) that repeat large parts of the document",
            )

    def _child_path(self) -> PlanPath:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.kind == "seq":
            return (*top.path, len(top.value))
        if not top.awaiting_key and top.key_is_scalar:
            return (*top.path, _path_key(top.key))
        return top.path

    def _check_tag(self, event: Any, kind: str) -> str | None:
        tag = getattr(event, "tag", None)
        if tag is None or tag in ("!", "?"):
            return None
        name = _ALLOWED_TAGS.get(tag)
        if name is None or (kind == "scalar") != (name not in ("map", "seq")):
            raise _problem(
                "SP003",
                f"the tag '{tag}' is not allowed in a plan",
                self.loc(event),
                self._child_path(),
                "remove the tag; plans use plain YAML values only",
            )
        return name

    # -- composing -----------------------------------------------------------
    def scalar(self, event: Any) -> None:
        tag = self._check_tag(event, "scalar")
        text: str = event.value
        value: Any
        if tag == "str" or (tag is None and not event.implicit[0]):
            value = text  # quoted or block scalars are always text
        elif tag is None:
            value = resolve_plain(text)
        else:
            value = self._tagged(tag, text, event)
        self._add(value, 1, event)

    def _tagged(self, tag: str, text: str, event: Any) -> Any:
        if tag == "null":
            return None
        resolved = resolve_plain(text)
        if tag == "int" and isinstance(resolved, int) and not isinstance(resolved, bool):
            return resolved
        if tag == "float" and isinstance(resolved, (int, float)) and not isinstance(resolved, bool):
            return float(resolved)
        if tag == "bool" and isinstance(resolved, bool):
            return resolved
        raise _problem("SP002", f"'{text}' is not a valid !!{tag}", self.loc(event), self._child_path())

    def start(self, event: Any, kind: str) -> None:
        self._check_tag(event, kind)
        if len(self.stack) >= self.max_depth:
            raise _problem(
                "SP004",
                f"the document is nested more than {self.max_depth} levels deep",
                self.loc(event),
                self._child_path(),
                "a plan needs only a few levels; flatten the structure",
            )
        path = self._child_path()
        self._record_value(path, self.loc(event))
        anchor = event.anchor
        if anchor is not None:
            self.open_anchors.add(anchor)
        self._count(1, event)
        self.stack.append(_Frame(kind, {} if kind == "map" else [], path, anchor))

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.value, frame.size)
        self._place(frame.value, frame.size, event, already_recorded=True)

    def alias(self, event: Any) -> None:
        name = event.anchor
        if name in self.open_anchors:
            raise _problem("SP003", f"the alias *{name} refers to itself", self.loc(event),
                           self._child_path(), "a value cannot contain an alias to itself")
        if name not in self.anchors:
            raise _problem("SP002", f"the alias *{name} names no anchor defined before it",
                           self.loc(event), self._child_path(), f"define &{name} before using *{name}")
        value, size = self.anchors[name]
        # Count the alias as if it were expanded: that bounds the work of
        # everything that later walks the data, whatever the nesting.
        self._count(size, event)
        self._place(value, size, event, already_recorded=False)

    def _add(self, value: Any, size: int, event: Any) -> None:
        self._count(size, event)
        self._place(value, size, event, already_recorded=False)

    def _place(self, value: Any, size: int, event: Any, *, already_recorded: bool) -> None:
        if not self.stack:
            if not already_recorded:
                self._record_value((), self.loc(event))
            self.result = value
            return
        top = self.stack[-1]
        top.size += size
        if top.kind == "seq":
            if not already_recorded:
                self._record_value((*top.path, len(top.value)), self.loc(event))
            top.value.append(value)
            return
        if top.awaiting_key:
            self._take_key(top, value, event)
            return
        if not already_recorded and top.key_is_scalar:
            self._record_value((*top.path, _path_key(top.key)), self.loc(event))
        if top.key_is_scalar:
            top.value[top.key] = value
        top.awaiting_key = True

    def _take_key(self, top: _Frame, key: Any, event: Any) -> None:
        loc = self.loc(event) if event.start_mark is not None else Location(self.file)
        if isinstance(key, (dict, list)):
            raise _problem("SP003", "a mapping key must be a plain value, not a list or mapping",
                           loc, top.path)
        if key == "<<":
            raise _problem("SP003", "merge keys (<<) are not supported in plans", loc, top.path,
                           "write the keys out in full")
        if key in top.key_locs:
            first = top.key_locs[key]
            raise _problem(
                "SP005",
                f"the key '{key}' appears twice in this mapping (first at line {first.line})",
                loc,
                (*top.path, _path_key(key)),
                "YAML would silently keep only the last value; remove one of them",
            )
        top.key_locs[key] = loc
        top.key = key
        top.key_is_scalar = True
        top.awaiting_key = False
        self.source.keys[(*top.path, _path_key(key))] = loc

    def _record_value(self, path: PlanPath, loc: Location) -> None:
        # A key's entry is recorded when its value starts; a sequence item
        # when it starts. Mapping keys are recorded in _take_key instead.
        if self.stack and self.stack[-1].kind == "map" and self.stack[-1].awaiting_key:
            return
        self.source.values[path] = loc


def _path_key(key: Any) -> str | int:
    return key if isinstance(key, (str, int)) and not isinstance(key, bool) else str(key)


def compose(text: str, file: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain data and its source map.

    Raises :class:`YamlProblem` for anything that is not a single, bounded,
    well-formed document. An empty document gives ``None``.
    """
    composer = _Composer(file, max_depth, max_nodes)
    parser = _Parser(text)
    try:
        while True:
            event = parser.get_event()
            if event is None:
                break
            kind = type(event).__name__
            if kind == "ScalarEvent":
                composer.scalar(event)
            elif kind in ("MappingStartEvent", "SequenceStartEvent"):
                composer.start(event, "map" if kind == "MappingStartEvent" else "seq")
            elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                composer.end(event)
            elif kind == "AliasEvent":
                composer.alias(event)
            elif kind == "DocumentStartEvent":
                composer.documents += 1
                if composer.documents > 1:
                    raise _problem(
                        "SP003",
                        "the file holds more than one YAML document",
                        composer.loc(event),
                        (),
                        "a plan file is one document; remove the '---' separator or split the file",
                    )
            elif kind == "StreamEndEvent":
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = (exc.problem or exc.context or "malformed YAML").strip()
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        raise _problem("SP002", message, _location(file, mark), composer._child_path()) from None
    except yaml.YAMLError as exc:  # reader errors without a mark
        raise _problem("SP002", str(exc).strip() or "malformed YAML", Location(file)) from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    return composer.result, composer.source
