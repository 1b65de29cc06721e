"""``socialplan init`` on the command line: flags, questions on a terminal,
the refusal to overwrite, and a fresh plan never rated go."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from clirunner import Runner
from socialplan.assess.engine import assess_plan
from socialplan.validation import check_plan


def _plan(folder: Path) -> dict[str, object]:
    merged: dict[str, object] = {}
    for file in sorted(folder.glob("*.yaml")):
        merged.update(yaml.safe_load(file.read_text(encoding="utf-8")))
    return merged


def test_flags_write_a_valid_plan_and_say_what_next(cli: Runner, tmp_path: Path) -> None:
    target = tmp_path / "north wind"
    done = cli("init", str(target), "--organisation", "Northwind", "--headcount", "12000", "--platform", "slack",
               "--group", "Partners=150", "--group", "Consultants=9000", "--objective", "Share client know-how",
               "--currency", "eur", "--start", "2027-03-01")
    assert done.code == 0, done.err
    written = sorted(target.glob("*.yaml"))
    assert len(written) == 7
    for file in written:
        assert str(file) in done.out
    assert f"socialplan validate '{target}'" in done.out and f"socialplan assess '{target}'" in done.out
    plan = _plan(target)
    assert plan["organisation"]["name"] == "Northwind"  # type: ignore[index]
    assert plan["organisation"]["currency"] == "EUR"  # type: ignore[index]
    assert [g["headcount"] for g in plan["stakeholders"]] == [150, 9000]  # type: ignore[union-attr,index]
    assert [o["title"] for o in plan["objectives"]] == ["Share client know-how"]  # type: ignore[union-attr,index]
    assert str(plan["rollout"]["start"]) == "2027-03-01"  # type: ignore[index]
    assert cli("validate", str(target)).code == 0


def test_refuses_to_replace_a_plan_without_force(cli: Runner, tmp_path: Path) -> None:
    target = tmp_path / "plan"
    assert cli("init", str(target), "--organisation", "First").code == 0
    before = {f.name: f.read_bytes() for f in target.iterdir()}
    refused = cli("init", str(target), "--organisation", "Second")
    assert refused.code == 2 and "already here; nothing was written" in refused.err
    assert "Traceback" not in refused.err
    assert {f.name: f.read_bytes() for f in target.iterdir()} == before
    forced = cli("init", str(target), "--organisation", "Second", "--force")
    assert forced.code == 0
    assert _plan(target)["organisation"]["name"] == "Second"  # type: ignore[index]


@pytest.mark.parametrize(("args", "words"), [
    (("--platform", "workplace"), "workplace"),
    (("--group", "Staff"), "NAME=HEADCOUNT"),
    (("--headcount", "many"), "not a whole number"),
    (("--start", "March"), "YYYY-MM-DD"),
    (("--currency", "pounds"), "ISO 4217"),
])
def test_bad_answers_are_usage_errors(cli: Runner, tmp_path: Path, args: tuple[str, ...], words: str) -> None:
    done = cli("init", str(tmp_path / "plan"), *args)
    assert done.code == 2 and words in done.err and "Traceback" not in done.err
    assert not (tmp_path / "plan").exists()


def test_a_terminal_session_is_asked_what_flags_do_not_give(cli: Runner, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("socialplan.commands.init.interactive", lambda: True)
    answers = "\n".join([
        "Contoso",              # organisation
        "2,400",                # headcount
        "workvivo",             # platform
        "workplace",            # moving off
        "Leaders=40; Nurses=2360",
        "Share shift news; Find experts",
        "usd",                  # currency
    ]) + "\n"
    done = cli("init", str(tmp_path / "plan"), stdin=answers)
    assert done.code == 0, done.err
    for question in ("Organisation name", "Headcount", "Platform", "Moving off", "Stakeholder groups",
                     "Business objectives", "Currency"):
        assert question in done.out
    plan = _plan(tmp_path / "plan")
    assert plan["organisation"]["name"] == "Contoso"  # type: ignore[index]
    assert plan["organisation"]["headcount"] == 2400  # type: ignore[index]
    assert plan["organisation"]["currency"] == "USD"  # type: ignore[index]
    assert [g["headcount"] for g in plan["stakeholders"]] == [40, 2360]  # type: ignore[union-attr,index]
    titles = [o["title"] for o in plan["objectives"]]  # type: ignore[union-attr,index]
    assert "Share shift news" in titles and "Find experts" in titles
    assert any("Workplace from Meta" in t for t in titles)
    assert any("Workvivo" in o["title"] for o in plan["options"])  # type: ignore[union-attr,index]


def test_flags_given_are_not_asked(cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("socialplan.commands.init.interactive", lambda: True)
    done = cli("init", str(tmp_path / "plan"), "--organisation", "Contoso", "--headcount", "500",
               "--platform", "jive", "--migrating-from", "workplace", "--group", "All=500", "--objective", "X",
               "--currency", "GBP", stdin="")
    assert done.code == 0, done.err
    assert "Organisation name" not in done.out and "Currency" not in done.out


def test_no_questions_off_a_terminal(cli: Runner, tmp_path: Path) -> None:
    done = cli("init", str(tmp_path / "plan"), stdin="Contoso\n")
    assert done.code == 0 and "Organisation name" not in done.out
    assert _plan(tmp_path / "plan")["organisation"]["name"] == "Northwind"  # type: ignore[index]


def test_a_fresh_plan_is_never_rated_go_until_its_placeholders_are_replaced(cli: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    assert cli("init", str(folder), "--headcount", "3000").code == 0
    _check, validated = check_plan(str(folder), None)
    assert validated is not None
    assessment = assess_plan(validated, as_of=dt.date(2026, 12, 2))
    assert assessment.verdict != "go"
    placeholders = [f for f in assessment.findings if f.code == "DA08"]
    # One finding per text holding TODO, counted independently of the rule.
    expected = sum(line.count("TODO") for f in folder.glob("*.yaml")
                   for line in f.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#"))
    assert len(placeholders) == expected > 0
    assert all(f.severity == "warning" for f in placeholders)
    assert all(str(folder) in str(f.location) for f in placeholders)


def test_a_real_terminal_is_asked(tmp_path: Path) -> None:
    """Through a pseudo-terminal, as a person runs it: the questions come
    because standard input and output are a terminal, not because a test
    said so."""
    import os
    import pty
    import select
    import subprocess
    import sys

    primary, secondary = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"), "COLUMNS": "200"}
    target = tmp_path / "plan"
    with subprocess.Popen([sys.executable, "-m", "socialplan", "init", str(target)], stdin=secondary,
                          stdout=secondary, stderr=secondary, env=env, close_fds=True) as process:
        os.close(secondary)
        # The answers are typed ahead: the terminal holds them until asked.
        os.write(primary, b"Fabrikam\n800\nslack\nnone\nDirectors=20; Staff=780\nShip faster\nEUR\n")
        seen = b""
        while True:
            # A program still asking after a minute waits for an answer it
            # will never get: stop it rather than hang the suite.
            if not select.select([primary], [], [], 60)[0]:
                process.kill()
                break
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the other end closed: the program has ended
                break
            if not chunk:
                break
            seen += chunk
        code = process.wait(timeout=120)
    os.close(primary)
    shown = seen.decode("utf-8", "replace")
    assert code == 0, shown
    assert "Organisation name" in shown and "Currency" in shown
    plan = _plan(target)
    assert plan["organisation"]["name"] == "Fabrikam"  # type: ignore[index]
    assert plan["organisation"]["currency"] == "EUR"  # type: ignore[index]
    assert [g["headcount"] for g in plan["stakeholders"]] == [20, 780]  # type: ignore[union-attr,index]
