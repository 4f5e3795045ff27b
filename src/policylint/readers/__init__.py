"""Choosing a reader for a file (SPEC section 6a) and turning any failure into PL100.

A reader is ``read(display_path, text, options) -> FileFacts`` and raises
:class:`SourceError` for a file it cannot parse. Readers are named here as
``module:function`` and imported only when a file needs them, so a run over YAML files
never imports the SQL or HCL parsers.
"""

from __future__ import annotations

import importlib
import os
import posixpath
import re
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from policylint.facts import FileFacts, Location, Problem
from policylint.limits import MAX_DEPTH, MAX_NODES, SourceError
from policylint.records import Record, record, setfield
from policylint.suppress import scan


@record
class SettingMap(Record):
    """A project-config mapping of a JSON key to a setting (SPEC section 6)."""

    files: str
    key: str
    setting: str
    root: str = ""
    """The folder ``files`` is relative to (the config's), from the run's working folder:
    ``..`` for a run in its ``config/`` folder, ``app`` for a run above it; empty for a run
    in it."""

    def __init__(self, files: str, key: str, setting: str, root: str = "") -> None:
        setfield(self, "files", files)
        setfield(self, "key", key)
        setfield(self, "setting", setting)
        setfield(self, "root", root)

    def matches(self, display: str) -> bool:
        """Whether ``files`` names the file shown as ``display`` (relative to the run's
        folder, ``/``-separated)."""
        from policylint.readers.settings import pattern

        path = posixpath.relpath(display, self.root) if self.root else display
        return bool(pattern(self.files).match_file(path))


@record
class ReadOptions(Record):
    """What readers may need from the project config (picklable, for worker processes)."""

    sql_dialect: str | None = None
    settings: tuple[SettingMap, ...] = ()
    max_bytes: int = 20 * 1024 * 1024
    max_depth: int = MAX_DEPTH
    max_nodes: int = MAX_NODES
    max_statements: int = 20_000  # readers.sql.MAX_STATEMENTS

    def __init__(
        self,
        sql_dialect: str | None = None,
        settings: tuple[SettingMap, ...] = (),
        max_bytes: int = 20 * 1024 * 1024,
        max_depth: int = MAX_DEPTH,
        max_nodes: int = MAX_NODES,
        max_statements: int = 20_000,
    ) -> None:
        setfield(self, "sql_dialect", sql_dialect)
        setfield(self, "settings", settings)
        setfield(self, "max_bytes", max_bytes)
        setfield(self, "max_depth", max_depth)
        setfield(self, "max_nodes", max_nodes)
        setfield(self, "max_statements", max_statements)


_LIMITS = {
    "max_file_size": "max_bytes",
    "max_depth": "max_depth",
    "max_nodes": "max_nodes",
    "max_statements": "max_statements",
}


def limits(config: Mapping[str, Any]) -> dict[str, int]:
    """The :class:`ReadOptions` limits a project config sets (``max_file_size``, ...)."""
    return {name: config[key] for key, name in _LIMITS.items() if key in config}


