"""Every business case and rollout, in every format that people read or
tools parse, carries its stamp: the ``--as-of`` date, the socialplan
version and a short digest of the plan's bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from clirunner import Runner
from socialplan import __version__

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
AS_OF = "2027-01-15"
# (report, format, extra options): the formats that carry a stamp.
FORMATS = [
    ("business-case", "markdown", ("--simulations", "0")),
    ("business-case", "html", ("--simulations", "0")),
    ("business-case", "json", ("--simulations", "0")),
    ("rollout", "markdown", ()),
    ("rollout", "html", ()),
    ("rollout", "json", ()),
]


def oracle_digest(plan: Path) -> str:
    """SHA-256 over the plan's bytes, computed here without the loader: a
    single file, or a folder's YAML files by name (what ``cat`` reads)."""
    files = sorted(p for p in plan.iterdir() if p.suffix in (".yaml", ".yml")) if plan.is_dir() else [plan]
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:12]


def run(cli: Runner, report: str, plan: Path, fmt: str, extra: tuple[str, ...], *more: str) -> str:
    result = cli(report, str(plan), "-f", fmt, *extra, *more)
    assert result.code == 0, result.err
    return result.out


@pytest.mark.parametrize(("report", "fmt", "extra"), FORMATS)
@pytest.mark.parametrize("plan", [EXAMPLES / "retail-pilot-first.yaml", EXAMPLES / "sales-webinars"],
                         ids=["file", "folder"])
def test_every_format_carries_date_version_and_digest(cli: Runner, report: str, fmt: str,
                                                       extra: tuple[str, ...], plan: Path) -> None:
    out = run(cli, report, plan, fmt, extra, "--as-of", AS_OF)
    digest = oracle_digest(plan)
    if fmt == "json":
        data = json.loads(out)
        assert data["stamp"] == {"as_of": AS_OF, "plan_digest": digest}
        assert data["tool"]["version"] == __version__
    else:
        line = f"As of {AS_OF} · socialplan {__version__} · plan {digest}"
        assert line in out
        # The stamp sits near the top (the header line, the HTML cover), not only in the footer.
        assert out.index(line) < len(out) // 4


@pytest.mark.parametrize(("report", "fmt", "extra"), FORMATS)
def test_the_same_as_of_gives_the_same_bytes_and_another_day_only_a_new_date(
        cli: Runner, report: str, fmt: str, extra: tuple[str, ...]) -> None:
    plan = EXAMPLES / "retail-pilot-first.yaml"
    first = run(cli, report, plan, fmt, extra, "--as-of", AS_OF)
    assert run(cli, report, plan, fmt, extra, "--as-of", AS_OF) == first
    later = run(cli, report, plan, fmt, extra, "--as-of", "1999-12-31")  # a day no schedule holds
    assert later != first
    if report == "rollout":  # the date stamps the report and moves no date of the schedule
        assert later.replace("1999-12-31", AS_OF) == first


def test_the_date_defaults_to_today(cli: Runner) -> None:
    data = json.loads(run(cli, "rollout", EXAMPLES / "retail-pilot-first.yaml", "json", ()))
    assert data["stamp"]["as_of"] in {dt.date.today().isoformat(),
                                      (dt.date.today() - dt.timedelta(days=1)).isoformat()}  # past midnight


def test_editing_the_plan_changes_the_digest(cli: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLES / "sales-webinars", folder)
    before = json.loads(run(cli, "rollout", folder, "json", ()))["stamp"]["plan_digest"]
    with (folder / "organisation.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# reviewed\n")  # a comment: the same plan data, other bytes
    after = json.loads(run(cli, "rollout", folder, "json", ()))["stamp"]["plan_digest"]
    assert before != after
    assert after == oracle_digest(folder)


def test_a_bad_as_of_is_a_usage_error(cli: Runner) -> None:
    result = cli("rollout", str(EXAMPLES / "retail-pilot-first.yaml"), "--as-of", "2027-13-01")
    assert result.code == 2
    assert "--as-of" in result.err
    assert "Traceback" not in result.err


def test_the_assessment_names_the_plan_it_judged(cli: Runner) -> None:
    plan = EXAMPLES / "sales-webinars"
    data = json.loads(run(cli, "assess", plan, "json", (), "--as-of", AS_OF))
    assert (data["as_of"], data["plan_digest"], data["tool"]["version"]) == (AS_OF, oracle_digest(plan), __version__)
    markdown = run(cli, "assess", plan, "markdown", (), "--as-of", AS_OF)
    assert f"As of {AS_OF} · socialplan {__version__} · plan {oracle_digest(plan)}" in markdown
