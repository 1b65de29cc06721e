"""The HTML reports as a person sees them: opened in headless Chromium, they
log nothing to the console, fetch nothing from outside the file, and print
to a PDF of a sensible number of pages. Skipped when Chromium is not
installed (``.ci/run`` installs it)."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from clirunner import Runner

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: the browser checks need it")
pypdf = pytest.importorskip("pypdf")

PLAN = Path(__file__).resolve().parent.parent / "examples" / "global-tech-innovation.yaml"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Pages printed on A4 for the example plan: a range, so a layout change
# that halves or doubles a report is caught, and a small one is not.
REPORTS = {
    "assess": (["assess", str(PLAN), "-f", "html", "--as-of", "2026-12-01"], (2, 8)),
    "business-case": (["business-case", str(PLAN), "-f", "html", "-n", "500", "--as-of", "2026-12-01"], (12, 32)),
    "rollout": (["rollout", str(PLAN), "-f", "html", "-q"], (25, 60)),
    "report": (["report", str(PLAN), "-f", "html", "-n", "500", "--as-of", "2026-12-01"], (50, 110)),
}


def _chromium(page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="socialplan-chromium-") as profile:
        return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
                              capture_output=True, text=True, timeout=180, check=False)


# Chromium's own background calls (clock and component checks), made for
# any page, even an empty one; the flags above stop most, not all.
BROWSER_HOSTS = re.compile(r"^https?://[^/]*\b(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)(:\d+)?/")


def _events(log: str) -> tuple[list[str], list[str]]:
    """Console messages and the URLs the page asked the network for."""
    console = [line for line in log.splitlines() if ":CONSOLE" in line]
    requests = re.findall(r"NotifyBeforeURLRequest: (\S+)", log)
    return console, [url for url in requests if not url.startswith(("file:", "data:")) and not BROWSER_HOSTS.match(url)]


def test_the_browser_checks_can_fail(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text('<html><body><img src="https://example.com/x.png"><script>console.error("boom")</script>'
                    "</body></html>", encoding="utf-8")
    run = _chromium(page, "--enable-logging=stderr", "--v=1", "--dump-dom")
    console, requests = _events(run.stderr)
    assert any("boom" in line for line in console)
    assert "https://example.com/x.png" in requests


@pytest.mark.parametrize("name", list(REPORTS))
def test_the_html_report_opens_cleanly_and_prints(cli: Runner, tmp_path: Path, name: str) -> None:
    args, (low, high) = REPORTS[name]
    page = tmp_path / f"{name}.html"
    result = cli(*args, "-o", str(page))
    assert result.code == 0, result.err
    run = _chromium(page, "--enable-logging=stderr", "--v=1", "--dump-dom")
    console, requests = _events(run.stderr)
    assert console == [] and requests == []
    assert "</main>" in run.stdout  # the page loaded and was laid out
    pdf = tmp_path / f"{name}.pdf"
    _chromium(page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    pages = len(pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert low <= pages <= high, pages
