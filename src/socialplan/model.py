"""The plan format: pydantic models for every section of a plan file.

The models are strict on purpose. A plan is written by hand in YAML, and lax
coercion would hide mistakes: ``"12"`` is not a headcount, ``no`` is not a
boolean, ``0755`` is not a number. Dates are the one conversion allowed
(``2027-02-01`` quoted or not). Unknown keys are rejected everywhere.

Every field has a description: they become the JSON Schema that editors use
and the reference in the documentation. Cross-references between sections
(ids) are checked in :mod:`socialplan.references`, not here, so that all
problems of a file are reported together.

The sections of a plan and the references between ids are declared here
once, as markers on the fields (:class:`PlanSection` on the fields of
:class:`Plan`, :class:`RefersTo` on a field that names ids). The loader's
section files, the reference checks and the places where ``ignore:`` may
appear are all derived from them (see the end of this module).
"""

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from socialplan.textsafe import shorten

FORMAT_VERSION = 1


@dataclass(frozen=True)
class PlanSection:
    """Marks a field of :class:`Plan` as a section: a top-level key and, in a
    folder plan, a file of its own (``objectives.yaml``).

    A section of items with ids names its items (``item``, ``items``): their
    ids are unique within it, other sections refer to them, and each item
    may carry its own ``ignore:``."""

    item: str | None = None
    items: str | None = None


