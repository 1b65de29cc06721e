"""Read plan sources (a YAML file, a folder of YAML files, or standard input)
into plain data plus a source map, within safe limits.

This is the only module that reads plan files.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socialplan.diagnostics import Diagnostic, Location
from socialplan.yamlsafe import SourceMap, YamlProblem, compose

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_BYTES_ENV = "SOCIALPLAN_MAX_BYTES"
STDIN = "-"
STDIN_NAME = "<stdin>"
YAML_SUFFIXES = (".yaml", ".yml")
# Folder-plan files named after a section may hold just that section's list.
SECTION_FILES = (
    "organisation", "objectives", "use_cases", "stakeholders", "options", "finance",
    "rollout", "prioritisation",
)


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


def max_bytes_from_env() -> int:
    raw = os.environ.get(MAX_BYTES_ENV, "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_BYTES


def _problem(code: str, message: str, file: str, line: int = 1, column: int = 1,
             hint: str | None = None) -> LoadError:
    return LoadError([Diagnostic(code, message, Location(file, line, column), (), hint)])


def decode(raw: bytes, file: str) -> str:
    """Bytes to text: UTF-8 only (a BOM is dropped), no binary content."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _problem("SP001", "the file is UTF-16 encoded", file, hint="save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        column = nul - (raw.rfind(b"\n", 0, nul) + 1) + 1
        raise _problem("SP001", "the file is binary, not YAML text (it contains a NUL byte)",
                       file, line, column)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _problem("SP001", f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                       file, line, column, "save the file as UTF-8") from None


def read_bytes(path: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` (a larger source is refused, not truncated)."""
    name = STDIN_NAME if path == STDIN else path
    try:
        if path == STDIN:
            raw = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with Path(path).open("rb") as handle:
                raw = handle.read(max_bytes + 1)
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


def load_document(path: str, max_bytes: int) -> tuple[Any, SourceMap, str]:
    """One YAML file (or stdin) to data, source map and display name."""
    name = STDIN_NAME if path == STDIN else path
    text = decode(read_bytes(path, max_bytes), name)
    try:
        data, source_map = compose(text, name)
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
    data, source_map, name = load_document(path, limit)
    return LoadedPlan(name, _require_mapping(data, source_map, name), source_map, [name])


def _load_folder(folder: Path, limit: int) -> LoadedPlan:
    files = folder_files(folder)
    if not files:
        raise _problem("SP001", "the folder holds no .yaml or .yml files", str(folder))
    merged: dict[str, Any] = {}
    merged_map = SourceMap()
    diagnostics: list[Diagnostic] = []
    for file in files:
        try:
            data, source_map, name = load_document(str(file), limit)
            if isinstance(data, list) and file.stem in SECTION_FILES:
                # objectives.yaml may hold the objectives list itself.
                data = {file.stem: data}
                source_map = _prefixed(source_map, file.stem)
            data = _require_mapping(data, source_map, name)
        except LoadError as error:
            diagnostics.extend(error.diagnostics)
            continue
        for key, value in data.items():
            key_loc, _ = source_map.locate((key,), prefer_key=True)
            if key in merged:
                first, _ = merged_map.locate((key,), prefer_key=True)
                diagnostics.append(Diagnostic(
                    "SP022", f"the section '{key}' is also defined in {first.file}:{first.line}",
                    key_loc, (key,), "keep each section in one file of the folder",
                ))
                continue
            merged[key] = value
        merged_map.update(source_map)
    if diagnostics:
        raise LoadError(diagnostics)
    return LoadedPlan(str(folder), merged, merged_map, [str(f) for f in files])


def _prefixed(source_map: SourceMap, section: str) -> SourceMap:
    """Re-root a section file's positions under its section name."""
    out = SourceMap()
    root = source_map.values.get(())
    if root is not None:
        out.values[(section,)] = root
        out.keys[(section,)] = root
    out.values.update({(section, *p): loc for p, loc in source_map.values.items() if p})
    out.keys.update({(section, *p): loc for p, loc in source_map.keys.items()})
    return out
