"""Protocol Buffers (SPEC section 5): every field of every message, with its comment tag.

proto-schema-parser (an ANTLR grammar of the Protobuf language) gives the structure:
messages, nested messages, ``oneof`` groups, ``repeated`` and ``map<,>`` fields, groups
and ``extend`` blocks. Its syntax tree carries no positions, so the fields are placed with
the tokens of the same ANTLR lexing pass, which the parser keeps in its token stream: a
scan of those tokens follows the braces (``message``/``oneof``/``extend`` blocks; option
literals ``{ ... }`` are skipped whole) and takes, in each declaration of a message body,
the token before its first ``=`` as the field's name. Scanning the lexer's tokens, not the
text, means strings and comments can never be mistaken for declarations. The tree decides
which fields exist; the scan only says where each one is, by message path and name (a name
is unique within its message, ``oneof`` members included).

Comments are moved to the lexer's hidden channel, so the grammar (which takes comments only
between declarations) accepts them anywhere, as protoc does, and they are read from the
token stream with their positions. The grammar's error listener is replaced by one that
raises: a syntax error is a :class:`SourceError` with its line and column.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from policylint.commenttags import TAG, CommentTag, Definition, add_field, bind, find_tags
from policylint.facts import FileFacts
from policylint.readers import ReadOptions
from policylint.yamlnode import SourceError

_HIDDEN = 1  # ANTLR's Token.HIDDEN_CHANNEL
_NOT_FIELDS = frozenset(
    {"option", "reserved", "extensions", "message", "enum", "oneof", "extend", "import"}
    | {"package", "syntax", "edition", "service", "rpc"}
)
_HOLDS_FIELDS = frozenset({"message", "oneof", "extend", "group"})


class _SyntaxError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class _Raise:
    """An ANTLR error listener that raises at the first syntax error.

    ANTLR columns are 0-based; the 1-based column is made here, once.
    """

    def syntaxError(
        self, recognizer: Any, symbol: Any, line: int, column: int, msg: str, e: Any
    ) -> None:
        raise _SyntaxError(msg, line, column + 1)

    def reportAmbiguity(self, *args: Any) -> None:
        return None

    def reportAttemptingFullContext(self, *args: Any) -> None:
        return None

    def reportContextSensitivity(self, *args: Any) -> None:
        return None


@dataclass(frozen=True)
class _Declared:
    """A field as the syntax tree has it."""

    path: tuple[str, ...]
    name: str
    composite: bool = False
    """Its type is a message: the message's own fields say what it holds."""


SCALARS = frozenset(
    {"double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32",
     "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes"}
)  # fmt: skip


@dataclass(frozen=True)
class _Place:
    """Where a field is: its name token, and the first and last lines of its declaration."""

    line: int
    column: int
    start: tuple[int, int]
    end_line: int


def read_proto(path: str, text: str, options: ReadOptions) -> FileFacts:
    """Every field of a ``.proto`` file, tagged or not, as ``Field(name, "proto")``."""
    tree, tokens = _parse(text)
    declared = list(_declared(tree.file_elements, ()))
    places = _places([t for t in tokens if t.channel != _HIDDEN])
    out = FileFacts(path, "proto")
    fields: list[tuple[_Declared, _Place]] = []
    for field in declared:
        place = places.get((field.path, field.name))
        if place is not None:
            fields.append((field, place))
    definitions = [Definition(".".join((*f.path, f.name)), *p.start, p.end_line) for f, p in fields]
    bound, problems = bind(_tags(tokens), definitions)
    out.problems.extend(problems)
    for index, (field, place) in enumerate(fields):
        pointer = ".".join((*field.path, field.name))
        container = ".".join(field.path)
        at = (place.line, place.column)
        add_field(
            out, "proto", field.name, at, pointer, container, bound.get(index), field.composite
        )
    return out


