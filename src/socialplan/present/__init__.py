"""Present a computed report in one of its formats, writing nothing.

One path for every report: :func:`render` looks the format up in the
report's registry (:mod:`socialplan.formats`), calls its renderer and
returns a :class:`Rendered`: the report's text or bytes, the files that go
beside it (Markdown's charts and logo) and the warnings found on the way.
The command layer writes it (:mod:`socialplan.commands.writer`); a notebook
can keep it in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from socialplan.diagnostics import Diagnostic
from socialplan.errors import UserError
from socialplan.formats import REPORTS, Format
from socialplan.results import (
    AssessReport,
    BusinessCaseReport,
    EvidenceReport,
    PackReport,
    PlanDiff,
    RolloutReport,
    TrackReport,
    ValidateReport,
)
from socialplan.templating import TemplateFormat


@dataclass(frozen=True)
class RenderOptions:
    """How to render, beyond the format."""

    template_dir: Path | None = None  # the user's templates, first, file by file
    # The report file's name without its suffix: files that go beside the
    # report are named after it (``case-cash-flow.svg`` for ``case.md``).
    # None: the report has no place on disk (standard output, a notebook), so
    # Markdown shows no charts and no logo.
    stem: str | None = None
    excel: bool = False  # CSV: a byte-order mark, so Excel reads the file as UTF-8
    # PDF and Word: the page size, the firm's Word template; and, for the
    # Markdown a document is made from, charts as pictures (the rollout's
    # Gantt as SVG files instead of a Mermaid block that no document draws).
    paper: str | None = None  # "a4" (None) or "letter"
    reference_docx: Path | None = None
    pictures: bool = False


@dataclass(frozen=True)
class Rendered:
    """A rendered report, not yet written."""

    content: str | bytes
    attachments: dict[str, str | bytes] = field(default_factory=dict)  # file name beside the report -> data
    warnings: tuple[Diagnostic, ...] = ()  # located, found while presenting (a logo left out)
    format: str = ""
    media_type: str = "text/plain"

    @property
    def text(self) -> str:
        """The content as text (iCalendar's bytes decoded)."""
        return self.content if isinstance(self.content, str) else self.content.decode("utf-8")


REPORT_TYPES: dict[type, str] = {
    ValidateReport: "validate",
    AssessReport: "assess",
    BusinessCaseReport: "business-case",
    RolloutReport: "rollout",
    PlanDiff: "diff",
    TrackReport: "track",
    EvidenceReport: "evidence",
    PackReport: "report",
}


def report_name(report: object) -> str:
    name = REPORT_TYPES.get(type(report))
    if name is None:
        raise TypeError(f"not a socialplan report: {type(report).__name__}")
    return name


def render(report: object, fmt: str | Format, options: RenderOptions | None = None) -> Rendered:
    """``report`` in format ``fmt`` (a name from its registry)."""
    registry = REPORTS[report_name(report)]
    chosen = fmt if isinstance(fmt, Format) else registry.get(fmt)
    out = chosen.load()(report, options or RenderOptions())
    rendered = out if isinstance(out, Rendered) else Rendered(out)
    content = rendered.content
    if isinstance(content, str) and content and not content.endswith("\n"):
        content += "\n"  # text files end with a newline, whatever the renderer did
    return replace(rendered, content=content, format=chosen.name, media_type=chosen.media_type)


def render_template(name: str, context: dict[str, Any], fmt: TemplateFormat, template_dir: Path | None) -> str:
    """Render a report template. A broken custom template is the user's to
    fix (a usage error naming the file and line), never a crash."""
    import jinja2

    from socialplan.templating import render as render_jinja

    try:
        return render_jinja(name, context, fmt, template_dir)
    except jinja2.TemplateSyntaxError as error:
        where = f"{error.filename or error.name or name}:{error.lineno}"
        raise UserError(f"{where}: template syntax error: {error.message}",
                        hint="compare it with the default from 'socialplan templates export'") from None
    except jinja2.TemplateNotFound as error:
        raise UserError(f"template not found: {error.name}",
                        hint="a --template-dir file replaces a default of the same name") from None
    except jinja2.TemplateError as error:
        raise UserError(f"{name}: the template failed: {error}",
                        hint="compare it with the default from 'socialplan templates export'") from None


def attachment_name(stem: str, key: str, suffix: str) -> str:
    """The name of a file that goes beside report ``stem`` (``case-cash-flow.svg``)."""
    return f"{stem}-{key}{suffix}"
