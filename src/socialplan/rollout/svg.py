"""The Gantt chart of the HTML report, as inline SVG drawn here.

One chart per phase on a shared time axis, so a printed report breaks
between phases rather than through a bar. Bars span calendar days from
start to finish; critical activities are red, milestones are diamonds, and
a thin line after a bar shows its float (how far it can slip before the
programme finishes later). Closed periods (``rollout.blackouts``) are
shaded. Activity names wrap onto as many lines as they need (a row grows to
fit), so the full name is readable on paper, not only in the tooltip.
Drawn with the pieces of :mod:`socialplan.svgchart`, like the business
case's charts: the same font, greys, text escaping and wrapping.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from socialplan.rollout.schedule import Schedule, ScheduledActivity
from socialplan.rollout.spec import PHASE_TITLES, Phase
from socialplan.svgchart import FONT_FAMILY, GRID, RULE, TEXT, clean, lines_height, wrap

LABEL_WIDTH = 330
CHART_WIDTH = 820
ROW = 20
AXIS = 34
PAD = 6
LABEL_SIZE = 11
# A name longer than this many lines (only hostile text) ends with an ellipsis.
MAX_LABEL_LINES = 6
CRITICAL = "#c0392b"
NORMAL = "#2f6690"
FLOAT = "#8a9aa8"
CLOSED = "#d9dee4"
# Room a month label ("Sep 2027" at 11px) needs: one that would run past the
# right edge is left out rather than cut.
MONTH_LABEL_WIDTH = 50


@dataclass(frozen=True)
class Scale:
    first: dt.date
    last: dt.date  # exclusive

    @property
    def days(self) -> int:
        return max(1, (self.last - self.first).days)

    def x(self, day: dt.date) -> float:
        return LABEL_WIDTH + CHART_WIDTH * (day - self.first).days / self.days


def label_lines(name: str) -> list[str]:
    """An activity's name wrapped to the label column."""
    return wrap(name, LABEL_WIDTH - 12, LABEL_SIZE, max_lines=MAX_LABEL_LINES)


def row_height(lines: int) -> float:
    return max(float(ROW), lines_height(lines, LABEL_SIZE) + 9)


def scale_for(schedule: Schedule) -> Scale:
    """From the Monday of the first week to a little after the last finish."""
    first = schedule.start - dt.timedelta(days=schedule.start.weekday())
    last_finish = max((a.finish for a in schedule.activities), default=schedule.start)
    late = [schedule.calendar.date_at(max(a.late_finish - 1, a.late_start)) for a in schedule.activities]
    last = max([last_finish, *late]) + dt.timedelta(days=7)
    return Scale(first, last)


def _month_starts(scale: Scale) -> list[dt.date]:
    day = dt.date(scale.first.year, scale.first.month, 1)
    out = []
    while day < scale.last:
        if day >= scale.first:
            out.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return out


def _axis(scale: Scale, height: float, width: int) -> list[str]:
    parts = []
    week = scale.first
    while week < scale.last:
        x = scale.x(week)
        parts.append(f'<line x1="{x:.1f}" y1="{AXIS - 6}" x2="{x:.1f}" y2="{height}" stroke="{GRID}" '
                     'stroke-width="0.6"/>')
        week += dt.timedelta(days=7)
    for month in _month_starts(scale):
        x = scale.x(month)
        parts.append(f'<line x1="{x:.1f}" y1="14" x2="{x:.1f}" y2="{height}" stroke="{RULE}" stroke-width="1"/>')
        if x + 3 + MONTH_LABEL_WIDTH <= width:
            parts.append(f'<text x="{x + 3:.1f}" y="26" font-size="11" fill="{TEXT}">'
                         f'{month.strftime("%b %Y")}</text>')
    return parts


def _closed(schedule: Schedule, scale: Scale, height: float) -> list[str]:
    """A shaded band over each closed period, behind the bars."""
    parts = []
    for period in schedule.calendar.closed:
        first, last = max(period.first, scale.first), min(period.last + dt.timedelta(days=1), scale.last)
        if first >= last:
            continue
        x0, x1 = scale.x(first), scale.x(last)
        tip = f"Closed: {period.name}, {period.first.isoformat()} to {period.last.isoformat()}"
        parts.append(f'<rect class="closed" x="{x0:.1f}" y="{AXIS - 6}" width="{x1 - x0:.1f}" '
                     f'height="{height - AXIS + 6:.1f}" fill="{CLOSED}" opacity="0.7">'
                     f'<title>{clean(tip)}</title></rect>')
    return parts


def _late_finish(activity: ScheduledActivity, schedule: Schedule) -> dt.date:
    if activity.spec.milestone:
        return schedule.calendar.date_at(activity.late_start)
    return schedule.calendar.date_at(activity.late_finish - 1)


