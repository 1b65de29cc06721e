"""Render reports through Jinja templates, escaping every value for its format.

Shared by the business case and the rollout plan. Templates live in the
top-level ``templates/`` folder (shipped inside the wheel as
``socialplan/templates``); ``--template-dir`` puts a consultant's own files
first, file by file.

Escaping is automatic, not left to template authors: HTML templates
autoescape, and Markdown templates pass every ``{{ value }}`` through
:func:`markdown_escape` (``|`` cannot break a table, ``<script>`` stays
text). Plan text is only ever data: it is never compiled as a template, so
``{{ 7*7 }}`` in a plan prints as written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from socialplan.errors import UserError
from socialplan.textsafe import printable

TemplateFormat = Literal["html", "markdown"]
_PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
_SOURCE_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Characters that mean something anywhere in a line. '(' and ')' need no
# escape since '[' and ']' have one (no link can form), which keeps reports
# readable as plain text and in diffs. '$' would open maths on GitHub, '&'
# an HTML entity such as '&lt;'.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$&])")
# A value that starts a line must not start a list, a heading or a quote
# ('- x', '+ x', '# x', '1. x').
_MD_LIST_START = re.compile(r"^(\s*)([-+]|#{1,6}|\d+(?=[.)]))(?=[.)]?(\s|$))")


def default_template_dir() -> Path:
    """The installed templates, or the repository's when run from a checkout."""
    if _PACKAGE_TEMPLATES.is_dir():
        return _PACKAGE_TEMPLATES
    return _SOURCE_TEMPLATES


def markdown_escape(value: Any) -> str:
    """Text that Markdown shows literally, on one line (safe in table cells)."""
    text = printable(str(value))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"\s*[\r\n]+\s*", " ", text)
    return _MD_LIST_START.sub(_escape_list_marker, text)


def _escape_list_marker(match: re.Match[str]) -> str:
    marker = match.group(2)
    # '\-', '\+' or '\##' for a bullet or heading; for '1.' the dot or
    # parenthesis after the digits is escaped, by escaping what follows the match.
    if marker[0] in "-+#":
        return f"{match.group(1)}\\{marker}"
    return f"{match.group(1)}{marker}\\"


def environment(fmt: TemplateFormat, template_dir: Path | None = None) -> Any:
    """A Jinja environment for one output format. Only a ``--template-dir``
    brings templates from outside the package, so only then is the
    environment sandboxed: the built-in templates are trusted and render
    faster without the sandbox's checks on every attribute."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment
    from markupsafe import Markup

    search = [str(template_dir)] if template_dir is not None else []
    search.append(str(default_template_dir()))

    class Loader(jinja2.FileSystemLoader):
        """Names the file when a template is not UTF-8 text."""

        def get_source(self, environment: Any, template: str) -> Any:
            try:
                return super().get_source(environment, template)
            except UnicodeDecodeError as error:
                pieces = jinja2.loaders.split_template_path(template)
                file = next((p for p in (Path(f, *pieces) for f in self.searchpath) if p.is_file()), template)
                raise UserError(f"{file}: the template is not UTF-8 text (byte 0x{error.object[error.start]:02x} "
                                f"at offset {error.start})", hint="save the template as UTF-8") from None

    kind = jinja2.Environment if template_dir is None else SandboxedEnvironment
    if fmt == "html":
        def finalize(value: Any) -> Any:
            # Autoescaping stops markup; control characters need this.
            if isinstance(value, Markup):
                return Markup(printable(value))
            return printable(value) if isinstance(value, str) else value
    else:
        def finalize(value: Any) -> Any:
            if value is None:
                return ""
            return value if isinstance(value, Markup) else Markup(markdown_escape(value))

    env = kind(loader=Loader(search), autoescape=fmt == "html", finalize=finalize,
               undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
               lstrip_blocks=True)
    env.filters["md"] = lambda v: Markup(markdown_escape(v))
    env.filters["raw"] = Markup  # for values the code already made safe (SVG charts)
    return env


def render(name: str, context: dict[str, Any], fmt: TemplateFormat, template_dir: Path | None = None) -> str:
    """Render template ``name`` with ``context``. A template that includes
    itself is the template author's mistake: a :class:`UserError` naming
    it, not a crash."""
    try:
        return str(environment(fmt, template_dir).get_template(name).render(**context))
    except RecursionError as error:
        looping = _template_in_loop(error) or name
        raise UserError(f"{looping}: the template includes or extends itself, directly or through others",
                        hint="remove the include or extends that leads back to it") from None


def _template_in_loop(error: BaseException) -> str | None:
    """The template whose code fills the stack of a RecursionError: Jinja
    compiles each template to code whose file name is the template's."""
    import collections
    import traceback

    files = collections.Counter(
        frame.filename for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.endswith(".j2") or frame.filename.startswith("<template")
    )
    return files.most_common(1)[0][0] if files else None
