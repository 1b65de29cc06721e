"""The formats of ``socialplan track``: text for a terminal, the typed JSON
document, and Markdown and HTML through their templates.

Every format is made from the same ready-made values (:func:`context`), so
they cannot disagree; the data problems are part of the report, located by
file, row and column.
"""

from __future__ import annotations

import json as json_module
from typing import TYPE_CHECKING, Any

from socialplan.present import Rendered, RenderOptions, render_template
from socialplan.results import TrackReport
from socialplan.track.analysis import TrackAnalysis

if TYPE_CHECKING:
    from socialplan.diagnostics import Diagnostic


def _money(value: float) -> str:
    return f"-{abs(value):,.0f}" if value < 0 else f"{value:,.0f}"


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")


def _switch_value(value: float | None, unit: str) -> str:
    if value is None:
        return "none"
    if unit == "share" or unit == "multiple":
        return f"{value:.2f}x" if unit == "multiple" else f"{value:.0%}"
    if unit == "minutes":
        return f"{value:,.1f} min"
    return _money(value)


def document(report: TrackReport) -> dict[str, Any]:
    """The JSON document, through its typed model (socialplan.reports.track)."""
    from socialplan.reports.base import document as dump
    from socialplan.reports.track import TrackReport as Model

    a = report.analysis
    case = a.case
    data: dict[str, Any] = {
        "source": report.source, "as_of": a.as_of, "start": a.start, "launch": a.launch, "latest_data": a.latest,
        "status": a.status, "users": a.users, "unmapped_users": a.unmapped_users, "files_read": a.files_read,
        "groups": [{
            "id": g.id, "name": g.name, "headcount": g.headcount, "launch_adopters": round(g.launch_adopters, 2),
            "status": g.status,
            "fit": None if g.fit is None else {
                "p": round(g.fit.p, 6), "q": round(g.fit.q, 6), "ceiling": round(g.fit.ceiling, 6),
                "ceiling_fitted": g.fit.ceiling_fitted, "error": round(g.fit.rmse, 2),
                "relative_error": round(g.fit.relative_error, 4), "months": g.fit.months},
            "months": [{"month": m.month, "forecast": round(m.forecast, 2), "actual": m.actual,
                        "complete": m.complete,
                        "reforecast": None if m.reforecast is None else round(m.reforecast, 2),
                        "status": m.status} for m in g.months],
        } for g in a.groups],
        "kpis": [{"objective": objective, "name": k.name, "baseline": k.baseline, "target": k.target, "by": k.by,
                  "latest": k.latest, "latest_date": k.latest_date,
                  "expected": None if k.expected is None else round(k.expected, 6), "status": k.status}
                 for objective, k in a.kpis],
        "business_case": None if case is None else {
            "option": case.option, "approved_npv": round(case.approved_npv, 2),
            "reforecast_npv": round(case.reforecast_npv, 2), "plan_continued_npv": round(case.plan_continued_npv, 2),
            "realised_benefits": round(case.realised_benefits, 2), "planned_benefits": round(case.planned_benefits, 2),
            "through": case.through,
            "switching": [{"subject": s.subject, "unit": s.unit, "planned": round(s.planned, 6),
                           "approved": None if s.approved is None else round(s.approved, 6),
                           "now": None if s.now is None else round(s.now, 6)} for s in case.switching]},
        "reviews": [{"name": r.name, "date": r.date, "status": r.status, "month": r.month} for r in a.reviews],
        "problems": [{"code": p.code, "severity": p.severity, "file": p.file, "row": p.row, "column": p.column,
                      "message": p.message} for p in report.problems],
    }
    return dump(Model.model_validate(data))


