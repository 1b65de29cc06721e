"""The bounded YAML reader: YAML 1.2 core-schema values, source positions,
limits, and the problems it reports instead of guessing.

Every test runs with both event parsers (libyaml and PyYAML's pure-Python
one, used where PyYAML was built without libyaml), so the fallback cannot rot.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialplan import yamlsafe
from socialplan.diagnostics import VALIDATION_CODES, Diagnostic
from socialplan.yamlsafe import SourceMap, YamlProblem, compose, resolve_plain, yaml11_hint

PARSERS: dict[str, Any] = {"python": yamlsafe.PythonParser}
try:
    from yaml._yaml import CParser

    PARSERS["libyaml"] = CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    pass


@pytest.fixture(params=sorted(PARSERS), autouse=True)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setattr(yamlsafe, "_Parser", PARSERS[request.param])
    yield request.param


def position(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of the n-th ``needle`` in ``text``, counted
    here from the text itself so the expectation does not come from the code."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(needle, offset + 1)
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def where(source: SourceMap, path: tuple[Any, ...], *, key: bool = False) -> tuple[int, int]:
    loc, _ = source.locate(path, prefer_key=key)
    return loc.line, loc.column


def problem_of(text: str, **kwargs: Any) -> Diagnostic:
    with pytest.raises(YamlProblem) as caught:
        compose(text, "plan.yaml", **kwargs)
    return caught.value.diagnostic


# --- values: YAML 1.2 core schema, not YAML 1.1 ------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("12", 12), ("-3", -3), ("+7", 7), ("0", 0), ("0o17", 15), ("0x1f", 31),
    ("1.5", 1.5), ("-.5", -0.5), ("1e3", 1000.0), ("2.5E-1", 0.25),
    ("true", True), ("False", False), ("TRUE", True),
    ("~", None), ("null", None), ("", None),
    ("2027-02-01", dt.date(2027, 2, 1)),
])
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text: str, expected: object) -> None:
    value = resolve_plain(text)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("text", [
    "no", "yes", "on", "off", "y", "n", "NO", "Yes",  # YAML 1.1 booleans
    "0755", "012", "-01",  # YAML 1.1 octals (leading zero)
    "1_000", "1:30",  # YAML 1.1 underscores and base 60
    "2027-02-30",  # not a real date
    "12 apples", "v1.2", ".", "-",
])
def test_yaml_1_1_surprises_and_other_words_stay_text(text: str) -> None:
    assert resolve_plain(text) == text


def test_special_floats() -> None:
    assert resolve_plain(".inf") == math.inf
    assert resolve_plain("-.Inf") == -math.inf
    assert math.isnan(resolve_plain(".NaN"))


def test_an_integer_too_long_to_convert_stays_text() -> None:
    digits = "9" * 5000  # beyond Python's guard on int() of long digit strings
    assert resolve_plain(digits) == digits


# The resolution rules as separate patterns tried one after another, in the
# order of the YAML 1.2 core schema's table (10.3.2), with the reader's own
# additions (YAML 1.1 octals stay text; ISO dates): the oracle for the
# reader's single combined pattern.
_SPEC_RULES: list[tuple[str, Any]] = [
    (r"^(?:~|null|Null|NULL|)$", lambda t: None),
    # The booleans are the exact words: no line break after them.
    (r"^(?:true|True|TRUE)\Z", lambda t: True),
    (r"^(?:false|False|FALSE)\Z", lambda t: False),
    (r"^[-+]?0[0-9_]+$", lambda t: t),
    (r"^[-+]?(?:0|[1-9][0-9]*)$", int),
    (r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", float),
    (r"^0o[0-7]+$", lambda t: int(t[2:], 8)),
    (r"^0x[0-9a-fA-F]+$", lambda t: int(t[2:], 16)),
    (r"^[-+]?\.(?:inf|Inf|INF)$", lambda t: -math.inf if t.startswith("-") else math.inf),
    (r"^\.(?:nan|NaN|NAN)$", lambda t: math.nan),
    (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", dt.date.fromisoformat),
]


def _resolved_by_the_rules(text: str) -> Any:
    for pattern, convert in _SPEC_RULES:
        if re.match(pattern, text):
            try:
                return convert(text)
            except ValueError:  # too many digits for int(), an impossible date
                return text
    return text


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


# Pieces of the words and numbers the rules tell apart, joined at random.
NUMBERISH = st.lists(st.sampled_from([
    *"0123456789+-._eE~: aF\n", "0o", "0x", "ff", "null", "Null", "NULL", "nUll", "true", "True", "TRUE", "tRue",
    "false", "False", "FALSE", "inf", "Inf", "INF", "nan", "NaN", "NAN", "2027", "-02", "-30", "1_0",
]), max_size=5).map("".join)


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(NUMBERISH)
def test_plain_scalars_resolve_as_the_rules_tried_in_order_would(text: str) -> None:
    assert _same(resolve_plain(text), _resolved_by_the_rules(text))


@pytest.mark.parametrize("text", [
    "12\n", "1.5\n", "0o17\n", "0x1F\n", "-.inf\n", ".nan\n", "null\n", "\n", "2027-02-01\n", "0755\n",
    "true\n", "False\n", "2027-02-01", "2027-13-01", "9" * 5000, "+0", "-0", "0.", ".5", "1e5", "0x", "0o8",
    "1_000", "1.5\n\n",
])
def test_edge_scalars_resolve_as_the_rules_tried_in_order_would(text: str) -> None:
    # A line break at the end comes only from a quoted value with a core tag
    # ('!!int "12\n"'), where the rules' '$' lets it through.
    assert _same(resolve_plain(text), _resolved_by_the_rules(text))


def test_quoted_and_block_scalars_are_always_text() -> None:
    data, _ = compose("a: '12'\nb: \"no\"\nc: |\n  2027-02-01\nd: !!str 3\ne: ! 4\n", "f")
    assert data == {"a": "12", "b": "no", "c": "2027-02-01\n", "d": "3", "e": "4"}


def test_core_tags_convert_or_are_refused() -> None:
    data, _ = compose("a: !!int '12'\nb: !!float 2\nc: !!bool 'true'\nd: !!null ''\n", "f")
    assert data == {"a": 12, "b": 2.0, "c": True, "d": None}
    assert type(data["b"]) is float
    problem = problem_of("a: !!int twelve\n")
    assert problem.code == "SP002"
    assert "!!int" in problem.message


@pytest.mark.parametrize(("value", "wanted_bool", "wanted_text", "words"), [
    ("no", True, False, ["YAML 1.1", "true or false"]),
    ("on", False, False, ["not a boolean"]),
    ("0755", False, False, ["leading zero", "octal"]),
    ("1_000", False, False, ["write 1000"]),
    (dt.date(2027, 2, 1), False, True, ["as a date", "quote it"]),
    (True, False, True, ["as a boolean", "quote it"]),
    (12, False, True, ["as a number", "quote it"]),
])
def test_yaml11_hints(value: object, wanted_bool: bool, wanted_text: bool, words: list[str]) -> None:
    hint = yaml11_hint(value, wanted_bool=wanted_bool, wanted_text=wanted_text)
    assert hint is not None
    for word in words:
        assert word in hint


def test_no_hint_for_ordinary_values() -> None:
    assert yaml11_hint("partners") is None
    assert yaml11_hint(12) is None  # a number where a number may be due
    assert yaml11_hint(dt.date(2027, 1, 1)) is None


# --- positions ------------------------------------------------------------------

PLAN = """\
# a comment first
organisation:
  name: Northwind
  headcount: 1200
