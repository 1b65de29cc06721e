"""A Mermaid ``gantt`` block for Markdown reports (GitHub renders it).

Every activity gets explicit dates, so the chart shows exactly the schedule
computed here (Mermaid knows nothing of the plan's holidays). Plan text is
made safe for Mermaid's gantt grammar: a task line is ``text : data``, and
the text may not hold ``:``, ``;``, ``#`` or a line break, nor start with one
of the grammar's keywords, and ``<``/``>`` never reach a renderer that draws
HTML labels. Look-alike characters keep the words readable.
"""

from __future__ import annotations

import datetime as dt
import re

from socialplan.rollout.schedule import ScheduledActivity
from socialplan.rollout.spec import PHASE_TITLES, PHASES
from socialplan.textsafe import printable

MAX_LABEL = 70
_REPLACE = str.maketrans({
    ":": "\uA789",  # modifier letter colon
    ";": ",",
    "#": "\uFF03",  # fullwidth number sign
    "%": "\uFF05",  # fullwidth percent: '%%' starts a comment
    "`": "'",
    "\\": "/",
    "{": "(",
    "}": ")",
    # Labels are drawn as text, but a renderer with HTML labels must not see tags.
    "<": "\u2039",
    ">": "\u203A",
})
_TITLE = {key: value for key, value in _REPLACE.items() if key != ord(":")}
_KEYWORD = re.compile(
    r"^(gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|"
    r"weekday|weekend|title|accdescription|acctitle|accdescr|section|click|href|call|vert|\d{4}-\d{2}-\d{2})",
    re.IGNORECASE,
)


def mermaid_text(value: object, limit: int = MAX_LABEL, *, keep_colon: bool = False) -> str:
    """Plan text as a gantt task or section label (or, with ``keep_colon``,
    as the title, where a colon is allowed)."""
    text = " ".join(printable(str(value)).split())  # no controls, line breaks, tabs or runs of spaces
    text = text.translate(_TITLE if keep_colon else _REPLACE).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    if not text:
        return "(untitled)"
    if _KEYWORD.match(text):
        # A zero-width space is not whitespace to the parser, so the keyword
        # rules no longer match and the line stays a task.
        text = "\u200b" + text
    return text


GATE_PREFIX = "Decision gate: "  # as rollout.activities names a pilot's gate
GATE_CHOICES = " (scale / revise / stop)"


def task_label(activity: ScheduledActivity) -> str:
    """The activity's name; a judged decision gate says what it decided
    ("Decision gate (decided scale): Store brief"), before the title so a
    long title's cut keeps it; the full outcome is in the tables below the
    chart. A renamed gate gets the decision after its name when that fits."""
    spec = activity.spec
    outcome = spec.outcome
    if outcome is None or outcome.decision == "pending":
        return spec.name
    decided = f"decided {outcome.decision}"
    base = spec.name.removesuffix(GATE_CHOICES)
    if base.startswith(GATE_PREFIX):
        return f"Decision gate ({decided}): {base.removeprefix(GATE_PREFIX)}"
    labelled = f"{base} ({decided})"
    return labelled if len(labelled) <= MAX_LABEL else spec.name


def gantt_block(title: str, activities: list[ScheduledActivity]) -> str:
    """The body of a ```` ```mermaid ```` block."""
    lines = [
        "gantt",
        f"    title {mermaid_text(title, 120, keep_colon=True)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %d %b %y",
        "    todayMarker off",
    ]
    for phase in PHASES:
        rows = [a for a in activities if a.spec.phase == phase]
        if not rows:
            continue
        lines.append(f"    section {mermaid_text(PHASE_TITLES[phase])}")
        for a in rows:
            tags = (["crit"] if a.critical else []) + (["milestone"] if a.spec.milestone else [])
            if a.spec.milestone:
                timing = f"{a.start.isoformat()}, 0d"
            else:
                # Mermaid's end date is exclusive: the bar ends at the start of that day.
                timing = f"{a.start.isoformat()}, {(a.finish + dt.timedelta(days=1)).isoformat()}"
            data = ", ".join([*tags, timing])
            lines.append(f"    {mermaid_text(task_label(a))} :{data}")
    return "\n".join(lines) + "\n"
