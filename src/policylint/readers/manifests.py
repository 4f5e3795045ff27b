"""Readers for dependency manifests: the third-party packages a project declares.

Each reader takes the display path and the file's text and returns a :class:`FileFacts` of
kind ``manifest`` holding one :class:`Dependency` per declared package. Its location is where
the package's name starts (inside any quotes), and its pointer names the declaration
(``dependencies/react-ga4``, ``gradle/com.google.firebase:firebase-analytics``), so that a
finding's fingerprint survives line shifts. Names are kept as written; :mod:`policylint.trackers`
compares them the way each ecosystem does.

A manifest that cannot be parsed raises :class:`ManifestError`, which the engine reports as
PL100. Gradle, CocoaPods and SwiftPM manifests are programs (Groovy or Kotlin, Ruby, Swift) for
which no maintained Python parser exists, and running them is out of the question: their readers
scan the declarations those DSLs spell in one conventional way, after blanking comments, and
never fail.
"""

from __future__ import annotations

import bisect
import posixpath
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

from policylint.facts import Dependency, FileFacts, Location
from policylint.readers import ReadOptions
from policylint.yamlnode import (
    MappingNode,
    ScalarNode,
    SourceError,
    compose_all,
    items,
    position,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

ManifestReader = Callable[[str, str], FileFacts]

_YAML_NULL = "tag:yaml.org,2002:null"
# A PEP 508 distribution name.
_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"


class ManifestError(SourceError, ValueError):
    """A manifest that cannot be read; ``line`` and ``column`` are 1-based.

    A :class:`SourceError`, so that the reader registry reports it as PL100.
    """

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message, line, column)


def read_manifest(path: str, text: str, options: ReadOptions | None = None) -> FileFacts:
    """The registry's entry point: the reader :func:`manifest_reader` picks for ``path``."""
    reader = manifest_reader(path)
    if reader is None:
        raise ManifestError(f"{posixpath.basename(path)} is not a dependency manifest", 1, 1)
    out = reader(path, text)
    if _COMMENT_TAG.search(text) and path.lower().endswith((".toml", ".yaml", ".yml")):
        _add_comment_tags(out, path, text, options or ReadOptions())
    return out


_COMMENT_TAG = re.compile(r"@policy\b|@personal-data\b")


def _add_comment_tags(out: FileFacts, path: str, text: str, options: ReadOptions) -> None:
    """The comment tags of a TOML or YAML manifest (``pyproject.toml``, ``pubspec.yaml``),
    read as in any other file of its format (SPEC 5 and 6: any YAML/TOML file)."""
    if path.lower().endswith(".toml"):
        from policylint.readers.settings import read_settings as read
    else:
        from policylint.readers.structured import read_structured as read
    tagged = read(path, text, options)
    out.facts += tagged.facts
    out.problems += tagged.problems


def manifest_reader(filename: str) -> ManifestReader | None:
    """The reader for ``filename`` (a path or a base name), or None when it is no manifest.

    Requirements files are any ``*.txt`` or ``*.in`` whose name contains ``requirements``
    (``requirements-dev.txt``, ``dev-requirements.in``) or that sit in a ``requirements/``
    directory (``requirements/base.txt``).
    """
    path = filename.replace("\\", "/")
    base = posixpath.basename(path)
    reader = _READERS.get(base)
    if reader is not None:
        return reader
    lower = base.lower()
    folder = posixpath.basename(posixpath.dirname(path)).lower()
    if lower.endswith((".txt", ".in")) and ("requirements" in lower or folder == "requirements"):
        return read_requirements
    return None


# --- positions --------------------------------------------------------------------------------


def _one_based(line0: int, column0: int) -> tuple[int, int]:
    # The one place where the 0-based positions of text scans (line indexes, offsets into a
    # line) become 1-based lines and columns; YAML nodes go through yamlnode.position().
    return line0 + 1, column0 + 1


def _location(line0: int, column0: int, pointer: str) -> Location:
    line, column = _one_based(line0, column0)
    return Location(line, column, pointer)


