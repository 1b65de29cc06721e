"""The one table of problem codes: unique, used, documented, apart from the
assessment rules' codes; and the one Problem type located the one way."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from socialplan import codes
from socialplan.assess.registry import RULES
from socialplan.codes import ALIASES, CODES, codes_markdown
from socialplan.diagnostics import Location
from socialplan.problems import Problem, locate
from socialplan.validation import check_plan

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "socialplan"
CODE_LITERAL = re.compile(r"""["'](SP\d{3}|RL\d{3}|EV\d{3})["']""")


def _table_keys() -> list[str]:
    """The keys as written in codes.py: a dict literal keeps only the last of
    two equal keys, so duplicates can only be seen in the source."""
    tree = ast.parse(Path(codes.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "CODES":
            assert isinstance(node.value, ast.Dict)
            return [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
    raise AssertionError("no CODES table in codes.py")


def test_codes_are_unique_and_well_formed() -> None:
    keys = _table_keys()
    assert len(keys) == len(set(keys)) == len(CODES)
    assert all(re.fullmatch(r"(SP|RL|EV)\d{3}", key) for key in keys)
    assert all(text.strip() and "\n" not in text for text in CODES.values())


def test_aliases_point_at_live_codes_and_are_never_reused() -> None:
    assert not set(ALIASES) & set(CODES)
    assert set(ALIASES.values()) <= set(CODES)


def test_no_assessment_rule_shares_a_code_with_a_problem() -> None:
    rule_codes = [rule.code for rule in RULES]
    assert len(rule_codes) == len(set(rule_codes))
    assert not set(rule_codes) & (set(CODES) | set(ALIASES))


def test_every_code_the_source_reports_is_in_the_table_and_every_entry_is_used() -> None:
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        if path.name == "codes.py":
            continue
        used |= set(CODE_LITERAL.findall(path.read_text(encoding="utf-8")))
    assert used - set(CODES) == set(), "codes reported but not in socialplan/codes.py"
    unused = set(CODES) - used
    assert unused == set(), f"codes in the table that nothing reports: {sorted(unused)}"


def test_the_docs_table_is_current() -> None:
    text = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- codes:start -->\n(.*)<!-- codes:end -->", text, re.S)
    assert found is not None, "docs/codes.md lost its generated section markers"
    assert found.group(1) == codes_markdown(), "docs/codes.md is out of date; paste:\n" + codes_markdown()


def test_located_problems_point_where_the_plan_wrote_the_path(tmp_path: Path) -> None:
    plan = ROOT / "examples" / "retail-pilot-first.yaml"
    check, validated = check_plan(str(plan))
    assert validated is not None, check.diagnostics
    lines = plan.read_text(encoding="utf-8").splitlines()
    # Oracle: the line that writes the first use case's id, found by reading the file.
    first_id = validated.plan.use_cases[0].id
    line = next(i for i, text in enumerate(lines, 1) if re.search(rf"\bid:\s*{re.escape(first_id)}\b", text))
    problems = [Problem("SP101", "somewhere", ("use_cases", 0, "id"), "a hint", "warning"),
                Problem("RL008", "no place in the plan")]
    first, second = locate(problems, validated.loaded.source_map, validated.loaded.source)
    assert (first.code, first.location) == ("RL008", Location(str(plan)))  # sorted: file-level first
    assert (second.code, second.location.file, second.location.line) == ("SP101", str(plan), line)
    assert (second.severity, second.hint, second.plan_path) == ("warning", "a hint", "use_cases[0].id")
