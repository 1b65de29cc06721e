"""A tabular export's layout: encoding, delimiter and header rows.

Survey tools write the same thing in different shapes:

* Google Forms, Microsoft Forms (CSV or .xlsx) and most others: one header
  row of question texts, then one row per respondent.
* Qualtrics: three header rows: column ids (``Q1_3``), question texts and
  ``{"ImportId": ...}`` descriptors. A column can be named by id or text.
* SurveyMonkey: two header rows. The first names the question once over all
  the columns of a matrix question; the second names each column's statement
  or says "Response". A column can be named by its statement, by the
  question, or as "question - statement".

Only the header rows are read here, in Python (they are small and bounded);
the data rows are left to the engine. The header is parsed with the
standard csv module, whose quoting rules match the engine's, and the first
rows of the file are checked for the usual mistakes (an empty file, another
encoding, a workbook saved under .csv) so each gets a clear message.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# The header of a real export fits easily; a larger "header" is not one.
MAX_HEADER_BYTES = 1024 * 1024
# Wide exports exist (Qualtrics with hundreds of columns); beyond this the
# file is not an export a plan maps by hand.
MAX_COLUMNS = 5000
DELIMITERS = (",", ";", "\t")
_SPACE = re.compile(r"\s+")
# SurveyMonkey's second header row says this over single-answer questions.
_MONKEY_WORDS = {"response", "open-ended response", "other (please specify)"}


@dataclass(frozen=True)
class DataProblem:
    """A problem in a data file, located by file, row and column header.

    Rows are counted as a spreadsheet shows them: the first header row is
    row 1.
    """

    code: str
    file: str
    message: str
    row: int | None = None
    column: str | None = None
    hint: str | None = None
    severity: str = "error"

    @property
    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{shorten(self.column)}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class DataError(Exception):
    """A data file that cannot be used at all."""

    def __init__(self, problem: DataProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def shorten(text: str, limit: int = 60) -> str:
    """Text for a message: one line, and not the whole of a long value."""
    one_line = _SPACE.sub(" ", text).strip()
    if len(one_line) <= limit:
        return one_line
    return f"{one_line[:limit]}... ({len(one_line)} characters)"


def normalise(name: str) -> str:
    """How column names are compared: spaces collapsed, case folded
    (exports differ in line breaks and trailing spaces inside headers)."""
    return _SPACE.sub(" ", name).strip().casefold()


@dataclass(frozen=True)
class Layout:
    """How to read one export: the engine reads ``path``; ``display`` is the
    name the user gave (an .xlsx file converted to CSV keeps its own name)."""

    path: Path
    display: str
    delimiter: str
    header_rows: tuple[tuple[str, ...], ...]
    names: tuple[str, ...]  # one display name per column
    aliases: tuple[tuple[str, ...], ...] = field(repr=False)  # every name a column answers to
    flavour: str = "plain"  # plain, qualtrics, surveymonkey

    @property
    def width(self) -> int:
        return len(self.names)

    @property
    def skip(self) -> int:
        return len(self.header_rows)

    def column(self, name: str, *, what: str = "column") -> int | DataProblem:
        """The index of the column a plan names: by header text (spaces and
        case ignored), by any alias, or by position as ``#7``."""
        from socialplan.suggest import suggestion

        wanted = name.strip()
        if re.fullmatch(r"#[0-9]{1,5}", wanted):
            position = int(wanted[1:])
            if 1 <= position <= self.width:
                return position - 1
            return DataProblem("EV002", self.display, f"there is no {what} {wanted}: the file has {self.width} columns",
                               row=1)
        key = normalise(wanted)
        found = [i for i, names in enumerate(self.aliases) if key in names]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            positions = ", ".join(f"#{i + 1}" for i in found[:5])
            return DataProblem("EV002", self.display, f"{len(found)} columns are headed '{shorten(wanted)}'",
                               row=1, hint=f"name the {what} by its position instead: one of {positions}")
        return DataProblem("EV002", self.display, f"no {what} is headed '{shorten(wanted)}'", row=1,
                           hint=suggestion(wanted, self.names, "column headers", none="the file has no columns"))


def _refuse(file: str, message: str, hint: str | None = None, row: int | None = None) -> DataError:
    return DataError(DataProblem("EV001", file, message, row=row, hint=hint))


def read_head(path: Path, display: str) -> tuple[bytes, bool]:
    """The first bytes of a regular file, and whether that is the whole file."""
    try:
        info = path.stat()
    except OSError as error:
        raise _refuse(display, f"cannot read the file: {error.strerror or error}",
                      "the path is relative to the plan's folder") from None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(display, "is not a regular file (a folder, pipe or device)")
    try:
        with path.open("rb") as stream:
            head = stream.read(MAX_HEADER_BYTES + 1)
    except OSError as error:
        raise _refuse(display, f"cannot read the file: {error.strerror or error}") from None
    return head[:MAX_HEADER_BYTES], len(head) <= MAX_HEADER_BYTES