def context(report: TrackReport, *, html: bool) -> dict[str, Any]:
    """Ready-made values for the templates and the text."""
    from socialplan.rollout.context import DEFAULT_ACCENT, DEFAULT_PRIMARY

    a: TrackAnalysis = report.analysis
    plan = report.validated.plan
    branding = plan.organisation.branding
    client = branding.name if branding and branding.name else plan.organisation.name
    groups = []
    for g in a.groups:
        shown = [m for m in g.months if m.actual is not None]
        latest = g.judged[-1] if g.judged else None
        chart = None
        if html:
            from socialplan.track.chart import group_chart

            chart = group_chart(g, a.launch_month, f"track-{g.id}")
        groups.append({
            "id": g.id, "name": g.name, "headcount": _number(g.headcount), "status": g.status or "no data",
            "latest_month": latest.month if latest else "-",
            "latest_actual": _number(latest.actual) if latest and latest.actual is not None else "-",
            "latest_forecast": _number(latest.forecast) if latest else "-",
            "ratio": f"{(latest.actual or 0) / latest.forecast:.0%}" if latest and latest.forecast > 0 else "-",
            "fit": None if g.fit is None else {
                "p": f"{g.fit.p:.4f}", "q": f"{g.fit.q:.3f}", "ceiling": f"{g.fit.ceiling:.0%}",
                "ceiling_note": "fitted" if g.fit.ceiling_fitted else "the plan's",
                "error": _number(g.fit.rmse), "relative": f"{g.fit.relative_error:.0%}",
                "end": _number(next((m.reforecast for m in reversed(g.months) if m.reforecast is not None), None)),
                "planned_end": _number(g.months[-1].forecast) if g.months else "-"},
            "months": [{"month": m.month, "forecast": _number(m.forecast), "actual": _number(m.actual),
                        "reforecast": _number(m.reforecast),
                        "status": m.status or ("running" if not m.complete else "-")} for m in shown],
            "chart": chart,
        })
    case = a.case
    return {
        "title": "Adoption tracking" + (f": {plan.organisation.platform}" if plan.organisation.platform else ""),
        "brand": {"name": client, "prepared_by": branding.prepared_by if branding else None, "logo": None,
                  "primary": branding.primary_colour if branding and branding.primary_colour else DEFAULT_PRIMARY,
                  "accent": branding.accent_colour if branding and branding.accent_colour else DEFAULT_ACCENT},
        "source": report.source,
        "as_of": a.as_of.isoformat(), "start": a.start.isoformat(), "launch": a.launch.isoformat(),
        "latest": a.latest.isoformat() if a.latest else "no data",
        "status": a.status or "no data",
        "users": f"{a.users:,}", "unmapped": f"{a.unmapped_users:,}", "files": a.files_read,
        "groups": groups,
        "kpis": [{"objective": objective, "name": k.name, "baseline": _number(k.baseline),
                  "target": _number(k.target), "by": k.by.isoformat() if k.by else "-",
                  "latest": _number(k.latest), "latest_date": k.latest_date.isoformat() if k.latest_date else "-",
                  "expected": _number(k.expected), "status": k.status or "-"} for objective, k in a.kpis],
        "case": None if case is None else {
            "option": case.option, "approved": _money(case.approved_npv), "reforecast": _money(case.reforecast_npv),
            "continued": _money(case.plan_continued_npv), "realised": _money(case.realised_benefits),
            "planned": _money(case.planned_benefits), "through": case.through or "-",
            "change": _money(case.reforecast_npv - case.approved_npv),
            "switching": [{"subject": s.subject, "planned": _switch_value(s.planned, s.unit),
                           "approved": _switch_value(s.approved, s.unit), "now": _switch_value(s.now, s.unit)}
                          for s in case.switching]},
        "reviews": [{"name": r.name, "date": r.date.isoformat(), "status": r.status or "no data yet",
                     "month": r.month or "-"} for r in a.reviews],
        "problems": [{"code": p.code, "severity": p.severity, "where": p.where, "message": p.message,
                      "hint": p.hint} for p in report.problems],
        "timing_note": a.timing_note,
    }


def json(report: TrackReport, options: RenderOptions) -> Rendered:
    return Rendered(json_module.dumps(document(report), indent=2, ensure_ascii=False) + "\n")


def text(report: TrackReport, options: RenderOptions) -> Rendered:
    c = context(report, html=False)
    out = [f"{c['title']} ({c['source']})",
           f"As of {c['as_of']}: {c['status'].upper()}. Launch {c['launch']}; data to {c['latest']}; "
           f"{c['users']} users in {c['files']} snapshots, {c['unmapped']} in no group.", ""]
    out.append("Adoption, the latest complete month against the forecast:")
    for g in c["groups"]:
        out.append(f"  {g['name']} ({g['id']}): {g['status']}")
        out.append(f"    {g['latest_month']}: actual {g['latest_actual']}, forecast {g['latest_forecast']} "
                   f"({g['ratio']} of it)")
        if g["fit"]:
            f = g["fit"]
            out.append(f"    re-forecast: p {f['p']}, q {f['q']}, ceiling {f['ceiling']} ({f['ceiling_note']}), "
                       f"error {f['error']} users ({f['relative']}); {f['end']} at the horizon against "
                       f"{f['planned_end']} planned")
    if c["kpis"]:
        out += ["", "KPIs:"]
        for k in c["kpis"]:
            out.append(f"  {k['name']}: {k['latest']} on {k['latest_date']} (expected {k['expected']}, target "
                       f"{k['target']} by {k['by']}): {k['status']}")
    if c["case"]:
        b = c["case"]
        out += ["", f"Business case ({b['option']}), risk-adjusted NPV:",
                f"  approved {b['approved']}; re-forecast {b['reforecast']} ({b['change']}); "
                f"plan continued from actual {b['continued']}",
                f"  benefits realised to {b['through']}: {b['realised']} (planned {b['planned']})"]
    if c["reviews"]:
        out += ["", "Gates and reviews:"]
        out += [f"  {r['date']}  {r['name']}: {r['status']}" for r in c["reviews"]]
    return Rendered("\n".join(out) + "\n")


def markdown(report: TrackReport, options: RenderOptions) -> Rendered:
    return Rendered(render_template("track.md.j2", context(report, html=False), "markdown", options.template_dir))


def html(report: TrackReport, options: RenderOptions) -> Rendered:
    """The HTML report, with the logo inside as a data URI (one
    self-contained file); a logo that cannot be embedded is a located
    warning, as in the other HTML reports."""
    from socialplan.problems import locate

    values = context(report, html=True)
    values["brand"]["logo"] = report.logo.data_uri() if report.logo is not None else None
    warnings: tuple[Diagnostic, ...] = ()
    if report.logo_problem is not None:
        loaded = report.validated.loaded
        warnings = tuple(locate([report.logo_problem], loaded.source_map, loaded.source))
    return Rendered(render_template("track.html.j2", values, "html", options.template_dir), warnings=warnings)
