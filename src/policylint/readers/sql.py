"""SQL DDL (SPEC section 5): every column of ``CREATE TABLE`` and ``ALTER TABLE ... ADD``.

sqlglot gives the structure; its tokens give the positions. The text is tokenized once per
dialect tried; the tokens are cut into statements (at ``;``, and for T-SQL at ``GO`` and
at a ``CREATE``/``ALTER TABLE`` outside any block, since T-SQL needs no ``;``); only the
statements that can declare or tag columns (``CREATE TABLE``, ``ALTER TABLE``, ``COMMENT ON
COLUMN``) are parsed, one by one, so a 10,000-table dump costs one parse per table and
anything else (``INSERT``, views, functions, procedure bodies) is skipped unread. At most
``max_statements`` of them are parsed (project config; PL100 where reading stops).

Positions. sqlglot keeps no position on most nodes, but every token has its offsets. For
each parsed statement the reader walks the statement's own tokens and lists its items: the
comma-separated entries of a ``CREATE TABLE``'s column list (depth 1 inside its
parentheses; parentheses, brackets and the angle brackets of ``STRUCT<...>`` nest) and of
the ``ADD`` clauses of an ``ALTER TABLE``. The parsed column definitions, in order, are
matched to items whose first token is their name; constraints (``PRIMARY KEY (...)``,
``CONSTRAINT ...``) are items no column claims. A column's position is its name token's
first character; its last line is its item's last token's (a tag on any line of a
definition that spans lines binds to it).

Comments. sqlglot's tokenizer keeps comment text on tokens but not where it was, so
comments are found in the gaps between tokens instead: the tokenizer has already consumed
string literals, quoted identifiers and dollar-quoted bodies, so a gap holds only white
space and comments, and a ``--``, ``#``, ``//`` or ``/*`` in a gap starts a comment in
whatever dialect matched. Tags in string literals are read where they are written: the
``COMMENT '...'`` column option (MySQL, Snowflake), BigQuery's ``OPTIONS(description=...)``
and ``COMMENT ON COLUMN t.c IS '...'``, which binds to the column it names.

Dialects. ``sql_dialect`` in the project config names one; otherwise PostgreSQL, MySQL,
SQLite, T-SQL, BigQuery and Snowflake are tried in turn, the likeliest first (backticks:
MySQL, then BigQuery; ``[dbo]`` or a ``GO`` line: T-SQL), and the first that reads every
statement wins. A ``CREATE TABLE`` whose table options sqlglot cannot parse is read again
up to the end of its column list. A statement no dialect reads is a PL100 problem of its
own while the rest of the file is still read; a syntax error in every dialect makes the file
PL100, at the position sqlglot gives.

Not read: columns of ``STRUCT`` types (the column itself is), ``ALTER TABLE ... MODIFY`` /
``ALTER COLUMN``, T-SQL extended properties, and statements behind a MySQL ``DELIMITER``
change.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from policylint.commenttags import TAG, CommentTag, Definition, add_field, bind, find_tags
from policylint.facts import FileFacts, Location, Problem
from policylint.readers import ReadOptions
from policylint.yamlnode import SourceError

DIALECTS = ("postgres", "mysql", "sqlite", "tsql", "bigquery", "snowflake")
"""The dialects tried in turn when the project config names none."""

ALIASES = {
    "postgresql": "postgres",
    "pg": "postgres",
    "mariadb": "mysql",
    "mssql": "tsql",
    "sqlserver": "tsql",
    "t-sql": "tsql",
}

_CREATE_MODIFIERS = frozenset(
    {"OR", "REPLACE", "TEMP", "TEMPORARY", "GLOBAL", "LOCAL", "UNLOGGED", "TRANSIENT"}
    | {"VOLATILE", "EXTERNAL", "MULTISET", "SET", "DYNAMIC", "HYBRID", "ICEBERG", "SNAPSHOT"}
)
_ADD_SKIP = frozenset({"COLUMN", "IF", "NOT", "EXISTS"})
_ANGLE_TYPES = frozenset({"STRUCT", "ARRAY", "MAP", "RANGE"})
_BLOCK_OPEN = frozenset({"BEGIN", "CASE"})
_QUOTES = "'\"`"
MAX_STATEMENTS = 20_000
"""Table statements read in one file at the most (``max_statements``; about 0.5 ms each)."""
_STATEMENTS = {"create": "CREATE TABLE", "alter": "ALTER TABLE", "comment": "COMMENT ON COLUMN"}


class _Lines:
    """1-based line and column of a character offset in the text."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        at = text.find("\n")
        while at != -1:
            self.starts.append(at + 1)
            at = text.find("\n", at + 1)

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


