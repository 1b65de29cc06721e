"""Survey exports -> ADKAR readiness per stakeholder group.

For each wave and group: the responses, the response rate against the
group's headcount, the mean of each ADKAR element, the group's barrier point
(the first element, in A-D-K-A-R order, whose mean is at or below the
threshold), its lowest element, and the share of respondents whose *own*
barrier point is each element (a group mean can hide a minority stuck at
awareness).

How answers become numbers:

* an answer is a whole number on the survey's scale (1-5 by default) or one
  of its labels ("Strongly agree"), compared without case or surrounding
  spaces; a blank cell is a question left unanswered;
* a respondent's score for an element is the mean of the questions they
  answered for it; an element they answered nothing for is left out of
  their barrier point and of the group's mean;
* a respondent counts when their group answer maps to a group and they
  answered at least one mapped question; rows with a blank group answer are
  counted as "no group given" and reported, never silently dropped.

Privacy: only the mapped columns are read into the engine; no row, name,
e-mail or free-text answer leaves it, only per-group aggregates. A group
with fewer respondents than ``min_group_size`` is suppressed: none of its
figures are reported, not even its count, and the survey's total counts
only the groups that are reported (so a suppressed count cannot be worked
out by subtraction).

Sums are taken as exact decimals (each respondent's element score rounded
to six places), so the engine's parallel aggregation gives the same bytes
on every run.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from socialplan.data.engine import Engine, records
from socialplan.data.tabular import DataError, DataProblem, Layout, normalise, shorten
from socialplan.evidence.spec import DEFAULT_LABELS, ELEMENTS, EvidenceSettings, Survey

NO_BARRIER = "none"


@dataclass(frozen=True)
class GroupReadiness:
    """One stakeholder group's answers to one survey wave."""

    id: str
    headcount: int | None
    suppressed: bool
    responses: int | None = None  # None when suppressed
    response_rate: float | None = None
    adkar: dict[str, float | None] | None = None
    barrier: str | None = None  # None: no element at or below the threshold
    lowest: str | None = None
    barrier_shares: dict[str, float] | None = None  # element or "none" -> share of respondents


@dataclass(frozen=True)
class SurveyResult:
    """One survey wave, aggregated."""

    id: str
    date: dt.date
    file: str
    groups: tuple[GroupReadiness, ...]
    responses: int  # in the groups that are reported
    suppressed_groups: int
    unassigned: int  # rows with no group answer
    warnings: tuple[DataProblem, ...] = field(default_factory=tuple)


