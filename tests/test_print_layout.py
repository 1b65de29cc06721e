"""The HTML reports print well on A4: each example's business case and
rollout, printed by headless Chromium as a reader would print them, gives
portrait A4 pages, a page count in the expected range and no page left
nearly empty (a heading or a table row pushed alone onto a page, a chart
split badly, the document shrunk to fit).

Skipped when Chromium is not installed (``apt-get install chromium``)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from socialplan import api

ROOT = Path(__file__).resolve().parents[1]
# The largest example: printing takes a browser run per report.
EXAMPLES = ["consulting-mobile-workforce.yaml"]
# Pages per report across the examples (18 and 30-34 when this was written;
# before the print layout, 21 and 36-43 landscape pages, each half empty).
PAGES = {"business-case": range(12, 21), "rollout": range(20, 38)}
# Extracted characters below which a page counts as nearly empty; the
# sparsest full page of the examples holds about 800.
TEXT_FLOOR = 400
A4_PORTRAIT = (595, 842)  # points, rounded

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)

pytestmark = pytest.mark.skipif(CHROMIUM is None,
                                reason="needs headless Chromium to print (apt-get install chromium)")


def print_pdf(html: Path, tmp_path: Path) -> Path:
    assert CHROMIUM is not None
    pdf = html.with_suffix(".pdf")
    profile = tmp_path / "profile"
    profile.mkdir()
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", str(html)],
        check=True, capture_output=True, timeout=180,
    )
    return pdf


def report_html(report: str, example: str) -> str:
    plan = ROOT / "examples" / example
    as_of = dt.date(2027, 1, 15)
    result = api.business_case(plan, as_of=as_of) if report == "business-case" else api.rollout(plan, as_of=as_of)
    assert result.report is not None, result.check.diagnostics
    return api.render(result.report, "html").text


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("report", list(PAGES))
def test_the_report_prints_on_full_portrait_a4_pages(report: str, example: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    html = tmp_path / f"{report}.html"
    html.write_text(report_html(report, example), encoding="utf-8")
    pages = PdfReader(print_pdf(html, tmp_path)).pages
    assert len(pages) in PAGES[report], f"{len(pages)} pages"
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages}
    assert sizes == {A4_PORTRAIT}, sizes
    text = [len((p.extract_text() or "").strip()) for p in pages]
    sparse = [number for number, size in enumerate(text[:-1], start=1) if size < TEXT_FLOOR]
    assert not sparse, f"nearly empty pages {sparse} (characters per page: {text})"
    # The stamp and the key figures are on page 1.
    first = (pages[0].extract_text() or "").lower()  # labels print in capitals (CSS text-transform)
    assert "2027-01-15" in first
    assert ("net present value" in first or "npv" in first) if report == "business-case" else "go-live" in first
