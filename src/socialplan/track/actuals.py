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

Privacy: principal names, e-mail addresses and ids are grouped and replaced
by a 64-bit hash inside the engine, display names are never read, and the
tables the engine keeps hold hashes; only counts per group and month leave
it.

The Viva Engage snapshots are read in one pass over the users. Each
snapshot's refresh date and report period are taken from its first and last
rows: the admin center writes one of each per file. Where those disagree, a
date or count does not parse, or a last activity is after its refresh date,
every row is read as text instead (the careful path), so the problem can be
located or reported file by file.
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
    # One row per user: listed twice, in two groups, a user counts once,
    # in the first group by id (a user in no group only when no row maps).
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE directory AS SELECT hash(lower(trim(c{user}))) AS who, "
        f"min(list_extract($dir_ids, list_position($dir_values, lower(trim(c{group}))))) AS gid "
        f"FROM {engine.scan(layout)} WHERE trim(c{user}) <> '' GROUP BY 1",
        {"dir_values": [v for v, _ in ordered], "dir_ids": [g for _, g in ordered]},
    )
    return "directory"


# Months are counted as bits of one mask per user: one scan groups the rows
# by user (a few hundred thousand groups) instead of by user and month
# (millions), which halves the work of the largest exports. A 64-bit mask
# holds 62 months and is the faster; a longer history takes a 128-bit one
# (126 months). The window ends at the latest snapshot's month. Two more
# bits say what the rows' dates were otherwise: the first, activity before
# the window (reported, not counted); the last, activity after the refresh
# date (dates going backwards, which the careful path reports).
HISTORY_MONTHS = 24  # counted before the first snapshot, when the window allows


