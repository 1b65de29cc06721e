"""The formats of ``socialplan evidence``: text for a terminal, JSON (the
typed document), Markdown and HTML through their templates.

Every format is made from the same document (:mod:`socialplan.evidence.document`),
which holds per-group aggregates only: nothing a respondent wrote can reach
a report.
"""

from __future__ import annotations

import json as jsonlib
from typing import Any

from socialplan.present import Rendered, RenderOptions, render_template
from socialplan.reports.evidence import EvidenceReport as EvidenceDocument
from socialplan.results import EvidenceReport


def document(report: EvidenceReport) -> EvidenceDocument:
    from socialplan.evidence.document import build

    return build(report.validated.plan, report.findings, report.source, report.as_of)


def json(report: EvidenceReport, options: RenderOptions) -> Rendered:
    from socialplan.reports.base import document as dump

    return Rendered(jsonlib.dumps(dump(document(report)), indent=2, ensure_ascii=False) + "\n")


def _context(report: EvidenceReport, *, charts: bool) -> dict[str, Any]:
    from socialplan.evidence.document import context, trends

    doc = document(report)
    found = context(doc)
    found["organisation"] = doc.organisation
    found["charts"] = _charts(report, doc, trends(doc)) if charts else []
    return found


def _charts(report: EvidenceReport, doc: EvidenceDocument, by_group: dict[str, Any]) -> list[dict[str, Any]]:
    """Per reported group: its latest profile, barrier spread and trend."""
    from socialplan.evidence.charts import barriers, profile, trend

    scales = {s.id: s.scale for s in report.validated.plan.evidence.surveys}
    threshold = doc.settings.barrier_threshold
    latest: dict[str, tuple[str, Any]] = {}
    for survey in doc.surveys:
        for group in survey.groups:
            if group.adkar is not None:
                latest[group.id] = (survey.id, group)
    out = []
    for index, (group_id, (survey_id, group)) in enumerate(sorted(latest.items())):
        scale = scales.get(survey_id, (1, 5))
        shares = group.barrier_shares.model_dump() if group.barrier_shares else {}
        out.append({
            "id": group_id, "survey": survey_id,
            "profile": profile(f"ev-p{index}", group_id, group.adkar.model_dump(), threshold, scale),
            "barriers": barriers(f"ev-b{index}", group_id, shares),
            "trend": trend(f"ev-t{index}", group_id, by_group[group_id], scale) if len(by_group[group_id]) > 1
            else None,
        })
    return out


def markdown(report: EvidenceReport, options: RenderOptions) -> Rendered:
    return Rendered(render_template("evidence.md.j2", _context(report, charts=False), "markdown",
                                    options.template_dir))


def html(report: EvidenceReport, options: RenderOptions) -> Rendered:
    context = _context(report, charts=True)
    plan = report.validated.plan
    branding = plan.organisation.branding
    logo = None
    if branding is not None and branding.logo:
        from socialplan.branding import find_logo

        found, _ = find_logo(branding.logo, report.source)
        logo = found.data_uri() if found is not None else None
    from socialplan.rollout.context import DEFAULT_ACCENT, DEFAULT_PRIMARY

    client = branding.name if branding and branding.name else plan.organisation.name
    context["brand"] = {
        "name": client,
        "prepared_by": branding.prepared_by if branding else None,
        "logo": logo,
        "primary": branding.primary_colour if branding and branding.primary_colour else DEFAULT_PRIMARY,
        "accent": branding.accent_colour if branding and branding.accent_colour else DEFAULT_ACCENT,
    }
    return Rendered(render_template("evidence.html.j2", context, "html", options.template_dir))


def text(report: EvidenceReport, options: RenderOptions) -> Rendered:
    """Plain text for a terminal or a log: every wave's groups and every pilot's decision."""
    ctx = _context(report, charts=False)
    lines = [f"Evidence for {ctx['organisation']} ({ctx['source']}), as of {ctx['as_of']}", ""]
    settings = ctx["settings"]
    if not ctx["surveys"]:
        lines.append("No survey waves.")
    for survey in ctx["surveys"]:
        stale = "  OUT OF DATE" if survey["stale"] else ""
        lines.append(f"Survey {survey['id']} ({survey['date']}, {survey['when']}{stale}): "
                     f"{survey['responses']} responses")
        lines.append(f"  {'group':<22} {'n':>5} {'rate':>5}  " + " ".join(f"{e[:5]:>5}" for e in ctx["elements"])
                     + "  barrier")
        for g in survey["groups"]:
            if g["suppressed"]:
                lines.append(f"  {g['id']:<22} suppressed (fewer than {settings['min_group_size']} responses)")
                continue
            low = "" if g["trusted"] else f"  (response rate below {settings['min_rate']})"
            lines.append(f"  {g['id']:<22} {g['responses']:>5} {g['rate']:>5}  "
                         + " ".join(f"{m:>5}" for m in g["means"]) + f"  {g['barrier']}{low}")
        if survey["unassigned"]:
            lines.append(f"  {survey['unassigned']} responses gave no group")
        lines.append("")
    if not ctx["pilots"]:
        lines.append("No pilot results.")
    for pilot in ctx["pilots"]:
        lines.append(f"Pilot {pilot['use_case']} (gate {pilot['date']}): {pilot['decision'].upper()}: "
                     f"{pilot['lead']}")
        lines += [f"  - {m['reason']}" for m in pilot["metrics"]]
        lines.append("")
    lines.append(f"Barrier: the first ADKAR element with a mean at or below {settings['threshold']}. Groups with "
                 f"fewer than {settings['min_group_size']} responses are suppressed.")
    return Rendered("\n".join(lines) + "\n")
