"""Option values shared by several commands, checked the same way in each."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from socialplan.errors import UserError
from socialplan.formats import Format


def date_option(text: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option value (``--as-of``, ``--start``), or None if not given."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{option}: '{text}' is not a date in the form YYYY-MM-DD") from None


def template_dir_option(template_dir: Path | None, fmt: Format) -> None:
    """--template-dir names a folder, and only for a format made from a template."""
    if template_dir is None:
        return
    if not template_dir.is_dir():
        raise UserError(f"--template-dir {template_dir}: no such folder",
                        hint="--template-dir names a folder of templates ('socialplan templates export DIR')")
    if fmt.template is None:
        raise UserError(f"--template-dir has no effect with --format {fmt.name}",
                        hint="templates shape the Markdown and HTML reports")


DOCUMENT_FORMATS = ("pdf", "docx")


def document_options(fmt: Format, output: Path | None, paper: str | None, reference_docx: Path | None) -> None:
    """--paper is for PDF and --reference-docx for Word; a document is not
    text, so it goes to a file or a pipe, never onto a terminal."""
    if paper is not None and fmt.name != "pdf":
        raise UserError(f"--paper has no effect with --format {fmt.name}", hint="--paper sizes the pages of a PDF")
    if reference_docx is not None and fmt.name != "docx":
        raise UserError(f"--reference-docx has no effect with --format {fmt.name}",
                        hint="--reference-docx gives a Word (docx) report the styles of your template")
    if reference_docx is not None and not reference_docx.is_file():
        raise UserError(f"--reference-docx {reference_docx}: no such file")
    if reference_docx is not None and reference_docx.suffix.lower() != ".docx":
        raise UserError(f"--reference-docx {reference_docx}: not a Word (.docx) file",
                        hint="name a .docx whose styles the report should take (in Word: Save As, .docx)")
    if fmt.name in DOCUMENT_FORMATS and (output is None or str(output) == "-") and sys.stdout.isatty():
        raise UserError(f"a {fmt.name.upper()} document is not for the terminal",
                        hint=f"write it to a file: -o report.{fmt.name}")
