"""Read plan sources (a YAML file, a folder of YAML files, or standard input)
into plain data plus a source map, within safe limits.

This is the only module that reads plan files.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from socialplan.diagnostics import Diagnostic, Location
from socialplan.errors import UserError
from socialplan.model import SECTIONS
from socialplan.stamp import plan_digest
from socialplan.textsafe import shorten
from socialplan.yamlsafe import SourceMap, YamlProblem, compose

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_BYTES_ENV = "SOCIALPLAN_MAX_BYTES"
STDIN = "-"
STDIN_NAME = "<stdin>"
YAML_SUFFIXES = (".yaml", ".yml")
# A folder plan's files named after a section (objectives.yaml) may hold just
# that section's body; the sections are declared in the model.
SECTION_FILES: tuple[str, ...] = tuple(SECTIONS)


class LoadError(Exception):
    """A plan source could not be turned into data."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass
class LoadedPlan:
    """Plan data merged from one or more files, and where each value was written."""

    source: str
    data: dict[str, Any]
    source_map: SourceMap
    files: list[str] = field(default_factory=list)
    # Problems found while reading that still left usable data (duplicate
    # keys, a section in two files...); validation reports them with its own.
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The first hex digits of SHA-256 over the files' bytes, in ``files``
    # order: the plan version a report was made from (see socialplan.stamp).
    digest: str = ""


# The largest limit that means anything: more than any plan file, and small
# enough for every size computation (2**63 and beyond overflow the system's
# integers). A larger --max-bytes or SOCIALPLAN_MAX_BYTES means "no limit" and
# is read as this one.
MAX_BYTES_CEILING = 2**40
# Read in pieces, so that a large limit never allocates a large buffer up front.
_CHUNK = 1024 * 1024


def max_bytes_from_env() -> int:
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_BYTES
    if not raw.isascii() or not raw.isdigit() or len(raw) > 30 or int(raw) <= 0:
        # A silently ignored limit would make the "too large" hint useless.
        raise UserError(f"{MAX_BYTES_ENV} must be a positive whole number of bytes, not '{shorten(raw)}'")
    return min(int(raw), MAX_BYTES_CEILING)


def _problem(code: str, message: str, file: str, line: int = 1, column: int = 1,
             hint: str | None = None) -> LoadError:
    return LoadError([Diagnostic(code, message, Location(file, line, column), (), hint)])


# Byte-order marks and the NUL patterns of ASCII text in wide encodings, as
# the YAML spec detects encodings (5.2); longest patterns first.
_WIDE_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"), (b"\xff\xfe", "UTF-16"),
)