stakeholders:
  - id: partners
    goals: [grow, "keep clients"]
  - {id: consultants, headcount: 900}
"""


def test_values_and_keys_are_located_where_written() -> None:
    _, source = compose(PLAN, "plan.yaml")
    assert where(source, ("organisation", "name")) == position(PLAN, "Northwind")
    assert where(source, ("organisation", "headcount"), key=True) == position(PLAN, "headcount")
    assert where(source, ("stakeholders", 0, "goals", 1)) == position(PLAN, '"keep clients"')
    assert where(source, ("stakeholders", 1)) == position(PLAN, "{id: consultants")
    assert where(source, ("stakeholders", 1, "headcount")) == position(PLAN, "900")
    # A block mapping starts at its first key.
    assert where(source, ("organisation",)) == position(PLAN, "name: Northwind")
    assert where(source, ()) == position(PLAN, "organisation")


def test_a_path_not_written_falls_back_to_its_nearest_ancestor() -> None:
    _, source = compose(PLAN, "plan.yaml")
    loc, found = source.locate(("stakeholders", 1, "name"))
    assert found == ("stakeholders", 1)
    assert (loc.line, loc.column) == position(PLAN, "{id: consultants")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_positions_hold_with_other_line_endings(newline: str) -> None:
    _, unix = compose(PLAN, "plan.yaml")
    _, other = compose(PLAN.replace("\n", newline), "plan.yaml")
    assert other.values == unix.values
    assert other.keys == unix.keys


def test_columns_count_characters_not_bytes() -> None:
    text = "a: {name: 😀 café, nme: 1}\n"
    _, source = compose(text, "f")
    assert where(source, ("a", "nme"), key=True) == position(text, "nme")


def test_paths_inside_an_alias_are_found_at_the_anchored_value() -> None:
    text = "base: &b {name: x, size: 3}\nuse: *b\nlist: [*b, 7]\n"
    data, source = compose(text, "f")
    assert data["use"] == {"name": "x", "size": 3}
    # The alias itself is where the value was written...
    assert where(source, ("use",)) == position(text, "*b")
    assert where(source, ("list", 0)) == position(text, "*b", 2)
    # ...and what is inside it is where the anchored value wrote it.
    assert where(source, ("use", "size")) == position(text, "3")
    assert where(source, ("list", 0, "name"), key=True) == position(text, "name")


def test_aliases_of_aliases_are_followed() -> None:
    text = "a: &a {k: 1}\nb: &b [*a]\nc: *b\n"
    _, source = compose(text, "f")
    assert where(source, ("c", 0, "k")) == position(text, "1")


def test_a_scalar_anchor_can_be_used() -> None:
    data, _ = compose("a: &x 12\nb: *x\n", "f")
    assert data == {"a": 12, "b": 12}


# --- empty documents -------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "\n\n", "  \n\t\n", "# only\n  # comments\t\n", "---\n", "---\n...\n"])
def test_empty_documents_give_none(text: str) -> None:
    data, _ = compose(text, "f")
    assert data is None


# --- problems that stop reading ----------------------------------------------------

@pytest.mark.parametrize(("text", "code", "needle", "words"), [
    ("a: 1\n---\nb: 2\n", "SP003", "---", "more than one YAML document"),
    ("a: !!python/object/apply:os.system ['true']\n", "SP003", "!!python", "not allowed"),
    ("a: !custom 1\n", "SP003", "!custom", "not allowed"),
    ("base: &b {x: 1}\na:\n  <<: *b\n", "SP003", "<<", "merge keys"),
    ("a: &a [1, *a]\n", "SP003", "*a]", "refers to itself"),
    ("a: *nowhere\n", "SP002", "*nowhere", "no anchor"),
    ("? [a, b]\n: c\n", "SP003", "[a, b]", "plain value"),
    ("a: [1, 2\n", "SP002", None, ""),
    ("a: 1\n\tb: 2\n", "SP002", "\t", ""),
])
def test_fatal_problems_are_located(text: str, code: str, needle: str | None, words: str) -> None:
    problem = problem_of(text)
    assert problem.code == code
    assert words in problem.message
    if needle is not None:
        assert (problem.location.line, problem.location.column) == position(text, needle)


# The parser notices these where the construct should have ended, lines
# later; the author must look where it started.
@pytest.mark.parametrize(("text", "needle", "path", "words"), [
    # A key without its ':' inside an item, and a section without its ':'.
    ("items:\n  - id: a\n    headcount 9\nnext: 1\n", "headcount 9", ("items", 0), "':' is missing"),
    ("a:\n  b:\n    - c: 1\nrollout\n  start: 2027-02-01\n", "rollout", (), "':' is missing"),
    # An unclosed quote is found only at the end of the file.
    ('a:\n  title: "Project rooms\n  b: 2\nc: 3\n', '"Project', ("a", "title"), "never closed"),
    ("a: 'it\nb: 2\n", "'it", ("a",), "never closed"),
    # An unclosed flow list or mapping.
    ("a:\n  ids: [x, y\n  b: 2\n", "[x", ("a", "ids"), "'[' is not closed"),
    ("a: {name: x, size: 3\nb: 2\n", "{name", ("a",), "'{' is not closed"),
])
def test_unclosed_constructs_are_located_where_they_start(text: str, needle: str, path: tuple[Any, ...],
                                                          words: str) -> None:
    problem = problem_of(text)
    assert problem.code == "SP002"
    assert words in problem.message
    assert (problem.location.line, problem.location.column) == position(text, needle)
    assert problem.path == path
    assert problem.hint


@pytest.mark.parametrize("text", [
    "a:\n  - id: x\n   title: y\n",  # one space short of the key above
    "a:\n  - id: x\n  -id: y\n",  # a dash without its space
])
def test_misaligned_lines_get_an_indentation_hint(text: str) -> None:
    problem = problem_of(text)
    assert problem.code == "SP002"
    assert problem.location.line == 3
    assert problem.hint is not None and "indentation" in problem.hint


def test_the_parser_s_own_depth_limit_gets_our_hint(parser: str) -> None:
    # libyaml stops flow nesting at 1,000 levels, before our limit counts
    # (the pure-Python parser has no such limit of its own).
    if parser != "libyaml":
        pytest.skip("a limit of libyaml only")
    problem = problem_of("a: " + "[" * 1_500 + "]" * 1_500 + "\n", max_depth=5_000)
    assert problem.code == "SP004"
    assert problem.hint == "a plan needs only a few levels; flatten the structure"


def test_a_backtick_gets_a_quoting_hint() -> None:
    problem = problem_of("a: `x`\n")
    assert problem.hint is not None and "quote the value" in problem.hint and "'`'" in problem.hint


def test_a_tab_gets_an_indentation_hint() -> None:
    problem = problem_of("a:\n\tb: 2\n")
    assert problem.hint is not None and "tabs" in problem.hint


def test_a_control_character_is_located() -> None:
    text = "a:\n  b: x\x07y\n"
    problem = problem_of(text)
    assert problem.code == "SP001"
    assert "U+0007" in problem.message
    assert (problem.location.line, problem.location.column) == position(text, "\x07")


def test_nesting_is_limited() -> None:
    text = "a: " + "[" * 10 + "]" * 10 + "\n"
    problem = problem_of(text, max_depth=5)
    assert problem.code == "SP004"
    # The root mapping and four lists make five levels: the fifth '[' is one too many.
    assert (problem.location.line, problem.location.column) == position(text, "[", 5)


def test_alias_expansion_is_limited() -> None:
    # Each level repeats the previous one ten times: 10**6 values once expanded.
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 6):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    problem = problem_of("\n".join(lines) + "\n", max_nodes=10_000)
    assert problem.code == "SP004"
    assert "aliases" in problem.message


def test_size_without_aliases_is_limited_too() -> None:
    problem = problem_of("[" + ", ".join(["1"] * 50) + "]\n", max_nodes=20)
    assert problem.code == "SP004"
    assert "aliases" not in problem.message


# --- problems that leave the data usable --------------------------------------------

def test_a_duplicate_key_is_reported_and_the_later_value_kept() -> None:
    text = "a:\n  name: first\n  size: 1\n  name: second\n"
    problems: list[Diagnostic] = []
    data, source = compose(text, "f", problems=problems)
    assert data == {"a": {"name": "second", "size": 1}}
    [dup] = problems
    assert dup.code == "SP005"
    assert dup.path == ("a", "name")
    assert (dup.location.line, dup.location.column) == position(text, "name", 2)
    assert f"line {position(text, 'name')[0]}" in dup.message
    assert where(source, ("a", "name")) == position(text, "second")


def test_without_a_problem_list_a_duplicate_key_stops_reading() -> None:
    assert problem_of("a: 1\na: 2\n").code == "SP005"


@pytest.mark.parametrize(("key", "kind"), [
    ("1", "number"), ("2.5", "number"), ("true", "boolean"), ("2027-02-01", "date"),
])
def test_a_key_that_is_not_text_is_reported_and_kept_as_written(key: str, kind: str) -> None:
    text = f"scores:\n  {key}: 3\n"
    problems: list[Diagnostic] = []
    data, _ = compose(text, "f", problems=problems)
    assert data == {"scores": {key: 3}}
    [problem] = problems
    assert problem.code == "SP012"
    assert kind in problem.message
    assert (problem.location.line, problem.location.column) == position(text, key)
    assert problem.hint is not None and "quote" in problem.hint


def test_every_usable_problem_of_a_document_is_collected() -> None:
    text = "a: 1\nb: 2\na: 3\n7: x\nb: 4\n"
    problems: list[Diagnostic] = []
    compose(text, "f", problems=problems)
    assert [p.code for p in problems] == ["SP005", "SP012", "SP005"]


# --- robustness -----------------------------------------------------------------------

YAMLISH = st.text(
    alphabet=st.sampled_from([*"ab1 :-?[]{},&*!|>'\"#%@`\t\n\r\\.~", "\u00e9", "\ufeff", "\x85", "\x07"]),
    max_size=60,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(YAMLISH)
def test_any_text_gives_data_or_a_located_problem(text: str) -> None:
    problems: list[Diagnostic] = []
    try:
        compose(text, "f", problems=problems)
    except YamlProblem as problem:
        problems.append(problem.diagnostic)
    for diagnostic in problems:
        assert diagnostic.code in VALIDATION_CODES
        assert diagnostic.location.file == "f"
        assert diagnostic.location.line >= 1
        assert diagnostic.location.column >= 1