@dataclass
class _Column:
    table: str
    name: str
    first: int
    """Token index of the column's name."""
    last: int
    """Token index of the definition's last token."""
    notes: list[int] = field(default_factory=list)
    """Tokens of string literals (``COMMENT '...'``) holding a tag."""


@dataclass
class _Note:
    """``COMMENT ON COLUMN table.column IS '...'``."""

    table: str
    column: str
    token: int


@dataclass
class _Unsupported:
    """A statement of a kind we read that sqlglot parsed only as an opaque command."""

    first: int
    last: int
    message: str


@dataclass
class _Ddl:
    """What one dialect read: the tokens, the columns, the column comments."""

    dialect: str
    tokens: list[Any]
    columns: list[_Column] = field(default_factory=list)
    notes: list[_Note] = field(default_factory=list)
    unsupported: list[_Unsupported] = field(default_factory=list)
    stopped: int | None = None
    """The first token of the statement past ``max_statements``, where reading stopped."""


class _Failure(Exception):
    def __init__(self, dialect: str, message: str, offset: int, span: tuple[int, int]) -> None:
        super().__init__(message)
        self.dialect = dialect
        self.message = message
        self.offset = offset
        self.span = span
        """The failing statement's character range (to test other dialects on it first)."""


# -- the entry point ----------------------------------------------------------------------
def read_sql(path: str, text: str, options: ReadOptions) -> FileFacts:
    """Columns of a SQL file, tagged or not, in the configured or the first fitting dialect."""
    lines = _Lines(text)
    ddl = _read_any(text, _dialects(text, options.sql_dialect), lines, options.max_statements)
    out = FileFacts(path, "sql")
    if ddl.stopped is not None:
        message = (
            f"more than {options.max_statements} table statements: the rest of the file is not "
            "read (raise max_statements in the project config, or split the file)"
        )
        out.problems.append(
            Problem("PL100", message, Location(*lines.at(ddl.tokens[ddl.stopped].start)))
        )
    for skipped in ddl.unsupported:
        start = ddl.tokens[skipped.first].start
        out.problems.append(Problem("PL100", skipped.message, Location(*lines.at(start))))
    _facts(out, text, ddl, lines)
    return out


def _dialects(text: str, configured: str | None) -> list[str]:
    """The configured dialect, or every common one, the likeliest first."""
    if configured:
        return [ALIASES.get(configured.lower(), configured.lower())]
    order = list(DIALECTS)
    first: list[str] = []
    if "`" in text:
        first = ["mysql", "bigquery"]
    elif (
        "[dbo]" in text
        or "].[" in text
        or any(line.strip().upper() == "GO" for line in text.splitlines())
    ):
        first = ["tsql"]
    return first + [d for d in order if d not in first]


def _read_any(
    text: str, dialects: Sequence[str], lines: _Lines, limit: int = MAX_STATEMENTS
) -> _Ddl:
    """The first dialect that reads every statement.

    Failing that, the one that reads the most: a dialect that leaves a few statements
    unread (each becomes a PL100 problem) beats one that meets a syntax error, since its
    other statements are still checked; a syntax error in every dialect is the file's
    PL100, from the dialect that read furthest.
    """
    failures: list[_Failure] = []
    partial: list[_Ddl] = []
    stops: list[tuple[int, int]] = []  # statements where an earlier dialect stopped
    with _quiet():
        for name in dialects:
            if any(_fails_alone(text, span, name) for span in stops):
                continue  # no better where an earlier dialect stopped: skip the full read
            try:
                ddl = _read(text, name, limit)
            except _Failure as failure:
                failures.append(failure)
                stops.append(failure.span)
                continue
            if not ddl.unsupported:
                return ddl
            partial.append(ddl)
            first = ddl.unsupported[0]
            stops.append((ddl.tokens[first.first].start, ddl.tokens[first.last].end + 1))
    if partial:
        return min(partial, key=lambda d: len(d.unsupported))
    worst = max(failures, key=lambda f: f.offset)
    message = f"SQL syntax error ({worst.dialect}): {worst.message}"
    raise SourceError(message, *lines.at(worst.offset))


