"""Survey exports -> ADKAR per group, checked against a plain-Python
computation of the same figures on generated exports in each tool's shape."""

from __future__ import annotations

import csv
import io
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from socialplan.data.tabular import DataProblem
from socialplan.evidence.spec import DEFAULT_LABELS, ELEMENTS, EvidenceSettings, Survey
from socialplan.evidence.surveys import read_surveys

QUESTIONS = {
    "awareness": ["It is clear why we are changing", "It is clear how the change affects me"],
    "desire": ["I want to use the new network"],
    "knowledge": ["I know how to post and reply", "I know where to ask for help"],
    "ability": ["I have the time to take part"],
    "reinforcement": ["My manager recognises people who share"],
}
GROUP_QUESTION = "Which part of the organisation do you work in?"
GROUPS = {"Consulting": "consultants", "Partners": "partners", "Business services": "services", "Legal": "legal"}
LABELS = {v: k for k, v in DEFAULT_LABELS.items() if k not in ("neutral", "neither agree or disagree")}


def _answer(rng: random.Random, score: int | None) -> str:
    if score is None:
        return ""
    return LABELS[score].title() if rng.random() < 0.5 else str(score)


def make_rows(seed: int, count: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    weights = {"Consulting": 0.6, "Partners": 0.2, "Business services": 0.17, "Legal": 0.03}
    rows = []
    for n in range(count):
        group = rng.choices(list(weights), list(weights.values()))[0] if rng.random() > 0.02 else ""
        scores = {q: (None if rng.random() < 0.1 else rng.randint(1, 5)) for qs in QUESTIONS.values() for q in qs}
        rows.append({"group": group, "scores": scores, "name": f"Person {n}", "email": f"person{n}@example.com",
                     "comment": f"free text {n}, with a comma" if rng.random() < 0.3 else ""})
    return rows


def write_plain(path: Path, rows: list[dict[str, Any]], seed: int, *, delimiter: str = ",", bom: bool = False) -> None:
    """Google Forms / Microsoft Forms shape: one header row."""
    rng = random.Random(seed + 1)
    questions = [q for qs in QUESTIONS.values() for q in qs]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Timestamp", "Email Address", "Name", GROUP_QUESTION, *questions, "Any other comments?"])
    for row in rows:
        group = row["group"].lower() if rng.random() < 0.1 else row["group"]  # exports vary in case
        writer.writerow(["2027/01/12 10:00:00", row["email"], row["name"], f" {group} " if group else "",
                         *[_answer(rng, row["scores"][q]) for q in questions], row["comment"]])
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))


def write_qualtrics(path: Path, rows: list[dict[str, Any]], seed: int) -> None:
    """Qualtrics: ids, texts and ImportId rows."""
    rng = random.Random(seed + 2)
    questions = [q for qs in QUESTIONS.values() for q in qs]
    ids = ["StartDate", "RecipientEmail", "Q1", *[f"Q2_{i + 1}" for i in range(len(questions))], "Q3"]
    texts = ["Start Date", "Recipient Email", GROUP_QUESTION, *questions, "Comments"]
    imports = [f'{{"ImportId":"{i}"}}' for i in ids]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([ids, texts, imports])
    for row in rows:
        writer.writerow(["2027-01-12 10:00:00", row["email"], row["group"],
                         *[_answer(rng, row["scores"][q]) for q in questions], row["comment"]])
    path.write_text(out.getvalue(), encoding="utf-8")