class _Lines:
    """Turns offsets into a text into positions."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def _split(self, offset: int) -> tuple[int, int]:
        line0 = bisect.bisect_right(self._starts, offset) - 1
        return line0, offset - self._starts[line0]

    def position(self, offset: int) -> tuple[int, int]:
        return _one_based(*self._split(offset))

    def location(self, offset: int, pointer: str) -> Location:
        return _location(*self._split(offset), pointer)


# --- package.json, pubspec.yaml ---------------------------------------------------------------

_NPM_SECTIONS = ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies")
_PUB_SECTIONS = ("dependencies", "dev_dependencies")


def read_package_json(path: str, text: str) -> FileFacts:
    """npm's ``package.json``: dependencies, devDependencies, optional and peer ones."""
    from policylint.jsontext import AS_YAML, check_json

    try:
        check_json(text)  # JSON is stricter than the YAML that reads it for positions
    except SourceError as error:
        raise ManifestError(error.message, error.line, error.column) from None
    root = _document(text.translate(AS_YAML), "an object")
    return _yaml_dependencies(path, root, _NPM_SECTIONS, "npm", "package.json", "an object")


def read_pubspec(path: str, text: str) -> FileFacts:
    """Dart and Flutter's ``pubspec.yaml``: dependencies and dev_dependencies."""
    root = _document(text, "a mapping")
    return _yaml_dependencies(path, root, _PUB_SECTIONS, "pub", "pubspec.yaml", "a mapping")


def _document(text: str, what: str) -> MappingNode:
    """The one document of a JSON or YAML manifest, composed with positions."""
    try:
        documents = compose_all(text)
    except SourceError as error:
        raise ManifestError(error.message, error.line, error.column) from None
    if not documents:
        raise ManifestError("the file holds no document", 1, 1)
    if len(documents) > 1:
        raise ManifestError("the file holds more than one document", *position(documents[1]))
    root = documents[0]
    if not isinstance(root, MappingNode):
        raise ManifestError(f"the document is not {what}", *position(root))
    return root


def _yaml_dependencies(
    path: str,
    root: MappingNode,
    sections: tuple[str, ...],
    ecosystem: str,
    format: str,
    what: str,
) -> FileFacts:
    facts = FileFacts(path=path, kind="manifest")
    for section, value in items(root):
        if section.value not in sections or (
            isinstance(value, ScalarNode) and value.tag == _YAML_NULL
        ):
            continue
        if not isinstance(value, MappingNode):
            raise ManifestError(f"`{section.value}` is not {what}", *position(value))
        for name, _ in value.value:
            if not isinstance(name, ScalarNode):
                raise ManifestError("a package name is not a string", *position(name))
            line, column = position(name)
            # A quoted name starts one character after its opening quote.
            column += 1 if name.style in ('"', "'") else 0
            location = Location(line, column, f"{section.value}/{name.value}")
            facts.facts.append(Dependency(name.value, ecosystem, format, location))
    return facts


# --- requirements.txt -------------------------------------------------------------------------

# pip's own rule: a comment starts at a "#" at the start of a line or after whitespace.
_REQUIREMENT_COMMENT = re.compile(r"(^|\s+)#.*$")
# A requirement starts with its name, then extras, a version, a marker or a URL (PEP 508).
_REQUIREMENT = re.compile(rf"[ \t]*(?P<name>{_NAME})[ \t]*(?:[\[(;@<>=!~,]|$)")
_ARCHIVES = (".whl", ".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")


def read_requirements(path: str, text: str) -> FileFacts:
    """pip's requirements files, which are line-based by definition.

    Options (``-r``, ``-e``, ``--hash``, ``--index-url``), URLs, local paths and archives are
    skipped: they name no package, or name it only inside a URL. So is a line that is not a
    requirement at all, as a prose ``system-requirements.txt`` has.
    """
    facts = FileFacts(path=path, kind="manifest")
    continued = False
    for line0, raw in enumerate(text.split("\n")):
        line = raw.removesuffix("\r")
        joined, continued = continued, not re.match(r"\s*#", line) and line.endswith("\\")
        if joined:
            continue  # the rest of the previous line: hashes, markers, options
        match = _REQUIREMENT.match(_REQUIREMENT_COMMENT.sub("", line).removesuffix("\\"))
        if match is None or match["name"].lower().endswith(_ARCHIVES):
            continue
        name = match["name"]
        location = _location(line0, match.start("name"), f"requirements/{name}")
        facts.facts.append(Dependency(name, "pypi", "requirements", location))
    return facts


# --- pyproject.toml ---------------------------------------------------------------------------

