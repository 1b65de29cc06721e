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
from socialplan.errors import EXIT_INTERNAL, EXIT_USAGE, UserError
from socialplan.stdout import OUTPUT_ERRNOS, OutputError, discard_stdout, flush_output

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
    if args[:1] == ["validate"]:
        # The commonest call, without importing typer and click (see
        # socialplan.commands.validate.plain_arguments); None: typer's turn.
        from socialplan.commands.validate import plain_arguments, run_plain

        plain = plain_arguments(args[1:])
        if plain is not None:
            try:
                status = run_plain(plain)
            except KeyboardInterrupt:
                # As typer ends an interrupted command: status 130, no message.
                status = 130
            sys.exit(status)
    from socialplan.app import make_app

    make_app(args[0] if args else None)(args=args, prog_name="socialplan")


def main(argv: list[str] | None = None) -> None:
    """Run socialplan with ``argv`` (default: the process's arguments)."""
    try:
        try:
            _run(argv)
        finally:
            # Written output still buffered must reach its reader now, inside
            # the boundary: at interpreter exit a full disk is a traceback.
            flush_output()
    except OutputError as error:
        sys.stderr.write(f"socialplan: error: {error}\n")
        sys.exit(EXIT_USAGE)
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
    except OSError as exc:
        # Files named with -o are written through socialplan.output, which
        # names them; a full or failing device left over is standard output's.
        if exc.errno not in OUTPUT_ERRNOS:
            sys.exit(_report_internal_error(exc))
        discard_stdout()
        sys.stderr.write(f"socialplan: error: cannot write the output: {exc.strerror or exc}\n")
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # the boundary: no traceback for users
        sys.exit(_report_internal_error(exc))
