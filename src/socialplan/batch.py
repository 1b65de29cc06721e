"""Check many plan sources, on every core the process may use.

A run over many plans is spread over worker processes: each worker loads and
validates whole plans (:func:`socialplan.validation.check_plan`) and sends
back their :class:`PlanCheck`; the results are put back in the order of the
sources, so a report is the same, byte for byte, whatever the number of
workers. Small runs stay in this process, where starting workers would cost
more than it saves. Standard input is always read here.

The pool is the standard library's ``ProcessPoolExecutor``: a worker that
dies (killed, out of memory) breaks the pool with an error instead of
leaving the run waiting for a result that never comes.
"""

from __future__ import annotations

import gc
import math
import os
import sys
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from socialplan.diagnostics import PlanCheck
from socialplan.errors import UserError
from socialplan.loader import STDIN, folder_files, max_bytes_from_env
from socialplan.validation import check_plan

if TYPE_CHECKING:
    import multiprocessing.context

JOBS_ENV = "SOCIALPLAN_JOBS"
# A plan of ordinary size takes a few milliseconds to check; starting the
# workers and passing results costs some tens of milliseconds. Below both
# thresholds one process is as quick, so small runs (a pre-commit hook, a
# handful of plans) never pay for the pool.
PARALLEL_MIN_PLANS = 50
PARALLEL_MIN_BYTES = 1024 * 1024
# Plans are handed to workers in chunks: large enough that passing them
# costs little, small enough that the workers finish together and that an
# interrupted run stops after the chunks already started.
_MAX_CHUNK = 16


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system
    has one, as under ``taskset`` or a container's CPU set)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1  # pragma: no cover - macOS and Windows


def jobs_from(option: int | None) -> int:
    """The number of processes to check plans with: ``--jobs``, else
    SOCIALPLAN_JOBS, else one per available core."""
    if option is not None:
        if option < 1:
            raise UserError(f"--jobs must be 1 or more, not {option}")
        return option
    raw = os.environ.get(JOBS_ENV, "").strip()
    if not raw:
        return available_cores()
    if not raw.isdigit() or int(raw) < 1:
        raise UserError(f"{JOBS_ENV} must be a whole number of processes, 1 or more, not '{raw}'",
                        hint="unset it to use one process per available core")
    return int(raw)


def _bytes_at_least(sources: Sequence[str], limit: int) -> bool:
    """Whether the plan files of ``sources`` hold ``limit`` bytes or more
    (stops counting there)."""
    total = 0
    for source in sources:
        path = Path(source)
        try:
            files = folder_files(path) if path.is_dir() else [path]
            total += sum(f.stat().st_size for f in files)
        except OSError:  # the loader reports it, whichever process reads it
            continue
        if total >= limit:
            return True
    return False


def workers_for(sources: Sequence[str], jobs: int) -> int:
    """How many worker processes to check ``sources`` with; 0 means in this
    process, one after another."""
    pooled = [s for s in sources if s != STDIN]
    if jobs <= 1 or len(pooled) < 2:
        return 0
    if len(pooled) < PARALLEL_MIN_PLANS and not _bytes_at_least(pooled, PARALLEL_MIN_BYTES):
        return 0
    return min(jobs, len(pooled))


def _check(source: str, max_bytes: int | None) -> PlanCheck:
    return check_plan(source, max_bytes)[0]


def _ignore_interrupts() -> None:
    import signal

    # Ctrl-C reaches every process of the terminal's process group. The
    # parent stops the run and says so; a worker that took the interrupt
    # too would only print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing

    # A forked worker starts at once with everything this process imported;
    # elsewhere (macOS, Windows) the platform's default start method is the
    # safe one.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()  # pragma: no cover - not Linux


def check_plans(sources: Sequence[str], max_bytes: int | None, jobs: int) -> list[PlanCheck]:
    """Load and validate every source; the checks come in the order of the
    sources, whatever the number of processes."""
    # Everything alive now (the imported modules, pydantic's validators)
    # lives as long as the run: frozen, the collector stops walking it at
    # each full collection, and forked workers do not copy the pages it
    # would touch (https://docs.python.org/3/library/gc.html#gc.freeze).
    # The size limit is settled here, so a bad SOCIALPLAN_MAX_BYTES is
    # reported once, by this process, before any plan is read.
    limit = max_bytes or max_bytes_from_env()
    gc.freeze()
    try:
        return _check_all(sources, limit, workers_for(sources, jobs))
    finally:
        gc.unfreeze()


def _check_all(sources: Sequence[str], max_bytes: int | None, workers: int) -> list[PlanCheck]:
    if workers == 0:
        return [_check(source, max_bytes) for source in sources]
    # The pool's modules (multiprocessing, concurrent.futures) are loaded
    # only by a run that uses it: one plan in a pre-commit hook does not.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pooled = [s for s in sources if s != STDIN]
    chunk = max(1, min(_MAX_CHUNK, math.ceil(len(pooled) / (workers * 8))))
    pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_ignore_interrupts)
    try:
        results = pool.map(_check, pooled, repeat(max_bytes), chunksize=chunk)
        # Standard input is read here, while the workers check the rest.
        stdin = [_check(s, max_bytes) for s in sources if s == STDIN]
        checks = iter(list(results))
    except BrokenProcessPool:
        # The system ended a worker (out of memory, a kill signal): not a
        # bug of socialplan's and not a verdict on the plans, so no report;
        # a usage error the user can act on.
        pool.shutdown(wait=False)
        raise UserError(
            "a worker process was stopped before it finished (out of memory, or killed by a signal); "
            "no plan was reported",
            hint="check the plans in one process with --jobs 1, or fewer plans at a time",
        ) from None
    except BaseException:
        # Interrupted: drop the chunks not yet started and do not wait for
        # the workers, which stop after the chunks they already hold.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return [stdin[0] if s == STDIN else next(checks) for s in sources]
