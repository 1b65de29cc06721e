"""The plan's logo, found and checked once for every report.

Reports embed the logo (HTML as a data URI, so the file stays
self-contained; Markdown as a file beside the report). A logo that cannot
be embedded is left out with a warning: the report is still worth having.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from socialplan.loader import STDIN, STDIN_NAME
from socialplan.problems import Problem

LOGO_PATH = ("organisation", "branding", "logo")
LOGO_CODE = "SP107"
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
              ".svg": "image/svg+xml", ".webp": "image/webp"}
MAX_LOGO_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Logo:
    """A logo file that can be embedded."""

    path: Path
    media_type: str

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    def data_uri(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.path.read_bytes()).decode('ascii')}"


def plan_folder(source: str) -> Path:
    """The folder a plan's relative paths start from."""
    if source in (STDIN, STDIN_NAME):
        return Path.cwd()
    path = Path(source)
    return path if path.is_dir() else path.parent


def _left_out(message: str, hint: str) -> Problem:
    return Problem(LOGO_CODE, message, LOGO_PATH, hint, severity="warning")


def find_logo(logo: str | None, source: str) -> tuple[Logo | None, Problem | None]:
    """The logo named in ``branding.logo`` (relative to the plan's folder),
    or the warning that says why the report has none."""
    if not logo:
        return None, None
    if logo.startswith(("https://", "http://")):
        return None, _left_out("the logo is a web address, so it is left out to keep the report self-contained",
                                 "point branding.logo at a local image file")
    path = Path(logo)
    if not path.is_absolute():
        path = plan_folder(source) / path
    media_type = LOGO_TYPES.get(path.suffix.lower())
    if media_type is None:
        why = "is not an image socialplan can embed"
    elif not path.is_file():
        why = "does not exist"
    elif path.stat().st_size > MAX_LOGO_BYTES:
        why = "is larger than 2 MiB"
    else:
        return Logo(path, media_type), None
    return None, _left_out(f"the logo '{logo}' {why}; the report has none",
                             f"use a {', '.join(sorted(LOGO_TYPES))} file, relative to the plan's folder")
