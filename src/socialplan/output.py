"""Writing results: atomically to a file the user named, or to stdout.

A report is written to a temporary file in the target's folder and renamed
over the target only once complete, so a failed or interrupted run never
leaves a half-written file and never damages an earlier one.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` all at once (temporary file + rename)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path()
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            # Keep the permissions of the file being replaced.
            os.chmod(temp_name, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


def write_file(output: Path, data: str | bytes) -> None:
    """:func:`atomic_write`, with the user's mistakes (a missing folder, a
    read-only target) turned into a usage error rather than a crash."""
    try:
        atomic_write(output, data)
    except OSError as exc:
        from socialplan.errors import UserError

        raise UserError(f"{output}: cannot write the file: {exc.strerror or exc}") from None


def emit(text: str, output: Path | None) -> None:
    """Machine output: to ``output`` if given (atomically), else stdout."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
    else:
        write_file(output, text if text.endswith("\n") else text + "\n")


def refuse_plan_files(output: Path | None, plan_files: Iterable[str]) -> None:
    """Never write a report over one of the plan's own files (a folder plan's
    rollout.yaml, say): that would lose the user's plan."""
    if output is None or str(output) == "-" or not output.exists():
        return
    target = output.resolve()
    for file in plan_files:
        if Path(file).exists() and Path(file).resolve() == target:
            from socialplan.errors import UserError

            raise UserError(f"{output}: this is a file of the plan itself; choose another output file")
