"""PDF and Word from a report's Markdown, read back as a person's tools would."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from socialplan.documents.blocks import Document, Heading, Image, ListBlock, Paragraph, Table, parse, plain
from socialplan.documents.pdf import render_pdf, svg_to_png, typst_source
from socialplan.documents.word import ReferenceError, render_docx

pypdf = pytest.importorskip("pypdf")
docx = pytest.importorskip("docx")

CHART = (b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">'
         b'<rect width="400" height="200" fill="#0b3d5c"/><text x="20" y="100" fill="white">Cash flow</text></svg>')

REPORT = """# Business case: Northwind

**Northwind Advisory** · prepared by the workplace team

Contents: [Summary](#summary) · [Economic case](#economic-case)

## Summary

> **Proceed with the pilot.** It returns £1,234,567 over 5 years.

- **People:** 12,000
- Net cost of £120,000 in year 1

## Economic case

### Key figures

| Figure | As estimated | Risk-adjusted |
| --- | ---: | ---: |
| NPV | £1,234,567 | £987,654 |
| Payback | month 9 | month 11 |

![Monthly benefits and costs with the cumulative net cash flow](case-cash-flow.svg)

1. first step
2. second step
"""


def _document(**files: bytes) -> Document:
    return Document("Business case: Northwind", parse(REPORT), "Northwind Advisory", "1 December 2026",
                    {"case-cash-flow.svg": CHART, **files})


def test_markdown_becomes_blocks() -> None:
    blocks = parse(REPORT)
    kinds = [type(b).__name__ for b in blocks]
    assert kinds[:2] == ["Heading", "Paragraph"]
    headings = [(b.level, plain(b.inlines)) for b in blocks if isinstance(b, Heading)]
    assert headings == [(1, "Business case: Northwind"), (2, "Summary"), (2, "Economic case"), (3, "Key figures")]
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert [plain(c) for c in table.header] == ["Figure", "As estimated", "Risk-adjusted"]
    assert table.align == ("left", "right", "right")
    assert [[plain(c) for c in row] for row in table.rows][1] == ["Payback", "month 9", "month 11"]
    (image,) = [b for b in blocks if isinstance(b, Image)]
    assert image.src == "case-cash-flow.svg"
    assert [b.ordered for b in blocks if isinstance(b, ListBlock)] == [False, True]


def test_the_pdf_has_its_headings_figures_and_page_furniture() -> None:
    pdf = render_pdf(_document(), timestamp=dt.date(2026, 12, 1))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Business case: Northwind", "Contents", "Summary", "Economic case", "£1,234,567",
                     "£987,654", "month 11", "Page 1 of", "Monthly benefits and costs"):
        assert expected in text
    assert len(reader.pages) >= 2
    assert "Northwind Advisory" in reader.pages[1].extract_text()  # the running header
    assert reader.outline or "Contents" in text


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.3, 841.9)), ("letter", (612.0, 792.0))])
def test_pages_are_a4_or_letter(paper: str, size: tuple[float, float]) -> None:
    pdf = render_pdf(_document(), paper=paper, timestamp=dt.date(2026, 12, 1))  # type: ignore[arg-type]
    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == size


def test_documents_are_deterministic() -> None:
    assert render_pdf(_document(), timestamp=dt.date(2026, 12, 1)) == render_pdf(_document(),
                                                                                  timestamp=dt.date(2026, 12, 1))
    assert render_docx(_document(), date=dt.date(2026, 12, 1)) == render_docx(_document(), date=dt.date(2026, 12, 1))


def test_plan_text_is_never_typst_code() -> None:
    hostile = ('# T\n\n#set page(fill: red) #import "@preview/x:0.1.0": * `#eval("1+1")` $x^2$ <label> @ref '
               '// not a comment \\ "quoted" \x1b[31m\n')
    source = typst_source(Document("T #pagebreak()", parse(hostile), 'O"rg', "D", {}))
    body = source.split("\n\n", 1)[1]
    # Every piece of plan text sits inside a string literal.
    assert "#set page(fill: red)" not in body.replace('#"#set page(fill: red)', "")
    pdf = render_pdf(Document("T #pagebreak()", parse(hostile), 'O"rg', "D", {}))
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert '#import "@preview/x:0.1.0"' in text and '#eval("1+1")' in text and "$x^2$" in text
    assert "\x1b" not in text


def test_the_word_document_has_real_headings_tables_and_pictures() -> None:
    data = render_docx(_document(), date=dt.date(2026, 12, 1))
    document = docx.Document(io.BytesIO(data))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == [("Title", "Business case: Northwind"), ("Heading 1", "Summary"),
                        ("Heading 1", "Economic case"), ("Heading 2", "Key figures")]
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["Figure", "As estimated", "Risk-adjusted"]
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # repeats on every page
    assert [c.text for c in table.rows[2].cells] == ["Payback", "month 9", "month 11"]
    assert len(document.inline_shapes) == 1
    assert document.core_properties.created.date() == dt.date(2026, 12, 1)


def test_a_reference_document_gives_its_styles(tmp_path: Path) -> None:
    from docx.shared import Pt, RGBColor

    reference = docx.Document()
    heading = reference.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.size = Pt(21)
    heading.font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    reference.add_paragraph("Template body, replaced by the report")
    reference.sections[0].header.paragraphs[0].text = "Firm header"
    path = tmp_path / "firm.docx"
    reference.save(path)
    document = docx.Document(io.BytesIO(render_docx(_document(), reference=path, date=dt.date(2026, 12, 1))))
    style = document.styles["Heading 1"]
    assert (style.font.name, style.font.size, str(style.font.color.rgb)) == ("Georgia", Pt(21), "8B0000")
    assert "Template body" not in "\n".join(p.text for p in document.paragraphs)
    assert document.sections[0].header.paragraphs[0].text == "Firm header"


def test_a_reference_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("not a zip")
    with pytest.raises(ReferenceError, match="not a Word document"):
        render_docx(_document(), reference=path)


def test_charts_become_pictures_word_can_show() -> None:
    png = svg_to_png(CHART)
    assert png.startswith(b"\x89PNG")


def test_control_characters_do_not_break_word() -> None:
    blocks = (Paragraph(parse("bell \x07 and escape \x1b here")[0].inlines),)  # type: ignore[union-attr]
    data = render_docx(Document("T", blocks, "", "", {}), date=dt.date(2026, 12, 1))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "\x07" not in text and "\x1b" not in text and "bell" in text