@contextmanager
def _quiet() -> Iterator[None]:
    """sqlglot logs a warning for each statement it parses as an opaque command."""
    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


# -- one dialect --------------------------------------------------------------------------
def _dialect(name: str) -> Any:
    from sqlglot.dialects.dialect import Dialect

    try:
        return Dialect.get_or_raise(name)
    except ValueError:
        raise SourceError(
            f"unknown SQL dialect `{name}` (sql_dialect); use one of {', '.join(DIALECTS)}"
        ) from None


def _tokenize(text: str, name: str, dialect: Any) -> list[Any]:
    from sqlglot.errors import TokenError

    tokenizer = dialect.tokenizer_class(dialect=dialect)
    try:
        tokens: list[Any] = tokenizer.tokenize(text)
    except TokenError:
        done = getattr(tokenizer, "tokens", None) or []
        offset = done[-1].end + 1 if done else 0
        while offset < len(text) - 1 and text[offset].isspace():
            offset += 1
        message = "cannot read the text from here on: an unclosed quote or comment?"
        raise _Failure(name, message, offset, (offset, len(text))) from None
    return tokens


def _read(text: str, name: str, limit: int = MAX_STATEMENTS) -> _Ddl:
    """Every column and column comment of ``text`` read as dialect ``name`` (in the first
    ``limit`` statements that can declare them)."""
    dialect = _dialect(name)
    tokens = _tokenize(text, name, dialect)
    ddl = _Ddl(name, tokens)
    parser = dialect.parser()
    read = 0
    for start, end in _statements(tokens, tsql=name == "tsql"):
        kind = _kind(tokens, start, end)
        if kind is not None:
            read += 1
            if read > limit:
                ddl.stopped = start
                break
            tree = _parse_statement(parser, tokens, start, end, text, name, kind)
            _collect(ddl, kind, tree, start, end)
    return ddl


def _parse_statement(
    parser: Any, tokens: list[Any], start: int, end: int, text: str, name: str, kind: str
) -> Any:
    """One statement's tree; a ``CREATE TABLE`` whose table options sqlglot cannot parse
    (SQLite's ``WITHOUT ROWID``, storage clauses) is parsed again up to its column list."""
    from sqlglot import exp

    failure: _Failure | None = None
    try:
        tree = _parse(parser, tokens, start, end, text, name)
    except _Failure as exc:
        if kind != "create":
            raise
        tree, failure = None, exc
    if kind == "create" and (failure is not None or isinstance(tree, exp.Command)):
        cut = _column_list_end(tokens, start, end)
        if cut is not None and cut + 1 < end:
            try:
                shorter = _parse(parser, tokens, start, cut + 1, text, name)
            except _Failure:
                shorter = None
            if isinstance(shorter, exp.Create) and isinstance(shorter.this, exp.Schema):
                return shorter
    if failure is not None:
        raise failure
    return tree


def _column_list_end(tokens: Sequence[Any], start: int, end: int) -> int | None:
    """The token closing a statement's first top-level parenthesis."""
    from sqlglot import TokenType

    depth = 0
    for i in range(start, end):
        kind = tokens[i].token_type
        if kind == TokenType.L_PAREN:
            depth += 1
        elif kind == TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                return i
    return None


def _fails_alone(text: str, span: tuple[int, int], name: str) -> bool:
    """Whether dialect ``name`` also fails on the statement at ``span`` (a cheap check)."""
    piece = text[span[0] : span[1]]
    from sqlglot import exp

    try:
        dialect = _dialect(name)
        tokens = _tokenize(piece, name, dialect)
        parser = dialect.parser()
        for start, end in _statements(tokens, tsql=name == "tsql"):
            kind = _kind(tokens, start, end)
            if kind is not None:
                tree = _parse_statement(parser, tokens, start, end, piece, name, kind)
                if tree is None or isinstance(tree, exp.Command):
                    return True
    except (_Failure, SourceError):
        return True
    return False


