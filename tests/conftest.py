"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import pytest

from clirunner import Runner, make_runner


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Run ``socialplan ARGS...`` through its entry point; returns code, stdout, stderr."""
    return make_runner(capsys, monkeypatch)
