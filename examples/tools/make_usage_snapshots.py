"""Make realistic usage snapshots, in the platforms' exact export formats.

People adopt along a Bass curve per department and are then active on some
days of each week; the script writes what an adoption lead would download
every week:

* Viva Engage (Microsoft 365 usage reports, 7-day period): the user detail
  report, the communities detail report and the daily activity counts, one
  file of each per week, UTF-8 with a byte-order mark as the admin center
  writes them;
* or Slack member analytics (one row per member and day);
* and a directory export (user principal name, display name, department).

Deterministic: the same arguments give the same bytes.

    python examples/tools/make_usage_snapshots.py OUT --start 2027-07-05 --weeks 16
    python examples/tools/make_usage_snapshots.py OUT --platform slack --scale 0.5
    python examples/tools/make_usage_snapshots.py OUT --start 2027-08-02 --weeks 17 \
        --department "Innovation:45:0.0133:0.183:0.7:6" --department "Country Leadership:340:0.003:0.06:0.4:19"

``--department NAME:HEADCOUNT:P:Q:CEILING[:START[:WEEKLY]]`` replaces the
default departments: p and q per month (a plan's quarterly values divided
by 3), START people already on the network on the first day (a plan's pilot
participants), WEEKLY the chance an adopter is active in a given week.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

VIVA_USERS = ["Report Refresh Date", "User Principal Name", "Display Name", "User State", "State Change Date",
              "Last Activity Date", "Posted Count", "Read Count", "Liked Count", "Assigned Products", "Report Period"]
VIVA_COMMUNITIES = ["Report Refresh Date", "Group Display Name", "Is Deleted", "Owner Principal Name",
                    "Last Activity Date", "Group Type", "Office 365 Connected", "Member Count", "Posted Count",
                    "Read Count", "Liked Count", "Report Period"]
VIVA_DAILY = ["Report Refresh Date", "Liked", "Posted", "Read", "Report Date", "Report Period"]
SLACK = ["date", "user_id", "email_address", "is_guest", "is_billable_member", "is_active", "is_active_ios",
         "is_active_android", "is_active_desktop", "reactions_added_count", "messages_posted_count",
         "channel_messages_posted_count", "files_added_count"]
FIRST = ["Alex", "Sam", "Jo", "Priya", "Chen", "Maria", "Tom", "Aisha", "Luca", "Nora", "Ravi", "Eva"]
LAST = ["Smith", "Patel", "Jones", "Garcia", "Kim", "Brown", "Okafor", "Rossi", "Novak", "Silva"]


@dataclass(frozen=True)
class Department:
    name: str
    headcount: int
    p: float  # per month
    q: float  # per month
    ceiling: float
    weekly_activity: float = 0.7  # chance an adopter is active in a given week
    start: int = 0  # on the network on the first day (pilot participants)


DEFAULT_DEPARTMENTS = (
    Department("Consulting", 1200, 0.05, 0.45, 0.8),
    Department("Partners", 60, 0.08, 0.3, 0.7),
    Department("Business Services", 300, 0.01, 0.12, 0.6, 0.5),  # behind forecast
)


@dataclass
class Person:
    upn: str
    name: str
    department: str
    user_id: str
    adopted: dt.date | None
    weekly_activity: float
    active_days: list[dt.date] = field(default_factory=list)


def _people(departments: tuple[Department, ...], start: dt.date, weeks: int, domain: str,
            rng: random.Random) -> list[Person]:
    people: list[Person] = []
    days = weeks * 7
    for department in departments:
        market = department.ceiling * department.headcount
        adopted = float(min(department.start, market))
        # Month by month (30 days), the discrete Bass model gives how many adopt.
        joins: list[int] = []
        for _ in range(days // 30 + 1):
            new = (department.p + department.q * adopted / market) * (market - adopted) if market else 0
            adopted += new
            joins.append(round(adopted))
        order = list(range(department.headcount))
        rng.shuffle(order)
        for n in range(department.headcount):
            rank = order[n]
            month = next((m for m, total in enumerate(joins) if rank < total), None)
            when = None if month is None else start + dt.timedelta(days=month * 30 + rng.randrange(30))
            if rank < department.start:
                when = start  # a pilot participant: on the network from the first day
            first, last = rng.choice(FIRST), rng.choice(LAST)
            key = f"{department.name.lower().replace(' ', '')}{n:05d}"
            people.append(Person(f"{first.lower()}.{last.lower()}.{key}@{domain}", f"{first} {last}",
                                 department.name, f"U{rng.getrandbits(40):010X}",
                                 when if when is None or when < start + dt.timedelta(days=days) else None,
                                 department.weekly_activity))
    for person in people:
        if person.adopted is None:
            continue
        day = person.adopted
        while day < start + dt.timedelta(days=days):
            if rng.random() < person.weekly_activity:
                person.active_days.append(day + dt.timedelta(days=rng.randrange(7)))
            day += dt.timedelta(days=7)
        person.active_days = sorted(d for d in person.active_days if d < start + dt.timedelta(days=days))
    return people


def _csv(header: list[str], rows: Iterator[list[str]], *, bom: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def write_viva(folder: Path, people: list[Person], start: dt.date, weeks: int, rng: random.Random) -> None:
    posts = {p.upn: {d: rng.randint(0, 3) for d in p.active_days} for p in people}
    for week in range(1, weeks + 1):
        refreshed = start + dt.timedelta(days=7 * week - 1)
        window = (refreshed - dt.timedelta(days=6), refreshed)

        def users(refreshed: dt.date = refreshed, window: tuple[dt.date, dt.date] = window) -> Iterator[list[str]]:
            for person in people:
                seen = [d for d in person.active_days if d <= refreshed]
                recent = [d for d in seen if window[0] <= d <= window[1]]
                posted = sum(posts[person.upn][d] for d in recent)
                last = seen[-1].isoformat() if seen else ""
                yield [refreshed.isoformat(), person.upn, person.name, "Active", "", last,
                       str(posted), str(len(recent) * rng.randint(2, 9)), str(len(recent) * rng.randint(0, 4)),
                       "MICROSOFT 365 E3", "7"]

        (folder / f"EngageActivityUserDetail{refreshed:%Y-%m-%d}.csv").write_bytes(_csv(VIVA_USERS, users(), bom=True))

        def communities(refreshed: dt.date = refreshed) -> Iterator[list[str]]:
            for name, members in (("All Company", len(people)), ("Project rooms", len(people) // 3),
                                  ("Ask an expert", len(people) // 5)):
                yield [refreshed.isoformat(), name, "False", f"owner@{people[0].upn.split('@')[1]}",
                       refreshed.isoformat(), "Public", "True", str(members), str(rng.randint(0, members // 10)),
                       str(rng.randint(0, members)), str(rng.randint(0, members // 5)), "7"]

        (folder / f"EngageGroupsActivityDetail{refreshed:%Y-%m-%d}.csv").write_bytes(
            _csv(VIVA_COMMUNITIES, communities(), bom=True))

        def daily(refreshed: dt.date = refreshed) -> Iterator[list[str]]:
            for offset in range(7):
                day = refreshed - dt.timedelta(days=offset)
                active = [p for p in people if day in p.active_days]
                yield [refreshed.isoformat(), str(len(active) // 2), str(sum(posts[p.upn][day] for p in active)),
                       str(len(active) * 4), day.isoformat(), "7"]

        (folder / f"EngageActivityCounts{refreshed:%Y-%m-%d}.csv").write_bytes(_csv(VIVA_DAILY, daily(), bom=True))


def write_slack(folder: Path, people: list[Person], start: dt.date, weeks: int, rng: random.Random) -> None:
    for week in range(weeks):
        first_day = start + dt.timedelta(days=7 * week)

        def rows(first_day: dt.date = first_day) -> Iterator[list[str]]:
            for offset in range(7):
                day = first_day + dt.timedelta(days=offset)
                for person in people:
                    if person.adopted is None or day < person.adopted:
                        continue
                    active = day in person.active_days
                    posted = rng.randint(0, 6) if active else 0
                    yield [day.isoformat(), person.user_id, person.upn, "false", "true", str(active).lower(), "false",
                           "false", str(active).lower(), str(rng.randint(0, 3) if active else 0), str(posted),
                           str(posted), "0"]

        (folder / f"member-analytics-{first_day:%Y-%m-%d}.csv").write_bytes(_csv(SLACK, rows(), bom=False))


def write_directory(path: Path, people: list[Person]) -> None:
    rows = ([p.upn, p.name, p.department, p.user_id] for p in people)
    path.write_bytes(_csv(["User Principal Name", "Display Name", "Department", "Slack ID"], rows, bom=True))


def make(out: Path, *, platform: str = "viva-engage", start: dt.date = dt.date(2027, 7, 5), weeks: int = 16,
         seed: int = 2012, domain: str = "northwind.example", departments: tuple[Department, ...] = DEFAULT_DEPARTMENTS
         ) -> list[Person]:
    """Write the snapshots under ``out/usage`` and the directory as
    ``out/directory.csv``; return the people (for tests)."""
    rng = random.Random(seed)
    people = _people(departments, start, weeks, domain, rng)
    folder = out / "usage"
    folder.mkdir(parents=True, exist_ok=True)
    (write_viva if platform == "viva-engage" else write_slack)(folder, people, start, weeks, rng)
    write_directory(out / "directory.csv", people)
    return people


def _department(text: str) -> Department:
    parts = text.split(":")
    if not 5 <= len(parts) <= 7:
        raise argparse.ArgumentTypeError(f"'{text}': expected NAME:HEADCOUNT:P:Q:CEILING[:START[:WEEKLY]]")
    try:
        start = int(parts[5]) if len(parts) > 5 else 0
        weekly = float(parts[6]) if len(parts) > 6 else 0.7
        return Department(parts[0], int(parts[1]), float(parts[2]), float(parts[3]), float(parts[4]), weekly, start)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"'{text}': {error}") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--platform", choices=["viva-engage", "slack"], default="viva-engage")
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2027, 7, 5))
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--seed", type=int, default=2012)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every department's headcount")
    parser.add_argument("--domain", default="northwind.example", help="the sign-in domain of every user")
    parser.add_argument("--department", action="append", type=_department, default=[],
                        metavar="NAME:HEADCOUNT:P:Q:CEILING[:START[:WEEKLY]]",
                        help="a department (repeat); replaces the defaults")
    options = parser.parse_args()
    chosen = tuple(options.department) or DEFAULT_DEPARTMENTS
    departments = tuple(Department(d.name, max(1, round(d.headcount * options.scale)), d.p, d.q, d.ceiling,
                                   d.weekly_activity, round(d.start * options.scale)) for d in chosen)
    people = make(options.out, platform=options.platform, start=options.start, weeks=options.weeks,
                  seed=options.seed, domain=options.domain, departments=departments)
    print(f"{len(people)} people, {options.weeks} weekly snapshots in {options.out / 'usage'}")


if __name__ == "__main__":
    main()
