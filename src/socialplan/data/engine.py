"""The embedded analytical engine (DuckDB), opened with bounded resources.

DuckDB reads CSV in place, in parallel, and aggregates far faster than a
Python loop, in memory it is told to keep to. Everything the product asks
of it goes through :class:`Engine`:

* :meth:`Engine.scan` gives the ``read_csv(...)`` of one export with the
  layout found by :mod:`socialplan.data.tabular`: columns named ``c0``,
  ``c1``... as text, the header rows skipped, the file's path a query
  parameter (no text from a plan or a file is ever spliced into SQL).
* :meth:`Engine.query` runs a query and turns the engine's complaints about
  a malformed file into a located :class:`~socialplan.data.tabular.DataProblem`
  (file, row, column), found by re-reading the file in Python: the slow path
  is taken only when something is wrong.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from socialplan.data.tabular import DataError, DataProblem, Layout, sniff

if TYPE_CHECKING:
    import duckdb

DEFAULT_MEMORY_LIMIT = "1GB"
MEMORY_LIMIT_ENV = "SOCIALPLAN_MEMORY_LIMIT"
# What the engine accepts as a memory limit, spelled the way people write it.
_MEMORY = re.compile(r"\d{1,6}(?:\.\d{1,3})?\s?(?:[KMGT]i?B)", re.IGNORECASE)


def memory_limit_from_env() -> str:
    """The engine's memory limit: SOCIALPLAN_MEMORY_LIMIT (e.g. ``4GB``), else 1 GB.
    A value the engine would refuse, or silently read otherwise, is a usage error."""
    raw = os.environ.get(MEMORY_LIMIT_ENV, "").strip()
    if not raw:
        return DEFAULT_MEMORY_LIMIT
    if not _MEMORY.fullmatch(raw):
        from socialplan.errors import UserError
        from socialplan.textsafe import shorten

        raise UserError(f"{MEMORY_LIMIT_ENV} must be an amount of memory such as 4GB or 512MB, "
                        f"not '{shorten(raw, 40)}'")
    return raw
# Column types a scan may ask the reader to parse (inlined into SQL: a fixed set).
_TYPES = frozenset({"VARCHAR", "DATE", "BIGINT", "INTEGER", "DOUBLE"})
# Cells larger than this are not survey answers; the engine refuses them.
MAX_CELL_BYTES = 1024 * 1024


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


class Engine:
    """One in-memory DuckDB database for one run, with a temporary folder
    for what it spills and for workbooks converted to CSV."""

    def __init__(self, *, memory_limit: str | None = None, threads: int | None = None) -> None:
        import duckdb

        memory_limit = memory_limit or memory_limit_from_env()

        self._temp = tempfile.TemporaryDirectory(prefix="socialplan-")
        self.con: duckdb.DuckDBPyConnection = duckdb.connect(":memory:", config={
            "memory_limit": memory_limit,
            "threads": threads or _cores(),
            "temp_directory": self._temp.name,
            # Never fetch anything: extensions stay as shipped.
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        })
        # The engine's own progress bar writes to standard output, where a
        # report may be going.
        self.con.execute("SET enable_progress_bar = false")
        self._params: dict[str, Any] = {}
        self._layouts: dict[str, Layout] = {}

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()
        self._temp.cleanup()

    @property
    def temp_dir(self) -> Path:
        return Path(self._temp.name)

    def layout(self, path: Path, display: str, *, sheet: str | None = None) -> Layout:
        """The layout of a CSV export or of an .xlsx workbook's sheet (which
        is converted to CSV first: the engine reads CSV natively)."""
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            from socialplan.data.workbook import workbook_to_csv

            converted = workbook_to_csv(path, display, self.temp_dir, sheet=sheet)
            return sniff(converted, display)
        return sniff(path, display)

    def scan(self, layout: Layout, *, also: Sequence[Layout] = (), filename: bool = False,
             types: Mapping[int, str] | None = None) -> str:
        """``read_csv(...)`` of one export (and of ``also``, files with the
        same header, such as a folder of snapshots), columns named c0,
        c1...; with ``filename`` a column says which file a row is from.

        Every column is text, unless ``types`` gives one another engine type
        (``DATE``, ``BIGINT``...): the reader then parses it itself, which is
        faster than casting text, and the query fails on the first cell it
        cannot parse (so a caller tries typed first and falls back to text to
        say where)."""
        name = f"file{len(self._params)}"
        files = [layout, *also]
        self._params[name] = [str(f.path) for f in files] if also else str(layout.path)
        for index, each in enumerate(files):
            self._layouts[f"{name}_{index}"] = each
        typed = dict(types or {})
        if any(kind not in _TYPES for kind in typed.values()):
            raise ValueError(f"not a column type the engine is asked for: {sorted(typed.values())}")
        columns = ", ".join(f"'c{i}': '{typed.get(i, 'VARCHAR')}'" for i in range(layout.width))
        delimiter = {",": ",", ";": ";", "\t": "\\t"}[layout.delimiter]  # a fixed set: safe to inline
        return (f"read_csv(${name}, header = false, skip = {layout.skip}, delim = E'{delimiter}', quote = '\"', "
                f"escape = '\"', columns = {{{columns}}}, max_line_size = {MAX_CELL_BYTES}, "
                f"encoding = 'utf-8', auto_detect = false{', filename = true' if filename else ''})")

    def query(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run ``sql`` with the scans' parameters and ``params``."""
        import duckdb

        try:
            return self.con.execute(sql, self._bound(sql, params)).fetchall()
        except duckdb.Error as error:
            raise self._explain(error) from None

    def _bound(self, sql: str, params: dict[str, Any] | None) -> dict[str, Any]:
        """The scans' parameters and ``params`` that ``sql`` names."""
        values = {**self._params, **(params or {})}
        return {k: v for k, v in values.items() if f"${k}" in sql}

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> None:
        self.query(sql, params)

    def attempt(self, sql: str, params: dict[str, Any] | None = None) -> bool:
        """Run ``sql`` as a fast path: False, without looking for the cause,
        when the engine refuses it (a typed scan meeting a cell it cannot
        parse); the caller then takes the careful path."""
        import duckdb

        try:
            self.con.execute(sql, self._bound(sql, params))
        except duckdb.Error:
            return False
        return True

    def _explain(self, error: Exception) -> DataError:
        """A located problem for the engine's error: the first malformed row
        of the files involved, found by reading them again in Python."""
        for layout in self._layouts.values():
            problem = first_malformed_row(layout) or mixed_line_endings(layout)
            if problem is not None:
                return DataError(problem)
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        files = ", ".join(sorted({layout.display for layout in self._layouts.values()})) or "the data"
        if "memory" in text.lower():
            return DataError(DataProblem("EV001", files, "the data does not fit in the memory allowed",
                                         hint="raise the limit with SOCIALPLAN_MEMORY_LIMIT (e.g. 4GB)"))
        return DataError(DataProblem("EV001", files, f"cannot be read: {text}"))


