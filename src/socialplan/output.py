"""Writing results: atomically to a file the user named, or to stdout.

A report is written to a temporary file in the target's folder and renamed
over the target only once complete, so a failed or interrupted run never
leaves a half-written file and never damages an earlier one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path


def _target(path: Path) -> Path:
    """The file actually written: a symbolic link's final target (the link
    stays a link), else ``path`` itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _refuse_read_only(path: Path, st: os.stat_result) -> None:
    # Checked on the mode bits too: root passes os.access, yet a file made
    # read-only is a file someone chose to protect.
    if not os.access(path, os.W_OK) or not st.st_mode & 0o222:
        raise PermissionError(errno.EACCES, "the file is read-only; make it writable or choose another file")


def _stage(path: Path, payload: bytes) -> str | None:
    """Write ``payload`` to a new temporary file beside ``path`` and return
    its name; or, for a device or FIFO, write to it directly (a rename would
    replace the device with an ordinary file) and return None. A link still
    here is one to replace, not to follow."""
    try:
        st: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISLNK(st.st_mode):
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "it is a folder")
        with path.open("wb") as stream:
            stream.write(payload)
        return None
    if st is not None:
        _refuse_read_only(path, st)
    # Imported here: tempfile brings shutil and random, which every run
    # would pay for at start-up, while only a run writing a file needs it.
    import tempfile

    folder = path.parent if str(path.parent) else Path()
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        if st is not None:
            # Keep the permissions of the file being replaced.
            os.chmod(temp_name, st.st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_name, 0o666 & ~umask)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return temp_name


def atomic_write(path: Path, data: str | bytes, *, follow_links: bool = True) -> None:
    """Write ``data`` to ``path`` all at once (temporary file + rename).

    A symbolic link is followed (its target is replaced, in the target's
    folder, and the link stays); a device or FIFO (``-o /dev/null``) is
    written to directly; a read-only file is refused (PermissionError).
    Without ``follow_links``, a link is replaced by the file instead."""
    atomic_write_all({path: data}, follow_links=follow_links)


def atomic_write_all(files: Mapping[Path, str | bytes], *, follow_links: bool = True) -> None:
    """Write every file, or none: each is staged to a temporary file first,
    and only once all are staged are they renamed into place. If staging
    fails (a full disk, a read-only file), the temporary files are removed
    and the files already there are left untouched."""
    target = _target if follow_links else Path
    staged: list[tuple[str, Path]] = []
    current: Path | None = None
    try:
        for current, data in files.items():
            temp = _stage(target(current), data.encode("utf-8") if isinstance(data, str) else data)
            if temp is not None:
                staged.append((temp, current))
        for temp, current in staged:
            os.replace(temp, target(current))
    except BaseException as exc:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        if isinstance(exc, OSError) and current is not None:
            exc.filename = str(current)  # the file the user named, not a temporary one
        raise


def write_files(files: Mapping[Path, str | bytes]) -> None:
    """:func:`atomic_write_all`, with the user's mistakes (a missing folder, a
    read-only target, a full disk) turned into a usage error naming the file."""
    from socialplan.errors import UserError

    for path in files:
        if not str(path).strip():
            raise UserError("an empty output file name", hint="name the file to write")
    try:
        atomic_write_all(files)
    except OSError as exc:
        name = Path(exc.filename) if exc.filename is not None else next(iter(files), Path())
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileNotFoundError) and not _target(name).parent.is_dir():
            reason = "its folder does not exist"
        raise UserError(f"{name}: cannot write the file: {reason}") from None


def write_file(output: Path, data: str | bytes) -> None:
    """:func:`write_files` for one file."""
    write_files({output: data})


def named_path(text: str, what: str) -> Path:
    """A path the user typed; an empty one is refused rather than read as
    the current folder."""
    if not text.strip():
        from socialplan.errors import UserError

        raise UserError(f"{what}: an empty path names no file or folder", hint="give a file or folder name")
    return Path(text)


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


# What a write to a full, failing or over-quota device raises.
