"""Choosing a reader for a file (SPEC section 6a) and turning any failure into PL100.

A reader is ``read(display_path, text, options) -> FileFacts`` and raises
:class:`SourceError` for a file it cannot parse. Readers are named here as
``module:function`` and imported only when a file needs them, so a run over YAML files
never imports the SQL or HCL parsers.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from policylint.facts import FileFacts, Location, Problem
from policylint.suppress import scan
from policylint.yamlnode import SourceError


@dataclass(frozen=True)
class SettingMap:
    """A project-config mapping of a JSON key to a setting (SPEC section 6)."""

    files: str
    key: str
    setting: str


@dataclass(frozen=True)
class ReadOptions:
    """What readers may need from the project config (picklable, for worker processes)."""

    sql_dialect: str | None = None
    settings: tuple[SettingMap, ...] = ()
    max_bytes: int = 20 * 1024 * 1024


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


_POLICY_TAG = re.compile(rb"@policy\b|policylint:")


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
    if _REQUIREMENTS.match(name):
        return "policylint.readers.manifests:read_manifest"
    suffix = path.suffix.lower()
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
        return _SETTINGS if _POLICY_TAG.search(head) else None
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


def read_file(path: Path, display: str, options: ReadOptions) -> FileFacts | None:
    """Read one file: its facts, PL100 when it cannot be read, None when it is not ours."""
    if reader_name(path, None) is None and path.suffix.lower() not in _STRUCTURED_SUFFIXES:
        return None
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise SourceError(f"file too large: {size} bytes (limit {options.max_bytes})")
        data = path.read_bytes()
    except OSError as exc:
        return parse_failure(display, SourceError(f"cannot read file: {exc.strerror or exc}"))
    except SourceError as exc:
        return parse_failure(display, exc)
    return read_bytes(path, display, data, options)


def read_bytes(path: Path, display: str, data: bytes, options: ReadOptions) -> FileFacts | None:
    """The facts of a file's content (``path`` decides the reader with the content)."""
    chosen = reader_name(path, data)
    if chosen is None and options.settings and path.suffix.lower() in _STRUCTURED_SUFFIXES:
        from policylint.readers.settings import mapped

        chosen = _STRUCTURED if mapped(display, options.settings) else None
    if chosen is None:
        return None
    try:
        if not data.strip():
            raise SourceError("empty file")
        text = decode(data)
        out = load(chosen)(display, text, options)
    except SourceError as exc:
        return parse_failure(display, exc)
    except RecursionError:
        return parse_failure(display, SourceError("nesting too deep to read"))
    out.suppressions = scan(text)
    return out