def _statements(tokens: Sequence[Any], tsql: bool) -> Iterator[tuple[int, int]]:
    """Token ranges of the statements: cut at ``;`` (and in T-SQL, see the module doc)."""
    from sqlglot import TokenType

    start = 0
    depth = 0  # T-SQL: parentheses and BEGIN/CASE ... END blocks
    for i, token in enumerate(tokens):
        kind = token.token_type
        if kind == TokenType.SEMICOLON:
            if i > start:
                yield start, i
            start, depth = i + 1, 0
            continue
        if not tsql:
            continue
        word = _word(token)
        if kind == TokenType.COMMAND and word == "GO":
            if i > start:
                yield start, i
            start, depth = i + 1, 0
        elif depth == 0 and i > start and _starts_table_statement(tokens, i):
            yield start, i
            start = i
        if kind == TokenType.L_PAREN or word in _BLOCK_OPEN:
            depth += 1
        elif (kind == TokenType.R_PAREN or word == "END") and depth > 0:
            depth -= 1
    if start < len(tokens):
        yield start, len(tokens)


def _starts_table_statement(tokens: Sequence[Any], i: int) -> bool:
    word = _word(tokens[i])
    return word == "CREATE" or (
        word == "ALTER" and i + 1 < len(tokens) and _word(tokens[i + 1]) == "TABLE"
    )


def _word(token: Any) -> str:
    """A keyword-like token's upper-case text; "" for literals and quoted identifiers."""
    from sqlglot import TokenType

    if token.token_type in (TokenType.STRING, TokenType.IDENTIFIER, TokenType.NUMBER):
        return ""
    text: str = token.text
    return text.upper()


def _kind(tokens: Sequence[Any], start: int, end: int) -> str | None:
    """``create``, ``alter`` or ``comment`` for the statements whose columns we read."""
    words = [_word(tokens[i]) for i in range(start, min(end, start + 10))]
    if words[:1] == ["CREATE"]:
        for word in words[1:]:
            if word == "TABLE":
                return "create"
            if word not in _CREATE_MODIFIERS:
                return None
    if words[:2] == ["ALTER", "TABLE"]:
        return "alter"
    if words[:3] == ["COMMENT", "ON", "COLUMN"]:
        return "comment"
    return None


def _parse(parser: Any, tokens: list[Any], start: int, end: int, text: str, name: str) -> Any:
    from sqlglot.errors import ParseError, SqlglotError

    span = (tokens[start].start, tokens[end - 1].end + 1)
    try:
        trees = parser.parse(tokens[start:end], text)
    except ParseError as exc:
        raise _Failure(name, *_parse_error(exc, text, tokens[start].start), span) from None
    except (SqlglotError, RecursionError) as exc:
        raise _Failure(name, str(exc).splitlines()[0], tokens[start].start, span) from None
    return trees[0] if trees else None


def _parse_error(exc: Any, text: str, fallback: int) -> tuple[str, int]:
    """sqlglot's message and the offset of the token it points at."""
    errors = getattr(exc, "errors", None) or []
    if not errors:
        return str(exc).splitlines()[0], fallback
    first = errors[0]
    line, col = first.get("line"), first.get("col")
    if not isinstance(line, int) or not isinstance(col, int):
        return str(first.get("description") or exc), fallback
    starts = _Lines(text).starts
    highlight = str(first.get("highlight") or "")
    # sqlglot's column is the highlighted token's last character
    width = len(highlight) if highlight and "\n" not in highlight else 1
    offset = starts[min(line, len(starts)) - 1] + max(col - width, 0)
    message = str(first.get("description") or "invalid SQL")
    if highlight and "\n" not in highlight:
        message += f" near `{highlight}`"
    return message, offset


