"""A plan at a git revision (``main:plans/acme.yaml``), laid out in a
folder so the loader reads it like any other plan.

Git is run without a shell, with the revision and path as separate
arguments. A file plan comes with the rest of its folder at that revision
(a logo or an evidence file beside it); a folder plan comes whole. The tar
stream is read member by member with the ``data`` filter, which refuses
links and paths outside the folder, and stops past :data:`MAX_BYTES`.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from socialplan.errors import EXIT_USAGE, UserError

MAX_BYTES = 64 * 1024 * 1024  # a plan's folder is text: far more than any plan needs
GIT_TIMEOUT = 120  # seconds; git on a local repository answers in far less


@dataclass(frozen=True)
class PlanAt:
    """Where a plan named on the command line can be read."""

    label: str  # as the user named it
    path: str  # a file or folder on disk
    root: str | None = None  # the temporary folder the revision was laid out in, else None


def is_revision(argument: str) -> bool:
    """``REV:PATH`` names a revision unless it is a file or folder on disk
    (``C:/plans`` on Windows, or a file with a colon in its name)."""
    return ":" in argument and not Path(argument).exists() and not argument.startswith(":")


def _git(args: list[str], cwd: str, what: str) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise UserError(f"{what}: git is not installed, so revisions cannot be read", exit_code=EXIT_USAGE)
    try:
        return subprocess.run([git, *args], cwd=cwd, capture_output=True, check=False, timeout=GIT_TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise UserError(f"{what}: git did not answer within {GIT_TIMEOUT} s") from None


def checkout(argument: str, into: Path, *, cwd: str = ".") -> PlanAt:
    """Lay out the plan named ``REV:PATH`` under ``into``; a usage error (exit
    2) when the revision or the path does not exist there."""
    revision, _, inside = argument.partition(":")
    inside = inside.strip("/") or "."
    hint = "name a revision and a path in it, e.g. main:plans/acme.yaml or HEAD~1:plans/northwind"
    if not revision or revision.startswith("-"):
        raise UserError(f"{argument}: not a revision", hint=hint)
    found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], cwd, argument)
    if found.returncode != 0:
        inside_repo = _git(["rev-parse", "--git-dir"], cwd, argument).returncode == 0
        reason = "no such revision in this repository" if inside_repo else "not inside a git repository"
        raise UserError(f"{argument}: {reason}", hint=hint)
    commit = found.stdout.decode().strip()
    kind = _git(["cat-file", "-t", f"{commit}:{inside}"], cwd, argument)
    if kind.returncode != 0:
        raise UserError(f"{argument}: '{inside}' does not exist at {revision}",
                        hint="paths after ':' start at the top of the repository")
    folder = inside if kind.stdout.strip() == b"tree" else str(PurePosixPath(inside).parent)
    archive = ["archive", "--format=tar", commit]
    if folder != ".":
        archive += ["--", folder]
    _extract(archive, cwd, into, argument)
    return PlanAt(argument, str(into / inside), str(into))


def _extract(args: list[str], cwd: str, into: Path, what: str) -> None:
    git = shutil.which("git")
    assert git is not None  # checked by _git before
    into.mkdir(parents=True, exist_ok=True)
    with subprocess.Popen([git, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          stdin=subprocess.DEVNULL) as process:
        assert process.stdout is not None
        total = 0
        try:
            with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
                for member in archive:
                    total += member.size
                    if total > MAX_BYTES:
                        raise UserError(f"{what}: the plan's folder holds more than {MAX_BYTES // 2**20} MiB "
                                        "at that revision", hint="name a smaller folder or the plan file")
                    if member.isfile() or member.isdir():
                        archive.extract(member, into, filter="data")
        except (tarfile.TarError, OSError) as error:
            process.kill()
            raise UserError(f"{what}: the revision could not be read: {error}") from None
        except UserError:
            process.kill()
            raise
    if process.returncode != 0:
        raise UserError(f"{what}: git archive failed (exit {process.returncode})")
