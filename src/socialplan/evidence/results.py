"""Pilot results kept in a file the plan names (CSV with a header row).

The columns are the fields of a result: ``metric`` and ``observed``, with
whichever of ``n``, ``sd``, ``successes``, ``events``, ``exposure``,
``start`` and ``end`` the measure has. Column names are matched without
case or surrounding spaces; a column that is none of these is an error, so
a typo cannot silently drop a sample size. Given the pilot's metrics, a row
naming none of them is an error too (EV017), for the same reason: a
misspelt metric would otherwise leave the pilot looking unmeasured.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from socialplan.data.engine import Engine
from socialplan.data.tabular import DataError, DataProblem, normalise, shorten
from socialplan.evidence.spec import MetricResult

FIELDS = tuple(MetricResult.model_fields)
MAX_ROWS = 10_000


def read_results(engine: Engine, file: str, base: Path, metrics: Sequence[str] | None = None
                 ) -> tuple[list[MetricResult], list[DataProblem]]:
    """The results in ``file`` (relative to ``base``), and the problems found;
    with ``metrics`` (the pilot's metric names), a row naming none of them
    is one."""
    path = Path(file)
    layout = engine.layout(path if path.is_absolute() else base / path, file)
    problems: list[DataProblem] = []
    columns: dict[str, int] = {}
    for index, name in enumerate(layout.names):
        key = normalise(name).replace(" ", "_")
        if key in FIELDS:
            columns[key] = index
        elif key:
            from socialplan.suggest import suggestion

            problems.append(DataProblem("EV015", file, f"'{name}' is not a field of a pilot result", row=1,
                                        column=name, hint=suggestion(key, FIELDS, "fields")))
    for required in ("metric",):
        if required not in columns:
            problems.append(DataProblem("EV015", file, f"no '{required}' column", row=1,
                                        hint=f"the columns are {', '.join(FIELDS)}"))
    if problems:
        return [], problems
    selected = ", ".join(f"nullif(trim(c{i}), '')" for i in columns.values())
    rows = engine.query(f"SELECT {selected} FROM {engine.scan(layout)} LIMIT {MAX_ROWS + 1}")
    if len(rows) > MAX_ROWS:
        return [], [DataProblem("EV015", file, f"more than {MAX_ROWS} results: a results file has one row per "
                                "metric measured")]
    results: list[MetricResult] = []
    names = list(columns)
    for number, row in enumerate(rows, start=layout.skip + 1):
        data: dict[str, Any] = {name: value for name, value in zip(names, row, strict=True) if value is not None}
        for key in ("n", "successes", "events"):
            if key in data:
                data[key] = _number(data[key], whole=True)
        for key in ("observed", "sd", "exposure"):
            if key in data:
                data[key] = _number(data[key], whole=False)
        try:
            result = MetricResult.model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else "metric"
            header = layout.names[columns[field]] if field in columns else None
            value = data.get(field)
            said = f": '{shorten(str(value), 40)}'" if value is not None else ""
            message = first["msg"].lower().removeprefix("value error, ")
            problems.append(DataProblem("EV016", file, f"{message}{said}", row=number, column=header))
            continue
        if metrics is not None and unknown_metric(result.metric, metrics):
            problems.append(DataProblem("EV017", file, unknown_metric_message(result.metric), row=number,
                                        column=layout.names[columns["metric"]],
                                        hint=metric_hint(result.metric, metrics)))
            continue
        results.append(result)
    return results, problems


def unknown_metric(name: str, metrics: Sequence[str]) -> bool:
    """Whether ``name`` is none of ``metrics`` (matched as results are: without
    case or surrounding spaces)."""
    return normalise(name) not in {normalise(m) for m in metrics}


def unknown_metric_message(name: str) -> str:
    return f"'{shorten(name, 60)}' is not a metric of this pilot"


def metric_hint(name: str, metrics: Sequence[str]) -> str:
    from socialplan.suggest import suggestion

    return suggestion(name, metrics, "metrics of the pilot", none="the pilot has no metrics")


def _number(text: str, *, whole: bool) -> object:
    """A number from a cell: '1,234' and '12.5%' as people type them; a
    cell that is not a number is passed on for the model to refuse."""
    cleaned = text.replace(",", "").replace("_", "").rstrip("%").strip()
    try:
        value = float(cleaned)
    except ValueError:
        return text
    if whole:
        return int(value) if value.is_integer() else value
    return value


def load_results(engine: Engine, file: str, base: Path, metrics: Sequence[str] | None = None
                 ) -> tuple[list[MetricResult], list[DataProblem]]:
    try:
        return read_results(engine, file, base, metrics)
    except DataError as error:
        return [], [error.problem]
