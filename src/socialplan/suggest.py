""""Did you mean ...?" for names a user typed: keys, ids, rule codes."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from socialplan.textsafe import shorten


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest valid spelling, if one is close enough to be a typo."""
    matches = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def suggestion(word: str, choices: Iterable[str], what: str, *, none: str | None = None) -> str:
    """A hint: the near miss if there is one, else the valid choices (or
    ``none`` when there are no choices at all)."""
    options = sorted(set(choices))
    near = did_you_mean(word, options)
    if near is not None:
        return f"did you mean '{shorten(near)}'?"
    if not options:
        return none or f"there are no {what}"
    shown = ", ".join(shorten(option) for option in options[:12]) + (", ..." if len(options) > 12 else "")
    return f"valid {what}: {shown}"
