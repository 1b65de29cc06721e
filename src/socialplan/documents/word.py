"""Word (.docx) through python-docx, for a consultant to edit.

Headings use Word's own "Heading N" styles (so the navigation pane and a
table of contents work), tables are real tables whose header row repeats
on each page, charts are pictures (PNG, which every Word reads; drawn from
the report's SVG by typst). With a reference document (the firm's
template), its styles, page size, headers and footers are used and its body
is replaced by the report.

Word files are zip archives that record when each part was written; the
parts are rewritten with the report's date so the same input gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socialplan.documents.blocks import (
    Block,
    Break,
    Code,
    CodeBlock,
    Document,
    Heading,
    Image,
    Inline,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Styled,
    Table,
    Text,
    plain,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

PICTURE_WIDTH_CM = 16.0


class ReferenceError(ValueError):
    """The reference document cannot be used."""


class _Styles:
    """The document's styles, read once. python-docx finds a style by name,
    and tells whether it is the default, by scanning every style of the
    document on each call: for a report of hundreds of paragraphs that was
    most of the time spent making the Word file."""

    def __init__(self, doc: DocxDocument) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self.names = {style.name for style in doc.styles}
        self.paragraph_ids = {style.name: style.style_id for style in doc.styles
                              if style.type == WD_STYLE_TYPE.PARAGRAPH}
        self.table_ids = {style.name: style.style_id for style in doc.styles if style.type == WD_STYLE_TYPE.TABLE}
        default = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default_id = default.style_id if default is not None else None
        table = doc.styles.default(WD_STYLE_TYPE.TABLE)
        self.default_table_id = table.style_id if table is not None else None

    def name(self, name: str, fallback: str = "Normal") -> str:
        return name if name in self.names else fallback

    def paragraph(self, doc: DocxDocument, name: str) -> DocxParagraph:
        """A new paragraph in style ``name``: what ``add_paragraph(style=name)``
        writes (no style element for the default style), without its scan."""
        paragraph = doc.add_paragraph()
        style_id = self.paragraph_ids.get(name)
        if style_id is not None and style_id != self.default_id:
            paragraph._p.style = style_id
        return paragraph

    def table(self, grid: DocxTable, name: str) -> None:
        """Set a table's style, as ``grid.style = name`` does when the style
        exists (else the table keeps the document's default)."""
        style_id = self.table_ids.get(name)
        if style_id is not None and style_id != self.default_table_id:
            grid._tbl.tblStyle_val = style_id


def _runs(paragraph: DocxParagraph, inlines: tuple[Inline, ...], *, bold: bool = False, italic: bool = False,
          strike: bool = False) -> None:
    from docx.shared import Pt

    for inline in inlines:
        if isinstance(inline, Text):
            run = paragraph.add_run(_clean(inline.text))
            # Only what is set: each property written adds XML to the run.
            if bold:
                run.bold = True
            if italic:
                run.italic = True
            if strike:
                run.font.strike = True
        elif isinstance(inline, Code):
            run = paragraph.add_run(_clean(inline.text))
            run.font.name = "Consolas"
            run.font.size = Pt(9)
        elif isinstance(inline, Styled):
            _runs(paragraph, inline.children, bold=bold or inline.style == "strong",
                  italic=italic or inline.style == "emphasis", strike=strike or inline.style == "strike")
        elif isinstance(inline, Link):
            _runs(paragraph, inline.children, bold=bold, italic=italic, strike=strike)
            if inline.href.startswith(("https://", "http://")):
                paragraph.add_run(f" ({inline.href})").italic = True
        elif isinstance(inline, Break):
            paragraph.add_run().add_break()


def _clean(text: str) -> str:
    """Text Word's XML can hold: control characters (other than tab and
    line feed) are not allowed in it."""
    return "".join(c if c in "\t\n" or (ord(c) >= 32 and not 0x7F <= ord(c) < 0xA0) else "\ufffd" for c in text)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _table(doc: DocxDocument, table: Table, styles: _Styles) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    columns = max([1, len(table.header), *(len(r) for r in table.rows)])
    grid = doc.add_table(rows=1 + len(table.rows), cols=columns)
    styles.table(grid, "Table Grid")
    align = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}
    # Each row's cells are read once: python-docx walks the whole row (for
    # merged cells) every time one cell is asked for.
    rows = grid.rows
    header = rows[0]
    for paragraph_cell, cell in zip(header.cells, table.header, strict=False):
        _runs(paragraph_cell.paragraphs[0], cell, bold=True)
    _repeat_header(header)
    for grid_row, row in zip(list(rows)[1:], table.rows, strict=True):
        for c, (grid_cell, cell) in enumerate(zip(grid_row.cells, row, strict=False)):
            paragraph = grid_cell.paragraphs[0]
            _runs(paragraph, cell)
            if c < len(table.align):
                paragraph.alignment = align[table.align[c]]


