"""Read what the plan's ``tracking`` section names: the usage exports and
the KPI files. The one place ``socialplan track`` reads data; the analysis
(:mod:`socialplan.track.analysis`) gets only counts and values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from socialplan.data.engine import Engine, records
from socialplan.data.tabular import DataError, DataProblem
from socialplan.model import Plan, Tracking
from socialplan.track.actuals import Actuals, MonthActuals, read_usage

MAX_KPI_ROWS = 100_000  # a KPI is measured weekly at most: far more rows is not a KPI file


def read_kpi_file(engine: Engine, file: str, base: Path) -> list[tuple[dt.date, float]]:
    """A KPI's observations from a CSV with ``date`` and ``value`` columns;
    raises :class:`DataError` located by row and column."""
    path = Path(file)
    layout = engine.layout(path if path.is_absolute() else base / path, file)
    date_column, value_column = layout.column("date"), layout.column("value")
    for found in (date_column, value_column):
        if isinstance(found, DataProblem):
            raise DataError(found)
    assert isinstance(date_column, int) and isinstance(value_column, int)
    out: list[tuple[dt.date, float]] = []
    for row, record in records(layout):
        if row - 1 > MAX_KPI_ROWS:
            raise DataError(DataProblem("EV020", file, f"holds more than {MAX_KPI_ROWS} observations", row=row,
                                        hint="a KPI file holds one row per measurement"))
        date_text = record[date_column].strip() if date_column < len(record) else ""
        value_text = record[value_column].strip() if value_column < len(record) else ""
        if not date_text and not value_text:
            continue
        try:
            day = dt.date.fromisoformat(date_text)
        except ValueError:
            raise DataError(DataProblem("EV020", file, f"'{date_text[:40]}' is not a date", row=row,
                                        column=layout.names[date_column],
                                        hint="dates are written YYYY-MM-DD")) from None
        try:
            value = float(value_text)
        except ValueError:
            value = float("nan")
        if value != value or value in (float("inf"), float("-inf")):
            raise DataError(DataProblem("EV020", file, f"'{value_text[:40]}' is not a number", row=row,
                                        column=layout.names[value_column],
                                        hint="write the value in the KPI's unit, with a dot for decimals"))
        out.append((day, value))
    return out


def gather(plan: Plan, tracking: Tracking, base: Path, *, engine: Engine | None = None
           ) -> tuple[Actuals, dict[tuple[str, str], list[tuple[dt.date, float]]], list[DataProblem]]:
    """The actuals of every usage source (added up per group and month),
    the KPI observations by (objective, KPI name), and the data problems
    that stopped a source (errors) or did not (warnings)."""
    headcounts: Mapping[str, int] = {g.id: g.headcount for g in plan.stakeholders}
    own = engine is None
    active = engine or Engine()
    problems: list[DataProblem] = []
    total = Actuals()
    counts: dict[tuple[str, str], tuple[int, int | None]] = {}
    try:
        for usage in tracking.usage:
            try:
                found = read_usage(active, usage, base, headcounts)
            except DataError as error:
                problems.append(error.problem)
                continue
            for month in found.months:
                group = month.group
                active_users, posters = counts.get((group, month.month), (0, None))
                counts[(group, month.month)] = (active_users + month.active, month.posters if posters is None
                                                or month.posters is None else posters + month.posters)
            total.users += found.users
            total.unmapped_users += found.unmapped_users
            total.files_read += found.files_read
            total.warnings.extend(found.warnings)
            if found.latest is not None and (total.latest is None or found.latest > total.latest):
                total.latest = found.latest
        observations: dict[tuple[str, str], list[tuple[dt.date, float]]] = {}
        for kpi in tracking.kpis:
            values = [(o.date, o.value) for o in kpi.observations]
            if kpi.file is not None:
                try:
                    values.extend(read_kpi_file(active, kpi.file, base))
                except DataError as error:
                    problems.append(error.problem)
            observations.setdefault((kpi.objective, kpi.kpi), []).extend(values)
    finally:
        if own:
            active.close()
    total.months = [MonthActuals(g, m, a, p) for (g, m), (a, p) in sorted(counts.items())]
    problems.extend(total.warnings)
    return total, observations, problems
