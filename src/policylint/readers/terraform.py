"""Terraform (``.tf``) files: where the infrastructure puts data (SPEC section 6).

Parsed as HCL with python-hcl2 (8.x). Its raw Lark parse tree is read, not the dict that
``hcl2.loads`` builds: the parser propagates positions, so every token and rule carries the
1-based line and column it starts at, and comments stay in the tree as tokens of their own.

Read with no tag, as ``hosting.region`` settings:

- ``provider "aws"`` / ``"google"`` / ``"google-beta"`` blocks' ``region`` (also ``alias``ed
  providers: ``provider.aws.us``);
- resources' ``location`` (``azurerm_*``), ``region`` / ``location`` / ``zone``
  (``google_*``) and ``region`` / ``region_name`` (``aws_*``), in the resource's own body
  and in its nested blocks, where replicas live (``geo_location``, ``replica``).

A value is a string literal, or ``var.NAME`` / ``local.NAME`` followed to a literal variable
``default`` or ``locals`` entry, or a string whose ``${}`` interpolations are such references.
Anything else (a reference to another resource, a function call, a heredoc) is skipped, not
guessed. A value that is just ``var.NAME`` or ``local.NAME`` declared in another file of the
module (its folder: ``variables.tf``) is followed over the run (:func:`resolve`): the reader
states the reference (:class:`ModuleReference`) and every file the literals it declares
(:class:`ModuleValue`). When the file declaring the name is not checked (a pre-commit run of
the changed files), the other files of the folder are read for their literals alone
(:func:`module_values`): context, not input.

``# @policy SETTING`` comment tags (also ``//`` and ``/* */``) bind to the attribute on their
line or on the line below, as in every other format.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policylint.facts import FileFacts, Location, ModuleReference, ModuleValue, Setting
from policylint.readers import ReadOptions, read_file, reader_for_name
from policylint.readers.settings import Entry, PolicyTag, Value, bind_tags, find_tag
from policylint.yamlnode import SourceError

if TYPE_CHECKING:
    from lark import Token, Tree

Context = Callable[[Collection[str]], Iterable[tuple[str, Any]]]
"""The :class:`ModuleValue` facts (with display paths) of the files of some module folders
(display paths) that the run does not check."""

REGION = "hosting.region"
_PROVIDERS = ("aws", "google", "google-beta")
_RESOURCE_ATTRIBUTES = {
    "aws_": ("region", "region_name"),
    "azurerm_": ("location",),
    "google_": ("region", "location", "zone"),
}
_MAX_REFERENCES = 16
"""How many ``var``/``local`` references are followed for one value (a cycle stops here)."""


@dataclass
class _Attribute:
    address: str
    name: str
    line: int
    value: Tree[Token]


@dataclass
class _Block:
    kind: str
    labels: list[str]
    location: Location
    """Where the block starts; its pointer is the block's address (``aws_s3_bucket.logs``,
    ``azurerm_cosmosdb_account.main.geo_location[1]`` for a nested block)."""
    top: bool
    resource: str = ""
    """The type of the resource the block is, or is nested in (``aws_s3_bucket``)."""
    attributes: dict[str, _Attribute] = field(default_factory=dict)
    nested: dict[str, int] = field(default_factory=dict)
    """How many blocks of each type the block holds so far (their index in addresses)."""


def read_terraform(path: str, text: str, options: ReadOptions) -> FileFacts:
    """The region settings and ``@policy`` tags of one Terraform file."""
    module = _Module(_parse(text))
    found: list[Setting | ModuleReference] = list(module.regions())
    tagged = FileFacts(path, "terraform")
    bind_tags(tagged, "terraform", module.tags, module.entries())
    out = FileFacts(path, "terraform", facts=[*found], problems=tagged.problems)
    stated = {_where(s) for s in found}
    # a tag on a value read anyway would state it twice
    settings = [f for f in tagged.facts if isinstance(f, Setting) and _where(f) not in stated]
    out.facts += settings
    # a value a tag states is checked where it is written, not again where it is named
    written = {(s.location.line, s.location.column) for s in settings}
    out.facts += [
        v for v in module.declared() if (v.location.line, v.location.column) not in written
    ]
    return out


_READER = f"{__name__}:{read_terraform.__name__}"
"""This reader's name in :mod:`policylint.readers`: the files it takes make a module."""


def _where(setting: Setting | ModuleReference) -> tuple[str, int, int]:
    return setting.kind, setting.location.line, setting.location.column