def _month_number(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_text(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def _month_start(number: int) -> dt.date:
    return dt.date(number // 12, number % 12 + 1, 1)


@dataclass(frozen=True)
class _Window:
    """The months the masks count: bit i (from 1 to ``width``) is month
    ``first + i - 1``; bit 0 is before the window, bit ``width + 1`` after
    the refresh date."""

    first: int  # month number
    width: int
    kind: str  # the engine's unsigned integer type of a mask

    BEFORE = 0

    @classmethod
    def around(cls, refreshed: Sequence[dt.date]) -> _Window:
        """The window ending at the month of the latest refresh date that
        covers the earliest, and the history before it where it can."""
        last, earliest = _month_number(max(refreshed)), _month_number(min(refreshed))
        wanted = last - earliest + 1 + HISTORY_MONTHS
        width, kind = (62, "UBIGINT") if wanted <= 62 else (126, "UHUGEINT")
        return cls(last - width + 1, width, kind)

    @property
    def ahead(self) -> int:
        return self.width + 1

    @property
    def first_day(self) -> dt.date:
        return _month_start(self.first)

    def bit_of(self, day: dt.date) -> int | None:
        number = _month_number(day) - self.first
        return number + 1 if 0 <= number < self.width else None

    def month_of_day(self) -> list[int]:
        """Bit of each day of the window, from its first day: a look-up the
        engine indexes by day, far cheaper per row than taking the year and
        the month of a date."""
        out: list[int] = []
        for number in range(self.width):
            days = (_month_start(self.first + number + 1) - _month_start(self.first + number)).days
            out.extend([number + 1] * days)
        return out


@dataclass(frozen=True)
class _FileStats:
    """What decides whether a snapshot is read: its refresh dates, report
    periods and sign-in domain, and the cells that cannot be read."""

    file: int  # the snapshot's place in the list of layouts
    low: dt.date | None  # earliest and latest refresh dates
    high: dt.date | None
    period_low: int | None
    period_high: int | None
    usual_period: int | None  # the period most rows give
    domain: str
    bad_refresh: int = 0  # rows
    bad_last: int = 0
    bad_posted: int = 0
    ahead: int = 0  # last activity after the refresh date


@dataclass(frozen=True)
class _UserTotals:
    """Totals of the pass over users."""

    ahead: int  # users with a last activity after its refresh date
    before: int  # users with a last activity before the window


def _head(layout: Layout) -> list[list[str]] | None:
    """A snapshot's first rows; None when they cannot be read as CSV (the
    engine reads the file too, and says where)."""
    import csv

    out: list[list[str]] = []
    try:
        for _, record in records(layout):
            if len(out) >= DOMAIN_SAMPLE:
                break
            out.append(record)
    except (csv.Error, UnicodeDecodeError):
        return None
    return out


def _usual_domain(head: Sequence[Sequence[str]], user: int) -> str:
    """The most common sign-in domain among a snapshot's first rows: only
    the part after '@', which names the organisation, never the person. A
    snapshot comes from one tenant, so its first rows say which; reading the
    domain of every row would cost a third of the scan of a large export."""
    counts: dict[str, int] = {}
    for record in head:
        if user < len(record) and "@" in record[user]:
            domain = record[user].rsplit("@", 1)[1].strip().lower()
            counts[domain] = counts.get(domain, 0) + 1
    return max(sorted(counts), key=lambda d: counts[d], default="")


TAIL_BYTES = 64 * 1024  # enough for a few hundred of the last rows


def _tail(layout: Layout) -> list[str] | None:
    """A snapshot's last row, read from the end of the file; None when it
    cannot be read as one row of the header's width."""
    import csv
    import io

    with layout.path.open("rb") as stream:
        stream.seek(0, io.SEEK_END)
        size = stream.tell()
        stream.seek(max(0, size - TAIL_BYTES))
        chunk = stream.read()
    if size > TAIL_BYTES:
        # From the first whole line: a newline byte never falls inside a
        # UTF-8 character.
        chunk = chunk[chunk.find(b"\n") + 1:] if b"\n" in chunk else b""
    try:
        rows = [r for r in csv.reader(io.StringIO(chunk.decode("utf-8-sig")), delimiter=layout.delimiter) if r]
    except (csv.Error, UnicodeDecodeError):
        return None
    return rows[-1] if rows and len(rows[-1]) == layout.width else None


def _from_ends(layouts: list[Layout], columns: dict[str, int]) -> list[_FileStats] | None:
    """Each snapshot as its ends describe it: its sign-in domain (from its
    first rows), and the refresh date and report period its first and last
    rows agree on. The admin center writes one of each per file, so the
    rows between are not read for them. None when the ends cannot say (no
    rows, a cell that is no date or number, first and last disagreeing):
    the statistics are then taken from every row."""
    out: list[_FileStats] = []
    refresh, period = columns["refresh"], columns["period"]
    for number, layout in enumerate(layouts):
        head, tail = _head(layout), _tail(layout)
        if not head or tail is None or max(refresh, period) >= len(head[0]):
            return None
        ends = {(row[refresh].strip(), row[period].strip()) for row in (head[0], tail)}
        if len(ends) != 1:
            return None
        day_text, period_text = ends.pop()
        try:
            day, days = dt.date.fromisoformat(day_text), int(period_text)
        except ValueError:
            return None
        out.append(_FileStats(number, day, day, days, days, days, _usual_domain(head, columns["user"])))
    return out


def _from_every_row(engine: Engine, layouts: list[Layout], columns: dict[str, int]) -> list[_FileStats]:
    """Each snapshot's statistics from all its rows, every cell read as text
    (the careful path: a cell that does not parse is counted, for a located
    error). Domains from the first rows, as :func:`_from_ends`."""
    c = {name: f"c{index}" for name, index in columns.items()}
    refresh, period = f"try_cast({c['refresh']} AS DATE)", f"try_cast({c['period']} AS INTEGER)"
    last, posted = f"try_cast({c['last']} AS DATE)", f"try_cast({c['posted']} AS BIGINT)"
    rows = engine.query(
        f"SELECT file_index, {refresh} AS refreshed, {period} AS period, "
        f"{last} IS NULL AND trim({c['last']}) <> '' AS bad_last, "
        f"{posted} IS NULL AND trim({c['posted']}) <> '' AS bad_posted, coalesce({last} > {refresh}, false) AS ahead, "
        "count(*) "
        f"FROM {engine.scan(layouts[0], also=layouts[1:])} GROUP BY ALL ORDER BY ALL")
    by_file: dict[int, list[tuple[dt.date | None, int | None, bool, bool, bool, int]]] = {}
    for file, *rest in rows:
        by_file.setdefault(int(file), []).append(tuple(rest))
    out: list[_FileStats] = []
    for file, groups in sorted(by_file.items()):
        days = [g[0] for g in groups if g[0] is not None]
        periods: dict[int, int] = {}
        for g in groups:
            if g[1] is not None:
                periods[g[1]] = periods.get(g[1], 0) + g[5]
        out.append(_FileStats(
            file, min(days, default=None), max(days, default=None), min(periods, default=None),
            max(periods, default=None), max(sorted(periods), key=lambda k: periods[k], default=None),
            _usual_domain(_head(layouts[file]) or [], columns["user"]),
            bad_refresh=sum(g[5] for g in groups if g[0] is None), bad_last=sum(g[5] for g in groups if g[2]),
            bad_posted=sum(g[5] for g in groups if g[3]), ahead=sum(g[5] for g in groups if g[4])))
    return out


def _user_masks(engine: Engine, layouts: list[Layout], columns: dict[str, int], window: _Window, *,
                expected: list[_FileStats] | None) -> _UserTotals | None:
    """The pass over users: per user (table ``usage_users``), the months
    active and the months posting as bit masks (see :class:`_Window`).

    With ``expected`` (each snapshot as its ends describe it), the fast
    path: the reader parses dates and counts itself (None when a cell does
    not parse), and each row takes its snapshot's refresh date. Without,
    every cell is read as text and cast, and each row has its own refresh
    date."""
    c = {name: f"c{index}" for name, index in columns.items()}
    first_day = f"DATE '{window.first_day.isoformat()}'"  # from a date: safe to inline, and faster than a parameter
    if expected is not None:
        last, posted = c["last"], c["posted"]
        refresh = "list_extract($refreshed, file_index::BIGINT + 1)"
        posted_bit = "list_extract($file_bit, file_index::BIGINT + 1)"
        types = {columns["last"]: "DATE", columns["posted"]: "BIGINT"}
    else:
        refresh, last = f"try_cast({c['refresh']} AS DATE)", f"try_cast({c['last']} AS DATE)"
        posted = f"try_cast({c['posted']} AS BIGINT)"
        posted_bit = (f"CASE WHEN {refresh} >= {first_day} THEN "
                      f"list_extract($month_of_day, ({refresh} - {first_day}) + 1) END")
        types = {}
    kind = window.kind
    # Grouped by the name as written (one hash table lookup a row), then
    # each name hashed once, compared without case or spaces as the
    # directory's are: the table kept holds no name.
    sql = (
        "CREATE OR REPLACE TEMP TABLE usage_users AS SELECT hash(lower(trim(user_name))) AS who, "
        "bit_or(active) AS active, bit_or(posted) AS posted FROM (SELECT user_name, "
        f"bit_or(1::{kind} << active_bit::{kind}) AS active, bit_or(1::{kind} << posted_bit::{kind}) AS posted "
        f"FROM (SELECT {c['user']} AS user_name, CASE WHEN {last} IS NULL THEN NULL "
        f"WHEN {last} > {refresh} THEN {window.ahead} WHEN {last} < {first_day} THEN {window.BEFORE} "
        f"ELSE list_extract($month_of_day, ({last} - {first_day}) + 1) END AS active_bit, "
        f"CASE WHEN coalesce({posted}, 0) > 0 THEN {posted_bit} END AS posted_bit "
        f"FROM {engine.scan(layouts[0], also=layouts[1:], types=types)}) GROUP BY user_name) "
        "WHERE trim(user_name) <> '' GROUP BY 1")
    params: dict[str, object] = {"month_of_day": window.month_of_day()}
    if expected is not None:
        params["refreshed"] = [each.low for each in expected]
        params["file_bit"] = [window.bit_of(each.low) if each.low else None for each in expected]
        if not engine.attempt(sql, params):
            return None
    else:
        engine.execute(sql, params)
    totals = engine.query(f"SELECT count(*) FILTER (WHERE (active >> {window.ahead}::{kind}) & 1 = 1), "
                          f"count(*) FILTER (WHERE active & 1 = 1) FROM usage_users")[0]
    return _UserTotals(int(totals[0]), int(totals[1]))


def _choose(layouts: list[Layout], stats: list[_FileStats], usage: Usage, refresh: int, period: int
            ) -> tuple[list[int], list[DataProblem]]:
    """The snapshots to read (in file name order, the first of two of one
    day), and why others are set aside; raises for a refresh date that is
    no date."""
    for each in stats:
        if each.bad_refresh:
            layout = layouts[each.file]
            raise DataError(DataProblem("EV008", layout.display, "the report refresh date is not a date",
                                        row=_first_bad_date(layout, refresh), column=layout.names[refresh],
                                        hint="dates are written YYYY-MM-DD"))
    files = sorted(stats, key=lambda s: str(layouts[s.file].path))
    periods = [s.usual_period for s in files]
    common_period = max(sorted(set(periods), key=str), key=periods.count)
    domains = [s.domain for s in files]
    usual_domain = usage.tenant.strip().lower() if usage.tenant else max(sorted(set(domains)), key=domains.count)
    keep: list[int] = []
    warnings: list[DataProblem] = []
    seen_dates: dict[dt.date, str] = {}
    for each in files:
        layout = layouts[each.file]
        if each.low != each.high:
            warnings.append(DataProblem("EV009", layout.display, "holds several refresh dates: it is read as one "
                                        "snapshot", severity="warning"))
        mixed = each.period_low != each.period_high
        if mixed or each.usual_period != common_period:
            warnings.append(DataProblem(
                "EV010", layout.display, f"is a {each.usual_period}-day report where the others are "
                f"{common_period}-day: set aside", column=layout.names[period], severity="warning",
                hint="export every snapshot with the same period"))
            continue
        if each.domain != usual_domain:
            warnings.append(DataProblem(
                "EV011", layout.display, f"its users sign in at {each.domain or 'another domain'}, unlike the "
                "other snapshots: a snapshot from another tenant, set aside", severity="warning"))
            continue
        assert each.high is not None
        if each.high in seen_dates:
            warnings.append(DataProblem(
                "EV012", layout.display, f"repeats the snapshot of {each.high.isoformat()} in "
                f"{seen_dates[each.high]}: read once", severity="info"))
            continue
        seen_dates[each.high] = layout.display
        keep.append(each.file)
    return sorted(keep), warnings


def _viva(engine: Engine, layouts: list[Layout], directory: str, usage: Usage, actuals: Actuals) -> Actuals:
    first = layouts[0]
    columns = {"refresh": _column(first, "Report Refresh Date"), "user": _column(first, "User Principal Name"),
               "last": _column(first, "Last Activity Date"), "posted": _column(first, "Posted Count"),
               "period": _column(first, "Report Period")}
    refresh, last, period = columns["refresh"], columns["last"], columns["period"]
    # The fast path: the snapshots as their ends describe them, and one pass
    # over the users. Where the ends disagree, a cell does not parse, or a
    # last activity is after its refresh date, the careful path: statistics
    # from every row, then the pass over the users.
    totals: _UserTotals | None = None
    ends = _from_ends(layouts, columns)
    if ends is not None:
        keep, warnings = _choose(layouts, ends, usage, refresh, period)
        stats = {s.file: s for s in ends}
        if keep:
            window = _Window.around([d for f in keep if (d := stats[f].high) is not None])
            totals = _user_masks(engine, [layouts[f] for f in keep], columns, window,
                                 expected=[stats[f] for f in keep])
            if totals is not None and totals.ahead:
                totals = None  # dates going backwards: the careful path says where
    if totals is None:
        every_row = _from_every_row(engine, layouts, columns)
        keep, warnings = _choose(layouts, every_row, usage, refresh, period)
        stats = {s.file: s for s in every_row}
        for each in (stats[f] for f in keep):
            for count, column in ((each.bad_last, last), (each.bad_posted, columns["posted"])):
                if count:
                    layout = layouts[each.file]
                    dated = column == last
                    raise DataError(DataProblem(
                        "EV008", layout.display, "a last activity date is not a date" if dated else
                        "a posted count is not a whole number", column=layout.names[column],
                        row=_first_bad_date(layout, column, blank_ok=True) if dated else
                        _first_bad_count(layout, column),
                        hint="dates are written YYYY-MM-DD" if dated else
                        "counts are whole numbers, as the admin center writes them"))
        if keep:
            window = _Window.around([d for f in keep for d in (stats[f].low, stats[f].high) if d is not None])
            totals = _user_masks(engine, [layouts[f] for f in keep], columns, window, expected=None)
    actuals.warnings.extend(warnings)
    actuals.files_read = len(keep)
    if totals is None:
        return actuals
    actuals.latest = max(d for f in keep for d in (stats[f].low, stats[f].high) if d is not None)
    ahead = [stats[f] for f in sorted(keep, key=lambda f: str(layouts[f].path)) if stats[f].ahead]
    if ahead:
        actuals.warnings.append(DataProblem(
            "EV013", layouts[ahead[0].file].display, f"{sum(s.ahead for s in ahead)} last activity dates are after "
            "their snapshot's refresh date (dates going backwards): those activities are not counted",
            column=first.names[last], severity="warning"))
    if totals.before:
        actuals.warnings.append(DataProblem(
            "EV018", usage.folder, f"{totals.before} users were last active before {_month_text(window.first)}, "
            f"{window.width - 1} months before the latest snapshot's month: that activity is not counted by month",
            column=first.names[last], severity="info"))
    _count_masks(engine, actuals, directory, window)
    return actuals


def _slack(engine: Engine, layouts: list[Layout], directory: str, actuals: Actuals) -> Actuals:
    first = layouts[0]
    date, user = _column(first, "date"), _column(first, "user_id")
    active, posted = _column(first, "is_active"), _column(first, "messages_posted_count")
    email = first.column("email_address")
    scan = engine.scan(first, also=layouts[1:])
    day = f"try_cast(c{date} AS DATE)"
    low, high, bad = engine.query(f"SELECT min({day}), max({day}), count(*) FILTER (WHERE {day} IS NULL) "
                                  f"FROM {scan} WHERE trim(c{user}) <> ''")[0]
    if bad:
        for layout in layouts:
            row = _first_bad_date(layout, date)
            if row is not None:
                raise DataError(DataProblem("EV008", layout.display, "the date is not a date", row=row,
                                            column=layout.names[date], hint="dates are written YYYY-MM-DD"))
    actuals.files_read = len(layouts)
    if high is None:
        return actuals
    actuals.latest = high
    window = _Window.around([low, high])
    kind, first_day = window.kind, f"DATE '{window.first_day.isoformat()}'"  # from a date: safe to inline
    bit = (f"CASE WHEN {day} < {first_day} THEN {window.BEFORE} "
           f"ELSE list_extract($month_of_day, ({day} - {first_day}) + 1) END")
    email_text = f"c{email}" if isinstance(email, int) else "NULL"
    # Each member's months as mask bits (see _Window), grouped by what the
    # export wrote, then keyed: by e-mail address where the directory knows
    # it, else by Slack id (a directory keyed by ids maps through those).
    engine.execute(
        "CREATE OR REPLACE TEMP TABLE usage_users AS SELECT CASE WHEN by_email IN (SELECT who FROM directory) "
        "THEN by_email ELSE by_id END AS who, bit_or(active) AS active, bit_or(posted) AS posted FROM ("
        "SELECT hash(coalesce(nullif(lower(trim(email)), ''), lower(trim(id)))) AS by_email, "
        "hash(lower(trim(id))) AS by_id, active, posted FROM ("
        f"SELECT email, id, bit_or(1::{kind} << active_bit::{kind}) AS active, "
        f"bit_or(1::{kind} << posted_bit::{kind}) AS posted FROM ("
        f"SELECT {email_text} AS email, c{user} AS id, "
        f"CASE WHEN lower(trim(c{active})) IN ('true', '1', 'yes') THEN {bit} END AS active_bit, "
        f"CASE WHEN coalesce(try_cast(c{posted} AS BIGINT), 0) > 0 THEN {bit} END AS posted_bit "
        f"FROM {scan} WHERE trim(c{user}) <> '') GROUP BY email, id)) GROUP BY 1",
        {"month_of_day": window.month_of_day()})
    _count_masks(engine, actuals, directory, window)
    return actuals


def _count_masks(engine: Engine, actuals: Actuals, directory: str, window: _Window) -> None:
    """Active users and posters per group and month from the users' month
    masks (table ``usage_users``: who, active, posted), in one pass: a
    column per month that has any activity."""
    present = engine.query("SELECT bit_or(active) FROM usage_users")[0][0]
    bits = [i for i in range(1, window.width + 1) if (int(present or 0) >> i) & 1]
    kind = window.kind
    columns = "".join(f", count(*) FILTER (WHERE (u.active >> {b}::{kind}) & 1 = 1), "
                      f"count(*) FILTER (WHERE (u.posted >> {b}::{kind}) & 1 = 1)" for b in bits)
    rows = engine.query(f"SELECT d.gid, count(*){columns} FROM usage_users u LEFT JOIN {directory} d USING (who) "
                        "GROUP BY d.gid ORDER BY d.gid NULLS FIRST")
    actuals.months = []
    for gid, everyone, *counts in rows:
        actuals.users += int(everyone)
        if gid is None:
            actuals.unmapped_users = int(everyone)
            continue
        for index, bit in enumerate(bits):
            active, posters = int(counts[2 * index]), int(counts[2 * index + 1])
            if active:
                actuals.months.append(MonthActuals(gid, _month_text(window.first + bit - 1), active, posters))
    _warn_unmapped(actuals)


def _warn_unmapped(actuals: Actuals) -> None:
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


def _first_bad_count(layout: Layout, column: int) -> int | None:
    """The first row whose count (blank allowed) is no integer."""
    for row, record in records(layout):
        text = record[column].strip() if column < len(record) else ""
        try:
            int(text or "0")
        except ValueError:
            return row
    return None


def _first_row_with(layout: Layout, column: int, value: str) -> int | None:
    for row, record in records(layout):
        if column < len(record) and record[column].strip() == value:
            return row
    return None
