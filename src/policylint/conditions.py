"""The condition language of rules (SPEC section 7): selectors over facts, without Python.

A condition is a mapping. ``all``/``any`` take a list of conditions, ``not`` one; any other
key names an attribute of the fact (``category``, ``retention``, ``name``, ``value``, ...)
and maps to a test: a plain value (equality) or ``{operator: argument}``. An attribute
with several values (``category``, ``purposes``, ``subjects``, ``processors``) passes a
test when any of its values does. Several keys in one mapping must all hold.

Operators are one table of small functions: ``equals``, ``in``, ``under``, ``at_most``,
``at_least``, ``matches``, ``exists``, ``special``. Conditions are checked when the rule
loads (:func:`compile_condition`), so a bad rule fails before anything runs.

Regular expressions (``matches``) cannot hang a run: shapes that backtrack exponentially
are refused when the rule loads, subjects are cut to MAX_SUBJECT characters, and while the
engine runs (:func:`regex_guard`) each match that could be slow has REGEX_SECONDS at most.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from policylint import retention
from policylint.facts import Dependency, Field, Setting
from policylint.records import Record, record, setfield
from policylint.taxonomy import Taxonomy, is_under

MAX_SUBJECT = 1024
"""Longest text a regular expression is matched against."""
REGEX_SECONDS = 0.5
"""Longest time one match may take under :func:`regex_guard`."""
_GUARD_FROM = 16
"""Shorter subjects cannot take long even in the worst case: they are matched unguarded."""


class ConditionError(ValueError):
    """A malformed condition; ``path`` locates it inside the rule's ``check`` (``key``: the
    problem is the key at the end of the path, not its value)."""

    def __init__(self, message: str, path: tuple[Any, ...], key: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.key = key


class RegexTimeout(Exception):
    """A match ran out of time: ``path`` locates the ``matches`` inside the rule's check."""

    def __init__(self, pattern: str, path: tuple[Any, ...], length: int) -> None:
        super().__init__(f"regular expression `{pattern}` took too long")
        self.pattern = pattern
        self.path = path
        self.length = length


@record
class Context(Record):
    """What a condition may consult besides the fact: the taxonomy and the policy's data."""

    taxonomy: Taxonomy
    policy: Mapping[str, Any]

    def __init__(self, taxonomy: Taxonomy, policy: Mapping[str, Any]) -> None:
        setfield(self, "taxonomy", taxonomy)
        setfield(self, "policy", policy)


Predicate = Callable[[Any, Context], bool]


_FIELD_SIMPLE: dict[str, Callable[[Field], Any]] = {
    "name": lambda f: f.name,
    "format": lambda f: f.format,
    "container": lambda f: f.container,
    "label": lambda f: f"{f.container}.{f.name}" if f.container else f.name,
    "pointer": lambda f: f.location.pointer,
    "tagged": lambda f: f.tag is not None,
    "not_personal": lambda f: f.not_personal,
}
_TAG_MULTI = {
    "category": "categories",
    "purposes": "purposes",
    "subjects": "subjects",
    "processors": "processors",
}


def _field_values(fact: Field, attribute: str) -> list[Any] | None:
    simple = _FIELD_SIMPLE.get(attribute)
    if simple is not None:
        return [simple(fact)]
    tag = fact.tag
    multi = _TAG_MULTI.get(attribute)
    if multi is not None:
        return list(getattr(tag, multi)) if tag else []
    if attribute in ("retention", "basis"):
        value = getattr(tag, attribute) if tag else None
        return [] if value is None else [value]
    return None


TAG_ATTRIBUTES = frozenset(
    ("tagged", "not_personal", "category", "purposes", "subjects", "processors", "retention",
     "basis")
)  # fmt: skip
"""Field attributes a tagged field's tag decides alone (``not_personal`` is False for it)."""


def attributes_read(cond: Any) -> set[str]:
    """The attribute names a (valid) condition reads, through ``all``, ``any`` and ``not``."""
    if not isinstance(cond, Mapping):
        return set()
    names: set[str] = set()
    for key, value in cond.items():
        if key in ("all", "any") and isinstance(value, list):
            for sub in value:
                names |= attributes_read(sub)
        elif key == "not":
            names |= attributes_read(value)
        else:
            names.add(key)
    return names


def values_of(fact: Any, attribute: str, path: str = "") -> list[Any]:
    """The values of an attribute of a fact (a list: empty when it has none)."""
    if attribute == "path":
        return [path]
    if isinstance(fact, Field):
        found = _field_values(fact, attribute)
    elif isinstance(fact, (Setting, Dependency)):
        found = [getattr(fact, attribute)] if hasattr(fact, attribute) else None
    elif isinstance(fact, Mapping):
        found = _dotted(fact, attribute)
    else:
        found = None
    return found if found is not None else []


def _dotted(mapping: Mapping[str, Any], dotted: str) -> list[Any]:
    value: Any = mapping
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return []
        value = value[part]
    return list(value) if isinstance(value, list) else [value]