Reader = Callable[[str, str, ReadOptions], FileFacts]

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Files larger than this are PL100 instead of being read (configurable: ``max_file_size``)."""

_STRUCTURED = "policylint.readers.structured:read_structured"
_BY_SUFFIX: dict[str, str] = {
    ".avsc": "policylint.readers.structured:read_avro",
    ".sql": "policylint.readers.sql:read_sql",
    ".ddl": "policylint.readers.sql:read_sql",
    ".proto": "policylint.readers.proto:read_proto",
    ".prisma": "policylint.readers.prisma:read_prisma",
    ".tf": "policylint.readers.terraform:read_terraform",
}
_BY_NAME: dict[str, str] = {
    "package.json": "policylint.readers.manifests:read_manifest",
    "pyproject.toml": "policylint.readers.manifests:read_manifest",
    "build.gradle": "policylint.readers.manifests:read_manifest",
    "build.gradle.kts": "policylint.readers.manifests:read_manifest",
    "Podfile": "policylint.readers.manifests:read_manifest",
    "Package.swift": "policylint.readers.manifests:read_manifest",
    "pubspec.yaml": "policylint.readers.manifests:read_manifest",
}
_REQUIREMENTS = re.compile(r"^requirements.*\.(txt|in)$")
_SETTINGS_SUFFIXES = (".toml", ".ini", ".cfg", ".conf", ".properties")
_SETTINGS = "policylint.readers.settings:read_settings"
_SCHEMA_NAME = re.compile(r"(\.schema\.(json|ya?ml)|^(openapi|swagger)\.(json|ya?ml))$", re.I)
_STRUCTURED_SUFFIXES = (".json", ".yaml", ".yml")
_SIGNS = re.compile(
    rb"x-personal-data|x-policylint|personal_data|data_categories|#\s*@policy\b|@personal-data"
    rb"|[\"']?\$schema[\"']?\s*:|^\s*[\"']?(?:openapi|swagger)[\"']?\s*:"
    rb"|^(?:models|sources|seeds|snapshots):|\bfides_key\s*:",
    re.M,
)

_JSON_SCHEMA = (re.compile(rb'"type"\s*:\s*"object"'), re.compile(rb'"properties"\s*:\s*\{'))
"""A JSON Schema that does not name its ``$schema``: an object type with properties (JSON
only: in YAML, Kubernetes manifests and CI files hold such words with other meanings)."""

_POLICY_TAG = re.compile(rb"@policy\b|policylint:")
_TOML_TAG = re.compile(rb"@policy\b|@personal-data|policylint:")
"""TOML files carry field tags too (SPEC section 5); INI and .env files only settings."""


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
    return reader_for_name(path.name, head)


def reader_for_name(name: str, head: bytes | None) -> str | None:
    """:func:`reader_name` for a file's base name (what discovery has in hand)."""
    if name in _BY_NAME:
        return _BY_NAME[name]
    if _REQUIREMENTS.match(name):
        return "policylint.readers.manifests:read_manifest"
    dot = name.rfind(".")
    suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""  # as Path.suffix
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    if (
        suffix in _SETTINGS_SUFFIXES
        or name == ".env"
        or name.startswith(".env.")
        or suffix == ".env"
    ):
        if head is None:
            return _SETTINGS
        signs = _TOML_TAG if suffix == ".toml" else _POLICY_TAG
        return _SETTINGS if signs.search(head) else None
    if suffix in _STRUCTURED_SUFFIXES:
        if _SCHEMA_NAME.search(name):
            return _STRUCTURED
        if head is not None and _SIGNS.search(head):
            return _STRUCTURED
        if head is not None and suffix == ".json" and all(p.search(head) for p in _JSON_SCHEMA):
            return _STRUCTURED
    return None


def load(reader: str) -> Reader:
    module, _, function = reader.partition(":")
    read: Reader = getattr(importlib.import_module(module), function)
    return read


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (BOM allowed) or UTF-16/32 with a BOM; else SourceError.

    Line ends become what every reader counts: CRLF and a lone CR are LF; NEL, LS and PS
    (U+0085, U+2028, U+2029), which YAML would count as line breaks and editors do not,
    are spaces. Columns do not move.
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _lines(_decode(data, "utf-32"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _lines(_decode(data, "utf-16"))
    if b"\x00" in data:
        at = data.index(b"\x00")
        line = data.count(b"\n", 0, at) + 1
        before = data[data.rfind(b"\n", 0, at) + 1 : at].decode("utf-8", "replace")
        raise SourceError("binary file: contains a NUL byte", line, len(before) + 1)
    return _lines(_decode(data, "utf-8-sig"))


_NOT_BREAKS = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})


