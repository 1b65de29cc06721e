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
    assert d.hint == "valid ids: field-sales, partners"


def test_a_reference_into_an_empty_section_says_so(tmp_path: Path) -> None:
    # Typically the section's own name is misspelt: "there are no stakeholders
    # ids" was the old, ungrammatical hint.
    diagnostics = diagnostics_of(tmp_path, "stakeholders:\n  - id: partners", "stakeholder:\n  - id: partners")
    assert [(d.code, d.hint) for d in diagnostics] == [
        ("SP010", "did you mean 'stakeholders'?"),
        ("SP021", "the plan defines no stakeholders"),
    ]


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


# --- the mistakes plan authors make, and where the editor must jump ------------------

def _position(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of ``needle``, counted from the text itself."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


MISTAKES = BASE + """\
    confidence: 0.8
finance:
  benefit_risk: 0.1
  costs:
    - name: licences
      amount: 4
rollout:
  start: 2027-02-01
"""


@pytest.mark.parametrize(("old", "new", "at", "message", "hint"), [
    # A share written as a percentage, with or without the sign.
    ("confidence: 0.8", "confidence: 80%", "80%", "expected a number, got '80%'",
     "a share is written from 0 to 1: write 0.8 for 80%"),
    ("confidence: 0.8", "confidence: 80", "80", "expected a number at most 1, got 80",
     "a share is written from 0 to 1: write 0.8 for 80%"),
    ("benefit_risk: 0.1", "benefit_risk: 15", "15", "expected a number at most 1, got 15",
     "a share is written from 0 to 1: write 0.15 for 15%"),
    # Numbers written the way people write them.
    ("headcount: 900\n", "headcount: 1,200\n", "1,200", "expected a whole number, got '1,200'",
     "write 1200, without separators between the thousands"),
    ("headcount: 900\n", "headcount: 9k\n", "9k", "expected a whole number, got '9k'",
     "write the number in full: 9000"),
    ("headcount: 900\n", "headcount: '900'\n", "'900'", "expected a whole number, got '900'",
     "'900' is text because it is quoted; remove the quotes"),
    ("amount: 4", "amount: £4", "£4", "expected a number or a mapping of low, likely and high, got '£4'",
     "write the amount alone (4); organisation.currency sets the currency"),
    ("amount: 4", "amount: 4 EUR", "4 EUR",
     "expected a number or a mapping of low, likely and high, got '4 EUR'",
     "write the amount alone (4); organisation.currency sets the currency"),
    # Ids, codes and dates.
    ("  - id: rooms", "  - id: project rooms", "project rooms", "'project rooms' is not a valid id",
     "ids use lower-case letters, digits, '-' and '_', with no spaces: write 'project-rooms'"),
    ("  name: Northwind Advisory", "  name: Northwind Advisory\n  currency: gbp", "gbp",
     "'gbp' is not a currency code", "write the three-letter ISO 4217 code in capitals: GBP"),
    ("start: 2027-02-01", "start: 2027-13-01", "2027-13-01",
     "'2027-13-01' is not a real date: month must be in 1..12", None),
    ("start: 2027-02-01", "start: '20270201'", "'20270201'",
     "'20270201' is not a date in the form YYYY-MM-DD", None),
    # The shape of a value: a string for a mapping, a list for a mapping...
    ("  - id: field-sales\n    headcount: 900\n", "  - field-sales\n", "field-sales\n",
     "expected a mapping, got 'field-sales'",
     "each item is a mapping of keys: write '- id: field-sales' and its other keys below"),
    ("organisation:\n  name: Northwind Advisory\n", "organisation:\n  - name: Northwind Advisory\n",
     "- name", "expected a mapping, got a list",
     "remove the '- ' before its keys: they are keys of one mapping, not items of a list"),
    ("stakeholders: [field-sales]", "stakeholders: field-sales", "field-sales",
     "expected a list, got 'field-sales'", "write a list, even of one item: [field-sales]"),
    ("  start: 2027-02-01", "  start 2027-02-01", "start 2027",
     "expected a mapping, got 'start 2027-02-01'", "is a ':' missing? write 'start: 2027-02-01'"),
    ("headcount: 900\n", "headcount:\n", "headcount:", "expected a whole number, got nothing (null)",
     "write a value after the ':'"),
    ("rollout:\n  start: 2027-02-01\n", "rollout:\n", "rollout:", "expected a mapping, got nothing (null)",
     "write its keys on the lines below it, indented, or remove the key"),
    # YAML spells infinity and not-a-number; no report can use them.
    ("amount: 4", "amount: .inf", ".inf", "expected a finite number, got inf", None),
    ("confidence: 0.8", "confidence: .nan", ".nan", "expected a finite number, got nan", None),
])
def test_realistic_mistakes(tmp_path: Path, old: str, new: str, at: str, message: str, hint: str | None) -> None:
    assert MISTAKES.count(old) == 1, old
    text = MISTAKES.replace(old, new)
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    diagnostics = check_plan(str(path))[0].diagnostics
    first = [d for d in diagnostics if d.code == "SP012"]
    assert first, diagnostics
    d = first[0]
    assert (d.message, d.hint) == (message, hint)
    # Searched from the edit on, so an equal text earlier cannot match.
    offset = text.index(at, text.index(new))
    line, column = _position(text[:offset] + "\0", "\0")
    if at.endswith(":"):  # an empty value: the end of its key's line
        assert d.location.line == line
    else:
        assert (d.location.line, d.location.column) == (line, column)


def test_a_misspelt_required_key_is_reported_once(tmp_path: Path) -> None:
    # 'likley' is both unknown and the missing 'likely': one problem, at the key.
    text = BASE + "    benefits:\n      - {name: calls, hours_per_user_week: {low: 1, likley: 2, high: 3}}\n"
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    [d] = check_plan(str(path))[0].diagnostics
    assert (d.code, d.message, d.hint) == ("SP010", "unknown key 'likley'", "did you mean 'likely'?")
    assert (d.location.line, d.location.column) == _position(text, "likley")


@pytest.mark.parametrize(("key", "hint"), [
    ("budget: 5", "'budget' is a key of 'finance': check its indentation"),
    ("headcount: 5", "'headcount' is a key of 'organisation' and 'stakeholders[]': check its indentation"),
])
def test_a_key_at_the_wrong_level_names_where_it_belongs(tmp_path: Path, key: str, hint: str) -> None:
    d = single(tmp_path, "objectives:\n", f"{key}\nobjectives:\n")
    assert (d.code, d.hint) == ("SP010", hint)


def test_a_key_found_in_many_places_gets_no_guess(tmp_path: Path) -> None:
    # 'owner' is a key of half a dozen models: naming them all would not help.
    d = single(tmp_path, "objectives:\n", "owner: Jo\nobjectives:\n")
    assert d.code == "SP010"
    assert d.hint is not None and d.hint.startswith("valid keys here: ")


def test_a_duplicate_id_says_where_the_first_one_is(tmp_path: Path) -> None:
    text = BASE.replace("  - id: field-sales", "  - id: partners")
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    duplicate = next(d for d in check_plan(str(path))[0].diagnostics if d.code == "SP020")
    first_line, _ = _position(text, "id: partners")
    assert duplicate.message == f"the id 'partners' is already used by stakeholders[0] (line {first_line})"
    assert duplicate.location.line == first_line + 2


def test_plan_text_quoted_in_hints_is_shortened(tmp_path: Path) -> None:
    # A hint repeats the author's value; a pasted paragraph must not turn
    # one line of the report into thousands of characters.
    long = "x" * 5000
    text = (f"organisation: {{name: a}}\nstakeholders:\n  - {long} {long}\n"
            f"use_cases:\n  - id: {long} {long}\n    title: t\n    objectives: {long}\n")
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    diagnostics = check_plan(str(path))[0].diagnostics
    assert len(diagnostics) == 3
    for d in diagnostics:
        assert len(d.message) <= 120 and d.hint is not None and len(d.hint) <= 160, d
