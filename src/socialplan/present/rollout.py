"""The formats of ``socialplan rollout``: Markdown and HTML through their
templates, JSON, CSV and iCalendar through the exporters.

The warnings (a broken RACI row, an unframed message, a logo left out) are
part of the report, located; the HTML report is the one that shows the logo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from socialplan.present import Rendered, RenderOptions, attachment_name, render_template
from socialplan.problems import locate
from socialplan.results import RolloutReport

if TYPE_CHECKING:
    from socialplan.diagnostics import Diagnostic


def _warnings(report: RolloutReport, *, with_logo: bool = False) -> list[Diagnostic]:
    problems = list(report.warnings)
    if with_logo and report.logo_problem is not None:
        problems.append(report.logo_problem)
    loaded = report.validated.loaded
    return locate(problems, loaded.source_map, loaded.source)


def _timeline(report: RolloutReport, stem: str) -> tuple[dict[str, str | bytes], list[dict[str, str]]]:
    """The Gantt chart the HTML report draws, as SVG files beside the
    Markdown (one per phase, then the key), for documents: PDF and Word
    cannot draw the Mermaid block."""
    from urllib.parse import quote

    from socialplan.rollout.exporters import phase_spans
    from socialplan.rollout.svg import legend, phase_chart, scale_for

    rollout = report.rollout
    schedule = rollout.schedule
    scale = scale_for(schedule)
    attachments: dict[str, str | bytes] = {}
    images: list[dict[str, str]] = []
    for phase_id, title, _start, _finish in phase_spans(rollout):
        name = attachment_name(stem, f"gantt-{phase_id}", ".svg")
        activities = [a for a in rollout.activities if a.spec.phase == phase_id]
        attachments[name] = phase_chart(phase_id, activities, schedule, scale)
        images.append({"href": quote(name), "alt": f"Gantt chart: {title}"})
    name = attachment_name(stem, "gantt-key", ".svg")
    attachments[name] = legend(closed=bool(schedule.calendar.closed))
    images.append({"href": quote(name), "alt": "Key to the Gantt chart"})
    return attachments, images


def markdown(report: RolloutReport, options: RenderOptions) -> Rendered:
    from socialplan.rollout.context import report_context

    warnings = _warnings(report)
    context = report_context(report.rollout, report.source, warnings, html=False, readiness=report.verdict(),
                             stamp=report.stamp)
    attachments: dict[str, str | bytes] = {}
    context["timeline_images"] = []
    if options.pictures and options.stem is not None:
        attachments, context["timeline_images"] = _timeline(report, options.stem)
    return Rendered(render_template("rollout.md.j2", context, "markdown", options.template_dir), attachments,
                    warnings=tuple(warnings))


def html(report: RolloutReport, options: RenderOptions) -> Rendered:
    from socialplan.rollout.context import report_context

    warnings = _warnings(report, with_logo=True)
    logo = report.logo.data_uri() if report.logo is not None else None
    context = report_context(report.rollout, report.source, warnings, html=True, logo=logo,
                             readiness=report.verdict(), stamp=report.stamp)
    return Rendered(render_template("rollout.html.j2", context, "html", options.template_dir),
                    warnings=tuple(warnings))


def json(report: RolloutReport, options: RenderOptions) -> Rendered:
    from socialplan.rollout.exporters import to_json

    warnings = _warnings(report)
    text = to_json(report.rollout, report.source, warnings, report.stamp, report.verdict())
    return Rendered(text, warnings=tuple(warnings))


def csv(report: RolloutReport, options: RenderOptions) -> Rendered:
    from socialplan.rollout.exporters import to_csv

    return Rendered(to_csv(report.rollout, excel=options.excel), warnings=tuple(_warnings(report)))


def ics(report: RolloutReport, options: RenderOptions) -> Rendered:
    from socialplan.rollout.exporters import to_ics

    return Rendered(to_ics(report.rollout), warnings=tuple(_warnings(report)))
