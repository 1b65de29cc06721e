"""The shared pieces of the business-case context: the :class:`Writer`
that formats figures in the plan's currency and calendar, the table shape
the templates lay out, and how a cost or benefit is named in text.

Tables are ``{"columns": [...], "rows": [[...]], "numeric": [bool...],
"highlight": [row index...]}``; all cells are plain strings, escaped by the
template engine for the output format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from socialplan.businesscase.analysis import BusinessCase
from socialplan.businesscase.formatting import DASH, money, money_short, percent, trim
from socialplan.diagnostics import format_path
from socialplan.finance.appraisal import Figures
from socialplan.finance.inputs import CostInput, Driver


@dataclass(frozen=True)
class Chart:
    """A drawn chart: inline SVG for HTML, a file beside the report for Markdown."""

    key: str
    title: str
    alt: str
    svg: str | None = None
    href: str | None = None


Table = dict[str, Any]


def table(columns: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool] | None = None,
          highlight: Sequence[int] = ()) -> Table:
    return {
        "columns": list(columns),
        "rows": [list(r) for r in rows],
        "numeric": list(numeric) if numeric is not None else [False] * len(columns),
        "highlight": list(highlight),
    }


class Writer:
    """Shared formatting state: currency, calendar, the model."""

    def __init__(self, case: BusinessCase) -> None:
        self.case = case
        self.plan = case.plan
        self.appraisal = case.appraisal
        self.inputs = case.appraisal.inputs
        self.assumptions = self.inputs.assumptions
        self.currency = case.currency
        self.start = case.plan.rollout.start
        self.leading = case.appraisal.leading

    # --- small formats -------------------------------------------------------

    def money(self, value: float | None) -> str:
        return money(value, self.currency)

    def short(self, value: float | None) -> str:
        return money_short(value, self.currency)

    def month(self, number_: int | None, *, none: str = "not within the horizon") -> str:
        """'month 4 (Jun 2027)' when the plan has a start date."""
        if number_ is None:
            return none
        if self.start is None:
            return f"month {number_}"
        index = self.start.month - 1 + number_ - 1
        date = dt.date(self.start.year + index // 12, index % 12 + 1, 1)
        return f"month {number_} ({date.strftime('%b %Y')})"

    def payback(self, figures: Figures) -> str:
        return self.month(figures.payback_month)

    @staticmethod
    def day(date: dt.date) -> str:
        """'23 July 2027'."""
        return f"{date.day} {date.strftime('%B %Y')}"

    @property
    def launch(self) -> str:
        """The launch month as the report counts it: 'month 5 (Jul 2027)'."""
        return self.month(self.appraisal.adoption.launch_month + 1)

    def pilot_span(self, use_case_id: str) -> str:
        """When a use case's pilot runs: dates from the schedule, else months."""
        dates = self.case.timing.dates
        if dates is not None:
            for pilot in dates.pilots:
                if pilot.use_case == use_case_id:
                    return f"{short_day(pilot.start)} to {short_day(pilot.finish)}"
            return "not scheduled"
        window = self.inputs.pilots.get(use_case_id)
        if window is None:
            return DASH
        if window.months == 1:
            return self.month(window.first + 1)
        return f"{self.month(window.first + 1)} to {self.month(window.last + 1)}"

    @staticmethod
    def irr(figures: Figures) -> str:
        """IRR, or why there is none; an IRR above 100% is flagged, never
        printed bare (the summary explains it in full)."""
        if figures.irr is not None:
            # A tiny outlay against large returns gives rates that mean
            # nothing to a reader; the JSON keeps the exact value.
            value = "over 1,000%" if figures.irr > 10 else percent(figures.irr, decimals=1)
            return f"{value}: misleading, see MIRR" if figures.irr_note else value
        net = figures.period_net
        if not any(net):
            return "none"
        if all(n >= 0 for n in net):
            return "none: no year with a net outlay"
        if all(n <= 0 for n in net):
            return "none: no year with a net return"
        return "none"

    def group_label(self, group_id: str) -> str:
        for group in self.plan.stakeholders:
            if group.id == group_id:
                return group.label
        return "All staff" if group_id == "everyone" else group_id

    def groups_text(self, ids: Sequence[str]) -> str:
        return ", ".join(self.group_label(g) for g in ids) if ids else "no adopting group"

    def driver_text(self, driver: Driver) -> str:
        fmt = self.amount_format(driver)
        suffix = {"hours": " per adopter a week", "annual": " a year at full adoption", "cost": ""}[driver.kind]
        if driver.low == driver.likely == driver.high:
            return f"{fmt(driver.likely)}{suffix}"
        return f"{fmt(driver.likely)}{suffix} ({fmt(driver.low)} to {fmt(driver.high)})"

    def cost_basis(self, cost: CostInput) -> str:
        amount = money(cost.amount.likely, self.currency)
        period = "a month" if cost.per == "month" else "a year"
        # The plan counts cost months from 0; the report, like its other
        # dates, from month 1 (the month of rollout.start). end_month is the
        # first month without the cost, so the last one is its 1-based number.
        until = (f" to {self.month(cost.end_month)}" if cost.end_month < self.assumptions.months
                 else "")
        start = self.month(cost.month + 1)
        if cost.kind == "one-off":
            return f"one-off in {start}" + (", the initial investment" if cost.month == 0 else "")
        if cost.kind == "recurring":
            return f"{amount} {period} from {start}{until}"
        users = "eligible user" if cost.users == "eligible" else "active user"
        return f"{amount} per {users} {period} from {start}{until}"

    def amount_format(self, driver: Driver) -> Callable[[float], str]:
        if driver.kind == "hours":
            return lambda value: f"{trim(value)} h"
        return self.money

    def location(self, driver: Driver) -> str:
        return self.case.locations.get(driver.key, format_path(driver.path))


def short_day(date: dt.date) -> str:
    """'13 Apr 2027'."""
    return f"{date.day} {date.strftime('%b %Y')}"



def driver_title(driver: Driver) -> str:
    """'Hours saved: fewer status calls', 'Cost: implementation partner'."""
    return {"hours": "Hours saved", "annual": "Value", "cost": "Cost"}[driver.kind] + f": {driver.label}"


def driver_phrase(driver: Driver) -> str:
    """The driver inside a sentence: "the hours saved for 'fewer status calls'"."""
    what = {"hours": "the hours saved", "annual": "the value", "cost": "the cost"}[driver.kind]
    return f"{what} of '{driver.label}'" if driver.kind != "hours" else f"{what} by '{driver.label}'"
