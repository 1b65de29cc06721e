"""Option values shared by several commands, checked the same way in each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from socialplan.errors import UserError


def date_option(text: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option value (``--as-of``, ``--start``), or None if not given."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{option}: '{text}' is not a date in the form YYYY-MM-DD") from None


def output_format(requested: str | None, output: Path | None, by_suffix: Mapping[str, str],
                  default: str = "markdown") -> str:
    """--format if given, else the one the output file's suffix names, else ``default``."""
    if requested is not None:
        return requested
    if output is not None and str(output) != "-":
        return by_suffix.get(output.suffix.lower(), default)
    return default