def phase_chart(phase: Phase, activities: list[ScheduledActivity], schedule: Schedule, scale: Scale) -> str:
    """One phase's chart: an SVG element ready to inline."""
    labels = [label_lines(a.spec.name) for a in activities]
    heights = [row_height(len(lines)) for lines in labels]
    tops = [float(AXIS)]
    for h in heights:
        tops.append(tops[-1] + h)
    height = tops[-1] + PAD
    width = LABEL_WIDTH + CHART_WIDTH + 10
    title = PHASE_TITLES[phase]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt" viewBox="0 0 {width} {height:.1f}" '
           f'width="100%" role="img" aria-label="{clean("Gantt chart: " + title)}" '
           f'font-family="{FONT_FAMILY}">',
           f'<text x="0" y="26" font-size="13" font-weight="bold" fill="{TEXT}">{clean(title)}</text>']
    out.extend(_axis(scale, height, width))
    # Stripes, then closed periods over them, then the rows on top.
    out.extend(f'<rect x="0" y="{tops[row]:.1f}" width="{width}" height="{heights[row]:.1f}" fill="#f6f8fa" '
               'opacity="0.7"/>' for row in range(1, len(activities), 2))
    out.extend(_closed(schedule, scale, height))
    for row, a in enumerate(activities):
        y, h = tops[row], heights[row]
        mid = y + h / 2
        colour = CRITICAL if a.critical else NORMAL
        tip = (f"{a.spec.name} ({a.id}): {a.start.isoformat()}"
               + ("" if a.spec.milestone else f" to {a.finish.isoformat()}, {a.spec.days} working days")
               + f"; float {a.total_float} days" + ("; critical" if a.critical else ""))
        out.append(f'<g><title>{clean(tip)}</title>')
        # Critical labels are coloured, not bold, so every label fits the same width.
        first = mid - lines_height(len(labels[row]), LABEL_SIZE) / 2 + LABEL_SIZE * 0.85
        out.append(_label(labels[row], first, CRITICAL if a.critical else TEXT))
        x0 = scale.x(a.start)
        if a.spec.milestone:
            r = 6
            out.append(f'<polygon points="{x0:.1f},{mid - r:.1f} {x0 + r:.1f},{mid:.1f} {x0:.1f},{mid + r:.1f} '
                       f'{x0 - r:.1f},{mid:.1f}" fill="{colour}" stroke="#111" stroke-width="0.6"/>')
            end = x0
        else:
            x1 = scale.x(a.finish + dt.timedelta(days=1))
            out.append(f'<rect x="{x0:.1f}" y="{mid - (ROW - 8) / 2:.1f}" width="{max(x1 - x0, 1.5):.1f}" '
                       f'height="{ROW - 8}" rx="2" fill="{colour}"/>')
            end = x1
        if a.total_float > 0:
            slack_end = scale.x(_late_finish(a, schedule) + dt.timedelta(days=0 if a.spec.milestone else 1))
            out.append(f'<line x1="{end:.1f}" y1="{mid:.1f}" x2="{slack_end:.1f}" y2="{mid:.1f}" '
                       f'stroke="{FLOAT}" stroke-width="1.5" stroke-dasharray="3 2"/>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _label(lines: list[str], baseline: float, fill: str) -> str:
    head = f'<text x="4" y="{baseline:.1f}" font-size="{LABEL_SIZE}" fill="{fill}">'
    if len(lines) == 1:
        return f"{head}{clean(lines[0])}</text>"
    step = LABEL_SIZE * 1.25
    spans = "".join(f'<tspan x="4" dy="{0 if i == 0 else step:.2f}">{clean(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f"{head}{spans}</text>"


def legend(*, closed: bool = False) -> str:
    """A small key to the charts; ``closed`` adds the shading of closed periods."""
    extra = (f'<rect x="440" y="4" width="22" height="14" fill="{CLOSED}" opacity="0.7"/>'
             f'<text x="468" y="15" fill="{TEXT}">closed period</text>') if closed else ""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" class="legend" viewBox="0 0 560 22" width="560" height="22" '
        f'role="img" aria-label="Legend" font-family="{FONT_FAMILY}" font-size="11">'
        f'<rect x="0" y="6" width="22" height="10" rx="2" fill="{CRITICAL}"/>'
        f'<text x="28" y="15" fill="{TEXT}">critical path (no float)</text>'
        f'<rect x="170" y="6" width="22" height="10" rx="2" fill="{NORMAL}"/>'
        f'<text x="198" y="15" fill="{TEXT}">activity</text>'
        f'<line x1="260" y1="11" x2="290" y2="11" stroke="{FLOAT}" stroke-width="1.5" stroke-dasharray="3 2"/>'
        f'<text x="296" y="15" fill="{TEXT}">float</text>'
        f'<polygon points="350,5 356,11 350,17 344,11" fill="{NORMAL}" stroke="#111" stroke-width="0.6"/>'
        f'<text x="362" y="15" fill="{TEXT}">milestone</text>'
        f'{extra}</svg>'
    )
