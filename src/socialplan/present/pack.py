"""The formats of ``socialplan report``, the board pack: the decision
summary through its template, then each report of the stage in the same
format, rendered by its own presenter (PDF and Word come from the Markdown,
as for every report: :mod:`socialplan.present.documents`).

The HTML pack takes each report's ``<main>`` and sets it in one page, so
the sections look exactly as the reports do on their own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from socialplan.diagnostics import Diagnostic
from socialplan.present import Rendered, RenderOptions, render, render_template
from socialplan.results import PackReport

_MAIN = re.compile(r"<main>\n?(.*)</main>", re.S)
_FENCE = re.compile(r"^(```|~~~)")


def _context(pack: PackReport) -> dict[str, Any]:
    from socialplan.assess.context import brand
    from socialplan.pack import summary_context

    plan = pack.validated.plan
    context = summary_context(pack.stage, plan, pack.assess, pack.business_case, pack.rollout)
    assessment = pack.assess.assessment
    assert assessment is not None
    when = assessment.as_of
    context.update({
        "title": f"Board pack: {context['stage_title']}",
        "brand": brand(plan, pack.validated.loaded.source),
        "source": pack.validated.loaded.source,
        "date": f"{when.day} {when:%B %Y}",
    })
    return context


def _sections(pack: PackReport) -> list[tuple[str, object]]:
    chosen = {"assess": pack.assess, "business-case": pack.business_case, "rollout": pack.rollout}
    from socialplan.pack import STAGES

    return [(key, chosen[key]) for key in STAGES[pack.stage].sections if chosen[key] is not None]


def demote(markdown: str) -> str:
    """Every heading one level down (``#`` -> ``##``), outside code blocks,
    so a report becomes a part of the pack."""
    out = []
    fenced = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            line = "#" + line
        out.append(line)
    return "\n".join(out) + "\n"


def markdown(pack: PackReport, options: RenderOptions) -> Rendered:
    context = _context(pack)
    text = render_template("report.md.j2", {**context, "part": "summary"}, "markdown", options.template_dir)
    attachments: dict[str, str | bytes] = {}
    warnings: list[Diagnostic] = []
    parts = [text.rstrip() + "\n"]
    for key, report in _sections(pack):
        # Each report's files are named after the pack and the report, so two
        # reports' charts never share a name.
        stem = None if options.stem is None else f"{options.stem}-{key}"
        rendered = render(report, "markdown", replace(options, stem=stem, template_dir=None))
        attachments.update(rendered.attachments)
        warnings += rendered.warnings
        parts.append(demote(rendered.text))
    parts.append(render_template("report.md.j2", {**context, "part": "sign-off"}, "markdown", options.template_dir))
    return Rendered("\n".join(parts), attachments, tuple(warnings))


def html(pack: PackReport, options: RenderOptions) -> Rendered:
    sections = []
    warnings: list[Diagnostic] = []
    for key, report in _sections(pack):
        rendered = render(report, "html", replace(options, template_dir=None))
        warnings += rendered.warnings
        found = _MAIN.search(rendered.text)
        sections.append({"key": key, "body": found.group(1) if found else ""})
    context = _context(pack)
    context["bodies"] = sections
    return Rendered(render_template("report.html.j2", context, "html", options.template_dir), warnings=tuple(warnings))


def json(pack: PackReport, options: RenderOptions) -> Rendered:
    """The decision summary's values and the documents of the stage's
    reports, each as its own ``--format json`` prints it."""
    from socialplan.businesscase.jsondoc import business_case_report
    from socialplan.pack import summary_context
    from socialplan.pack.jsondoc import pack_report
    from socialplan.present.rollout import _warnings as rollout_warnings
    from socialplan.reporters.assess_json import assessment_report
    from socialplan.reporters.machine import dumps
    from socialplan.reports.base import document
    from socialplan.rollout.exporters import rollout_report

    assessment = pack.assess.assessment
    assert assessment is not None
    plan = pack.validated.plan
    summary = summary_context(pack.stage, plan, pack.assess, pack.business_case, pack.rollout)
    case = pack.business_case
    rollout = pack.rollout
    warnings: list[Diagnostic] = rollout_warnings(rollout) if rollout is not None else []
    made = pack_report(
        summary, source=pack.validated.loaded.source, organisation=plan.organisation.name, notes=list(pack.notes),
        assess=assessment_report(assessment, pack.assess.check, pack.assess.settings),
        case=None if case is None else business_case_report(case.case, case.stamp),
        rollout=None if rollout is None else rollout_report(rollout.rollout, rollout.source, warnings,
                                                            rollout.stamp, rollout.verdict()))
    return Rendered(dumps(document(made)) + "\n", warnings=tuple(warnings))
