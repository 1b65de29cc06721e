"""The plan turned into the model's plain numbers, and what stops that.

:func:`model_problems` lists the inputs the model cannot use (estimates out
of order, hours saved without an hourly cost, no do-nothing option...), each
with its plan path so the command can point at file:line:column.
:func:`model_inputs` assumes there are none.

Rules that are choices, stated once here:

* Groups that adopt: every stakeholder group with ``must_adopt: true``, and
  any other group given its own ``adoption`` settings. A plan without
  stakeholder groups is modelled as one group of the organisation's headcount.
* Eligible users (per-user costs): the headcount of the groups that adopt.
* A benefit is realised by the adopters of its ``users`` groups, else of its
  use case's groups, else of every adopting group.
* Pilot participants are shared among the pilot's groups (else the use
  case's) in proportion to headcount, and use the network from the start of
  their pilot to launch. Before launch a benefit is realised only by the
  participants of its own use case's pilot (the other use cases are not
  running for them yet), ramping up over the pilot (see
  :func:`socialplan.finance.adoption.pilot_ramp`).
* Timing. Given a :class:`~socialplan.finance.timing.Timing` (from the
  rollout schedule), each pilot runs in the months it gives and launch is
  its launch month; a pilot it does not list does not run before launch.
  Without one, every pilot starts in month 0, launch follows the longest
  pilot (weeks x 12/52, rounded up) and a pilot without a length is taken
  to run until launch.
* Evidence. Given the pilots' decisions (``socialplan evidence``), a use
  case whose pilot decided stop is realised by no option and one that
  decided scale has its benefits' estimates replaced by the observed
  effect: see :mod:`socialplan.finance.evidence`.
* The do-nothing option realises no benefits and bears only the cost lines
  that name it. A plan without options is appraised as "the programme"
  against an implicit do-nothing option.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from socialplan.diagnostics import PlanPath, format_path
from socialplan.finance.adoption import GroupSettings, launch_month_for, pilot_months
from socialplan.finance.assumptions import MONTHS_PER_UNIT, Assumptions, resolve_assumptions
from socialplan.finance.timing import PilotWindow, Timing
from socialplan.model import Benefit, Estimate, Plan
from socialplan.problems import Problem

if TYPE_CHECKING:
    from socialplan.evidence.pilots import PilotOutcome
    from socialplan.finance.evidence import EvidenceUse

DriverKind = Literal["hours", "annual", "cost", "adoption"]
BenefitKind = Literal["cash-releasing", "non-cash-releasing", "wider"]


@dataclass(frozen=True)
class Driver:
    """A three-point estimate the model uses: one uncertain input."""

    path: PlanPath
    kind: DriverKind
    label: str
    low: float
    likely: float
    high: float

    @cached_property
    def key(self) -> str:
        # Cached: the simulation looks keys up for every line of every
        # adoption stratum.
        return format_path(self.path)

    @property
    def uncertain(self) -> bool:
        return self.high > self.low


@dataclass(frozen=True)
class BenefitInput:
    number: int  # B1, B2... in plan order, monetised or not
    path: PlanPath
    use_case_id: str
    use_case_title: str
    name: str
    category: str
    cash_releasing: bool
    risk: float
    hours: Driver | None
    annual: Driver | None
    groups: tuple[str, ...]
    owner: str | None
    kpi: str | None
    # Before launch: the participants of the use case's pilot among the
    # benefit's groups, the pilot's length in months (0: until launch) and
    # the month it starts in.
    pilot_users: float = 0.0
    pilot_months: int = 0
    pilot_first_month: int = 0
    # Green Book category; ``cash_releasing`` is true exactly for "cash-releasing".
    kind: BenefitKind = "non-cash-releasing"

    @property
    def monetised(self) -> bool:
        return self.hours is not None or self.annual is not None


@dataclass(frozen=True)
class CostInput:
    number: int
    path: PlanPath
    name: str
    category: str
    kind: Literal["one-off", "recurring", "per-user"]
    amount: Driver
    per: Literal["month", "year"]
    users: Literal["eligible", "active"]
    month: int
    end_month: int
    risk: float
    options: tuple[str, ...] | None

    def applies_to(self, option: OptionInput) -> bool:
        if self.options is None:
            return not option.baseline
        return option.id in self.options


@dataclass(frozen=True)
class OptionInput:
    id: str
    title: str
    baseline: bool
    benefit_share: float
    use_cases: tuple[str, ...] | None
    description: str | None = None
    platform: str | None = None
    considerations: tuple[str, ...] = ()
    procurement: str | None = None
    path: PlanPath | None = None  # None: added by the model, not written in the plan
    stopped: tuple[str, ...] = ()  # use cases whose pilot decided stop: out of every option

    def realises(self, use_case_id: str) -> bool:
        if self.baseline or use_case_id in self.stopped:
            return False
        return self.use_cases is None or use_case_id in self.use_cases


@dataclass(frozen=True)
class UncertaintyInput:
    """Adoption settings the simulation varies, as three-point multipliers of
    the planned ceiling, p and q and a launch delay in months, and the rank
    correlation every pair of uncertain inputs shares."""

    ceiling: Driver
    p: Driver
    q: Driver
    launch_delay: Driver
    correlation: float

    @property
    def drivers(self) -> tuple[Driver, ...]:
        return (self.ceiling, self.p, self.q, self.launch_delay)


@dataclass(frozen=True)
class ModelInputs:
    assumptions: Assumptions
    groups: tuple[GroupSettings, ...]
    launch_month: int
    benefits: tuple[BenefitInput, ...]
    costs: tuple[CostInput, ...]
    options: tuple[OptionInput, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    # The months each use case's pilot runs in before launch, as the model
    # counts them (for the reports), by use case id in plan order.
    pilots: Mapping[str, PilotWindow] = field(default_factory=dict)
    # What the simulation varies besides the amounts (None: the amounts only).
    uncertainty: UncertaintyInput | None = None
    # Why the appraisal is only a draft (None: it is not): the plan lists
    # options but none is the do-nothing baseline, so one of zero is assumed.
    draft_reason: str | None = None
    # What the pilots' decisions changed (None: no pilot was judged).
    evidence: EvidenceUse | None = None

    @property
    def baseline(self) -> OptionInput:
        return next(o for o in self.options if o.baseline)


# The problems that stop a plan from being modelled have codes SP101-SP109
# in the one table of socialplan.codes; SP104 only marks the report a draft.
MAX_LAUNCH_DELAY = 24  # months; each whole month of delay is one more run of the model per scenario
# A tenfold ceiling, p or q is already a different plan; far larger ones
# would only overflow the arithmetic of the distributions.
MAX_MULTIPLIER = 10.0
NO_BASELINE = ("the options have no do-nothing baseline, so each is compared with doing nothing at zero "
               "cost and zero benefit: a draft until the plan states what business as usual costs")


# --- problems ---------------------------------------------------------------------


def _estimate_problem(estimate: Estimate | None, path: PlanPath) -> Problem | None:
    if estimate is None or estimate.in_order:
        return None
    return Problem(
        "SP101",
        f"the estimate is out of order: low {estimate.low:g}, likely {estimate.likely:g}, high {estimate.high:g}",
        path, "write it so that low <= likely <= high",
    )


def model_problems(plan: Plan) -> list[Problem]:
    """Everything in the plan the financial model cannot work with."""
    problems: list[Problem] = []
    hours_without_rate: PlanPath | None = None
    for u, use_case in enumerate(plan.use_cases):
        for b, benefit in enumerate(use_case.benefits):
            base: PlanPath = ("use_cases", u, "benefits", b)
            for name in ("hours_per_user_week", "annual_value"):
                problem = _estimate_problem(getattr(benefit, name), (*base, name))
                if problem:
                    problems.append(problem)
            if benefit.hours_per_user_week is not None and hours_without_rate is None:
                hours_without_rate = (*base, "hours_per_user_week")
            if benefit.kind is not None and benefit.cash_releasing is not None and \
                    (benefit.kind == "cash-releasing") != benefit.cash_releasing:
                problems.append(Problem(
                    "SP108",
                    f"cash_releasing: {str(benefit.cash_releasing).lower()} contradicts kind: {benefit.kind}",
                    (*base, "cash_releasing"), "keep only 'kind' (cash-releasing, non-cash-releasing or wider)",
                ))
    if hours_without_rate is not None and plan.finance.loaded_hourly_cost is None:
        problems.append(Problem(
            "SP102", "hours saved cannot be valued: finance.loaded_hourly_cost is not set", hours_without_rate,
            "add the fully loaded cost of an hour of staff time, e.g. 'loaded_hourly_cost: 55' under finance",
        ))
    for c, cost in enumerate(plan.finance.costs):
        path: PlanPath = ("finance", "costs", c)
        problem = _estimate_problem(cost.amount, (*path, "amount"))
        if problem:
            problems.append(problem)
        if cost.end_month is not None and cost.end_month <= cost.month:
            problems.append(Problem(
                "SP103", f"the cost stops (month {cost.end_month}) before or when it starts (month {cost.month})",
                (*path, "end_month"), "end_month is the first month without the cost; it must be after 'month'",
            ))
    uncertainty: PlanPath = ("finance", "uncertainty")
    for name in ("ceiling", "p", "q", "launch_delay"):
        problem = _estimate_problem(getattr(plan.finance.uncertainty, name), (*uncertainty, name))
        if problem:
            problems.append(problem)
    for name in ("ceiling", "p", "q"):
        high = getattr(plan.finance.uncertainty, name).high
        if high > MAX_MULTIPLIER:
            problems.append(Problem(
                "SP109", f"a multiplier of {high:g} is beyond the {MAX_MULTIPLIER:g} the simulation models",
                (*uncertainty, name, "high"),
                f"these are multipliers of the planned {name} (1 = as planned); give at most {MAX_MULTIPLIER:g}",
            ))
    if plan.finance.uncertainty.launch_delay.high > MAX_LAUNCH_DELAY:
        problems.append(Problem(
            "SP109", f"a launch delay of up to {plan.finance.uncertainty.launch_delay.high:g} months is beyond the "
            f"{MAX_LAUNCH_DELAY} months the simulation models", (*uncertainty, "launch_delay", "high"),
            f"give at most {MAX_LAUNCH_DELAY}; a launch that may slip further is a different plan",
        ))
    baselines = [i for i, option in enumerate(plan.options) if option.baseline]
    for extra in baselines[1:]:
        problems.append(Problem(
            "SP105", f"only one option can be the baseline; options[{baselines[0]}] already is",
            ("options", extra, "baseline"),
        ))
    if len(plan.options) == len(baselines) == 1:  # several baselines: SP105 says what is wrong
        problems.append(Problem(
            "SP106", "the only option is the do-nothing baseline: there is nothing to appraise", ("options",),
            "add the option (or options) the organisation could choose",
        ))
    return problems


def model_warnings(plan: Plan) -> list[Problem]:
    """What the model works around but the reader must be told: a plan whose
    options have no do-nothing baseline is appraised as a draft against
    doing nothing (a weak case is still worth showing where it is weak)."""
    if plan.options and not any(option.baseline for option in plan.options):
        return [Problem(
            "SP104", "no option is the do-nothing / business-as-usual baseline: the report is a DRAFT "
            "against doing nothing at zero cost", ("options",),
            "add the option that keeps things as they are, with 'baseline: true' and the costs it bears", "warning",
        )]
    return []


def benefit_kind(benefit: Benefit) -> BenefitKind:
    """The stated kind; else cash-releasing when ``cash_releasing: true``;
    else non-cash-releasing. Hours saved are time that stays in the
    organisation, and an annual value is only cash when the plan says so:
    counting it as cash by default would overstate what a budget gets back."""
    if benefit.kind is not None:
        return benefit.kind
    return "cash-releasing" if benefit.cash_releasing else "non-cash-releasing"


# --- inputs ------------------------------------------------------------------------


def _driver(estimate: Estimate, path: PlanPath, kind: DriverKind, label: str) -> Driver:
    return Driver(path, kind, label, float(estimate.low), float(estimate.likely), float(estimate.high))


def _adopting_groups(plan: Plan, assumptions_unit: int) -> tuple[list[GroupSettings], list[str]]:
    settings = plan.finance.adoption
    groups: list[GroupSettings] = []
    left_out: list[str] = []
    for group in plan.stakeholders:
        own = group.adoption
        if not group.must_adopt and own is None:
            left_out.append(group.id)
            continue
        groups.append(GroupSettings(
            id=group.id,
            label=group.label,
            headcount=float(group.headcount),
            p=settings.p if own is None or own.p is None else own.p,
            q=settings.q if own is None or own.q is None else own.q,
            ceiling=settings.ceiling if own is None or own.ceiling is None else own.ceiling,
            months_per_unit=assumptions_unit,
        ))
    if not plan.stakeholders:
        groups.append(GroupSettings("everyone", "All staff", float(plan.headcount), settings.p, settings.q,
                                    settings.ceiling, assumptions_unit))
    return groups, left_out


def _pilot_users(plan: Plan, groups: list[GroupSettings]) -> dict[str, dict[str, float]]:
    """The participants of each use case's pilot, by adopting group."""
    by_id = {g.id: g for g in groups}
    out: dict[str, dict[str, float]] = {}
    for use_case in plan.use_cases:
        if use_case.pilot is None or use_case.pilot.participants is None or not by_id:
            continue
        named = [g for g in (use_case.pilot.groups or use_case.stakeholders) if g in by_id] or list(by_id)
        total = sum(by_id[g].headcount for g in named)
        out[use_case.id] = {
            g: use_case.pilot.participants * (by_id[g].headcount / total if total > 0 else 1.0 / len(named))
            for g in named
        }
    return out


