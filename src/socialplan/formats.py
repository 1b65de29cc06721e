"""The output formats of every report, by name: one registry per report.

The command line derives ``--format``'s choices, its help and the format a
``-o`` suffix names from these tables; :func:`socialplan.present.render`
uses them to find the renderer. They hold names and import paths only
(``"module:function"``), so the command line can read them without loading
Jinja, matplotlib or the models.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socialplan.errors import UserError


@dataclass(frozen=True)
class Format:
    """One output format of one report."""

    name: str
    description: str  # for --help: what the reader gets
    renderer: str  # "module:function(report, RenderOptions) -> str | bytes | Rendered"
    # File name endings that ask for this format when --format is not given
    # (the business case and the rollout; validate and assess default to text).
    suffixes: tuple[str, ...] = ()
    media_type: str = "text/plain"
    binary: bool = False  # bytes, written as they are (iCalendar's CRLF line ends)
    template: str | None = None  # the Jinja template rendered, so --template-dir applies
    # Optional renderers, "module:function": ``stream(report, stream)`` writes
    # to a terminal or pipe in place of the rendered text (rich styling);
    # ``invalid(check)`` renders the validation problems of a plan that is
    # not valid, for formats that a tool reads either way.
    stream: str | None = None
    invalid: str | None = None
    stderr: bool = False  # without -o, the report goes to standard error (people's text)

    def load(self, attribute: str = "renderer") -> Callable[..., Any]:
        module, _, name = str(getattr(self, attribute)).partition(":")
        function: Callable[..., Any] = getattr(importlib.import_module(module), name)
        return function


@dataclass(frozen=True)
class Registry:
    """The formats of one report, with the default and the suffix table."""

    report: str
    formats: dict[str, Format]
    default: str
    suffixes: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        table = {suffix: f.name for f in self.formats.values() for suffix in f.suffixes}
        object.__setattr__(self, "suffixes", table)

    @property
    def names(self) -> list[str]:
        return list(self.formats)

    def help(self, lead: str = "Output format") -> str:
        """The --format help: every choice with what it gives, one sentence."""
        parts = [f"{f.name} ({f.description})" for f in self.formats.values()]
        return f"{lead}: " + "; ".join(parts) + "."

    def get(self, name: str) -> Format:
        found = self.formats.get(name.lower())
        if found is None:
            raise UserError(f"unknown format '{name}' for {self.report}",
                            hint=f"choose one of: {', '.join(self.formats)}")
        return found

    def for_output(self, requested: str | None, output: Path | None) -> Format:
        """--format if given, else the format ``output``'s suffix names, else the default.

        A suffix that belongs to no format of this report (``-o plan.ics`` for
        a business case) is refused rather than filled with the default: the
        file would not be what its name says."""
        if requested is not None:
            return self.get(requested)
        if output is None or str(output) == "-" or not output.suffix:
            return self.formats[self.default]
        suffix = output.suffix.lower()
        if suffix in self.suffixes:
            return self.formats[self.suffixes[suffix]]
        if any(suffix in r.suffixes for r in REPORTS.values()):
            known = ", ".join(sorted(self.suffixes))
            raise UserError(f"{output}: {self.report} cannot be written as a {suffix} file",
                            hint=f"use one of {known}, or name the format with --format")
        return self.formats[self.default]


def _fmt(name: str, description: str, renderer: str, *suffixes: str, **more: Any) -> Format:
    return Format(name, description, renderer, suffixes, **more)


_PV = "socialplan.present.validate"
_PA = "socialplan.present.assess"
_PB = "socialplan.present.business_case"
_PR = "socialplan.present.rollout"
_PT = "socialplan.present.track"
_PD = "socialplan.present.documents"


def _documents() -> dict[str, Format]:
    """PDF and Word, made from the report's Markdown: the same for every report."""
    return {
        "pdf": _fmt("pdf", "a printable document with contents and page numbers",
                    f"{_PD}:pdf", ".pdf", media_type="application/pdf", binary=True),
        "docx": _fmt("docx", "Word, to edit",
                     f"{_PD}:docx", ".docx",
                     media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     binary=True),
    }


