"""Checking many plans on every core: the same report, byte for byte, as
one after another; small runs stay in one process; a dead worker or Ctrl-C
ends the run cleanly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from clirunner import Runner
from socialplan import batch
from socialplan.diagnostics import PlanCheck
from socialplan.errors import EXIT_USAGE, UserError
from socialplan.loader import STDIN

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
INVALID = sorted((ROOT / "tests" / "data" / "invalid").glob("*.yaml"))
FORMATS = ["text", "json", "github", "sarif", "junit"]


@pytest.fixture(autouse=True)
def _no_jobs_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(batch.JOBS_ENV, raising=False)
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "SOCIALPLAN_MAX_BYTES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """More plans than the parallel threshold: every example and every
    invalid plan of the tests (problems of all kinds), plus a folder plan,
    repeated under different names."""
    monkeypatch.chdir(tmp_path)
    originals = EXAMPLES + INVALID
    names: list[str] = []
    for index in range(batch.PARALLEL_MIN_PLANS + 10):
        source = originals[index % len(originals)]
        name = f"plan-{index:03d}-{source.name}"
        shutil.copyfile(source, tmp_path / name)
        names.append(name)
    shutil.copytree(ROOT / "examples" / "sales-webinars", tmp_path / "sales-webinars")
    return [*names, "sales-webinars"]


# --- when to use workers ---------------------------------------------------------------


def _files(folder: Path, count: int, size: int = 10) -> list[str]:
    paths = []
    for index in range(count):
        path = folder / f"p{index}.yaml"
        path.write_text("x" * size)
        paths.append(str(path))
    return paths


def test_a_few_small_plans_stay_in_this_process(tmp_path: Path) -> None:
    few = _files(tmp_path, batch.PARALLEL_MIN_PLANS - 1)
    assert batch.workers_for(few, 8) == 0
    assert batch.workers_for([*few, "extra.yaml"], 8) == 8


def test_a_few_large_plans_use_workers(tmp_path: Path) -> None:
    large = _files(tmp_path, 3, size=batch.PARALLEL_MIN_BYTES // 3 + 1)
    assert batch.workers_for(large, 8) == 3  # never more workers than plans
    assert batch.workers_for(large[:2], 8) == 0  # below the byte threshold


def test_one_job_or_one_plan_is_serial_and_stdin_is_never_sent_to_a_worker(tmp_path: Path) -> None:
    plans = _files(tmp_path, batch.PARALLEL_MIN_PLANS)
    assert batch.workers_for(plans, 1) == 0
    assert batch.workers_for([STDIN, *plans[:1]], 4) == 0
    assert batch.workers_for([STDIN, *plans[:-1]], 4) == 0
    assert batch.workers_for([STDIN, *plans], 4) == 4


def test_the_number_of_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    assert batch.jobs_from(None) == len(os.sched_getaffinity(0))
    assert batch.jobs_from(3) == 3
    monkeypatch.setenv(batch.JOBS_ENV, "5")
    assert batch.jobs_from(None) == 5
    assert batch.jobs_from(2) == 2  # the option wins
    for bad in ("0", "-1", "two", "1.5"):
        monkeypatch.setenv(batch.JOBS_ENV, bad)
        with pytest.raises(UserError) as caught:
            batch.jobs_from(None)
        assert batch.JOBS_ENV in caught.value.message
        assert caught.value.exit_code == 2


def test_the_help_states_the_thresholds(cli: Runner) -> None:
    shown = " ".join(cli("validate", "--help").out.split())
    assert "--jobs" in shown
    assert f"Fewer than {batch.PARALLEL_MIN_PLANS} plans" in shown
    assert f"under {batch.PARALLEL_MIN_BYTES // (1024 * 1024)} MiB" in shown


# --- the same results in the same order --------------------------------------------------


def _check_with_pid(source: str, max_bytes: int | None) -> PlanCheck:
    # A check that takes a moment, as a real one does: an instant one lets
    # the first worker take every chunk before the second has started.
    import time

    time.sleep(0.05)
    return PlanCheck(source, [str(os.getpid())])


def test_workers_check_the_plans_and_the_order_is_kept(many: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "_check", _check_with_pid)
    checks = batch.check_plans(many, None, 2)
    assert [c.source for c in checks] == many
    pids = {c.files[0] for c in checks}
    assert str(os.getpid()) not in pids
    assert len(pids) == 2


def test_parallel_checks_equal_serial_ones(many: list[str]) -> None:
    serial = batch.check_plans(many, None, 1)
    assert batch.workers_for(many, 2) == 2
    assert batch.check_plans(many, None, 2) == serial
    assert {c.valid for c in serial} == {True, False}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_byte_identical_serial_and_parallel(cli: Runner, many: list[str], fmt: str,
                                                            tmp_path: Path) -> None:
    stdin = (ROOT / "tests" / "data" / "invalid" / INVALID[0].name).read_text(encoding="utf-8")
    args = ["validate", "-f", fmt, *many[:20], "-", *many[20:]]
    serial = cli(*args, "--jobs", "1", stdin=stdin)
    parallel = cli(*args, "-j", "2", stdin=stdin)
    assert serial.code == parallel.code == 1
    assert (serial.out, serial.err) == (parallel.out, parallel.err)
    assert len(serial.out + serial.err) > 1000
    # Written to a file, too.
    assert cli(*args, "-j", "1", "-o", "serial.out", stdin=stdin).code == 1
    assert cli(*args, "-o", "parallel.out", stdin=stdin).code == 1  # default: every core
    assert (tmp_path / "serial.out").read_bytes() == (tmp_path / "parallel.out").read_bytes()


def test_a_bad_size_limit_setting_is_one_usage_error_either_way(cli: Runner, many: list[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALPLAN_MAX_BYTES", "lots")
    serial = cli("validate", "-j", "1", *many)
    parallel = cli("validate", "-j", "2", *many)
    assert serial.code == parallel.code == 2
    assert serial.err == parallel.err
    assert "SOCIALPLAN_MAX_BYTES" in serial.err


def test_jobs_must_be_positive(cli: Runner, many: list[str]) -> None:
    result = cli("validate", "--jobs", "0", *many)
    assert result.code == 2
    assert "Traceback" not in result.err


# --- failures ---------------------------------------------------------------------------


def _die_on_the_fifth(source: str, max_bytes: int | None) -> PlanCheck:
    if source.startswith("plan-004-"):
        os._exit(9)  # as if the system killed the worker
    return PlanCheck(source)


def test_a_worker_that_dies_ends_the_run_with_a_clear_error(many: list[str], monkeypatch: pytest.MonkeyPatch,
                                                            cli: Runner) -> None:
    monkeypatch.setattr(batch, "_check", _die_on_the_fifth)
    with pytest.raises(UserError) as caught:
        batch.check_plans(many, None, 2)
    assert caught.value.exit_code == EXIT_USAGE
    assert "--jobs 1" in (caught.value.hint or "")
    result = cli("validate", "-j", "2", *many)
    assert result.code == EXIT_USAGE
    assert "worker process was stopped" in result.err and "hint:" in result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert result.out == ""


def _busy_until_killed(source: str, max_bytes: int | None) -> PlanCheck:
    # Runs in a pool worker: says which process holds a plan, then holds it
    # until the test kills that process (the pool ends the others).
    with open("busy", "a") as busy:
        busy.write(f"{os.getpid()}\n")
    time.sleep(600)
    return PlanCheck(source)  # pragma: no cover - killed first


def _kill_the_first_busy_worker(folder: Path) -> threading.Thread:
    def kill() -> None:
        busy = folder / "busy"
        for _ in range(1200):  # a guard against a broken start, not a timing
            text = busy.read_text() if busy.exists() else ""
            if text.endswith("\n"):
                os.kill(int(text.split()[0]), signal.SIGKILL)  # as the OOM killer does
                return
            time.sleep(0.05)

    thread = threading.Thread(target=kill, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_worker_killed_by_sigkill_is_a_clear_usage_error(many: list[str], monkeypatch: pytest.MonkeyPatch,
                                                           cli: Runner, tmp_path: Path, fmt: str) -> None:
    monkeypatch.setattr(batch, "_check", _busy_until_killed)
    killer = _kill_the_first_busy_worker(tmp_path)
    result = cli("validate", "-j", "2", "-f", fmt, "-o", "report", *many)
    killer.join(timeout=60)
    assert (tmp_path / "busy").exists()  # a worker was busy with a plan when it was killed
    assert result.code == EXIT_USAGE, result.err
    assert result.err.startswith("socialplan: error: a worker process was stopped")
    assert "hint: check the plans in one process with --jobs 1" in result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert not (tmp_path / "report").exists()  # no report from a run that did not finish


_SLOW_RUN = """
import sys, time
from socialplan import batch, cli
from socialplan.diagnostics import PlanCheck

def slow(source, max_bytes):
    with open(sys.argv[1], "a") as started:
        started.write(source + "\\n")
    time.sleep(0.2)
    return PlanCheck(source)

batch._check = slow
sys.argv[0] = "socialplan"
cli.main(["validate", "-j", "2", *sys.argv[2:]])
"""


def test_ctrl_c_stops_a_parallel_run_cleanly(many: list[str], tmp_path: Path) -> None:
    started = tmp_path / "started"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    # A session of its own: the interrupt goes to the whole group, parent and
    # workers, as Ctrl-C in a terminal does.
    run = subprocess.Popen([sys.executable, "-c", _SLOW_RUN, str(started), *many], cwd=tmp_path, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        for _ in range(600):  # a guard against a broken start, not a timing
            if started.exists() or run.poll() is not None:
                break
            time.sleep(0.1)
        assert started.exists(), run.communicate()
        os.killpg(run.pid, signal.SIGINT)
        out, err = run.communicate(timeout=120)
    finally:
        if run.poll() is None:  # pragma: no cover - only when the test fails
            os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == 130, err  # as when a serial run is interrupted
    assert "Traceback" not in err
    # The plans not yet handed to a worker were dropped.
    assert len(started.read_text().splitlines()) < len(many)
    assert out == ""