class SurveyProblems(Exception):
    """Every problem found in one survey export."""

    def __init__(self, problems: list[DataProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class _Mapped:
    element: str
    column: int


class _Scale:
    """What an answer means: a number on the scale or a label."""

    def __init__(self, survey: Survey) -> None:
        self.low, self.high = survey.scale
        source = survey.labels if survey.labels is not None else DEFAULT_LABELS
        self.labels = {normalise(k): v for k, v in source.items()}

    def score(self, text: str) -> int | bool | None:
        """The number, None for blank, False for an answer off the scale."""
        answer = text.strip()
        if not answer:
            return None
        label = self.labels.get(normalise(answer))
        if label is not None:
            return label
        try:
            number = int(answer)
        except ValueError:
            return False
        return number if self.low <= number <= self.high else False

    def describe(self) -> str:
        labels = sorted(self.labels, key=lambda k: (self.labels[k], k))
        shown = ", ".join(f"'{k}'" for k in labels[:7])
        return f"a whole number from {self.low} to {self.high}" + (f", or one of {shown}" if shown else "")


def _columns(layout: Layout, survey: Survey) -> tuple[int, list[_Mapped], list[DataProblem]]:
    problems: list[DataProblem] = []
    group = layout.column(survey.group_column, what="group column")
    if isinstance(group, DataProblem):
        problems.append(group)
        group = -1
    mapped: list[_Mapped] = []
    for element in ELEMENTS:
        for name in survey.questions.get(element, []):
            found = layout.column(name, what=f"{element} question")
            if isinstance(found, DataProblem):
                problems.append(found)
            else:
                mapped.append(_Mapped(element, found))
    if not mapped and not problems:
        problems.append(DataProblem("EV002", layout.display, "no question is mapped to an ADKAR element", row=1))
    return group, mapped, problems


def _score_sql(column: int, scale: _Scale, params: dict[str, object]) -> str:
    """SQL that turns one answer column into its number, NULL when blank
    and -1 when off the scale (checked before any figure is reported).
    ``a{column}`` is the answer already trimmed and lower-cased."""
    if "labels" not in params:
        ordered = sorted(scale.labels.items())
        params["labels"] = [label for label, _ in ordered]
        params["label_values"] = [int(value) for _, value in ordered]
    cell = f"a{column}"
    number = f"try_cast({cell} AS BIGINT)"
    return (f"CASE WHEN {cell} IS NULL OR {cell} = '' THEN NULL "
            f"ELSE coalesce(list_extract($label_values, list_position($labels, {cell})), "
            f"CASE WHEN {number} BETWEEN {int(scale.low)} AND {int(scale.high)} THEN {number} END, -1) END")


def _group_sql(column: int, groups: Mapping[str, str], params: dict[str, object]) -> tuple[str, str]:
    cell = f"a{column}"
    ordered = sorted((normalise(k), v) for k, v in groups.items())
    params["group_values"] = [value for value, _ in ordered]
    params["group_ids"] = [group_id for _, group_id in ordered]
    gid = f"list_extract($group_ids, list_position($group_values, {cell}))"
    unknown = f"CASE WHEN ({gid}) IS NULL AND {cell} <> '' THEN {cell} END"
    return gid, unknown


def _first_bad_answer(layout: Layout, column: int, scale: _Scale) -> tuple[int | None, str]:
    try:
        for row, record in records(layout):
            if column < len(record) and scale.score(record[column]) is False:
                return row, record[column]
    except (csv.Error, UnicodeDecodeError):  # locating is best effort: the problem is reported all the same
        pass
    return None, ""


def _shown(value: str, count: int, settings: EvidenceSettings) -> str:
    """A cell as an error message may quote it: only an answer that at
    least ``min_group_size`` respondents gave, and no e-mail address. A
    column mapped by mistake (names, e-mails, free text) must not put a
    respondent's words on a terminal or in a CI log."""
    if count >= settings.min_group_size and "@" not in value:
        return f"'{shorten(value, 40)}'"
    return "the answer in this row (not quoted: too few respondents gave it)"


def _first_row_with(layout: Layout, column: int, value: str) -> tuple[int | None, str]:
    """The first row whose cell matches ``value`` (trimmed, any case), and
    the cell as the file writes it."""
    wanted = normalise(value)
    try:
        for row, record in records(layout):
            if column < len(record) and normalise(record[column]) == wanted:
                return row, record[column].strip()
    except (csv.Error, UnicodeDecodeError):  # locating is best effort: the problem is reported all the same
        pass
    return None, value


def read_survey(engine: Engine, survey: Survey, base: Path, headcounts: Mapping[str, int],
                settings: EvidenceSettings) -> SurveyResult:
    """Aggregate one survey wave; raises :class:`SurveyProblems` (every
    problem found, located) or :class:`DataError` (a file that cannot be
    read at all)."""
    path = Path(survey.file)
    layout = engine.layout(path if path.is_absolute() else base / path, survey.file, sheet=survey.sheet)
    group_column, mapped, problems = _columns(layout, survey)
    if problems:
        raise SurveyProblems(problems)
    scale = _Scale(survey)
    params: dict[str, object] = {}
    scores = [f"{_score_sql(m.column, scale, params)} AS q{i}" for i, m in enumerate(mapped)]
    gid, unknown = _group_sql(group_column, survey.groups, params)
    table = f"survey_{survey.id.replace('-', '_')}"
    # Each answer trimmed and lower-cased once, then mapped by list lookups.
    used = sorted({group_column, *(m.column for m in mapped)})
    answers = ", ".join(f"lower(trim(c{i})) AS a{i}" for i in used)
    engine.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {gid} AS gid, {unknown} AS unknown, "
                   f"{', '.join(scores)} FROM (SELECT {answers} FROM {engine.scan(layout)})", params)

    any_answer = " OR ".join(f"q{i} IS NOT NULL" for i in range(len(mapped)))
    checks = ", ".join(f"count(*) FILTER (WHERE q{i} = -1)" for i in range(len(mapped)))
    counts = engine.query(f"SELECT {checks}, count(*) FILTER (WHERE unknown IS NOT NULL), "
                          f"count(*) FILTER (WHERE gid IS NULL AND unknown IS NULL AND ({any_answer})) "
                          f"FROM {table}")[0]
    bad_answers, unknown_count, unassigned = counts[: len(mapped)], int(counts[-2]), int(counts[-1])
    group_header = layout.names[group_column]
    for i, bad in enumerate(bad_answers):
        if bad:
            column = mapped[i].column
            row, value = _first_bad_answer(layout, column, scale)
            more = f" ({bad - 1} more rows in this column)" if bad > 1 else ""
            from socialplan.suggest import did_you_mean

            near = did_you_mean(normalise(value), scale.labels)
            hint = f"did you mean '{near}'? " if near else ""
            shown = _shown(value, bad, settings)
            problems.append(DataProblem(
                "EV004", layout.display, f"{shown} is not an answer on the scale{more}", row=row,
                column=layout.names[column],
                hint=f"{hint}answers are {scale.describe()}; map other labels in the survey's labels:"))
    if unknown_count:
        rows = engine.query(f"SELECT unknown, count(*) FROM {table} WHERE unknown IS NOT NULL "
                            f"GROUP BY unknown ORDER BY count(*) DESC, unknown LIMIT 3")
        from socialplan.suggest import suggestion

        for value, count in rows:
            row, value = _first_row_with(layout, group_column, value)
            more = f" ({count} rows)" if count > 1 else ""
            shown = _shown(value, int(count), settings)
            # The did-you-mean names a label of the plan, never the answer itself.
            hint = suggestion(value, survey.groups, "answers in groups")
            problems.append(DataProblem(
                "EV005", layout.display, f"{shown} is not one of the survey's groups{more}", row=row,
                column=group_header, hint=hint + "; add it to the survey's groups: map"))
    if problems:
        raise SurveyProblems(problems)
    return _aggregate(engine, table, survey, layout, mapped, headcounts, settings, unassigned)


def _aggregate(engine: Engine, table: str, survey: Survey, layout: Layout, mapped: list[_Mapped],
               headcounts: Mapping[str, int], settings: EvidenceSettings, unassigned: int) -> SurveyResult:
    elements = [e for e in ELEMENTS if any(m.element == e for m in mapped)]
    per_element = []
    for element in elements:
        idx = [i for i, m in enumerate(mapped) if m.element == element]
        total = " + ".join(f"coalesce(q{i}, 0)" for i in idx)
        answered = " + ".join(f"CAST(q{i} IS NOT NULL AS INTEGER)" for i in idx)
        per_element.append(f"CAST(({total}) / nullif({answered}, 0) AS DECIMAL(18, 6)) AS {element}")
    threshold = Decimal(str(settings.barrier_threshold))
    arms = " ".join(f"WHEN {e} <= $threshold THEN '{e}'" for e in elements)
    any_answer = " OR ".join(f"q{i} IS NOT NULL" for i in range(len(mapped)))
    aggregates = ", ".join(f"sum({e}), count({e})" for e in elements)
    shares = ", ".join(f"count(*) FILTER (WHERE barrier = '{e}')" for e in (*elements, NO_BARRIER))
    rows = engine.query(
        f"WITH r AS (SELECT gid, {', '.join(per_element)} FROM {table} WHERE gid IS NOT NULL AND ({any_answer})), "
        f"b AS (SELECT *, CASE {arms} ELSE '{NO_BARRIER}' END AS barrier FROM r) "
        f"SELECT gid, count(*), {aggregates}, {shares} FROM b GROUP BY gid ORDER BY gid",
        {"threshold": threshold},
    )
    found = {row[0]: row for row in rows}
    groups: list[GroupReadiness] = []
    reported = suppressed = 0
    for group_id in sorted(set(survey.groups.values())):
        row = found.get(group_id)
        responses = int(row[1]) if row else 0
        headcount = headcounts.get(group_id)
        if responses < settings.min_group_size:
            suppressed += 1
            groups.append(GroupReadiness(group_id, headcount, True))
            continue
        assert row is not None
        reported += responses
        means: dict[str, float | None] = dict.fromkeys(ELEMENTS)
        for k, element in enumerate(elements):
            total, count = row[2 + 2 * k], int(row[3 + 2 * k])
            means[element] = float(Decimal(total) / count) if count else None
        base = 2 + 2 * len(elements)
        share_values = {e: int(row[base + k]) / responses for k, e in enumerate((*elements, NO_BARRIER))}
        barrier = next((e for e in ELEMENTS if (mean := means[e]) is not None and mean <= settings.barrier_threshold),
                       None)
        known = [(v, ELEMENTS.index(e), e) for e, v in means.items() if v is not None]
        lowest = min(known)[2] if known else None
        rate = responses / headcount if headcount else None
        groups.append(GroupReadiness(group_id, headcount, False, responses, rate, means, barrier, lowest,
                                     share_values))
    return SurveyResult(survey.id, survey.date, survey.file, tuple(groups), reported, suppressed, unassigned)


def read_surveys(surveys: list[Survey], base: Path, headcounts: Mapping[str, int], settings: EvidenceSettings,
                 *, engine: Engine | None = None) -> tuple[list[SurveyResult], list[DataProblem]]:
    """Every wave, oldest first, and every problem found in any of them."""
    results: list[SurveyResult] = []
    problems: list[DataProblem] = []
    own = engine is None
    active = engine or Engine()
    try:
        for survey in sorted(surveys, key=lambda s: (s.date, s.id)):
            try:
                results.append(read_survey(active, survey, base, headcounts, settings))
            except SurveyProblems as error:
                problems.extend(error.problems)
            except DataError as error:
                problems.append(error.problem)
    finally:
        if own:
            active.close()
    return results, problems
