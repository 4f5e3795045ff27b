"""Prisma schemas (SPEC section 5): every field of every model, with its comment tag.

No maintained Python parser for the Prisma schema language exists, so this is a small
line-oriented reader of its blocks. The language is line-based: a block opens with
``model User {`` (or ``type``, ``view``, ``enum``, ``datasource``, ``generator``) on one
line and closes with ``}`` on its own line, and a model has one field per line
(``email String @unique``) or one block attribute (``@@index([email])``). Each line is
split into code and comment at the first ``//`` outside a string literal; ``///`` doc
comments are comments too.

Fields of ``model``, ``type`` and ``view`` blocks are read; a relation field (whose type is
a model of the same file, ``posts Post[]``) is no column, so it is recorded only when it
carries a tag. Tags bind as everywhere (SPEC section 5): to the field on the tag's line,
else to the next field below it (a ``///`` doc comment above a field).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from policylint.commenttags import TAG, CommentTag, Definition, add_field, bind, find_tags
from policylint.facts import FileFacts
from policylint.readers import ReadOptions
from policylint.yamlnode import SourceError

_BLOCK = re.compile(r"(model|type|view|enum|datasource|generator)\s+([A-Za-z_]\w*)\s*\{\Z")
_FIELD = re.compile(r"([A-Za-z_]\w*)\s+([A-Za-z_][\w.]*)")
_WITH_FIELDS = frozenset({"model", "type", "view"})


@dataclass(frozen=True)
class _Field:
    model: str
    name: str
    type: str
    line: int
    column: int
    end_line: int = 0


def _split(line: str) -> tuple[str, int, int]:
    """A line's code, the 0-based column where its ``//`` comment starts (-1: none), and
    how many more parentheses and brackets it opens than it closes (outside strings)."""
    quoted = False
    depth = 0
    i = 0
    while i < len(line):
        c = line[i]
        if quoted and c == "\\":
            i += 2
            continue
        if c == '"':
            quoted = not quoted
        elif not quoted:
            if line.startswith("//", i):
                return line[:i], i, depth
            depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(c, 0)
        i += 1
    return line, -1, depth


def read_prisma(path: str, text: str, options: ReadOptions) -> FileFacts:
    """Every model field of a Prisma schema, tagged or not, as ``Field(name, "prisma")``."""
    fields: list[_Field] = []
    tags: list[CommentTag] = []
    models: set[str] = set()
    block: tuple[str, str, int] | None = None  # kind, name, line
    depth = 0  # open parentheses: an attribute's arguments go on over several lines
    for number, line in enumerate(text.split("\n"), start=1):
        code, comment, opened_here = _split(line.rstrip("\r"))
        if comment != -1 and TAG in line:
            tags.extend(find_tags(line[comment:], number, comment + 1))
        stripped = code.strip()
        continued, depth = depth > 0, max(depth + opened_here, 0)
        if continued:
            if fields and block is not None and fields[-1].model == block[1]:
                fields[-1] = replace(fields[-1], end_line=number)
            continue
        if not stripped:
            continue
        column = len(code) - len(code.lstrip()) + 1
        if block is None:
            opened = _BLOCK.match(stripped)
            if opened is None:
                raise SourceError(
                    f"expected a block (`model Name {{`, enum, type, view, datasource, "
                    f"generator), found `{stripped[:40]}`",
                    number,
                    column,
                )
            block = (opened.group(1), opened.group(2), number)
            if block[0] == "model":
                models.add(block[1])
        elif stripped == "}":
            block = None
        elif _BLOCK.match(stripped):
            raise SourceError(
                f"{block[0]} `{block[1]}` (line {block[2]}) is not closed with `}}` before "
                "the next block",
                number,
                column,
            )
        elif block[0] in _WITH_FIELDS and not stripped.startswith("@@"):
            found = _FIELD.match(stripped)
            if found is None:
                raise SourceError(
                    f"expected a field (`name Type`) in {block[0]} `{block[1]}`, "
                    f"found `{stripped[:40]}`",
                    number,
                    column,
                )
            fields.append(_Field(block[1], found.group(1), found.group(2), number, column))
    if block is not None:
        raise SourceError(f"{block[0]} `{block[1]}` is not closed with `}}`", block[2], 1)
    return _facts(path, fields, tags, models)


def _facts(path: str, fields: list[_Field], tags: list[CommentTag], models: set[str]) -> FileFacts:
    out = FileFacts(path, "prisma")
    definitions = [Definition(f"{f.model}.{f.name}", f.line, f.column, f.end_line) for f in fields]
    bound, problems = bind(tags, definitions)
    out.problems.extend(problems)
    for index, field in enumerate(fields):
        tag = bound.get(index)
        if tag is None and field.type in models:
            continue  # a relation, not a column
        pointer = f"{field.model}.{field.name}"
        add_field(out, "prisma", field.name, (field.line, field.column), pointer, field.model, tag)
    return out
