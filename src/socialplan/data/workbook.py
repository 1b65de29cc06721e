"""Excel workbooks (.xlsx, as Microsoft Forms exports them) as CSV.

The engine reads CSV natively; a workbook's sheet is streamed row by row
(openpyxl's read-only mode keeps memory flat) into a CSV file in the run's
temporary folder, with the same row numbers, so problems point at the row a
user sees in Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

from socialplan.data.tabular import DataError, DataProblem, read_head

# A sheet has at most 1,048,576 rows; a larger XML part is not a survey.
MAX_UNCOMPRESSED_BYTES = 2 * 1024**3


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def workbook_to_csv(path: Path, display: str, folder: Path, *, sheet: str | None = None) -> Path:
    """The named sheet (else the first) of ``path`` written as UTF-8 CSV."""
    read_head(path, display)  # a regular, readable file
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise DataError(DataProblem("EV001", display, "this is not an Excel workbook (.xlsx)",
                                    hint="export the results as .xlsx or as CSV UTF-8")) from None
    if size > MAX_UNCOMPRESSED_BYTES:
        raise DataError(DataProblem("EV001", display, "the workbook unpacks to more than 2 GiB"))
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise DataError(DataProblem("EV001", display, f"the workbook cannot be opened: {type(error).__name__}",
                                    hint="open it in Excel and save it again, or export CSV UTF-8")) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            from socialplan.suggest import suggestion

            raise DataError(DataProblem("EV002", display, f"the workbook has no sheet '{sheet}'",
                                        hint=suggestion(sheet, book.sheetnames, "sheets")))
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        target = folder / f"sheet-{len(list(folder.iterdir()))}.csv"
        with target.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\n")
            width = 0
            for values in worksheet.iter_rows(values_only=True):
                cells = [_cell(v) for v in values]
                while cells and not cells[-1]:
                    cells.pop()  # read-only sheets report ragged widths
                width = width or len(cells)
                writer.writerow(cells + [""] * (width - len(cells)))
    finally:
        book.close()
    return target
