"""YAML and JSON as node trees with positions: the one home of PyYAML for the readers.

``yaml.compose`` with the C loader is the fastest PyYAML path that keeps line numbers,
and it reads JSON too. Nodes are never constructed into Python objects with tags, so a
file cannot make policylint build arbitrary objects: unknown tags stay plain strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from policylint.limits import MAX_DEPTH, MAX_NODES, SourceError

__all__ = [
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "SourceError",
    "compose_all",
    "get",
    "mark_position",
    "position",
    "repeated_keys",
    "to_python",
]

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN: dict[str, str] = {}
"""Plain scalar -> its resolved tag (``true``: bool, ``12``: int): values repeat."""
_PLAIN_MAX = 16384


class _Loader(_Base):  # type: ignore[misc]
    """The safe loader, with each plain scalar's tag resolved once per process.

    The safe loader has no path resolvers (none is ever added): a node's tag depends on
    its kind and, for a plain scalar, its text alone, so the regular expressions need not
    run again for ``type``, ``string`` and every other value a schema repeats, and there
    is no path to track. The C composer calls these three methods for every node.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if not implicit[0]:
                return _STR
            tag = _PLAIN.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN) < _PLAIN_MAX and len(value) <= 64:
                    _PLAIN[value] = tag
            return tag
        return _MAP if kind is MappingNode else _SEQ

    # Nothing to track (no path resolvers), and the composer calls both for every node: a
    # builtin that takes the same arguments and keeps nothing costs less than a Python
    # method doing nothing (5% of composing a schema file, callgrind).
    descend_resolver = dict[Any, Any]().get  # (parent node, index) -> index; stays empty
    ascend_resolver = tuple  # () -> ()


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def position(node: Node) -> tuple[int, int]:
    """The node's 1-based line and column."""
    return mark_position(node.start_mark)


def compose_all(text: str, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> list[Node]:
    """Every document of a YAML (or JSON) text as a node tree.

    A text that could nest deeper than ``max_depth`` or hold more than ``max_nodes`` nodes
    (aliases expanded: a "billion laughs" file) is measured first, from parser events, and
    refused with the position where it passes the limit: the C composer recurses once per
    level (100,000 levels overflow the stack), and its trees take some 300 bytes a node.
    """
    try:
        if not _surely_within(text, max_depth, max_nodes):
            _measure(text, max_depth, max_nodes)
        docs = [doc for doc in yaml.compose_all(text, Loader=_Loader) if doc is not None]
        if "<<" in text:
            _merge_keys(docs)
        return docs
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if mark is None:
            raise SourceError(f"syntax error: {message}") from None
        raise SourceError(f"syntax error: {message}", *mark_position(mark)) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"syntax error: {exc}") from None
    except RecursionError:
        raise SourceError("nesting too deep to parse") from None


_MERGE = "tag:yaml.org,2002:merge"
MAX_MERGED = 100_000
"""Pairs YAML merge keys may add to one text (a Compose file's anchors add hundreds)."""


def _merge_keys(docs: list[Node]) -> None:
    """Each mapping with YAML merge keys (``<<: *base``, ``<<: [*a, *b]``) holds the pairs a
    loader would build it from, in place of the merge key: its own keys win, then the
    merged mappings' in order. A tag given through a merge is then the property's own."""
    done: set[int] = set()
    budget = [MAX_MERGED]
    for node in each_node(docs):
        if isinstance(node, MappingNode):
            _flatten(node, done, budget)  # before its values are visited: the merged ones too


def each_node(roots: list[Node]) -> Iterator[Node]:
    """Every collection node under ``roots`` once (an alias makes a tree a graph), parents
    before what they hold; a mapping's values are taken after the caller had the mapping,
    so it may change them."""
    pending = list(roots)
    seen: set[int] = set()
    while pending:
        node = pending.pop()
        if id(node) in seen or not isinstance(node, (MappingNode, SequenceNode)):
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, MappingNode):
            pending.extend(value for _, value in node.value)
        else:
            pending.extend(node.value)


def _is_merge(key: Node) -> bool:
    return isinstance(key, ScalarNode) and key.tag == _MERGE


def _flatten(node: MappingNode, done: set[int], budget: list[int]) -> None:
    """:func:`_merge_keys` for one mapping, its merged mappings flattened first. ``budget``
    holds how many merged pairs the text may still add: each merge copies the pairs of the
    mapping it names, so a few hundred merges of a large anchor would make the walks over
    the tree quadratic in the text."""
    if id(node) in done:
        return
    done.add(id(node))
    if not any(_is_merge(key) for key, _ in node.value):
        return
    own = {key.value for key, _ in node.value if isinstance(key, ScalarNode) and not _is_merge(key)}
    pairs: list[tuple[Node, Node]] = []
    for key, value in node.value:
        if not _is_merge(key):
            pairs.append((key, value))
            continue
        sources = value.value if isinstance(value, SequenceNode) else [value]
        for source in sources:
            if not isinstance(source, MappingNode):
                continue
            _flatten(source, done, budget)
            budget[0] -= len(source.value)
            if budget[0] < 0:
                raise SourceError(
                    f"YAML merge keys (<<) add more than {MAX_MERGED:,} entries", *position(key)
                )
            for merged_key, merged_value in source.value:
                if isinstance(merged_key, ScalarNode):
                    if merged_key.value in own:
                        continue  # the mapping's own key, or an earlier source's
                    own.add(merged_key.value)
                pairs.append((merged_key, merged_value))
    node.value = pairs


