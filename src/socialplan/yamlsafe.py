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
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml.parser
import yaml.reader
import yaml.scanner
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from socialplan.diagnostics import Diagnostic, Location, PlanPath
from socialplan.textsafe import shorten


class PythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python event parser on its own (no composer, no
    constructor): used where PyYAML was built without libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


_Parser: Any
try:  # libyaml is much faster; the pure-Python parser gives the same events.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = PythonParser

MAX_DEPTH = 64
# Far above any real plan (a large one holds some 20,000 values), low enough
# that a hostile file stays within a few hundred MB and a couple of seconds.
MAX_NODES = 250_000

# The YAML 1.2 core schema (10.3.2) plus ISO dates and YAML 1.1 octals,
# as one pattern: the first alternative that matches the whole text names
# what the text is, as a chain of separate patterns tried in this order
# would. '$' (not '\Z') as in the spec's regular expressions, which Python
# lets match before one final line break; a quoted value with a core tag
# ('!!int "12\n"') may end with one.
_CORE = re.compile(
    r"""(?:
        (?P<null>~|null|Null|NULL|)
      | (?P<octal11>[-+]?0[0-9_]+)
      | (?P<int>[-+]?(?:0|[1-9][0-9]*))
      | (?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)
      | (?P<oct>0o[0-7]+)
      | (?P<hex>0x[0-9a-fA-F]+)
      | (?P<inf>[-+]?\.(?:inf|Inf|INF))
      | (?P<nan>\.(?:nan|NaN|NAN))
      | (?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})
    )$""",
    re.VERBOSE,
)
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# Only a text starting with one of these can be anything but text (a line
# break: see '$' above). Most plan values (names, ids, prose) start
# otherwise and are settled by this lookup.
_MAYBE_NOT_TEXT = frozenset("~nNtTfF0123456789+-.\n")
# YAML 1.1 readings that YAML 1.2 (and this reader) keep as text. A value
# caught here stays a string; the model then rejects it with the hint.
YAML11_BOOLEANS = frozenset(
    ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]
)
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_UNDERSCORED = re.compile(r"^[-+]?[0-9][0-9]*(?:_[0-9]+)+(?:\.[0-9_]*)?$")

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


# An alias may name an anchor whose value holds aliases itself; following
# them is bounded by the nesting limit, this guards against a corrupt map.
_MAX_ALIAS_HOPS = 1_000


class Positions(MutableMapping[PlanPath, Location]):
    """Locations by plan path, kept as the parser's marks (or Locations) and
    made into Locations only when one is asked for: a plan has thousands of
    positions and a valid one needs none of them."""

    __slots__ = ("file", "marks")

    def __init__(self, file: str = "<unknown>") -> None:
        self.file = file
        # A mark has 0-based ``line`` and ``column``; None stands for the
        # file as a whole.
        self.marks: dict[PlanPath, Any] = {}

    def __getitem__(self, path: PlanPath) -> Location:
        mark = self.marks[path]
        if type(mark) is Location:
            return mark
        if mark is None:
            return Location(self.file)
        return Location(self.file, mark.line + 1, mark.column + 1)

    def __setitem__(self, path: PlanPath, location: Location) -> None:
        self.marks[path] = location

    def __delitem__(self, path: PlanPath) -> None:
        del self.marks[path]

    def __contains__(self, path: object) -> bool:
        return path in self.marks

    def __iter__(self) -> Iterator[PlanPath]:
        return iter(self.marks)

    def __len__(self) -> int:
        return len(self.marks)

    def __repr__(self) -> str:
        return f"Positions({dict(self.items())!r})"


