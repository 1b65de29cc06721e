"""``socialplan rules``: list the assessment rules, or explain one."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from socialplan.errors import EXIT_OK, UserError
from socialplan.formats import RULES_FORMATS
from socialplan.output import emit

__all__ = ["RULES_FORMATS", "run_explain", "run_rules"]


def _text_table(group: str | None) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from socialplan.assess.docs import plain_literals
    from socialplan.assess.registry import rules_in
    from socialplan.assess.rule import GROUPS
    from socialplan.reporters.assess_text import print_rich

    selected = rules_in([group] if group else None)
    tables = []
    for name in GROUPS:
        members = [r for r in selected if r.group == name]
        if not members:
            continue
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title_justify="left",
                      title=Text(name, "bold"))
        table.add_column("Code")
        table.add_column("Severity")
        table.add_column("Name and summary", ratio=1)
        for rule in members:
            label = Text.assemble((rule.name, "bold"), ("  blocks go" if rule.blocks_go else "", "magenta"))
            table.add_row(rule.code, rule.severity, Text.assemble(label, "\n", plain_literals(rule.summary)))
        tables.append(table)

    def draw(console: Console) -> None:
        for table in tables:
            console.print(table)
        console.print(Text("Explain one with: socialplan rules explain CODE", "dim"))

    print_rich(draw, sys.stdout)


def run_rules(output_format: str, group: str | None, output: Path | None) -> int:
    from socialplan.assess.docs import plain_literals, reference_markdown
    from socialplan.assess.registry import rules_in

    selected = rules_in([group] if group else None)
    if output_format == "text" and output is None:
        _text_table(group)
    elif output_format == "json":
        document = {
            "format_version": 1,
            "rules": [{"code": r.code, "name": r.name, "group": r.group, "severity": r.severity,
                       "weight": r.weight, "blocks_go": r.blocks_go, "summary": r.summary,
                       "rationale": r.rationale}
                      for r in selected],
        }
        emit(json.dumps(document, indent=2, ensure_ascii=False), output)
    elif output_format == "markdown":
        emit(reference_markdown(selected), output)
    else:
        emit("\n".join(f"{r.code}  {r.group:<11} {r.severity:<7}  {r.name}: {plain_literals(r.summary)}"
                       + (" (blocks go)" if r.blocks_go else "") for r in selected), output)
    return EXIT_OK


def run_explain(key: str) -> int:
    from socialplan.assess.docs import rule_markdown
    from socialplan.assess.registry import lookup, suggest

    rule = lookup(key)
    if rule is None:
        raise UserError(f"'{key}' is not an assessment rule", hint=suggest(key))
    text = rule_markdown(rule)
    if sys.stdout.isatty():
        from rich.markdown import Markdown

        from socialplan.reporters.assess_text import make_console

        make_console(sys.stdout).print(Markdown(text))
    else:
        sys.stdout.write(text)
    return EXIT_OK
