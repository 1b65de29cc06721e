"""Standard output at the end of a run: flushed inside the error boundary,
and silenced when it cannot be written.

Kept apart from :mod:`socialplan.output` and light on imports on purpose:
the entry point needs it for every run, ``socialplan --version`` included,
and importing the file writer (pathlib, contextlib...) would double the
cost of answering with the version.
"""

from __future__ import annotations

import errno
import os
import sys

# Failures of the device itself (a full disk, /dev/full): the user's
# environment, reported as a usage error rather than a bug.
OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


class OutputError(Exception):
    """Standard output cannot be written (``> /dev/full``, a closed pipe's
    disk...): the user's environment, not a bug."""


def flush_output() -> None:
    """Flush standard output, turning a failure into :class:`OutputError`.
    Standard output is then pointed at the null device, so the interpreter's
    own flush at exit finds nothing left to fail on."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        discard_stdout()
        raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from None


def discard_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is an OSError and a ValueError
        pass
