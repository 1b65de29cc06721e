"""Option values shared by several commands, checked the same way in each."""

from __future__ import annotations

import datetime as dt
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