REPORTS: dict[str, Registry] = {
    "validate": Registry("validate", {
        "text": _fmt("text", "for people, the default", f"{_PV}:text", stream="socialplan.reporters.text:print_report",
                     stderr=True),
        "json": _fmt("json", "a versioned document; 'socialplan schema validate-report' prints its schema",
                     f"{_PV}:json", media_type="application/json"),
        "github": _fmt("github", "GitHub Actions annotations", f"{_PV}:github"),
        "sarif": _fmt("sarif", "SARIF 2.1.0 for code scanning", f"{_PV}:sarif",
                      media_type="application/sarif+json"),
        "junit": _fmt("junit", "JUnit XML, a test case per plan", f"{_PV}:junit",
                      media_type="application/xml"),
    }, default="text"),
    "assess": Registry("assess", {
        "text": _fmt("text", "a scorecard for people, the default", f"{_PA}:text",
                     stream=f"{_PA}:print_text"),
        "json": _fmt("json", "a versioned document", f"{_PA}:json", ".json", media_type="application/json",
                     invalid=f"{_PA}:invalid_json"),
        "markdown": _fmt("markdown", "for a wiki or a pull request", f"{_PA}:markdown", ".md", ".markdown",
                         media_type="text/markdown"),
        "sarif": _fmt("sarif", "SARIF 2.1.0 for code scanning", f"{_PA}:sarif", ".sarif",
                      media_type="application/sarif+json", invalid=f"{_PA}:invalid_sarif"),
        "github": _fmt("github", "GitHub Actions annotations", f"{_PA}:github", invalid=f"{_PA}:invalid_github"),
        "html": _fmt("html", "the scorecard for a client, one printable file", f"{_PA}:html",
                     ".html", ".htm", media_type="text/html", template="assess.html.j2"),
        **_documents(),
    }, default="text"),
    "business-case": Registry("business-case", {
        "markdown": _fmt("markdown", "for GitHub, charts as SVG files beside it; the default",
                         f"{_PB}:markdown", ".md", ".markdown", media_type="text/markdown",
                         template="business-case.md.j2"),
        "html": _fmt("html", "one self-contained printable file", f"{_PB}:html", ".html", ".htm",
                     media_type="text/html", template="business-case.html.j2"),
        "json": _fmt("json", "the figures, for other tools", f"{_PB}:json", ".json",
                     media_type="application/json"),
        **_documents(),
    }, default="markdown"),
    "rollout": Registry("rollout", {
        "markdown": _fmt("markdown", "with a Mermaid Gantt chart; the default", f"{_PR}:markdown", ".md",
                         ".markdown", media_type="text/markdown", template="rollout.md.j2"),
        "html": _fmt("html", "one self-contained printable file with an SVG Gantt chart", f"{_PR}:html",
                     ".html", ".htm", media_type="text/html", template="rollout.html.j2"),
        "json": _fmt("json", "tasks, critical path, milestones, RACI", f"{_PR}:json", ".json",
                     media_type="application/json"),
        "ics": _fmt("ics", "iCalendar, for a calendar", f"{_PR}:ics", ".ics", media_type="text/calendar",
                    binary=True),
        "csv": _fmt("csv", "for Planner, Jira or a spreadsheet", f"{_PR}:csv", ".csv", media_type="text/csv"),
        **_documents(),
    }, default="markdown"),
    "track": Registry("track", {
        "text": _fmt("text", "a summary for people, the default", f"{_PT}:text"),
        "json": _fmt("json", "a versioned document; 'socialplan schema track' prints its schema", f"{_PT}:json",
                     ".json", media_type="application/json"),
        "markdown": _fmt("markdown", "for a wiki or a pull request", f"{_PT}:markdown", ".md", ".markdown",
                         media_type="text/markdown", template="track.md.j2"),
        "html": _fmt("html", "one self-contained file with a forecast-against-actual chart per group",
                     f"{_PT}:html", ".html", ".htm", media_type="text/html", template="track.html.j2"),
    }, default="text"),
    "report": Registry("report", {
        "html": _fmt("html", "one self-contained printable file; the default", "socialplan.present.pack:html",
                     ".html", ".htm", media_type="text/html", template="report.html.j2"),
        "markdown": _fmt("markdown", "for a wiki, charts as SVG files beside it", "socialplan.present.pack:markdown",
                         ".md", ".markdown", media_type="text/markdown", template="report.md.j2"),
        "json": _fmt("json", "the decision summary and the reports' documents; 'socialplan schema pack' prints "
                     "its schema", "socialplan.present.pack:json", ".json", media_type="application/json"),
        **_documents(),
    }, default="html"),
}

# --- socialplan diff ---------------------------------------------------------

_PD = "socialplan.present.diff"
REPORTS["diff"] = Registry("diff", {
    "text": _fmt("text", "for people at a terminal, the default", f"{_PD}:text"),
    "markdown": _fmt("markdown", "sized for a pull-request comment", f"{_PD}:markdown", ".md", ".markdown",
                     media_type="text/markdown"),
    "json": _fmt("json", "a versioned document; 'socialplan schema diff' prints its schema", f"{_PD}:json",
                 ".json", media_type="application/json"),
}, default="text")

# --- socialplan evidence -----------------------------------------------------

_PE = "socialplan.present.evidence"
REPORTS["evidence"] = Registry("evidence", {
    "text": _fmt("text", "figures per group and each pilot's decision, for people; the default", f"{_PE}:text"),
    "json": _fmt("json", "a versioned document; 'socialplan schema evidence' prints its schema", f"{_PE}:json",
                 ".json", media_type="application/json"),
    "markdown": _fmt("markdown", "for a wiki or a pull request", f"{_PE}:markdown", ".md", ".markdown",
                     media_type="text/markdown", template="evidence.md.j2"),
    "html": _fmt("html", "one self-contained printable file with ADKAR, barrier and trend charts per group",
                 f"{_PE}:html", ".html", ".htm", media_type="text/html", template="evidence.html.j2"),
}, default="text")

# Formats of ``socialplan rules`` (the rule reference, not a plan's report):
# rendered by the command itself, listed here so the choices live with the rest.
RULES_FORMATS: dict[str, str] = {
    "text": "a table, the default",
    "markdown": "the reference, as in docs/rules.md",
    "json": "for other tools",
}


def formats_markdown() -> str:
    """The registries as the generated section of ``docs/cli.md``."""
    lines: list[str] = []
    for registry in REPORTS.values():
        lines += [f"### `socialplan {registry.report}`", "", "| Format | Gives | -o suffixes | Media type |",
                  "| --- | --- | --- | --- |"]
        for f in registry.formats.values():
            suffixes = ", ".join(f"`{s}`" for s in f.suffixes) or "-"
            default = " (default)" if f.name == registry.default else ""
            lines.append(f"| `{f.name}`{default} | {f.description} | {suffixes} | `{f.media_type}` |")
        lines.append("")
    return "\n".join(lines)
