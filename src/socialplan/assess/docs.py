"""Rule documentation as Markdown: one rule (``socialplan rules explain``) or
the whole reference (``socialplan rules --format markdown``, which is also
the generated part of docs/rules.md)."""

from __future__ import annotations

from collections.abc import Sequence

from socialplan.assess.rule import GROUP_TITLES, GROUPS, Rule, item_kinds, listing


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
    return "\n".join(lines).rstrip() + "\n"


def _ignore_on(rule: Rule) -> str:
    """Which ``ignore:`` entries suppress the rule (DA07 reports the others)."""
    if not rule.reports_on:
        return "the top level only (it reports on the plan as a whole)"
    return f"the top level, or the {listing(item_kinds(rule.reports_on), 'or')} concerned"


def reference_markdown(rules: Sequence[Rule]) -> str:
    """Every rule, grouped, with a summary table first."""
    out = ["| Code | Name | Group | Severity | Summary |", "| --- | --- | --- | --- | --- |"]
    out += [f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.group} | {r.severity} | {r.summary} |"
            for r in rules]
    for group in GROUPS:
        members = [r for r in rules if r.group == group]
        if not members:
            continue
        out += ["", f"## {group}: {GROUP_TITLES[group]}", ""]
        out += ["\n".join(rule_markdown(r, level=3).rstrip().split("\n")) + "\n" for r in members]
    return "\n".join(out).rstrip() + "\n"