FACT_ATTRIBUTES = {
    "field": {
        "name", "format", "container", "label", "pointer", "tagged", "not_personal", "category",
        "purposes", "subjects", "processors", "retention", "basis", "path",
    },
    "setting": {"kind", "value", "format", "name", "path"},
    "dependency": {"name", "ecosystem", "format", "path"},
}  # fmt: skip


# -- operators ------------------------------------------------------------------------
def _compare_retention(value: Any, bound: retention.Retention) -> int | None:
    try:
        mine = retention.parse_retention(str(value))
    except retention.RetentionError:
        return None
    if retention.within(mine, bound) is None:
        return None
    if retention.within(mine, bound) and retention.within(bound, mine):
        return 0
    return -1 if retention.within(mine, bound) else 1


def _ordering(value: Any, arg: Any) -> int | None:
    if isinstance(arg, retention.Retention):
        return _compare_retention(value, arg)
    try:
        a, b = float(value), float(arg)
    except (TypeError, ValueError):
        return None
    return (a > b) - (a < b)


def _at_most(value: Any, arg: Any, ctx: Context) -> bool:
    order = _ordering(value, arg)
    return order is not None and order <= 0


def _at_least(value: Any, arg: Any, ctx: Context) -> bool:
    order = _ordering(value, arg)
    return order is not None and order >= 0


def _matches(value: Any, arg: Regex, ctx: Context) -> bool:
    return isinstance(value, str) and arg.search(value[:MAX_SUBJECT])


def _special(value: Any, arg: Any, ctx: Context) -> bool:
    return isinstance(value, str) and ctx.taxonomy.categories.is_special(value) == arg


OPERATORS: dict[str, Callable[[Any, Any, Context], bool]] = {
    "equals": lambda v, a, ctx: v == a,
    "in": lambda v, a, ctx: v in a,
    "under": lambda v, a, ctx: isinstance(v, str) and any(is_under(v, k) for k in a),
    "at_most": _at_most,
    "at_least": _at_least,
    "matches": _matches,
    "special": _special,
}


def _prepare(op: str, arg: Any, path: tuple[Any, ...]) -> Any:
    """Check an operator's argument once, at load time, and precompute what it needs."""
    if op == "equals" and isinstance(arg, (list, dict)):
        raise ConditionError("equals takes one value; for one of several, use `in`", path)
    if op in ("in", "under"):
        items = arg if isinstance(arg, list) else [arg]
        return tuple(str(i) for i in items)
    if op in ("at_most", "at_least"):
        if isinstance(arg, (int, float)) and not isinstance(arg, bool):
            return arg
        try:
            return retention.parse_retention(str(arg))
        except retention.RetentionError as exc:
            raise ConditionError(f"{op} takes a number or a retention: {exc}", path) from None
    if op == "matches":
        return Regex(safe_regex(arg, path), path)
    if op == "special" and not isinstance(arg, bool):
        raise ConditionError("special takes true or false", path)
    return arg


def _test(attribute: str, test: Any, path: tuple[Any, ...]) -> Predicate:
    if not isinstance(test, dict):
        test = {"equals": test}
    if not test:
        raise ConditionError(f"the test on `{attribute}` names no operator", path)
    if "exists" in test:
        if not isinstance(test["exists"], bool):
            raise ConditionError("exists takes true or false", (*path, "exists"))
        wanted = test["exists"]
        rest = {k: v for k, v in test.items() if k != "exists"}
        inner = _test(attribute, rest, path) if rest else None

        def exists(values: Any, ctx: Context) -> bool:
            if bool(values) != wanted:
                return False
            return inner is None or inner(values, ctx)

        return exists
    checks = []
    for op, arg in test.items():
        if op not in OPERATORS:
            known = ", ".join(sorted([*OPERATORS, "exists"]))
            raise ConditionError(f"unknown operator `{op}` (known: {known})", (*path, op), True)
        checks.append((OPERATORS[op], _prepare(op, arg, (*path, op))))

    def passes(values: Any, ctx: Context) -> bool:
        return all(any(fn(v, arg, ctx) for v in values) for fn, arg in checks)

    return passes


def compile_condition(
    cond: Any, attributes: Collection[str] | None, path: tuple[Any, ...] = ()
) -> Callable[[Any, str, Context], bool]:
    """A predicate ``(fact, path, ctx) -> bool``; ConditionError for a malformed condition.

    ``attributes`` lists the attribute names allowed (None: any dotted name, for policies).
    """
    if not isinstance(cond, dict) or not cond:
        raise ConditionError("a condition is a non-empty mapping", path)
    parts: list[Callable[[Any, str, Context], bool]] = []
    for key, value in cond.items():
        here = (*path, key)
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise ConditionError(f"`{key}` takes a non-empty list of conditions", here)
            subs = [compile_condition(c, attributes, (*here, i)) for i, c in enumerate(value)]
            parts.append(_combine(subs, all if key == "all" else any))
        elif key == "not":
            parts.append(_negate(compile_condition(value, attributes, here)))
        else:
            if attributes is not None and key not in attributes:
                known = ", ".join(sorted(attributes))
                raise ConditionError(f"unknown attribute `{key}` (known: {known})", here, True)
            parts.append(_attribute(key, _test(key, value, here)))
    return _combine(parts, all)


