"""The scorecard as Markdown, for a pull-request comment or a wiki page.
Every value from the plan is escaped, so plan text cannot break a table or
inject markup."""

from __future__ import annotations

from socialplan.assess.engine import Assessment
from socialplan.assess.findings import Finding
from socialplan.assess.next_steps import SHOWN_STEPS, code_counts
from socialplan.assess.rule import GROUP_TITLES, GROUPS
from socialplan.reporters.machine import visible
from socialplan.stamp import Stamp
from socialplan.templating import markdown_escape


def md(value: object) -> str:
    return markdown_escape(visible(str(value)))


def _number(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def _finding_row(f: Finding) -> str:
    note = f"suppressed: {md(f.suppressed)}" if f.suppressed is not None else md(f.hint or "")
    severity = f"{f.severity}, blocks go" if f.blocks_go and f.suppressed is None else f.severity
    return (f"| {severity} | {f.code} {md(f.name)} | {md(f.location)} | {md(f.message)} | {note} |")


def _next_steps(a: Assessment) -> list[str]:
    """Each finding resolved on its own, best first, and the set that lifts
    the plan a band."""
    if a.verdict == "go":
        return []
    out = ["", "## What would change the verdict", ""]
    band = a.next_band
    if band is not None:
        out += [f"Resolving {len(band.findings)} finding{'' if len(band.findings) == 1 else 's'} together makes "
                f"it **{band.verdict}** (score {band.score:.1f}): {code_counts(band.findings)}.", ""]
    if not a.next_steps:
        return [*out, "No single finding raises the score."]
    out += ["Each finding resolved on its own, best first:", "",
            "| Gain | New score | New verdict | Rule | Where | Finding |",
            "| ---: | ---: | --- | --- | --- | --- |"]
    for step in a.next_steps[:SHOWN_STEPS]:
        f = step.finding
        verdict = f"**{step.verdict}**" if step.lifts_verdict else step.verdict
        out.append(f"| +{step.gain:.1f} | {step.score:.1f} | {verdict} | {f.code} | {md(f.location)} | "
                   f"{md(f.message)} |")
    more = len(a.next_steps) - SHOWN_STEPS
    if more > 0:
        out += ["", f"And {more} more (all of them in `--format json`)."]
    return out


def assessment_markdown(a: Assessment) -> str:
    out = [
        f"# Readiness assessment: {md(a.source)}",
        "",
        f"**Verdict: {a.verdict}**, score **{a.score:.1f}** / 100 (as of {a.as_of.isoformat()})",
        "",
        f"*{Stamp(a.as_of, a.plan_digest).line()}*",
        "",
        *[f"- {md(reason)}" for reason in a.reasons],
        "",
        "| Group | Score | Weight | Errors | Warnings | Info | Suppressed |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for group in GROUPS:
        found = [f for f in a.findings if f.group == group]
        counts = [sum(1 for f in found if f.suppressed is None and f.severity == s)
                  for s in ("error", "warning", "info")]
        out.append(f"| {group} | {a.groups[group]:.1f} | {a.config.group_weights[group]:g} | "
                   f"{counts[0]} | {counts[1]} | {counts[2]} | {sum(f.suppressed is not None for f in found)} |")
    out.append(f"| **overall** | **{a.score:.1f}** | | {a.count('error')} | {a.count('warning')} | "
               f"{a.count('info')} | {len(a.suppressed)} |")
    out += _next_steps(a)
    out += ["", "## Findings", ""]
    if not a.findings:
        out.append("None: every rule passes.")
    for group in GROUPS:
        found = [f for f in a.findings if f.group == group and f.suppressed is None]
        if not found:
            continue
        out += [f"### {group}: {GROUP_TITLES[group]}", "",
                "| Severity | Rule | Where | Finding | Hint |", "| --- | --- | --- | --- | --- |"]
        out += [_finding_row(f) for f in found]
        out.append("")
    if a.suppressed:
        out += ["### Suppressed (listed, not counted)", "",
                "| Severity | Rule | Where | Finding | Reason |", "| --- | --- | --- | --- | --- |"]
        out += [_finding_row(f) for f in a.suppressed]
        out.append("")
    measure = "weighted score" if a.ranking == "weighted" else "RICE"
    out += ["", f"## Use-case priorities (ranked by {measure})", ""]
    if a.priorities:
        out += ["| # | Use case | RICE | Weighted | Value | Effort | Quadrant | Reasons |",
                "| ---: | --- | ---: | ---: | ---: | ---: | --- | --- |"]
        out += [f"| {p.rank} | {md(p.id)} | {_number(p.rice, ',.0f')} | {_number(p.weighted, '.1f')} | "
                f"{_number(p.value, '.1f')} | {_number(p.effort, 'g')} | {p.quadrant or '-'} | "
                f"{md('; '.join(p.reasons))} |" for p in a.priorities]
    else:
        out.append("No use cases.")
    out += ["", "## Stakeholder map", ""]
    if a.stakeholders:
        out += ["| Group | People | Power / interest | Quadrant and strategy | Research | ADKAR barrier | "
                "ADKAR levels from | What to do |",
                "| --- | ---: | --- | --- | --- | --- | --- | --- |"]
        out += [f"| {md(s.id)} | {s.headcount:,} | {s.power} / {s.interest} | {s.quadrant}: {md(s.strategy)} | "
                f"{s.research}{'' if s.research_planned else ' (suggested)'} | {s.barrier or '-'}{s.lowest_note} | "
                f"{md(s.adkar_source or '-')} | {md(s.action)} |" for s in a.stakeholders]
    else:
        out.append("No stakeholder groups.")
    return "\n".join(out).rstrip() + "\n"
