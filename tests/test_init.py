"""``socialplan init``: the plans it writes are valid and assessable, it
never replaces a plan by accident, and its answers are checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialplan.assess.engine import assess_plan
from socialplan.commands.init import gather, parse_group, run_init
from socialplan.errors import UserError
from socialplan.starter import MIGRATIONS, PRESETS, Answers, Group, starter_plan
from socialplan.validation import check_plan

START = dt.date(2027, 3, 1)


def _write(folder: Path, answers: Answers) -> Path:
    run_init(str(folder), answers, force=False)
    return folder


@pytest.mark.parametrize("platform", sorted(PRESETS))
@pytest.mark.parametrize("moving", [None, *sorted(MIGRATIONS)])
def test_every_preset_writes_a_valid_plan_that_assess_runs_on(tmp_path: Path, platform: str,
                                                               moving: str | None) -> None:
    answers = Answers("Northwind", 12000, platform, (Group("Partners", 150), Group("Consultants", 9000)),
                      ("Connect consultants who work on client sites",), "EUR", moving, START)
    folder = _write(tmp_path / "plan", answers)
    check, validated = check_plan(str(folder), None)
    assert check.valid, [str(d.message) for d in check.diagnostics]
    assert validated is not None
    plan = validated.plan
    assert plan.organisation.currency == "EUR" and plan.organisation.headcount == 12000
    assert [g.headcount for g in plan.stakeholders] == [150, 9000]
    assert any(o.baseline for o in plan.options)
    if moving:
        assert any(MIGRATIONS[moving] in o.title for o in plan.objectives)
    assessment = assess_plan(validated, as_of=dt.date(2026, 12, 2))
    assert assessment.verdict in ("go", "pilot-first", "not-ready")
    for name in ("organisation.yaml", "objectives.yaml", "use_cases.yaml", "stakeholders.yaml", "options.yaml",
                 "finance.yaml", "rollout.yaml"):
        text = (folder / name).read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=")
        assert text.splitlines()[2].startswith("# ")  # says what the section is for


@settings(max_examples=40, deadline=None)
@given(name=st.text(min_size=1, max_size=80).filter(lambda s: s.strip() and "\x00" not in s),
       group=st.text(min_size=1, max_size=40).filter(lambda s: s.strip()))
def test_any_name_round_trips(tmp_path_factory: pytest.TempPathFactory, name: str, group: str) -> None:
    """Names are data: quotes, colons, '#', anchors or tags in them never
    break the YAML or change its meaning."""
    folder = tmp_path_factory.mktemp("plan")
    files = starter_plan(Answers(name.strip(), 100, groups=(Group(group.strip(), 10), Group("Staff", 90)),
                                 objectives=(f"{group} & {name}",), start=START))
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    check, validated = check_plan(str(folder), None)
    if validated is None:
        # Only a name the plan format itself refuses (too long once
        # stripped, control characters) may fail, and then on that field.
        assert all(d.code == "SP012" for d in check.diagnostics), check.diagnostics
        return
    assert validated.plan.organisation.name == name.strip()
    assert validated.plan.stakeholders[0].name == group.strip()


@pytest.mark.parametrize("name", ["0\x850", "North\u2028wind", "Acme\u2029"])
def test_line_breaks_yaml_folds_survive_in_names(tmp_path: Path, name: str) -> None:
    """NEL, LS and PS are line breaks to a YAML reader: written raw inside
    quotes they would come back folded to spaces."""
    files = starter_plan(Answers(name, 100, groups=(Group(name, 10), Group("Staff", 90)), start=START))
    for file, text in files.items():
        (tmp_path / file).write_text(text, encoding="utf-8")
    check, validated = check_plan(str(tmp_path), None)
    if validated is None:  # the plan format may refuse the character itself, but then on that field
        assert all(d.code == "SP012" for d in check.diagnostics), check.diagnostics
        return
    assert validated.plan.organisation.name == name
    assert validated.plan.stakeholders[0].name == name


def test_an_existing_plan_is_not_replaced(tmp_path: Path) -> None:
    folder = _write(tmp_path / "plan", Answers("Northwind", 500, start=START))
    (folder / "objectives.yaml").write_text("objectives: []  # my edits\n")
    with pytest.raises(UserError, match="a plan is already here; nothing was written") as caught:
        run_init(str(folder), Answers("Other", 10, start=START), force=False)
    assert "--force" in (caught.value.hint or "")
    assert (folder / "objectives.yaml").read_text() == "objectives: []  # my edits\n"
    run_init(str(folder), Answers("Other", 10, start=START), force=True)
    assert "my edits" not in (folder / "objectives.yaml").read_text()


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plan").write_text("not a folder")
    with pytest.raises(UserError, match="not a folder"):
        run_init(str(tmp_path / "plan"), Answers("N", 10, start=START), force=True)
    with pytest.raises(UserError, match="empty"):
        run_init("", Answers("N", 10, start=START), force=True)


def test_questions_fill_what_the_flags_leave() -> None:
    asked: list[str] = []
    replies = {"Organisation name": "Fabrikam", "Headcount": "2,400", "Moving off": "workplace",
               "Stakeholder groups": "Directors=40; Warehouse staff=2360",
               "Business objectives": "Fewer errors; Faster onboarding",
               "Currency": "usd"}

    def ask(question: str, default: str) -> str:
        asked.append(question)
        return next(v for k, v in replies.items() if question.startswith(k))

    answers = gather(organisation=None, headcount=None, platform="workvivo", groups=[], objectives=[], currency=None,
                     migrating_from=None, start=START, ask=ask)
    assert not any(q.startswith("Platform") for q in asked)  # given as a flag
    assert answers == Answers("Fabrikam", 2400, "workvivo", (Group("Directors", 40), Group("Warehouse staff", 2360)),
                              ("Fewer errors", "Faster onboarding"), "USD", "workplace", START)


def test_without_a_terminal_the_defaults_fill_in() -> None:
    answers = gather(organisation="Fabrikam", headcount=None, platform=None, groups=[], objectives=[], currency=None,
                     migrating_from=None, start=START, ask=None)
    assert (answers.headcount, answers.platform, answers.currency, answers.groups) == (1000, "viva-engage", "GBP", ())


@pytest.mark.parametrize(("field", "value", "says"), [
    ("headcount", "twelve", "not a whole number"),
    ("headcount", "0", "between 1 and"),
    ("platform", "slak", "did you mean 'slack'"),
    ("platform", "workplace", "a platform to move from"),
    ("currency", "pounds", "not an ISO 4217 code"),
    ("migrating_from", "yamer", "unknown platform to migrate from"),
])
def test_bad_answers_are_usage_errors(field: str, value: str, says: str) -> None:
    given = {"organisation": "N", "headcount": "10", "platform": None, "groups": [], "objectives": [],
             "currency": None, "migrating_from": None, "start": START, "ask": None, field: value}
    with pytest.raises(UserError) as caught:
        gather(**given)  # type: ignore[arg-type]
    assert says in caught.value.message + (caught.value.hint or "")


def test_groups_are_name_and_headcount() -> None:
    assert parse_group("Store staff: 4,200") == Group("Store staff", 4200)
    assert parse_group("R&D = 30") == Group("R&D", 30)
    with pytest.raises(UserError, match="NAME=HEADCOUNT"):
        parse_group("Store staff")
