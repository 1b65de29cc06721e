"""``socialplan report``, the board pack: each stage holds the reports it
says it holds, in order, with the same figures as the reports on their own;
the decision summary comes first and fits two A4 pages; sign-off closes it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from clirunner import Runner
from socialplan import api
from socialplan.documents.blocks import Heading, parse, plain
from socialplan.pack import STAGES
from socialplan.present import RenderOptions, render
from socialplan.present.pack import demote
from socialplan.sources import single_plan

PLAN = Path(__file__).resolve().parent.parent / "examples" / "global-tech-innovation.yaml"
AS_OF = "2026-12-01"


@pytest.fixture(scope="module")
def validated() -> object:
    _, plan = api.check(single_plan(str(PLAN)))
    assert plan is not None
    return plan


def _pack(validated: object, stage: str) -> object:
    import datetime as dt

    result = api.pack(validated, stage=stage, as_of=dt.date.fromisoformat(AS_OF), simulations=500)  # type: ignore[arg-type]
    assert result.report is not None
    return result.report


def _top_headings(markdown: str) -> list[str]:
    return [plain(b.inlines) for b in parse(markdown) if isinstance(b, Heading) and b.level == 2]


@pytest.mark.parametrize("stage", list(STAGES))
def test_each_stage_holds_its_reports_in_order(validated: object, stage: str) -> None:
    import datetime as dt

    pack = _pack(validated, stage)
    text = render(pack, "markdown").text
    # The oracle: each report's own title, made on its own by the library.
    own = {
        "assess": api.assess(validated, as_of=dt.date.fromisoformat(AS_OF)).report,  # type: ignore[arg-type]
        "business-case": api.business_case(validated, simulations=500).report,  # type: ignore[arg-type]
        "rollout": api.rollout(validated).report,  # type: ignore[arg-type]
    }
    titles = {key: _top_headings(demote(render(report, "markdown").text))[0] for key, report in own.items()}
    headings = _top_headings(text)
    assert headings[0] == "Decision summary" and headings[-1] == "Sign-off and decision log"
    wanted = [titles[key] for key in STAGES[stage].sections]
    assert [h for h in headings if h in titles.values()] == wanted
    assert "What is asked of the board" in text


def test_the_summary_figures_are_the_reports_figures(validated: object) -> None:
    import datetime as dt

    text = render(_pack(validated, "full"), "markdown").text
    case = render(api.business_case(validated, simulations=500).report, "markdown").text  # type: ignore[arg-type]
    npv = re.search(r"^\| Net present value \(NPV\) \| ([^|]+) \| ([^|]+) \|$", case, re.M)
    assert npv is not None
    summary = text[:text.index("## Readiness")]
    assert npv.group(0) in summary
    assessment = api.assess(validated, as_of=dt.date.fromisoformat(AS_OF)).report.assessment  # type: ignore[arg-type, union-attr]
    assert f"Verdict: {assessment.verdict} ({assessment.score:.1f} / 100)" in summary


def test_a_pilot_pack_asks_for_each_pilot_and_has_no_business_case(validated: object) -> None:
    pack = _pack(validated, "pilot")
    text = render(pack, "markdown").text
    pilots = [u for u in pack.validated.plan.use_cases if u.pilot is not None]  # type: ignore[attr-defined]
    assert pilots
    for use_case in pilots:
        assert f"Approve the pilot '{use_case.title}'" in text.replace("\\", "")
    assert "Key figures" not in text


def test_demote_leaves_code_blocks_alone() -> None:
    assert demote("# A\n```\n# not a heading\n```\n## B\n") == "## A\n```\n# not a heading\n```\n### B\n"


def test_the_pdf_pack_opens_with_a_summary_of_two_pages_at_most(cli: Runner, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "pack.pdf"
    result = cli("report", str(PLAN), "-o", str(out), "--as-of", AS_OF, "-n", "500", "--stage", "outline")
    assert result.code == 0, result.err
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages]
    # Page 1 is the title and contents; the summary starts on page 2.
    starts = next(i for i, p in enumerate(pages) if i > 0 and "Decision summary" in p)
    scorecard = next(i for i, p in enumerate(pages) if i >= starts and "Readiness assessment:" in p)
    assert scorecard - starts <= 2
    assert "Sign-off and decision log" in pages[-1] or "Decision log" in pages[-1]


@pytest.mark.parametrize(("args", "message"), [
    (["--stage", "final"], "final"),
    (["-f", "html", "--paper", "letter"], "--paper has no effect"),
    (["-f", "markdown", "--reference-docx", "x.docx"], "--reference-docx"),
])
def test_bad_options_are_usage_errors(cli: Runner, tmp_path: Path, args: list[str], message: str) -> None:
    result = cli("report", str(PLAN), *args, "-o", str(tmp_path / "pack.out"))
    assert result.code == 2 and message in result.err
    assert "Traceback" not in result.err


# --- the JSON document ---------------------------------------------------------


def _json(cli: Runner, tmp_path: Path, *args: str) -> dict[str, object]:
    import json

    out = tmp_path / f"{args[0]}.json"
    result = cli(*args, "-f", "json", "-o", str(out))
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("stage", list(STAGES))
def test_the_json_pack_follows_its_schema_and_holds_the_reports_own_documents(
        cli: Runner, tmp_path: Path, stage: str) -> None:
    import json

    from jsonschema import Draft202012Validator, FormatChecker

    pack = _json(cli, tmp_path, "report", str(PLAN), "--stage", stage, "--as-of", AS_OF, "-n", "500")
    schema = json.loads((PLAN.parent.parent / "schema" / "pack.schema.json").read_text(encoding="utf-8"))
    errors = [e.message for e in Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(pack)]
    assert errors == []
    # The oracle: each report's document as its own command prints it.
    own = {
        "assess": _json(cli, tmp_path, "assess", str(PLAN), "--as-of", AS_OF),
        "business_case": _json(cli, tmp_path, "business-case", str(PLAN), "--as-of", AS_OF, "-n", "500"),
        "rollout": _json(cli, tmp_path, "rollout", str(PLAN), "--as-of", AS_OF),
    }
    holds = {key.replace("-", "_") for key in STAGES[stage].sections}
    assert pack["sections"] == list(STAGES[stage].sections)
    for key, document in own.items():
        assert pack[key] == (document if key in holds else None), key
    decision = pack["decision"]
    assert isinstance(decision, dict)
    assert (decision["verdict"], decision["score"]) == (own["assess"]["verdict"], own["assess"]["score"])
    figures = decision["key_figures"]
    if "business_case" not in holds:
        assert figures is None
        return
    case = own["business_case"]
    assert isinstance(figures, dict) and isinstance(case, dict)
    assert figures["npv"] == case["npv"] and figures["pv_costs"] == case["pv_costs"]
    assert figures["npv_cash_releasing"] == case["cash_only"]["npv"]
    assert figures["pv_benefits_cash_releasing"] == case["cash_only"]["pv_benefits"]
    for side in ("unadjusted", "risk_adjusted"):
        # Cash and non-cash add up to every benefit, to the cent.
        assert figures["pv_benefits_non_cash"][side] == pytest.approx(
            case["pv_benefits"][side] - case["cash_only"]["pv_benefits"][side], abs=0.006)
    assert figures["prob_positive"] == case["simulation"]["prob_positive"]


# --- Word, read back ------------------------------------------------------------


def test_the_word_pack_reads_back_with_the_markdowns_headings_tables_and_pictures(validated: object) -> None:
    docx = pytest.importorskip("docx")
    from socialplan.documents.blocks import Image, ListBlock, Table

    pack = _pack(validated, "full")
    blocks = parse(render(pack, "markdown", RenderOptions(stem="report", pictures=True)).text)
    document = docx.Document(io.BytesIO(render(pack, "docx").content))
    # Headings: every Markdown heading below the title, in order, in Word's own styles.
    wanted = [(b.level - 1, plain(b.inlines)) for b in blocks if isinstance(b, Heading) and b.level > 1]
    found = [(int(p.style.name.split()[-1]), p.text) for p in document.paragraphs
             if p.style is not None and p.style.name.startswith("Heading ")]
    assert found == wanted
    # Tables: as many, each with the Markdown's header and rows, a repeated header row and the grid style.
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(document.tables) == len(tables)
    for grid, table in zip(document.tables, tables, strict=True):
        assert [c.text for c in grid.rows[0].cells][:len(table.header)] == [plain(c) for c in table.header]
        assert len(grid.rows) == 1 + len(table.rows)
        assert [c.text for c in grid.rows[-1].cells][:len(table.rows[-1])] == [plain(c) for c in table.rows[-1]]
        assert grid.style is not None and grid.style.name == "Table Grid"
        assert grid.rows[0]._tr.trPr is not None and "tblHeader" in grid.rows[0]._tr.trPr.xml
    # Pictures: one per Markdown image outside lists, each a PNG.
    images = [b for b in blocks if isinstance(b, Image)]
    assert len(document.inline_shapes) == len(images) > 0
    blobs = [rel.target_part.blob for rel in document.part.rels.values() if rel.reltype.endswith("/image")]
    assert blobs and all(blob.startswith(b"\x89PNG\r\n\x1a\n") for blob in blobs)
    # Lists keep Word's list styles.
    if any(isinstance(b, ListBlock) for b in blocks):
        assert any(p.style is not None and p.style.name.startswith("List ") for p in document.paragraphs)