_PEP508_NAME = re.compile(rf"\s*(?P<name>{_NAME})")
_POETRY_TABLES = ("dependencies", "dev-dependencies")
_TOML_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_TOML_DOTTED_KEY = rf"{_TOML_KEY_PART}(?:[ \t]*\.[ \t]*{_TOML_KEY_PART})*"
_TOML_TABLE = re.compile(rf"[ \t]*\[\[?[ \t]*(?P<key>{_TOML_DOTTED_KEY})[ \t]*\]\]?")
_TOML_KEY = re.compile(rf"[ \t]*(?P<key>{_TOML_DOTTED_KEY})[ \t]*=[ \t]*")
_TOML_ERROR_AT = re.compile(
    r"\s*\(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$"
)


def read_pyproject(path: str, text: str) -> FileFacts:
    """``pyproject.toml``: PEP 621 dependencies and optional-dependencies, PEP 735
    dependency-groups, and Poetry's dependencies, dev-dependencies and groups.

    The file is parsed with tomllib, which knows the names but not where they are; each name is
    then found in the text after the key that holds it.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _toml_error(error, text) from error
    toml = _TomlText(text)
    facts = FileFacts(path=path, kind="manifest")
    project = _table(document, "project", toml)
    if "dependencies" in project:
        toml.requirements(facts, ("project", "dependencies"), project["dependencies"])
    extras = _table(project, "optional-dependencies", toml, ("project",))
    for group, requirements in extras.items():
        toml.requirements(facts, ("project", "optional-dependencies", group), requirements)
    groups = _table(document, "dependency-groups", toml)
    for group, requirements in groups.items():
        toml.requirements(facts, ("dependency-groups", group), requirements, includes=True)
    poetry = _table(_table(document, "tool", toml), "poetry", toml, ("tool",))
    tables: list[tuple[str, ...]] = [("tool", "poetry", t) for t in _POETRY_TABLES if t in poetry]
    poetry_groups = _table(poetry, "group", toml, ("tool", "poetry"))
    for group, body in poetry_groups.items():
        if isinstance(body, dict) and "dependencies" in body:
            tables.append(("tool", "poetry", "group", group, "dependencies"))
    for key_path in tables:
        toml.poetry(facts, key_path, _lookup(document, key_path))
    return facts


def _toml_error(error: Exception, text: str) -> ManifestError:
    message = str(error)
    line = getattr(error, "lineno", None)
    column = getattr(error, "colno", None)
    at = _TOML_ERROR_AT.search(message)
    if at is not None:
        message = message[: at.start()]
        if at["line"] is not None:
            line, column = int(at["line"]), int(at["column"])
    if line is None or column is None:  # the end of the document
        last = text.rsplit("\n", 1)[-1]
        line, column = text.count("\n") + 1, len(last) + 1
    return ManifestError(message, line, column)


def _lookup(document: dict[str, Any], key_path: tuple[str, ...]) -> Any:
    value: Any = document
    for key in key_path:
        value = value[key]
    return value


def _table(
    parent: dict[str, Any], key: str, toml: _TomlText, at: tuple[str, ...] = ()
) -> dict[str, Any]:
    value = parent.get(key, {})
    if not isinstance(value, dict):
        raise toml.error(f"`{'.'.join((*at, key))}` is not a table", (*at, key))
    return value


class _TomlText:
    """Where the keys of a TOML text are, found with a line scan that tomllib has vouched for.

    Keys are indexed by their full path: table headers, dotted keys and quoted keys are
    resolved; inline tables are not entered, so a name inside one is searched for after the
    nearest indexed key above it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _Lines(text)
        # full key path -> (offset of the last key part's first character, offset of the value)
        self.keys: dict[tuple[str, ...], tuple[int, int]] = {}
        self._index()

    def _index(self) -> None:
        table: tuple[str, ...] = ()
        in_string = ""  # the delimiter of the multi-line string a line is in
        offset = 0
        for line in self.text.split("\n"):
            start, offset = offset, offset + len(line) + 1
            if in_string:
                if line.count(in_string) % 2:
                    in_string = ""
                continue
            header = _TOML_TABLE.match(line)
            key = None if header is not None else _TOML_KEY.match(line)
            if header is not None:
                parts = list(_key_parts(header, start))
                table = tuple(part for part, _ in parts)
                self.keys.setdefault(table, (parts[-1][1], start + header.end()))
            elif key is not None:
                parts = list(_key_parts(key, start))
                full = table + tuple(part for part, _ in parts)
                self.keys.setdefault(full, (parts[-1][1], start + key.end()))
            in_string = next((d for d in ('"""', "'''") if line.count(d) % 2), "")

    def anchor(self, key_path: tuple[str, ...]) -> int:
        """The offset of the value of ``key_path``, or of its nearest indexed ancestor."""
        for end in range(len(key_path), 0, -1):
            if key_path[:end] in self.keys:
                return self.keys[key_path[:end]][1]
        return 0

    def error(self, message: str, key_path: tuple[str, ...]) -> ManifestError:
        return ManifestError(message, *self.lines.position(self.anchor(key_path)))

    def requirements(
        self,
        facts: FileFacts,
        key_path: tuple[str, ...],
        requirements: Any,
        includes: bool = False,
    ) -> None:
        """PEP 508 strings; with ``includes``, PEP 735 ``{include-group = ...}`` tables too."""
        where = ".".join(key_path)
        if not isinstance(requirements, list):
            raise self.error(f"`{where}` is not an array", key_path)
        cursor = self.anchor(key_path)
        for requirement in requirements:
            if includes and isinstance(requirement, dict):
                continue
            if not isinstance(requirement, str):
                raise self.error(f"`{where}` holds a value that is not a string", key_path)
            name = _PEP508_NAME.match(requirement)
            found = self._string(requirement, cursor)
            if found < 0:
                start = cursor  # written with escapes: point at the array
            else:
                start, cursor = found + 1, found + len(requirement) + 2
            if name is None:
                message = f"{requirement!r} in `{where}` is not a PEP 508 requirement"
                raise ManifestError(message, *self.lines.position(start))
            if found >= 0:
                start += name.start("name")
            location = self.lines.location(start, f"pyproject/{where}/{name['name']}")
            facts.facts.append(Dependency(name["name"], "pypi", "pyproject", location))

    def poetry(self, facts: FileFacts, key_path: tuple[str, ...], table: Any) -> None:
        """A Poetry dependency table: the keys are the names; ``python`` is the interpreter."""
        where = ".".join(key_path)
        if not isinstance(table, dict):
            raise self.error(f"`{where}` is not a table", key_path)
        for name in table:
            if name.lower() == "python":
                continue
            key = self.keys.get((*key_path, name))
            start = key[0] if key is not None else self._key(name, self.anchor(key_path))
            location = self.lines.location(start, f"pyproject/{where}/{name}")
            facts.facts.append(Dependency(name, "pypi", "pyproject", location))

    def _string(self, value: str, start: int) -> int:
        """The offset of the first ``"value"`` or ``'value'`` at or after ``start``, or -1."""
        found = [self.text.find(f"{quote}{value}{quote}", start) for quote in "\"'"]
        return min((offset for offset in found if offset >= 0), default=-1)

    def _key(self, name: str, start: int) -> int:
        """The offset of the key ``name`` (bare or quoted) at or after ``start``."""
        pattern = re.compile(rf"""(?<![\w.-])(["']?){re.escape(name)}\1[ \t]*=""")
        match = pattern.search(self.text, start)
        return start if match is None else match.start() + len(match[1])