def records(layout: Layout) -> Iterator[tuple[int, list[str]]]:
    """The data records of an export with their row numbers (the header's
    first row is row 1), streamed; for the slow, located error path."""
    encoding = "utf-8-sig" if _has_bom(layout.path) else "utf-8"
    # Python's csv module stops at 128 KiB a cell; the engine reads cells up
    # to MAX_CELL_BYTES, so the error path must too, or locating a problem in
    # a file the engine accepted would fail on a long free-text answer.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_BYTES))
    with layout.path.open("r", encoding=encoding, errors="strict", newline="") as stream:
        reader = csv.reader(stream, delimiter=layout.delimiter, quotechar='"', doublequote=True, strict=False)
        for index, record in enumerate(reader, start=1):
            if index > layout.skip:
                yield index, record


def _has_bom(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(3) == codecs.BOM_UTF8


def first_malformed_row(layout: Layout) -> DataProblem | None:
    """The first row the engine cannot read: the wrong number of cells, a
    cell too large, or bytes that are not UTF-8."""
    row = layout.skip
    try:
        for row, record in records(layout):
            if len(record) != layout.width and len(record) != 0:
                return DataProblem("EV003", layout.display,
                                   f"the row has {len(record)} cells, the header has {layout.width}", row=row,
                                   hint="a quote left open in the row before, or a delimiter inside an unquoted "
                                        "answer")
            for cell in record:
                if len(cell) > MAX_CELL_BYTES // 4:
                    return DataProblem("EV003", layout.display, "a cell is larger than an answer can be",
                                       row=row)
    except UnicodeDecodeError:
        return DataProblem("EV001", layout.display, "the file is not UTF-8 text from here on", row=row + 1,
                           hint="export the file as 'CSV UTF-8'")
    except csv.Error as error:
        return DataProblem("EV003", layout.display, f"the row cannot be read as CSV: {error}", row=row + 1)
    return None


def mixed_line_endings(layout: Layout) -> DataProblem | None:
    r"""A file whose lines end both in CR LF and in LF alone (pieced together
    from two sources): Python's reader takes it, the engine does not.

    >>> import tempfile, pathlib
    >>> from socialplan.data.tabular import sniff
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mixed.csv"
    >>> _ = path.write_bytes(b"a,b\r\n1,2\r\n3,4\n")
    >>> print(mixed_line_endings(sniff(path, "mixed.csv")))
    mixed.csv, row 3: its lines end in CR LF (Windows) before this row and in LF (Unix) from it
    """
    names = {b"\r\n": "CR LF (Windows)", b"\n": "LF (Unix)"}
    first: bytes | None = None
    with layout.path.open("rb") as stream:
        for line, raw in enumerate(stream, start=1):  # split at LF: each piece ends in CR LF or LF alone
            if not raw.endswith(b"\n"):
                break
            ending = b"\r\n" if raw.endswith(b"\r\n") else b"\n"
            first = first or ending
            if ending != first:
                return DataProblem("EV003", layout.display, f"its lines end in {names[first]} before this row and "
                                   f"in {names[ending]} from it", row=line,
                                   hint="save the file again with one kind of line ending (a text editor or a "
                                        "spreadsheet does it), or export it again")
    return None


def find_row(layout: Layout, column: int, wanted: Sequence[str]) -> int | None:
    """The row of the first cell in ``column`` whose stripped, case-folded
    text is one of ``wanted`` (error path only)."""
    targets = {w.strip().casefold() for w in wanted}
    for row, record in records(layout):
        if column < len(record) and record[column].strip().casefold() in targets:
            return row
    return None
