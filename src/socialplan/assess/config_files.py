"""Find and read the assessment configuration of a plan.

Where it is looked for, first found wins (files are not merged, so what
applies is always one file you can open):

1. ``--config FILE`` (a .socialplan.yaml-style file or a pyproject.toml);
2. ``.socialplan.yaml`` (or ``.yml``) beside the plan: in the plan file's
   folder; for a folder plan, inside the folder, then beside it;
3. the nearest ``pyproject.toml`` with a ``[tool.socialplan]`` table, in the
   plan's folder or any folder above it.

The settings are the ``assess`` table: ``[tool.socialplan.assess]`` in
pyproject.toml, ``assess:`` in .socialplan.yaml. Other keys belong to other
commands and are left alone.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from socialplan.assess.config import AssessConfig
from socialplan.assess.thresholds import Thresholds
from socialplan.diagnostics import format_path
from socialplan.errors import UserError
from socialplan.loader import STDIN, LoadError, load_document
from socialplan.yamlsafe import SourceMap

YAML_NAMES = (".socialplan.yaml", ".socialplan.yml")
MAX_CONFIG_BYTES = 1024 * 1024


def _start_folders(plan_source: str) -> list[Path]:
    if plan_source == STDIN:
        return [Path.cwd()]
    path = Path(plan_source).absolute()
    if path.is_dir():
        return [path, path.parent]
    return [path.parent]


def discover(plan_source: str) -> Path | None:
    """The configuration file that applies to a plan, if any."""
    folders = _start_folders(plan_source)
    for folder in folders:
        for name in YAML_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    for folder in [folders[0], *folders[0].parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "socialplan" in _tool_tables(candidate):
            return candidate
    return None


def display_name(path: Path) -> str:
    """A path as people read it: relative to the working folder when inside it."""
    return _display(path)


def _display(path: Path) -> str:
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _toml_loads(text: str, name: str) -> dict[str, Any]:
    # tomllib is in the standard library from Python 3.11; tomli, the same
    # parser, is a dependency on 3.10 (pyproject.toml declares it with a
    # marker), so one of the two is always there.
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{name}: not valid TOML: {error}") from None


def _read_text(path: Path) -> str:
    name = _display(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UserError(f"{name}: cannot read the configuration: {error.strerror or error}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise UserError(f"{name}: the configuration file is larger than {MAX_CONFIG_BYTES:,} bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{name}: the configuration file is not UTF-8 text") from None


def _tool_tables(path: Path) -> dict[str, Any]:
    data = _toml_loads(_read_text(path), _display(path))
    tool = data.get("tool", {})
    return tool if isinstance(tool, dict) else {}


def _unknown_setting(loc: tuple[str | int, ...]) -> str:
    """The message for a key no setting has, naming the settings of the table it is in."""
    from socialplan.suggest import did_you_mean

    names = list(Thresholds.model_fields if loc[:1] == ("thresholds",) else AssessConfig.model_fields)
    what = "thresholds" if loc[:1] == ("thresholds",) else "settings"
    near = did_you_mean(str(loc[-1]), names) if loc else None
    if near is not None:
        return f"unknown setting; did you mean '{near}'?"
    return f"unknown setting; {what} are {', '.join(names)}"


def _validate(data: Any, name: str, where: SourceMap | None, prefix: tuple[str, ...]) -> AssessConfig:
    if data is None:
        return AssessConfig()
    if not isinstance(data, dict):
        raise UserError(f"{name}: '{'.'.join(prefix)}' must be a table of settings")
    try:
        return AssessConfig.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False):
            # Pydantic marks an error in a mapping's key with a '[key]' step.
            loc = tuple(part for part in item["loc"] if isinstance(part, (str, int)) and part != "[key]")
            message = str(item.get("ctx", {}).get("error", item["msg"]))
            if item["type"] == "extra_forbidden":
                message = _unknown_setting(loc)
            position = name
            if where is not None:
                location, _ = where.locate((*prefix, *loc), prefer_key=item["type"] == "extra_forbidden")
                position = str(location)
            problems.append(f"{position}: {format_path((*prefix, *loc))}: {message}")
        raise UserError("invalid assessment configuration\n  " + "\n  ".join(problems),
                        hint="see 'socialplan assess --help' and docs/rules.md") from None


def load_config(path: Path) -> AssessConfig:
    """Read the assessment settings from a configuration file."""
    name = _display(path)
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        tool = _tool_tables(path)
        section = tool.get("socialplan", {})
        if not isinstance(section, dict):
            raise UserError(f"{name}: [tool.socialplan] must be a table")
        return _validate(section.get("assess"), name, None, ("tool", "socialplan", "assess"))
    try:
        data, source_map, _ = load_document(str(path), MAX_CONFIG_BYTES)
    except LoadError as error:
        first = error.diagnostics[0]
        raise UserError(f"{first.location}: {first.message}", hint=first.hint) from None
    if data is None:
        return AssessConfig()
    if not isinstance(data, dict):
        raise UserError(f"{name}: the configuration must be a mapping with an 'assess:' key")
    return _validate(data.get("assess"), name, source_map, ("assess",))


def config_for(plan_source: str, explicit: Path | None = None, *,
               use_files: bool = True) -> tuple[AssessConfig, Path | None]:
    """The settings that apply to a plan, and the file they came from."""
    if explicit is not None:
        if not explicit.is_file():
            raise UserError(f"{explicit}: no such configuration file")
        return load_config(explicit), explicit
    if not use_files:
        return AssessConfig(), None
    found = discover(plan_source)
    return (load_config(found), found) if found is not None else (AssessConfig(), None)
