"""The entry point: the one boundary between user errors, bugs and exit codes.

The application itself (options, help, commands) is :mod:`socialplan.app`;
``socialplan --version`` is answered here before it is imported, so asking
for the version costs no more than starting Python.

Exit codes (stable, whatever the output format):
  0  success (every plan valid; no blocking finding)
  1  a plan is invalid, or findings fail the run
  2  usage error: bad option, missing file, glob matching nothing
  3  internal error (a bug: please report it)
"""

from __future__ import annotations

import os
import sys

from socialplan import __version__
from socialplan.errors import EXIT_INTERNAL, UserError

VERSION_FLAGS = ("--version", "-V")


def __getattr__(name: str) -> object:
    # ``socialplan.cli.app``, for tests and tools that drive the application.
    if name == "app":
        from socialplan.app import make_app

        return make_app()
    raise AttributeError(name)


def _report_internal_error(exc: BaseException) -> int:
    if os.environ.get("SOCIALPLAN_DEBUG"):
        raise exc
    sys.stderr.write(
        f"socialplan: internal error: {type(exc).__name__}: {exc}\n"
        "This is a bug in socialplan; set SOCIALPLAN_DEBUG=1 for the details and please report it.\n"
    )
    return EXIT_INTERNAL


def _run(argv: list[str] | None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] and args[0] in VERSION_FLAGS:
        sys.stdout.write(f"socialplan {__version__}\n")
        sys.exit(0)
    from socialplan.app import make_app

    make_app(args[0] if args else None)(args=args, prog_name="socialplan")


def main(argv: list[str] | None = None) -> None:
    """Run socialplan with ``argv`` (default: the process's arguments)."""
    try:
        _run(argv)
    except UserError as error:
        sys.stderr.write(f"socialplan: error: {error.message}\n")
        if error.hint:
            sys.stderr.write(f"  hint: {error.hint}\n")
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("socialplan: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:  # the boundary: no traceback for users
        sys.exit(_report_internal_error(exc))
