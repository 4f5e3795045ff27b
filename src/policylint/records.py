"""Value records that cost little to define and nothing to import: frozen, or mutable.

The records of a run (facts, findings, the policy, the rules) are what ``@dataclass(frozen=True,
slots=True)`` would make, declared without it: :mod:`dataclasses` imports :mod:`inspect`
(with ``ast``, ``dis`` and ``tokenize``) and compiles six methods from source text for every
class it makes, about 12 ms of a one-file run's 50. A record is declared instead as::

    @record
    class Location(Record):
        line: int
        column: int
        pointer: str = ""

        def __init__(self, line: int, column: int, pointer: str = "") -> None:
            setfield(self, "line", line)
            setfield(self, "column", column)
            setfield(self, "pointer", pointer)

:func:`record` gives the class a slot for each annotated field, in order (an annotation
``ClassVar[...]`` is not a field), and :attr:`~Record.__match_args__`; its ``__init__`` is
written by hand and compiled with its module, once, into the bytecode cache. :class:`Record`
gives it what ``frozen=True`` and ``eq=True`` would: equality and hashing over its fields
(records of one class only), the dataclass ``repr``, :class:`FrozenInstanceError` (an
``AttributeError``, as :class:`dataclasses.FrozenInstanceError` is) on assignment or deletion,
and copying and pickling (through ``__init__``, with its parameters in order).
:func:`fields` and :func:`replace` stand for their :mod:`dataclasses` namesakes. Type
checkers see records as the dataclasses they stand for (frozen ones for :class:`Record`:
assigning a field is an error to mypy too), through ``dataclass_transform``, which does
nothing at run time.

A field may be declared with :func:`field`, and means what it means to a dataclass:

- ``default_factory``: the ``__init__`` takes None for "not given" and makes the value::

      raw: dict[str, Any] = field(default_factory=dict)
      ...
      def __init__(self, ..., raw: dict[str, Any] | None = None) -> None:
          setfield(self, "raw", {} if raw is None else raw)

- ``repr=False`` leaves the field out of the ``repr``; ``compare=False`` out of equality and
  hashing;
- ``init=False``: not a parameter; the ``__init__`` sets it (a memo, say). A copy or an
  unpickled record has it as its ``__init__`` makes it: only the parameters are passed on.

A record that is not frozen is a :class:`MutableRecord`: the same, but its fields may be
assigned and deleted (its ``__init__`` assigns them: ``self.path = path``) and it does not
hash, as ``@dataclass`` (``eq=True``, ``frozen=False``) would have it. ``tests/test_records.py``
holds every record to the dataclass it stands for.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Any:
        """Tells type checkers that records are dataclasses (frozen ones for
        :class:`Record`); nothing at run time."""
        return lambda cls: cls


setfield = object.__setattr__
"""Sets a field of a record in its ``__init__`` (as a frozen dataclass's ``__init__`` does)."""

_Values = Callable[[Any], tuple[Any, ...]]
_R = TypeVar("_R", bound=type)
_T = TypeVar("_T")


class FrozenInstanceError(AttributeError):
    """A field of a frozen record was assigned or deleted."""


class _Missing:
    """No default: the field must be given."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """A record's field, as :func:`fields` gives it (the parts of ``dataclasses.Field`` a
    record uses)."""

    __slots__ = ("compare", "default", "default_factory", "init", "name", "repr", "type")

    def __init__(
        self,
        default: Any = MISSING,
        default_factory: Any = MISSING,
        init: bool = True,
        repr: bool = True,
        compare: bool = True,
    ) -> None:
        self.name = ""
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, type={self.type!r})"


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | Any = MISSING,
    init: bool = True,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    """A field with options, declared as ``name: type = field(...)``."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("a field takes a default or a default_factory, not both")
    return Field(default, default_factory, init, repr, compare)


def _is_classvar(annotation: Any) -> bool:
    """``ClassVar``, ``ClassVar[int]``, ``typing.ClassVar[int]``, ``t.ClassVar``."""
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.split("[", 1)[0].rsplit(".", 1)[-1].strip() == "ClassVar"