def _block(doc: DocxDocument, block: Block, files: dict[str, bytes], styles: _Styles, *, level: int = 0) -> None:
    from docx.shared import Cm

    if isinstance(block, Heading):
        style = "Title" if block.level == 1 else f"Heading {min(block.level - 1, 9)}"
        paragraph = styles.paragraph(doc, styles.name(style))
        _runs(paragraph, block.inlines, bold=styles.name(style) == "Normal")
    elif isinstance(block, Paragraph):
        if plain(block.inlines).startswith("Contents:"):
            return  # Word builds its own table of contents from the headings
        _runs(styles.paragraph(doc, styles.name("Normal")), block.inlines)
    elif isinstance(block, Image):
        name = Path(block.src).name
        data = files.get(name)
        if data is None:
            _runs(doc.add_paragraph(), (Styled("emphasis", (Text(block.alt),)),))
            return
        shown = 3.0 if "logo" in name else PICTURE_WIDTH_CM
        if name.lower().endswith(".svg"):
            from socialplan.documents.pdf import svg_to_png

            data = svg_to_png(data, width_cm=shown)
        width = Cm(shown)
        doc.add_picture(io.BytesIO(data), width=width)
        if block.alt and "logo" not in name:
            _runs(styles.paragraph(doc, styles.name("Caption")), (Text(block.alt),))
    elif isinstance(block, ListBlock):
        style = styles.name("List Number" if block.ordered else "List Bullet")
        for item in block.items:
            for inner in item:
                if isinstance(inner, Paragraph):
                    _runs(styles.paragraph(doc, style), inner.inlines)
                else:
                    _block(doc, inner, files, styles, level=level + 1)
    elif isinstance(block, Table):
        _table(doc, block, styles)
    elif isinstance(block, Quote):
        for inner in block.blocks:
            if isinstance(inner, Paragraph):
                _runs(styles.paragraph(doc, styles.name("Intense Quote", styles.name("Quote"))), inner.inlines)
            else:
                _block(doc, inner, files, styles, level=level)
    elif isinstance(block, CodeBlock):
        if block.language != "mermaid":  # the Gantt is in the report as a picture
            _runs(doc.add_paragraph(), (Code(block.text),))
    elif isinstance(block, Rule):
        doc.add_paragraph()


def _fixed_zip(data: bytes, when: dt.date) -> bytes:
    """The same archive with every part dated ``when``, in the same order."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def render_docx(document: Document, *, reference: Path | None = None, date: dt.date | None = None) -> bytes:
    """The document as .docx bytes, in the reference document's styles."""
    import docx

    when = date or dt.date(2000, 1, 1)
    if reference is not None:
        try:
            doc = docx.Document(str(reference))
        except Exception as error:  # python-docx raises several kinds for a file that is not a .docx
            raise ReferenceError(f"{reference}: not a Word document ({type(error).__name__})") from None
        body = doc.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):  # keep the page setup, headers and footers
                body.remove(child)
    else:
        doc = docx.Document()
    properties = doc.core_properties
    properties.title = document.title
    properties.author = document.organisation or "socialplan"
    properties.last_modified_by = "socialplan"
    moment = dt.datetime.combine(when, dt.time())
    properties.created = properties.modified = properties.last_printed = moment
    properties.revision = 1
    styles = _Styles(doc)
    for block in document.blocks:
        _block(doc, block, document.files, styles)
    out = io.BytesIO()
    doc.save(out)
    return _fixed_zip(out.getvalue(), when)
