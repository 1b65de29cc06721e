"""The readiness scorecard as ready-made values for the HTML template: the
verdict and why, the group scores, what would change the verdict, the
findings, the use-case priorities and the stakeholder map. Every value is a
string the template prints as it is; nothing here renders or writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socialplan.assess.engine import Assessment
from socialplan.assess.next_steps import SHOWN_STEPS, code_counts
from socialplan.assess.rule import GROUP_TITLES, GROUPS

if TYPE_CHECKING:
    from socialplan.model import Plan

DEFAULT_PRIMARY = "#1f3a5f"  # the business case's defaults, so the reports look alike
DEFAULT_ACCENT = "#d9822b"
VERDICT_CLASSES = {"go": "go", "pilot-first": "pilot", "not-ready": "stop"}


def _number(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def brand(plan: Plan | None, source: str, logo: str | None = None) -> dict[str, Any]:
    """Name, colours and logo of the cover, as the other reports show them."""
    branding = plan.organisation.branding if plan is not None else None
    name = (branding.name if branding and branding.name else plan.organisation.name) if plan is not None else source
    return {
        "name": name,
        "prepared_by": branding.prepared_by if branding else None,
        "logo": logo,
        "primary": branding.primary_colour if branding and branding.primary_colour else DEFAULT_PRIMARY,
        "accent": branding.accent_colour if branding and branding.accent_colour else DEFAULT_ACCENT,
    }


def _groups(a: Assessment) -> dict[str, Any]:
    rows = []
    for group in GROUPS:
        found = [f for f in a.findings if f.group == group and f.suppressed is None]
        rows.append([GROUP_TITLES[group], f"{a.groups[group]:.1f}", f"{a.config.group_weights[group]:g}",
                     str(sum(f.severity == "error" for f in found)), str(sum(f.severity == "warning" for f in found)),
                     str(sum(f.severity == "info" for f in found))])
    rows.append(["Overall", f"{a.score:.1f}", "", str(a.count("error")), str(a.count("warning")),
                 str(a.count("info"))])
    return {"columns": ["Group", "Score", "Weight", "Errors", "Warnings", "Info"], "rows": rows,
            "numeric": [False, True, True, True, True, True], "highlight": [len(rows) - 1]}


def _next_steps(a: Assessment) -> dict[str, Any] | None:
    if a.verdict == "go":
        return None
    band = a.next_band
    together = None
    if band is not None:
        s = "" if len(band.findings) == 1 else "s"
        together = (f"Resolving {len(band.findings)} finding{s} together makes it {band.verdict} "
                    f"(score {band.score:.1f}): {code_counts(band.findings)}.")
    rows = [[f"+{step.gain:.1f}", f"{step.score:.1f}", step.verdict, step.finding.code, step.finding.message]
            for step in a.next_steps[:SHOWN_STEPS]]
    return {"together": together, "more": max(0, len(a.next_steps) - SHOWN_STEPS),
            "table": {"columns": ["Gain", "New score", "New verdict", "Rule", "Finding"], "rows": rows,
                      "numeric": [True, True, False, False, False],
                      "highlight": [i for i, s in enumerate(a.next_steps[:SHOWN_STEPS]) if s.lifts_verdict]}}


def _findings(a: Assessment) -> list[dict[str, Any]]:
    out = []
    for group in GROUPS:
        found = [f for f in a.findings if f.group == group and f.suppressed is None]
        if found:
            rows = [[f.severity + (", blocks go" if f.blocks_go else ""), f"{f.code} {f.name}", f.message,
                     f.hint or "", str(f.location)] for f in found]
            out.append({"title": GROUP_TITLES[group], "table": {
                "columns": ["Severity", "Rule", "Finding", "What to do", "Where"], "rows": rows,
                "numeric": [False] * 5, "highlight": [i for i, f in enumerate(found) if f.severity == "error"]}})
    return out


def _priorities(a: Assessment) -> dict[str, Any]:
    rows = [[str(p.rank), p.title or p.id, _number(p.rice, ",.0f"), _number(p.weighted, ".1f"),
             _number(p.value, ".1f"), _number(p.effort, "g"), p.quadrant or "-", "; ".join(p.reasons)]
            for p in a.priorities]
    return {"columns": ["#", "Use case", "RICE", "Weighted", "Value", "Effort", "Quadrant", "Why"], "rows": rows,
            "numeric": [True, False, True, True, True, True, False, False], "highlight": []}


def _stakeholders(a: Assessment) -> dict[str, Any]:
    rows = [[s.name or s.id, f"{s.headcount:,}", f"{s.power} / {s.interest}", f"{s.quadrant}: {s.strategy}",
             s.research + ("" if s.research_planned else " (suggested)"), (s.barrier or "-") + s.lowest_note,
             s.adkar_source or "-", s.action] for s in a.stakeholders]
    return {"columns": ["Group", "People", "Power / interest", "Quadrant and strategy", "Research",
                        "ADKAR barrier", "ADKAR levels from", "What to do"], "rows": rows,
            "numeric": [False, True, False, False, False, False, False, False], "highlight": []}


def scorecard_context(a: Assessment, plan: Plan | None, logo: str | None = None) -> dict[str, Any]:
    """Everything ``assess.html.j2`` shows, formatted."""
    measure = "weighted score" if a.ranking == "weighted" else "RICE"
    return {
        "title": "Readiness assessment",
        "brand": brand(plan, a.source, logo),
        "source": a.source,
        "facts": [
            {"label": "Verdict", "value": a.verdict},
            {"label": "Score", "value": f"{a.score:.1f} / 100"},
            {"label": "As of", "value": f"{a.as_of.day} {a.as_of:%B %Y}"},
            {"label": "Errors", "value": str(a.count("error"))},
            {"label": "Warnings", "value": str(a.count("warning"))},
        ],
        "verdict": a.verdict,
        "verdict_class": VERDICT_CLASSES.get(a.verdict, "pilot"),
        "score": f"{a.score:.1f}",
        "reasons": list(a.reasons),
        "groups": _groups(a),
        "next_steps": _next_steps(a),
        "findings": _findings(a),
        "suppressed": len(a.suppressed),
        "ranking": measure,
        "priorities": _priorities(a) if a.priorities else None,
        "stakeholders": _stakeholders(a) if a.stakeholders else None,
    }