def resolve(
    facts: Sequence[tuple[str, Any]], context: Context | None = None
) -> Iterator[tuple[str, ModuleReference, Setting | None]]:
    """Each :class:`ModuleReference` of a run's facts (with their files' display paths),
    its path, and the setting it stands for: a :class:`ModuleValue` of its folder (what a
    variable declared in another file of the module says), or None when no file of the
    module declares the name. The files the run does not check are asked for (``context``)
    only for the folders of references its own files leave unfollowed. A name declared twice
    in a folder (Terraform refuses it) takes the first file's value, in path order."""
    references = [(path, fact) for path, fact in facts if isinstance(fact, ModuleReference)]
    values = _values(facts)
    missing = {
        posixpath.dirname(path)
        for path, fact in references
        if (posixpath.dirname(path), fact.reference) not in values
    }
    if missing and context is not None:
        values = _values([*facts, *context(missing)])
    for path, fact in references:
        value = values.get((posixpath.dirname(path), fact.reference))
        setting = None
        if value is not None:
            setting = Setting(fact.kind, value, fact.format, fact.location, fact.name)
        yield path, fact, setting


def _values(facts: Iterable[tuple[str, Any]]) -> dict[tuple[str, str], str]:
    """(folder, ``var.NAME``) -> the literal the first file (in path order) declares."""
    declared = [(path, fact) for path, fact in facts if isinstance(fact, ModuleValue)]
    values: dict[tuple[str, str], str] = {}
    for path, fact in sorted(declared, key=lambda item: item[0]):
        values.setdefault((posixpath.dirname(path), fact.reference), fact.value)
    return values


def module_values(
    folders: Collection[str],
    files: Iterable[tuple[str | os.PathLike[str], str]],
    options: ReadOptions,
) -> Iterator[tuple[str, ModuleValue]]:
    """The :class:`ModuleValue` facts of the Terraform files of ``folders`` (display paths)
    that are not among ``files`` (the run's: path, display path), for :func:`resolve`.

    Only the folder itself is the module: never the one above it or the ones in it. A file
    that cannot be read or parsed declares nothing.
    """
    for shown, (folder, checked) in sorted(_places(folders, files).items()):
        for name in _module_files(folder, checked):
            display = posixpath.join(shown, name)
            read = read_file(Path(folder, name), display, options)
            for fact in read.facts if read is not None else ():
                if isinstance(fact, ModuleValue):
                    yield display, fact


def _places(
    folders: Collection[str], files: Iterable[tuple[str | os.PathLike[str], str]]
) -> dict[str, tuple[str, set[str]]]:
    """Each of ``folders`` (display paths) -> where it is, and the names of the run's files
    in it."""
    found: dict[str, tuple[str, set[str]]] = {}
    for path, display in files:
        shown = posixpath.dirname(display)
        if shown in folders:
            where = os.fspath(path)
            place = found.setdefault(shown, (os.path.dirname(where) or os.curdir, set()))
            place[1].add(os.path.basename(where))
    return found


def _module_files(folder: str, checked: Collection[str]) -> list[str]:
    """The names of the files of ``folder`` this reader reads, but ``checked``, sorted."""
    try:
        with os.scandir(folder) as listing:
            names = [entry.name for entry in listing]
    except OSError:
        return []
    return sorted(n for n in names if n not in checked and reader_for_name(n, None) == _READER)


def _parse(text: str) -> Tree[Token]:
    import hcl2
    from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

    try:
        tree: Tree[Token] = hcl2.parses_to_tree(text)
    except UnexpectedInput as exc:
        if isinstance(exc, UnexpectedToken) and exc.token.type != "$END":
            shown = str(exc.token.value).split("\n", 1)[0][:30] or "line break"
            what = f"unexpected `{shown}`"
        elif isinstance(exc, UnexpectedCharacters):
            what = f"unexpected character `{exc.char}`"
        else:
            what = "unexpected end of file"
        line = exc.line if exc.line > 0 else text.count("\n") + 1
        raise SourceError(f"syntax error: {what}", line, max(exc.column, 1)) from None
    except LarkError as exc:
        raise SourceError(f"syntax error: {exc}") from None
    return tree


def _trees(node: Tree[Token]) -> list[Tree[Token]]:
    """The rule children of a node (tokens are ``str``; they are left out)."""
    return [c for c in node.children if not isinstance(c, str)]


def _name(node: Tree[Token]) -> str | None:
    """The text of an identifier, keyword or label string (``"aws"``), else None."""
    if node.data in ("identifier", "keyword", "literal_value"):
        return str(node.children[0])
    if node.data == "string":
        parts = _trees(node)
        if all(len(p.children) == 1 and isinstance(p.children[0], str) for p in parts):
            return "".join(str(p.children[0]) for p in parts)
    return None


