"""A rule's examples, read from its documentation.

A rule's docstring holds fenced ``yaml`` blocks, each after a paragraph that
starts with ``Fails`` or ``Passes``. They are complete plans: the failing one
must raise the rule, the passing one must not. The test suite runs every
example; ``socialplan rules explain`` shows them.

An example that needs a data file (a survey export) carries it in a fenced
block right after its ``yaml`` block, the file's name after the language:
``csv wave-1.csv``. The runner writes it beside the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from socialplan.assess.rule import Rule
from socialplan.diagnostics import Diagnostic
from socialplan.loader import LoadedPlan
from socialplan.validation import ValidatedPlan, validate_loaded
from socialplan.yamlsafe import YamlProblem, compose

Outcome = Literal["fails", "passes"]
_EXAMPLE = re.compile(r"^(Fails|Passes)\b[^\n]*:\s*\n\s*```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)
# A file the example before it needs: only blank lines or other files between them.
_FILE = re.compile(r"\s*```(?:csv|text) ([A-Za-z0-9_.-]+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Example:
    """One example plan from a rule's documentation."""

    code: str
    outcome: Outcome
    number: int
    text: str
    # (file name, content) of the data files the plan names.
    files: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        return f"{self.code}-{self.outcome}-{self.number}"


def examples(rule: Rule) -> list[Example]:
    """The rule's examples, in the order they are written."""
    found: list[Example] = []
    counts = {"fails": 0, "passes": 0}
    for match in _EXAMPLE.finditer(rule.doc):
        outcome: Outcome = "fails" if match.group(1) == "Fails" else "passes"
        counts[outcome] += 1
        files: list[tuple[str, str]] = []
        at = match.end()
        while (block := _FILE.match(rule.doc, at)) is not None:
            files.append((block.group(1), block.group(2)))
            at = block.end()
        found.append(Example(rule.code, outcome, counts[outcome], match.group(2), tuple(files)))
    return found


def plan_from_text(text: str, name: str) -> tuple[ValidatedPlan | None, list[Diagnostic]]:
    """Parse and validate a plan written inline (an example, a test case)."""
    try:
        data, source_map = compose(text, name)
    except YamlProblem as problem:
        return None, [problem.diagnostic]
    if not isinstance(data, dict):
        return None, []
    loaded = LoadedPlan(name, data, source_map, [name])
    plan, diagnostics = validate_loaded(loaded)
    return (ValidatedPlan(plan, loaded) if plan is not None else None), diagnostics
