"""PDF and Word for every report: the report's Markdown, rendered in memory
with its charts as files, becomes a document (:mod:`socialplan.documents`).

One renderer pair serves every report, so the documents say what the
Markdown says: a report gains a PDF and a Word form by one registry entry
each (:mod:`socialplan.formats`). The Markdown is asked for pictures
(``RenderOptions.pictures``), so the rollout's Gantt chart is drawn as SVG
pictures rather than left as a Mermaid block that no document can draw.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from socialplan.errors import UserError
from socialplan.present import Rendered, RenderOptions, render
from socialplan.results import AssessReport, BusinessCaseReport, PackReport, RolloutReport

if TYPE_CHECKING:
    from socialplan.diagnostics import Diagnostic
    from socialplan.documents.blocks import Document
    from socialplan.model import Plan

# The name the in-memory Markdown's files are given; never written to disk.
STEM = "report"
PAPERS = ("a4", "letter")


def _plan(report: object) -> Plan | None:
    if isinstance(report, (BusinessCaseReport, RolloutReport, PackReport)):
        return report.validated.plan
    if isinstance(report, AssessReport) and report.validated is not None:
        return report.validated.plan
    return None


def _date(report: object) -> dt.date | None:
    """The day the report speaks of, for the running header and the file's
    own timestamps: taken from the report, never the clock, so the same
    plan gives the same bytes."""
    if isinstance(report, AssessReport) and report.assessment is not None:
        return report.assessment.as_of
    if isinstance(report, PackReport) and report.assess.assessment is not None:
        return report.assess.assessment.as_of
    if isinstance(report, RolloutReport):
        return report.rollout.schedule.start
    if isinstance(report, BusinessCaseReport):
        return report.case.plan.rollout.start
    date: dt.date | None = getattr(report, "as_of", None)
    return date


def _organisation(report: object) -> str:
    plan = _plan(report)
    if plan is not None:
        return plan.organisation.name
    return getattr(report, "organisation", "") or ""


def document(report: object, options: RenderOptions) -> tuple[Document, tuple[Diagnostic, ...]]:
    """The report as a document (its Markdown's blocks and the files its
    images name), with the warnings found while rendering it."""
    from socialplan.documents.blocks import Document, Heading, parse, plain

    markdown = render(report, "markdown", replace(options, stem=STEM, pictures=True))
    files = {name: data.encode("utf-8") if isinstance(data, str) else data
             for name, data in markdown.attachments.items()}
    blocks = parse(markdown.text)
    title = next((plain(b.inlines) for b in blocks if isinstance(b, Heading)), "Report")
    when = _date(report)
    made = Document(title, blocks, _organisation(report), f"{when.day} {when:%B %Y}" if when is not None else "",
                    files)
    return made, markdown.warnings


def _paper(options: RenderOptions) -> str:
    paper = (options.paper or "a4").lower()
    if paper not in PAPERS:
        raise UserError(f"--paper {options.paper}: not a paper size", hint="use a4 or letter")
    return paper


def pdf(report: object, options: RenderOptions) -> Rendered:
    from socialplan.documents.pdf import render_pdf

    paper = _paper(options)
    doc, warnings = document(report, options)
    data = render_pdf(doc, paper="letter" if paper == "letter" else "a4", timestamp=_date(report))
    return Rendered(data, warnings=warnings)


def docx(report: object, options: RenderOptions) -> Rendered:
    from socialplan.documents.word import ReferenceError, render_docx

    reference = options.reference_docx
    if reference is not None and (reference.suffix.lower() != ".docx" or not reference.is_file()):
        raise UserError(f"--reference-docx {reference}: not a Word (.docx) file",
                        hint="name a .docx whose styles the report should take (Word: File > Save As > .docx)")
    doc, warnings = document(report, options)
    try:
        data = render_docx(doc, reference=reference, date=_date(report))
    except ReferenceError as error:
        raise UserError(f"--reference-docx {error}",
                        hint="open it in Word and save it again as a .docx document") from None
    return Rendered(data, warnings=warnings)