def _unwrap(node: Tree[Token]) -> Tree[Token]:
    """The expression inside an ``expr_term`` (a term or a parenthesised expression)."""
    inner = _trees(node) if node.data == "expr_term" else []
    return _unwrap(inner[0]) if len(inner) == 1 else node


class _Module:
    """One file's blocks, the variables and locals its values may name, its comment tags."""

    def __init__(self, tree: Tree[Token]) -> None:
        self.blocks: list[_Block] = []
        self.attributes: list[_Attribute] = []
        self.variables: dict[str, Tree[Token]] = {}
        self.locals: dict[str, Tree[Token]] = {}
        self.names = {"var": self.variables, "local": self.locals}
        """What ``var.NAME`` and ``local.NAME`` name in this file, by scope."""
        self.tags: list[PolicyTag] = []
        for body in _trees(tree):
            self._body(body, None)
        self._comments(tree)

    def _body(self, body: Tree[Token], block: _Block | None) -> None:
        for node in _trees(body):
            if node.data == "attribute":
                self._attribute(node, block)
            elif node.data == "block":
                self._block(node, block)

    def _attribute(self, node: Tree[Token], block: _Block | None) -> None:
        key, value = _trees(node)[0], _trees(node)[-1]
        name = _name(key) or ""
        address = f"{block.location.pointer}.{name}" if block else name
        attribute = _Attribute(address, name, key.meta.line, value)
        self.attributes.append(attribute)
        if block is None:
            return
        block.attributes.setdefault(name, attribute)
        if not block.top:
            return
        if block.kind == "variable" and name == "default" and block.labels:
            self.variables[block.labels[0]] = value
        elif block.kind == "locals":
            self.locals[name] = value

    def _block(self, node: Tree[Token], outer: _Block | None) -> None:
        parts = [n for n in _trees(node) if n.data != "new_line_or_comment"]
        names = [_name(p) for p in parts[:-1]]
        kind, labels = names[0] or "", [n for n in names[1:] if n is not None]
        if outer is None:
            address = _address(kind, labels)
            resource = labels[0] if kind == "resource" and len(labels) == 2 else ""
        else:
            index = outer.nested.get(kind, 0)
            outer.nested[kind] = index + 1
            address = ".".join([outer.location.pointer, kind, *labels]) + f"[{index}]"
            resource = outer.resource
        where = Location(node.meta.line, node.meta.column, address)
        block = _Block(kind, labels, where, top=outer is None, resource=resource)
        self.blocks.append(block)
        self._body(parts[-1], block)

    def _comments(self, tree: Tree[Token]) -> None:
        """Comments are ``NL_OR_COMMENT`` tokens; a ``#`` in a string or heredoc is not one."""
        for token in tree.scan_values(lambda v: getattr(v, "type", "") == "NL_OR_COMMENT"):
            text = str(token).lstrip()
            if text.startswith(("#", "//", "/*")) and "@policy" in text:
                tag = find_tag(str(token), token.line or 1, token.column or 1)
                if tag is not None:
                    self.tags.append(tag)

    def literal(self, node: Tree[Token], budget: int = _MAX_REFERENCES) -> str | None:
        """The value of an expression that is a literal, or references to literals."""
        node = _unwrap(node)
        if node.data in ("int_lit", "float_lit"):
            return str(node.children[0])
        if node.data == "string":
            return self._string(node, budget)
        if node.data == "get_attr_expr_term" and budget > 0:
            target = self._reference(node)
            return self.literal(target, budget - 1) if target is not None else None
        return None  # a heredoc, a call, an operation, a reference to a resource

    def _string(self, node: Tree[Token], budget: int) -> str | None:
        from hcl2.utils import process_escape_sequences

        parts: list[str] = []
        for part in _trees(node):
            child = part.children[0]
            if isinstance(child, str):
                if child.type == "STRING_CHARS":
                    parts.append(process_escape_sequences(str(child)))
                elif child.type == "ESCAPED_INTERPOLATION":
                    parts.append(str(child)[1:])  # $${x} is the text ${x}
                else:
                    return None
            elif child.data == "interpolation":
                inner = self.literal(_trees(child)[0], budget)
                if inner is None:
                    return None
                parts.append(inner)
            else:  # a %{ } template directive
                return None
        return "".join(parts)

    def _reference(self, node: Tree[Token]) -> Tree[Token] | None:
        """The expression ``var.NAME`` or ``local.NAME`` stands for in this file."""
        named = _named(node)
        return None if named is None else self.names[named[0]].get(named[1])

    def elsewhere(self, node: Tree[Token]) -> str | None:
        """``var.NAME`` or ``local.NAME`` when the expression is just that (or a string that
        is just its interpolation, ``"${var.NAME}"``, the same value in HCL) and this file
        does not declare the name: another file of the module may."""
        node = _unwrap(node)
        if node.data == "string":
            node = _sole_interpolation(node) or node
        named = _named(node) if node.data == "get_attr_expr_term" else None
        if named is None or named[1] in self.names[named[0]]:
            return None
        return ".".join(named)

    def declared(self) -> Iterator[ModuleValue]:
        """The literal variable defaults and locals of this file, for the other files of
        its module."""
        for scope, table in self.names.items():
            for name, node in table.items():
                value = self.literal(node)
                if value is not None:
                    where = Location(node.meta.line, node.meta.column, f"{scope}.{name}")
                    yield ModuleValue(f"{scope}.{name}", value, where)

    def values(self, attribute: _Attribute) -> list[Value]:
        """What a tag on the attribute binds to: its literal value(s), a block, or nothing."""
        node = attribute.value
        inner = _unwrap(node)
        if inner.data == "tuple":
            items = [n for n in _trees(inner) if n.data != "new_line_or_comment"]
            found = [
                Value(
                    self.literal(item),
                    Location(item.meta.line, item.meta.column, f"{attribute.address}/{i}"),
                )
                for i, item in enumerate(items)
            ]
            return found if all(v.text is not None for v in found) else []
        where = Location(node.meta.line, node.meta.column, attribute.address)
        if inner.data == "object":
            return [Value(None, where)]
        text = self.literal(node)
        return [Value(text, where)] if text is not None else []

    def entries(self) -> dict[int, Entry]:
        """Line -> the attribute, else the block, that starts on it: what tags bind to."""
        found: dict[int, Entry] = {}
        for attribute in self.attributes:
            found.setdefault(attribute.line, Entry(attribute.address, self.values(attribute)))
        for block in self.blocks:
            where = block.location
            found.setdefault(where.line, Entry(where.pointer, [Value(None, where)]))
        return found

    def regions(self) -> Iterator[Setting | ModuleReference]:
        """The hosting regions that providers and resources state with no tag (or the name
        of a variable of the module that states one)."""
        for block in self.blocks:
            for name, pointer in _region_attributes(block, self):
                node = block.attributes[name].value
                where = Location(node.meta.line, node.meta.column, pointer)
                shown = pointer if pointer.endswith(f".{name}") else f"{pointer}.{name}"
                value = self.literal(node)
                if value is not None:
                    yield Setting(REGION, value, "terraform", where, shown)
                elif (reference := self.elsewhere(node)) is not None:
                    yield ModuleReference(REGION, reference, "terraform", where, shown)


