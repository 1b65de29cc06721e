"""The formats of ``socialplan business-case``: the five-case report through
its templates (Markdown, HTML), or the figures as JSON.

Charts and the logo are placed here: HTML carries them inside (inline SVG, a
data URI), so the file stands alone; Markdown links to files beside the
report, named after it, and has none when it has no place on disk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from socialplan.present import Rendered, RenderOptions, attachment_name, render_template
from socialplan.problems import locate
from socialplan.results import BusinessCaseReport

if TYPE_CHECKING:
    from socialplan.businesscase.charts import Palette
    from socialplan.diagnostics import Diagnostic

TEMPLATES = {"markdown": "business-case.md.j2", "html": "business-case.html.j2"}


def palette(report: BusinessCaseReport) -> Palette:
    """The plan's brand colours, else the report's own."""
    from socialplan.businesscase.charts import Palette
    from socialplan.businesscase.context import DEFAULT_ACCENT, DEFAULT_PRIMARY

    branding = report.case.plan.organisation.branding
    return Palette(
        branding.primary_colour if branding and branding.primary_colour else DEFAULT_PRIMARY,
        branding.accent_colour if branding and branding.accent_colour else DEFAULT_ACCENT,
    )


def _logo_warning(report: BusinessCaseReport) -> tuple[Diagnostic, ...]:
    if report.logo_problem is None:
        return ()
    loaded = report.validated.loaded
    return tuple(locate([report.logo_problem], loaded.source_map, loaded.source))


def _templated(report: BusinessCaseReport, fmt: str, options: RenderOptions) -> Rendered:
    from socialplan.businesscase.charts import draw_charts, inline_svg
    from socialplan.businesscase.context import Chart, report_context

    html = fmt == "html"
    stem = options.stem
    attachments: dict[str, str | bytes] = {}
    logo: str | None = None
    if report.logo is not None and html:
        logo = report.logo.data_uri()
    elif report.logo is not None and stem is not None:
        name = attachment_name(stem, "logo", report.logo.suffix)
        attachments[name] = report.logo.path.read_bytes()
        logo = quote(name)
    charts: dict[str, Chart] = {}
    if html or stem is not None:
        for key, chart in draw_charts(report.case, palette(report)).items():
            if html:
                charts[key] = Chart(key, chart.title, chart.alt, svg=inline_svg(chart.svg or "", chart.alt))
            elif stem is not None:
                name = attachment_name(stem, key, ".svg")
                attachments[name] = chart.svg or ""
                charts[key] = Chart(key, chart.title, chart.alt, href=quote(name))
    context = report_context(report.case, charts=charts, logo=logo, stamp=report.stamp)
    text = render_template(TEMPLATES[fmt], context, "html" if html else "markdown", options.template_dir)
    return Rendered(text, attachments, _logo_warning(report))


def markdown(report: BusinessCaseReport, options: RenderOptions) -> Rendered:
    return _templated(report, "markdown", options)


def html(report: BusinessCaseReport, options: RenderOptions) -> Rendered:
    return _templated(report, "html", options)


def json(report: BusinessCaseReport, options: RenderOptions) -> str:
    from socialplan.businesscase.jsondoc import json_text

    return json_text(report.case, report.stamp)
