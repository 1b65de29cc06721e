"""Plan text made safe to show: shortened for messages, and stripped of
the control characters that would act on a terminal or a document instead
of being shown.

Small and hand-written on purpose: two regular expressions cover it, and
every reporter (Markdown, CSV, terminal) calls the same functions, so the
rules cannot drift between formats.
"""

from __future__ import annotations

import re

# Values longer than this are quoted in messages by their start and length:
# a 4 MB id must not be echoed in full on every line that names it.
QUOTE_LIMIT = 60

# C0 controls but tab and newline, DEL, C1 controls, and the Unicode
# bidirectional overrides and isolates (which reorder what is displayed:
# "Trojan Source"). Carriage return is a control here: on a terminal it
# rewrites the start of the line.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_AND_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text``, or its first ``limit`` characters and its length."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text):,} characters)"


def printable(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control character (and, unless ``newlines``, tab
    and newline too) replaced by U+FFFD, which every output shows as a
    visible mark and none interprets."""
    pattern = _CONTROLS if newlines else _CONTROLS_AND_BREAKS
    return pattern.sub(REPLACEMENT, text)
