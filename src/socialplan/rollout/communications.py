"""The communication plan: for every stakeholder group, the message, the
channel, the timing and the messenger.

The message is the benefit framed against the group's own objectives and
targets (its ``goals`` and ``wiifm``, "what's in it for me"), because people
adopt a network that helps them meet their own targets, not the
programme's. A group whose message cannot be framed that way is reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from socialplan.model import Plan, StakeholderGroup
from socialplan.rollout.problems import Problem
from socialplan.rollout.raci import RoleHolder
from socialplan.rollout.schedule import Schedule

LARGE_GROUP = 1000


@dataclass(frozen=True)
class Moment:
    label: str
    start: dt.date
    finish: dt.date | None = None


@dataclass(frozen=True)
class CommunicationRow:
    group: str
    label: str
    headcount: int
    goals: tuple[str, ...]
    message: str
    use_cases: tuple[str, ...]
    channel: str
    channel_suggested: bool  # not in the plan: a default for the kind of group
    messenger: str
    messenger_suggested: bool
    moments: tuple[Moment, ...]  # when the group hears from the programme
    framed: bool  # the message speaks to the group's own goals

    @property
    def first_date(self) -> dt.date | None:
        return min((m.start for m in self.moments), default=None)

    def timing(self, day: Callable[[dt.date], str] = dt.date.isoformat) -> str:
        """``pre-launch 2027-06-10 to 2027-06-24; go-live 2027-06-25; ...``"""
        parts: list[str] = []
        for m in self.moments:
            if parts and parts[-1].startswith(m.label) and m.finish is None:
                parts[-1] += f", {day(m.start)}"
            else:
                parts.append(f"{m.label} {day(m.start)}" + (f" to {day(m.finish)}" if m.finish else ""))
        return "; ".join(parts) or "not scheduled"


def _message(group: StakeholderGroup, use_cases: list[str]) -> str:
    if group.wiifm:
        return group.wiifm
    uses = " and ".join(use_cases) if use_cases else "the network"
    if group.goals:
        return f"{uses} help you: " + "; ".join(goal.rstrip(".") for goal in group.goals) + "."
    return f"What {uses} change for {group.label}."


def _channel(group: StakeholderGroup) -> tuple[str, bool]:
    if group.channel:
        return group.channel, False
    if group.senior:
        return "Face-to-face briefing", True
    if group.headcount >= LARGE_GROUP:
        return "Manager cascade and an announcement on the network", True
    return "Team meetings", True


def _messenger(group: StakeholderGroup, sponsor: RoleHolder) -> tuple[str, bool]:
    if group.messenger:
        return group.messenger, False
    if group.senior:
        return (sponsor.display if sponsor.holders else "The executive sponsor"), True
    return "Line managers, supported by champions", True


def communication_plan(plan: Plan, schedule: Schedule,
                       roles: list[RoleHolder]) -> tuple[list[CommunicationRow], list[Problem]]:
    activities = schedule.by_id()
    sponsor = next(r for r in roles if r.key == "sponsor")
    launch = activities.get("launch")
    reviews = [activities[r] for r in ("review-30", "review-60", "review-90") if r in activities]
    # Each group's use cases in one pass over the use cases, not a scan of
    # them all per group (a large plan has hundreds of each).
    uses_of: dict[str, list[str]] = {}
    for use_case in plan.use_cases:
        for group_id in dict.fromkeys(use_case.stakeholders):
            uses_of.setdefault(group_id, []).append(use_case.title)
    rows: list[CommunicationRow] = []
    problems: list[Problem] = []
    for index, group in enumerate(plan.stakeholders):
        uses = uses_of.get(group.id, [])
        channel, channel_default = _channel(group)
        messenger, messenger_default = _messenger(group, sponsor)
        moments: list[Moment] = []
        for ident, label in ((f"briefing.{group.id}", "briefing"), (f"comms.{group.id}", "pre-launch")):
            if (activity := activities.get(ident)) is not None:
                moments.append(Moment(label, activity.start, activity.finish))
        if launch is not None:
            moments.append(Moment("go-live", launch.start))
        moments.extend(Moment("results shared after the reviews of", r.start) for r in reviews)
        framed = bool(group.goals) and bool(group.wiifm)
        if not framed:
            missing = " and ".join(f for f, v in (("goals", group.goals), ("wiifm", group.wiifm)) if not v)
            problems.append(Problem(
                "RL021", f"the message to '{group.id}' is not framed against the group's own objectives: "
                f"no {missing}", ("stakeholders", index),
                "add the group's goals (its own targets) and wiifm (the benefit in those terms)",
                severity="warning"))
        rows.append(CommunicationRow(
            group.id, group.label, group.headcount, tuple(group.goals), _message(group, uses), tuple(uses),
            channel, channel_default, messenger, messenger_default, tuple(moments), framed))
    return rows, problems
