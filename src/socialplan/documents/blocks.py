"""A report's Markdown as a small tree of blocks, for the document formats.

Every report is already written as Markdown by its template; PDF and Word
are made from that one text, so a report gains both formats without a
template of its own. markdown-it-py (CommonMark, with tables) parses it;
this module keeps only the handful of shapes reports use: headings,
paragraphs, lists, tables, quotes, code, images and rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Styled:
    style: Literal["strong", "emphasis", "strike"]
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Break:
    pass


Inline = Text | Styled | Code | Link | Break


@dataclass(frozen=True)
class Heading:
    level: int
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class Image:
    src: str
    alt: str


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    align: tuple[Literal["left", "right", "center"], ...]


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class CodeBlock:
    language: str
    text: str


@dataclass(frozen=True)
class Rule:
    pass


Block = Heading | Paragraph | Image | ListBlock | Table | Quote | CodeBlock | Rule


def plain(inlines: tuple[Inline, ...]) -> str:
    """The text of inlines, without formatting."""
    out = []
    for inline in inlines:
        if isinstance(inline, Text | Code):
            out.append(inline.text)
        elif isinstance(inline, Styled | Link):
            out.append(plain(inline.children))
        else:
            out.append(" ")
    return "".join(out)


def _inlines(tokens: list[Token]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    stack: list[tuple[str, str, list[Inline]]] = []
    current = out
    for token in tokens:
        kind = token.type
        if kind == "text":
            current.append(Text(token.content))
        elif kind == "code_inline":
            current.append(Code(token.content))
        elif kind in ("softbreak",):
            current.append(Text(" "))
        elif kind == "hardbreak":
            current.append(Break())
        elif kind == "image":
            current.append(Text(token.content or str(token.attrs.get("alt", ""))))
        elif kind.endswith("_open") and kind[:-5] in ("strong", "em", "s", "link"):
            stack.append((kind[:-5], str(token.attrs.get("href", "")), current))
            current = []
        elif kind.endswith("_close") and kind[:-6] in ("strong", "em", "s", "link") and stack:
            name, href, parent = stack.pop()
            children = tuple(current)
            if name == "link":
                parent.append(Link(href, children))
            else:
                parent.append(Styled({"strong": "strong", "em": "emphasis", "s": "strike"}[name], children))  # type: ignore[arg-type]
            current = parent
        elif kind == "html_inline":
            current.append(Text(token.content))
    return tuple(out)


class _Reader:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def blocks(self, until: str | None = None) -> tuple[Block, ...]:
        out: list[Block] = []
        while self.at < len(self.tokens):
            token = self.tokens[self.at]
            if until is not None and token.type == until:
                self.at += 1
                break
            block = self.block()
            if block is not None:
                out.append(block)
        return tuple(out)

    def block(self) -> Block | None:
        token = self.tokens[self.at]
        kind = token.type
        self.at += 1
        if kind == "heading_open":
            inline = self.tokens[self.at]
            self.at += 2  # inline, heading_close
            return Heading(int(token.tag[1]), _inlines(inline.children or []))
        if kind == "paragraph_open":
            inline = self.tokens[self.at]
            self.at += 2
            children = inline.children or []
            if len(children) == 1 and children[0].type == "image":
                image = children[0]
                return Image(str(image.attrs.get("src", "")), image.content)
            return Paragraph(_inlines(children))
        if kind in ("bullet_list_open", "ordered_list_open"):
            close = kind.replace("_open", "_close")
            items: list[tuple[Block, ...]] = []
            while self.tokens[self.at].type != close:
                if self.tokens[self.at].type == "list_item_open":
                    self.at += 1
                    items.append(self.blocks(until="list_item_close"))
                else:
                    self.at += 1
            self.at += 1
            return ListBlock(kind == "ordered_list_open", tuple(items))
        if kind == "blockquote_open":
            return Quote(self.blocks(until="blockquote_close"))
        if kind in ("fence", "code_block"):
            return CodeBlock(token.info.strip(), token.content)
        if kind == "hr":
            return Rule()
        if kind == "table_open":
            return self.table()
        if kind == "html_block":
            return Paragraph((Text(token.content.strip()),)) if token.content.strip() else None
        return None

    def table(self) -> Table:
        header: list[tuple[Inline, ...]] = []
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        align: list[Literal["left", "right", "center"]] = []
        row: list[tuple[Inline, ...]] = []
        in_head = False
        while self.tokens[self.at].type != "table_close":
            token = self.tokens[self.at]
            self.at += 1
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                row = []
            elif token.type == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(tuple(row))
            elif token.type in ("th_open", "td_open"):
                style = str(token.attrs.get("style", ""))
                if in_head:
                    align.append("right" if "right" in style else "center" if "center" in style else "left")
                inline = self.tokens[self.at]
                row.append(_inlines(inline.children or []))
        self.at += 1
        return Table(tuple(header), tuple(rows), tuple(align))


@dataclass
class Document:
    """A report as blocks, with what every page shows."""

    title: str
    blocks: tuple[Block, ...]
    organisation: str = ""
    date: str = ""
    files: dict[str, bytes] = field(default_factory=dict)  # images the Markdown refers to, by name


def parse(markdown: str) -> tuple[Block, ...]:
    """The blocks of a Markdown report."""
    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    return _Reader(parser.parse(markdown)).blocks()
