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

__all__ = [
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "SourceError",
    "compose_all",
    "get",
    "position",
    "to_python",
]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 500
"""Deepest nesting :func:`to_python` converts; deeper is a :class:`SourceError`."""


class SourceError(Exception):
    """A file that cannot be parsed, with the 1-based position of the problem."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def position(node: Node) -> tuple[int, int]:
    """The node's 1-based line and column (PyYAML marks are 0-based: converted here only)."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def compose_all(text: str) -> list[Node]:
    """Every document of a YAML (or JSON) text as a node tree."""
    try:
        return [doc for doc in yaml.compose_all(text, Loader=_Loader) if doc is not None]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if mark is None:
            raise SourceError(f"syntax error: {message}") from None
        raise SourceError(f"syntax error: {message}", mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"syntax error: {exc}") from None
    except RecursionError:
        raise SourceError("nesting too deep to parse") from None


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


def to_python(node: Node, depth: int = 0) -> Any:
    """Plain Python data (dict, list, str, int, float, bool, None) from a node tree."""
    if depth > MAX_DEPTH:
        raise SourceError("nesting too deep", *position(node))
    if isinstance(node, ScalarNode):
        return scalar(node)
    if isinstance(node, SequenceNode):
        return [to_python(n, depth + 1) for n in node.value]
    if isinstance(node, MappingNode):
        return {str(to_python(k, depth + 1)): to_python(v, depth + 1) for k, v in node.value}
    return None
