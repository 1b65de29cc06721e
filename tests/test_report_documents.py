"""PDF and Word for every report, read back as a reader's tools would: the
headings and figures of the report's own Markdown are in them, the charts are
pictures, the rollout's Gantt chart is drawn, paper sizes and reference
documents apply, and bad options are short usage errors."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import pytest

from clirunner import Runner
from socialplan import api
from socialplan.documents.blocks import Heading, Image, parse, plain
from socialplan.formats import REPORTS
from socialplan.present import RenderOptions, render
from socialplan.sources import single_plan

pypdf = pytest.importorskip("pypdf")
docx = pytest.importorskip("docx")
typst = pytest.importorskip("typst")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PLAN = EXAMPLES / "retail-pilot-first.yaml"
A4 = (595, 842)  # points, rounded
LETTER = (612, 792)


@pytest.fixture(scope="module")
def reports() -> dict[str, object]:
    _, validated = api.check(single_plan(str(PLAN)))
    assert validated is not None
    made = {
        "assess": api.assess(validated).report,
        "business-case": api.business_case(validated, simulations=0).report,
        "rollout": api.rollout(validated).report,
    }
    assert all(r is not None for r in made.values())
    return made


@pytest.fixture(scope="module")
def documents(reports: dict[str, object]) -> dict[tuple[str, str], bytes]:
    """Each report as PDF and Word, made once: documents take seconds."""
    made: dict[tuple[str, str], bytes] = {}
    for name, report in reports.items():
        for fmt in ("pdf", "docx"):
            data = render(report, fmt).content
            assert isinstance(data, bytes)
            made[name, fmt] = data
    return made


def _markdown_headings(report: object) -> list[str]:
    """The oracle: the section headings of the report's own Markdown."""
    blocks = parse(render(report, "markdown").text)
    return [plain(b.inlines) for b in blocks if isinstance(b, Heading) and b.level == 2]


@functools.lru_cache(maxsize=8)  # reading a long PDF's text takes seconds
def _pdf_text(data: bytes) -> tuple[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages), len(reader.pages)


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", ["assess", "business-case", "rollout"])
def test_every_report_has_pdf_and_docx_in_its_registry(name: str) -> None:
    registry = REPORTS[name]
    assert {"pdf", "docx"} <= set(registry.names)
    assert registry.formats["pdf"].binary and registry.formats["docx"].binary


@pytest.mark.parametrize("name", ["assess", "business-case", "rollout"])
def test_the_pdf_holds_every_section_of_the_markdown(reports: dict[str, object],
                                                     documents: dict[tuple[str, str], bytes], name: str) -> None:
    headings = _markdown_headings(reports[name])
    assert len(headings) >= 3
    data = documents[name, "pdf"]
    assert data.startswith(b"%PDF")
    text, pages = _pdf_text(data)
    for heading in headings:
        assert _squash(heading) in text, heading
    assert f"Page 1 of {pages}" in text
    assert "mermaid" not in text and "gantt" not in text.lower().replace("gantt chart", "")


@pytest.mark.parametrize("name", ["assess", "business-case", "rollout"])
def test_the_docx_has_real_headings_for_every_section(reports: dict[str, object],
                                                      documents: dict[tuple[str, str], bytes], name: str) -> None:
    report = reports[name]
    document = docx.Document(io.BytesIO(documents[name, "docx"]))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    for heading in _markdown_headings(report):
        assert _squash(heading) in [_squash(h) for h in headings], heading


def test_the_business_case_charts_are_pictures(reports: dict[str, object],
                                               documents: dict[tuple[str, str], bytes]) -> None:
    report = reports["business-case"]
    markdown = render(report, "markdown", RenderOptions(stem="case"))
    images = [b for b in parse(markdown.text) if isinstance(b, Image) and Path(b.src).name in markdown.attachments]
    assert images, "the Markdown names its charts"
    document = docx.Document(io.BytesIO(documents["business-case", "docx"]))
    assert len(document.inline_shapes) == len(images)
    text, _ = _pdf_text(documents["business-case", "pdf"])
    for image in images:
        if "logo" not in image.src:
            assert _squash(image.alt)[:40] in text  # the figure's caption