def _surely_within(text: str, max_depth: int, max_nodes: int) -> bool:
    """Whether the text's size alone keeps it within the limits (most files: no scan).

    Every collection owns at least one indicator (``[ { - : ?``), so their count bounds the
    depth; every indicator, comma or line break brings at most three nodes (``[a: b]``: a
    mapping, a key, a value; ``{a, b}``: a key and a null). Only an alias (``*``) can stand
    for more nodes than the text spells out.
    """
    if "*" in text:
        return False
    indicators = sum(text.count(c) for c in "[{-:?")
    spelled = 3 * (indicators + text.count(",") + text.count("\n")) + 3
    return indicators <= max_depth and spelled <= max_nodes


def _measure(text: str, max_depth: int, max_nodes: int) -> None:
    """SourceError where the text nests deeper than ``max_depth`` or where its node count,
    each alias counted as the size of the node it names, passes ``max_nodes``."""
    loader = _Loader(text)
    try:
        sizes: dict[str, int] = {}  # anchor -> nodes under it (anchors are per document)
        stack: list[tuple[int, str | None]] = []  # (count before the collection, its anchor)
        count = 0
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                count += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                stack.append((count, event.anchor))
                count += 1
                if len(stack) > max_depth:
                    raise SourceError(
                        f"nesting deeper than {max_depth} levels (max_depth)",
                        *mark_position(event.start_mark),
                    )
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                before, anchor = stack.pop()
                if anchor is not None:
                    sizes[anchor] = count - before
            elif kind is yaml.AliasEvent:
                count += sizes.get(event.anchor, 1)  # an open anchor: a cycle, one node
            elif kind is yaml.DocumentStartEvent:
                sizes.clear()
            elif kind is yaml.StreamEndEvent or event is None:
                return
            if count > max_nodes:
                raise SourceError(
                    f"more than {max_nodes} nodes, aliases expanded (max_nodes)",
                    *mark_position(event.start_mark),
                )
    finally:
        loader.dispose()


def mark_position(mark: Any) -> tuple[int, int]:
    """A PyYAML mark's 1-based line and column (marks are 0-based: converted here only)."""
    return mark.line + 1, mark.column + 1


def get(node: Node, key: str) -> Node | None:
    """The value node of ``key`` in a mapping node (None when absent or not a mapping)."""
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                found: Node = v
                return found
    return None


def items(node: Node) -> Iterator[tuple[ScalarNode, Node]]:
    """The (key, value) pairs of a mapping node whose keys are scalars."""
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode):
                yield k, v


def scalar(node: Node) -> Any:
    """A scalar node's value with the type its YAML/JSON form gives it."""
    value: str = node.value
    tag: str = node.tag
    if tag.endswith(":int"):
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag.endswith(":float"):
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    if tag.endswith(":bool"):
        return value.lower() in ("true", "yes", "on", "y")
    if tag.endswith(":null"):
        return None
    return value


def number(node: Node | None) -> float | None:
    """A numeric scalar as a float (JSON's ``1e3`` included), else None."""
    if not isinstance(node, ScalarNode) or node.tag.endswith(":bool"):
        return None
    try:
        return float(node.value)
    except ValueError:
        return None


def repeated_keys(root: Node | None) -> list[tuple[int, int, str]]:
    """Each key written a second time in one mapping of ``root``, as a problem (line, column,
    message) at the second. PyYAML keeps both and a mapping built from them keeps the last:
    in a policy or a config, the value a reviewer reads may not be the one enforced."""
    found: list[tuple[int, int, str]] = []
    for node in each_node([root] if root is not None else []):
        if isinstance(node, MappingNode):
            first: dict[Any, int] = {}
            for key, _ in node.value:
                if not isinstance(key, ScalarNode):
                    continue
                line, column = position(key)
                if key.value in first:
                    message = f"`{key.value}` is given twice here (first on line "
                    found.append((line, column, f"{message}{first[key.value]}): keep one"))
                else:
                    first[key.value] = line
    return sorted(found)


def to_python(node: Node) -> Any:
    """Plain Python data (dict, list, str, int, float, bool, None) from a node tree.

    Deeper than :data:`MAX_DEPTH` (a recursive alias is endless) is a :class:`SourceError`.
    """
    try:
        return _to_python(node, 0)
    except RecursionError:  # a caller already deep in the stack: still an error, not a crash
        raise SourceError("nesting too deep", *position(node)) from None


def _to_python(node: Node, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise SourceError("nesting too deep", *position(node))
    if isinstance(node, ScalarNode):
        return scalar(node)
    if isinstance(node, SequenceNode):  # loops, not comprehensions: one frame a level
        items = []
        for child in node.value:
            items.append(_to_python(child, depth + 1))
        return items
    if isinstance(node, MappingNode):
        mapping = {}
        for key, value in node.value:
            mapping[str(_to_python(key, depth + 1))] = _to_python(value, depth + 1)
        return mapping
    return None
