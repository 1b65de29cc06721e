"""What the messages say: the nearest valid key, id or value for a typo,
the YAML 1.1 readings that surprise plan authors, and every problem of a
file at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialplan.diagnostics import Diagnostic
from socialplan.validation import check_plan, did_you_mean

BASE = """\
organisation:
  name: Northwind Advisory
stakeholders:
  - id: partners
    headcount: 150
  - id: field-sales
    headcount: 900
objectives:
  - id: connect-mobile-workforce
    title: Connect consultants on client sites
use_cases:
  - id: rooms
    title: Project rooms
    stakeholders: [field-sales]
"""


def diagnostics_of(tmp_path: Path, old: str, new: str) -> list[Diagnostic]:
    assert BASE.count(old) == 1, old
    path = tmp_path / "plan.yaml"
    path.write_text(BASE.replace(old, new))
    return check_plan(str(path))[0].diagnostics


def single(tmp_path: Path, old: str, new: str) -> Diagnostic:
    diagnostics = diagnostics_of(tmp_path, old, new)
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


def test_the_base_plan_is_valid(tmp_path: Path) -> None:
    assert diagnostics_of(tmp_path, "Project rooms", "Project rooms") == []


# --- did you mean ---------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "message", "hint"), [
    ("  name: Northwind", "  nmae: Northwind\n  name: Northwind", "unknown key 'nmae'", "did you mean 'name'?"),
    ("    headcount: 150", "    headcount: 150\n    atitude: sceptical", "unknown key 'atitude'",
     "did you mean 'attitude'?"),
    ("use_cases:", "usecases:", "unknown key 'usecases'", "did you mean 'use_cases'?"),
])
def test_unknown_keys_suggest_the_nearest(tmp_path: Path, old: str, new: str, message: str, hint: str) -> None:
    d = single(tmp_path, old, new)
    assert (d.code, d.message, d.hint) == ("SP010", message, hint)


def test_an_unknown_key_far_from_any_lists_the_valid_ones(tmp_path: Path) -> None:
    d = single(tmp_path, "  name: Northwind Advisory", "  name: Northwind Advisory\n  zzz: 1")
    assert d.code == "SP010"
    assert d.hint is not None and d.hint.startswith("valid keys here: ")
    assert "headcount" in d.hint and "currency" in d.hint


@pytest.mark.parametrize(("old", "new", "wrong", "right"), [
    ("stakeholders: [field-sales]", "stakeholders: [feld-sales]", "feld-sales", "field-sales"),
    ("stakeholders: [field-sales]", "stakeholders: [field-sales]\n    objectives: [connect-mobile-work]",
     "connect-mobile-work", "connect-mobile-workforce"),
    ("    title: Connect consultants on client sites",
     "    title: Connect consultants on client sites\n    sponsor: partner", "partner", "partners"),
])
def test_unknown_ids_suggest_the_nearest(tmp_path: Path, old: str, new: str, wrong: str, right: str) -> None:
    d = single(tmp_path, old, new)
    assert d.code == "SP021"
    assert f"'{wrong}'" in d.message
    assert d.hint == f"did you mean '{right}'?"


def test_an_id_far_from_any_lists_the_valid_ones(tmp_path: Path) -> None:
    d = single(tmp_path, "stakeholders: [field-sales]", "stakeholders: [marketing]")
    assert d.code == "SP021"
    assert d.hint == "valid stakeholders ids: field-sales, partners"


@pytest.mark.parametrize(("old", "new", "right"), [
    ("    headcount: 150", "    headcount: 150\n    power: hihg", "high"),
    ("    headcount: 150", "    headcount: 150\n    attitude: sceptic", "sceptical"),
    ("    headcount: 150", "    headcount: 150\n    roles: [champion]", "champions"),
    ("    headcount: 150", "    headcount: 150\n    research: interviews", "interview"),
])
def test_unknown_enum_values_suggest_the_nearest(tmp_path: Path, old: str, new: str, right: str) -> None:
    d = single(tmp_path, old, new)
    assert d.code == "SP012"
    assert "is not one of" in d.message
    assert d.hint == f"did you mean '{right}'?"


def test_did_you_mean_needs_a_close_match() -> None:
    assert did_you_mean("headcont", ["headcount", "name"]) == "headcount"
    assert did_you_mean("budget", ["headcount", "name"]) is None


# --- YAML 1.1 surprises -----------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "message", "hint_words"), [
    # 'no' is not false in YAML 1.2: a boolean field says how to write it.
    ("    headcount: 150", "    headcount: 150\n    senior: no", "expected true or false, got 'no'",
     ["YAML 1.1", "write true or false"]),
    ("    headcount: 150", "    headcount: 150\n    must_adopt: Off", "expected true or false, got 'Off'",
     ["YAML 1.1", "write true or false"]),
    # 0755 is not octal 493: a number with a leading zero is refused, explained.
    ("    headcount: 150", "    headcount: 0150", "expected a whole number, got '0150'",
     ["leading zero", "octal"]),
    ("    headcount: 150", "    headcount: 1_500", "expected a whole number, got '1_500'", ["write 1500"]),
    # An unquoted date, a number or a boolean where text is meant.
    ("    title: Project rooms", "    title: 2027-02-01", "expected text, got 2027-02-01",
     ["as a date", "quote it"]),
    ("    title: Project rooms", "    title: 42", "expected text, got 42", ["as a number", "quote it"]),
    ("    title: Project rooms", "    title: true", "expected text, got the boolean true",
     ["as a boolean", "quote it"]),
])
def test_yaml_1_1_surprises_are_explained(tmp_path: Path, old: str, new: str, message: str,
                                          hint_words: list[str]) -> None:
    d = single(tmp_path, old, new)
    assert (d.code, d.message) == ("SP012", message)
    assert d.hint is not None
    for word in hint_words:
        assert word in d.hint


@pytest.mark.parametrize("text", ["no", "yes", "on", "off", "'2027-02-01'", "'42'", "0755"])
def test_the_same_words_are_fine_where_text_is_meant(tmp_path: Path, text: str) -> None:
    assert diagnostics_of(tmp_path, "    title: Project rooms", f"    title: {text}") == []


def test_a_key_that_yaml_reads_as_a_number(tmp_path: Path) -> None:
    [d] = diagnostics_of(tmp_path, "    title: Project rooms", "    title: Project rooms\n    scores: {2027: 5}")
    assert d.code == "SP012"
    assert d.message == "the key '2027' is read as a number, not as a name"
    assert d.hint is not None and "quote it ('2027')" in d.hint


# --- all at once --------------------------------------------------------------------

def test_several_errors_of_one_file_are_reported_together(tmp_path: Path) -> None:
    text = (
        "organisation:\n"
        "  name: Northwind\n"
        "  name: Northwind Advisory\n"  # SP005 duplicate key
        "  headcont: 1200\n"  # SP010 unknown key
        "stakeholders:\n"
        "  - id: partners\n"
        "    headcount: lots\n"  # SP012 wrong type
        "  - id: partners\n"  # SP020 duplicate id
        "    headcount: 10\n"
        "objectives:\n"
        "  - id: connect\n"  # SP011 missing title
        "    sponsor: partnrs\n"  # SP021 dangling reference
    )
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    check, validated = check_plan(str(path))
    assert validated is None
    assert sorted(d.code for d in check.diagnostics) == ["SP005", "SP010", "SP011", "SP012", "SP020", "SP021"]
    # Reported in file order.
    lines = [d.location.line for d in check.diagnostics]
    assert lines == sorted(lines)
