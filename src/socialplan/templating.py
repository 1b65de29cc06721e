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
    text = str(value)
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
    """A sandboxed Jinja environment for one output format."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment
    from markupsafe import Markup

    search = [str(template_dir)] if template_dir is not None else []
    search.append(str(default_template_dir()))
    loader = jinja2.FileSystemLoader(search)
    if fmt == "html":
        env = SandboxedEnvironment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                                   keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    else:
        def finalize(value: Any) -> Any:
            if value is None:
                return ""
            return value if isinstance(value, Markup) else Markup(markdown_escape(value))

        env = SandboxedEnvironment(loader=loader, autoescape=False, finalize=finalize,
                                   undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                                   trim_blocks=True, lstrip_blocks=True)
    env.filters["md"] = lambda v: Markup(markdown_escape(v))
    env.filters["raw"] = Markup  # for values the code already made safe (SVG charts)
    return env


def render(name: str, context: dict[str, Any], fmt: TemplateFormat, template_dir: Path | None = None) -> str:
    """Render template ``name`` with ``context``."""
    return str(environment(fmt, template_dir).get_template(name).render(**context))