def _lines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and ("\x85" in text or "\u2028" in text or "\u2029" in text):
        text = text.translate(_NOT_BREAKS)
    return text


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        begin = data.rfind(b"\n", 0, exc.start) + 1
        column = exc.start - begin + 1
        if encoding.startswith("utf-8"):  # in characters, as editors count
            column = len(data[begin : exc.start].decode(encoding, "replace")) + 1
        raise SourceError(
            f"not {encoding.upper().replace('-SIG', '')} text: invalid byte "
            f"0x{data[exc.start]:02x}; save the file as UTF-8",
            line,
            column,
        ) from None


def parse_failure(path: str, exc: SourceError) -> FileFacts:
    out = FileFacts(path, "unreadable")
    # "#": the whole document (RFC 6901's fragment form), so that the finding's fingerprint
    # names the file, not the line its problem moves to
    out.problems.append(Problem("PL100", exc.message, Location(exc.line, exc.column, "#")))
    return out


def read_file(path: Path, display: str, options: ReadOptions) -> FileFacts | None:
    """Read one file: its facts, PL100 when it cannot be read, None when it is not ours."""
    if reader_name(path, None) is None and path.suffix.lower() not in _STRUCTURED_SUFFIXES:
        return None
    try:
        data = _read_regular(path, options.max_bytes)
    except OSError as exc:
        return parse_failure(display, SourceError(f"cannot read file: {exc.strerror or exc}"))
    except SourceError as exc:
        return parse_failure(display, exc)
    return read_bytes(path, display, data, options)


def read_regular(path: str | Path, limit: int | None) -> tuple[bytes | None, os.stat_result]:
    """A regular file's bytes, and the ``fstat`` of the descriptor read (taken before
    reading: a change made while reading leaves the file another ``stat``). None for the
    bytes when it is not a regular file (a FIFO would block: it is opened without waiting)
    or holds more than ``limit`` bytes (not read past the limit).

    ``os.read`` of the size ``fstat`` gives: a buffered ``read(limit + 1)`` would allocate
    ``limit`` bytes for every file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        size = info.st_size
        if not stat.S_ISREG(info.st_mode) or (limit is not None and size > limit):
            return None, info
        data = os.read(fd, size + 1) if size else b""
        if len(data) > size or not size:  # grown since, or a size fstat does not know
            chunks = [data]
            total = len(data)
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
                total += len(chunk)
                if limit is not None and total > limit:
                    return None, info
            data = b"".join(chunks)
        return data, info
    finally:
        os.close(fd)


def _read_regular(path: Path, limit: int) -> bytes:
    """:func:`read_regular`, with a SourceError for anything but a regular file of at most
    ``limit`` bytes."""
    data, info = read_regular(path, limit)
    if data is not None:
        return data
    if not stat.S_ISREG(info.st_mode):
        raise SourceError("not a regular file")
    size = max(info.st_size, limit + 1)  # grown past the limit while read: more than it
    raise SourceError(f"file too large: {size} bytes (limit {limit}: max_file_size)")


def read_bytes(path: Path, display: str, data: bytes, options: ReadOptions) -> FileFacts | None:
    """The facts of a file's content (``path`` decides the reader with the content)."""
    chosen = reader_name(path, data)
    if chosen is None and options.settings and path.suffix.lower() in _STRUCTURED_SUFFIXES:
        from policylint.readers.settings import mapped

        chosen = _STRUCTURED if mapped(display, options.settings) else None
    if chosen is None:
        return None
    try:
        text = decode(data)
        out = load(chosen)(display, text, options)
    except SourceError as exc:
        return parse_failure(display, exc)
    except RecursionError:
        return parse_failure(display, SourceError("nesting too deep to read"))
    except Exception as exc:  # a reader's bug: this file is PL100, the run and its findings go on
        if os.environ.get("POLICYLINT_DEBUG"):
            raise
        message = (
            f"internal error reading this file ({type(exc).__name__}: {exc}); please report it"
        )
        return parse_failure(display, SourceError(message))
    out.suppressions = scan(text)
    return out