# -- from trees and tokens to columns ------------------------------------------------------
def _collect(ddl: _Ddl, kind: str, tree: Any, start: int, end: int) -> None:
    from sqlglot import exp

    alter_types = tuple(getattr(exp, n) for n in ("Alter", "AlterTable") if hasattr(exp, n))
    if isinstance(tree, exp.Command) or tree is None:
        what = _STATEMENTS[kind]
        message = (
            f"cannot read this {what} statement as {ddl.dialect} SQL: a syntax error, or "
            "syntax sqlglot does not support; its columns are not checked (set sql_dialect "
            "in the project config to the file's dialect for the exact error)"
        )
        ddl.unsupported.append(_Unsupported(start, end - 1, message))
        return
    if kind == "create" and isinstance(tree, exp.Create):
        schema = tree.this
        if isinstance(schema, exp.Schema):
            # a bare name is a column too: SQLite's typeless `CREATE TABLE t (id, email)`
            table = str(tree.args.get("kind") or "").upper() == "TABLE"
            typeless = (exp.Identifier,) if table else ()
            defs = [e for e in schema.expressions if isinstance(e, (exp.ColumnDef, *typeless))]
            _columns(ddl, _table(schema.this), defs, start, end, alter=False)
    elif kind == "alter" and isinstance(tree, alter_types):
        actions = tree.args.get("actions") or []
        defs = [a for a in actions if isinstance(a, exp.ColumnDef)]
        _columns(ddl, _table(tree.this), defs, start, end, alter=True)
    elif kind == "comment" and isinstance(tree, exp.Comment):
        target = tree.this
        if isinstance(target, exp.Column):
            parts = [p.name for p in target.parts]
            token = _comment_string(ddl.tokens, start, end)
            if token is not None and len(parts) >= 2:
                ddl.notes.append(_Note(".".join(parts[:-1]), parts[-1], token))


def _table(node: Any) -> str:
    parts = getattr(node, "parts", None)
    if parts:
        return ".".join(str(p.name) for p in parts)
    return str(getattr(node, "name", "") or "")


def _columns(ddl: _Ddl, table: str, defs: list[Any], start: int, end: int, alter: bool) -> None:
    """Place each column definition on the item of the statement that declares it."""
    tokens = ddl.tokens
    items = _items(tokens, start, end, alter)
    k = 0
    for definition in defs:
        name = str(definition.name)
        found = _match(tokens, items, k, name)
        if found is None:  # not where we expected: at the statement, never lost
            first, last = start, end - 1
        else:
            k = found + 1
            first, last = items[found]
        column = _Column(table, name, first, last)
        for literal in _descriptions(definition):
            token = _string_token(tokens, first, last + 1, literal)
            if token is not None:
                column.notes.append(token)
        ddl.columns.append(column)


def _match(tokens: Sequence[Any], items: list[tuple[int, int]], k: int, name: str) -> int | None:
    for same in (str.__eq__, lambda a, b: a.casefold() == b.casefold()):
        for index in range(k, len(items)):
            if same(str(tokens[items[index][0]].text), name):
                return index
    return None


def _items(tokens: Sequence[Any], start: int, end: int, alter: bool) -> list[tuple[int, int]]:
    """(first, last) token indexes of the comma-separated items a column may begin.

    In ``CREATE TABLE``: the entries of a top-level parenthesised list. In ``ALTER TABLE``:
    what follows each ``ADD [COLUMN] [IF NOT EXISTS]``, up to a top-level comma, and the
    entries of an ``ADD (...)`` list. Parentheses, brackets, braces and the angle brackets
    of ``STRUCT<...>`` / ``ARRAY<...>`` nest; items are read at one level only.
    """
    from sqlglot import TokenType

    pairs = {
        TokenType.L_PAREN: TokenType.R_PAREN,
        TokenType.L_BRACKET: TokenType.R_BRACKET,
        TokenType.L_BRACE: TokenType.R_BRACE,
    }
    items: list[tuple[int, int]] = []
    # each level: [closing token type, holds items, first token of the open item]
    levels: list[list[Any]] = [[None, False, None]]
    for i in range(start, end):
        token = tokens[i]
        kind = token.token_type
        level = levels[-1]
        if len(levels) > 1 and kind == level[0]:
            if level[1] and level[2] is not None:
                items.append((level[2], i - 1))
            levels.pop()
            continue
        if kind == TokenType.COMMA and level[1]:
            if level[2] is not None:
                items.append((level[2], i - 1))
            level[2] = None
            continue
        word = _word(token) if alter else ""
        if word == "ADD" and len(levels) == 1:
            if level[2] is not None:
                items.append((level[2], i - 1))
            level[1], level[2] = True, None
            continue
        if word in _ADD_SKIP and level[1] and level[2] is None:
            continue
        opens = kind in pairs
        angle = kind == TokenType.LT and i > start and _word(tokens[i - 1]) in _ANGLE_TYPES
        if opens or angle:
            holds = level[2] is None and (level[1] or (not alter and len(levels) == 1))
            levels.append([pairs[kind] if opens else TokenType.GT, holds and opens, None])
            continue
        if level[1] and level[2] is None:
            level[2] = i
    if levels[0][1] and levels[0][2] is not None:
        items.append((levels[0][2], end - 1))
    return items


