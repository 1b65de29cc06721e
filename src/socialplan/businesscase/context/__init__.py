"""The values the business-case templates show, ready-made.

Templates loop and lay out; every number is formatted and every sentence
composed here, so a consultant's own template cannot get a figure wrong.
One module per part of the report, each returning that part's values:

- :mod:`.summary`: the executive summary and key figures;
- :mod:`.strategic`: the strategic case;
- :mod:`.economic` and :mod:`.sensitivity`: the economic case, its options,
  cost and benefit lines, risk adjustment, tornado, switching values and
  simulation;
- :mod:`.commercial`: the commercial case;
- :mod:`.financial`: the financial case (affordability, cash flows);
- :mod:`.management` and :mod:`.register`: the management case and the
  benefits register;
- :mod:`.method`: assumptions, formulae and sources;
- :mod:`.writer`: the formatting they share, and the table shape.

:func:`report_context` assembles them with the cover and the charts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from socialplan.businesscase.analysis import BusinessCase
from socialplan.businesscase.context.commercial import commercial_case
from socialplan.businesscase.context.economic import economic_case
from socialplan.businesscase.context.financial import financial_case
from socialplan.businesscase.context.management import management_case
from socialplan.businesscase.context.method import method_and_sources
from socialplan.businesscase.context.strategic import strategic_case
from socialplan.businesscase.context.summary import executive_summary
from socialplan.businesscase.context.writer import Chart, Table, Writer, table
from socialplan.businesscase.formatting import DASH, number, percent
from socialplan.finance.assumptions import PRESETS
from socialplan.stamp import Stamp

__all__ = ["CHART_KEYS", "DEFAULT_ACCENT", "DEFAULT_PRIMARY", "Chart", "Table", "report_context", "table"]

DEFAULT_PRIMARY = "#1f3a5f"
DEFAULT_ACCENT = "#d9822b"
CHART_KEYS = ("cash-flow", "tornado", "npv-distribution", "adoption")


def _cover(w: Writer, logo: str | None) -> dict[str, Any]:
    """Title, brand and the facts on the first page."""
    plan = w.plan
    branding = plan.organisation.branding
    platform = plan.organisation.platform
    a = w.assumptions
    name = branding.name if branding and branding.name else plan.organisation.name
    return {
        "title": ("DRAFT " if w.inputs.draft_reason else "") + "Business case"
                 + (f": {platform}" if platform else ": an internal social network"),
        "organisation": name,
        "brand": {
            "name": name,
            "prepared_by": branding.prepared_by if branding else None,
            "logo": logo,
            "primary": (branding.primary_colour if branding and branding.primary_colour else DEFAULT_PRIMARY),
            "accent": (branding.accent_colour if branding and branding.accent_colour else DEFAULT_ACCENT),
        },
        "facts": [
            {"label": "Organisation", "value": plan.organisation.name},
            {"label": "People", "value": number(plan.headcount)},
            {"label": "Platform", "value": platform or DASH},
            {"label": "Appraisal", "value": f"{PRESETS[a.preset].title}, {percent(a.discount_rate, decimals=1)} "
                                             f"over {a.horizon_years} years"},
            {"label": "Currency", "value": w.currency},
        ],
    }


def _charts(charts: Mapping[str, Chart]) -> dict[str, dict[str, Any] | None]:
    return {
        key: None if key not in charts else {
            "key": key, "title": charts[key].title, "alt": charts[key].alt,
            "svg": charts[key].svg, "href": charts[key].href,
        }
        for key in CHART_KEYS
    }


def report_context(case: BusinessCase, *, charts: Mapping[str, Chart], logo: str | None = None,
                   stamp: Stamp | None = None) -> dict[str, Any]:
    """Everything the business-case templates show; ``stamp`` is the date,
    version and plan digest printed on the cover and in the footer."""
    w = Writer(case)
    return {
        **_cover(w, logo),
        "stamp": None if stamp is None else stamp.context(),
        "readiness": None if case.readiness is None else {
            "verdict": case.readiness.verdict,
            "score": None if case.readiness.score is None else number(case.readiness.score, decimals=1),
        },
        "summary": executive_summary(w),
        "strategic": strategic_case(w),
        "economic": economic_case(w),
        "commercial": commercial_case(w),
        "financial": financial_case(w),
        "management": management_case(w),
        "method": method_and_sources(w),
        "charts": _charts(charts),
        "source": case.source,
    }