def _sole_interpolation(node: Tree[Token]) -> Tree[Token] | None:
    """The expression of a string that is one ``${}`` interpolation and nothing else."""
    parts = _trees(node)
    if len(parts) != 1:  # its other children are the quotes
        return None
    child = parts[0].children[0]
    if isinstance(child, str) or child.data != "interpolation":
        return None
    return _unwrap(_trees(child)[0])


def _named(node: Tree[Token]) -> tuple[str, str] | None:
    """(``var`` or ``local``, NAME) of a ``get_attr_expr_term`` that is ``var.NAME`` or
    ``local.NAME``."""
    base, attr = _trees(node)
    root, keys = _unwrap(base), _trees(attr)
    if root.data != "identifier" or not keys:
        return None
    scope, name = str(root.children[0]), _name(keys[0])
    return (scope, name) if scope in ("var", "local") and name is not None else None


def _address(kind: str, labels: list[str]) -> str:
    """The Terraform address of a top-level block: ``aws_s3_bucket.logs``, ``var.region``."""
    if kind == "resource":
        return ".".join(labels)
    return ".".join([{"variable": "var", "locals": "local"}.get(kind, kind), *labels])


def _region_attributes(block: _Block, module: _Module) -> Iterator[tuple[str, str]]:
    """(attribute, pointer) of the block's attributes that name a region."""
    if block.top and block.kind == "provider" and block.labels[:1] in ([p] for p in _PROVIDERS):
        if "region" in block.attributes:
            alias = block.attributes.get("alias")
            name = module.literal(alias.value) if alias is not None else None
            yield "region", f"provider.{block.labels[0]}" + (f".{name}" if name else "")
        return
    for prefix, attributes in _RESOURCE_ATTRIBUTES.items():
        if block.resource.startswith(prefix):
            for attribute in attributes:
                if attribute in block.attributes:
                    yield attribute, f"{block.location.pointer}.{attribute}"