def _descriptions(definition: Any) -> list[str]:
    """The string options of a column that may hold a tag: COMMENT, OPTIONS(description)."""
    from sqlglot import exp

    found: list[str] = []
    for constraint in definition.args.get("constraints") or []:
        kind = constraint.args.get("kind")
        if isinstance(kind, exp.CommentColumnConstraint):
            found.append(str(kind.name))
        elif isinstance(kind, exp.Properties):
            for prop in kind.expressions:
                if isinstance(prop, exp.Property) and prop.name.lower() == "description":
                    value = prop.args.get("value")
                    if isinstance(value, exp.Literal) and value.is_string:
                        found.append(str(value.name))
    return [text for text in found if TAG in text]


def _string_token(tokens: Sequence[Any], start: int, end: int, value: str) -> int | None:
    from sqlglot import TokenType

    for i in range(start, end):
        if tokens[i].token_type == TokenType.STRING and tokens[i].text == value:
            return i
    return None


def _comment_string(tokens: Sequence[Any], start: int, end: int) -> int | None:
    """The string literal after ``IS`` in ``COMMENT ON COLUMN ... IS '...'``."""
    from sqlglot import TokenType

    for i in range(start, end - 1):
        if tokens[i].token_type == TokenType.IS and tokens[i + 1].token_type == TokenType.STRING:
            return i + 1
    return None


