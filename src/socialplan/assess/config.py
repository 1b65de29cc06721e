"""Assessment settings: which rules run, at what severity and weight, the
thresholds, the group weights and when a run fails.

The same settings are read from ``[tool.socialplan.assess]`` in a
pyproject.toml or from ``assess:`` in a .socialplan.yaml (see
:mod:`config_files`). Rule keys may be codes (``OP03``) or names
(``objective-without-kpi``); they are normalised to codes, and an unknown one
is an error with a suggestion.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from socialplan.assess.registry import lookup, suggest
from socialplan.assess.rule import GROUPS, Group
from socialplan.assess.thresholds import Thresholds
from socialplan.diagnostics import Severity

# Share of the overall score each group carries. The three things the article
# says decide success weigh the same; the data checks count for less because
# they find slips, not gaps in the plan.
DEFAULT_GROUP_WEIGHTS: dict[Group, float] = {
    "opportunity": 0.3,
    "use-cases": 0.3,
    "embedding": 0.3,
    "data": 0.1,
}
SEVERITY_RANK: dict[Severity, int] = {"info": 0, "warning": 1, "error": 2}
Ranking = Literal["auto", "rice", "weighted"]
# Weights are finite and bounded, so that sums of weights stay finite and a
# score is never NaN (which JSON cannot carry).
MAX_WEIGHT = 1000.0
Weight = Annotated[float, Field(ge=0, le=MAX_WEIGHT)]


def _rule_code(key: str) -> str:
    found = lookup(key)
    if found is None:
        raise ValueError(f"'{key}' is not an assessment rule; {suggest(key)}")
    return found.code


# A rule code or name, normalised to the code; checked one by one so that an
# error points at the entry that is wrong.
RuleKey = Annotated[str, AfterValidator(_rule_code)]


class AssessConfig(BaseModel):
    """Settings of ``socialplan assess``."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)

    disable: list[RuleKey] = Field(default_factory=list, description="Rules that do not run (codes or names).")
    severity: dict[RuleKey, Severity] = Field(
        default_factory=dict, description="Severity per rule, replacing its default (error, warning, info)."
    )
    weights: dict[RuleKey, Weight] = Field(
        default_factory=dict, description="Weight per rule in its group's score (0-1000), replacing its default."
    )
    blocks_go: dict[RuleKey, bool] = Field(
        default_factory=dict,
        description="Per rule, whether its unsuppressed findings keep the plan from 'go', replacing its default.",
    )
    thresholds: Thresholds = Field(default_factory=Thresholds, description="Verdict thresholds and rule limits.")
    group_weights: dict[Group, Weight] = Field(
        default_factory=lambda: dict(DEFAULT_GROUP_WEIGHTS),
        description="Share of the overall score per group (0-1000, normalised to sum to 1).",
    )
    ranking: Ranking = Field(
        "auto", description="How use cases are ranked: weighted (if the plan has criteria, else RICE), or one of them."
    )
    fail_under: Annotated[float, Field(ge=0, le=100)] | None = Field(
        None, description="Exit 1 when the overall score is below this (as --fail-under)."
    )
    fail_on: Severity | None = Field(
        None, description="Exit 1 when a finding has this severity or worse (as --fail-on)."
    )

    @field_validator("disable", mode="after")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return sorted(set(value))

    @field_validator("group_weights", mode="after")
    @classmethod
    def _all_groups(cls, value: dict[Group, float]) -> dict[Group, float]:
        merged = {**DEFAULT_GROUP_WEIGHTS, **value}
        if sum(merged.values()) <= 0:
            raise ValueError("at least one group needs a weight above 0")
        return {group: merged[group] for group in GROUPS}

    @model_validator(mode="before")
    @classmethod
    def _no_none_tables(cls, data: Any) -> Any:
        # An empty 'thresholds:' in YAML is null; read it as "no change".
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (v is None and k in ("thresholds", "severity",
                                                                             "weights", "group_weights",
                                                                             "disable", "blocks_go"))}
        return data

    def severity_of(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)

    def weight_of(self, code: str, default: float) -> float:
        return self.weights.get(code, default)

    def blocks_go_of(self, code: str, default: bool) -> bool:
        return self.blocks_go.get(code, default)


def fails(score: float, severities: list[Severity], *, fail_under: float | None,
          fail_on: Severity | None) -> list[str]:
    """Why a run fails (exit 1), or an empty list. ``severities`` are those
    of the unsuppressed findings."""
    reasons = []
    if fail_under is not None and score < fail_under:
        reasons.append(f"score {score:.1f} is below --fail-under {fail_under:g}")
    if fail_on is not None:
        worst = [s for s in severities if SEVERITY_RANK[s] >= SEVERITY_RANK[fail_on]]
        if worst:
            reasons.append(f"{len(worst)} finding{'s' if len(worst) != 1 else ''} at or above "
                           f"--fail-on {fail_on}")
    return reasons
