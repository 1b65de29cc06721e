"""The explicit registry of assessment rules, by permanent code.

Codes never change meaning and are never reused: they are part of the
machine formats (JSON, SARIF rule ids) and of every ``ignore`` and
configuration entry. A renamed rule keeps its code; a retired code stays in
:data:`RETIRED`. Names are the readable aliases (``objective-without-kpi``)
accepted wherever a code is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from socialplan.assess.rule import GROUPS, Rule
from socialplan.assess.rules import data, embedding, opportunity, use_cases

RULES: tuple[Rule, ...] = (
    opportunity.no_objectives,
    opportunity.too_many_objectives,
    opportunity.objective_without_kpi,
    opportunity.kpi_incomplete,
    opportunity.target_not_better,
    opportunity.kpi_date_past,
    opportunity.objective_without_sponsor,
    opportunity.objective_unserved,
    opportunity.no_cost_lines,
    opportunity.no_monetised_benefit,
    opportunity.no_do_nothing_option,
    use_cases.no_use_cases,
    use_cases.use_case_without_objective,
    use_cases.no_hypothesis,
    use_cases.hypothesis_not_measurable,
    use_cases.high_effort_without_pilot,
    use_cases.pilot_incomplete,
    use_cases.use_case_without_owner,
    use_cases.no_benefit_estimate,
    use_cases.benefit_estimate_out_of_order,
    use_cases.use_case_without_stakeholders,
    embedding.no_stakeholders,
    embedding.no_senior_sponsor_group,
    embedding.senior_not_interviewed,
    embedding.workforce_not_surveyed,
    embedding.no_wiifm,
    embedding.no_usability_testing,
    embedding.no_launch_education,
    embedding.no_senior_briefing,
    embedding.too_few_champions,
    embedding.adkar_barrier_early,
    embedding.resistant_without_engagement,
    embedding.adkar_missing,
    embedding.senior_group_not_moved,
    embedding.sceptical_senior_without_engagement,
    embedding.stakeholders_cover_too_few,
    embedding.survey_response_too_low,
    embedding.barrier_not_addressed,
    embedding.survey_out_of_date,
    data.cost_estimate_out_of_order,
    data.rice_inputs_missing,
    data.unknown_criterion_score,
    data.criterion_not_scored,
    data.pilot_larger_than_groups,
    data.benefit_kpi_unknown,
    data.unknown_ignore_code,
    data.placeholder_text,
)

REGISTRY: dict[str, Rule] = {r.code: r for r in RULES}
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}
# Codes that once existed and must not be reused: code -> what became of it.
RETIRED: dict[str, str] = {}
GROUP_ORDER = {group: i for i, group in enumerate(GROUPS)}


def lookup(key: str) -> Rule | None:
    """The rule with this code (any case) or name."""
    return REGISTRY.get(key.upper()) or BY_NAME.get(key.lower())


def known_keys() -> frozenset[str]:
    """Every spelling that names a rule: codes and names."""
    return frozenset(REGISTRY) | frozenset(BY_NAME)


def suggest(key: str) -> str:
    """A hint for a key that names no rule."""
    from socialplan.suggest import did_you_mean

    # 'EM4' is EM04 with its zero left out; a string match alone would rank
    # EM14 as close as EM04.
    padded = re.fullmatch(r"([A-Za-z]{2})([0-9])", key)
    if padded and (found := REGISTRY.get(f"{padded[1].upper()}0{padded[2]}")) is not None:
        return f"did you mean {found.code} ({found.name})?"
    near = did_you_mean(key.upper(), REGISTRY) or did_you_mean(key.lower(), BY_NAME)
    if near is not None:
        rule = lookup(near)
        label = f"{rule.code} ({rule.name})" if rule else near
        return f"did you mean {label}?"
    return "list the rules with 'socialplan rules'"


def rules_in(groups: Iterable[str] | None = None) -> list[Rule]:
    """Rules in registry order, optionally only those of some groups."""
    wanted = set(groups) if groups is not None else set(GROUPS)
    return [r for r in RULES if r.group in wanted]
