"""PDF through typst: a typesetting engine that installs from the package
index with its compiler inside, so no browser and nothing outside Python
is needed.

The blocks of a report become typst source in which every piece of text
is a string literal (``#"..."``), so nothing a plan says can be read as
typst markup or code; the source is compiled in a temporary folder that
holds only it and the report's images, with typst's own fonts (the bytes
do not depend on the fonts a machine has) and the report's date as the
document's timestamp (the same input gives the same bytes).

Each page has a running header (the organisation and the report's date)
and a footer with "page N of M"; a table of contents follows the title;
tables repeat their header row on every page they run onto.
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from pathlib import Path
from typing import Literal

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

Paper = Literal["a4", "letter"]
PAPERS = {"a4": "a4", "letter": "us-letter"}
IMAGE_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".gif")


def string(text: str) -> str:
    """A typst string literal: only backslash and quote need escaping;
    control characters become escapes so none reaches the source raw."""
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 32 or 0x7F <= ord(char) < 0xA0:
            out.append("\\u{fffd}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _inline(inline: Inline) -> str:
    if isinstance(inline, Text):
        return f"#{string(inline.text)}" if inline.text else ""
    if isinstance(inline, Code):
        return f"#raw({string(inline.text)})"
    if isinstance(inline, Styled):
        function = {"strong": "strong", "emphasis": "emph", "strike": "strike"}[inline.style]
        return f"#{function}[{_inlines(inline.children)}]"
    if isinstance(inline, Link):
        if inline.href.startswith(("https://", "http://", "mailto:")):
            return f"#link({string(inline.href)})[{_inlines(inline.children)}]"
        return _inlines(inline.children)  # an anchor inside the report: the contents are the outline
    if isinstance(inline, Break):
        return "#linebreak()"
    return ""


def _inlines(inlines: tuple[Inline, ...]) -> str:
    return "".join(_inline(i) for i in inlines)


def _block(block: Block, files: dict[str, bytes], *, top: bool = False) -> str:
    if isinstance(block, Heading):
        if block.level == 1 and top:
            return f"#align(center, text(size: 20pt, weight: \"bold\")[{_inlines(block.inlines)}])\n"
        return f"#heading(level: {max(1, block.level - 1)})[{_inlines(block.inlines)}]\n"
    if isinstance(block, Paragraph):
        text = plain(block.inlines)
        if text.startswith("Contents:"):
            return ""  # the PDF has its own table of contents
        return f"#par[{_inlines(block.inlines)}]\n"
    if isinstance(block, Image):
        name = Path(block.src).name
        if name not in files or Path(name).suffix.lower() not in IMAGE_TYPES:
            return f"#par(emph[{string(block.alt)}])\n"
        if "logo" in name:
            return f"#image({string(name)}, height: 1.6cm, alt: {string(block.alt)})\n"
        caption = f"[#{string(block.alt)}]" if block.alt else "none"
        return f"#figure(image({string(name)}, width: 100%, alt: {string(block.alt)}), caption: {caption})\n"
    if isinstance(block, ListBlock):
        items = ", ".join(f"[{''.join(_block(b, files) for b in item)}]" for item in block.items)
        return f"#{'enum' if block.ordered else 'list'}({items})\n"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Quote):
        inner = "".join(_block(b, files) for b in block.blocks)
        return f"#block(inset: (left: 10pt, y: 4pt), stroke: (left: 2pt + rgb(\"#0b3d5c\")))[{inner}]\n"
    if isinstance(block, CodeBlock):
        if block.language == "mermaid":
            return ""  # the chart the Markdown draws with Mermaid is in the report as an image
        return f"#raw(block: true, {string(block.text)})\n"
    if isinstance(block, Rule):
        return "#line(length: 100%, stroke: 0.5pt + gray)\n"
    return ""


def _table(table: Table) -> str:
    columns = max([1, len(table.header), *(len(r) for r in table.rows)])
    align = ", ".join({"left": "left", "right": "right", "center": "center"}[a] for a in table.align) or "left"
    cells = []
    header = ", ".join(f"[#strong[{_inlines(c)}]]" for c in table.header)
    for row in table.rows:
        padded = list(row) + [()] * (columns - len(row))
        cells.append(", ".join(f"[{_inlines(c)}]" for c in padded))
    body = ",\n  ".join(cells)
    return (f"#table(columns: {columns}, align: ({align},), stroke: 0.4pt + luma(200), inset: 5pt,\n"
            f"  table.header({header}),\n  {body}\n)\n")


def typst_source(document: Document, paper: Paper = "a4") -> str:
    """The typst source of a document."""
    title = string(document.title)
    organisation = string(document.organisation)
    date = string(document.date)
    head = [
        f"#set document(title: {title}, date: none)",
        "#set text(font: \"Libertinus Serif\", size: 10pt, lang: \"en\")",
        f"#set page(paper: {string(PAPERS[paper])}, margin: (x: 2cm, top: 2.4cm, bottom: 2.2cm),",
        f"  header: context {{ if counter(page).get().first() > 1 [#text(size: 8pt, fill: gray)[#{organisation} "
        f"#h(1fr) #{title} #h(1fr) #{date}]] }},",
        "  footer: context [#text(size: 8pt, fill: gray)[#h(1fr) Page #counter(page).display() of "
        "#counter(page).final().first() #h(1fr)]])",
        "#set par(justify: false, spacing: 0.9em)",
        "#set heading(numbering: none)",
        "#show heading.where(level: 1): it => block(above: 1.6em, below: 0.8em, text(size: 15pt, it))",
        "#show heading.where(level: 2): it => block(above: 1.3em, below: 0.6em, text(size: 12pt, it))",
        "#show figure: set block(breakable: false)",
        "#show table: set text(size: 8.5pt)",
    ]
    body: list[str] = []
    blocks = list(document.blocks)
    if blocks and isinstance(blocks[0], Heading) and blocks[0].level == 1:
        body.append(_block(blocks.pop(0), document.files, top=True))
    # The front matter (logo, organisation) stays with the title; the
    # contents follow it.
    while blocks and not isinstance(blocks[0], Heading):
        body.append(_block(blocks.pop(0), document.files))
    body.append("#outline(title: [Contents], depth: 2)\n#pagebreak(weak: true)\n")
    body.extend(_block(b, document.files) for b in blocks)
    return "\n".join(head) + "\n\n" + "".join(body)


def render_pdf(document: Document, *, paper: Paper = "a4", timestamp: dt.date | None = None) -> bytes:
    """The document as PDF bytes."""
    import typst

    source = typst_source(document, paper)
    stamp = dt.datetime.combine(timestamp or dt.date(2000, 1, 1), dt.time(), tzinfo=dt.timezone.utc)
    with tempfile.TemporaryDirectory(prefix="socialplan-pdf-") as folder:
        root = Path(folder)
        for name, data in document.files.items():
            if Path(name).suffix.lower() in IMAGE_TYPES and "/" not in name and not name.startswith("."):
                (root / name).write_bytes(data)
        (root / "report.typ").write_text(source, encoding="utf-8")
        compiler = typst.Compiler(root=str(root), ignore_system_fonts=True)
        pdf = compiler.compile(str(root / "report.typ"), format="pdf", timestamp=stamp)
    assert isinstance(pdf, bytes)
    return pdf


@functools.lru_cache(maxsize=32)  # a pack draws the same chart for several sections
def svg_to_png(svg: bytes, *, width_cm: float = 16.0, ppi: int = 200) -> bytes:
    """A chart for Word, which takes PNG: typst draws the SVG at the width
    Word shows it, at ``ppi`` pixels per inch of that width. Sized for the
    page, not for the SVG's own pixels: a wide Gantt chart drawn at its own
    size had twice the pixels Word could show, and the time went on them."""
    import typst

    with tempfile.TemporaryDirectory(prefix="socialplan-png-") as folder:
        root = Path(folder)
        (root / "chart.svg").write_bytes(svg)
        (root / "chart.typ").write_text("#set page(width: auto, height: auto, margin: 0pt, fill: white)\n"
                                        f"#image(\"chart.svg\", width: {width_cm:g}cm)\n", encoding="utf-8")
        png = typst.Compiler(root=str(root), ignore_system_fonts=True).compile(str(root / "chart.typ"), format="png",
                                                                                 ppi=ppi)
    if isinstance(png, list):
        png = png[0]
    assert isinstance(png, bytes)
    return png
