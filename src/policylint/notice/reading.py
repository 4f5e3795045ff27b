"""Reading a notice: plain text, Markdown or HTML into sentences that know their line.

A notice is cut into blocks (paragraphs, list items, headings), each block's whitespace
is normalised, and blocks are cut into sentences. Every sentence keeps the 1-based line
where it starts in the original file, and where each later source line begins inside it,
so a fact found in the middle of a wrapped paragraph cites the line it is on.

Plain text: a blank line, a bullet (``-``, ``•``, ``*``, ``1.``) or a line after one
ending a sentence starts a block; a line continues the block when it starts in lower
case or the line before it was long and unfinished (a wrapped line). Markdown: ``#``
headings, list items and paragraphs; inline markup is dropped, ``[text](url)`` keeps
both. HTML: the stdlib :mod:`html.parser`; block elements start blocks, ``h1``–``h6``
are headings, ``script`` and ``style`` are skipped.

A block is also a heading when it is one short line that does not end a sentence
("Cookies", "4. What personal data do we process and for how long?").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePath

__all__ = ["Document", "Sentence", "format_of", "read"]

_BULLET_RE = re.compile(r"^(?:[-*+•·◦▪►–—]|\(?[0-9]{1,2}[.)]|\(?[a-z][.)])\s+")
_NUMBERED_RE = re.compile(r"^[0-9]{1,2}[.)]\s+")
_SENTENCE_END_RE = re.compile(r"[.!?][\"”’)\]]*\s+")
_SENTENCE_START_RE = re.compile(r"[\"“‘(\[]?[A-Z0-9À-ÖØ-Þ]")
_ABBREVIATIONS = frozenset(
    [
        "e.g.",
        "i.e.",
        "bijv.",
        "bv.",
        "o.a.",
        "d.w.z.",
        "m.a.w.",
        "z.b.",
        "d.h.",
        "u.a.",
        "p.ex.",
        "ex.",
        "cf.",
        "art.",
        "nr.",
        "no.",
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "st.",
        "ca.",
        "resp.",
        "incl.",
        "excl.",
        "b.v.",
        "n.v.",
        "s.a.",
        "inc.",
        "ltd.",
        "co.",
    ]
)
_WRAP_WIDTH = 70
_HEADING_MAX = 100


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or heading) with the line it starts on in the original file."""

    text: str
    line: int
    heading: bool = False
    item: bool = False
    block: int = 0
    breaks: tuple[tuple[int, int], ...] = ()
    """(offset in ``text``, line) where a later source line begins."""

    def line_at(self, offset: int) -> int:
        """The source line of the character at ``offset``."""
        index = bisect.bisect_right([o for o, _ in self.breaks], offset)
        return self.breaks[index - 1][1] if index else self.line


@dataclass(frozen=True, slots=True)
class Document:
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(slots=True)
class _Block:
    pieces: list[tuple[str, int]] = field(default_factory=list)
    heading: bool = False
    item: bool = False
    lines: int = 0
    row: bool = False
    """A table row: a heading only when it names the columns, however short."""

    def add(self, text: str, line: int) -> None:
        if text.strip():
            self.pieces.append((text, line))


def format_of(path: str) -> str:
    """``html``, ``markdown`` or ``text``, from the file name."""
    suffix = PurePath(path).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".md", ".markdown", ".mdown"):
        return "markdown"
    return "text"


def read(text: str, fmt: str = "text") -> Document:
    """Cut a notice into sentences; ``fmt`` is ``text``, ``markdown`` or ``html``."""
    if fmt == "text" and re.match(r"\s*<(?:!doctype|html|body)\b", text, re.IGNORECASE):
        fmt = "html"
    blocks = {"html": _html_blocks, "markdown": _markdown_blocks}.get(fmt, _text_blocks)(text)
    sentences: list[Sentence] = []
    for number, block in enumerate(blocks):
        sentences.extend(_sentences(block, number))
    return Document(tuple(sentences))