def _key_parts(match: re.Match[str], line_start: int) -> Iterator[tuple[str, int]]:
    """Each part of a dotted key, unquoted, with the offset of its first character."""
    base = line_start + match.start("key")
    for part in re.finditer(_TOML_KEY_PART, match["key"]):
        text = part[0]
        if text[0] in "\"'":
            yield _unquote(text), base + part.start() + 1
        else:
            yield text, base + part.start()


def _unquote(key: str) -> str:
    if key[0] == "'":
        return key[1:-1]
    # A basic string's escapes, as tomllib reads them.
    value = tomllib.loads(f"k = {key}")["k"]
    return value if isinstance(value, str) else key[1:-1]


# --- Gradle, Podfile, Package.swift -----------------------------------------------------------

# Configurations dependencies are declared in: implementation, api, compileOnly, runtimeOnly,
# kapt, ksp, annotationProcessor, classpath and the old compile and provided, with any prefix
# (testImplementation, debugApi, freeReleaseCompileOnly), quoted or not (Kotlin's
# `"implementation"("g:a:v")`).
_GRADLE_CONFIGURATION = (
    r"(?<![\w.$])[\"']?[A-Za-z_]*?(?:[iI]mplementation|[aA]pi|[cC]ompileOnly|[rR]untimeOnly"
    r"|[cC]ompile|[kK]apt|[kK]sp|[aA]nnotationProcessor|classpath|[pP]rovided)[\"']?"
)
# `implementation "g:a:v"`, `implementation("g:a:v")`, `api(platform("g:a:v"))`.
_GRADLE_STRING = re.compile(
    rf"""{_GRADLE_CONFIGURATION}[ \t]*(?:\(\s*)?"""
    r"""(?:(?:platform|enforcedPlatform|testFixtures)[ \t]*\(\s*)?"""
    r"""(?P<quote>["'])(?P<coordinates>[^"'\n]*)(?P=quote)"""
)
# `implementation group: 'g', name: 'a'` (Groovy) and `implementation(group = "g", name = "a")`.
_GRADLE_MAP = re.compile(
    rf"""{_GRADLE_CONFIGURATION}[ \t]*(?:\(\s*)?"""
    r"""group[ \t]*[:=][ \t]*(?P<q1>["'])(?P<group>[^"'\n]+)(?P=q1)[ \t]*,\s*"""
    r"""name[ \t]*[:=][ \t]*(?P<q2>["'])(?P<artifact>[^"'\n]+)(?P=q2)"""
)
_MAVEN_PART = re.compile(r"[A-Za-z0-9_.-]+")


