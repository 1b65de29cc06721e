"""Text with a comma inside an inline mapping (``{name: A (B, C)}``): YAML
ends the value at the comma and reads the rest as keys. The message says
so, where the text starts, and the hint's quoted text is the fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialplan.diagnostics import Diagnostic
from socialplan.validation import check_plan

PLAN = """\
organisation: {name: Northwind Advisory}
stakeholders:
  - {id: ops, headcount: 40,
     name: Business services (IT, finance, BD, HR),
     power: high}
"""


def _check(tmp_path: Path, text: str) -> list[Diagnostic]:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return check_plan(str(path))[0].diagnostics


def _position(text: str, needle: str) -> tuple[int, int]:
    before = text[:text.index(needle)]
    return before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1


def _apply_hint(text: str, hint: str) -> str:
    """The plan with the hint's 'field: "..."' written over what it quotes."""
    fix = hint.split("quote the text: ", 1)[1]
    field, quoted = fix.split(": ", 1)
    written = f"{field}: {json.loads(quoted)}"
    assert text.count(written) == 1, written
    return text.replace(written, fix)


def test_the_issue_example_is_one_problem_at_the_text(tmp_path: Path) -> None:
    diagnostics = _check(tmp_path, PLAN)
    assert len(diagnostics) == 1, diagnostics
    d = diagnostics[0]
    assert (d.location.line, d.location.column) == _position(PLAN, "Business services") == (4, 12)
    assert d.code == "SP010"
    assert d.message == "unknown key 'finance': the text of 'name' was cut at a comma"
    assert d.hint == ("inside {...} a comma ends the value of 'name': "
                      'quote the text: name: "Business services (IT, finance, BD, HR)"')
    assert "indentation" not in d.hint


def test_the_hint_is_the_fix(tmp_path: Path) -> None:
    d = _check(tmp_path, PLAN)[0]
    assert d.hint is not None
    fixed = _apply_hint(PLAN, d.hint)
    assert 'name: "Business services (IT, finance, BD, HR)",' in fixed
    assert _check(tmp_path, fixed) == []


@pytest.mark.parametrize(("text", "field", "whole"), [
    ("organisation: {name: Acme, sector: Retail,  food and drink}\n", "sector", "Retail,  food and drink"),
    ("organisation: {name: Acme}\nobjectives:\n  - {id: a, title: Find experts, faster than ever}\n",
     "title", "Find experts, faster than ever"),
    ('organisation: {name: The "A" team, and friends}\n', "name", 'The "A" team, and friends'),
])
def test_the_text_is_rebuilt_as_written(tmp_path: Path, text: str, field: str, whole: str) -> None:
    diagnostics = _check(tmp_path, text)
    assert len(diagnostics) == 1, diagnostics
    d = diagnostics[0]
    quoted = '"' + whole.replace('"', '\\"') + '"'
    assert d.hint is not None and d.hint.endswith(f"quote the text: {field}: {quoted}")
    assert (d.location.line, d.location.column) == _position(text, whole)
    fixed = text.replace(whole, quoted)
    assert _check(tmp_path, fixed) == []


def test_a_key_without_a_value_in_a_block_mapping_keeps_its_hint(tmp_path: Path) -> None:
    # Each key on its own line: not a cut text, but a key in the wrong place.
    text = "organisation:\n  name: Acme\n  finance:\n"
    [d] = _check(tmp_path, text)
    assert d.message == "unknown key 'finance'"
    assert d.hint == "'finance' is a key of 'the top level': check its indentation"
    assert (d.location.line, d.location.column) == (3, 3)


def test_a_key_with_spaces_is_called_text(tmp_path: Path) -> None:
    text = "organisation: {name: Acme}\nobjectives:\n  - id: a\n    title: Find experts\n    Expected outcome: faster\n"
    [d] = _check(tmp_path, text)
    assert d.message == "unknown key 'Expected outcome'"
    assert d.hint is not None and d.hint.startswith(
        "keys have no spaces: if 'Expected outcome' is text, it belongs in a value")
    assert (d.location.line, d.location.column) == (5, 5)