def _looks_like_heading(text: str) -> bool:
    stripped = text.strip()
    return (
        0 < len(stripped) <= _HEADING_MAX
        and stripped[-1] not in ".;:,!"
        and any(ch.isalpha() for ch in stripped)
        and len(stripped.split()) <= 16
    )


def _text_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    previous = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped:
            current, previous = None, ""
            continue
        bullet = _BULLET_RE.match(stripped)
        numbered = _NUMBERED_RE.match(stripped)
        if current is not None and not bullet and _continues(previous, stripped):
            current.add(stripped, number)
            current.lines += 1
        else:
            body = stripped[bullet.end() :] if bullet and not numbered else stripped
            current = _Block(item=bool(bullet) and not numbered, lines=1)
            current.add(body, number)
            blocks.append(current)
        previous = stripped
    for block in blocks:
        if block.lines == 1 and not block.item and _looks_like_heading(block.pieces[0][0]):
            block.heading = True
    return [b for b in blocks if b.pieces]


def _continues(previous: str, line: str) -> bool:
    if not previous or previous[-1] in ".!?:;":
        return False
    return line[0].islower() or len(previous) >= _WRAP_WIDTH


_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
_MD_MARKUP_RE = re.compile(r"(\*\*|__|`+|~~|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_RULE_RE = re.compile(r"^(?:[-*_]\s*){3,}$")
_MD_SETEXT_RE = re.compile(r"^(?:=+|-+)\s*$")


def _markdown_inline(text: str) -> str:
    def link(match: re.Match[str]) -> str:
        label, url = match.group(1), match.group(2)
        if match.group(0).startswith("!") or not url or url == label:
            return label or url
        return f"{label} ({url})"

    text = _MD_LINK_RE.sub(link, text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    return _MD_MARKUP_RE.sub("", text)


def _markdown_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    fenced = False
    header: list[str] | None = None
    row: list[str] | None = None
    lines = text.splitlines()
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            fenced, current = not fenced, None
            continue
        if fenced or not stripped or _MD_RULE_RE.match(stripped):
            current = None
            continue
        if current is not None and _MD_SETEXT_RE.match(stripped) and current.lines == 1:
            current.heading, current = True, None
            continue
        stripped = re.sub(r"^(?:>\s*)+", "", stripped)
        heading = _MD_HEADING_RE.match(stripped)
        bullet = _BULLET_RE.match(stripped)
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if re.fullmatch(r"[|:\-\s]+", stripped):
                header = row  # the row above the separator names the columns
                if row is not None and blocks and blocks[-1].row:
                    blocks[-1].heading = True
                continue
            row = cells
            current = _Block(row=True, lines=1)
            current.add(_markdown_inline(_row_text(cells, header)), number)
            blocks.append(current)
            current = None
            continue
        else:
            header = row = None
        if heading or bullet or current is None:
            body = heading.group(2) if heading else stripped[bullet.end() :] if bullet else stripped
            current = _Block(heading=bool(heading), item=bool(bullet), lines=1)
            current.add(_markdown_inline(body), number)
            blocks.append(current)
            if heading:
                current = None
        else:
            current.add(_markdown_inline(stripped), number)
            current.lines += 1
    for block in blocks:
        if block.lines == 1 and not block.item and not block.row and block.pieces:
            block.heading = block.heading or _looks_like_heading(block.pieces[0][0])
    return [b for b in blocks if b.pieces]


def _row_text(cells: list[str], header: list[str] | None) -> str:
    """A table row as a sentence: its cells, each after its column's header when the table
    has one ("Email address; Retention period: 2 years"), so that a retention table reads
    as the sentences it stands for."""
    if header is None or len(header) != len(cells) or cells == header:
        return "; ".join(cell for cell in cells if cell)
    pairs = enumerate(zip(header, cells, strict=True))  # as long: checked above
    return "; ".join(f"{h}: {c}" if i and h else c for i, (h, c) in pairs if c)


_HTML_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "title",
        "tr",
        "ul",
    ]
)
_HTML_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg"})


