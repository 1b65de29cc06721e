"""Usage exports -> active users per group and month, checked against a
plain-Python reading of the same generated snapshots."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import shutil
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from socialplan.data.engine import Engine
from socialplan.data.tabular import DataError
from socialplan.track.actuals import Actuals, read_usage
from socialplan.track.spec import Usage

ROOT = Path(__file__).resolve().parents[1]
GROUPS = {"Consulting": "consultants", "Partners": "partners", "Business Services": "services"}
HEADCOUNTS = {"consultants": 1200, "partners": 60, "services": 300}


def _factory() -> ModuleType:
    path = ROOT / "examples" / "tools" / "make_usage_snapshots.py"
    spec = importlib.util.spec_from_file_location("make_usage_snapshots", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


FACTORY = _factory()
SMALL = tuple(FACTORY.Department(d.name, d.headcount // 6, d.p, d.q, d.ceiling, d.weekly_activity)
              for d in FACTORY.DEFAULT_DEPARTMENTS)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def _directory(folder: Path, groups: dict[str, str]) -> dict[str, str]:
    return {r["User Principal Name"].lower(): groups[r["Department"]]
            for r in _rows(folder / "directory.csv") if r["Department"] in groups}


def expected_viva(folder: Path, groups: dict[str, str]) -> tuple[dict[tuple[str, str], tuple[int, int]], int, int]:
    """Active users and posters per (group, month), read independently."""
    directory = _directory(folder, groups)
    active: dict[tuple[str, str], set[str]] = defaultdict(set)
    posters: dict[tuple[str, str], set[str]] = defaultdict(set)
    everyone: set[str] = set()
    for path in sorted((folder / "usage").glob("EngageActivityUserDetail*.csv")):
        for row in _rows(path):
            user = row["User Principal Name"].lower()
            everyone.add(user)
            group = directory.get(user)
            if group is None:
                continue
            if row["Last Activity Date"] and row["Last Activity Date"] <= row["Report Refresh Date"]:
                active[(group, row["Last Activity Date"][:7])].add(user)
            if int(row["Posted Count"]) > 0:
                posters[(group, row["Report Refresh Date"][:7])].add(user)
    want = {key: (len(users), len(posters.get(key, ()))) for key, users in active.items()}
    return want, len(everyone), len(everyone - set(directory))


def _usage(folder: Path, platform: str = "viva-engage", groups: dict[str, str] = GROUPS, **extra: Any) -> Usage:
    return Usage.model_validate({"platform": platform, "folder": str(folder / "usage"), "directory": {
        "file": str(folder / "directory.csv"), "user_column": "User Principal Name", "group_column": "Department",
        "groups": groups}, **extra})


def _read(folder: Path, usage: Usage) -> Actuals:
    with Engine() as engine:
        return read_usage(engine, usage, folder, HEADCOUNTS)


@pytest.fixture(scope="module")
def viva(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("viva")
    FACTORY.make(folder, weeks=14, departments=SMALL)
    return folder


def _edited_copy(viva: Path, tmp_path: Path, snapshot: int, cells: dict[int, dict[int, str]]) -> tuple[Path, Path]:
    """A copy of the generated folder with cells of one user-detail
    snapshot changed: {row index in the file's lines: {column: text}}."""
    shutil.copytree(viva, tmp_path / "copy")
    folder = tmp_path / "copy"
    path = sorted((folder / "usage").glob("EngageActivityUserDetail*.csv"))[snapshot]
    rows = path.read_text(encoding="utf-8-sig").splitlines()
    for index, changes in cells.items():
        fields = rows[index].split(",")
        for column, text in changes.items():
            fields[column] = text
        rows[index] = ",".join(fields)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder, path


def test_viva_engage_actuals_match_an_independent_reading(viva: Path) -> None:
    groups = {"Consulting": "consultants", "Partners": "partners"}  # Business Services left unmapped
    actuals = _read(viva, _usage(viva, groups=groups))
    want, users, unmapped = expected_viva(viva, groups)
    got = {(m.group, m.month): (m.active, m.posters) for m in actuals.months}
    assert got == want
    assert (actuals.users, actuals.unmapped_users) == (users, unmapped)
    assert unmapped > 0 and any(w.code == "EV014" for w in actuals.warnings)
    assert actuals.files_read == 14


def test_a_repeated_snapshot_is_read_once(viva: Path, tmp_path: Path) -> None:
    shutil.copytree(viva, tmp_path / "copy")
    folder = tmp_path / "copy"
    original = sorted((folder / "usage").glob("EngageActivityUserDetail*.csv"))[3]
    shutil.copy(original, folder / "usage" / "zz-downloaded-again.csv")
    actuals = _read(folder, _usage(folder))
    clean = _read(viva, _usage(viva))
    assert actuals.months == clean.months
    assert [w.code for w in actuals.warnings if w.code == "EV012"] == ["EV012"]


def test_mixed_periods_and_another_tenant_are_set_aside(viva: Path, tmp_path: Path) -> None:
    shutil.copytree(viva, tmp_path / "copy")
    folder = tmp_path / "copy"
    files = sorted((folder / "usage").glob("EngageActivityUserDetail*.csv"))
    monthly = files[2].read_text(encoding="utf-8-sig").replace(",7\n", ",30\n")
    files[2].write_text(monthly, encoding="utf-8")
    other = files[5].read_text(encoding="utf-8-sig").replace("@northwind.example", "@fabrikam.example")
    files[5].write_text(other, encoding="utf-8")
    actuals = _read(folder, _usage(folder))
    codes = sorted(w.code for w in actuals.warnings)
    assert "EV010" in codes and "EV011" in codes
    assert actuals.files_read == 12


def test_dates_going_backwards_are_reported_not_counted(viva: Path, tmp_path: Path) -> None:
    folder, _ = _edited_copy(viva, tmp_path, -1, {1: {5: "2031-01-01"}})
    actuals = _read(folder, _usage(folder))
    (warning,) = [w for w in actuals.warnings if w.code == "EV013"]
    assert "1 last activity dates are after" in warning.message
    assert not any(m.month == "2031-01" for m in actuals.months)


def test_a_guest_domain_in_the_first_rows_does_not_set_a_snapshot_aside(viva: Path, tmp_path: Path) -> None:
    # A snapshot's tenant is the usual domain of its first rows: a few guests
    # among them (and a cell larger than Python's csv reader takes, which
    # the engine reads) change nothing.
    shutil.copytree(viva, tmp_path / "copy")
    folder = tmp_path / "copy"
    path = sorted((folder / "usage").glob("EngageActivityUserDetail*.csv"))[4]
    rows = path.read_text(encoding="utf-8-sig").splitlines()
    for index in (1, 2):
        fields = rows[index].split(",")
        fields[1] = fields[1].replace("@northwind.example", "@fabrikam.example")
        rows[index] = ",".join(fields)
    fields = rows[60].split(",")
    fields[2] = "x" * 200_000  # the display name, never read by the product
    rows[60] = ",".join(fields)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    actuals = _read(folder, _usage(folder, tenant="northwind.example"))
    assert not [w for w in actuals.warnings if w.code == "EV011"]
    assert actuals.files_read == 14


def test_a_bad_date_is_located(viva: Path, tmp_path: Path) -> None:
    folder, path = _edited_copy(viva, tmp_path, 0, {4: {5: "31/07/2027"}})
    with pytest.raises(DataError) as caught:
        _read(folder, _usage(folder))
    problem = caught.value.problem
    assert (problem.row, problem.column, problem.file.endswith(path.name)) == (5, "Last Activity Date", True)


def test_an_export_of_another_kind_names_the_missing_column(tmp_path: Path) -> None:
    (tmp_path / "usage").mkdir()
    (tmp_path / "usage" / "x.csv").write_text("Report Refresh Date,User Principal Nme,Last Activity Date,"
                                              "Posted Count,Report Period\n2027-07-11,a@b.c,,0,7\n")
    (tmp_path / "directory.csv").write_text("User Principal Name,Department\na@b.c,Consulting\n")
    with pytest.raises(DataError) as caught:
        _read(tmp_path, _usage(tmp_path))
    assert caught.value.problem.code == "EV006"
    assert "did you mean 'User Principal Nme'" in (caught.value.problem.hint or "")


def test_slack_member_analytics_match_an_independent_reading(tmp_path: Path) -> None:
    people = FACTORY.make(tmp_path, platform="slack", weeks=8, departments=SMALL)
    actuals = _read(tmp_path, _usage(tmp_path, platform="slack"))
    department = {p.upn: GROUPS[p.department] for p in people}
    active: dict[tuple[str, str], set[str]] = defaultdict(set)
    posters: dict[tuple[str, str], set[str]] = defaultdict(set)
    for path in (tmp_path / "usage").glob("*.csv"):
        for row in _rows(path):
            key = (department[row["email_address"]], row["date"][:7])
            if row["is_active"] == "true":
                active[key].add(row["user_id"])
            if int(row["messages_posted_count"]) > 0:
                posters[key].add(row["user_id"])
    want = {key: (len(users), len(posters.get(key, ()))) for key, users in active.items()}
    assert {(m.group, m.month): (m.active, m.posters) for m in actuals.months} == want
    assert actuals.unmapped_users == 0


def test_plain_counts_take_the_latest_row_of_each_month(tmp_path: Path) -> None:
    (tmp_path / "usage").mkdir()
    (tmp_path / "usage" / "a.csv").write_text(
        "date,group,active_users,posters\n2027-07-04,consultants,10,2\n2027-07-25,consultants,40,9\n"
        "2027-08-01,consultants,55,12\n2027-07-11,partners,5,1\n")
    usage = Usage.model_validate({"platform": "plain", "folder": str(tmp_path / "usage")})
    actuals = _read(tmp_path, usage)
    assert [(m.group, m.month, m.active, m.posters) for m in actuals.months] == [
        ("consultants", "2027-07", 40, 9), ("consultants", "2027-08", 55, 12), ("partners", "2027-07", 5, 1)]


def test_plain_counts_for_an_unknown_group_are_located(tmp_path: Path) -> None:
    (tmp_path / "usage").mkdir()
    (tmp_path / "usage" / "a.csv").write_text("date,group,active_users\n2027-07-04,consultants,10\n"
                                              "2027-07-11,consultlants,12\n")
    usage = Usage.model_validate({"platform": "plain", "folder": str(tmp_path / "usage")})
    with pytest.raises(DataError) as caught:
        _read(tmp_path, usage)
    problem = caught.value.problem
    assert (problem.code, problem.row, problem.column) == ("EV005", 3, "group")
    assert "did you mean 'consultants'" in (problem.hint or "")


def test_no_name_or_principal_name_leaves_the_engine(viva: Path) -> None:
    actuals = _read(viva, _usage(viva))
    text = repr(actuals)
    for row in _rows(viva / "directory.csv")[:200]:
        assert row["User Principal Name"] not in text and row["Display Name"] not in text
    assert "@" not in text.replace("@northwind", "")  # no address at all


def test_generated_snapshots_are_deterministic(tmp_path: Path) -> None:
    FACTORY.make(tmp_path / "a", weeks=3, departments=SMALL)
    FACTORY.make(tmp_path / "b", weeks=3, departments=SMALL)
    for path in sorted((tmp_path / "a").rglob("*.csv")):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()
    first = dt.date(2027, 7, 11).isoformat()
    assert (tmp_path / "a" / "usage" / f"EngageActivityUserDetail{first}.csv").is_file()


# The reading has a fast path (each snapshot's refresh date and period from
# its first and last rows, one pass over the users) and a careful one (every
# row's cells as text, statistics per file, then the users). Both must count
# the same.


def _careful(monkeypatch: pytest.MonkeyPatch) -> None:
    import socialplan.track.actuals as actuals_module

    monkeypatch.setattr(actuals_module, "_from_ends", lambda layouts, columns: None)


def test_the_fast_and_the_careful_paths_count_the_same(viva: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(viva, tmp_path / "copy")
    folder = tmp_path / "copy"
    files = sorted((folder / "usage").glob("EngageActivityUserDetail*.csv"))
    shutil.copy(files[3], folder / "usage" / "zz-downloaded-again.csv")  # a duplicate, set aside
    groups = {"Consulting": "consultants", "Partners": "partners"}
    fast = _read(folder, _usage(folder, groups=groups))
    _careful(monkeypatch)
    careful = _read(folder, _usage(folder, groups=groups))
    assert fast.months and fast.months == careful.months
    assert (fast.users, fast.unmapped_users, fast.files_read, fast.latest) == (
        careful.users, careful.unmapped_users, careful.files_read, careful.latest)
    assert [(w.code, w.file) for w in fast.warnings] == [(w.code, w.file) for w in careful.warnings]
    want, users, unmapped = expected_viva(viva, groups)
    assert {(m.group, m.month): (m.active, m.posters) for m in careful.months} == want
    assert (careful.users, careful.unmapped_users) == (users, unmapped)


def test_a_snapshot_whose_last_row_has_another_refresh_date_is_read_row_by_row(viva: Path, tmp_path: Path) -> None:
    folder, _ = _edited_copy(viva, tmp_path, -1, {-1: {0: "2027-12-31", 5: "2027-12-30", 6: "3"}})  # posted later
    actuals = _read(folder, _usage(folder))
    assert [w.code for w in actuals.warnings if w.code == "EV009"] == ["EV009"]
    want, _, _ = expected_viva(folder, GROUPS)
    assert {(m.group, m.month): (m.active, m.posters) for m in actuals.months} == want
    assert actuals.latest == dt.date(2027, 12, 31)


def test_a_posted_count_that_is_no_number_is_located(viva: Path, tmp_path: Path) -> None:
    folder, _ = _edited_copy(viva, tmp_path, 2, {7: {6: "abc"}})
    with pytest.raises(DataError) as caught:
        _read(folder, _usage(folder))
    problem = caught.value.problem
    assert (problem.code, problem.row, problem.column) == ("EV008", 8, "Posted Count")


def _snapshot(path: Path, refreshed: str, users: list[tuple[str, str, int]]) -> None:
    lines = ["Report Refresh Date,User Principal Name,Display Name,User State,State Change Date,Last Activity Date,"
             "Posted Count,Read Count,Liked Count,Assigned Products,Report Period"]
    lines += [f"{refreshed},{upn},Someone,Active,,{last},{posted},0,0,MICROSOFT 365 E3,7"
              for upn, last, posted in users]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("careful", [False, True])
def test_a_long_history_is_counted_and_older_activity_reported(tmp_path: Path, careful: bool,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots six years apart (past a 64-bit mask's months) and a last
    activity older than the window."""
    (tmp_path / "usage").mkdir()
    _snapshot(tmp_path / "usage" / "a.csv", "2021-03-07", [("a@northwind.example", "2021-03-01", 2),
                                                            ("b@northwind.example", "2009-05-05", 0)])
    _snapshot(tmp_path / "usage" / "b.csv", "2027-07-11", [("a@northwind.example", "2027-07-10", 1),
                                                            ("B@Northwind.example ", "2027-06-30", 0),
                                                            ("c@northwind.example", "", 0)])
    (tmp_path / "directory.csv").write_text("User Principal Name,Department\na@northwind.example,Consulting\n"
                                            "b@northwind.example,Partners\nc@northwind.example,Partners\n")
    if careful:
        _careful(monkeypatch)
    actuals = _read(tmp_path, _usage(tmp_path))
    assert [(m.group, m.month, m.active, m.posters) for m in actuals.months] == [
        ("consultants", "2021-03", 1, 1), ("consultants", "2027-07", 1, 1), ("partners", "2027-06", 1, 0)]
    assert (actuals.users, actuals.unmapped_users, actuals.latest) == (3, 0, dt.date(2027, 7, 11))
    (note,) = [w for w in actuals.warnings if w.code == "EV018"]
    assert note.message.startswith("1 users were last active before 2017-02")


def test_the_window_maps_every_day_to_its_month() -> None:
    from socialplan.track.actuals import _Window

    for dates, width in (([dt.date(2027, 7, 11)], 62), ([dt.date(2019, 2, 28), dt.date(2027, 7, 11)], 126)):
        window = _Window.around(dates)
        assert window.width == width and window.first + width - 1 == 2027 * 12 + 6
        lookup = window.month_of_day()
        day = window.first_day
        for offset, bit in enumerate(lookup):
            each = day + dt.timedelta(days=offset)
            assert bit == (each.year - window.first_day.year) * 12 + each.month - window.first_day.month + 1
            assert window.bit_of(each) == bit
        assert (day + dt.timedelta(days=len(lookup))) == dt.date(2027, 8, 1)
        assert window.bit_of(day - dt.timedelta(days=1)) is None


def test_a_snapshot_with_mixed_line_endings_is_named_with_its_row(viva: Path, tmp_path: Path) -> None:
    shutil.copytree(viva, tmp_path / "copy")
    folder = tmp_path / "copy"
    path = sorted((folder / "usage").glob("EngageActivityUserDetail*.csv"))[1]
    lines = path.read_bytes().replace(b"\r\n", b"\n").split(b"\n")[:-1]
    path.write_bytes(b"".join(line + (b"\r\n" if index >= 9 else b"\n") for index, line in enumerate(lines)))
    with pytest.raises(DataError) as caught:
        _read(folder, _usage(folder))
    problem = caught.value.problem
    assert (problem.code, problem.file, problem.row) == ("EV003", f"{folder / 'usage'}/{path.name}", 10)
    assert "CR LF" in problem.message and problem.hint


def test_the_engines_documented_examples_hold() -> None:
    import doctest

    import socialplan.data.engine as engine

    failures, tried = doctest.testmod(engine)
    assert tried > 0 and failures == 0


def test_slack_maps_through_ids_when_the_directory_is_keyed_by_them(tmp_path: Path) -> None:
    """A directory that lists Slack ids, not addresses: members map through
    their ids; a department left out of the mapping is counted as unmapped."""
    people = FACTORY.make(tmp_path, platform="slack", weeks=6, departments=SMALL)
    groups = {"Consulting": "consultants"}
    usage = Usage.model_validate({"platform": "slack", "folder": str(tmp_path / "usage"), "directory": {
        "file": str(tmp_path / "directory.csv"), "user_column": "Slack ID", "group_column": "Department",
        "groups": groups}})
    actuals = _read(tmp_path, usage)
    department = {p.user_id: groups.get(p.department) for p in people}
    active: dict[tuple[str, str], set[str]] = defaultdict(set)
    everyone: set[str] = set()
    for path in (tmp_path / "usage").glob("*.csv"):
        for row in _rows(path):
            everyone.add(row["user_id"])
            group = department[row["user_id"]]
            if group is not None and row["is_active"] == "true":
                active[(group, row["date"][:7])].add(row["user_id"])
    assert {(m.group, m.month): m.active for m in actuals.months} == {k: len(v) for k, v in active.items()}
    unmapped = {u for u in everyone if department[u] is None}
    assert unmapped and (actuals.users, actuals.unmapped_users) == (len(everyone), len(unmapped))


def test_a_bad_slack_date_is_located(tmp_path: Path) -> None:
    FACTORY.make(tmp_path, platform="slack", weeks=2, departments=SMALL)
    path = sorted((tmp_path / "usage").glob("*.csv"))[1]
    rows = path.read_text(encoding="utf-8").splitlines()
    rows[3] = "03/08/2027" + rows[3][10:]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        _read(tmp_path, _usage(tmp_path, platform="slack"))
    assert (caught.value.problem.code, caught.value.problem.row, caught.value.problem.column) == ("EV008", 4, "date")


def test_the_engine_draws_no_progress_bar_of_its_own() -> None:
    # It would write to standard output, where a report may be going.
    with Engine() as engine:
        assert engine.query("SELECT current_setting('enable_progress_bar')") == [(False,)]