def _with_pilots(groups: list[GroupSettings], pilots: dict[str, dict[str, float]],
                 timing: Timing | None) -> list[GroupSettings]:
    pilot = dict.fromkeys((g.id for g in groups), 0.0)
    joins: dict[str, list[tuple[int, float]]] = {g.id: [] for g in groups}
    for use_case_id, by_group in pilots.items():
        first = timing.pilots[use_case_id].first if timing is not None else 0
        for g, users in by_group.items():
            pilot[g] += users
            joins[g].append((first, users))
    return [GroupSettings(g.id, g.label, g.headcount, g.p, g.q, g.ceiling, g.months_per_unit, pilot[g.id],
                          pilot_joins=tuple(joins[g.id]) if timing is not None else ())
            for g in groups]


def model_inputs(plan: Plan, timing: Timing | None = None,
                 outcomes: Iterable[PilotOutcome] = ()) -> ModelInputs:
    """The numbers the model runs on; call only when :func:`model_problems` is empty.
    ``timing`` (from the rollout schedule) places the pilots and launch;
    without it pilots start in month 0 and launch follows the longest.
    ``outcomes`` are the pilots the plan's evidence judged."""
    finance = plan.finance
    bias = finance.optimism_bias
    assumptions = resolve_assumptions(
        finance.preset,
        discount_rate=finance.discount_rate,
        horizon_years=finance.horizon_years,
        loaded_hourly_cost=finance.loaded_hourly_cost,
        working_weeks=finance.working_weeks,
        benefit_risk=finance.benefit_risk,
        cost_risk=finance.cost_risk,
        optimism_upper_bound=bias.upper_bound if bias else 0.0,
        optimism_mitigated=bias.mitigated if bias else 0.0,
        distribution=finance.distribution,
        finance_rate=finance.mirr.finance_rate,
        reinvestment_rate=finance.mirr.reinvestment_rate,
    )
    notes: list[str] = []
    groups, left_out = _adopting_groups(plan, MONTHS_PER_UNIT[finance.adoption.time_unit])
    judged = {o.use_case: o for o in outcomes}
    pilots = _pilot_users(plan, groups)
    if timing is not None:
        unscheduled = [u.id for u in plan.use_cases if u.pilot is not None and u.id not in timing.pilots]
        if unscheduled:
            notes.append("The rollout schedule runs no pilot for: " + ", ".join(unscheduled)
                         + "; their pilots bring no benefit before launch.")
        pilots = {u: by_group for u, by_group in pilots.items() if u in timing.pilots}
        launch = timing.launch_month
    else:
        launch = launch_month_for([u.pilot.weeks for u in plan.use_cases if u.pilot and u.pilot.weeks])
    groups = _with_pilots(groups, pilots, timing)
    windows = dict(timing.pilots) if timing is not None else _legacy_windows(plan, launch)
    windows = {u.id: windows[u.id] for u in plan.use_cases if u.id in windows}
    headcount = {g.id: g.headcount for g in groups}
    adopting = tuple(g.id for g in groups)
    adopting_ids = frozenset(adopting)  # membership per benefit: a set keeps it linear

    benefits: list[BenefitInput] = []
    for u, use_case in enumerate(plan.use_cases):
        for b, benefit in enumerate(use_case.benefits):
            path: PlanPath = ("use_cases", u, "benefits", b)
            named = benefit.users or use_case.stakeholders
            users = tuple(g for g in named if g in adopting_ids) if named else adopting
            skipped = sorted(set(named) - adopting_ids) if named else []
            if skipped and benefit.monetised:
                notes.append(f"'{benefit.name}': the groups {', '.join(skipped)} are not expected to adopt "
                             "(must_adopt: false) and add nothing to it")
            in_pilot = pilots.get(use_case.id, {})
            pilot = use_case.pilot
            window = timing.pilots.get(use_case.id) if timing is not None else None
            if window is not None:
                length, first = window.months, window.first
            else:
                length, first = (pilot_months(pilot.weeks) if pilot is not None and pilot.weeks else 0), 0
            benefits.append(BenefitInput(
                number=len(benefits) + 1,
                path=path,
                use_case_id=use_case.id,
                use_case_title=use_case.title,
                name=benefit.name,
                category=benefit.category,
                cash_releasing=benefit_kind(benefit) == "cash-releasing",
                risk=finance.benefit_risk if benefit.risk is None else benefit.risk,
                hours=None if benefit.hours_per_user_week is None else _driver(
                    benefit.hours_per_user_week, (*path, "hours_per_user_week"), "hours", benefit.name),
                annual=None if benefit.annual_value is None else _driver(
                    benefit.annual_value, (*path, "annual_value"), "annual", benefit.name),
                groups=users,
                owner=benefit.owner,
                kpi=benefit.kpi,
                pilot_users=sum(min(in_pilot.get(g, 0.0), headcount[g]) for g in users),
                pilot_months=length,
                pilot_first_month=first,
                kind=benefit_kind(benefit),
            ))

    costs: list[CostInput] = []
    for c, cost in enumerate(finance.costs):
        path = ("finance", "costs", c)
        if cost.month >= assumptions.months:
            notes.append(f"The cost '{cost.name}' starts in month {cost.month}, after the "
                         f"{assumptions.horizon_years}-year horizon: it is not counted")
        costs.append(CostInput(
            number=len(costs) + 1,
            path=path,
            name=cost.name,
            category=cost.category,
            kind=cost.kind,
            amount=_driver(cost.amount, (*path, "amount"), "cost", cost.name),
            per=cost.per,
            users=cost.users,
            month=cost.month,
            end_month=assumptions.months if cost.end_month is None else min(cost.end_month, assumptions.months),
            risk=finance.cost_risk if cost.risk is None else cost.risk,
            options=None if cost.options is None else tuple(cost.options),
        ))

    options = [
        OptionInput(
            id=option.id, title=option.title, baseline=option.baseline,
            benefit_share=0.0 if option.baseline else option.benefit_share,
            use_cases=None if option.use_cases is None else tuple(option.use_cases),
            description=option.description, platform=option.platform,
            considerations=tuple(option.considerations), procurement=option.procurement,
            path=("options", i),
        )
        for i, option in enumerate(plan.options)
    ]
    draft_reason = None
    if not options:
        notes.append("The plan lists no options: the programme is compared with doing nothing.")
        platform = plan.organisation.platform
        options = [
            OptionInput("do-nothing", "Do nothing: keep today's intranet and email", True, 0.0, None),
            OptionInput("programme", platform or "The internal social network",
                        False, 1.0, None, platform=platform),
        ]
    elif not any(o.baseline for o in options):
        draft_reason = NO_BASELINE
        taken = {o.id for o in options}
        implicit = next(i for i in ("do-nothing", "do-nothing-assumed", "bau-assumed") if i not in taken)
        options.insert(0, OptionInput(implicit, "Do nothing (assumed: the plan names no baseline)", True,
                                      0.0, None))
    if left_out:
        notes.append(f"Groups not expected to adopt (must_adopt: false) are left out of adoption and "
                     f"licence counts: {', '.join(left_out)}.")
    spread = finance.uncertainty
    upath: PlanPath = ("finance", "uncertainty")
    uncertainty = UncertaintyInput(
        ceiling=_driver(spread.ceiling, (*upath, "ceiling"), "adoption", "adoption ceiling (multiplier)"),
        p=_driver(spread.p, (*upath, "p"), "adoption", "adoption p, innovation (multiplier)"),
        q=_driver(spread.q, (*upath, "q"), "adoption", "adoption q, imitation (multiplier)"),
        launch_delay=_driver(spread.launch_delay, (*upath, "launch_delay"), "adoption", "launch delay (months)"),
        correlation=spread.correlation,
    )
    evidence = None
    benefits_out, options_out = tuple(benefits), tuple(options)
    if judged:
        from socialplan.finance.evidence import apply_pilots

        in_order = {u.id: judged[u.id] for u in plan.use_cases if u.id in judged}
        benefits_out, options_out, evidence = apply_pilots(benefits_out, options_out, in_order)
    return ModelInputs(assumptions, tuple(groups), launch, benefits_out, tuple(costs), options_out,
                       tuple(notes), windows, uncertainty, draft_reason, evidence)


def _legacy_windows(plan: Plan, launch: int) -> dict[str, PilotWindow]:
    """Without a schedule every pilot starts in month 0 and runs its weeks
    (until launch when it has none)."""
    out = {}
    for use_case in plan.use_cases:
        pilot = use_case.pilot
        if pilot is None:
            continue
        length = pilot_months(pilot.weeks) if pilot.weeks else launch
        if length > 0:
            out[use_case.id] = PilotWindow(0, length - 1)
    return out