def read_gradle(path: str, text: str) -> FileFacts:
    """``build.gradle`` and ``build.gradle.kts``: string coordinates in dependency declarations.

    Groovy and Kotlin are not parsed: string literals are read where a configuration name
    (``implementation``, ``api``, ``kapt``, …) introduces them, after comments are blanked.
    Version-catalog references (``implementation libs.firebase.analytics``) carry no
    coordinates in this file and are skipped, as are ``project(":module")`` and files.
    """
    facts = FileFacts(path=path, kind="manifest")
    code = _blank_comments(text, "//", block=True)
    lines = _Lines(text)
    found: list[tuple[int, str]] = []
    for match in _GRADLE_STRING.finditer(code):
        parts = match["coordinates"].split(":")
        if len(parts) >= 2 and all(_MAVEN_PART.fullmatch(part) for part in parts[:2]):
            found.append((match.start("coordinates"), f"{parts[0]}:{parts[1]}"))
    for match in _GRADLE_MAP.finditer(code):
        if _MAVEN_PART.fullmatch(match["group"]) and _MAVEN_PART.fullmatch(match["artifact"]):
            found.append((match.start("group"), f"{match['group']}:{match['artifact']}"))
    for offset, name in sorted(found):
        location = lines.location(offset, f"gradle/{name}")
        facts.facts.append(Dependency(name, "maven", "gradle", location))
    return facts


_POD = re.compile(r"""(?<![\w.:])pod[ \t]*\(?[ \t]*(?P<quote>["'])(?P<name>[^"'\s]+)(?P=quote)""")
# `:subspecs => ['A', 'B']` or `subspecs: ['A', 'B']`, anywhere in the pod's statement.
_SUBSPECS = re.compile(r"""(?::subspecs[ \t]*=>|subspecs:)[ \t]*\[(?P<list>[^\]]*)\]""")
_QUOTED = re.compile(r"""(?P<quote>["'])(?P<value>[^"'\n]*)(?P=quote)""")


def read_podfile(path: str, text: str) -> FileFacts:
    """CocoaPods' ``Podfile``: ``pod 'Name'``, ``pod 'Name/Subspec'``, ``:subspecs => [...]``.

    Ruby is not parsed: ``pod`` calls are read after comments are blanked. A pod installed
    with ``:subspecs`` is declared once per subspec, as ``Name/Subspec``.
    """
    facts = FileFacts(path=path, kind="manifest")
    code = _blank_comments(text, "#", block=False)
    lines = _Lines(text)
    for match in _POD.finditer(code):
        name = match["name"]
        subspecs = _SUBSPECS.search(code, match.end(), _statement_end(code, match.end()))
        if subspecs is None:
            declared = [(match.start("name"), name)]
        else:
            strings = _QUOTED.finditer(subspecs["list"])
            base = subspecs.start("list")
            declared = [(base + s.start("value"), f"{name}/{s['value']}") for s in strings]
        for offset, pod in declared:
            location = lines.location(offset, f"podfile/{pod}")
            facts.facts.append(Dependency(pod, "cocoapods", "podfile", location))
    return facts


