"""The RACI matrix: who is Responsible, Accountable, Consulted and Informed
for every activity.

Columns are the programme roles: sponsor, project owner, champions, IT, HR,
communications and group leads. Who holds a role comes from
``rollout.roles`` (a named person wins) or from the stakeholder groups whose
``roles`` list it. Each kind of generated activity has a pattern; an owner
set in the plan that names a role (``it``, ``HR``, or the holder's name)
becomes Responsible for it.

The rule (Green Book and every RACI guide): exactly one Accountable and at
least one Responsible per activity. A row breaks when its Accountable role
is held by nobody or by several groups at once, or when none of its
Responsible roles is held; broken rows are reported, never hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from socialplan.model import Plan
from socialplan.rollout.problems import Problem
from socialplan.rollout.spec import ActivitySpec

ROLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("sponsor", "Sponsor"),
    ("project-owner", "Project owner"),
    ("champions", "Champions"),
    ("it", "IT"),
    ("hr", "HR"),
    ("communications", "Communications"),
    ("group-lead", "Group leads"),
)
ROLE_KEYS = tuple(key for key, _ in ROLE_COLUMNS)
ROLE_LABELS = dict(ROLE_COLUMNS)
_ROLES_FIELDS = {"sponsor": "sponsor", "project-owner": "project_owner", "it": "it", "hr": "hr",
                 "communications": "communications"}

# Pattern per kind of activity: (Accountable, Responsible, Consulted). Every
# other role is Informed.
_S, _P, _C, _IT, _HR, _CO, _GL = ROLE_KEYS
PATTERNS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "kickoff": (_S, (_P,), (_GL,)),
    "governance": (_P, (_IT, _HR, _CO), (_GL, _S)),
    "platform": (_IT, (_IT,), (_P, _CO)),
    "research": (_P, (_P,), (_GL, _HR)),
    "findings": (_P, (_P,), (_S, _GL)),
    "baseline": (_P, (_IT,), (_GL,)),
    "approval": (_S, (_P,), (_GL,)),
    "recruit": (_P, (_GL,), (_HR,)),
    "train": (_P, (_P, _HR), (_IT,)),
    "usability": (_P, (_IT,), (_GL, _C)),
    "pilot": (_P, (_C, _GL), (_IT,)),
    "gate": (_S, (_P,), (_GL, _C)),
    "go-no-go": (_S, (_P,), (_IT, _CO, _GL)),
    "comms": (_CO, (_CO,), (_GL, _C)),
    "briefing": (_S, (_P,), (_CO,)),
    "launch": (_S, (_P, _IT), (_CO,)),
    "education": (_P, (_C, _HR), (_IT,)),
    "review": (_P, (_P,), (_C, _GL)),
    "scale": (_P, (_GL, _C), (_IT,)),
    "network": (_P, (_C,), (_CO,)),
    "handover": (_S, (_P,), (_IT, _HR)),
    "custom": (_P, (_P,), ()),
}


@dataclass(frozen=True)
class RoleHolder:
    key: str
    label: str
    holders: tuple[str, ...]  # who holds it; empty when nobody does
    named: bool  # set in rollout.roles rather than inferred from groups

    @property
    def display(self) -> str:
        return ", ".join(self.holders) if self.holders else "(nobody)"


@dataclass
class RaciRow:
    activity: str
    name: str
    owner: str
    cells: dict[str, str]  # role key -> "A", "A/R", "R", "C" or "I"
    problems: list[str] = field(default_factory=list)

    @property
    def broken(self) -> bool:
        return bool(self.problems)


@dataclass
class Raci:
    roles: list[RoleHolder]
    rows: list[RaciRow]
    problems: list[Problem]

    @property
    def broken_rows(self) -> list[RaciRow]:
        return [r for r in self.rows if r.broken]


def role_holders(plan: Plan) -> list[RoleHolder]:
    named = plan.rollout.roles
    # Dicts as ordered sets: a large plan has hundreds of groups per role.
    by_role: dict[str, dict[str, None]] = {key: {} for key in ROLE_KEYS}
    for group in plan.stakeholders:
        for role in group.roles:
            if role in by_role:
                by_role[role][group.label] = None
    out = []
    for key, label in ROLE_COLUMNS:
        person = getattr(named, _ROLES_FIELDS[key]) if key in _ROLES_FIELDS else None
        if person:
            out.append(RoleHolder(key, label, (person,), True))
        elif key == "champions" and not by_role[key]:
            recruited = any(g.champions for g in plan.stakeholders) or any(
                not g.senior and g.must_adopt and g.headcount > 0 and g.champions is None
                for g in plan.stakeholders)
            out.append(RoleHolder(key, label, ("Champions network",) if recruited else (), False))
        elif key == "group-lead" and not by_role[key]:
            # Every group has a lead, even when the plan does not name a group
            # that holds the role: the leads of the groups concerned.
            out.append(RoleHolder(key, label, ("Leads of the groups concerned",), False))
        else:
            out.append(RoleHolder(key, label, tuple(by_role[key]), False))
    return out


def owner_roles(roles: Sequence[RoleHolder]) -> dict[str, str]:
    """Every way an owner written in the plan can name a role (its key, its
    label, a holder's name; any case) -> the role; the first role wins."""
    names: dict[str, str] = {}
    for role in roles:
        holders = (h.casefold() for h in role.holders)
        for name in (role.key, role.label.casefold(), role.key.replace("-", " "), *holders):
            names.setdefault(name, role.key)
    return names


def _owner_role(owner: str, names: dict[str, str]) -> str | None:
    """The role an owner written in the plan names, if any."""
    return names.get(owner.strip().casefold())


def _accountable_issue(holder: RoleHolder) -> str | None:
    """What is wrong with ``holder`` as an Accountable, the same for every row."""
    if not holder.holders:
        return f"no Accountable: nobody holds the {holder.label.lower()} role"
    if len(holder.holders) > 1 and not holder.named:
        return (f"{len(holder.holders)} Accountable: {', '.join(holder.holders)} all hold the "
                f"{holder.label.lower()} role")
    return None


def _issues(accountable: str, responsible: Sequence[str], roles: dict[str, RoleHolder],
            has_owner: bool, accountable_issues: dict[str, str | None]) -> list[tuple[str, str]]:
    """What breaks the rule in one row, as (role at fault, description)."""
    issues = []
    problem = accountable_issues[accountable]
    if problem is not None:
        issues.append((accountable, problem))
    # An owner named in the plan is Responsible whatever the columns say.
    if not has_owner and not any(roles[r].holders for r in responsible):
        wanted = " or ".join(roles[r].label.lower() for r in responsible)
        issues.extend((r, f"no Responsible: nobody holds the {wanted} role") for r in responsible)
    return issues


def _default_owner(spec: ActivitySpec, responsible: Sequence[str], roles: dict[str, RoleHolder],
                   labels: dict[str, str], displays: dict[str, str]) -> str:
    """Who does the work: the person the plan names for the subject, else the
    first held Responsible role, said as plainly as possible."""
    if spec.lead:
        return spec.lead
    role = next((roles[r] for r in responsible if roles[r].holders), roles[responsible[0]])
    if len(spec.groups) == 1 and spec.groups[0] in labels and role.key in ("group-lead", "champions"):
        group = labels[spec.groups[0]]
        return f"Lead of {group}" if role.key == "group-lead" else f"Champions in {group}"
    return displays[role.key]


def build_raci(plan: Plan, specs: Sequence[ActivitySpec]) -> Raci:
    roles = role_holders(plan)
    by_key = {r.key: r for r in roles}
    labels = {g.id: g.label for g in plan.stakeholders}
    # Worked out once per role, not per activity: a role may have hundreds
    # of holders, and a plan thousands of activities.
    names = owner_roles(roles)
    displays = {r.key: r.display if r.holders else f"{r.label} (unassigned)" for r in roles}
    accountable_issues = {r.key: _accountable_issue(r) for r in roles}
    rows: list[RaciRow] = []
    issues: dict[str, list[tuple[str, str]]] = {}
    for spec in specs:
        accountable, responsible, consulted = PATTERNS.get(spec.kind, PATTERNS["custom"])
        responsible_roles = list(responsible)
        if spec.owner:
            named_role = _owner_role(spec.owner, names)
            if named_role is not None and named_role not in responsible_roles:
                responsible_roles.insert(0, named_role)
        cells = dict.fromkeys(ROLE_KEYS, "I")
        for key in consulted:
            cells[key] = "C"
        for key in responsible_roles:
            cells[key] = "R"
        cells[accountable] = "A/R" if accountable in responsible_roles else "A"
        owner = spec.owner or _default_owner(spec, responsible_roles, by_key, labels, displays)
        found = _issues(accountable, responsible_roles, by_key, bool(spec.owner), accountable_issues)
        issues[spec.id] = found
        rows.append(RaciRow(spec.id, spec.name, owner, cells, list(dict.fromkeys(text for _, text in found))))
    return Raci(roles, rows, _summarise(rows, issues, by_key))


def _summarise(rows: Sequence[RaciRow], issues: dict[str, list[tuple[str, str]]],
               roles: dict[str, RoleHolder]) -> list[Problem]:
    """One warning per role at fault: that is what the plan must fix."""
    affected: dict[str, dict[str, None]] = {}  # role -> its activities, in order, once each
    for row in rows:
        for role, _ in issues[row.activity]:
            affected.setdefault(role, {})[row.activity] = None
    out = []
    for role in ROLE_KEYS:
        if role not in affected:
            continue
        holder, activities = roles[role], list(affected[role])
        shown = ", ".join(activities[:6]) + (f" and {len(activities) - 6} more" if len(activities) > 6 else "")
        many = len(activities) > 1
        count = f"{len(activities)} {'activities' if many else 'activity'}"
        if holder.holders:
            message = (f"RACI: {', '.join(holder.holders)} all hold the {holder.label.lower()} role, so {count} "
                       f"{'have' if many else 'has'} more than one Accountable: {shown}")
            hint = f"name one person for it in rollout.roles.{_ROLES_FIELDS.get(role, role)}"
        else:
            message = (f"RACI: nobody holds the {holder.label.lower()} role, so {count} "
                       f"{'lack' if many else 'lacks'} an Accountable or a Responsible: {shown}")
            if role in _ROLES_FIELDS:
                hint = (f"name the person in rollout.roles.{_ROLES_FIELDS[role]}, or give a stakeholder group "
                        f"the '{role}' role")
            else:
                hint = f"give a stakeholder group the '{role}' role"
        out.append(Problem("RL020", message, ("rollout", "roles"), hint, severity="warning"))
    return out
