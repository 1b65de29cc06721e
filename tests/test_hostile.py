"""Hostile and broken input ends in bounded time and memory, with a clear
located error and exit status 1: never a crash, a hang or a traceback.

The dangerous inputs run ``socialplan validate`` in a child process, under
a memory cap, so that a crash of the C parser would show as a signal exit
instead of taking the test run down, and a runaway shows as a failure.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from socialplan.validation import check_plan

LEVELS = 100_000
MEMORY_CAP = 1024 * 1024 * 1024  # 1 GiB of address space for the child
TIMEOUT = 120  # seconds; a guard against a hang, not a speed target

# Run the command line with the pure-Python event parser instead of libyaml.
PURE_PYTHON = (
    "import sys; from socialplan import yamlsafe, cli; "
    "yamlsafe._Parser = yamlsafe.PythonParser; sys.argv[0] = 'socialplan'; cli.main()"
)


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def validate(*args: str, parser: str = "default", env: dict[str, str] | None = None,
             stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "socialplan"] if parser == "default" else [sys.executable, "-c", PURE_PYTHON]
    return subprocess.run(
        [*command, "validate", *args], input=stdin, capture_output=True, timeout=TIMEOUT,
        env={**os.environ, **(env or {})}, preexec_fn=_cap_memory, check=False,
    )


def json_report(result: subprocess.CompletedProcess[bytes]) -> list[dict[str, Any]]:
    """The diagnostics of the single plan in a ``--format json`` report,
    after checking the process ended cleanly with exit status 1."""
    assert result.returncode == 1, (result.returncode, result.stderr.decode(errors="replace")[-2000:])
    assert b"Traceback" not in result.stderr
    report = json.loads(result.stdout)
    [plan] = report["plans"]
    assert plan["valid"] is False
    diagnostics: list[dict[str, Any]] = plan["diagnostics"]
    assert diagnostics
    for d in diagnostics:
        assert d["line"] >= 1 and d["column"] >= 1 and d["file"]
    return diagnostics


DEEP = {
    "flow-sequence": "[" * LEVELS + "]" * LEVELS + "\n",
    "flow-sequence-unclosed": "[" * LEVELS + "\n",
    "flow-mapping": "{a: " * LEVELS + "1" + "}" * LEVELS + "\n",
    "block-sequence": "- " * LEVELS + "x\n",
    "block-mapping": "".join(" " * i + "a:\n" for i in range(3000)),  # as deep as 5 MB allows
}


@pytest.mark.slow
@pytest.mark.parametrize("parser", ["default", "python"])
@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting(tmp_path: Path, shape: str, parser: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(DEEP[shape])
    [d] = json_report(validate(str(path), "--format", "json", parser=parser))
    assert d["code"] == "SP004"
    assert "nest" in d["message"]
    assert d["line"] >= 1


ALIAS_BOMB = "".join(
    [f"a0: &a0 [{', '.join(['lol'] * 10)}]\n"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)]
)


@pytest.mark.slow
@pytest.mark.parametrize("parser", ["default", "python"])
def test_billion_laughs(tmp_path: Path, parser: str) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(ALIAS_BOMB)  # 10**10 values once expanded
    [d] = json_report(validate(str(path), "--format", "json", parser=parser))
    assert d["code"] == "SP004"
    assert "aliases" in d["message"]


def test_a_python_tag_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    command = f"touch {marker}"
    path = tmp_path / "plan.yaml"
    for text in (
        f"organisation: !!python/object/apply:os.system ['{command}']\n",
        f"!!python/object/apply:os.system ['{command}']\n",
        f"organisation: !!python/object/apply:subprocess.call [['touch', '{marker}']]\n",
        "organisation: !!python/name:os.system\n",
    ):
        path.write_text(text)
        [d] = json_report(validate(str(path), "--format", "json"))
        assert d["code"] == "SP003"
        assert "python/" in d["message"]
        assert not marker.exists()


@pytest.mark.parametrize("how", ["option", "environment"])
def test_an_oversized_file_is_refused(tmp_path: Path, how: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("organisation: {name: x}\n" + "# padding\n" * 1000)
    limit = str(path.stat().st_size - 1)
    if how == "option":
        result = validate(str(path), "--format", "json", "--max-bytes", limit)
    else:
        result = validate(str(path), "--format", "json", env={"SOCIALPLAN_MAX_BYTES": limit})
    [d] = json_report(result)
    assert d["code"] == "SP001"
    assert f"{int(limit):,}-byte limit" in d["message"]
    assert "--max-bytes" in d["hint"] and "SOCIALPLAN_MAX_BYTES" in d["hint"]


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("organisation: {name: x}\n")
    size = str(path.stat().st_size)
    assert validate(str(path), "--max-bytes", size).returncode == 0
    assert validate(str(path), env={"SOCIALPLAN_MAX_BYTES": size}).returncode == 0


def test_a_bad_size_limit_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("organisation: {name: x}\n")
    result = validate(str(path), env={"SOCIALPLAN_MAX_BYTES": "5MB"})
    assert result.returncode == 2
    assert b"SOCIALPLAN_MAX_BYTES" in result.stderr
    assert b"Traceback" not in result.stderr


def test_the_size_limit_holds_for_stdin() -> None:
    data = b"organisation: {name: x}\n" + b"#" * 10_000 + b"\n"
    [d] = json_report(validate("-", "--format", "json", "--max-bytes", "1000", stdin=data))
    assert d["code"] == "SP001"
    assert d["file"] == "<stdin>"


# Smaller broken inputs: in-process is enough, each must give a clean,
# located result. (name, content, expected codes)
BROKEN: list[tuple[str, bytes, set[str]]] = [
    ("binary", bytes(range(256)) * 4, {"SP001"}),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", {"SP001"}),
    ("invalid-utf8", b"organisation:\n  name: caf\xe9\n", {"SP001"}),
    ("utf16", "organisation: {name: x}\n".encode("utf-16"), {"SP001"}),
    ("control-character", b"organisation: {name: a\x1bb}\n", {"SP001"}),
    ("empty", b"", {"SP011"}),
    ("whitespace", b" \n\t\n\r\n", {"SP011"}),
    ("comments", b"# a plan\n   # to come\n", {"SP011"}),
    ("two-documents", b"organisation: {name: a}\n---\norganisation: {name: b}\n", {"SP003"}),
    ("merge-key", b"base: &b {name: a}\norganisation:\n  <<: *b\n", {"SP003"}),
    ("recursive-alias", b"organisation: &o {name: a, again: *o}\n", {"SP003"}),
    ("undefined-alias", b"organisation: *nowhere\n", {"SP002"}),
    ("complex-key", b"? {name: a}\n: organisation\n", {"SP003"}),
    ("custom-tag", b"organisation: !plan {name: a}\n", {"SP003"}),
    ("unclosed-quote", b'organisation: {name: "a}\n', {"SP002"}),
    ("tab-indent", b"organisation:\n\tname: a\n", {"SP002"}),
    ("long-line", b"organisation: {name: " + b"x" * 1_000_000 + b"}\n", {"SP012"}),
    ("long-key", b"organisation:\n  " + b"k" * 100_000 + b": 1\n", {"SP002"}),
    ("long-digits", b"organisation: {name: a, headcount: " + b"9" * 100_000 + b"}\n", {"SP012"}),
    ("crlf", b"organisation:\r\n  name: a\r\n  nme: b\r\n", {"SP010"}),
]


@pytest.mark.parametrize(("name", "content", "codes"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_input_gives_a_located_error(tmp_path: Path, name: str, content: bytes, codes: set[str]) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content)
    check, validated = check_plan(str(path))
    assert validated is None
    assert {d.code for d in check.diagnostics} == codes
    for d in check.diagnostics:
        assert d.location.file == str(path)
        assert d.location.line >= 1 and d.location.column >= 1


def test_crlf_positions_are_those_of_the_lines(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"organisation:\r\n  name: a\r\n  nme: b\r\n")
    [d] = check_plan(str(path))[0].diagnostics
    assert (d.location.line, d.location.column) == (3, 3)


def test_broken_input_through_the_command_line(tmp_path: Path) -> None:
    """Every broken input at once: one process, exit 1, one entry each."""
    paths = []
    for name, content, _ in BROKEN:
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(content)
        paths.append(str(path))
    result = subprocess.run(
        [sys.executable, "-m", "socialplan", "validate", "--format", "json", *paths],
        capture_output=True, timeout=TIMEOUT, preexec_fn=_cap_memory, check=False,
    )
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert [p["source"] for p in report["plans"]] == paths
    assert not any(p["valid"] for p in report["plans"])
