"""The one exception for "the user asked for something we cannot do".

Raised anywhere below the command layer; the command layer turns it into a
short message on stderr and exit code 2 (usage) or 1 (bad plan). Anything
else that escapes is a bug, reported as such without a traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class UserError(Exception):
    """A mistake in how socialplan was called (bad option, missing file...)."""

    def __init__(self, message: str, *, hint: str | None = None, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.exit_code = exit_code