def _statement_end(code: str, start: int) -> int:
    """The end of the Ruby statement at ``start``: the first line break outside brackets that
    does not follow a comma."""
    depth = 0
    last = ""
    for offset in range(start, len(code)):
        char = code[offset]
        if char == "\n" and depth <= 0 and last != ",":
            return offset
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        if not char.isspace():
            last = char
    return len(code)


_SWIFT_CALL = re.compile(r"\.(?P<kind>package|product)\s*\(")
_SWIFT_ARGUMENT = re.compile(r"""\b(?P<label>url|name|package|id)\s*:\s*"(?P<value>[^"\n]*)\"""")


def read_package_swift(path: str, text: str) -> FileFacts:
    """SwiftPM's ``Package.swift``: ``.package(url:)`` and ``.product(name:package:)``.

    Swift is not parsed: the labelled string arguments of those calls are read after comments
    are blanked. A package is named by its URL (or registry id), a product by
    ``identity/Product``, where the identity is the last component of the package's URL; a
    ``package:`` argument that names a ``.package(name:url:)`` is resolved to its identity.
    Local ``.package(path:)`` packages are skipped.
    """
    facts = FileFacts(path=path, kind="manifest")
    code = _blank_comments(text, "//", block=True)
    lines = _Lines(text)
    packages: list[tuple[int, str]] = []
    products: list[tuple[int, str, str]] = []
    identities: dict[str, str] = {}
    for call in _SWIFT_CALL.finditer(code):
        arguments = {
            argument["label"]: (argument.start("value"), argument["value"])
            for argument in _SWIFT_ARGUMENT.finditer(code, call.end(), _call_end(code, call.end()))
        }
        if call["kind"] == "package":
            source = arguments.get("url") or arguments.get("id")
            if source is None:
                continue
            packages.append(source)
            if "name" in arguments and "url" in arguments:
                identities[arguments["name"][1]] = _swift_identity(arguments["url"][1])
        elif "name" in arguments and "package" in arguments:
            offset, product = arguments["name"]
            products.append((offset, arguments["package"][1], product))
    declared = [(offset, name, f"swiftpm/{name}") for offset, name in packages]
    for offset, package, product in products:
        name = f"{identities.get(package, package)}/{product}"
        declared.append((offset, name, f"swiftpm/{name}"))
    for offset, name, pointer in sorted(declared):
        facts.facts.append(Dependency(name, "swift", "swiftpm", lines.location(offset, pointer)))
    return facts


def _swift_identity(url: str) -> str:
    """SwiftPM's package identity: the URL's last path component, without ``.git``."""
    return url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git").lower()


def _call_end(code: str, start: int) -> int:
    """The offset of the parenthesis that closes the call whose arguments start at ``start``."""
    depth = 0
    quoted = False
    for offset in range(start, len(code)):
        char = code[offset]
        if quoted:
            quoted = char != '"' or code[offset - 1] == "\\"
        elif char == '"':
            quoted = True
        elif char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return offset
            depth -= 1
    return len(code)


def _blank_comments(text: str, line_comment: str, block: bool) -> str:
    """``text`` with its comments replaced by spaces (line breaks kept), so offsets hold.

    Strings in single or double quotes are respected, with backslash escapes; a string left
    open ends at the end of its line. ``block`` also blanks ``/* ... */``.
    """
    chars = list(text)
    quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        end = index + 1
        if quote:
            if char == "\\":
                end = index + 2
            elif char in (quote, "\n"):
                quote = ""
        elif char in "\"'":
            quote = char
        elif text.startswith(line_comment, index):
            end = _find(text, "\n", index)
            _blank(chars, index, end)
        elif block and text.startswith("/*", index):
            end = _find(text, "*/", index + 2) + 2
            _blank(chars, index, min(end, len(text)))
        index = end
    return "".join(chars)


def _find(text: str, sub: str, start: int) -> int:
    found = text.find(sub, start)
    return len(text) if found < 0 else found


def _blank(chars: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        if chars[index] != "\n":
            chars[index] = " "


_READERS: dict[str, ManifestReader] = {
    "package.json": read_package_json,
    "pubspec.yaml": read_pubspec,
    "pyproject.toml": read_pyproject,
    "build.gradle": read_gradle,
    "build.gradle.kts": read_gradle,
    "Podfile": read_podfile,
    "Package.swift": read_package_swift,
}