@dataclass(frozen=True)
class RefersTo:
    """Marks a field whose values are ids of the items of ``section``."""

    section: str


Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64),
    Field(description="An id: lower-case letters, digits, '-' and '_', starting with a letter or digit."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Level = Literal["low", "medium", "high"]
# Sensible ranges, far beyond any real plan, keep every figure finite
# however the business case multiplies them (amount x users x months) and
# every date within the calendar's years.
MAX_AMOUNT = 1e15  # money, hours, and any measure: a thousand trillion
MAX_PEOPLE = 10_000_000  # people in one group or organisation
FIRST_YEAR, LAST_YEAR = 1900, 2999
# How many items a list may hold: well above any real organisation, low
# enough that every command finishes a plan at these limits in seconds
# (benchmarks/bench_limits.py). docs/limits.md lists them.
MAX_GROUPS = 200
MAX_USE_CASES = 50
MAX_OBJECTIVES = 200
MAX_OPTIONS = 10
MAX_COSTS = 500
MAX_ACTIVITIES = 1000
MAX_DAYS_OFF = 3000  # holidays, and separately closed periods
MAX_BENEFITS = 20  # of one use case: the business case models each for every option
MAX_ITEMS = 50  # KPIs, metrics, goals, criteria... of one item
Share = Annotated[float, Field(ge=0, le=1)]
NonNegative = Annotated[float, Field(ge=0, le=MAX_AMOUNT)]
Measure = Annotated[float, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
People = Annotated[int, Field(ge=0, le=MAX_PEOPLE)]
Ignore = Annotated[
    dict[str, Text],
    Field(
        max_length=MAX_ITEMS,
        description=(
            "Assessment rules to suppress for this item, as CODE: reason. "
            "Suppressed findings are still listed, marked as suppressed."
        ),
    ),
]


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _parse_date(value: Any) -> Any:
    """Accept ISO dates written quoted ('2027-02-01') as well as plain."""
    if isinstance(value, str):
        # The shape first: from Python 3.11 fromisoformat also takes
        # '20270201' and '2027-W05-1', which 3.10 and the schema refuse.
        if not _ISO_DATE.match(value):
            raise ValueError(f"'{shorten(value)}' is not a date in the form YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"'{shorten(value)}' is not a real date: {exc}") from None
    return value


def _date_in_range(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"{value.isoformat()} is outside the years {FIRST_YEAR} to {LAST_YEAR} that plans cover")
    return value


PlanDate = Annotated[dt.date, BeforeValidator(_parse_date, json_schema_input_type=dt.date),
                     AfterValidator(_date_in_range)]


class Model(BaseModel):
    """Shared settings: strict types, unknown keys rejected."""

    # allow_inf_nan=False: YAML spells infinity and NaN (.inf, .nan), and
    # neither is a cost, a share or a baseline that any report can use.
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True, allow_inf_nan=False)


# --- estimates ------------------------------------------------------------


class Estimate(Model):
    """A three-point estimate (low, most likely, high), as TEI studies use."""

    low: NonNegative = Field(description="Pessimistic value.")
    likely: NonNegative = Field(description="Most likely value.")
    high: NonNegative = Field(description="Optimistic value.")

    @property
    def in_order(self) -> bool:
        return self.low <= self.likely <= self.high


def _number_to_estimate(value: Any) -> Any:
    """A single number means low = likely = high."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"low": value, "likely": value, "high": value}
    return value


EstimateInput = Annotated[
    Estimate,
    # NonNegative, not float: the published schema must refuse a negative
    # shorthand number just as the Estimate it becomes does.
    BeforeValidator(_number_to_estimate, json_schema_input_type=NonNegative | Estimate),
]


# --- organisation -----------------------------------------------------------


class Branding(Model):
    """How reports look: the client's or the consultancy's identity."""

    name: Text | None = Field(None, description="Name shown on report covers (defaults to the organisation).")
    prepared_by: Text | None = Field(None, description="The consultancy or team that prepared the report.")
    logo: Text | None = Field(None, description="Path or https URL of a logo image for HTML reports.")
    primary_colour: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = Field(
        None, description="Main colour as #rrggbb."
    )
    accent_colour: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = Field(
        None, description="Accent colour as #rrggbb."
    )


class Organisation(Model):
    """The organisation adopting the network."""

    name: Text = Field(description="The organisation's name.")
    headcount: Annotated[int, Field(gt=0, le=MAX_PEOPLE)] | None = Field(
        None, description="Total staff (defaults to the sum of the stakeholder groups)."
    )
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        "GBP", description="ISO 4217 currency code for every amount in the plan."
    )
    sector: Text | None = Field(None, description="Industry or sector.")
    countries: Annotated[int, Field(gt=0, le=1000)] | None = Field(None,
        description="Countries the organisation works in.")
    platform: Text | None = Field(
        None, description="The network being adopted (Viva Engage, Slack communities, Workvivo, Jive...)."
    )
    context: Text | None = Field(None, description="The case for change: the situation today and why it must change.")
    branding: Branding | None = Field(None, description="Report branding.")


# --- objectives -------------------------------------------------------------


class KPI(Model):
    """A measure of an objective: SMART needs a baseline, a target and a date."""

    name: Text = Field(description="What is measured.")
    unit: Text | None = Field(None, description="Unit of the measure (hours, %, ideas per quarter...).")
    direction: Literal["increase", "decrease"] = Field(
        "increase", description="Whether success means the measure goes up or down."
    )
    baseline: Measure | None = Field(None, description="The value today.")
    target: Measure | None = Field(None, description="The value to reach.")
    by: PlanDate | None = Field(None, description="The date by which the target is reached (YYYY-MM-DD).")
    owner: Text | None = Field(None, description="Who reports the measure.")
    review: Literal["weekly", "monthly", "quarterly"] = Field(
        "monthly", description="How often the measure is reviewed."
    )


class Objective(Model):
    """A business objective or challenge the network helps meet."""

    id: Slug
    title: Text = Field(description="The objective in one line.")
    description: Text | None = Field(None, description="Why it matters.")
    sponsor: Annotated[Slug | None, RefersTo("stakeholders")] = Field(
        None, description="Id of the stakeholder group that sponsors it (senior)."
    )
    kpis: list[KPI] = Field(default_factory=list, max_length=MAX_ITEMS, description="How progress is measured.")
    ignore: Ignore = Field(default_factory=dict)


# --- use cases --------------------------------------------------------------


BenefitKind = Literal["cash-releasing", "non-cash-releasing", "wider"]


class Benefit(Model):
    """A benefit of a use case, from explicit drivers."""

    name: Text = Field(description="What improves.")
    category: Literal["time-saved", "cost-avoided", "revenue", "other"] = Field(
        "time-saved", description="The kind of benefit."
    )
    hours_per_user_week: EstimateInput | None = Field(
        None, description="Hours each adopter saves per week (times loaded hourly cost and adopters)."
    )
    annual_value: EstimateInput | None = Field(
        None,
        description="Money per year at full adoption (travel or licences avoided, other values), in the plan currency.",
    )
    cash_releasing: bool | None = Field(
        None, description="Shorthand: true is kind cash-releasing, false is kind non-cash-releasing."
    )
    kind: BenefitKind | None = Field(
        None,
        description=(
            "Green Book category: cash-releasing (money leaves a budget), non-cash-releasing (time or quality "
            "that stays in the organisation) or wider (benefits to others). Default: non-cash-releasing, for "
            "hours saved and annual values alike, unless cash_releasing is true."
        ),
    )
    risk: Share | None = Field(
        None, description="Risk adjustment that reduces the benefit (0.1 = 10%); defaults to finance.benefit_risk."
    )
    owner: Text | None = Field(None, description="Who is responsible for realising the benefit.")
    kpi: Text | None = Field(None, description="The objective KPI the benefit moves.")
    users: Annotated[list[Slug] | None, RefersTo("stakeholders"), Field(max_length=MAX_GROUPS)] = Field(
        None, description="Stakeholder groups whose adopters realise it (defaults to the use case's groups)."
    )

    @property
    def monetised(self) -> bool:
        return self.hours_per_user_week is not None or self.annual_value is not None


class SuccessMetric(Model):
    """A measurable test of a hypothesis."""

    name: Text = Field(description="What is measured during the pilot.")
    unit: Text | None = Field(None, description="Unit of the measure.")
    direction: Literal["increase", "decrease"] = Field("increase", description="Which way is success.")
    baseline: Measure | None = Field(None, description="The value before the pilot.")
    threshold: Measure | None = Field(None, description="The value the pilot must reach to pass.")


class Pilot(Model):
    """The pilot that tests a use case's hypothesis before wider rollout."""

    participants: Annotated[int, Field(gt=0, le=MAX_PEOPLE)] | None = Field(None,
        description="How many people take part.")
    weeks: Annotated[int, Field(gt=0, le=104)] | None = Field(None, description="How long the pilot runs, in weeks.")
    groups: Annotated[list[Slug], RefersTo("stakeholders")] = Field(
        default_factory=list, max_length=MAX_GROUPS, description="Stakeholder groups the participants come from."
    )
    metrics: list[SuccessMetric] = Field(default_factory=list, max_length=MAX_ITEMS,
                                         description="Success metrics with thresholds.")
    decision_rule: Text | None = Field(
        None, description="How the result decides: scale, revise or stop (e.g. 'scale if 2 of 3 metrics pass')."
    )


RICE_IMPACTS = (0.25, 0.5, 1.0, 2.0, 3.0)


def _rice_impact(value: float) -> float:
    if value not in RICE_IMPACTS:
        raise ValueError("RICE impact is one of 3, 2, 1, 0.5 or 0.25")
    return value


RiceImpact = Annotated[float, AfterValidator(_rice_impact), Field(json_schema_extra={"enum": list(RICE_IMPACTS)})]


class UseCase(Model):
    """A way the workforce will use the network: a hypothesis to pilot."""

    id: Slug
    title: Text = Field(description="The use case in one line.")
    description: Text | None = Field(None, description="How it works in practice.")
    owner: Text | None = Field(None, description="Who owns the use case.")
    objectives: Annotated[list[Slug], RefersTo("objectives")] = Field(
        default_factory=list, max_length=MAX_OBJECTIVES, description="Ids of the objectives it serves."
    )
    stakeholders: Annotated[list[Slug], RefersTo("stakeholders")] = Field(
        default_factory=list, max_length=MAX_GROUPS, description="Ids of the stakeholder groups who use it."
    )
    hypothesis: Text | None = Field(None, description="What the pilot must show, in measurable terms.")
    benefits: list[Benefit] = Field(default_factory=list, max_length=MAX_BENEFITS,
        description="Benefits, monetised where possible.")
    effort: Annotated[float, Field(gt=0, le=MAX_AMOUNT)] | None = Field(None,
        description="Effort to deliver, in person-months.")
    reach: People | None = Field(
        None, description="People reached per quarter (defaults to the groups' headcount)."
    )
    impact: RiceImpact | None = Field(
        None, description="RICE impact: 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal."
    )
    confidence: Share | None = Field(None, description="RICE confidence, 0-1 (1.0 high, 0.8 medium, 0.5 low).")
    scores: dict[str, Annotated[float, Field(ge=0, le=10)]] = Field(
        default_factory=dict, max_length=MAX_ITEMS, description="Scores 0-10 against the prioritisation criteria."
    )
    pilot: Pilot | None = Field(None, description="The pilot that tests the hypothesis.")
    ignore: Ignore = Field(default_factory=dict)


# --- stakeholders -------------------------------------------------------------


class Adkar(Model):
    """Prosci ADKAR readiness, each element scored 1-5."""

    awareness: Annotated[int, Field(ge=1, le=5)] = Field(description="Awareness of the need to change.")
    desire: Annotated[int, Field(ge=1, le=5)] = Field(description="Desire to take part.")
    knowledge: Annotated[int, Field(ge=1, le=5)] = Field(description="Knowledge of how to change.")
    ability: Annotated[int, Field(ge=1, le=5)] = Field(description="Ability to work the new way.")
    reinforcement: Annotated[int, Field(ge=1, le=5)] = Field(description="Reinforcement that makes it stick.")


class AdoptionSettings(Model):
    """Bass diffusion settings for an adoption curve."""

    p: Annotated[float, Field(ge=0, le=1)] | None = Field(
        None, description="Coefficient of innovation (external influence)."
    )
    q: Annotated[float, Field(ge=0, le=5)] | None = Field(
        None, description="Coefficient of imitation (word of mouth)."
    )
    ceiling: Share | None = Field(None, description="Share of the group that eventually adopts.")


Role = Literal["sponsor", "project-owner", "champions", "it", "hr", "communications", "legal", "group-lead"]
Education = Literal["workshop", "seminar", "webinar", "briefing", "e-learning", "drop-in"]


class StakeholderGroup(Model):
    """A group of people who must be researched, convinced and trained."""

    id: Slug
    name: Text | None = Field(None, description="Display name (defaults to the id).")
    headcount: People = Field(description="People in the group.")
    senior: bool = Field(False, description="Whether the group is senior management.")
    power: Level = Field("medium", description="Power over the project (Mendelow).")
    interest: Level = Field("medium", description="Interest in the project (Mendelow).")
    attitude: Literal["champion", "supportive", "neutral", "sceptical", "resistant"] = Field(
        "neutral", description="Current attitude to the network."
    )
    roles: list[Role] = Field(default_factory=list, description="Project roles the group holds (for the RACI).")
    must_adopt: bool = Field(True, description="Whether the group is expected to use the network.")
    adkar: Adkar | None = Field(None, description="ADKAR readiness scores.")
    research: Literal["interview", "survey", "focus-group", "workshop", "none"] | None = Field(
        None, description="How the group is researched during planning."
    )
    goals: list[Text] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="The group's own objectives and targets, in its words."
    )
    wiifm: Text | None = Field(None, description="What's in it for them: the benefit framed against their goals.")
    channel: Text | None = Field(None, description="Best channel to reach them (town hall, email, manager cascade...).")
    messenger: Text | None = Field(None, description="Who they listen to.")
    education: list[Education] = Field(
        default_factory=list, description="Launch education planned for the group."
    )
    usability_testing: bool = Field(False, description="Whether members take part in usability tests.")
    champions: People | None = Field(None, description="Champions recruited in the group.")
    engagement: list[Text] = Field(
        default_factory=list, max_length=MAX_ITEMS,
            description="Engagement activities planned for the group (for resistant groups)."
    )
    adoption: AdoptionSettings | None = Field(None, description="Adoption curve settings for this group.")
    ignore: Ignore = Field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.name or self.id


# --- options ------------------------------------------------------------------


class Option(Model):
    """A platform option appraised in the business case."""

    id: Slug
    title: Text = Field(description="The option in one line.")
    description: Text | None = Field(None, description="What the option involves.")
    baseline: bool = Field(False, description="Whether this is the do-nothing / business-as-usual option.")
    platform: Text | None = Field(None, description="Product and edition.")
    benefit_share: Share = Field(1.0, description="Share of the use cases' benefits this option realises.")
    use_cases: Annotated[list[Slug] | None, RefersTo("use_cases"), Field(max_length=MAX_USE_CASES)] = Field(
        None, description="Use cases the option supports (defaults to all)."
    )
    considerations: list[Text] = Field(
        default_factory=list, max_length=MAX_ITEMS,
            description="Non-monetised considerations (strategic fit, supplier, risk...)."
    )
    procurement: Text | None = Field(None, description="Licensing and procurement notes (the commercial case).")
    ignore: Ignore = Field(default_factory=dict)


# --- finance --------------------------------------------------------------------


class CostLine(Model):
    """A cost of the programme."""

    name: Text = Field(description="What the money is for.")
    category: Literal[
        "licence", "implementation", "integration", "training", "change", "communications",
        "community", "pilot", "other",
    ] = Field("other", description="Kind of cost.")
    kind: Literal["one-off", "recurring", "per-user"] = Field(
        "one-off", description="One-off, recurring every period, or per user every period."
    )
    amount: EstimateInput = Field(description="Amount in the plan currency (per period for recurring and per-user).")
    per: Literal["month", "year"] = Field("year", description="The period of recurring and per-user amounts.")
    users: Literal["eligible", "active"] = Field(
        "eligible", description="Per-user costs count eligible or active users."
    )
    month: Annotated[int, Field(ge=0, le=600)] = Field(0, description="Month the cost starts (0 = at the start).")
    end_month: Annotated[int, Field(ge=0, le=600)] | None = Field(
        None, description="Month a recurring cost stops (defaults to the horizon)."
    )
    risk: Share | None = Field(None, description="Risk adjustment that raises the cost (0.1 = 10%).")
    options: Annotated[list[Slug] | None, RefersTo("options"), Field(max_length=MAX_OPTIONS)] = Field(
        None, description="Options that incur the cost (defaults to every option but the baseline)."
    )


class OptimismBias(Model):
    """Green Book optimism bias: uplift = upper bound x (1 - share mitigated)."""

    upper_bound: Annotated[float, Field(ge=0, le=5)] = Field(
        description="Upper bound of the uplift on costs (2.0 = 200% for IT development)."
    )
    mitigated: Share = Field(0.0, description="Share of the bias mitigated so far (0-1).")


class Adoption(Model):
    """How adoption spreads (Bass diffusion)."""

    p: Annotated[float, Field(ge=0, le=1)] = Field(0.03, description="Coefficient of innovation per time unit.")
    q: Annotated[float, Field(ge=0, le=5)] = Field(0.38, description="Coefficient of imitation per time unit.")
    ceiling: Share = Field(0.8, description="Share of each group that eventually adopts.")
    time_unit: Literal["month", "quarter", "year"] = Field("quarter", description="Time unit of p and q.")


class Mirr(Model):
    """The two rates of the modified internal rate of return."""

    finance_rate: Annotated[float, Field(ge=0, le=1)] | None = Field(
        None, description="Yearly rate paid on the money put in (defaults to the discount rate)."
    )
    reinvestment_rate: Annotated[float, Field(ge=0, le=1)] | None = Field(
        None, description="Yearly rate earned on the money that comes back (defaults to the discount rate)."
    )


class Uncertainty(Model):
    """Adoption settings the simulation varies, and how far estimates move together."""

    ceiling: EstimateInput = Field(
        default_factory=lambda: Estimate(low=0.75, likely=1.0, high=1.1),
        description="Multiplier of every group's adoption ceiling (capped at the whole group).",
    )
    p: EstimateInput = Field(
        default_factory=lambda: Estimate(low=0.5, likely=1.0, high=1.5),
        description="Multiplier of every group's coefficient of innovation p.",
    )
    q: EstimateInput = Field(
        default_factory=lambda: Estimate(low=0.7, likely=1.0, high=1.3),
        description="Multiplier of every group's coefficient of imitation q.",
    )
    launch_delay: EstimateInput = Field(
        default_factory=lambda: Estimate(low=0, likely=0, high=3),
        description="Months launch slips after the planned launch (rounded to whole months, at most 24).",
    )
    correlation: Share = Field(
        0.3,
        description=(
            "Rank correlation of every pair of estimates through one shared optimism factor: benefits and "
            "adoption high when costs are low (0 = independent)."
        ),
    )


class Finance(Model):
    """Assumptions and costs of the business case."""

    preset: Literal["tei", "greenbook"] = Field(
        "tei", description="tei: 3 years at 10%; greenbook: 3.5% real. Settings below override."
    )
    discount_rate: Annotated[float, Field(ge=0, le=1)] | None = Field(None, description="Yearly discount rate.")
    horizon_years: Annotated[int, Field(ge=1, le=30)] | None = Field(None, description="Appraisal horizon in years.")
    loaded_hourly_cost: Annotated[float, Field(gt=0, le=MAX_AMOUNT)] | None = Field(
        None, description="Fully loaded cost of an hour of staff time."
    )
    working_weeks: Annotated[float, Field(gt=0, le=52)] = Field(46, description="Working weeks per year.")
    benefit_risk: Share = Field(0.1, description="Default risk adjustment of benefit lines.")
    cost_risk: Share = Field(0.05, description="Default risk adjustment of cost lines.")
    optimism_bias: OptimismBias | None = Field(None, description="Green Book optimism-bias uplift on costs.")
    adoption: Adoption = Field(default_factory=Adoption, description="Adoption curve.")
    distribution: Literal["triangular", "pert"] = Field("pert", description="Distribution of three-point estimates.")
    budget: NonNegative | None = Field(None, description="Yearly budget available (affordability).")
    mirr: Mirr = Field(default_factory=lambda: Mirr(), description="Rates of the modified internal rate of return.")
    uncertainty: Uncertainty = Field(
        default_factory=lambda: Uncertainty(),
        description="What the Monte Carlo simulation varies besides the estimates.",
    )
    procurement: Text | None = Field(None, description="Procurement route and contract notes.")
    costs: list[CostLine] = Field(default_factory=list, max_length=MAX_COSTS, description="Cost lines.")


# --- rollout ------------------------------------------------------------------


class Dependency(Model):
    """A finish-to-start dependency with a lag in working days."""

    id: Annotated[str, StringConstraints(min_length=1, max_length=128)] = Field(
        description="The activity it waits for."
    )
    lag: Annotated[int, Field(ge=-250, le=250)] = Field(
        0, description="Working days between that finish and this start."
    )


class Activity(Model):
    """An activity added to the generated rollout, or a change to one."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.:-]*$", max_length=128)] = Field(
        description="Id of the activity: a new id adds an activity, a generated one's id changes or removes it."
    )
    name: Text | None = Field(None, description="Activity name.")
    phase: Literal["plan", "pilot", "launch", "embed"] | None = Field(None, description="Rollout phase.")
    days: Annotated[int, Field(ge=0, le=1000)] | None = Field(
        None, description="Duration in working days (0 = milestone)."
    )
    after: Annotated[list[Annotated[str, StringConstraints(min_length=1)] | Dependency],
                     Field(max_length=MAX_ITEMS)] | None = Field(
        None, description="Activities it follows (ids, or {id, lag})."
    )
    owner: Text | None = Field(None, description="Who does it.")
    start: PlanDate | None = Field(None, description="Pin the start to this date.")
    remove: bool = Field(False, description="Remove a generated activity.")


class Roles(Model):
    """Named people or teams behind the RACI roles."""

    sponsor: Text | None = Field(None, description="Executive sponsor.")
    project_owner: Text | None = Field(None, description="Project or success owner.")
    it: Text | None = Field(None, description="IT lead.")
    hr: Text | None = Field(None, description="HR lead.")
    communications: Text | None = Field(None, description="Internal communications lead.")


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")


class Blackout(Model):
    """A closed period of several days, such as a trading freeze or a year-end shutdown."""

    name: Text = Field(description="Why it is closed, e.g. 'Peak trading freeze'.")
    start: PlanDate = Field(description="First closed day.")
    end: PlanDate = Field(description="Last closed day (included).")


class SessionCapacities(Model):
    """People per session of each launch format. A webinar holds far more
    people than a classroom, so each format is sized by its own capacity."""

    workshop: Annotated[int, Field(gt=0, le=MAX_PEOPLE)] | None = Field(
        None, description="People per workshop (defaults to rollout.session_capacity, 25)."
    )
    seminar: Annotated[int, Field(gt=0, le=MAX_PEOPLE)] = Field(
        60, description="People per seminar (a talk in a room)."
    )
    webinar: Annotated[int, Field(gt=0, le=MAX_PEOPLE)] = Field(
        200, description="People per webinar (online, mostly listening)."
    )
    drop_in: Annotated[int, Field(gt=0, le=MAX_PEOPLE)] = Field(
        20, alias="drop-in", description="People per drop-in session (people come and go with their questions)."
    )


class Rollout(Model):
    """Scheduling inputs of the rollout plan."""

    start: PlanDate | None = Field(None, description="First working day of the programme.")
    holidays: list[PlanDate] = Field(default_factory=list, max_length=MAX_DAYS_OFF,
        description="Closed days besides weekends.")
    blackouts: list[Blackout] = Field(
        default_factory=list, max_length=MAX_DAYS_OFF,
            description="Closed periods: no activity is scheduled on their days."
    )
    workdays: list[Weekday] = Field(
        default_factory=lambda: list(_WEEKDAYS), description="Working days of the week."
    )
    session_capacity: Annotated[int, Field(gt=0, le=MAX_PEOPLE)] = Field(
        25, description="People per classroom session: workshops, briefings and champion training."
    )
    capacities: SessionCapacities = Field(
        default_factory=SessionCapacities, description="People per session of each launch format."
    )
    staff_per_champion: Annotated[int, Field(gt=0, le=MAX_PEOPLE)] = Field(
        100, description="Staff per champion (about 100; 40-50 to speed adoption)."
    )
    roles: Roles = Field(default_factory=Roles, description="Who holds the RACI roles.")
    activities: list[Activity] = Field(default_factory=list, max_length=MAX_ACTIVITIES,
        description="Activities to add or change.")


class Prioritisation(Model):
    """How use cases are ranked."""

    criteria: dict[Slug, Annotated[float, Field(gt=0, le=MAX_AMOUNT)]] = Field(
        default_factory=dict, max_length=MAX_ITEMS, description="Weighted-scoring criteria and their weights."
    )



# --- evidence: survey waves and pilot results -------------------------------------

Element = Literal["awareness", "desire", "knowledge", "ability", "reinforcement"]


class Survey(Model):
    """One wave of a readiness survey: an export and how to read it."""

    id: Slug
    date: PlanDate = Field(description="When the survey closed (waves are ordered by it).")
    file: Text = Field(description="The export: a CSV (UTF-8, comma or semicolon) or .xlsx file, "
                                   "relative to the plan's folder.")
    sheet: Text | None = Field(None, description="The workbook sheet to read (default: the first).")
    group_column: Text = Field(description="The column whose answer says the respondent's group: its header "
                                           "text, or its position as '#3'.")
    groups: Annotated[dict[Text, Slug], RefersTo("stakeholders")] = Field(
        description="Answers in the group column -> stakeholder group ids.")
    questions: dict[Element, Annotated[list[Text], Field(min_length=1, max_length=50)]] = Field(
        description="ADKAR element -> the columns (header texts, or positions as '#7') rating it."
    )
    scale: tuple[int, int] = Field((1, 5), description="The lowest and highest numeric answer.")

    @field_validator("scale", mode="before")
    @classmethod
    def _scale_from_list(cls, value: object) -> object:
        # YAML has no tuple: [1, 5] arrives as a list, which strict mode refuses.
        if isinstance(value, list) and len(value) == 2:
            low, high = value
            if isinstance(low, int) and isinstance(high, int) and low >= high:
                raise ValueError("the scale is [lowest, highest]: the first must be below the second")
            return tuple(value)
        return value
    labels: dict[Text, int] | None = Field(
        None, description="Answer labels -> numbers (default: Strongly disagree 1 ... Strongly agree 5)."
    )


class EvidenceSettings(Model):
    """How the evidence is judged."""

    min_group_size: Annotated[int, Field(ge=3, le=1000)] = Field(
        5, description="Groups with fewer respondents are not reported (anonymity); never below 3."
    )
    barrier_threshold: Annotated[float, Field(ge=1, le=5)] = Field(
        3, description="An ADKAR element at or below this mean is a barrier."
    )
    min_response_rate: Annotated[float, Field(ge=0, le=1)] = Field(
        0.2, description="A group's survey answered by fewer than this share of its people is not trusted."
    )
    max_age_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        180, description="A survey older than this (at --as-of) is out of date."
    )


class MetricResult(Model):
    """What a pilot measured for one of its metrics, with the sample behind it.

    Give the sample in the form that fits the measure: ``n`` and ``sd`` for
    a mean (calls per team per week over n teams); ``successes`` and ``n``
    for a proportion (questions answered within 2 hours); ``events`` and
    ``exposure`` for a rate (posts over person-weeks)."""

    metric: Text = Field(description="The name of one of the pilot's metrics.")
    observed: float | None = Field(None, description="The value measured (for a proportion or a rate it can be "
                                                     "left out: it follows from the counts).")
    n: Annotated[int, Field(ge=1, le=100_000_000)] | None = Field(
        None, description="How many were measured: participants, teams or questions.")
    sd: Annotated[float, Field(ge=0)] | None = Field(None, description="Standard deviation of the measure (means).")
    successes: Annotated[int, Field(ge=0)] | None = Field(None, description="Successes out of n (proportions).")
    events: Annotated[int, Field(ge=0)] | None = Field(None, description="Events counted (rates).")
    exposure: Annotated[float, Field(gt=0)] | None = Field(
        None, description="What the events are counted over, in the metric's unit (person-weeks...).")
    start: PlanDate | None = Field(None, description="First day measured.")
    end: PlanDate | None = Field(None, description="Last day measured.")

    @field_validator("successes")
    @classmethod
    def _successes_within_n(cls, value: int | None, info: ValidationInfo) -> int | None:
        # A proportion of more than all: refused where it is written, not
        # found later by the interval's arithmetic.
        n = info.data.get("n")
        if value is not None and n is not None and value > n:
            raise ValueError(f"{value} successes out of {n}: successes are at most n")
        return value


class PilotResults(Model):
    """A pilot's results: inline, or in a CSV or YAML file the plan names."""

    use_case: Annotated[Slug, RefersTo("use_cases")] = Field(description="The use case whose pilot this is.")
    date: PlanDate | None = Field(None, description="When the pilot's gate was (or is) held.")
    file: Text | None = Field(None, description="A results file (CSV with a header row naming the fields of a "
                                                "result, or YAML: a list of results), relative to the plan.")
    results: list[MetricResult] = Field(default_factory=list, description="Results, one per metric measured.")
    scale_when_met: Annotated[int, Field(ge=1)] | Literal["all"] = Field(
        "all", description="How many metrics must meet their thresholds, beyond noise, to scale.")
    confidence: Annotated[float, Field(ge=0.5, le=0.999)] = Field(
        0.95, description="Confidence level of the intervals.")


class Evidence(Model):
    """What the plan's pilots and surveys have found."""

    settings: EvidenceSettings = Field(default_factory=EvidenceSettings)
    surveys: list[Survey] = Field(default_factory=list, description="Survey waves (readiness per group).")
    pilots: list[PilotResults] = Field(default_factory=list, description="Pilot results (decision gates).")


# --- tracking: usage and KPIs after launch ----------------------------------------

UsagePlatform = Literal["viva-engage", "slack", "plain"]


class Directory(Model):
    """A directory export (HR system, Entra ID): who is in which group."""

    file: Text = Field(description="CSV or .xlsx, relative to the plan's folder.")
    user_column: Text = Field(description="The column holding the user's principal name, e-mail or id: what the "
                                          "usage export calls the user.")
    group_column: Text = Field(description="The column that decides the group (department, division, site...).")
    groups: Annotated[dict[Text, Slug], RefersTo("stakeholders")] = Field(
        description="Values of the group column -> stakeholder group ids.")


class Usage(Model):
    """A folder of usage snapshots exported from the platform."""

    platform: UsagePlatform = Field(description="viva-engage (Microsoft 365 usage reports), slack (member analytics) "
                                           "or plain (date, group, active_users[, posters]).")
    folder: Text = Field(description="The folder of snapshot files (*.csv), relative to the plan's folder.")
    directory: Directory | None = Field(None, description="Maps users to groups (viva-engage and slack).")
    tenant: Text | None = Field(None, description="The organisation's sign-in domain (example.com): snapshots whose "
                                                  "users are mostly elsewhere are from another tenant.")


class Observation(Model):
    """One observed value of a KPI."""

    date: PlanDate = Field(description="When it was measured.")
    value: float = Field(description="The value, in the KPI's unit.")


class KpiActuals(Model):
    """Observed values of one of the plan's KPIs."""

    objective: Annotated[Slug, RefersTo("objectives")] = Field(description="The objective the KPI belongs to.")
    kpi: Text = Field(description="The KPI's name.")
    observations: list[Observation] = Field(default_factory=list, description="Dated values, in the KPI's unit.")
    file: Text | None = Field(None, description="A CSV with date and value columns, relative to the plan's folder.")


class TrackSettings(Model):
    """When actual adoption counts as on track, at risk or off track."""

    at_risk: Annotated[float, Field(gt=0, le=1)] = Field(
        0.9, description="Actual below this share of the forecast is at risk.")
    off_track: Annotated[float, Field(gt=0, le=1)] = Field(
        0.75, description="Actual below this share of the forecast is off track.")


class Tracking(Model):
    """After launch: actual adoption and KPI values."""

    settings: TrackSettings = Field(default_factory=TrackSettings)
    usage: list[Usage] = Field(default_factory=list, description="Usage exports.")
    kpis: list[KpiActuals] = Field(default_factory=list, description="KPI observations.")
    as_of: PlanDate | None = Field(None, description="Judge the actuals as of this day (default: the latest data).")

# --- the plan -------------------------------------------------------------------


class Plan(Model):
    """A socialplan plan: opportunity, use cases, stakeholders, options, finance, rollout."""

    model_config = ConfigDict(title="socialplan plan")

    version: Literal[1] = Field(1, description="Version of the plan format.")
    organisation: Annotated[Organisation, PlanSection()] = Field(description="The organisation adopting the network.")
    objectives: Annotated[list[Objective], PlanSection("objective", "objectives")] = Field(
        default_factory=list, max_length=MAX_OBJECTIVES, description="Business objectives (the opportunity)."
    )
    use_cases: Annotated[list[UseCase], PlanSection("use case", "use cases")] = Field(
        default_factory=list, max_length=MAX_USE_CASES, description="Use cases (hypotheses to pilot)."
    )
    stakeholders: Annotated[list[StakeholderGroup], PlanSection("stakeholder group", "stakeholder groups")] = Field(
        default_factory=list, max_length=MAX_GROUPS, description="Stakeholder groups."
    )
    options: Annotated[list[Option], PlanSection("option", "options")] = Field(
        default_factory=list, max_length=MAX_OPTIONS, description="Platform options, including do-nothing."
    )
    finance: Annotated[Finance, PlanSection()] = Field(
        default_factory=Finance, description="Business-case assumptions and costs."
    )
    rollout: Annotated[Rollout, PlanSection()] = Field(
        default_factory=Rollout, description="Rollout scheduling inputs."
    )
    prioritisation: Annotated[Prioritisation, PlanSection()] = Field(
        default_factory=Prioritisation, description="Use-case ranking settings."
    )
    evidence: Annotated[Evidence, PlanSection()] = Field(
        default_factory=Evidence, description="What surveys and pilots have found (exports the plan names)."
    )
    tracking: Annotated[Tracking, PlanSection()] = Field(
        default_factory=Tracking, description="After launch: usage exports and KPI observations."
    )
    ignore: Ignore = Field(default_factory=dict)

    @property
    def headcount(self) -> int:
        return self.organisation.headcount or sum(g.headcount for g in self.stakeholders)


# --- what the markers declare ------------------------------------------------------


def _marker(field: Any, kind: type[Any]) -> Any:
    return next((meta for meta in field.metadata if isinstance(meta, kind)), None)


# Every top-level key, and the sections among them (the keys a folder plan's
# files may be named after).
TOP_LEVEL_KEYS: tuple[str, ...] = tuple(Plan.model_fields)
SECTIONS: dict[str, PlanSection] = {
    name: marker for name, field in Plan.model_fields.items()
    if (marker := _marker(field, PlanSection)) is not None
}
# The sections of items with ids: (what one item is called, what several are).
ITEM_SECTIONS: dict[str, tuple[str, str]] = {
    name: (marker.item, marker.items or f"{marker.item}s")
    for name, marker in SECTIONS.items() if marker.item is not None
}


def _steps(annotation: Any) -> tuple[tuple[str, ...], Any]:
    """The steps from a field's value down to its item type ("*" into each
    list), through Optional and Annotated."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _steps(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _steps(members[0]) if len(members) == 1 else ((), annotation)
    if origin is list:
        steps, item = _steps(typing.get_args(annotation)[0])
        return ("*", *steps), item
    if origin is dict:  # "~" into each value of a mapping
        steps, item = _steps(typing.get_args(annotation)[1])
        return ("~", *steps), item
    return (), annotation


def _references(model: type[BaseModel], prefix: tuple[str, ...]) -> typing.Iterator[tuple[tuple[str, ...], str]]:
    for name, field in model.model_fields.items():
        steps, item = _steps(field.annotation)
        path = (*prefix, name, *steps)
        marker = _marker(field, RefersTo)
        if marker is not None:
            yield path, marker.section
        if isinstance(item, type) and issubclass(item, BaseModel):
            yield from _references(item, path)


# The sections whose items may carry their own 'ignore:' (assess suppresses
# a finding about an item there); the plan's own 'ignore:' is the top level.
IGNORE_SECTIONS: tuple[str, ...] = tuple(
    name for name in ITEM_SECTIONS if "ignore" in _steps(Plan.model_fields[name].annotation)[1].model_fields
)
# Every field that names ids, as a path from the top of the plan ("*" steps
# into each item of a list) and the section whose ids it names.
REFERENCES: tuple[tuple[tuple[str, ...], str], ...] = tuple(_references(Plan, ()))