def write_monkey(path: Path, rows: list[dict[str, Any]], seed: int) -> None:
    """SurveyMonkey: a matrix question over several columns, a second header row."""
    rng = random.Random(seed + 3)
    questions = [q for qs in QUESTIONS.values() for q in qs]
    first = ["Respondent ID", "Email Address", GROUP_QUESTION, "How far do you agree?"] + [""] * (len(questions) - 1)
    first.append("Comments")
    second = ["", "", "Response", *questions, "Open-Ended Response"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([first, second])
    for n, row in enumerate(rows):
        writer.writerow([str(10_000 + n), row["email"], row["group"],
                         *[_answer(rng, row["scores"][q]) for q in questions], row["comment"]])
    path.write_text(out.getvalue(), encoding="utf-8")


def expected(rows: list[dict[str, Any]], headcounts: dict[str, int], settings: EvidenceSettings) -> dict[str, Any]:
    """The figures computed independently, row by row, in plain Python."""
    by_group: dict[str, list[dict[str, Decimal]]] = {}
    for row in rows:
        if not row["group"]:
            continue
        own: dict[str, Decimal] = {}
        for element, questions in QUESTIONS.items():
            answered = [row["scores"][q] for q in questions if row["scores"][q] is not None]
            if answered:
                own[element] = (Decimal(sum(answered)) / len(answered)).quantize(Decimal("0.000001"), ROUND_HALF_UP)
        if own:
            by_group.setdefault(GROUPS[row["group"]], []).append(own)
    result: dict[str, Any] = {}
    for group_id in sorted(set(GROUPS.values())):
        people = by_group.get(group_id, [])
        if len(people) < settings.min_group_size:
            result[group_id] = None
            continue
        means = {}
        for element in ELEMENTS:
            values = [p[element] for p in people if element in p]
            means[element] = float(sum(values) / len(values)) if values else None
        barriers = []
        for p in people:
            own_barrier = next((e for e in ELEMENTS if e in p and p[e] <= Decimal(str(settings.barrier_threshold))),
                               "none")
            barriers.append(own_barrier)
        shares = {e: barriers.count(e) / len(people) for e in (*ELEMENTS, "none")}
        barrier = next((e for e in ELEMENTS if means[e] is not None and means[e] <= settings.barrier_threshold), None)
        result[group_id] = {"responses": len(people), "rate": len(people) / headcounts[group_id], "adkar": means,
                            "barrier": barrier, "shares": shares}
    return result


def _survey(file: Path, group_column: str = GROUP_QUESTION, **extra: Any) -> Survey:
    return Survey.model_validate({"id": "wave-1", "date": "2027-01-20", "file": str(file),
                                  "group_column": group_column, "groups": GROUPS, "questions": QUESTIONS, **extra})


HEADCOUNTS = {"consultants": 9000, "partners": 150, "services": 2000, "legal": 60}


@pytest.mark.parametrize("shape", ["plain", "semicolon-bom", "qualtrics", "surveymonkey"])
@pytest.mark.parametrize("seed", [1, 2])
def test_figures_match_an_independent_computation(tmp_path: Path, shape: str, seed: int) -> None:
    rows = make_rows(seed, 400)
    file = tmp_path / "export.csv"
    if shape == "plain":
        write_plain(file, rows, seed)
    elif shape == "semicolon-bom":
        write_plain(file, rows, seed, delimiter=";", bom=True)
    elif shape == "qualtrics":
        write_qualtrics(file, rows, seed)
    else:
        write_monkey(file, rows, seed)
    settings = EvidenceSettings(min_group_size=15)
    results, problems = read_surveys([_survey(file)], tmp_path, HEADCOUNTS, settings)
    assert problems == []
    want = expected(rows, HEADCOUNTS, settings)
    (result,) = results
    assert result.unassigned == sum(1 for r in rows if not r["group"])
    for group in result.groups:
        if want[group.id] is None:
            assert group.suppressed and group.responses is None and group.adkar is None
            continue
        assert not group.suppressed
        assert group.responses == want[group.id]["responses"]
        assert group.response_rate == pytest.approx(want[group.id]["rate"])
        assert group.adkar is not None and group.barrier_shares is not None
        for element in ELEMENTS:
            assert group.adkar[element] == pytest.approx(want[group.id]["adkar"][element], abs=1e-9)
            assert group.barrier_shares[element] == pytest.approx(want[group.id]["shares"][element])
        assert group.barrier == want[group.id]["barrier"]
    assert result.responses == sum(w["responses"] for w in want.values() if w is not None)


def test_a_small_group_is_suppressed_and_cannot_be_worked_out(tmp_path: Path) -> None:
    rows = make_rows(7, 300)
    legal_seen = [r for r in rows if r["group"] == "Legal"]
    rows = [r for r in rows if r["group"] != "Legal" or r in legal_seen[:3]]
    file = tmp_path / "export.csv"
    write_plain(file, rows, 7)
    settings = EvidenceSettings()  # 5 by default
    (result,), _ = read_surveys([_survey(file)], tmp_path, HEADCOUNTS, settings)
    legal = next(g for g in result.groups if g.id == "legal")
    legal_rows = [r for r in rows if r["group"] == "Legal"]
    assert 0 < len(legal_rows) < 5, "the generator must give Legal a handful of rows"
    assert legal.suppressed and legal.responses is None and legal.adkar is None and legal.barrier_shares is None
    assert result.suppressed_groups == 1
    reported = sum(g.responses or 0 for g in result.groups)
    assert result.responses == reported  # the total leaves the suppressed group out


def test_the_minimum_group_size_is_never_below_three() -> None:
    with pytest.raises(ValueError, match="greater than or equal to 3"):
        EvidenceSettings(min_group_size=2)


def test_an_xlsx_export_gives_the_same_figures_as_its_csv(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    rows = make_rows(3, 120)
    file = tmp_path / "export.csv"
    write_plain(file, rows, 3)
    book = openpyxl.Workbook()
    sheet = book.active
    with file.open(encoding="utf-8", newline="") as stream:
        for record in csv.reader(stream):
            sheet.append([int(c) if c.isdigit() else c for c in record])
    book.save(tmp_path / "export.xlsx")
    settings = EvidenceSettings()
    from_csv, _ = read_surveys([_survey(file)], tmp_path, HEADCOUNTS, settings)
    from_xlsx, problems = read_surveys([_survey(tmp_path / "export.xlsx")], tmp_path, HEADCOUNTS, settings)
    assert problems == []
    assert list(from_xlsx[0].groups) == list(from_csv[0].groups)


def _problems(tmp_path: Path, text: str | bytes, **survey: Any) -> list[DataProblem]:
    file = tmp_path / "bad.csv"
    file.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    results, problems = read_surveys([_survey(file, **survey)], tmp_path, HEADCOUNTS, EvidenceSettings())
    assert results == []
    return problems


HEADER = f'"{GROUP_QUESTION}",' + ",".join(q for qs in QUESTIONS.values() for q in qs) + "\n"
ROW = "Consulting,4,4,4,4,4,4,4\n"


def test_an_answer_off_the_scale_is_located_by_row_and_column(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, HEADER + ROW * 3 + "Partners,4,Somewhat agree,4,4,4,4,4\n" + ROW)
    assert (problem.code, problem.row, problem.column) == ("EV004", 5, "It is clear how the change affects me")
    # One respondent's answer is not quoted (a column mapped by mistake
    # could hold names or free text); the hint still helps.
    assert problem.message.startswith("the answer in this row (not quoted: too few respondents gave it) is not an "
                                      "answer on the scale")
    assert "Somewhat" not in problem.message
    assert "labels:" in (problem.hint or "")


def test_an_answer_many_gave_is_quoted_and_an_email_never(tmp_path: Path) -> None:
    rows = "".join("Partners,4,Somewhat agree,4,4,4,4,4\n" for _ in range(5))
    (problem,) = _problems(tmp_path, HEADER + ROW + rows)
    assert "'Somewhat agree' is not an answer on the scale" in problem.message
    emails = "".join(f"x{i}@example.com,4,4,4,4,4,4,4\n" for i in range(6)) + "a@b.example,4,4,4,4,4,4,4\n" * 6
    (tmp_path / "e").mkdir()
    found = _problems(tmp_path / "e", HEADER + ROW + emails)
    assert found and all("@" not in p.message and "@" not in (p.hint or "") for p in found)


def test_an_unknown_group_gets_a_did_you_mean(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, HEADER + ROW + "Consultng,4,4,4,4,4,4,4\n")
    assert (problem.code, problem.row, problem.column) == ("EV005", 3, GROUP_QUESTION)
    assert "did you mean 'Consulting'" in (problem.hint or "")


def test_a_wrong_column_name_gets_a_did_you_mean(tmp_path: Path) -> None:
    problems = _problems(tmp_path, HEADER + ROW, group_column="Which part of the organisation do you work")
    assert [(p.code, p.row) for p in problems] == [("EV002", 1)]
    assert "did you mean" in (problems[0].hint or "")


@pytest.mark.parametrize(("content", "says"), [
    (b"", "the file is empty"),
    (b"x\n1\n2\n", "not a CSV export"),
    (HEADER.encode("utf-16"), "UTF-16"),
    ((HEADER + "L\xe9gal,4,4,4,4,4,4,4\n").encode("cp1252"), "not UTF-8"),
    (b"PK\x03\x04rest", "workbook"),
    ((HEADER + ROW + "Consulting,4,4\n").encode(), "the row has 3 cells"),
])
def test_files_that_are_not_usable_surveys_get_a_clear_message(tmp_path: Path, content: bytes, says: str) -> None:
    problems = _problems(tmp_path, content)
    assert len(problems) == 1
    assert says in problems[0].message


def test_no_personal_data_reaches_the_results(tmp_path: Path) -> None:
    rows = make_rows(11, 200)
    file = tmp_path / "export.csv"
    write_plain(file, rows, 11)
    results, _ = read_surveys([_survey(file)], tmp_path, HEADCOUNTS, EvidenceSettings())
    text = repr(results)
    for row in rows:
        assert row["email"] not in text and row["name"] not in text
        if row["comment"]:
            assert row["comment"] not in text
