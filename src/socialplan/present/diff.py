"""The formats of ``socialplan diff``: text for a terminal, Markdown for a
pull-request comment, JSON for tools. Both texts are built from the same
ready-made lines; long lists are cut (with a count of the rest) so a
comment stays readable and well under GitHub's size limit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from socialplan.results import PlanDiff

if TYPE_CHECKING:
    from socialplan.present import RenderOptions
    from socialplan.reports.diff import Business, DiffReport, FindingRef, MoneyLine, NumberChange, Schedule

MAX_ITEMS = 25  # per list in the Markdown comment and the text


def _money(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _signed(value: float | None, digits: int = 0) -> str:
    if value is None:
        return ""
    return f"{value:+,.{digits}f}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _money_change(c: NumberChange) -> str:
    text = f"{_money(c.old)} -> {_money(c.new)}"
    return f"{text} ({_signed(c.change)})" if c.change is not None else text


def _share_change(c: NumberChange) -> str:
    text = f"{_share(c.old)} -> {_share(c.new)}"
    if c.change is not None:
        text += f" ({c.change * 100:+.1f} pts)"
    return text


def _cut(items: list[str]) -> list[str]:
    if len(items) <= MAX_ITEMS:
        return items
    return [*items[:MAX_ITEMS], f"... and {len(items) - MAX_ITEMS} more (see --format json)"]


def _finding(f: FindingRef) -> str:
    return f"{f.code} {f.severity} at {f.path or '(the plan)'}: {f.message} ({f.location})"


def _line(line: MoneyLine) -> str:
    pv = line.present_value
    if line.change == "changed":
        likely = line.estimate.likely
        parts = []
        if likely.change:
            parts.append(f"likely {_money(likely.old)} -> {_money(likely.new)}")
        parts.append(f"present value {_money_change(pv.unadjusted)}, risk-adjusted {_money_change(pv.risk_adjusted)}")
        return f"changed: {line.name}: " + "; ".join(parts)
    value = pv.unadjusted.new if line.change == "added" else pv.unadjusted.old
    return f"{line.change}: {line.name} (present value {_money(value)})"


def _verdict(d: DiffReport) -> str:
    v = d.verdict
    if v.old == v.new:
        return f"{v.old or 'not assessed'} (unchanged)"
    return f"{v.old or 'not assessed'} -> {v.new or 'not assessed'} ({v.direction})"


def _score(d: DiffReport) -> str:
    s = d.score
    if s.old is None or s.new is None:
        return "-"
    return f"{s.old:.1f} -> {s.new:.1f} ({_signed(s.change, 1)})" if s.change else f"{s.old:.1f} (unchanged)"


def _business_rows(b: Business) -> list[tuple[str, str]]:
    rows = [("NPV as estimated", _money_change(b.npv.unadjusted)),
            ("NPV risk-adjusted", _money_change(b.npv.risk_adjusted)),
            ("Chance NPV > 0, as estimated", _share_change(b.prob_positive.unadjusted)),
            ("Chance NPV > 0, risk-adjusted", _share_change(b.prob_positive.risk_adjusted))]
    if b.preferred_option.old != b.preferred_option.new:
        rows.insert(0, ("Option appraised", f"{b.preferred_option.old} -> {b.preferred_option.new}"))
    return rows


def _schedule_lines(s: Schedule) -> list[str]:
    lines = []
    if s.finish_days:
        lines.append(f"Finish: {s.finish.old} -> {s.finish.new} ({s.finish_days:+d} days)")
    else:
        lines.append(f"Finish: {s.finish.new} (unchanged)")
    if s.start.old != s.start.new:
        lines.append(f"Start: {s.start.old} -> {s.start.new}")
    path = s.critical_path
    if path.added or path.removed:
        lines.append("Critical path: " + ", ".join([*(f"+{i}" for i in path.added),
                                                    *(f"-{i}" for i in path.removed)]))
    else:
        lines.append("Critical path: unchanged")
    lines += _cut([f"+ activity {a.id}: {a.name}" for a in s.activities_added])
    lines += _cut([f"- activity {a.id}: {a.name}" for a in s.activities_removed])
    return lines


def _why_missing(d: DiffReport, part: str) -> str:
    reasons = [f"{side.source}: {m.partition(': ')[2] or m}" for side in (d.old, d.new) for m in side.missing
               if m.startswith(part + ":")]
    return "; ".join(reasons) or "not made"


def _outcome(d: DiffReport) -> str:
    if d.worse:
        return "Worse: " + "; ".join(d.worse) + "."
    return f"Not worse (verdict kept or better; risk-adjusted NPV within {d.npv_threshold})."


def text(report: PlanDiff, options: RenderOptions) -> str:
    d = report.document
    out = [f"socialplan diff  {d.old.source} -> {d.new.source}  (as of {d.as_of})", "",
           f"Verdict: {_verdict(d)}   score {_score(d)}"]
    f = d.findings
    out.append(f"Findings: {len(f.added)} added, {len(f.resolved)} resolved")
    out += [f"  {x}" for x in _cut([f"+ {_finding(x)}" for x in f.added])]
    out += [f"  {x}" for x in _cut([f"- {_finding(x)}" for x in f.resolved])]
    out.append("")
    if d.business_case is not None:
        b = d.business_case
        out.append(f"Business case ({d.new.currency}, {d.simulations:,} simulations, seed {d.seed}):")
        out += [f"  {label + ':':31} {value}" for label, value in _business_rows(b)]
        out += [f"  cost {x}" for x in _cut([_line(c) for c in b.costs])] or ["  costs: unchanged"]
        out += [f"  benefit {x}" for x in _cut([_line(c) for c in b.benefits])] or ["  benefits: unchanged"]
    else:
        out.append("Business case: not compared (" + _why_missing(d, "business case") + ")")
    out.append("")
    if d.schedule is not None:
        out.append("Schedule:")
        out += [f"  {x}" for x in _schedule_lines(d.schedule)]
    else:
        out.append("Schedule: not compared (" + _why_missing(d, "rollout") + ")")
    out += ["", _outcome(d)]
    from socialplan.reporters.machine import visible

    # Names come from the plan: control characters are shown, never obeyed.
    return "\n".join(visible(line) for line in out) + "\n"


def _escape(text: str) -> str:
    """Plan text inside a Markdown table cell or list item: no table breaks,
    no raw HTML, no mentions or references that would notify people."""
    for char, escaped in (("\\", "\\\\"), ("|", "\\|"), ("<", "&lt;"), (">", "&gt;"), ("@", "@\u200b"),
                          ("#", "#\u200b"), ("`", "\\`"), ("*", "\\*"), ("_", "\\_"), ("[", "\\[")):
        text = text.replace(char, escaped)
    return " ".join(text.split())


def markdown(report: PlanDiff, options: RenderOptions) -> str:
    d = report.document
    marker = "⚠️ " if d.worse else ""
    out = [f"### {marker}socialplan diff: {_escape(d.new.organisation)}", "",
           f"`{_escape(d.old.source)}` → `{_escape(d.new.source)}`, assessed as of {d.as_of}", "",
           "| | Change |", "| --- | --- |",
           f"| Verdict | {_verdict(d)} |", f"| Score | {_score(d)} |",
           f"| Findings | {len(d.findings.added)} added, {len(d.findings.resolved)} resolved |"]
    if d.business_case is not None:
        out += [f"| {label} ({d.new.currency}) | {value} |" if label.startswith("NPV") else f"| {label} | {value} |"
                for label, value in _business_rows(d.business_case)]
    if d.schedule is not None:
        s = d.schedule
        out.append(f"| Finish | {s.finish.old} → {s.finish.new} ({s.finish_days:+d} days) |"
                   if s.finish_days else f"| Finish | {s.finish.new} (unchanged) |")
    out += ["", f"**{_escape(_outcome(d))}**", ""]

    def section(title: str, items: list[str]) -> None:
        if items:
            out.extend([f"<details><summary>{title} ({len(items)})</summary>", ""])
            out.extend(f"- {item}" for item in _cut(items))
            out.extend(["", "</details>", ""])

    section("Findings added", [_escape(_finding(f)) for f in d.findings.added])
    section("Findings resolved", [_escape(_finding(f)) for f in d.findings.resolved])
    if d.business_case is not None:
        section("Costs changed", [_escape(_line(c)) for c in d.business_case.costs])
        section("Benefits changed", [_escape(_line(b)) for b in d.business_case.benefits])
    else:
        out += [f"Business case not compared: {_escape(_why_missing(d, 'business case'))}.", ""]
    if d.schedule is not None:
        section("Schedule", [_escape(x) for x in _schedule_lines(d.schedule)])
    else:
        out += [f"Schedule not compared: {_escape(_why_missing(d, 'rollout'))}.", ""]
    out.append(f"<sub>socialplan {d.tool.version}; business cases with {d.simulations:,} simulations, "
               f"seed {d.seed}.</sub>")
    return "\n".join(out) + "\n"


def json(report: PlanDiff, options: RenderOptions) -> str:
    from socialplan.reporters.machine import dumps
    from socialplan.reports.base import document

    return dumps(document(report.document))
