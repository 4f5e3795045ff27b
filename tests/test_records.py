"""Records (``policylint.records``) behave as the frozen dataclasses they stand for: the same
constructor, equality, hash, ``repr``, immutability, copies and pickles, and the dataclass
functions (``fields``, ``replace``, ``asdict``) work on them."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from typing import Any

import pytest

from policylint import facts, findings, policy, records, regions, retention, suppress, taxonomy
from policylint.checks import scope

RECORDS = [
    cls
    for module in (facts, findings, policy, regions, retention, suppress, taxonomy, scope)
    for cls in vars(module).values()
    if isinstance(cls, type)
    and issubclass(cls, records.Record)
    and cls.__module__ == module.__name__
]
VALID: dict[type, dict[str, Any]] = {
    retention.Duration: {"years": 1, "months": 2, "weeks": 3, "days": 4},
    retention.Retention: {"anchor": "account_deletion", "duration": retention.Duration(1)},
}


def _values(cls: type, salt: str) -> dict[str, Any]:
    if cls in VALID:
        values = dict(VALID[cls])
        if salt:
            first = next(iter(values))
            values[first] = (
                values[first] + 1 if isinstance(values[first], int) else values[first] + "_x"
            )
        return values
    return {f.name: f"{f.name}{salt}" for f in dataclasses.fields(cls)}


def _reference(cls: type) -> type:
    """The frozen, slotted dataclass ``cls`` stands for."""
    spec = [
        (f.name, Any)
        if f.default is dataclasses.MISSING
        else (f.name, Any, dataclasses.field(default=f.default))
        for f in dataclasses.fields(cls)
    ]
    made: type = dataclasses.make_dataclass(cls.__name__, spec, frozen=True, slots=True)
    return made


def test_every_record_is_found() -> None:
    names = {cls.__name__ for cls in RECORDS}
    assert {"Location", "Field", "Tag", "FidesDataset", "Duration", "Retention"} <= names
    assert {"Entry", "Taxonomy", "Place", "CategoryRule", "Processor"} <= names
    assert {"Hit", "Finding", "Unused", "Scope"} <= names


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__qualname__)
def test_a_record_is_its_frozen_dataclass(cls: type) -> None:
    reference = _reference(cls)
    fields = dataclasses.fields(cls)
    parameters = list(inspect.signature(cls).parameters.values())
    assert [(p.name, p.kind, p.default, p.annotation) for p in parameters] == [
        (
            f.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default,
            f.type,
        )
        for f in fields
    ]
    assert cls.__match_args__ == reference.__match_args__  # type: ignore[attr-defined]
    assert cls.__slots__ == tuple(f.name for f in fields)  # type: ignore[attr-defined]

    values, other = _values(cls, ""), _values(cls, "2")
    record, twin, different = cls(**values), cls(*values.values()), cls(**other)
    expected = reference(**values)
    for f in fields:
        assert getattr(record, f.name) == getattr(expected, f.name)
    assert repr(record) == repr(expected)
    assert record == twin
    assert not record != twin  # noqa: SIM202
    assert hash(record) == hash(twin) == hash(tuple(values.values()))
    assert record != different
    assert record != expected  # another class, as two dataclasses with the same fields
    assert record.__eq__(object()) is NotImplemented

    name = fields[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, name, values[name])
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(record, name)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.unknown = 1  # type: ignore[attr-defined]

    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(record, protocol=protocol))
        assert again == record and type(again) is cls
    assert copy.copy(record) == record == copy.deepcopy(record)
    assert dataclasses.replace(record, **{name: other[name]}) == cls(
        **{**values, name: other[name]}
    )
    assert dataclasses.asdict(record) == dataclasses.asdict(expected)


def test_a_record_validates_as_its_dataclass_did() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        retention.Duration(-1)
    with pytest.raises(retention.RetentionError):
        retention.Retention("Not An Anchor")


def test_a_record_with_special_fields_is_refused() -> None:
    @dataclasses.dataclass(init=False, repr=False, eq=False, slots=True)
    class Odd(records.Record):
        kept: int
        hidden: int = dataclasses.field(default=0, compare=False)

        def __init__(self, kept: int, hidden: int = 0) -> None:
            records.setfield(self, "kept", kept)
            records.setfield(self, "hidden", hidden)

    with pytest.raises(TypeError, match="plain"):
        hash(Odd(1))
