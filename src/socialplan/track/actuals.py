"""Usage exports -> active users (and posters) per stakeholder group and month.

Read from a folder of dated snapshots, in the shapes the platforms write:

* **Viva Engage** (Microsoft 365 usage reports). The user detail report
  (``Report Refresh Date, User Principal Name, Display Name, User State,
  State Change Date, Last Activity Date, Posted Count, Read Count, Liked
  Count, Assigned Products, Report Period``): a user is active in a month
  when any snapshot gives a last activity date in it, and a poster in a
  month when a snapshot refreshed in it counts posts. The communities and
  daily-counts reports in the same folder are recognised and set aside (they
  name no users).
* **Slack** member analytics (``date, user_id, is_active,
  messages_posted_count, ...``, optionally ``email_address``): active in a
  month when active on a day in it.
* **plain** (``date, group, active_users[, posters]``): already counted per
  group (a stakeholder id); a month's figure is its latest row.

Snapshots overlap: a file whose refresh date another file already has is a
duplicate and is read once (the first by name); the report says which were
set aside. Snapshots of different report periods (7 and 30 days) are not
mixed: the period most files have is read, the others are set aside with a
warning. A snapshot whose users sign in at another domain (the most common
among its first hundred rows) than most snapshots, or than
``tenant`` when the usage names one, comes from another tenant and is set
aside with a warning.

The exports name no group: a directory export maps each user (principal
name, e-mail or id, compared without case) to a group. Users it does not
map are counted and reported, never dropped silently.

Privacy: principal names, e-mail addresses and ids are replaced by a 64-bit
hash as the engine reads them, and display names are never read; only
counts per group and month leave the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from socialplan.data.engine import Engine, records
from socialplan.data.tabular import DataError, DataProblem, Layout, normalise
from socialplan.track.spec import Directory, Usage

VIVA_USERS = ("report refresh date", "user principal name", "last activity date", "posted count", "report period")
VIVA_OTHER = {
    "communities": ("report refresh date", "group display name", "member count"),
    "daily counts": ("report refresh date", "liked", "posted", "read", "report date"),
}
SLACK = ("date", "user_id", "is_active", "messages_posted_count")
PLAIN = ("date", "group", "active_users")
MAX_FILES = 10_000


@dataclass(frozen=True)
class MonthActuals:
    group: str
    month: str  # YYYY-MM
    active: int
    posters: int | None


@dataclass
class Actuals:
    """Counts per group and month, and what the reading found."""

    months: list[MonthActuals] = field(default_factory=list)
    unmapped_users: int = 0
    users: int = 0
    files_read: int = 0
    latest: dt.date | None = None
    warnings: list[DataProblem] = field(default_factory=list)

    def series(self, group: str) -> dict[str, MonthActuals]:
        return {m.month: m for m in self.months if m.group == group}


def _column(layout: Layout, name: str) -> int:
    found = layout.column(name)
    if isinstance(found, DataProblem):
        raise DataError(found)
    return found


def _has(layout: Layout, names: Sequence[str]) -> bool:
    headers = {normalise(n) for n in layout.names}
    return all(n in headers for n in names)


def _snapshot_files(folder: Path, display: str) -> list[Path]:
    if not folder.is_dir():
        raise DataError(DataProblem("EV001", display, "is not a folder of usage snapshots",
                                    hint="tracking.usage[].folder names a folder of CSV exports, relative to the plan"))
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file() and not p.is_symlink())
    if not files:
        raise DataError(DataProblem("EV001", display, "holds no CSV snapshots (*.csv)"))
    if len(files) > MAX_FILES:
        raise DataError(DataProblem("EV001", display, f"holds {len(files)} snapshots, more than {MAX_FILES}"))
    return files


def _kind(layout: Layout, platform: str) -> str:
    if platform == "viva-engage":
        if _has(layout, VIVA_USERS):
            return "users"
        for kind, names in VIVA_OTHER.items():
            if _has(layout, names):
                return kind
        expected = "Report Refresh Date, User Principal Name, ..., Last Activity Date, Posted Count, ..., Report Period"
    elif platform == "slack":
        if _has(layout, SLACK):
            return "users"
        expected = "date, user_id, is_active, messages_posted_count, ..."
    else:
        if _has(layout, PLAIN):
            return "plain"
        expected = "date, group, active_users[, posters]"
    missing = [n for n in {"viva-engage": VIVA_USERS, "slack": SLACK, "plain": PLAIN}[platform]
               if n not in {normalise(x) for x in layout.names}]
    from socialplan.suggest import suggestion

    raise DataError(DataProblem("EV006", layout.display, f"is not a {platform} usage export: no column "
                                f"'{missing[0]}'", row=1,
                                hint=f"{suggestion(missing[0], layout.names, 'columns')}; expected {expected}"))


def read_usage(engine: Engine, usage: Usage, base: Path, groups: Mapping[str, int]) -> Actuals:
    """The actuals of one usage source; raises :class:`DataError`."""
    folder = Path(usage.folder)
    files = _snapshot_files(folder if folder.is_absolute() else base / folder, usage.folder)
    layouts = [engine.layout(f, f"{usage.folder.rstrip('/')}/{f.name}") for f in files]
    kinds = [_kind(layout, usage.platform) for layout in layouts]
    actuals = Actuals()
    wanted = "plain" if usage.platform == "plain" else "users"
    chosen = [layout for layout, kind in zip(layouts, kinds, strict=False) if kind == wanted]
    if not chosen:
        raise DataError(DataProblem("EV006", usage.folder, f"holds no {usage.platform} user-level snapshots",
                                    hint="export the user detail report (Viva Engage) or member analytics (Slack)"))
    first = chosen[0]
    for layout in chosen[1:]:
        if [normalise(n) for n in layout.names] != [normalise(n) for n in first.names]:
            raise DataError(DataProblem("EV006", layout.display, "its columns differ from the other snapshots' "
                                        f"({first.display})", row=1, hint="export every snapshot the same way"))
    if usage.platform == "plain":
        return _plain(engine, chosen, groups, actuals)
    if usage.directory is None:
        raise DataError(DataProblem("EV007", usage.folder, "user-level exports name no group: the usage needs a "
                                    "directory", hint="add tracking.usage[].directory (file, user_column, "
                                    "group_column, groups)"))
    directory_table = _directory(engine, usage.directory, base, groups)
    if usage.platform == "viva-engage":
        return _viva(engine, chosen, directory_table, usage, actuals)
    return _slack(engine, chosen, directory_table, actuals)


def _directory(engine: Engine, directory: Directory, base: Path, groups: Mapping[str, int]) -> str:
    path = Path(directory.file)
    layout = engine.layout(path if path.is_absolute() else base / path, directory.file)
    user, group = _column(layout, directory.user_column), _column(layout, directory.group_column)
    ordered = sorted((normalise(k), v) for k, v in directory.groups.items())
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE directory AS SELECT DISTINCT hash(lower(trim(c{user}))) AS who, "
        f"list_extract($dir_ids, list_position($dir_values, lower(trim(c{group})))) AS gid "
        f"FROM {engine.scan(layout)} WHERE trim(c{user}) <> ''",
        {"dir_values": [v for v, _ in ordered], "dir_ids": [g for _, g in ordered]},
    )
    return "directory"


def _viva(engine: Engine, layouts: list[Layout], directory: str, usage: Usage, actuals: Actuals) -> Actuals:
    first = layouts[0]
    refresh, upn = _column(first, "Report Refresh Date"), _column(first, "User Principal Name")
    last, posted = _column(first, "Last Activity Date"), _column(first, "Posted Count")
    period = _column(first, "Report Period")
    # One scan: each row reduced to fixed-width values (the file's place in
    # the list, the user hashed, dates, flags), so the table stays small
    # whatever the names and paths. Hashing the path or the sign-in domain
    # of every row would cost a third of the scan.
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE usage AS SELECT file_index AS file, "
        f"try_cast(c{refresh} AS DATE) AS refreshed, hash(lower(trim(c{upn}))) AS who, "
        f"try_cast(c{last} AS DATE) AS last_active, "
        f"(try_cast(c{last} AS DATE) IS NULL AND trim(c{last}) <> '') AS bad_last, "
        f"coalesce(try_cast(c{posted} AS BIGINT), 0) > 0 AS posted, try_cast(c{period} AS INTEGER) AS period "
        f"FROM {engine.scan(first, also=layouts[1:])} WHERE trim(c{upn}) <> ''")
    stats = engine.query("SELECT file, min(refreshed), max(refreshed), count(*) FILTER (WHERE refreshed IS NULL), "
                         "min(period), max(period), count(*) FILTER (WHERE last_active > refreshed), "
                         "count(*) FILTER (WHERE bad_last) FROM usage GROUP BY file")
    # In file name order: the first of two snapshots of one day is kept.
    files = sorted(stats, key=lambda row: str(layouts[row[0]].path))
    mixed = [row[0] for row in files if row[4] != row[5]]
    # The usual period of a file that mixes several (rare): asked only then.
    usual_periods = dict(engine.query("SELECT file, mode(period) FROM usage WHERE file IN (SELECT unnest($mixed)) "
                                      "GROUP BY file", {"mixed": mixed})) if mixed else {}
    keep: list[int] = []
    seen_dates: dict[dt.date, str] = {}
    periods = [usual_periods.get(row[0], row[4]) for row in files]
    common_period = max(sorted(set(periods), key=str), key=periods.count)
    domain_of = _domain_names(layouts, upn)
    domains = [domain_of.get(str(layouts[row[0]].path), "") for row in files]
    usual_domain = usage.tenant.strip().lower() if usage.tenant else max(sorted(set(domains)), key=domains.count)
    for (file, low, high, bad_dates, _, _, _, _), file_period, domain in zip(files, periods, domains, strict=True):
        layout = layouts[file]
        if bad_dates:
            row = _first_bad_date(layout, refresh)
            raise DataError(DataProblem("EV008", layout.display, "the report refresh date is not a date", row=row,
                                        column=layout.names[refresh], hint="dates are written YYYY-MM-DD"))
        if low != high:
            actuals.warnings.append(DataProblem("EV009", layout.display, "holds several refresh dates: it is read "
                                                "as one snapshot", severity="warning"))
        if file in mixed or file_period != common_period:
            actuals.warnings.append(DataProblem(
                "EV010", layout.display, f"is a {file_period}-day report where the others are {common_period}-day: "
                "set aside", column=layout.names[period], severity="warning",
                hint="export every snapshot with the same period"))
            continue
        if domain != usual_domain:
            actuals.warnings.append(DataProblem(
                "EV011", layout.display, f"its users sign in at {domain or 'another domain'}, unlike the other "
                "snapshots: a snapshot from another tenant, set aside", severity="warning"))
            continue
        if high in seen_dates:
            actuals.warnings.append(DataProblem(
                "EV012", layout.display, f"repeats the snapshot of {high.isoformat()} in {seen_dates[high]}: read once",
                severity="info"))
            continue
        seen_dates[high] = layout.display
        keep.append(file)
    actuals.files_read = len(keep)
    if not keep:
        return actuals
    actuals.latest = max(seen_dates)
    kept = [row for row in files if row[0] in set(keep)]
    ahead = [row for row in kept if row[6]]
    if ahead:
        actuals.warnings.append(DataProblem(
            "EV013", layouts[ahead[0][0]].display, f"{sum(row[6] for row in ahead)} last activity dates are after "
            "their snapshot's refresh date (dates going backwards): those activities are not counted",
            column=first.names[last], severity="warning"))
    unreadable = [row for row in kept if row[7]]
    if unreadable:
        layout = layouts[unreadable[0][0]]
        raise DataError(DataProblem("EV008", layout.display, "a last activity date is not a date",
                                    row=_first_bad_date(layout, last, blank_ok=True), column=layout.names[last],
                                    hint="dates are written YYYY-MM-DD"))
    # Every snapshot kept (the usual case): no filter to apply to each row.
    kept_only = [] if len(keep) == len(files) else ["file IN (SELECT unnest($keep))"]

    def where(*conditions: str) -> str:
        every = [*kept_only, *conditions]
        return f" WHERE {' AND '.join(every)}" if every else ""

    _count(engine, actuals, directory,
           active=("SELECT who, date_trunc('month', last_active) AS month FROM usage"
                   + where("last_active IS NOT NULL", "last_active <= refreshed")),
           posters="SELECT who, date_trunc('month', refreshed) AS month FROM usage" + where("posted"),
           everyone="SELECT DISTINCT who FROM usage" + where(),
           params={"keep": keep} if kept_only else None)
    return actuals


def _slack(engine: Engine, layouts: list[Layout], directory: str, actuals: Actuals) -> Actuals:
    first = layouts[0]
    date, user = _column(first, "date"), _column(first, "user_id")
    active, posted = _column(first, "is_active"), _column(first, "messages_posted_count")
    email = first.column("email_address")
    key = f"coalesce(nullif(lower(trim(c{email})), ''), lower(trim(c{user})))" if isinstance(email, int) \
        else f"lower(trim(c{user}))"
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE usage AS SELECT DISTINCT try_cast(c{date} AS DATE) AS day, c{date} AS day_text, "
        f"hash({key}) AS who, hash(lower(trim(c{user}))) AS who_id, "
        f"lower(trim(c{active})) IN ('true', '1', 'yes') AS is_active, "
        f"coalesce(try_cast(c{posted} AS BIGINT), 0) AS posted "
        f"FROM {engine.scan(first, also=layouts[1:])} WHERE trim(c{user}) <> ''")
    bad = engine.query("SELECT count(*) FROM usage WHERE day IS NULL")[0][0]
    if bad:
        for layout in layouts:
            row = _first_bad_date(layout, date)
            if row is not None:
                raise DataError(DataProblem("EV008", layout.display, "the date is not a date", row=row,
                                            column=layout.names[date], hint="dates are written YYYY-MM-DD"))
    actuals.files_read = len(layouts)
    latest = engine.query("SELECT max(day) FROM usage")[0][0]
    actuals.latest = latest
    # A directory keyed by Slack ids maps through who_id instead of the e-mail.
    engine.execute("CREATE OR REPLACE TEMP TABLE usage_keyed AS SELECT CASE WHEN who IN (SELECT who FROM directory) "
                   "THEN who ELSE who_id END AS who, day, is_active, posted FROM usage")
    _count(engine, actuals, directory,
           active="SELECT who, date_trunc('month', day) AS month FROM usage_keyed WHERE is_active",
           posters="SELECT who, date_trunc('month', day) AS month FROM usage_keyed WHERE posted > 0",
           everyone="SELECT DISTINCT who FROM usage_keyed")
    return actuals


def _count(engine: Engine, actuals: Actuals, directory: str, *, active: str, posters: str, everyone: str,
           params: dict[str, object] | None = None) -> None:
    # Each (user, month) once before the join: the same user turns up in
    # every weekly snapshot of a month, and a DISTINCT over two fixed-width
    # columns is far cheaper than a count(DISTINCT) per group after it.
    rows = engine.query(
        f"WITH a AS (SELECT DISTINCT * FROM ({active})), p AS (SELECT DISTINCT * FROM ({posters})), "
        f"am AS (SELECT d.gid, a.month, count(*) AS n FROM a JOIN {directory} d USING (who) "
        f"WHERE d.gid IS NOT NULL GROUP BY ALL), "
        f"pm AS (SELECT d.gid, p.month, count(*) AS n FROM p JOIN {directory} d USING (who) "
        f"WHERE d.gid IS NOT NULL GROUP BY ALL) "
        f"SELECT am.gid, strftime(am.month, '%Y-%m'), am.n, coalesce(pm.n, 0) FROM am LEFT JOIN pm "
        f"USING (gid, month) ORDER BY am.gid, am.month", params)
    actuals.months = [MonthActuals(g, m, int(n), int(p)) for g, m, n, p in rows]
    totals = engine.query(
        f"WITH e AS ({everyone}) SELECT count(*), count(*) FILTER (WHERE who NOT IN "
        f"(SELECT who FROM {directory} WHERE gid IS NOT NULL)) FROM e", params)[0]
    actuals.users, actuals.unmapped_users = int(totals[0]), int(totals[1])
    if actuals.unmapped_users:
        share = actuals.unmapped_users / actuals.users if actuals.users else 0
        actuals.warnings.append(DataProblem(
            "EV014", "usage", f"{actuals.unmapped_users} of {actuals.users} users ({share:.0%}) are in no group: "
            "the directory does not map them", severity="warning",
            hint="add their department to the directory's groups:, or check the user column matches the export's "
                 "(names concealed in the Microsoft 365 admin center cannot be mapped)"))


def _plain(engine: Engine, layouts: list[Layout], groups: Mapping[str, int], actuals: Actuals) -> Actuals:
    first = layouts[0]
    date, group, active = _column(first, "date"), _column(first, "group"), _column(first, "active_users")
    posters = first.column("posters")
    poster_sql = f"try_cast(c{posters} AS BIGINT)" if isinstance(posters, int) else "CAST(NULL AS BIGINT)"
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE usage AS SELECT DISTINCT filename AS file, try_cast(c{date} AS DATE) AS day, "
        f"trim(c{group}) AS gid, try_cast(c{active} AS BIGINT) AS active, {poster_sql} AS posters, "
        f"c{active} AS active_text FROM {engine.scan(first, also=layouts[1:], filename=True)}")
    by_path = {str(layout.path): layout for layout in layouts}
    bad = engine.query("SELECT file, count(*) FILTER (WHERE day IS NULL), count(*) FILTER (WHERE active IS NULL "
                       "OR active < 0) FROM usage GROUP BY file HAVING count(*) FILTER (WHERE day IS NULL) > 0 "
                       "OR count(*) FILTER (WHERE active IS NULL OR active < 0) > 0 ORDER BY file LIMIT 1")
    if bad:
        layout = by_path[bad[0][0]]
        if bad[0][1]:
            raise DataError(DataProblem("EV008", layout.display, "the date is not a date",
                                        row=_first_bad_date(layout, date), column=layout.names[date],
                                        hint="dates are written YYYY-MM-DD"))
        raise DataError(DataProblem("EV008", layout.display, "active_users is not a whole number",
                                    row=_first_bad_number(layout, active), column=layout.names[active]))
    unknown = engine.query("SELECT gid FROM usage WHERE gid NOT IN (SELECT unnest($ids)) ORDER BY gid LIMIT 1",
                           {"ids": sorted(groups)})
    if unknown:
        from socialplan.suggest import suggestion

        value = unknown[0][0]
        layout = next(lo for lo in layouts if _first_row_with(lo, group, value) is not None)
        raise DataError(DataProblem("EV005", layout.display, f"'{value}' is not a stakeholder group of the plan",
                                    row=_first_row_with(layout, group, value), column=layout.names[group],
                                    hint=suggestion(value, groups, "group ids")))
    rows = engine.query("SELECT gid, strftime(day, '%Y-%m') AS month, arg_max(active, day), arg_max(posters, day) "
                        "FROM usage GROUP BY ALL ORDER BY gid, month")
    actuals.months = [MonthActuals(g, m, int(a), None if p is None else int(p)) for g, m, a, p in rows]
    actuals.files_read = len(layouts)
    actuals.latest = engine.query("SELECT max(day) FROM usage")[0][0]
    return actuals


# Enough rows to outvote a few guests; few enough that a folder of 10,000
# daily exports is still read in a moment.
DOMAIN_SAMPLE = 100


def _domain_names(layouts: list[Layout], upn: int) -> dict[str, str]:
    """Each file's usual sign-in domain: the most common among its first
    rows (only the part after '@', which names the organisation, never the
    person). A snapshot comes from one tenant, so its first rows say which;
    reading the domain of every row would cost a third of the scan of a
    large export."""
    import csv

    out: dict[str, str] = {}
    for layout in layouts:
        counts: dict[str, int] = {}
        try:
            for index, (_, record) in enumerate(records(layout)):
                if index >= DOMAIN_SAMPLE:
                    break
                if upn < len(record) and "@" in record[upn]:
                    domain = record[upn].rsplit("@", 1)[1].strip().lower()
                    counts[domain] = counts.get(domain, 0) + 1
        except (csv.Error, UnicodeDecodeError):
            pass  # the engine has read the file already; the rows before are enough
        if counts:
            out[str(layout.path)] = max(sorted(counts), key=lambda d: counts[d])
    return out


def _first_bad_date(layout: Layout, column: int, *, blank_ok: bool = False) -> int | None:
    for row, record in records(layout):
        text = record[column].strip() if column < len(record) else ""
        if blank_ok and not text:
            continue
        try:
            dt.date.fromisoformat(text[:10])
        except ValueError:
            return row
    return None


def _first_bad_number(layout: Layout, column: int) -> int | None:
    for row, record in records(layout):
        text = record[column].strip() if column < len(record) else ""
        if not text.isdigit():
            return row
    return None


def _first_row_with(layout: Layout, column: int, value: str) -> int | None:
    for row, record in records(layout):
        if column < len(record) and record[column].strip() == value:
            return row
    return None