def _wide_encoding(raw: bytes) -> str | None:
    for mark, name in _WIDE_ENCODINGS:
        if raw.startswith(mark):
            return name
    # Without a mark, ASCII text shows the NUL bytes of the wide encoding in
    # every character; one NUL alone only says "binary".
    head = raw[:64]
    units = [head[i:i + 4] for i in range(0, len(head) - 3, 4)]
    if units and all(u[:3] == b"\0\0\0" or u[1:] == b"\0\0\0" for u in units):
        return "UTF-32"
    evens, odds = head[0::2], head[1::2][:len(head) // 2]
    for zeros, chars in ((evens, odds), (odds, evens)):
        if len(zeros) >= 2 and not any(zeros) and all(chars[:len(zeros)]):
            return "UTF-16"
    return None


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, as the YAML parser counts)
    of a byte offset."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def decode(raw: bytes, file: str) -> str:
    """Bytes to text: UTF-8 only (a BOM is dropped), no binary content."""
    wide = _wide_encoding(raw)
    if wide is not None:
        raise _problem("SP001", f"the file is {wide} encoded", file, hint="save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, column = _byte_position(raw, nul)
        raise _problem("SP001", "the file is binary, not YAML text (it contains a NUL byte)",
                       file, line, column)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        raise _problem("SP001", f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                       file, line, column, "save the file as UTF-8") from None


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _refuse_special(path: str, name: str) -> None:
    """Only regular files are read by name: a FIFO would wait forever for a
    writer, and a device such as /dev/zero never ends. A pipe is read as
    standard input ('-')."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise _problem("SP001", "no such file", name) from None
    except OSError as exc:
        raise _problem("SP001", f"cannot read the file: {exc.strerror or exc}", name) from None
    if stat.S_ISDIR(mode):
        raise _problem("SP001", "is a folder, not a file", name)
    if not stat.S_ISREG(mode):
        raise _problem("SP001", f"is {_special_kind(mode)}, not a regular file", name,
                       hint="to read from a pipe, pass '-' and send the plan to standard input")


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def read_bytes(path: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` (a larger source is refused, not truncated)."""
    name = STDIN_NAME if path == STDIN else path
    max_bytes = min(max_bytes, MAX_BYTES_CEILING)
    try:
        if path == STDIN:
            raw = _read_at_most(sys.stdin.buffer, max_bytes)
        else:
            _refuse_special(path, name)
            with Path(path).open("rb") as handle:
                raw = _read_at_most(handle, max_bytes)
    except FileNotFoundError:
        raise _problem("SP001", "no such file", name) from None
    except IsADirectoryError:
        raise _problem("SP001", "is a folder, not a file", name) from None
    except OSError as exc:
        raise _problem("SP001", f"cannot read the file: {exc.strerror or exc}", name) from None
    if len(raw) > max_bytes:
        raise _problem(
            "SP001", f"the file is larger than the {max_bytes:,}-byte limit", name,
            hint=f"raise the limit with --max-bytes or {MAX_BYTES_ENV} if the file is genuine",
        )
    return raw


def load_document(path: str, max_bytes: int, *, problems: list[Diagnostic] | None = None,
                  contents: list[bytes] | None = None) -> tuple[Any, SourceMap, str]:
    """One YAML file (or stdin) to data, source map and display name. With
    a ``problems`` list, problems that leave the data usable are added to it
    (see :func:`compose`) and the LoadError of a later fatal one carries only
    that one; without it, the first problem is raised. With a ``contents``
    list, the file's bytes are added to it (for the plan's digest)."""
    name = STDIN_NAME if path == STDIN else path
    raw = read_bytes(path, max_bytes)
    if contents is not None:
        contents.append(raw)
    text = decode(raw, name)
    try:
        data, source_map = compose(text, name, problems=problems)
    except YamlProblem as problem:
        raise LoadError([problem.diagnostic]) from None
    except RecursionError:  # pragma: no cover - compose keeps its own stack
        raise _problem("SP004", "the document is nested too deeply", name) from None
    return data, source_map, name


def _require_mapping(data: Any, source_map: SourceMap, name: str) -> dict[str, Any]:
    if data is None:
        raise _problem("SP011", "the file is empty", name,
                       hint="a plan needs at least an 'organisation' section")
    if not isinstance(data, dict):
        loc, _ = source_map.locate(())
        kind = "a list" if isinstance(data, list) else "a single value"
        raise LoadError([Diagnostic(
            "SP012", f"a plan file must be a mapping of sections, not {kind}", loc, (),
            "start the file with 'organisation:' and the other sections",
        )])
    return data


def folder_files(folder: Path) -> list[Path]:
    """The YAML files of a folder plan, in a stable order; hidden files (such
    as .socialplan.yaml configuration) are not part of the plan."""
    return sorted(
        p for p in folder.iterdir()
        if p.suffix in YAML_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


def is_folder_plan(folder: Path) -> bool:
    """A folder is one plan when a file in it is named after a section."""
    return any(p.stem in SECTION_FILES for p in folder_files(folder))


def load_plan(path: str, max_bytes: int | None = None) -> LoadedPlan:
    """Load a plan file, a folder plan or stdin (``-``)."""
    limit = max_bytes or max_bytes_from_env()
    if path != STDIN and Path(path).is_dir():
        return _load_folder(Path(path), limit)
    problems: list[Diagnostic] = []
    contents: list[bytes] = []
    try:
        data, source_map, name = load_document(path, limit, problems=problems, contents=contents)
        plan = _require_mapping(data, source_map, name)
    except LoadError as error:
        raise LoadError([*problems, *error.diagnostics]) from None
    return LoadedPlan(name, plan, source_map, [name], problems, plan_digest(contents))


def _not_files(folder: Path) -> list[Diagnostic]:
    """Entries of a folder plan named like plan files that are not regular
    files (a FIFO, a folder called objectives.yaml): reported, since
    skipping them silently would leave part of the plan out unnoticed."""
    out = []
    for entry in sorted(folder.iterdir()):
        if entry.suffix in YAML_SUFFIXES and not entry.name.startswith(".") and not entry.is_file():
            try:
                kind = "a folder" if entry.is_dir() else _special_kind(entry.stat().st_mode)
            except OSError:
                kind = "a broken link"
            out.append(Diagnostic("SP001", f"is {kind}, not a regular file, so it is not read as part of "
                                  "the folder plan", Location(str(entry)), (),
                                  "move it out of the folder or rename it"))
    return out


def _load_folder(folder: Path, limit: int) -> LoadedPlan:
    files = folder_files(folder)
    if not files:
        raise _problem("SP001", "the folder holds no .yaml or .yml files", str(folder))
    merged: dict[str, Any] = {}
    merged_map = SourceMap()
    fatal: list[Diagnostic] = _not_files(folder)
    problems: list[Diagnostic] = []
    documents: list[tuple[Path, dict[str, Any], SourceMap]] = []
    contents: list[bytes] = []
    for file in files:
        file_problems: list[Diagnostic] = []
        try:
            data, source_map, name = load_document(str(file), limit, problems=file_problems, contents=contents)
            if file.stem in SECTION_FILES and _holds_section_body(data):
                # objectives.yaml may hold the objectives list itself, and
                # finance.yaml the finance mapping itself.
                data = {file.stem: data}
                source_map = _prefixed(source_map, file.stem)
            data = _require_mapping(data, source_map, name)
        except LoadError as error:
            fatal.extend([*file_problems, *error.diagnostics])
            continue
        problems.extend(file_problems)
        documents.append((file, data, source_map))
        if () not in merged_map.values and () in source_map.values:
            # A section missing from every file is reported at the first one.
            merged_map.values[()] = source_map.values[()]
    # A section defined twice is kept from the file named after it (the
    # author's evident home for it), else from the first file; the other
    # definition is the one reported, so nothing else cascades from it.
    keeper: dict[str, int] = {}
    for index, (file, data, _) in enumerate(documents):
        for key in data:
            if key not in keeper or (file.stem == key and documents[keeper[key]][0].stem != key):
                keeper[key] = index
    for index, (_, data, source_map) in enumerate(documents):
        taken: set[str] = set()
        for key, value in data.items():
            if keeper[key] != index:
                key_loc, _ = source_map.locate((key,), prefer_key=True)
                kept, _ = documents[keeper[key]][2].locate((key,), prefer_key=True)
                problems.append(Diagnostic(
                    "SP022", f"the section '{key}' is also defined in {kept.file}:{kept.line}; this one is ignored",
                    key_loc, (key,), "keep each section in one file of the folder",
                ))
                continue
            merged[key] = value
            taken.add(key)
        merged_map.update(_sections_of(source_map, taken))
    if fatal:
        raise LoadError([*problems, *fatal])
    return LoadedPlan(str(folder), merged, merged_map, [str(f) for f in files], problems, plan_digest(contents))


def _holds_section_body(data: Any) -> bool:
    """A section file holds its section's body when it is a list, or a
    mapping none of whose keys names a section."""
    if isinstance(data, list):
        return True
    return isinstance(data, dict) and bool(data) and not any(key in SECTION_FILES for key in data)


def _sections_of(source_map: SourceMap, sections: set[str]) -> SourceMap:
    """The positions of the given top-level sections only: a section kept
    from another file keeps that file's positions."""
    out = SourceMap()
    out.values = {p: loc for p, loc in source_map.values.items() if p and p[0] in sections}
    out.keys = {p: loc for p, loc in source_map.keys.items() if p and p[0] in sections}
    out.aliases = {p: t for p, t in source_map.aliases.items() if p and p[0] in sections}
    return out


def _prefixed(source_map: SourceMap, section: str) -> SourceMap:
    """Re-root a section file's positions under its section name."""
    out = SourceMap()
    root = source_map.values.get(())
    if root is not None:
        out.values[()] = root
        out.values[(section,)] = root
        out.keys[(section,)] = root
    out.values.update({(section, *p): loc for p, loc in source_map.values.items() if p})
    out.keys.update({(section, *p): loc for p, loc in source_map.keys.items()})
    out.aliases = {(section, *p): (section, *t) for p, t in source_map.aliases.items()}
    return out
