"""Dataclasses that cost little to define: frozen value records, and mutable ones.

``@dataclass(frozen=True, slots=True)`` writes six methods (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``) as source text and compiles each
when the class is created: about half a millisecond a class, paid at start-up by every run
for every class it imports. A record is declared instead as::

    @dataclass(init=False, repr=False, eq=False, slots=True)
    class Location(Record):
        line: int
        column: int
        pointer: str = ""

        def __init__(self, line: int, column: int, pointer: str = "") -> None:
            setfield(self, "line", line)
            setfield(self, "column", column)
            setfield(self, "pointer", pointer)

It is still a dataclass (``dataclasses.fields``, ``replace`` and ``asdict`` work); its
``__init__`` is compiled with its module, once, into the bytecode cache; and :class:`Record`
gives it what ``frozen=True`` and ``eq=True`` would: equality and hashing over its fields
(records of one class only), the dataclass ``repr``, :class:`dataclasses.FrozenInstanceError`
on assignment or deletion, and copying and pickling (through ``__init__``, with its
parameters in order).

A field may be declared with ``field(...)``, and means what it means to a dataclass:

- ``default_factory``: the ``__init__`` takes None for "not given" and makes the value::

      raw: dict[str, Any] = field(default_factory=dict)
      ...
      def __init__(self, ..., raw: dict[str, Any] | None = None) -> None:
          setfield(self, "raw", {} if raw is None else raw)

- ``repr=False`` leaves the field out of the ``repr``; ``compare=False`` out of equality and
  hashing;
- ``init=False``: not a parameter; the ``__init__`` sets it (a memo, say). A copy or an
  unpickled record has it as its ``__init__`` makes it: only the parameters are passed on.

``hash=`` and ``kw_only`` are refused. A dataclass that is not frozen is a
:class:`MutableRecord`: the same, but its fields may be assigned and deleted (its
``__init__`` assigns them: ``self.path = path``) and it does not hash, as ``@dataclass``
(``eq=True``, ``frozen=False``) would have it. ``tests/test_records.py`` holds every record
to the dataclass it stands for.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any

setfield = object.__setattr__
"""Sets a field of a record in its ``__init__`` (as a frozen dataclass's ``__init__`` does)."""

_Values = Callable[[Any], tuple[Any, ...]]
_COMPARED: dict[type, _Values] = {}
_ARGUMENTS: dict[type, _Values] = {}


def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    fields = dataclasses.fields(cls)
    for f in fields:
        if f.hash is not None or f.kw_only:
            raise TypeError(
                f"{cls.__qualname__}.{f.name}: a record's field takes no hash= or kw_only"
            )
    return fields


def _getter(names: list[str]) -> _Values:
    """A function giving the values of the attributes ``names`` of an object, in order."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


def _compared(cls: type) -> _Values:
    """The values of a record of class ``cls`` that equality and hashing use."""
    getter = _COMPARED.get(cls)
    if getter is None:
        getter = _COMPARED[cls] = _getter([f.name for f in _fields(cls) if f.compare])
    return getter


def _arguments(cls: type) -> _Values:
    """The values of a record of class ``cls`` that its ``__init__`` takes, in order."""
    getter = _ARGUMENTS.get(cls)
    if getter is None:
        getter = _ARGUMENTS[cls] = _getter([f.name for f in _fields(cls) if f.init])
    return getter


class _Dataclass:
    """What every record has: equality, ``repr``, copying and pickling."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            values = _compared(self.__class__)
            return bool(values(self) == values(other))
        return NotImplemented

    def __repr__(self) -> str:
        names = [f.name for f in _fields(self.__class__) if f.repr]
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, _arguments(self.__class__)(self))


class Record(_Dataclass):
    """The methods of a frozen dataclass, for the records of this module's docstring."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(_compared(self.__class__)(self))

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


class MutableRecord(_Dataclass):
    """The methods of a dataclass that is not frozen: fields may be assigned; no hash."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]