def test_the_rollout_gantt_chart_is_drawn_one_picture_per_phase(reports: dict[str, object],
                                                                documents: dict[tuple[str, str], bytes]) -> None:
    from socialplan.rollout.exporters import phase_spans

    report = reports["rollout"]
    phases = [title for _, title, *_ in phase_spans(report.rollout)]  # type: ignore[attr-defined]
    # Markdown for a reader keeps its Mermaid block; documents ask for pictures.
    assert "```mermaid" in render(report, "markdown").text
    pictured = render(report, "markdown", RenderOptions(stem="r", pictures=True))
    assert "```mermaid" not in pictured.text
    assert sorted(pictured.attachments) == sorted([f"r-gantt-{p}.svg" for p, *_ in
                                                   phase_spans(report.rollout)] + ["r-gantt-key.svg"])  # type: ignore[attr-defined]
    document = docx.Document(io.BytesIO(documents["rollout", "docx"]))
    assert len(document.inline_shapes) == len(phases) + 1  # each phase and the key
    text, _ = _pdf_text(documents["rollout", "pdf"])
    for title in phases:
        assert f"Gantt chart: {title}" in text


def test_paper_size_and_same_bytes(reports: dict[str, object], documents: dict[tuple[str, str], bytes]) -> None:
    report = reports["assess"]
    a4 = documents["assess", "pdf"]
    letter = render(report, "pdf", RenderOptions(paper="letter")).content
    assert a4 == render(report, "pdf").content
    assert documents["assess", "docx"] == render(report, "docx").content
    for data, size in ((a4, A4), (letter, LETTER)):
        box = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox  # type: ignore[arg-type]
        assert (round(float(box.width)), round(float(box.height))) == size


def test_a_reference_docx_gives_its_styles(reports: dict[str, object], documents: dict[tuple[str, str], bytes],
                                           tmp_path: Path) -> None:
    from docx.shared import RGBColor

    reference = docx.Document()
    reference.styles["Heading 1"].font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    reference.sections[0].header.paragraphs[0].text = "Firm confidential"
    path = tmp_path / "firm.docx"
    reference.save(str(path))
    report = reports["assess"]
    plain_doc = docx.Document(io.BytesIO(documents["assess", "docx"]))
    styled = docx.Document(io.BytesIO(render(report, "docx", RenderOptions(reference_docx=path)).content))  # type: ignore[arg-type]
    assert styled.styles["Heading 1"].font.color.rgb == RGBColor(0x12, 0x34, 0x56)
    assert plain_doc.styles["Heading 1"].font.color.rgb != RGBColor(0x12, 0x34, 0x56)
    assert styled.sections[0].header.paragraphs[0].text == "Firm confidential"
    assert [p.text for p in styled.paragraphs] == [p.text for p in plain_doc.paragraphs]


def test_documents_through_the_command_line(cli: Runner, tmp_path: Path) -> None:
    out = tmp_path / "case.pdf"
    result = cli("business-case", str(PLAN), "-o", str(out), "--paper", "letter", "-n", "0")
    assert result.code == 0, result.err
    box = pypdf.PdfReader(str(out)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == LETTER
    assert list(tmp_path.iterdir()) == [out]  # the charts are inside, no files beside it
    word = tmp_path / "assess.docx"
    assert cli("assess", str(PLAN), "-f", "docx", "-o", str(word)).code == 0
    assert "Readiness" in docx.Document(str(word)).paragraphs[0].text
    scorecard = tmp_path / "assess.pdf"
    assert cli("assess", str(PLAN), "-f", "pdf", "-o", str(scorecard)).code == 0
    assert scorecard.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("args", "message"), [
    (["business-case", "-f", "html", "--paper", "a4"], "--paper has no effect with --format html"),
    (["rollout", "-f", "pdf", "--reference-docx", "{ref}"], "--reference-docx has no effect with --format pdf"),
    (["assess", "-f", "docx", "--reference-docx", "{txt}"], "not a Word (.docx) file"),
    (["assess", "-f", "docx", "--reference-docx", "{missing}"], "no such file"),
    (["rollout", "-f", "docx", "--reference-docx", "{fake}"], "not a Word document"),
    (["rollout", "-f", "pdf", "--paper", "folio"], "folio"),
])
def test_document_options_are_usage_errors(cli: Runner, tmp_path: Path, args: list[str], message: str) -> None:
    ref = tmp_path / "ref.docx"
    docx.Document().save(str(ref))
    txt = tmp_path / "notes.txt"
    txt.write_text("styles")
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip")
    names = {"{ref}": str(ref), "{txt}": str(txt), "{missing}": str(tmp_path / "none.docx"), "{fake}": str(fake)}
    argv = [names.get(a, a) for a in args]
    result = cli(argv[0], str(PLAN), *argv[1:], "-o", str(tmp_path / "out.bin"))
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "out.bin").exists()

