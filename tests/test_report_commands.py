"""What every report command shares (socialplan.commands.run): the format
an -o suffix names, here for ``assess``, checked against the same run with
--format named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clirunner import Runner
from socialplan.formats import REPORTS

ROOT = Path(__file__).resolve().parents[1]
PLAN = str(ROOT / "examples" / "retail-pilot-first.yaml")
# PDF and Word take the same path and are slow to make; the text formats
# cover every kind of suffix (one each, several, shared with other reports).
ASSESS_SUFFIXES = sorted(s for s, f in REPORTS["assess"].suffixes.items() if f not in ("pdf", "docx"))


def test_assess_claims_the_suffixes_of_its_file_formats() -> None:
    # An independent list: what a user would expect each file name to hold.
    expected = {".html": "html", ".htm": "html", ".json": "json", ".md": "markdown", ".markdown": "markdown",
                ".sarif": "sarif", ".pdf": "pdf", ".docx": "docx"}
    assert REPORTS["assess"].suffixes == expected


@pytest.mark.parametrize("suffix", ASSESS_SUFFIXES)
def test_assess_writes_the_format_its_output_suffix_names(cli: Runner, tmp_path: Path, suffix: str) -> None:
    fmt = REPORTS["assess"].suffixes[suffix]
    inferred, explicit = tmp_path / f"card{suffix}", tmp_path / f"named{suffix}"
    first = cli("assess", PLAN, "--as-of", "2026-01-15", "-o", str(inferred))
    second = cli("assess", PLAN, "--as-of", "2026-01-15", "-f", fmt, "-o", str(explicit))
    assert (first.code, second.code) == (second.code, second.code) and first.code in (0, 1)
    assert inferred.read_bytes() == explicit.read_bytes()
    # And the file is what its name says, judged by its own reader.
    text = inferred.read_text(encoding="utf-8")
    if fmt in ("json", "sarif"):
        document = json.loads(text)
        assert (document.get("version") == "2.1.0") == (fmt == "sarif")
    elif fmt == "html":
        assert text.lstrip().lower().startswith("<!doctype html")
    else:
        assert text.startswith("#") and "<html" not in text.lower()


def test_assess_without_output_keeps_the_text_scorecard(cli: Runner) -> None:
    result = cli("assess", PLAN, "--as-of", "2026-01-15")
    assert result.code in (0, 1) and not result.out.lstrip().startswith("{")


def test_assess_refuses_a_suffix_of_another_report(cli: Runner, tmp_path: Path) -> None:
    result = cli("assess", PLAN, "-o", str(tmp_path / "card.ics"))
    assert result.code == 2 and "cannot be written as a .ics file" in result.err and "hint:" in result.err
    assert list(tmp_path.iterdir()) == []
