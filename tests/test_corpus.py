"""Every input of the YAML test suite (tests/data/yaml-test-suite, MIT, see
its README) ends in a clean result: a valid plan, or located errors with
exit status 1; never a traceback, a crash or a hang.

Nearly none of the inputs is a plan, so "invalid" is the usual answer; what
is tested is that the answer is clean, for both event parsers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from socialplan import yamlsafe
from socialplan.diagnostics import VALIDATION_CODES
from socialplan.validation import check_plan

CORPUS = Path(__file__).parent / "data" / "yaml-test-suite"
INPUTS = sorted(CORPUS.rglob("in.yaml"))
CASES = [str(p.parent.relative_to(CORPUS)) for p in INPUTS]
# Codes that say "this is not YAML a plan can use", as opposed to "this YAML
# is not a valid plan".
YAML_CODES = {"SP001", "SP002", "SP003", "SP004"}
# Inputs the spec calls invalid that PyYAML's parsers (libyaml, and most of
# them the pure-Python one too) accept, so they fail only as plans: comments
# glued to a value, plain '-' in flow collections, loose indentation of
# flow and quoted continuations. Their data is unambiguous.
LENIENT = {
    "9C9N", "9JBA", "CVW2", "DK95/01", "G5U8", "MUS6/00", "QB6E", "S98Z", "SU5Z", "X4QW", "Y79Y/003", "YJV2",
}

PARSERS: dict[str, Any] = {"python": yamlsafe.PythonParser}
try:
    from yaml._yaml import CParser

    PARSERS["libyaml"] = CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    pass


def test_the_corpus_is_complete() -> None:
    assert len(INPUTS) == 402
    assert (CORPUS / "LICENSE").is_file()
    assert (CORPUS / "README.md").is_file()
    assert sum((CORPUS / case / "error").exists() for case in CASES) == 94


@pytest.mark.parametrize("parser", sorted(PARSERS))
@pytest.mark.parametrize("case", CASES)
def test_each_input_ends_cleanly(case: str, parser: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "_Parser", PARSERS[parser])
    path = CORPUS / case / "in.yaml"
    check, validated = check_plan(str(path))
    assert check.valid == (validated is not None)
    if check.valid:
        return
    assert check.diagnostics
    for d in check.diagnostics:
        assert d.location.file == str(path)
        assert d.location.line >= 1
        assert d.location.column >= 1
        assert d.code in VALIDATION_CODES
    if (CORPUS / case / "error").exists() and case not in LENIENT:
        assert {d.code for d in check.diagnostics} & YAML_CODES, check.diagnostics


@pytest.mark.parametrize("case", [c for c in CASES if (CORPUS / c / "error").exists()])
def test_invalid_yaml_is_reported_invalid(case: str) -> None:
    check, validated = check_plan(str(CORPUS / case / "in.yaml"))
    assert not check.valid
    assert validated is None


@pytest.mark.slow
def test_the_whole_corpus_through_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "socialplan", "validate", str(CORPUS), "--format", "json"],
        capture_output=True, timeout=300, check=False,
    )
    assert result.returncode == 1, result.stderr.decode(errors="replace")[-2000:]
    assert b"Traceback" not in result.stderr
    report = json.loads(result.stdout)
    sources = [plan["source"] for plan in report["plans"]]
    assert sorted(sources) == sorted(str(p) for p in INPUTS)
    assert report["summary"]["plans"] == len(INPUTS)
    for plan in report["plans"]:
        assert plan["valid"] or plan["diagnostics"]
        for d in plan["diagnostics"]:
            assert d["file"] == plan["source"]
            assert d["line"] >= 1 and d["column"] >= 1
            assert d["code"] in VALIDATION_CODES
