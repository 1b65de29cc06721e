"""A first plan: a folder plan written from a few answers.

``socialplan init`` asks for the organisation, its headcount, the platform,
the stakeholder groups and the objectives in the user's own words, and
writes one file per section, each opening with the schema modeline and a
comment saying what the section is for and which report reads it. The plan
is valid as written, and ``socialplan assess`` runs on it and says what to
fill in next.

Platform presets set the option being appraised, a licence cost line to
replace with a quote, and typical launch education. The migration preset
is for organisations leaving a platform that has closed (Workplace from
Meta went read-only in September 2025 and closed in June 2026): it adds the
objective of moving without losing the communities people rely on, a
use case for moving them, and the cost of the move.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

SCHEMA_URL = "https://raw.githubusercontent.com/socialplan/socialplan/main/schema/plan.schema.json"


@dataclass(frozen=True)
class Preset:
    id: str
    platform: str
    option: str
    licence: str  # the cost line's name
    licence_per_user_month: float  # a placeholder to replace with the quote
    education: tuple[str, ...]


PRESETS: dict[str, Preset] = {
    "viva-engage": Preset("viva-engage", "Viva Engage (Microsoft 365)", "Viva Engage with Microsoft 365",
                          "Viva suite licences (if not in the Microsoft 365 plan)", 4.0, ("webinar", "e-learning")),
    "slack": Preset("slack", "Slack (Enterprise Grid)", "Slack communities", "Slack licences", 12.5,
                    ("webinar", "workshop")),
    "workvivo": Preset("workvivo", "Workvivo by Zoom", "Workvivo employee experience platform", "Workvivo licences",
                       5.0, ("webinar", "drop-in")),
    "jive": Preset("jive", "Jive", "Jive intranet and communities", "Jive licences", 8.0, ("workshop", "webinar")),
    "generic": Preset("generic", "an internal social network", "The internal social network", "Platform licences",
                      6.0, ("webinar", "workshop")),
}
MIGRATIONS = {"workplace": "Workplace from Meta"}


@dataclass(frozen=True)
class Group:
    name: str
    headcount: int


@dataclass(frozen=True)
class Answers:
    organisation: str
    headcount: int
    platform: str = "viva-engage"
    groups: tuple[Group, ...] = ()
    objectives: tuple[str, ...] = ()
    currency: str = "GBP"
    migrating_from: str | None = None
    start: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def slug(text: str, taken: set[str]) -> str:
    """An id from free text, unique among ``taken``.

    >>> slug("Business services (IT, HR)", set())
    'business-services-it-hr'
    >>> slug("Partners", {"partners"})
    'partners-2'
    """
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48] or "item"
    if not base[0].isalnum():
        base = f"x{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _dump(data: dict[str, Any]) -> str:
    # Imported here: the command line reads PRESETS for its choices, and
    # other commands should not pay for loading the YAML writer.
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        # PyYAML writes NEL, LS and PS raw inside a quoted scalar when
        # allow_unicode is on, and a YAML reader folds them as line breaks:
        # a name holding one would come back changed. Double quotes escape them.
        style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def _file(comment: str, data: dict[str, Any]) -> str:
    lines = [f"# yaml-language-server: $schema={SCHEMA_URL}", "#"]
    lines += [f"# {line}".rstrip() for line in comment.strip().splitlines()]
    return "\n".join(lines) + "\n\n" + _dump(data)


def starter_plan(answers: Answers) -> dict[str, str]:
    """The files of a folder plan, by name."""
    preset = PRESETS[answers.platform]
    moving = MIGRATIONS.get(answers.migrating_from or "")
    taken: set[str] = set()
    groups = list(answers.groups) or [Group("Senior managers", max(1, answers.headcount // 50)),
                                      Group("Staff", max(1, answers.headcount - answers.headcount // 50))]
    stakeholders = []
    for index, group in enumerate(groups):
        senior = index == 0 and len(groups) > 1
        stakeholders.append({
            "id": slug(group.name, taken), "name": group.name, "headcount": group.headcount,
            "senior": senior, "power": "high" if senior else "low", "interest": "medium" if senior else "high",
            "research": "interview" if senior else "survey",
            "goals": ["TODO: this group's own objectives, in its words"],
            "wiifm": "TODO: what the network does for them, in terms of those objectives",
            "education": ["briefing"] if senior else list(preset.education),
        })
    sponsor = stakeholders[0]["id"]
    objective_texts = list(answers.objectives) or ["TODO: the business objective the network helps meet"]
    if moving:
        objective_texts.insert(0, f"Move off {moving} without losing the communities people rely on")
    objectives = [{"id": slug(text, taken), "title": text, "sponsor": sponsor, "kpis": [
        {"name": "TODO: how progress is measured", "baseline": 0, "target": 1,
         "by": (answers.start or dt.date.today()).replace(day=1).isoformat()[:4] + "-12-31"}]}
        for text in objective_texts]
    use_case = {
        "id": slug("first use case", taken),
        "title": "TODO: how people will use the network to meet the first objective",
        "objectives": [objectives[0]["id"]],
        "stakeholders": [s["id"] for s in stakeholders[1:]] or [sponsor],
        "hypothesis": "TODO: what a pilot must show, in measurable terms",
        "benefits": [{"name": "TODO: the time it saves", "hours_per_user_week": {"low": 0.1, "likely": 0.25,
                                                                                 "high": 0.5}}],
        "pilot": {"participants": 50, "weeks": 8, "groups": [s["id"] for s in stakeholders[1:2]] or [sponsor],
                  "metrics": [{"name": "TODO: the measure", "baseline": 0, "threshold": 1}]},
    }
    use_cases = [use_case]
    if moving:
        use_cases.append({
            "id": slug(f"move communities from {moving}", taken),
            "title": f"Recreate the busiest {moving} groups as communities before the content is gone",
            "objectives": [objectives[0]["id"]], "stakeholders": [s["id"] for s in stakeholders],
            "hypothesis": "The 20 most active groups keep at least 70% of their active members after the move",
        })
    baseline_id = slug("business as usual", taken)
    option_id = slug(preset.id, taken)
    options = [
        {"id": baseline_id, "title": "Carry on with email and the intranet" if not moving
            else f"No network after {moving} (email and the intranet)", "baseline": True, "benefit_share": 0},
        {"id": option_id, "title": preset.option, "platform": preset.platform},
    ]
    costs = [
        {"name": f"{preset.licence} (TODO: replace with the quote)", "category": "licence", "kind": "per-user",
         "amount": preset.licence_per_user_month, "per": "month", "options": [option_id]},
        {"name": "Set-up, governance and community design", "category": "implementation", "amount": 20000,
         "options": [option_id]},
        {"name": "Champions network and launch communications", "category": "change", "amount": 15000,
         "options": [option_id]},
    ]
    if moving:
        costs.append({"name": f"Moving content and communities from {moving}", "category": "implementation",
                      "amount": {"low": 10000, "likely": 25000, "high": 60000}, "options": [option_id]})
    start = answers.start or dt.date.today()
    while start.weekday() >= 5:
        start += dt.timedelta(days=1)
    return {
        "organisation.yaml": _file(
            "The organisation adopting the network. `socialplan validate` checks every file of this folder as\n"
            "one plan; `socialplan assess` scores its readiness; `business-case` and `rollout` write the reports.",
            {"version": 1, "organisation": {"name": answers.organisation, "headcount": answers.headcount,
                                            "currency": answers.currency, "platform": preset.platform,
                                            "context": "TODO: the situation today and why it must change"}}),
        "objectives.yaml": _file(
            "The opportunity: the business objectives the network helps meet (at most 5 or 6), each with a\n"
            "sponsor and SMART KPIs (baseline, target, date). Read by the opportunity rules (OP*) and the\n"
            "strategic case of the business case.", {"objectives": objectives}),
        "use_cases.yaml": _file(
            "The use cases: how people will use the network, as hypotheses that pilots test. Benefits\n"
            "(hours saved per user per week, money per year) feed the business case; pilots and their\n"
            "metrics feed the rollout's decision gates. Read by the use-case rules (UC*).", {"use_cases": use_cases}),
        "stakeholders.yaml": _file(
            "The people who must be researched, convinced and trained: power and interest (Mendelow),\n"
            "ADKAR levels when known, research method, launch education. Read by the embedding rules (EM*),\n"
            "the stakeholder map, the adoption curves and the communication plan.", {"stakeholders": stakeholders}),
        "options.yaml": _file(
            "The options appraised in the economic case, against doing nothing (the baseline).",
            {"options": options}),
        "finance.yaml": _file(
            "Business-case assumptions and costs. Amounts are placeholders: replace them with quotes.\n"
            "Three-point estimates are written {low: .., likely: .., high: ..}.",
            {"finance": {"preset": "tei", "loaded_hourly_cost": 50, "costs": costs}}),
        "rollout.yaml": _file(
            "Rollout scheduling: the first working day, holidays and closed periods. Activities are\n"
            "generated from the plan; rollout.activities adds or changes them.",
            {"rollout": {"start": start.isoformat(), "holidays": [], "roles": {
                "sponsor": "TODO: the executive sponsor", "project_owner": "TODO: the success owner",
                "it": "TODO: the IT lead", "hr": "TODO: the HR lead",
                "communications": "TODO: the internal communications lead"}}}),
    }