# -- comments -------------------------------------------------------------------------------
def _comments(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each comment's text (delimiters excluded) in the gap ``text[a:b]``.

    A gap between two tokens holds only white space and comments (module docstring).
    """
    i = a
    while i < b:
        if text.startswith("/*", i):
            close = text.find("*/", i + 2, b)
            stop = b if close == -1 else close
            yield i + 2, stop
            i = b if close == -1 else close + 2
        elif text.startswith(("--", "//"), i) or text[i] == "#":
            skip = 1 if text[i] == "#" else 2
            newline = text.find("\n", i, b)
            stop = b if newline == -1 else newline
            yield i + skip, stop
            i = stop
        else:
            i += 1


def _live(text: str, begin: int, stop: int) -> str:
    """The text of the comment ``text[begin:stop]`` with what a block comment comments out
    blanked (offsets kept): from a line comment's ``--``, ``//`` or ``#`` that introduces a
    tag (:data:`_COMMENTED_TAG`) to the end of its line. A ``-- @personal-data`` inside
    ``/* ... */`` is a tag of commented-out code, not one of the definition after it."""
    comment = text[begin:stop]
    if not text.startswith("/*", begin - 2) or TAG not in comment:
        return comment
    out = []
    for line in comment.splitlines(keepends=True):
        commented = _COMMENTED_TAG.search(line)
        if commented is not None:
            cut = commented.start()
            line = line[:cut] + "".join(c if c in "\r\n" else " " for c in line[cut:])
        out.append(line)
    return "".join(out)


_COMMENTED_TAG = re.compile(r"(?:--|//|#)[ \t]*" + re.escape(TAG))
"""A line comment's marker right before a tag (``-- @personal-data``): inside a block
comment, commented-out code (a ``#`` of a ticket number or a ``//`` of a URL is not)."""


def _comment_tags(text: str, tokens: Sequence[Any], lines: _Lines) -> list[CommentTag]:
    """Tags in comments: found from each ``@personal-data`` outside every token."""
    tags: list[CommentTag] = []
    starts = [t.start for t in tokens]
    seen: set[int] = set()
    at = text.find(TAG)
    while at != -1:
        k = bisect.bisect_right(starts, at)  # tokens[k - 1] starts at or before the tag
        a = tokens[k - 1].end + 1 if k > 0 else 0
        b = starts[k] if k < len(starts) else len(text)
        if a <= at and a not in seen:  # in the gap before tokens[k], not inside a token
            seen.add(a)
            for begin, stop in _comments(text, a, b):
                comment = _live(text, begin, stop)
                if TAG in comment:
                    tags.extend(find_tags(comment, *lines.at(begin)))
        at = text.find(TAG, at + len(TAG))
    return tags


def _string_tags(text: str, token: Any, lines: _Lines) -> list[CommentTag]:
    """Tags in a string literal, placed on the source text between its quotes."""
    raw = text[token.start : token.end + 1]
    opening = next((i for i, c in enumerate(raw) if c in _QUOTES), -1)
    if opening == -1:
        return []
    width = 3 if raw.startswith(raw[opening] * 3, opening) and len(raw) - opening >= 6 else 1
    inner = raw[opening + width : len(raw) - width]
    return find_tags(inner, *lines.at(token.start + opening + width))


# -- facts ----------------------------------------------------------------------------------
def _facts(out: FileFacts, text: str, ddl: _Ddl, lines: _Lines) -> None:
    tokens = ddl.tokens
    columns = ddl.columns
    definitions = [
        Definition(
            f"{c.table}.{c.name}",
            *lines.at(tokens[c.first].start),
            lines.at(tokens[c.last].end)[0],
        )
        for c in columns
    ]
    fixed: list[tuple[int, CommentTag]] = []
    for index, column in enumerate(columns):
        for token in column.notes:
            fixed.extend((index, tag) for tag in _string_tags(text, tokens[token], lines))
    extra = _notes(out, text, ddl, lines, fixed)
    tags = _comment_tags(text, tokens, lines) if TAG in text else []
    if ddl.unsupported:  # tags in a statement sqlglot could not read stay there (PL100)
        skipped = [
            (lines.at(tokens[u.first].start)[0], lines.at(tokens[u.last].end)[0])
            for u in ddl.unsupported
        ]
        tags = [t for t in tags if not any(a <= t.line <= b for a, b in skipped)]
    if ddl.stopped is not None:  # nor are tags past max_statements, where reading stopped
        stop = tokens[ddl.stopped].start
        tags = [t for t in tags if t.line < lines.at(stop)[0]]
    bound, problems = bind(tags, definitions, fixed)
    out.problems.extend(problems)
    for index, column in enumerate(columns):
        pointer = f"{column.table}.{column.name}"
        at = (definitions[index].line, definitions[index].column)
        add_field(out, "sql", column.name, at, pointer, column.table, bound.get(index))
    for table, name, tag in extra:
        add_field(out, "sql", name, tag.position, f"{table}.{name}", table, tag)


def _notes(
    out: FileFacts,
    text: str,
    ddl: _Ddl,
    lines: _Lines,
    fixed: list[tuple[int, CommentTag]],
) -> list[tuple[str, str, CommentTag]]:
    """Bind ``COMMENT ON COLUMN`` tags to the columns they name.

    A column this file defines gets the tag (in ``fixed``); a column defined elsewhere (in
    an earlier migration) becomes a field of its own, at the tag: returned.
    """
    index: dict[tuple[str, str], int] = {}
    short: dict[tuple[str, str], list[int]] = {}
    for k, column in enumerate(ddl.columns):
        key = (column.table.casefold(), column.name.casefold())
        index.setdefault(key, k)
        short.setdefault((column.table.rsplit(".", 1)[-1].casefold(), key[1]), []).append(k)
    extra: list[tuple[str, str, CommentTag]] = []
    for note in ddl.notes:
        tags = _string_tags(text, ddl.tokens[note.token], lines)
        key = (note.table.casefold(), note.column.casefold())
        found = index.get(key)
        if found is None:
            same = short.get((key[0].rsplit(".", 1)[-1], key[1]), [])
            found = same[0] if len(same) == 1 else None
        for tag in tags:
            if found is None:
                extra.append((note.table, note.column, tag))
            else:
                fixed.append((found, tag))
    seen: dict[tuple[str, str], CommentTag] = {}
    kept: list[tuple[str, str, CommentTag]] = []
    for table, name, tag in extra:
        first = seen.setdefault((table.casefold(), name.casefold()), tag)
        if first is tag:
            kept.append((table, name, tag))
        else:
            out.problems.append(
                Problem(
                    "PL101",
                    f"invalid tag: `{table}.{name}` already has a @personal-data tag "
                    f"(line {first.line}, column {first.column}); keep one",
                    Location(tag.line, tag.column),
                )
            )
    return kept
