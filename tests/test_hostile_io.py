"""Hostile files, outputs and plan text (docs/limits.md): links, devices,
FIFOs, read-only files, full disks and outputs, control characters, long
values and broken templates each end in a clear message, never a crash,
a hang or a replaced file."""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from clirunner import Runner
from socialplan import output
from socialplan.errors import UserError
from socialplan.sources import expand_sources
from socialplan.templating import environment
from socialplan.validation import check_plan

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "global-tech-innovation.yaml"
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files")
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _example() -> dict:  # type: ignore[type-arg]
    data: dict = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return data


# --- outputs -----------------------------------------------------------------------------------


@POSIX
def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "report.md"
    target.write_text("old\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    output.write_file(link, "new\n")
    assert link.is_symlink() and target.read_text() == "new\n"
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["report.md"]  # no temporary file left


@POSIX
def test_a_device_is_written_to_not_replaced() -> None:
    before = os.stat(os.devnull)
    output.write_file(Path(os.devnull), "report\n")
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@POSIX
def test_a_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    output.write_file(fifo, "through the pipe\n")
    reader.join(timeout=30)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@POSIX
def test_a_read_only_file_is_refused_even_for_root(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("kept\n")
    target.chmod(0o444)
    with pytest.raises(UserError, match="read-only"):
        output.write_file(target, "new\n")
    assert target.read_text() == "kept\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_several_files_are_written_all_or_none(tmp_path: Path) -> None:
    old = {tmp_path / "case.md": "old report\n", tmp_path / "case-cash-flow.svg": "old chart\n"}
    for path, text in old.items():
        path.write_text(text)
    new = {tmp_path / "case-cash-flow.svg": "new chart\n", tmp_path / "case-new.svg": "new\n",
           tmp_path / "missing" / "case.md": "new report\n"}
    with pytest.raises(UserError, match="its folder does not exist"):
        output.write_files(new)
    assert {p.name: p.read_text() for p in tmp_path.iterdir() if p.is_file()} == {
        "case.md": "old report\n", "case-cash-flow.svg": "old chart\n"}


def test_a_full_disk_while_staging_leaves_nothing_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "case.md").write_text("old\n")
    real_fdopen = os.fdopen
    calls = {"n": 0}

    def fdopen(fd: int, mode: str = "r", *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:  # the second file cannot be written
            os.close(fd)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fdopen(fd, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(UserError, match="No space left on device"):
        output.write_files({tmp_path / "case-a.svg": "a", tmp_path / "case.md": "new\n"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.md"]
    assert (tmp_path / "case.md").read_text() == "old\n"


def test_a_markdown_business_case_and_its_charts_are_written_together(cli: Runner, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "case.md"
    assert cli("business-case", str(EXAMPLE), "-n", "10", "-o", str(report)).code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert len(before) > 1  # the report and its charts
    real_replace = os.replace

    def replace(source: str, target: str) -> None:
        if str(target).endswith("case.md"):
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    result = cli("business-case", str(EXAMPLE), "-n", "11", "-o", str(report))
    assert result.code == 2 and "cannot write the file" in result.err
    # Renaming is the last step: the charts renamed before the failure are
    # new, but no temporary file is left, and the report was not replaced.
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert set(after) == set(before)
    assert after["case.md"] == before["case.md"]


@POSIX
@pytest.mark.parametrize("args", [["rules"], ["rules", "-f", "json"], ["schema"],
                                  ["validate", "-f", "json", str(EXAMPLE)], ["assess", str(EXAMPLE)]],
                         ids=lambda a: "-".join(a[:3]))
def test_a_full_standard_output_is_a_usage_error(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "socialplan", *args], stdout=full, stderr=subprocess.PIPE,
                              timeout=120, check=False)
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.decode() == "socialplan: error: cannot write the output: No space left on device\n"


class _FullStream(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_standard_output_in_process(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", _FullStream())
    result = cli("rules", "-f", "json")
    assert result.code == 2
    assert "cannot write the output: No space left on device" in result.err


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_size_limit_beyond_2_to_the_63_is_read_as_no_limit(cli: Runner, monkeypatch: pytest.MonkeyPatch,
                                                               how: str) -> None:
    huge = str(2**64 + 1)
    if how == "environment":
        monkeypatch.setenv("SOCIALPLAN_MAX_BYTES", huge)
        result = cli("validate", str(EXAMPLE))
    else:
        result = cli("validate", str(EXAMPLE), "--max-bytes", huge)
    assert result.code == 0, result.err


def test_an_empty_export_folder_is_refused(cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("templates", "export", "")
    assert result.code == 2 and "an empty path" in result.err
    assert list(tmp_path.iterdir()) == []


# --- files read --------------------------------------------------------------------------------


@POSIX
def test_a_fifo_plan_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    check, validated = check_plan(str(fifo))  # would block forever if opened
    assert validated is None
    [d] = check.diagnostics
    assert (d.code, d.message) == ("SP001", "is a FIFO (named pipe), not a regular file")
    assert "'-'" in (d.hint or "")


@POSIX
def test_a_fifo_or_folder_in_a_folder_plan_is_reported(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "organisation.yaml").write_text("name: x\n")
    os.mkfifo(plan / "objectives.yaml")
    (plan / "use_cases.yaml").mkdir()
    check, validated = check_plan(str(plan))
    assert validated is None
    found = {(Path(d.location.file).name, d.code, d.message.split(",")[0]) for d in check.diagnostics}
    assert found == {("objectives.yaml", "SP001", "is a FIFO (named pipe)"),
                     ("use_cases.yaml", "SP001", "is a folder")}


@POSIX
def test_a_config_file_that_is_a_fifo_is_not_read(cli: Runner, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / ".socialplan.yaml")
    (tmp_path / "plan.yaml").write_bytes(EXAMPLE.read_bytes())
    result = cli("assess", str(tmp_path / "plan.yaml"))
    assert result.code == 2 and "not a regular file" in result.err


@POSIX
def test_globs_and_folders_do_not_follow_linked_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.yaml").write_text("organisation: {name: a}\n")
    (tmp_path / "plans" / "root").symlink_to("/", target_is_directory=True)
    (tmp_path / "plans" / "loop").symlink_to(tmp_path, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    assert expand_sources(["plans/**/*.yaml"]) == ["plans/a.yaml"]
    assert expand_sources(["plans"]) == ["plans/a.yaml"]
    assert expand_sources([str(tmp_path / "plans" / "*.yaml")]) == [str(tmp_path / "plans" / "a.yaml")]


def test_a_float_too_large_is_located_in_plans_and_settings(cli: Runner, tmp_path: Path) -> None:
    digits = "9" * 400
    plan = tmp_path / "plan.yaml"
    plan.write_text(EXAMPLE.read_text(encoding="utf-8").replace("headcount: 48000", f"headcount: !!float {digits}"))
    for command in ("validate", "assess", "business-case", "rollout"):
        result = cli(command, str(plan))
        assert result.code == 1, (command, result.err[-500:])
        assert "SP002" in result.err and "is too large for a !!float" in result.err
        assert "(400 characters)" in result.err and digits not in result.err
    plan.write_bytes(EXAMPLE.read_bytes())
    (tmp_path / ".socialplan.yaml").write_text(f"thresholds:\n  max_objectives: !!float {digits}\n")
    result = cli("assess", str(plan))
    assert result.code == 2 and "too large for a !!float" in result.err


def test_a_long_value_is_quoted_short_everywhere(cli: Runner, tmp_path: Path) -> None:
    data = _example()
    long_id = "X" * 1_000_000
    old = data["objectives"][0]["id"]
    data["objectives"][0]["id"] = long_id
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, width=10**7).replace(f"- {old}\n", f"- {old}\n"), encoding="utf-8")
    result = cli("validate", str(path))
    assert result.code == 1
    assert len(result.err) < 20_000, len(result.err)
    assert "... (1,000,000 characters)" in result.err


# --- plan text in reports ----------------------------------------------------------------------

NASTY = "\x1b[31mRED\x07BEL\rCR\u202eRTL\x00NUL [bold]B[/bold]"


def _nasty_plan(tmp_path: Path) -> Path:
    data = _example()
    data["organisation"]["name"] = f"Org {NASTY}"
    for section in ("objectives", "use_cases"):
        for item in data[section]:
            item["title"] = f"{item['title']} {NASTY}"
    for group in data["stakeholders"]:
        group["name"] = f"{group.get('name', group['id'])} {NASTY}"
    for cost in data["finance"]["costs"]:
        cost["name"] = f"{cost['name']} {NASTY}"
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("run", [
    ("business-case", "-n", "10", "-f", "markdown"), ("business-case", "-n", "10", "-f", "html"),
    ("rollout", "-f", "markdown"), ("rollout", "-f", "html"), ("rollout", "-f", "csv"),
    ("assess", "-f", "markdown"), ("assess",), ("rollout", "-f", "ics"),
], ids=lambda r: "-".join(x for x in r if not x.isdigit()))
def test_control_characters_never_reach_a_report(cli: Runner, tmp_path: Path, run: tuple[str, ...]) -> None:
    path = _nasty_plan(tmp_path)
    result = cli(run[0], str(path), *run[1:], *(["--as-of", "2027-01-15"] if run[0] == "assess" else []))
    assert result.code == 0, result.err[-2000:]
    text = result.out
    if run[-1] == "csv":
        text = text.replace("\r\n", "\n")  # the CSV line ends
    if run[-1] == "ics":
        text = text.replace("\r\n", "\n")
    if run[0] != "assess":
        assert "RED" in text  # the plan text is there...
    assert not CONTROLS.search(text), sorted(set(CONTROLS.findall(text)))  # ...without its controls
    assert not CONTROLS.search(result.err.replace("\n", ""))


def test_control_characters_in_the_text_reports_of_validate(cli: Runner, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text('organisation:\n  name: x\n  "k\\e[31m\\a\\r\\u202e\\0[bold]": 1\n', encoding="utf-8")
    result = cli("validate", str(path))
    assert result.code == 1
    assert not CONTROLS.search(result.err.replace("\n", ""))
    assert "[bold]" in result.err


# --- templates -----------------------------------------------------------------------------------


def test_only_custom_templates_are_sandboxed(tmp_path: Path) -> None:
    from jinja2.sandbox import SandboxedEnvironment

    assert not isinstance(environment("html"), SandboxedEnvironment)
    assert isinstance(environment("html", tmp_path), SandboxedEnvironment)
    assert isinstance(environment("markdown", tmp_path), SandboxedEnvironment)


@pytest.mark.parametrize("command", ["business-case", "rollout"])
def test_a_template_that_includes_itself_is_named(cli: Runner, tmp_path: Path, command: str) -> None:
    name = "business-case.md.j2" if command == "business-case" else "rollout.md.j2"
    (tmp_path / name).write_text(f'{{% include "{name}" %}}\n')
    result = cli(command, str(EXAMPLE), "-t", str(tmp_path), "-f", "markdown",
                 *(["-n", "10"] if command == "business-case" else []))
    assert result.code == 2, result.err[-1000:]
    assert f"{name}: the template includes or extends itself" in result.err


@pytest.mark.parametrize("command", ["business-case", "rollout"])
def test_a_template_that_is_not_utf8_is_named(cli: Runner, tmp_path: Path, command: str) -> None:
    name = "business-case.md.j2" if command == "business-case" else "rollout.md.j2"
    (tmp_path / name).write_bytes(b"caf\xe9 {{ 1 }}\n")
    result = cli(command, str(EXAMPLE), "-t", str(tmp_path), "-f", "markdown",
                 *(["-n", "10"] if command == "business-case" else []))
    assert result.code == 2, result.err[-1000:]
    assert f"{tmp_path / name}: the template is not UTF-8 text (byte 0xe9 at offset 3)" in result.err