def check_encoding(head: bytes, whole: bool, display: str) -> str:
    """The text encoding of an export's first bytes: UTF-8, with or without
    a byte-order mark. Anything else is refused with the way out."""
    export_hint = "export the file as 'CSV UTF-8' (Excel: Save As > CSV UTF-8; survey tools: CSV export)"
    if not head:
        raise _refuse(display, "the file is empty", "export it again")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _refuse(display, "the file is UTF-16 text, not UTF-8", export_hint)
    if head.startswith(b"PK\x03\x04"):
        raise _refuse(display, "this is a workbook (zip), not CSV text", "give an Excel workbook the .xlsx suffix")
    if b"\x00" in head:
        raise _refuse(display, "this is not a text file (it holds NUL bytes)", export_hint)
    encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(head, final=whole)
    except UnicodeDecodeError as error:
        row = head[: error.start].count(b"\n") + 1
        raise _refuse(display, f"the file is not UTF-8 text (byte 0x{head[error.start]:02x} cannot be read)",
                      export_hint, row=row) from None
    return encoding


def _records(text: str, delimiter: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True,
                        strict=False)
    yield from reader


def _delimiter(first_line: str) -> str:
    """The delimiter that splits the header row into the most columns."""
    best, best_count = ",", 0
    for candidate in DELIMITERS:
        try:
            row = next(_records(first_line, candidate), [])
        except csv.Error:
            continue
        if len(row) > best_count:
            best, best_count = candidate, len(row)
    return best


def sniff(path: Path, display: str | None = None) -> Layout:
    """The layout of a CSV export, from its first bytes only."""
    shown = display or str(path)
    head, whole = read_head(path, shown)
    encoding = check_encoding(head, whole, shown)
    text = head.decode(encoding, errors="ignore")
    if not whole:
        text = text[: text.rfind("\n") + 1]  # complete lines only
    first_line = text.split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    rows: list[list[str]] = []
    try:
        for record in _records(text, delimiter):
            rows.append(record)
            if len(rows) == 3:
                break
    except csv.Error as error:
        raise _refuse(shown, f"the header cannot be read as CSV: {error}", row=1) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise _refuse(shown, "the first row is empty: an export starts with a header row of column names", row=1)
    if len(rows[0]) < 2:
        raise _refuse(shown, "the first row has one column: this is not a CSV export",
                      "an export has a header row of column names (survey exports: question texts) separated by "
                      "commas, semicolons or tabs",
                      row=1)
    if len(rows[0]) > MAX_COLUMNS:
        raise _refuse(shown, f"the file has {len(rows[0])} columns, more than the {MAX_COLUMNS} allowed", row=1)
    return layout_from_rows(path, shown, delimiter, rows)


def layout_from_rows(path: Path, display: str, delimiter: str, rows: Sequence[Sequence[str]]) -> Layout:
    """Recognise the header rows of the known export shapes."""
    width = len(rows[0])
    first = [cell.strip() for cell in rows[0]]
    second = [cell.strip() for cell in rows[1]] + [""] * (width - len(rows[1])) if len(rows) > 1 else []
    third = rows[2] if len(rows) > 2 else []
    if third and any(cell.lstrip().startswith('{"ImportId"') for cell in third):
        # Qualtrics: ids, texts, import descriptors.
        aliases = tuple(tuple(dict.fromkeys(normalise(n) for n in (first[i], second[i]) if n)) for i in range(width))
        names = tuple(second[i] or first[i] for i in range(width))
        return Layout(path, display, delimiter, tuple(tuple(r) for r in rows[:3]), names, aliases, "qualtrics")
    if second and _looks_like_monkey(first, second):
        question = ""
        names_list: list[str] = []
        alias_list: list[tuple[str, ...]] = []
        for i in range(width):
            question = first[i] or question
            statement = second[i] if second[i].casefold() not in _MONKEY_WORDS else ""
            candidates = [statement, f"{question} - {statement}" if statement else question]
            if first[i]:
                candidates.append(first[i])
            names_list.append(candidates[1])
            alias_list.append(tuple(dict.fromkeys(normalise(c) for c in candidates if c)))
        return Layout(path, display, delimiter, tuple(tuple(r) for r in rows[:2]), tuple(names_list),
                      tuple(alias_list), "surveymonkey")
    return Layout(path, display, delimiter, (tuple(rows[0]),), tuple(first),
                  tuple((normalise(n),) if n else () for n in first), "plain")


def _looks_like_monkey(first: list[str], second: list[str]) -> bool:
    """SurveyMonkey's second header row: 'Response' under single questions,
    statements under the blank cells that continue a matrix question."""
    says_response = any(cell.casefold() in _MONKEY_WORDS for cell in second)
    continues = any(not first[i] and second[i] for i in range(1, len(first)))
    return says_response and continues
