"""Expand command-line plan arguments (files, folders, globs, '-') into plan
sources, and resolve the single plan a report command works on.

Rules, in order, for each argument:

- ``-`` is standard input (at most once).
- An existing folder that is a folder plan (it holds a file named after a
  section: ``objectives.yaml``, ``use_cases.yaml``...) is one source; any other
  folder contributes its plan files and, recursively, the plans in its
  sub-folders. Hidden files and folders are skipped.
- An existing file is one source, unless it is one of the files of a folder
  plan: then that folder plan is the source, since a section file means
  nothing on its own. This is what lets globs such as ``'plans/**/*.yaml'``
  and the file lists that pre-commit passes work with folder plans.
- Anything else with ``*``, ``?`` or ``[`` is a glob, expanded here (``**``
  recursive) so quoting it works the same on every shell; it must match at
  least one plan.

A source named twice (even spelled differently) is checked once.
"""

from __future__ import annotations

import os
from pathlib import Path

from socialplan.errors import UserError
from socialplan.loader import STDIN, YAML_SUFFIXES, folder_files, is_folder_plan

_GLOB_CHARS = frozenset("*?[")


class _Expander:
    """Expansion state: folder-plan answers are cached and folders already
    walked are remembered, so symbolic-link loops end."""

    def __init__(self) -> None:
        self._folder_plan: dict[Path, bool] = {}
        self._walked: set[Path] = set()

    def is_folder_plan(self, folder: Path) -> bool:
        key = folder.resolve()
        if key not in self._folder_plan:
            try:
                self._folder_plan[key] = is_folder_plan(folder)
            except OSError:  # unreadable folder: let the loader report it
                self._folder_plan[key] = False
        return self._folder_plan[key]

    def plans_in_folder(self, folder: Path) -> list[str]:
        """A folder plan is one source; any other folder contributes its plan
        files and the plans in its sub-folders."""
        if self.is_folder_plan(folder):
            return [str(folder)]
        real = folder.resolve()
        if real in self._walked:
            return []
        self._walked.add(real)
        try:
            found = [str(p) for p in folder_files(folder)]
            # Linked folders are not entered: a link such as /proc/self/root
            # would lead the search through the whole file system.
            subfolders = sorted(p for p in folder.iterdir()
                                if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))
        except OSError as exc:
            raise UserError(f"{folder}: cannot read the folder: {exc.strerror or exc}") from None
        for sub in subfolders:
            found.extend(self.plans_in_folder(sub))
        return found

    def file_source(self, file: Path) -> str:
        """The file itself, or the folder plan it is a part of."""
        folder = file.parent
        if (file.suffix in YAML_SUFFIXES and not file.name.startswith(".")
                and self.is_folder_plan(folder)):
            return str(folder)
        return str(file)

    def expand(self, argument: str) -> list[str]:
        if argument == STDIN:
            return [STDIN]
        if not argument.strip():
            raise UserError("an empty argument is not a plan file or folder")
        path = Path(argument)
        if path.is_dir():
            found = self.plans_in_folder(path)
            if not found:
                raise UserError(f"{argument}: the folder holds no plan files (.yaml or .yml)")
            return found
        if path.exists():
            return [self.file_source(path)]
        if _GLOB_CHARS & set(argument):
            return self.expand_glob(argument)
        raise UserError(f"{argument}: no such file or folder")

    def expand_glob(self, pattern: str) -> list[str]:
        sources: list[str] = []
        for match in _glob(pattern):
            path = Path(match)
            if path.is_dir():
                sources.extend(self.plans_in_folder(path))
            elif match.endswith(YAML_SUFFIXES):
                sources.append(self.file_source(path))
        if not sources:
            raise UserError(f"{pattern}: the pattern matches no plan files",
                            hint="check the pattern; quote it so the shell does not expand it")
        return sources


def _glob(pattern: str) -> list[str]:
    """The matches of ``pattern``, sorted, '**' recursive, hidden names
    skipped (as the shell and :mod:`glob` do). Unlike :func:`glob.glob`,
    '**' does not descend into linked folders (pathlib's rule), so a link
    to '/' or back to a parent cannot make the search endless."""
    parts = Path(pattern).parts
    magic = next((i for i, part in enumerate(parts) if _GLOB_CHARS & set(part)), len(parts))
    root = Path(*parts[:magic]) if magic else Path()
    rest = parts[magic:]
    if not rest:
        return [pattern] if root.exists() else []
    if not root.is_dir():
        return []
    matches = []
    for path in root.glob(str(Path(*rest))):
        relative = path.relative_to(root).parts
        if not any(part.startswith(".") for part in relative):
            matches.append(str(path))
    return sorted(matches)


def expand_sources(arguments: list[str]) -> list[str]:
    """Every plan source named by the arguments, in order, without repeats."""
    if arguments.count(STDIN) > 1:
        raise UserError("standard input ('-') can be read only once")
    expander = _Expander()
    unique: list[str] = []
    seen: set[str] = set()
    for argument in arguments:
        for source in expander.expand(argument):
            key = source if source == STDIN else os.path.normcase(os.path.abspath(source))
            if key not in seen:
                seen.add(key)
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