def record(cls: _R) -> _R:
    """The record class declared by ``cls`` (a subclass of :class:`Record` or
    :class:`MutableRecord`): ``cls`` made again with a slot for each of its own fields.

    The class is made anew, as ``@dataclass(slots=True)`` makes it: a method calling
    ``super()`` without arguments would not find it (none does). Its module must have
    ``from __future__ import annotations``, which keeps the annotations in the class body."""
    if not issubclass(cls, _Base):
        raise TypeError(f"{cls.__qualname__}: a record derives from Record or MutableRecord")
    namespace = dict(cls.__dict__)
    if "__slots__" in namespace or "__match_args__" in namespace:
        raise TypeError(f"{cls.__qualname__}: a record's slots are made from its fields")
    annotations = namespace.get("__annotations__")
    if annotations is None and "__annotate__" in namespace:  # Python 3.14, no future import
        raise TypeError(f"{cls.__qualname__}: declare records under `from __future__ import`")
    inherited: tuple[Field, ...] = getattr(cls, "__record_fields__", ())
    known = {spec.name for spec in inherited}
    own: list[Field] = []
    for name, annotation in (annotations or {}).items():
        if _is_classvar(annotation):
            continue
        if name in known:
            raise TypeError(f"{cls.__qualname__}.{name}: a field of a record it derives from")
        value = namespace.pop(name, MISSING)
        spec = value if isinstance(value, Field) else Field(default=value)
        spec.name, spec.type = name, annotation
        own.append(spec)
    stray = [name for name, value in namespace.items() if isinstance(value, Field)]
    if stray:
        raise TypeError(f"{cls.__qualname__}.{stray[0]}: a field() without an annotation")
    namespace.pop("__dict__", None)
    namespace.pop("__weakref__", None)
    namespace["__slots__"] = tuple(spec.name for spec in own)
    specs = inherited + tuple(own)
    namespace["__record_fields__"] = specs
    namespace["__match_args__"] = tuple(spec.name for spec in specs if spec.init)
    metaclass: Any = type(cls)
    made: _R = metaclass(cls.__name__, cls.__bases__, namespace)
    made.__qualname__ = cls.__qualname__
    return made


def fields(record_or_class: Any) -> tuple[Field, ...]:
    """The fields of a record, or of a record class, in order."""
    specs: tuple[Field, ...] | None = getattr(record_or_class, "__record_fields__", None)
    if specs is None:
        raise TypeError(f"not a record: {record_or_class!r}")
    return specs


def replace(obj: _T, **changes: Any) -> _T:
    """A copy of the record ``obj`` with the fields named in ``changes`` set to new values
    (through ``__init__``, as :func:`dataclasses.replace` does)."""
    arguments = {}
    for spec in fields(obj):
        if not spec.init:
            if spec.name in changes:
                raise ValueError(f"field {spec.name} is declared with init=False")
            continue
        arguments[spec.name] = changes.pop(spec.name, getattr(obj, spec.name))
    if changes:
        raise TypeError(f"{type(obj).__qualname__} has no field {next(iter(changes))!r}")
    return obj.__class__(**arguments)


_COMPARED: dict[type, _Values] = {}
_ARGUMENTS: dict[type, _Values] = {}


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
        getter = _COMPARED[cls] = _getter([f.name for f in fields(cls) if f.compare])
    return getter


def _arguments(cls: type) -> _Values:
    """The values of a record of class ``cls`` that its ``__init__`` takes, in order."""
    getter = _ARGUMENTS.get(cls)
    if getter is None:
        getter = _ARGUMENTS[cls] = _getter([f.name for f in fields(cls) if f.init])
    return getter


class _Base:
    """What every record has: equality, ``repr``, copying and pickling."""

    __slots__ = ()
    __record_fields__: tuple[Field, ...] = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            values = _compared(self.__class__)
            return bool(values(self) == values(other))
        return NotImplemented

    def __repr__(self) -> str:
        names = [f.name for f in fields(self.__class__) if f.repr]
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, _arguments(self.__class__)(self))


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Record(_Base):
    """The methods of a frozen dataclass, for the records of this module's docstring."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(_compared(self.__class__)(self))

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass_transform(field_specifiers=(field,))
class MutableRecord(_Base):
    """The methods of a dataclass that is not frozen: fields may be assigned; no hash."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]
