"""Expand command-line plan arguments (files, folders, globs, '-') into plan
sources, and resolve the single plan a report command works on."""

from __future__ import annotations

import glob
from pathlib import Path

from socialplan.errors import UserError
from socialplan.loader import STDIN, YAML_SUFFIXES, folder_files, is_folder_plan

_GLOB_CHARS = set("*?[")


def _plans_in_folder(folder: Path) -> list[str]:
    """A folder plan is one source; any other folder contributes its plan
    files and the plans in its sub-folders."""
    if is_folder_plan(folder):
        return [str(folder)]
    found = [str(p) for p in folder_files(folder)]
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        found.extend(_plans_in_folder(sub))
    return found


def expand_sources(arguments: list[str]) -> list[str]:
    """Every plan source named by the arguments, in order, without repeats."""
    sources: list[str] = []
    for argument in arguments:
        if argument == STDIN:
            sources.append(STDIN)
            continue
        path = Path(argument)
        if path.is_dir():
            found = _plans_in_folder(path)
            if not found:
                raise UserError(f"{argument}: the folder holds no plan files (.yaml or .yml)")
            sources.extend(found)
        elif path.exists():
            sources.append(argument)
        elif _GLOB_CHARS & set(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            plans = [m for m in matches if Path(m).is_dir() or m.endswith(YAML_SUFFIXES)]
            if not plans:
                raise UserError(f"{argument}: the pattern matches no plan files",
                                hint="check the pattern; quote it so the shell does not expand it")
            for match in plans:
                sources.extend(_plans_in_folder(Path(match)) if Path(match).is_dir() else [match])
        else:
            raise UserError(f"{argument}: no such file or folder")
    seen: set[str] = set()
    unique = []
    for source in sources:
        if source not in seen:
            seen.add(source)
            unique.append(source)
    return unique


def single_plan(argument: str) -> str:
    """The plan a report command works on: a file, a folder plan or '-'."""
    if argument == STDIN:
        return argument
    path = Path(argument)
    if not path.exists():
        raise UserError(f"{argument}: no such file or folder")
    if path.is_dir() and not is_folder_plan(path):
        raise UserError(
            f"{argument}: not a folder plan",
            hint="a folder plan holds files named after sections: objectives.yaml, use_cases.yaml...",
        )
    return argument
