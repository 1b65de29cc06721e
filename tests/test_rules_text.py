"""Rule documentation reads cleanly wherever it is shown: the docstrings'
reStructuredText literals (``ignore``) become 'ignore' in terminal text and
`ignore` in Markdown, and the YAML examples stay exactly as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clirunner import Runner
from socialplan.assess.docs import markdown_literals, plain_literals
from socialplan.assess.registry import RULES
from socialplan.assess.rule import Rule

# Written out here rather than imported: an independent reading of "a
# double-backtick literal" to check the renderers against.
LITERAL = re.compile(r"``([^`]+?)``")


def _literals(text: str) -> list[str]:
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    return [" ".join(found.split()) for found in LITERAL.findall(prose)]


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def test_markdown_literals_use_single_backticks() -> None:
    assert markdown_literals("An ``ignore`` entry, ``OP03`` or ``a-name``.") == "An `ignore` entry, `OP03` or `a-name`."


def test_plain_literals_are_quoted_once() -> None:
    assert plain_literals("An ``ignore`` entry; ``'yes'`` stays quoted.") == "An 'ignore' entry; 'yes' stays quoted."


def test_a_literal_may_wrap_but_not_across_a_paragraph() -> None:
    assert markdown_literals("groups with ``must_adopt:\nfalse`` are") == "groups with `must_adopt:\nfalse` are"
    assert markdown_literals("a ``b\n\nc`` d") == "a ``b\n\nc`` d"


def test_fenced_examples_are_left_as_written() -> None:
    text = "Uses ``ignore``.\n\n```yaml\nname: ``kept``\n```\n\nAnd ``after``."
    assert markdown_literals(text) == "Uses `ignore`.\n\n```yaml\nname: ``kept``\n```\n\nAnd `after`."
    assert plain_literals(text) == "Uses 'ignore'.\n\n```yaml\nname: ``kept``\n```\n\nAnd 'after'."


def test_the_rules_docs_do_use_literals() -> None:
    # Otherwise the tests below would pass on nothing.
    assert sum(len(_literals(rule.doc)) for rule in RULES) >= 10
    assert any(_literals(rule.summary) for rule in RULES)


@pytest.mark.parametrize("fmt", ["text", "plain"])
def test_rules_listing_shows_literals_quoted(cli: Runner, fmt: str, tmp_path: Path) -> None:
    # 'text' is the terminal table; '-o' writes the same listing as plain lines.
    listing = tmp_path / "rules.txt"
    args = ("rules",) if fmt == "text" else ("rules", "-o", str(listing))
    result = cli(*args)
    assert result.code == 0, result.err
    shown = result.out if fmt == "text" else listing.read_text(encoding="utf-8")
    assert "``" not in shown
    for rule in RULES:
        for literal in _literals(rule.summary):
            assert f"'{literal}'" in _squeeze(shown), (rule.code, literal)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rules_explain_writes_markdown_code(cli: Runner, rule: Rule) -> None:
    result = cli("rules", "explain", rule.code)
    assert result.code == 0, result.err
    prose = re.sub(r"```.*?```", "", result.out, flags=re.S)
    assert "``" not in prose
    for literal in _literals(rule.doc):
        assert f"`{literal}`" in _squeeze(prose), literal
    # The examples are the rule's tests: they must be shown byte for byte.
    for example in re.findall(r"```yaml\n.*?```", rule.doc, flags=re.S):
        assert example in result.out