def _parse(text: str) -> tuple[Any, list[Any]]:
    """The syntax tree and every token (comments included, on the hidden channel)."""
    from proto_schema_parser.parser import Parser

    listener = _Raise()
    seen: dict[str, Any] = {}

    def setup_lexer(lexer: Any) -> None:
        comments = {lexer.LINE_COMMENT, lexer.BLOCK_COMMENT}
        next_token = lexer.nextToken

        def hide_comments() -> Any:
            token = next_token()
            if token.type in comments:
                token.channel = _HIDDEN
            return token

        lexer.nextToken = hide_comments
        lexer.removeErrorListeners()
        lexer.addErrorListener(listener)

    def setup_parser(parser: Any) -> None:
        parser.removeErrorListeners()
        parser.addErrorListener(listener)
        seen["parser"] = parser

    try:
        tree = Parser(setup_lexer=setup_lexer, setup_parser=setup_parser).parse(text)
    except _SyntaxError as exc:
        raise SourceError(f"Protobuf syntax error: {exc.message}", exc.line, exc.column) from None
    stream = seen["parser"].getTokenStream()
    stream.fill()
    return tree, list(stream.tokens)


def _declared(elements: Sequence[Any], path: tuple[str, ...]) -> Iterator[_Declared]:
    """Fields of the syntax tree in order, with their message path."""
    from proto_schema_parser import ast

    for element in elements:
        if isinstance(element, ast.Field):
            yield _Declared(path, element.name, element.type not in SCALARS)
        elif isinstance(element, ast.MapField):
            yield _Declared(path, element.name, element.value_type not in SCALARS)
        elif isinstance(element, ast.Group):
            yield _Declared(path, element.name)
            yield from _declared(element.elements, (*path, element.name))
        elif isinstance(element, ast.Message):
            yield from _declared(element.elements, (*path, element.name))
        elif isinstance(element, ast.OneOf):
            yield from _declared(element.elements, path)
        elif isinstance(element, ast.Extension):
            yield from _declared(element.elements, (element.typeName,))


def _places(tokens: Sequence[Any]) -> dict[tuple[tuple[str, ...], str], _Place]:
    """Where each field's name is, from the default-channel tokens (module docstring)."""
    places: dict[tuple[tuple[str, ...], str], _Place] = {}
    blocks: list[tuple[str, str]] = []  # (kind, name) of each open block
    statement: list[Any] = []
    literal = 0  # depth inside an option's { ... } literal
    for token in tokens:
        text = token.text
        if literal:
            literal += {"{": 1, "}": -1}.get(text, 0)
            continue
        if text == "{":
            kind, name = _block(statement)
            if kind == "literal":
                literal = 1
                continue
            if kind == "group":
                _place(places, blocks, statement, token)
            blocks.append((kind, name))
            statement = []
        elif text == "}":
            if blocks:
                blocks.pop()
            statement = []
        elif text == ";":
            if blocks and blocks[-1][0] in _HOLDS_FIELDS:
                _place(places, blocks, statement, token)
            statement = []
        elif token.type != -1:  # not EOF
            statement.append(token)
    return places


def _block(statement: Sequence[Any]) -> tuple[str, str]:
    """What a ``{`` opens, from the declaration before it."""
    words = [t.text for t in statement]
    if not words:
        return "other", ""
    if words[0] in ("message", "enum", "service", "oneof") and len(words) > 1:
        return words[0], words[1]
    if words[0] == "extend":
        return "extend", "".join(words[1:])
    if "group" in words and "=" in words and words.index("group") < words.index("="):
        return "group", words[words.index("group") + 1]
    if words[0] == "option" or "=" in words or ":" in words:
        return "literal", ""
    return "other", ""


def _place(
    places: dict[tuple[tuple[str, ...], str], _Place],
    blocks: Sequence[tuple[str, str]],
    statement: Sequence[Any],
    end: Any,
) -> None:
    """Record the field a declaration declares: the token before its first ``=``."""
    if not statement or statement[0].text in _NOT_FIELDS:
        return
    words = [t.text for t in statement]
    if "=" not in words or words.index("=") == 0:
        return
    name = statement[words.index("=") - 1]
    path: list[str] = []
    for kind, block in blocks:
        if kind == "extend":
            path = [block]
        elif kind in ("message", "group"):
            path.append(block)
    first = statement[0]
    places.setdefault(
        (tuple(path), name.text),
        _Place(name.line, name.column + 1, (first.line, first.column + 1), end.line),
    )


def _tags(tokens: Sequence[Any]) -> list[CommentTag]:
    """Tags in ``//`` and ``/* */`` comments, at their positions (ANTLR columns are 0-based)."""
    tags: list[CommentTag] = []
    for token in tokens:
        if token.channel == _HIDDEN and TAG in token.text:
            text = token.text[:-2] if token.text.startswith("/*") else token.text
            tags.extend(find_tags(text, token.line, token.column + 1))
    return tags