@dataclass
class SourceMap:
    """Where each plan path was written: the value's position and, for
    mapping entries, the key's position. A value written as an alias
    (``*name``) has the alias's position; the paths inside it are found
    where the anchored value (``&name``) was written."""

    values: MutableMapping[PlanPath, Location] = field(default_factory=Positions)
    keys: MutableMapping[PlanPath, Location] = field(default_factory=Positions)
    aliases: dict[PlanPath, PlanPath] = field(default_factory=dict)

    def locate(self, path: PlanPath, *, prefer_key: bool = False) -> tuple[Location, PlanPath]:
        """The best known position for ``path``: the path itself (through
        aliases), else its nearest recorded ancestor (a missing key has no
        position of its own). Also returns the path whose position it is."""
        probe = tuple(path)
        hops = 0
        while True:
            found = self._exact(probe, prefer_key=prefer_key)
            if found is not None:
                return found, probe
            through = self._through_alias(probe)
            if through is not None and hops < _MAX_ALIAS_HOPS:
                probe, hops = through, hops + 1
                continue
            if not probe:
                return Location("<unknown>"), ()
            probe = probe[:-1]

    def _exact(self, probe: PlanPath, *, prefer_key: bool) -> Location | None:
        if prefer_key and probe in self.keys:
            return self.keys[probe]
        if probe in self.values:
            return self.values[probe]
        return self.keys.get(probe)

    def _through_alias(self, probe: PlanPath) -> PlanPath | None:
        """``probe`` rewritten onto the anchored value, when one of its
        ancestors was written as an alias."""
        for size in range(len(probe) - 1, 0, -1):
            target = self.aliases.get(probe[:size])
            if target is not None:
                return (*target, *probe[size:])
        return None

    def update(self, other: SourceMap) -> None:
        self.values.update(other.values)
        self.keys.update(other.keys)
        self.aliases.update(other.aliases)


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
    if not text:
        return None
    if text[0] not in _MAYBE_NOT_TEXT:
        return text
    if text in _BOOL:
        return _BOOL[text]
    match = _CORE.match(text)
    if match is None:
        return text
    kind = match.lastgroup
    if kind == "int":
        try:
            return int(text)
        except ValueError:  # more digits than Python converts (a guard against slow parsing)
            return text
    if kind == "float":
        return float(text)
    if kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # an impossible date: the model reports it where a date is due
    if kind == "null":
        return None
    if kind == "oct":
        return int(text[2:], 8)
    if kind == "hex":
        return int(text[2:], 16)
    if kind == "inf":
        return float("-inf") if text.startswith("-") else float("inf")
    if kind == "nan":
        return float("nan")
    return text  # a YAML 1.1 octal; the model explains it if a number was meant


def yaml11_hint(value: Any, *, wanted_bool: bool = False, wanted_text: bool = False) -> str | None:
    """Explain a value that YAML 1.1 tools would have read differently, or
    that YAML typed when text was meant (``wanted_text``)."""
    if isinstance(value, str):
        if value in YAML11_BOOLEANS:
            if wanted_bool:
                return f"'{shorten(value)}' is text here (YAML 1.1 read it as a boolean); write true or false"
            return f"'{shorten(value)}' is text here, not a boolean as in YAML 1.1"
        if _LEADING_ZERO.match(value):
            return (
                f"'{shorten(value)}' has a leading zero (YAML 1.1 would read it as octal); "
                "write the number without the zero, or quote it if it is text"
            )
        if _UNDERSCORED.match(value):
            return (
                f"'{shorten(value)}' is text here (YAML 1.1 read digits with '_' as a number); "
                f"write {value.replace('_', '')}"
            )
        return None
    if not wanted_text:
        return None
    if isinstance(value, bool):
        return f"YAML reads {str(value).lower()} as a boolean; quote it ('{str(value).lower()}') if you mean text"
    if isinstance(value, dt.date):
        return f"YAML reads {value.isoformat()} as a date; quote it ('{value.isoformat()}') if you mean text"
    if isinstance(value, (int, float)):
        return f"YAML reads {value!r} as a number; quote it if you mean text"
    return None


