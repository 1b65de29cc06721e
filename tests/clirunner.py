"""Run socialplan's real entry point in-process, as a user would from a shell:
through ``main()``, the boundary that turns errors into messages and exit
codes. The ``cli`` fixture in conftest.py hands tests a ready runner."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from socialplan.cli import main


@dataclass
class Result:
    code: int
    out: str
    err: str


Runner = Callable[..., Result]


def make_runner(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    def run(*args: str, stdin: str | bytes = b"") -> Result:
        data = stdin.encode() if isinstance(stdin, str) else stdin
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        capsys.readouterr()
        try:
            main(list(args))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        else:  # pragma: no cover - the entry point always exits
            code = 0
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def offered(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *words: str) -> list[str]:
    """What the shell's completion offers after ``socialplan WORDS...`` (a
    trailing "" completes a new word): the choices the command line accepts."""
    with monkeypatch.context() as env:
        env.setenv("_SOCIALPLAN_COMPLETE", "complete_bash")
        env.setenv("COMP_WORDS", " ".join(("socialplan", *words)))
        env.setenv("COMP_CWORD", str(len(words)))
        capsys.readouterr()
        with pytest.raises(SystemExit) as stop:
            main([])
    assert stop.value.code in (0, None)
    return capsys.readouterr().out.split()