class _HtmlBlocks(HTMLParser):
    """Blocks of an HTML text; a table row is one block, its cells read as
    :func:`_row_text` reads a Markdown row (each after its column's ``<th>``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.current = _Block()
        self.skipping = 0
        self.header: list[str] = []
        """The ``<th>`` texts of the table's heading row."""
        self.cells: list[tuple[str, list[str]]] = []
        """The current row's cells: their tag, and their text so far."""

    def close_block(self, heading: bool = False, item: bool = False) -> None:
        if self.current.pieces:
            self.blocks.append(self.current)
        self.current = _Block(heading=heading, item=item)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HTML_SKIP_TAGS:
            self.skipping += 1
        elif tag in ("td", "th") and not self.skipping:
            self._cell(tag)
        elif tag in _HTML_BLOCK_TAGS:
            if tag == "table":
                self.header = []
            if tag == "tr":
                self.cells = []
            self.close_block(heading=tag in ("h1", "h2", "h3", "h4", "h5", "h6"), item=tag == "li")
            self.current.row = tag == "tr"

    def _cell(self, tag: str) -> None:
        """A cell begins: a separator after the row's cells so far, and for a data cell the
        header of its column."""
        index = len(self.cells)
        self.cells.append((tag, []))
        line = self.getpos()[0]
        if index:
            self.current.add(";", line)
        if tag == "td" and index and index < len(self.header) and self.header[index]:
            self.current.add(f"{self.header[index]}:", line)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "tr" and self.cells and all(kind == "th" for kind, _ in self.cells):
            self.header = [" ".join(" ".join(text).split()) for _, text in self.cells]
            self.current.heading = True  # names the columns: no statement of its own
            self.close_block()
        elif tag in _HTML_BLOCK_TAGS:
            self.close_block()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.cells:
            self.cells[-1][1].append(data)
        line = self.getpos()[0]
        for offset, part in enumerate(data.split("\n")):
            self.current.add(part, line + offset)


def _html_blocks(text: str) -> list[_Block]:
    parser = _HtmlBlocks()
    parser.feed(text)
    parser.close()
    parser.close_block()
    for block in parser.blocks:
        lines = {line for _, line in block.pieces}
        if len(lines) == 1 and not block.item and not block.heading and not block.row:
            block.heading = _looks_like_heading(" ".join(p for p, _ in block.pieces))
    return parser.blocks


def _normalise(block: _Block) -> tuple[str, list[tuple[int, int]]]:
    """The block's text with whitespace collapsed, and where each source line starts."""
    text = ""
    breaks: list[tuple[int, int]] = []
    for piece, line in block.pieces:
        words = " ".join(piece.split())
        if not words:
            continue
        if text and not text.endswith(" "):
            text += " "
        if not breaks or breaks[-1][1] != line:
            breaks.append((len(text), line))
        text += words
    return text, breaks


def _sentences(block: _Block, number: int) -> list[Sentence]:
    text, breaks = _normalise(block)
    if not text:
        return []
    starts = [0]
    if not block.heading:
        for match in _SENTENCE_END_RE.finditer(text):
            word = text[: match.start() + 1].rsplit(" ", 1)[-1].lstrip('([“"').lower()
            if word in _ABBREVIATIONS or not _SENTENCE_START_RE.match(text, match.end()):
                continue
            starts.append(match.end())
    result = []
    offsets = [o for o, _ in breaks]
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        chunk = text[start:end].rstrip()
        index = bisect.bisect_right(offsets, start) - 1
        line = breaks[index][1]
        inner = tuple((o - start, ln) for o, ln in breaks[index + 1 :] if start < o < end)
        result.append(Sentence(chunk, line, block.heading, block.item, number, inner))
    return result
