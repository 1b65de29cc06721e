"""Reading plan sources (files, folder plans, standard input) and where each
problem points: file, 1-based line and column, plan path.

Expected positions are computed from the test's own YAML text (the offset of
the offending token), never copied from the program's output.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from socialplan.diagnostics import Diagnostic, PlanCheck
from socialplan.errors import UserError
from socialplan.loader import MAX_BYTES_ENV, LoadError, decode, load_plan, max_bytes_from_env
from socialplan.validation import check_plan

VALID = """\
organisation:
  name: Northwind Advisory
  headcount: 1200
stakeholders:
  - id: partners
    headcount: 150
    senior: true
  - id: consultants
    headcount: 900
objectives:
  - id: connect
    title: Connect consultants on client sites
    sponsor: partners
use_cases:
  - id: rooms
    title: Project rooms instead of status calls
    objectives: [connect]
    stakeholders: [consultants]
"""


def position(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of the n-th ``needle``, counted from the text."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(needle, offset + 1)
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def changed(old: str, new: str, text: str = VALID) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def check_text(tmp_path: Path, text: str, name: str = "plan.yaml") -> PlanCheck:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return check_plan(str(path))[0]


def only(check: PlanCheck, code: str) -> Diagnostic:
    found = [d for d in check.diagnostics if d.code == code]
    assert len(found) == 1, check.diagnostics
    return found[0]


def at(diagnostic: Diagnostic) -> tuple[int, int]:
    return diagnostic.location.line, diagnostic.location.column


def test_the_base_plan_is_valid(tmp_path: Path) -> None:
    check = check_text(tmp_path, VALID)
    assert check.valid, check.diagnostics
    assert check.diagnostics == []


# --- positions of validation errors ------------------------------------------------

def test_unknown_key_points_at_the_key(tmp_path: Path) -> None:
    text = changed("  headcount: 1200", "  headcont: 1200")
    d = only(check_text(tmp_path, text), "SP010")
    assert d.location.file == str(tmp_path / "plan.yaml")
    assert at(d) == position(text, "headcont")
    assert d.plan_path == "organisation.headcont"


def test_wrong_type_points_at_the_value(tmp_path: Path) -> None:
    text = changed("headcount: 900", "headcount: lots")
    d = only(check_text(tmp_path, text), "SP012")
    assert at(d) == position(text, "lots")
    assert d.plan_path == "stakeholders[1].headcount"


def test_missing_key_points_at_the_mapping_that_lacks_it(tmp_path: Path) -> None:
    text = changed("    title: Connect consultants on client sites\n", "")
    d = only(check_text(tmp_path, text), "SP011")
    assert d.plan_path == "objectives[0].title"
    # A block mapping starts at its first key.
    assert at(d) == position(text, "id: connect")


def test_missing_key_in_a_flow_mapping_points_at_its_brace(tmp_path: Path) -> None:
    text = changed("  - id: consultants\n    headcount: 900\n", "  - {id: consultants}\n")
    d = only(check_text(tmp_path, text), "SP011")
    assert d.plan_path == "stakeholders[1].headcount"
    assert at(d) == position(text, "{id: consultants}")


def test_missing_section_points_at_the_document(tmp_path: Path) -> None:
    text = "# the organisation comes later\nstakeholders: []\n"
    d = only(check_text(tmp_path, text), "SP011")
    assert d.plan_path == "organisation"
    assert at(d) == position(text, "stakeholders")


def test_dangling_reference_points_at_the_reference(tmp_path: Path) -> None:
    text = changed("objectives: [connect]", "objectives: [conect]")
    d = only(check_text(tmp_path, text), "SP021")
    assert at(d) == position(text, "conect")
    assert d.plan_path == "use_cases[0].objectives[0]"
    assert d.hint == "did you mean 'connect'?"


def test_duplicate_id_points_at_the_second_one(tmp_path: Path) -> None:
    text = changed("  - id: consultants", "  - id: partners")
    d = only(check_text(tmp_path, text), "SP020")
    assert at(d) == position(text, "partners", 2)
    assert d.plan_path == "stakeholders[1].id"
    assert "stakeholders[0]" in d.message


def test_duplicate_key_points_at_the_second_key(tmp_path: Path) -> None:
    text = changed("  headcount: 1200\n", "  headcount: 1200\n  name: Northwind Again\n")
    d = only(check_text(tmp_path, text), "SP005")
    assert at(d) == position(text, "name: Northwind Again")
    assert d.plan_path == "organisation.name"
    assert f"line {position(text, 'name')[0]}" in d.message


def test_error_reached_through_an_alias(tmp_path: Path) -> None:
    text = changed("    sponsor: partners\n", (
        "    sponsor: partners\n"
        "    kpis:\n"
        "      - &kpi {name: hours to find an expert, baseline: lots}\n"
        "  - id: share\n"
        "    title: Share what we know\n"
        "    kpis: [*kpi]\n"
        "    description: *kpi\n"
    ))
    check = check_text(tmp_path, text)
    by_path = {d.plan_path: d for d in check.diagnostics}
    # Inside the aliased value: where the anchored value wrote it.
    assert at(by_path["objectives[0].kpis[0].baseline"]) == position(text, "lots")
    assert at(by_path["objectives[1].kpis[0].baseline"]) == position(text, "lots")
    # The alias as a whole has the wrong type: the alias itself.
    assert at(by_path["objectives[1].description"]) == position(text, "*kpi", 2)
    assert len(check.diagnostics) == 3


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_positions_hold_with_other_line_endings(tmp_path: Path, newline: str) -> None:
    text = changed("headcount: 900", "headcount: lots")
    d = only(check_text(tmp_path, text.replace("\n", newline)), "SP012")
    assert at(d) == position(text, "lots")


def test_a_bom_does_not_shift_columns(tmp_path: Path) -> None:
    text = "organisation: {nme: Northwind}\n"
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    d = only(check_plan(str(path))[0], "SP010")
    assert at(d) == position(text, "nme")


def test_every_problem_of_a_file_is_reported_together(tmp_path: Path) -> None:
    text = VALID
    text = changed("  headcount: 1200\n", "  headcount: 1200\n  headcount: 1300\n", text)
    text = changed("    senior: true", "    senior: no", text)
    text = changed("  - id: consultants", "  - id: consultants\n    powr: high", text)
    text = changed("objectives: [connect]", "objectives: [conect]", text)
    text = changed("    title: Connect consultants on client sites\n", "", text)
    check = check_text(tmp_path, text)
    found = sorted((d.code, at(d)) for d in check.diagnostics)
    assert found == sorted([
        ("SP005", position(text, "headcount: 1300")),
        ("SP012", position(text, "no\n")),
        ("SP010", position(text, "powr")),
        ("SP021", position(text, "conect")),
        ("SP011", position(text, "id: connect")),
    ])


# --- folder plans ------------------------------------------------------------------

def write_folder(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_valid_folder_plan(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "plan", {
        "organisation.yaml": "organisation: {name: Northwind}\n",
        "stakeholders.yaml": "- {id: partners, headcount: 150}\n",  # the list alone
        "objectives.yaml": "objectives:\n  - {id: connect, title: Connect, sponsor: partners}\n",
        ".socialplan.yaml": "not: [part, of, the plan]\n",
    })
    check, validated = check_plan(str(folder))
    assert check.valid, check.diagnostics
    assert validated is not None
    assert [g.id for g in validated.plan.stakeholders] == ["partners"]
    assert check.files == [str(folder / n) for n in ("objectives.yaml", "organisation.yaml", "stakeholders.yaml")]


def test_a_section_file_may_hold_the_section_mapping_itself(tmp_path: Path) -> None:
    finance = "preset: greenbook\ncostz: []\n"
    folder = write_folder(tmp_path / "plan", {
        "organisation.yaml": "name: Northwind\nheadcount: 150\n",  # the mapping alone
        "finance.yaml": finance,
    })
    check, _ = check_plan(str(folder))
    unknown = only(check, "SP010")
    assert unknown.plan_path == "finance.costz"
    assert unknown.location.file == str(folder / "finance.yaml")
    assert at(unknown) == position(finance, "costz")
    assert unknown.hint == "did you mean 'costs'?"
    assert [d.code for d in check.diagnostics] == ["SP010"]  # organisation.yaml was read as the section


def test_an_error_in_the_second_file_names_that_file(tmp_path: Path) -> None:
    stakeholders = "- id: partners\n  headcount: many\n"
    objectives = "objectives:\n  - {id: connect, title: Connect, sponsor: partnrs}\n"
    folder = write_folder(tmp_path / "plan", {
        "organisation.yaml": "organisation: {name: Northwind}\n",
        "objectives.yaml": objectives,
        "stakeholders.yaml": stakeholders,
    })
    check, _ = check_plan(str(folder))
    wrong = only(check, "SP012")
    assert wrong.location.file == str(folder / "stakeholders.yaml")
    assert at(wrong) == position(stakeholders, "many")
    assert wrong.plan_path == "stakeholders[0].headcount"
    dangling = only(check, "SP021")
    assert dangling.location.file == str(folder / "objectives.yaml")
    assert at(dangling) == position(objectives, "partnrs")


def test_a_section_in_two_files(tmp_path: Path) -> None:
    second = "# more\norganisation: {name: Other}\nstakeholders: [{id: partners, headcount: lots}]\n"
    folder = write_folder(tmp_path / "plan", {
        "organisation.yaml": "organisation: {name: Northwind}\n",
        "zz-more.yaml": second,
    })
    check, _ = check_plan(str(folder))
    twice = only(check, "SP022")
    assert twice.location.file == str(folder / "zz-more.yaml")
    assert at(twice) == position(second, "organisation")
    assert f"{folder / 'organisation.yaml'}:1" in twice.message
    # The rest of the folder is still checked, with that file's positions.
    wrong = only(check, "SP012")
    assert wrong.location.file == str(folder / "zz-more.yaml")
    assert at(wrong) == position(second, "lots")


def test_the_file_named_after_a_section_keeps_it(tmp_path: Path) -> None:
    # extra.yaml sorts first, but stakeholders.yaml is the section's home:
    # the stray copy is the one reported, and nothing cascades from it.
    stakeholders = "- {id: partners, headcount: 150}\n- {id: consultants, headcount: 9000}\n"
    extra = "stakeholders:\n  - {id: it-admins, headcount: 12}\n"
    objectives = "- {id: connect, title: Connect, sponsor: partners}\n"
    folder = write_folder(tmp_path / "plan", {
        "organisation.yaml": "organisation: {name: Northwind}\n",
        "extra.yaml": extra,
        "objectives.yaml": objectives,
        "stakeholders.yaml": stakeholders,
    })
    check, _ = check_plan(str(folder))
    [twice] = check.diagnostics
    assert twice.code == "SP022"
    assert twice.location.file == str(folder / "extra.yaml")
    assert at(twice) == position(extra, "stakeholders")
    assert f"{folder / 'stakeholders.yaml'}:1" in twice.message
    assert "this one is ignored" in twice.message


def test_broken_files_of_a_folder_are_all_reported(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "plan", {
        "organisation.yaml": "organisation: {name: [Northwind}\n",
        "stakeholders.yaml": "a: 1\na: 2\n- x\n",
    })
    check, _ = check_plan(str(folder))
    files = {d.location.file for d in check.diagnostics}
    assert files == {str(folder / "organisation.yaml"), str(folder / "stakeholders.yaml")}
    assert {d.code for d in check.diagnostics} == {"SP002", "SP005"}


# --- standard input -------------------------------------------------------------------

def test_stdin_is_named_and_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = changed("headcount: 900", "headcount: lots")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    check, _ = check_plan("-")
    assert check.source == "<stdin>"
    d = only(check, "SP012")
    assert d.location.file == "<stdin>"
    assert at(d) == position(text, "lots")


def test_stdin_through_the_command_line() -> None:
    text = changed("  headcount: 1200", "  headcont: 1200")
    result = subprocess.run(
        [sys.executable, "-m", "socialplan", "validate", "-", "--format", "json"],
        input=text.encode(), capture_output=True, timeout=60, check=False,
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    [plan] = report["plans"]
    [d] = plan["diagnostics"]
    assert (d["file"], d["line"], d["column"], d["code"]) == ("<stdin>", *position(text, "headcont"), "SP010")


# --- encodings and content --------------------------------------------------------------

def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    assert check_plan(str(path))[0].valid


@pytest.mark.parametrize(("encoding", "name"), [
    ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
    ("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32"),
])
def test_wide_encodings_are_named(encoding: str, name: str) -> None:
    with pytest.raises(LoadError) as caught:
        decode(VALID.encode(encoding), "plan.yaml")
    [d] = caught.value.diagnostics
    assert d.code == "SP001"
    assert d.message == f"the file is {name} encoded"
    assert d.hint == "save it as UTF-8"


def test_invalid_utf8_is_located_in_characters(tmp_path: Path) -> None:
    prefix = "organisation:\n  name: Café «"
    path = tmp_path / "plan.yaml"
    path.write_bytes(prefix.encode() + b"\xff\xfe rest\n")
    d = only(check_plan(str(path))[0], "SP001")
    assert "not valid UTF-8" in d.message
    assert at(d) == position(prefix + "\x00", "\x00")


def test_binary_content_is_refused_and_located(tmp_path: Path) -> None:
    prefix = "organisation:\n  name: é"
    path = tmp_path / "plan.yaml"
    path.write_bytes(prefix.encode() + b"\x00\x01\x02")
    d = only(check_plan(str(path))[0], "SP001")
    assert "binary" in d.message
    assert at(d) == position(prefix + "\x00", "\x00")


@pytest.mark.parametrize("text", ["", "\n", "   \n\t\n", "# nothing yet\n\t# still nothing\n", "---\n"])
def test_an_empty_file_says_so(tmp_path: Path, text: str) -> None:
    d = only(check_text(tmp_path, text), "SP011")
    assert d.message == "the file is empty"
    assert at(d) == (1, 1)


@pytest.mark.parametrize(("text", "kind", "start"), [
    ("- a\n- b\n", "a list", "- a"),
    ("# hi\nhello\n", "a single value", "hello"),
])
def test_a_plan_must_be_a_mapping(tmp_path: Path, text: str, kind: str, start: str) -> None:
    d = only(check_text(tmp_path, text), "SP012")
    assert kind in d.message
    assert at(d) == position(text, start)


def test_a_missing_file(tmp_path: Path) -> None:
    d = only(check_plan(str(tmp_path / "nowhere.yaml"))[0], "SP001")
    assert d.message == "no such file"


# --- size limit -----------------------------------------------------------------------

def test_the_size_limit_argument(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(VALID)
    size = path.stat().st_size
    assert check_plan(str(path), max_bytes=size)[0].valid
    d = only(check_plan(str(path), max_bytes=size - 1)[0], "SP001")
    assert f"{size - 1:,}-byte limit" in d.message


def test_the_size_limit_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(VALID)
    size = path.stat().st_size
    monkeypatch.setenv(MAX_BYTES_ENV, str(size))
    assert check_plan(str(path))[0].valid
    monkeypatch.setenv(MAX_BYTES_ENV, str(size - 1))
    assert only(check_plan(str(path))[0], "SP001").hint is not None
    # The argument wins over the environment.
    assert check_plan(str(path), max_bytes=size)[0].valid


@pytest.mark.parametrize("value", ["abc", "0", "-5", "5MB", "1.5"])
def test_a_bad_size_limit_in_the_environment_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(MAX_BYTES_ENV, value)
    with pytest.raises(UserError, match=MAX_BYTES_ENV):
        max_bytes_from_env()


def test_load_plan_keeps_recoverable_problems(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("organisation: {name: A, name: B}\n")
    loaded = load_plan(str(path))
    assert loaded.data == {"organisation": {"name": "B"}}
    assert [d.code for d in loaded.diagnostics] == ["SP005"]


def test_aliases_in_a_section_file_are_located_in_that_file(tmp_path: Path) -> None:
    stakeholders = "- &group {id: partners, headcount: lots}\n- {id: sales, headcount: 3, goals: *group}\n"
    folder = write_folder(tmp_path / "plan", {
        "organisation.yaml": "organisation: {name: Northwind}\n",
        "stakeholders.yaml": stakeholders,
    })
    check, _ = check_plan(str(folder))
    by_path = {d.plan_path: d for d in check.diagnostics}
    assert set(by_path) == {"stakeholders[0].headcount", "stakeholders[1].goals"}
    for d in by_path.values():
        assert d.location.file == str(folder / "stakeholders.yaml")
    assert at(by_path["stakeholders[0].headcount"]) == position(stakeholders, "lots")
    assert at(by_path["stakeholders[1].goals"]) == position(stakeholders, "*group")
