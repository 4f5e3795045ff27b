"""Choosing a reader for a file (SPEC section 6a) and turning any failure into PL100.

A reader is ``read(display_path, text) -> FileFacts``. Readers are named here as
``module:function`` and imported only when a file needs them, so a run over YAML files
never imports the SQL or HCL parsers.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path

from policylint.facts import FileFacts, Location, Problem
from policylint.suppress import scan
from policylint.yamlnode import SourceError

Reader = Callable[[str, str], FileFacts]

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Files larger than this are PL100 instead of being read (configurable: ``max_file_size``)."""

_STRUCTURED = "policylint.readers.structured:read_structured"
_BY_SUFFIX: dict[str, str] = {
    ".avsc": "policylint.readers.structured:read_avro",
}
_BY_NAME: dict[str, str] = {}
_SCHEMA_NAME = re.compile(r"(\.schema\.(json|ya?ml)|^(openapi|swagger)\.(json|ya?ml))$", re.I)
_STRUCTURED_SUFFIXES = (".json", ".yaml", ".yml")
_SIGNS = re.compile(
    rb"x-personal-data|x-policylint|personal_data|data_categories|#\s*@policy\b|@personal-data"
    rb"|[\"']?\$schema[\"']?\s*:|^\s*[\"']?(?:openapi|swagger)[\"']?\s*:",
    re.M,
)


def register(reader: str, suffixes: tuple[str, ...] = (), names: tuple[str, ...] = ()) -> None:
    """Name a reader (``module:function``) for file suffixes or exact base names."""
    for suffix in suffixes:
        _BY_SUFFIX[suffix.lower()] = reader
    for name in names:
        _BY_NAME[name] = reader


def reader_name(path: Path, head: bytes | None) -> str | None:
    """The reader for ``path``, by name first, then (YAML/JSON) by content; None: not read.

    ``head`` is the file's content; None asks only whether the name alone decides.
    """
    name = path.name
    if name in _BY_NAME:
        return _BY_NAME[name]
    suffix = path.suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    if suffix in _STRUCTURED_SUFFIXES:
        if _SCHEMA_NAME.search(name):
            return _STRUCTURED
        if head is not None and _SIGNS.search(head):
            return _STRUCTURED
    return None


def load(reader: str) -> Reader:
    module, _, function = reader.partition(":")
    read: Reader = getattr(importlib.import_module(module), function)
    return read


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (BOM allowed) or UTF-16/32 with a BOM; else SourceError."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _decode(data, "utf-32")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16")
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise SourceError("binary file: contains a NUL byte", line, 1)
    return _decode(data, "utf-8-sig")


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            f"not {encoding.upper().replace('-SIG', '')} text: invalid byte "
            f"0x{data[exc.start]:02x}; save the file as UTF-8",
            line,
            column,
        ) from None


def parse_failure(path: str, exc: SourceError) -> FileFacts:
    out = FileFacts(path, "unreadable")
    out.problems.append(Problem("PL100", exc.message, Location(exc.line, exc.column)))
    return out


def read_file(path: Path, display: str, max_bytes: int = MAX_FILE_BYTES) -> FileFacts | None:
    """Read one file: its facts, PL100 when it cannot be read, None when it is not ours."""
    if reader_name(path, None) is None and path.suffix.lower() not in _STRUCTURED_SUFFIXES:
        return None
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(f"file too large: {size} bytes (limit {max_bytes})")
        data = path.read_bytes()
    except OSError as exc:
        return parse_failure(display, SourceError(f"cannot read file: {exc.strerror or exc}"))
    except SourceError as exc:
        return parse_failure(display, exc)
    return read_bytes(path, display, data)


def read_bytes(path: Path, display: str, data: bytes) -> FileFacts | None:
    """The facts of a file's content (``path`` decides the reader with the content)."""
    chosen = reader_name(path, data)
    if chosen is None:
        return None
    try:
        if not data.strip():
            raise SourceError("empty file")
        text = decode(data)
        out = load(chosen)(display, text)
    except SourceError as exc:
        return parse_failure(display, exc)
    except RecursionError:
        return parse_failure(display, SourceError("nesting too deep to read"))
    out.suppressions = scan(text)
    return out
