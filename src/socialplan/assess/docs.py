"""Rule documentation as Markdown: one rule (``socialplan rules explain``) or
the whole reference (``socialplan rules --format markdown``, which is also
the generated part of docs/rules.md)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from socialplan.assess.rule import GROUP_TITLES, GROUPS, Rule, item_kinds, listing

# Rule docstrings mark literals the reStructuredText way (``ignore``), as
# Python docstrings do; readers get Markdown's `ignore` or, on a terminal
# table, 'ignore'. A literal may wrap onto the next line, not past a blank
# one; a third backtick on either side is a fence, not a literal.
_LITERAL = re.compile(r"(?<!`)``(?!`)((?:(?!\n\s*\n).)+?)(?<!`)``(?!`)", re.S)
_FENCE = re.compile(r"^[ \t]*```.*?^[ \t]*```[ \t]*$", re.S | re.M)


def _outside_fences(text: str, render: Callable[[re.Match[str]], str]) -> str:
    """Literals replaced by ``render`` everywhere but inside fenced blocks
    (the YAML examples are shown exactly as written)."""
    out, start = [], 0
    for fence in _FENCE.finditer(text):
        out += [_LITERAL.sub(render, text[start:fence.start()]), fence.group()]
        start = fence.end()
    out.append(_LITERAL.sub(render, text[start:]))
    return "".join(out)


def markdown_literals(text: str) -> str:
    """``ignore`` written as Markdown's `ignore`."""
    return _outside_fences(text, lambda m: f"``{m.group(1)}``" if "`" in m.group(1) else f"`{m.group(1)}`")


def plain_literals(text: str) -> str:
    """``ignore`` written as 'ignore', for plain text; text that is
    already quoted keeps its own quotes."""
    def quote(match: re.Match[str]) -> str:
        inner = match.group(1)
        return inner if len(inner) > 1 and inner[0] == inner[-1] and inner[0] in "'\"" else f"'{inner}'"

    return _outside_fences(text, quote)


def rule_markdown(rule: Rule, *, level: int = 1) -> str:
    """A rule's page: identity, rationale, then its docstring."""
    head = "#" * level
    body = rule.doc.split("\n", 1)[1] if "\n" in rule.doc else ""
    lines = [
        f"{head} {rule.code} {rule.name}",
        "",
        f"**{rule.summary}**",
        "",
        f"- Group: {rule.group}",
        f"- Default severity: {rule.severity}",
        f"- Weight: {rule.weight:g}",
        *(["- Blocks go: yes (an unsuppressed finding keeps the plan at pilot-first at best)"]
          if rule.blocks_go else []),
        f"- Why: {rule.rationale}",
        f"- Ignore on: {_ignore_on(rule)}",
        "",
        body.strip(),
    ]
    return markdown_literals("\n".join(lines).rstrip() + "\n")


def _ignore_on(rule: Rule) -> str:
    """Which ``ignore:`` entries suppress the rule (DA07 reports the others)."""
    if not rule.reports_on:
        return "the top level only (it reports on the plan as a whole)"
    return f"the top level, or the {listing(item_kinds(rule.reports_on), 'or')} concerned"


def reference_markdown(rules: Sequence[Rule]) -> str:
    """Every rule, grouped, with a summary table first."""
    out = ["| Code | Name | Group | Severity | Summary |", "| --- | --- | --- | --- | --- |"]
    out += [f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.group} | {r.severity} | "
            f"{markdown_literals(r.summary)} |"
            for r in rules]
    for group in GROUPS:
        members = [r for r in rules if r.group == group]
        if not members:
            continue
        out += ["", f"## {group}: {GROUP_TITLES[group]}", ""]
        out += ["\n".join(rule_markdown(r, level=3).rstrip().split("\n")) + "\n" for r in members]
    return "\n".join(out).rstrip() + "\n"
