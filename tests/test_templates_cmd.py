"""``socialplan templates export DIR``: copies the defaults, never replaces a
user's file unless asked, and the copies work with --template-dir."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from socialplan.cli import main
from socialplan.templating import default_template_dir
from test_finance_model import hand_plan


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        main(list(args))
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 0
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def defaults() -> list[Path]:
    source = default_template_dir()
    return sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())


def test_export_copies_every_default_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "look"
    code, out, _ = run(capsys, "templates", "export", str(target))
    assert code == 0
    names = defaults()
    assert Path("business-case.html.j2") in names and Path("business-case.md.j2") in names
    for name in names:
        assert (target / name).read_bytes() == (default_template_dir() / name).read_bytes()
    assert f"{len(names)} files written" in out


def test_export_keeps_files_already_there_unless_forced(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "look"
    target.mkdir()
    mine = target / "business-case.md.j2"
    mine.write_text("my own look\n")
    code, out, _ = run(capsys, "templates", "export", str(target))
    assert code == 0 and mine.read_text() == "my own look\n"
    assert "kept" in out and "business-case.md.j2" in out and "--force" in out
    assert (target / "business-case.html.j2").exists()

    code, out, _ = run(capsys, "templates", "export", str(target), "--force")
    assert code == 0
    assert mine.read_bytes() == (default_template_dir() / "business-case.md.j2").read_bytes()


def test_export_into_a_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    code, _, err = run(capsys, "templates", "export", str(target))
    assert code == 2 and "file.txt" in err
    assert target.read_text() == "x"


def test_exported_templates_render_the_same_report(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(hand_plan(), sort_keys=False))
    look = tmp_path / "look"
    assert run(capsys, "templates", "export", str(look))[0] == 0
    default = run(capsys, "business-case", str(plan), "-n", "0")
    exported = run(capsys, "business-case", str(plan), "-n", "0", "--template-dir", str(look))
    assert default[0] == exported[0] == 0
    assert default[1] == exported[1]
    (look / "business-case.md.j2").write_text("CHANGED {{ title }}\n")
    changed = run(capsys, "business-case", str(plan), "-n", "0", "--template-dir", str(look))
    assert changed[0] == 0 and changed[1] == "CHANGED Business case: an internal social network\n"


def test_export_never_writes_through_a_symbolic_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "look"
    target.mkdir()
    elsewhere = tmp_path / "elsewhere.txt"
    # A dangling link: nothing exists at its end yet, so a plain "does it
    # exist?" check says no and a copy would create the file it points to.
    (target / "business-case.md.j2").symlink_to(elsewhere)
    code, out, _ = run(capsys, "templates", "export", str(target))
    assert code == 0
    assert not elsewhere.exists()
    assert (target / "business-case.md.j2").is_symlink()
    assert "kept" in out and "business-case.md.j2" in out

    # Asked to replace it, the link itself is replaced by the template.
    elsewhere.write_text("someone else's file\n")
    code, _, _ = run(capsys, "templates", "export", str(target), "--force")
    assert code == 0
    assert elsewhere.read_text() == "someone else's file\n"
    assert not (target / "business-case.md.j2").is_symlink()
    copied = (target / "business-case.md.j2").read_bytes()
    assert copied == (default_template_dir() / "business-case.md.j2").read_bytes()
