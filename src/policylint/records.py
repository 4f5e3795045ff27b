"""Frozen value records that cost little to define.

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
on assignment or deletion, and copying and pickling (through ``__init__``, with the fields
in order). A record's fields are plain: no ``field(init=False, compare=False, ...)``.
``tests/test_records.py`` holds every record to the dataclass it stands for.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any

setfield = object.__setattr__
"""Sets a field of a record in its ``__init__`` (as a frozen dataclass's ``__init__`` does)."""

_VALUES: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _values(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the field values of a record of class ``cls``, in order."""
    getter = _VALUES.get(cls)
    if getter is None:
        fields = dataclasses.fields(cls)
        for f in fields:
            if not (f.init and f.repr and f.compare and f.hash is None and not f.kw_only):
                raise TypeError(f"{cls.__qualname__}.{f.name}: a record's fields are plain")
        names = [f.name for f in fields]
        if len(names) == 1:
            name = names[0]

            def getter(obj: Any) -> tuple[Any, ...]:
                return (getattr(obj, name),)

        else:
            getter = operator.attrgetter(*names)
        _VALUES[cls] = getter
    return getter


class Record:
    """The methods of a frozen dataclass, for the records of this module's docstring."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            values = _values(self.__class__)
            return bool(values(self) == values(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_values(self.__class__)(self))

    def __repr__(self) -> str:
        names = [f.name for f in dataclasses.fields(self)]  # type: ignore[arg-type]
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, _values(self.__class__)(self))
