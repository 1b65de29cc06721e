"""The numbers the assessment judges a plan by, with their defaults.

Each default names where it comes from; every one can be changed in the
configuration (``[tool.socialplan.assess.thresholds]`` in pyproject.toml or
``assess: {thresholds: ...}`` in .socialplan.yaml).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Score = Annotated[float, Field(ge=0, le=100)]


class Thresholds(BaseModel):
    """Verdict thresholds and the limits some rules use."""

    # Finite numbers only: an infinite threshold would reach the JSON output,
    # which cannot carry it.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)

    go_score: Score = Field(
        80, description="Overall score from which a plan with no error can be 'go'."
    )
    go_group_min: Score = Field(
        60, description="Score every group must reach for 'go'."
    )
    not_ready_score: Score = Field(
        60, description="Overall score below which the plan is 'not-ready'."
    )
    group_floor: Score = Field(
        40, description="A group scoring below this makes the plan 'not-ready'."
    )
    max_objectives: Annotated[int, Field(ge=1)] = Field(
        6, description="Most objectives before the plan looks unfocused (Green Book: 5 or 6)."
    )
    high_effort: Annotated[float, Field(gt=0)] = Field(
        3.0, description="Effort, in person-months, from which a use case counts as high effort."
    )
    large_group: Annotated[int, Field(ge=1)] = Field(
        100, description="Headcount from which a workforce group is researched by survey."
    )
    staff_per_champion: Annotated[int, Field(ge=1)] = Field(
        100, description="Most staff per champion (vendor practice: 1 per 100; 1 per 50 to speed adoption)."
    )
    stakeholder_coverage: Annotated[float, Field(ge=0, le=1)] = Field(
        0.8, description="Share of organisation.headcount the stakeholder groups should cover together."
    )
    value_high: Annotated[float, Field(ge=0, le=10)] = Field(
        5.0, description="Value score (0-10) from which a use case counts as high value."
    )
    mendelow_high: Literal["medium", "high"] = Field(
        "high", description="Lowest power or interest level on the high side of the power-interest grid."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Thresholds:
        if self.not_ready_score > self.go_score:
            raise ValueError("not_ready_score cannot be above go_score")
        if self.group_floor > self.go_group_min:
            raise ValueError("group_floor cannot be above go_group_min")
        return self