class _Frame:
    """A collection being composed."""

    __slots__ = ("anchor", "awaiting_key", "is_map", "key", "key_path", "nodes_before", "path", "value")

    def __init__(self, is_map: bool, value: Any, path: PlanPath, anchor: str | None, nodes_before: int) -> None:
        self.is_map = is_map
        self.value = value
        self.path = path
        self.anchor = anchor
        # The node count before this collection: its size (itself and all
        # it holds, aliases counted as expanded) is the count at its end
        # less this.
        self.nodes_before = nodes_before
        self.key: str = ""
        self.key_path: PlanPath = path
        self.awaiting_key = is_map


@dataclass
class _Anchor:
    value: Any
    size: int
    path: PlanPath


def _key_kind(key: Any) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "a boolean"
    if isinstance(key, dt.date):
        return "a date"
    return "a number"


class _Composer:
    """Builds plain data from parser events with an explicit stack.

    Problems that leave the data usable (a duplicate key, a key that is not
    text) go to ``problems`` when a list is given, so one run reports them
    all; everything else stops composing with :class:`YamlProblem`.

    :meth:`run` handles the events of an ordinary plan (untagged values
    without anchors) itself and hands every other event to the methods
    below; it is the hot loop of ``validate``, hence its shape.
    """

    def __init__(self, file: str, max_depth: int, max_nodes: int,
                 problems: list[Diagnostic] | None) -> None:
        self.file = file
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.problems = problems
        self.nodes = 0
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.values = Positions(file)
        self.keys = Positions(file)
        self.source = SourceMap(self.values, self.keys)
        self.result: Any = None
        self.documents = 0

    # -- helpers -----------------------------------------------------------
    def loc(self, event: Any) -> Location:
        return _location(self.file, event.start_mark)

    def _report(self, problem: YamlProblem) -> None:
        if self.problems is None:
            raise problem
        self.problems.append(problem.diagnostic)

    def _count(self, amount: int, event: Any) -> None:
        self.nodes += amount
        if self.nodes <= self.max_nodes:
            return
        if self.source.aliases or type(event) is AliasEvent:
            message = f"the document expands to more than {self.max_nodes:,} values through its aliases"
            hint = "remove the aliases (*name) that repeat large parts of the document"
        else:
            message = f"the document holds more than {self.max_nodes:,} values"
            hint = "a plan is far smaller; check that this is the right file, or split the plan"
        raise _problem("SP004", message, self.loc(event), self._child_path(), hint)

    def _awaiting_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].awaiting_key

    def _child_path(self) -> PlanPath:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if not top.is_map:
            return (*top.path, len(top.value))
        if not top.awaiting_key:
            return top.key_path
        return top.path

    def path_of_key_at(self, column: int) -> PlanPath:
        """The mapping whose keys are written at ``column``: where a key
        found there belongs (the root when none is open)."""
        for frame in reversed(self.stack):
            if not frame.is_map:
                continue
            keys = [*frame.value] + ([] if frame.awaiting_key else [frame.key])
            paths: list[PlanPath] = [(*frame.path, key) for key in keys]
            if any(self.keys[path].column == column for path in paths):
                return frame.path
        return ()

    def _check_tag(self, event: Any, kind: str) -> str | None:
        tag = event.tag
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

    # -- the loop ----------------------------------------------------------------
    def run(self, parser: Any) -> None:
        get_event = parser.get_event
        stack = self.stack
        values = self.values.marks
        keys = self.keys.marks
        top: _Frame | None = None
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                # The usual case inline: a plain or quoted value, no tag, no
                # anchor, inside a collection.
                if top is None or event.tag is not None or event.anchor is not None:
                    self.scalar(event)
                    continue
                value = event.value
                # Most plain values are words: resolve_plain's first test, made
                # here to save a call per value.
                if event.implicit[0] and (not value or value[0] in _MAYBE_NOT_TEXT):
                    value = resolve_plain(value)
                self.nodes += 1
                if self.nodes > self.max_nodes:
                    self._count(0, event)
                if not top.is_map:
                    item: PlanPath = (*top.path, len(top.value))
                    values[item] = event.start_mark
                    top.value.append(value)
                elif not top.awaiting_key:
                    values[top.key_path] = event.start_mark
                    top.value[top.key] = value
                    top.awaiting_key = True
                elif type(value) is str and value not in top.value and value != "<<":
                    top.key = value
                    top.key_path = (*top.path, value)
                    keys[top.key_path] = event.start_mark
                    top.awaiting_key = False
                else:
                    self._take_key(top, value, event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self.start(event, "map" if kind is MappingStartEvent else "seq")
                top = stack[-1]
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                self.end(event)
                top = stack[-1] if stack else None
            elif kind is AliasEvent:
                self.alias(event)
            elif kind is DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise _problem(
                        "SP003",
                        "the file holds more than one YAML document",
                        self.loc(event),
                        (),
                        "a plan file is one document; remove the '---' separator or split the file",
                    )
            elif kind is StreamEndEvent or event is None:
                return

    # -- composing -----------------------------------------------------------
    def scalar(self, event: Any) -> None:
        tag = self._check_tag(event, "scalar")
        text: str = event.value
        value: Any
        # Quoted and block scalars are text, and so is a plain one tagged with
        # the non-specific '!' (YAML 1.2, 6.9.1), which PyYAML marks implicit.
        if tag == "str" or event.tag == "!" or (tag is None and not event.implicit[0]):
            value = text
        elif tag is None:
            value = resolve_plain(text)
        else:
            value = self._tagged(tag, text, event)
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchor(value, 1, self._child_path())
        self._add(value, 1, event)

    def _tagged(self, tag: str, text: str, event: Any) -> Any:
        if tag == "null":
            return None
        resolved = resolve_plain(text)
        if tag == "int" and isinstance(resolved, int) and not isinstance(resolved, bool):
            return resolved
        if tag == "float" and isinstance(resolved, (int, float)) and not isinstance(resolved, bool):
            try:
                return float(resolved)
            except OverflowError:  # an integer beyond any float: refused, not infinity
                raise _problem("SP002", f"'{shorten(text)}' is too large for a !!float",
                               self.loc(event), self._child_path()) from None
        if tag == "bool" and isinstance(resolved, bool):
            return resolved
        raise _problem("SP002", f"'{shorten(text)}' is not a valid !!{tag}", self.loc(event), self._child_path())

    def start(self, event: Any, kind: str) -> None:
        if event.tag is not None:
            self._check_tag(event, kind)
        if len(self.stack) >= self.max_depth:
            raise _problem(
                "SP004",
                f"the document is nested more than {self.max_depth} levels deep",
                self.loc(event),
                self._child_path(),
                "a plan needs only a few levels; flatten the structure",
            )
        if self._awaiting_key():
            raise _problem("SP003", "a mapping key must be a plain value, not a list or mapping",
                           self.loc(event), self.stack[-1].path,
                           "write the key as a name ('? ' starts a complex key)")
        path = self._child_path()
        self.values.marks[path] = event.start_mark
        anchor = event.anchor
        if anchor is not None:
            self.open_anchors.add(anchor)
        nodes_before = self.nodes
        self._count(1, event)
        is_map = kind == "map"
        self.stack.append(_Frame(is_map, {} if is_map else [], path, anchor, nodes_before))

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        size = self.nodes - frame.nodes_before
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = _Anchor(frame.value, size, frame.path)
        self._place(frame.value, event, already_recorded=True)

    def alias(self, event: Any) -> None:
        name = event.anchor
        if name in self.open_anchors:
            raise _problem("SP003", f"the alias *{name} refers to itself", self.loc(event),
                           self._child_path(), "a value cannot contain an alias to itself")
        anchor = self.anchors.get(name)
        if anchor is None:
            raise _problem("SP002", f"the alias *{name} names no anchor defined before it",
                           self.loc(event), self._child_path(), f"define &{name} before using *{name}")
        # Count the alias as if it were expanded: that bounds the work of
        # everything that later walks the data, whatever the nesting.
        self._count(anchor.size, event)
        if not self._awaiting_key() and isinstance(anchor.value, (dict, list)):
            self.source.aliases[self._child_path()] = anchor.path
        self._place(anchor.value, event, already_recorded=False)

    def _add(self, value: Any, size: int, event: Any) -> None:
        self._count(size, event)
        self._place(value, event, already_recorded=False)

    def _place(self, value: Any, event: Any, *, already_recorded: bool) -> None:
        if not self.stack:
            if not already_recorded:
                self.values.marks[()] = event.start_mark
            self.result = value
            return
        top = self.stack[-1]
        if not top.is_map:
            if not already_recorded:
                item: PlanPath = (*top.path, len(top.value))
                self.values.marks[item] = event.start_mark
            top.value.append(value)
            return
        if top.awaiting_key:
            self._take_key(top, value, event)
            return
        if not already_recorded:
            self.values.marks[top.key_path] = event.start_mark
        top.value[top.key] = value
        top.awaiting_key = True

    def _take_key(self, top: _Frame, key: Any, event: Any) -> None:
        loc = self.loc(event)
        plain = type(event) is ScalarEvent and event.implicit[0] and event.tag is None
        if isinstance(key, (dict, list)):
            raise _problem("SP003", "a mapping key must be a plain value, not a list or mapping",
                           loc, top.path, "write the key as a name")
        if key == "<<" and plain:
            raise _problem("SP003", "merge keys (<<) are not supported in plans", loc, top.path,
                           "write the keys out in full")
        if not isinstance(key, str):
            text = event.value if type(event) is ScalarEvent else str(key)
            if key is None:
                message, hint = "this key is empty (null)", "write the key's name before the ':'"
            else:
                message = f"the key '{shorten(text)}' is read as {_key_kind(key)}, not as a name"
                hint = f"keys are names: quote it ('{shorten(text)}') if you mean it"
            self._report(_problem("SP012", message, loc, (*top.path, text), hint))
            key = text
        key_path: PlanPath = (*top.path, key)
        if key in top.value:
            first = self.keys[key_path]
            # Reported, then the later value wins as in other YAML readers, so
            # the rest of the plan is still checked.
            self._report(_problem(
                "SP005",
                f"the key '{shorten(key)}' appears twice in this mapping (first at line {first.line})",
                loc,
                key_path,
                "YAML would silently keep only the last value; remove one of them",
            ))
        top.key = key
        top.key_path = key_path
        top.awaiting_key = False
        self.keys.marks[key_path] = event.start_mark


# Characters YAML allows in a stream (the spec's c-printable set).
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A line that holds something besides blanks and a comment. A text without
# one is an empty document, which libyaml refuses in some forms (tab-only
# lines). Every line break YAML readers know is a line start here; the
# pattern cannot backtrack, so it stays linear on hostile input.
_CONTENT_LINE = re.compile("(?:^|[\r\x85\u2028\u2029])[ \t]*[^ \t\r\n#\x85\u2028\u2029]", re.MULTILINE)


def _offset_location(text: str, offset: int, file: str) -> Location:
    # splitlines() breaks lines where YAML readers do (\n, \r\n, \r and the
    # Unicode breaks NEL, LS, PS); its other breaks are control characters,
    # which never come before the offending one.
    lines = text[:offset].splitlines(keepends=True)
    if not lines:
        return Location(file, 1, 1)
    if lines[-1].splitlines()[0] != lines[-1]:  # the prefix ends with a line break
        return Location(file, len(lines) + 1, 1)
    return Location(file, len(lines), len(lines[-1]) + 1)


def check_printable(text: str, file: str) -> None:
    """Refuse characters YAML does not allow (control characters), with
    their position: libyaml would report only an offset."""
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        code = ord(bad.group())
        raise _problem(
            "SP001", f"the file contains the control character U+{code:04X}, which YAML does not allow",
            _offset_location(text, bad.start(), file), (),
            "remove it (text pasted from other programs can carry invisible characters)",
        )


def _char_at(text: str, mark: Any) -> str:
    lines = text.splitlines()
    if mark is None or not 0 <= mark.line < len(lines) or not 0 <= mark.column < len(lines[mark.line]):
        return ""
    return str(lines[mark.line][mark.column])


def _syntax_hint(problem: str, text: str, mark: Any) -> str | None:
    if "tab" in problem or _char_at(text, mark) == "\t":
        return "YAML does not allow tabs for indentation; indent with spaces"
    if problem.startswith("mapping values are not allowed"):
        return "quote a value that contains ': ', and check the indentation"
    if "block" in problem or "expected key" in problem or "'-' indicator" in problem:
        return ("check the indentation of this line: the keys of a mapping line up, "
                "and the items of a list start with '- ' (a dash and a space)")
    if "maximum nesting depth" in problem:
        return "a plan needs only a few levels; flatten the structure"
    if "cannot start any token" in problem:
        char = _char_at(text, mark)
        return f"quote the value: YAML does not let a plain value start with '{char}'" if char else None
    return None


# libyaml notices an unclosed quote or bracket, or a key without ':', only
# where the construct should have ended: lines later, at the end of the file
# for a quote. Where it started is where the author must look.
_STARTED_HERE = {
    "while scanning a quoted scalar": (
        "the quoted text that starts here is never closed",
        "end it with the same quote mark it starts with",
    ),
    "while parsing a flow sequence": (
        "the list that starts here with '[' is not closed",
        "close it with ']' and separate its items with ','",
    ),
    "while parsing a flow mapping": (
        "the mapping that starts here with '{' is not closed",
        "close it with '}' and separate its entries with ','",
    ),
    "while scanning a simple key": (
        "a ':' is missing on this line",
        "write 'key: value'; if the line continues the text above, indent it further than that text's key",
    ),
}


def compose(text: str, file: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES,
            problems: list[Diagnostic] | None = None) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain data and its source map.

    Raises :class:`YamlProblem` for anything that is not a single, bounded,
    well-formed document. An empty document gives ``None``. With a
    ``problems`` list, problems that leave the data usable (duplicate keys,
    keys that are not text) are added to it instead and composing goes on.
    """
    check_printable(text, file)
    if _CONTENT_LINE.search(text) is None:
        return None, SourceMap()
    composer = _Composer(file, max_depth, max_nodes, problems)
    parser = _Parser(text)
    try:
        composer.run(parser)
    except yaml.MarkedYAMLError as exc:
        context = exc.context or ""
        started = _STARTED_HERE.get(context)
        opened, noticed = exc.context_mark, exc.problem_mark
        if started is not None and opened is not None and noticed is not None and noticed.line > opened.line:
            if context == "while scanning a simple key":
                path = composer.path_of_key_at(opened.column + 1)
            elif context.startswith("while parsing a flow") and composer.stack:
                path = composer.stack[-1].path  # the unclosed list or mapping itself
            else:
                path = composer._child_path()
            raise _problem("SP002", started[0], _location(file, opened), path, started[1]) from None
        mark = exc.problem_mark or exc.context_mark
        message = (exc.problem or exc.context or "malformed YAML").strip()
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        # libyaml has its own limit on flow nesting, met before ours.
        code = "SP004" if "maximum nesting depth" in message else "SP002"
        raise _problem(code, message, _location(file, mark), composer._child_path(),
                       _syntax_hint(message, text, mark)) from None
    except yaml.YAMLError as exc:  # reader errors: check_printable catches them first
        raise _problem("SP002", str(exc).strip() or "malformed YAML", Location(file)) from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    return composer.result, composer.source