def _negate(sub: Callable[[Any, str, Context], bool]) -> Callable[[Any, str, Context], bool]:
    return lambda fact, p, ctx: not sub(fact, p, ctx)


def _attribute(key: str, test: Predicate) -> Callable[[Any, str, Context], bool]:
    return lambda fact, p, ctx: test(values_of(fact, key, p), ctx)


def _combine(
    parts: list[Callable[[Any, str, Context], bool]], mode: Callable[[Any], bool]
) -> Callable[[Any, str, Context], bool]:
    if len(parts) == 1:
        return parts[0]
    return lambda fact, p, ctx: mode(part(fact, p, ctx) for part in parts)


# -- regular expressions that cannot hang ---------------------------------------------------
class _Expired(Exception):
    """Raised by the SIGALRM handler inside a match that ran out of time."""


_guard_thread: int | None = None
"""The thread running under :func:`regex_guard` (signals reach only the main thread)."""


def _expire(signum: int, frame: object) -> None:
    raise _Expired


def _forget_guard() -> None:
    """In a forked child: the parent's guard is not this process's (it guards its own)."""
    global _guard_thread
    _guard_thread = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_guard)


@contextlib.contextmanager
def regex_guard() -> Iterator[None]:
    """While active, each match on a long subject gets REGEX_SECONDS (a SIGALRM timer).

    Only in the main thread of a POSIX process, and only when no other interval timer is
    running (a host's own alarm is left alone); elsewhere it does nothing, and the load-time
    checks of :func:`safe_regex` are the protection.
    """
    global _guard_thread
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and _guard_thread is None
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    _guard_thread = threading.get_ident()
    try:
        yield
    finally:
        _guard_thread = None
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@record
class Regex(Record):
    """A compiled ``matches`` argument and where it is in its rule (for a timeout)."""

    compiled: re.Pattern[str]
    path: tuple[Any, ...]

    def __init__(self, compiled: re.Pattern[str], path: tuple[Any, ...]) -> None:
        setfield(self, "compiled", compiled)
        setfield(self, "path", path)

    def search(self, text: str) -> bool:
        if _guard_thread is None or len(text) < _GUARD_FROM:
            return self.compiled.search(text) is not None
        if threading.get_ident() != _guard_thread:
            return self.compiled.search(text) is not None
        signal.setitimer(signal.ITIMER_REAL, REGEX_SECONDS)
        try:
            return self.compiled.search(text) is not None
        except _Expired:
            raise RegexTimeout(self.compiled.pattern, self.path, len(text)) from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)


def safe_regex(pattern: Any, path: tuple[Any, ...]) -> re.Pattern[str]:
    """Compile a user's regular expression, refusing the shapes that backtrack exponentially.

    Python's ``re`` backtracks; a repeat nested in a repeat (``(a+)+``) or a backreference
    can take exponential time on a short name. Such patterns are rejected when the rule
    loads, and subjects are cut to MAX_SUBJECT characters, so matching stays linear-ish.
    """
    if not isinstance(pattern, str):
        raise ConditionError("matches takes a regular expression string", path)
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ConditionError(f"invalid regular expression: {exc}", path) from None
    problem = _risky(pattern)
    if problem:
        raise ConditionError(f"regular expression refused: {problem}", path)
    return compiled


@functools.cache
def _risky(pattern: str) -> str | None:
    try:
        import re._parser as sre_parse  # type: ignore[import-not-found]
    except ImportError:  # Python 3.10
        import sre_parse
    tree = sre_parse.parse(pattern)
    return _scan(tree, 0, sre_parse)


def _scan(items: Any, repeat_depth: int, sre: Any) -> str | None:
    repeats = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)}
    for op, arg in items:
        if op == sre.GROUPREF or op == getattr(sre, "GROUPREF_EXISTS", None):
            return "backreferences are not allowed"
        if op in repeats:
            _low, high, sub = arg
            unbounded = high == sre.MAXREPEAT or high > 100
            if unbounded and repeat_depth > 0:
                return "a repetition inside a repetition can take exponential time"
            found = _scan(sub, repeat_depth + (1 if unbounded else 0), sre)
            if found:
                return found
        elif op == sre.SUBPATTERN:
            found = _scan(arg[-1], repeat_depth, sre)
            if found:
                return found
        elif op == sre.BRANCH:
            for branch in arg[1]:
                found = _scan(branch, repeat_depth, sre)
                if found:
                    return found
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            found = _scan(arg[1], repeat_depth, sre)
            if found:
                return found
    return None
