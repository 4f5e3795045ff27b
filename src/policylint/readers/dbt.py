"""dbt property files (SPEC section 5): the columns of models, sources, seeds and snapshots.

A property file is ``version: 2`` with ``models:``, ``sources:`` (each with ``tables:``),
``seeds:`` or ``snapshots:``; every entry lists ``columns:``. Each column is a :class:`Field`
addressed ``model.column`` (``source.table.column`` for a source table), tagged by
``meta.personal_data`` or, as dbt 1.10 writes it, ``config.meta.personal_data`` (the tag forms
of SPEC section 5). ``meta.personal_data_defaults`` on a model, source or table gives defaults
to the columns below it, the nearest winning. The columns a model version lists are read as
``model.v2.column``. Untagged columns are fields too, so that PL203 can ask whether their
names say personal data.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from policylint.facts import Field, FileFacts, Location, Problem
from policylint.readers.schemawalk import MAX_NODES
from policylint.tags import TagError, check_defaults, parse_tag
from policylint.yamlnode import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    SourceError,
    get,
    position,
    to_python,
)

TAG = "personal_data"
DEFAULTS = "personal_data_defaults"
NODES = ("models", "seeds", "snapshots")
"""Resource lists whose entries carry ``columns`` themselves (sources carry ``tables``)."""


def is_dbt(doc: Node) -> bool:
    """A dbt property file: a list of models, sources, seeds or snapshots beside ``version``,
    or (``version`` is optional since dbt 1.5) whose entries list ``columns`` or ``tables``."""
    lists = [get(doc, key) for key in (*NODES, "sources")]
    if get(doc, "version") is not None:
        return any(isinstance(node, SequenceNode) for node in lists)
    return any(
        get(entry, "columns") is not None or get(entry, "tables") is not None
        for node in lists
        for entry in _entries(node)
    )


def read_dbt(out: FileFacts, doc: Node) -> None:
    """Every column of a dbt property document, as a field."""
    for key in NODES:
        for node, name in _named(get(doc, key)):
            defaults = _defaults(out, node, {})
            _columns(out, node, name, defaults)
            for version in _entries(get(node, "versions")):
                number = get(version, "v")
                if isinstance(number, ScalarNode):
                    label = f"{name}.v{number.value}"
                    _columns(out, version, label, _defaults(out, version, defaults))
    for source, source_name in _named(get(doc, "sources")):
        source_defaults = _defaults(out, source, {})
        for table, table_name in _named(get(source, "tables")):
            label = f"{source_name}.{table_name}"
            _columns(out, table, label, _defaults(out, table, source_defaults))


def _columns(out: FileFacts, holder: Node, container: str, defaults: Mapping[str, Any]) -> None:
    for column, name in _named(get(holder, "columns")):
        _column(out, column, name, container, defaults)


def _column(
    out: FileFacts, column: Node, name: str, container: str, defaults: Mapping[str, Any]
) -> None:
    if len(out.facts) >= MAX_NODES:  # aliases can repeat a list of columns without end
        raise SourceError(f"more than {MAX_NODES} columns", *position(column))
    pointer = f"{container}.{name}"
    key_node, tag_node = _meta(column, TAG)
    if key_node is None or tag_node is None:
        name_node = get(column, "name")
        line, col = position(name_node if name_node is not None else column)
        out.facts.append(Field(name, "dbt", Location(line, col, pointer), container=container))
        return
    try:
        tag = parse_tag(to_python(tag_node), defaults, tag_node)
    except TagError as exc:
        _problems(out, exc, key_node, pointer)
        return
    line, col = position(key_node)
    out.facts.append(
        Field(
            name,
            "dbt",
            Location(line, col, pointer),
            tag=tag,
            not_personal=tag is None,
            container=container,
        )
    )


def _defaults(out: FileFacts, node: Node, inherited: Mapping[str, Any]) -> Mapping[str, Any]:
    """``personal_data_defaults`` in ``meta`` or ``config.meta``; the nearest wins, key by key."""
    key_node, value_node = _meta(node, DEFAULTS)
    if key_node is None or value_node is None:
        return inherited
    try:
        own = check_defaults(to_python(value_node), value_node)
    except TagError as exc:
        _problems(out, exc, key_node, f"{_name(node)}.{DEFAULTS}")
        return inherited
    return {**inherited, **own}


def _meta(node: Node, key: str) -> tuple[Node | None, Node | None]:
    """The key and value nodes of ``key`` in ``config.meta`` (dbt 1.10) or else in ``meta``."""
    config = get(node, "config")
    for meta in (get(config, "meta") if config is not None else None, get(node, "meta")):
        if isinstance(meta, MappingNode):
            for k, v in meta.value:
                if isinstance(k, ScalarNode) and k.value == key:
                    return k, v
    return None, None


def _problems(out: FileFacts, error: TagError, fallback: Node, pointer: str) -> None:
    """PL101 for each of a tag's problems, at ``pointer`` (which survives moved lines)."""
    for p in error.problems:
        line, column = (p.line, p.column) if p.line else position(fallback)
        message = f"invalid tag: {p.message}"
        out.problems.append(Problem("PL101", message, Location(line, column, pointer)))


def _name(node: Node) -> str:
    """The ``name`` of a model, source or table (``?`` where it has none)."""
    name = get(node, "name")
    return str(name.value) if isinstance(name, ScalarNode) and name.value else "?"


def _entries(node: Node | None) -> Iterator[Node]:
    if isinstance(node, SequenceNode):
        yield from (n for n in node.value if isinstance(n, MappingNode))


def _named(node: Node | None) -> Iterator[tuple[Node, str]]:
    """The mapping entries of a list that have a scalar ``name``, with that name."""
    for entry in _entries(node):
        name = get(entry, "name")
        if isinstance(name, ScalarNode) and name.value:
            yield entry, str(name.value)
