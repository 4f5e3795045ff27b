"""Records (``policylint.records``) behave as the dataclasses they stand for: the same
constructor, equality, hash, ``repr``, immutability (or not), copies and pickles; and
``records.fields`` and ``records.replace`` as ``dataclasses.fields`` and ``replace`` do on
those dataclasses."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import typing as t
from pathlib import Path
from typing import Any, ClassVar

import pytest

from policylint import (
    commenttags,
    conditions,
    engine,
    facts,
    findings,
    formatters,
    names,
    policy,
    readers,
    records,
    regions,
    retention,
    ruleset,
    suppress,
    taxonomy,
    trackers,
    validation,
)
from policylint.checks import fides, scope
from policylint.readers import settings

MODULES = (facts, findings, policy, regions, retention, suppress, taxonomy, scope)
MODULES += (conditions, ruleset, readers, fides, formatters, engine, settings, validation)
MODULES += (names, trackers)
RECORDS = [
    cls
    for module in MODULES
    for cls in vars(module).values()
    if isinstance(cls, type)
    and issubclass(cls, (records.Record, records.MutableRecord))
    and cls.__module__ == module.__name__
    and "__record_fields__" in vars(cls)  # not a subclass deferring a record's values
]
VALID: dict[type, dict[str, Any]] = {
    retention.Duration: {"years": 1, "months": 2, "weeks": 3, "days": 4},
    retention.Retention: {"anchor": "account_deletion", "duration": retention.Duration(1)},
}


def _values(cls: type, salt: str) -> dict[str, Any]:
    """Values for the parameters of ``cls`` (``salt`` makes them differ)."""
    if cls in VALID:
        values = dict(VALID[cls])
        if salt:
            first = next(iter(values))
            values[first] = (
                values[first] + 1 if isinstance(values[first], int) else values[first] + "_x"
            )
        return values
    return {f.name: f"{f.name}{salt}" for f in records.fields(cls) if f.init}


def _frozen(cls: type) -> bool:
    return issubclass(cls, records.Record)


def _reference(cls: type) -> type:
    """The slotted dataclass ``cls`` stands for (frozen for a :class:`~records.Record`)."""
    spec = []
    for f in records.fields(cls):
        kept = {"init": f.init, "repr": f.repr, "compare": f.compare}
        if f.default is not records.MISSING:
            kept["default"] = f.default
        if f.default_factory is not records.MISSING:
            kept["default_factory"] = f.default_factory
        spec.append((f.name, Any, dataclasses.field(**kept)))
    made: type = dataclasses.make_dataclass(cls.__name__, spec, frozen=_frozen(cls), slots=True)
    return made


def _parameter(f: records.Field) -> tuple[Any, ...]:
    """The ``__init__`` parameter of a record's field: a field with a default factory takes
    None for "not given"."""
    if f.default_factory is not records.MISSING:
        return (f.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, None, f"{f.type} | None")
    default = inspect.Parameter.empty if f.default is records.MISSING else f.default
    return (f.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default, f.type)


def test_every_record_is_found() -> None:
    names = {cls.__name__ for cls in RECORDS}
    assert {"Location", "Field", "Tag", "FidesDataset", "Duration", "Retention"} <= names
    assert {"Entry", "Taxonomy", "Place", "CategoryRule", "Processor", "Policy"} <= names
    assert {"Hit", "Finding", "Unused", "Scope", "Violation"} <= names
    assert {"Rule", "Declarative", "Context", "Regex", "ReadOptions", "SettingMap"} <= names
    assert {"FileFacts", "Report", "Selection", "Result", "Outcome"} <= names
    assert {"PolicyTag", "Value", "Entry", "SchemaProblem", "NameMatch", "Tracker"} <= names


def test_comment_tags_are_records_that_compare_by_identity() -> None:
    one, two = commenttags.CommentTag(1, 2, False), commenttags.CommentTag(1, 2, False)
    assert one == one and one != two and len({one, two}) == 2
    assert one.keys == {} and one.keys is not two.keys
    assert repr(one) == "CommentTag(line=1, column=2, value=False, keys={}, errors=())"
    with pytest.raises(records.FrozenInstanceError):
        one.line = 3  # type: ignore[misc]


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__qualname__)
def test_a_record_is_its_dataclass(cls: type) -> None:
    reference = _reference(cls)
    fields = records.fields(cls)
    parameters = list(inspect.signature(cls).parameters.values())
    assert [(p.name, p.kind, p.default, p.annotation) for p in parameters] == [
        _parameter(f) for f in fields if f.init
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
    assert record != different
    assert record != expected  # another class, as two dataclasses with the same fields
    assert record.__eq__(object()) is NotImplemented
    compared = tuple(getattr(record, f.name) for f in fields if f.compare)
    if _frozen(cls):
        assert hash(record) == hash(twin) == hash(compared) == hash(expected)
    else:
        assert reference.__hash__ is None and cls.__hash__ is None
        with pytest.raises(TypeError, match="unhashable"):
            hash(record)

    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(record, protocol=protocol))
        assert again == record and type(again) is cls
    assert copy.copy(record) == record == copy.deepcopy(record)
    name = fields[0].name
    changed = records.replace(record, **{name: other[name]})
    assert changed == cls(**{**values, name: other[name]})
    assert repr(changed) == repr(dataclasses.replace(expected, **{name: other[name]}))
    assert records.replace(record) == record and records.replace(record) is not record

    if _frozen(cls):
        with pytest.raises(records.FrozenInstanceError):
            setattr(record, name, values[name])
        with pytest.raises(records.FrozenInstanceError):
            delattr(record, name)
        with pytest.raises(AttributeError):  # as dataclasses.FrozenInstanceError is
            record.unknown = 1  # type: ignore[attr-defined]
    else:
        for obj in (record, expected):
            setattr(obj, name, other[name])
        assert record == cls(**{**values, name: other[name]})
        assert repr(record) == repr(expected)
        for obj in (record, expected):
            delattr(obj, name)
            with pytest.raises(AttributeError):
                getattr(obj, name)
            with pytest.raises(AttributeError):
                obj.unknown = 1


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__qualname__)
def test_a_default_factory_makes_a_value_for_each_record(cls: type) -> None:
    fields = {f.name: f for f in records.fields(cls)}
    required = {
        name: value
        for name, value in _values(cls, "").items()
        if fields[name].default is fields[name].default_factory is records.MISSING
    }
    made = [f for f in fields.values() if f.default_factory is not records.MISSING]
    one, two = cls(**required), cls(**required)
    expected = _reference(cls)(**required)
    for f in made:
        assert getattr(one, f.name) == f.default_factory() == getattr(expected, f.name)
        assert getattr(one, f.name) is not getattr(two, f.name)


def test_a_field_left_out_of_init_and_comparison_is_made_again() -> None:
    rule = policy.CategoryRule("user.contact")
    known: Any = "a taxonomy"  # not consulted by rule_for
    made = policy.Policy("p.yaml", "d", known, categories=(rule,), raw={"v": 1})
    assert made.rule_for("user.contact.email") is rule
    assert made._rule_memo == {"user.contact.email": rule}
    assert made == records.replace(made)
    assert "_rule_memo" not in repr(made) and "raw=" not in repr(made)
    for again in (copy.copy(made), pickle.loads(pickle.dumps(made))):
        assert again == made and again._rule_memo == {}
        assert again.rule_for("user.contact.email") == rule
    assert records.replace(made, name="x")._rule_memo == {}
    with pytest.raises(ValueError, match="init=False"):
        records.replace(made, _rule_memo={})
    with pytest.raises(TypeError, match="no field 'nope'"):
        records.replace(made, nope=1)


def test_mutable_records_are_filled_in_place() -> None:
    out = facts.FileFacts("a.yaml", "structured")
    out.facts.append(facts.Setting("processor", "Acme", "yaml", facts.Location(1, 1)))
    out.suppressions = {3: frozenset()}
    assert out == facts.FileFacts("a.yaml", "structured", out.facts, [], {3: frozenset()})
    assert facts.FileFacts("a.yaml", "structured").facts == []
    report = formatters.Report([], [], [])
    report.notes.append("skipped")
    assert report.notes == ["skipped"] and formatters.Report([], [], []).notes == []


def test_records_cross_worker_processes_as_they_were() -> None:
    options = readers.ReadOptions("sqlite", (readers.SettingMap("*.json", "region", "r"),))
    assert pickle.loads(pickle.dumps(options)) == options
    assert hash(options) == hash(readers.ReadOptions("sqlite", options.settings))
    rule = ruleset.Rule("X1", "x", "error", "s", "r", Path("x.yaml"), raw={"code": "X1"})
    again = pickle.loads(pickle.dumps(rule))
    assert again == rule and again.raw == {"code": "X1"} and again.examples == {}
    assert "raw=" not in repr(rule) and "examples=" not in repr(rule)


def test_a_record_validates_as_its_dataclass_did() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        retention.Duration(-1)
    with pytest.raises(retention.RetentionError):
        retention.Retention("Not An Anchor")


def test_a_record_is_declared_by_its_annotations() -> None:
    @records.record
    class Odd(records.Record):
        shared: ClassVar[int] = 3
        kept: int
        odd: int = records.field(default=0, repr=False)

        def __init__(self, kept: int, odd: int = 0) -> None:
            records.setfield(self, "kept", kept)
            records.setfield(self, "odd", odd)

    assert [f.name for f in records.fields(Odd)] == ["kept", "odd"]
    assert Odd.__slots__ == ("kept", "odd") and Odd.shared == 3  # type: ignore[attr-defined]
    assert Odd.__match_args__ == ("kept", "odd")  # type: ignore[attr-defined]
    assert repr(Odd(1, 2)).endswith(".Odd(kept=1)") and not hasattr(Odd(1), "__dict__")
    with pytest.raises(TypeError, match="not a record"):
        records.fields(object())


def test_a_record_is_refused_where_it_would_not_be_one() -> None:
    with pytest.raises(TypeError, match="derives from Record or MutableRecord"):

        @records.record
        class Plain:
            kept: int

    with pytest.raises(ValueError, match="not both"):
        records.field(default=0, default_factory=list)

    @records.record
    class Base(records.Record):
        kept: int
        also: t.ClassVar[int] = 1  # not a field, however typing is imported

    assert [f.name for f in records.fields(Base)] == ["kept"]
    with pytest.raises(TypeError, match="a field of a record it derives from"):

        @records.record
        class Again(Base):
            kept: int

    with pytest.raises(TypeError, match="without an annotation"):

        @records.record
        class Stray(records.Record):
            kept = records.field(default=0)

    with pytest.raises(TypeError, match="slots are made from its fields"):

        @records.record
        class Slotted(records.Record):
            __slots__ = ("kept",)


def test_type_checkers_see_records_as_their_dataclasses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mypy (``dataclass_transform``): a frozen record's field is read-only, a mutable
    record's is not, and the ``__init__`` written by hand is the one checked."""
    api = pytest.importorskip("mypy.api")
    source = Path(__file__).resolve().parents[1] / "src"
    snippet = tmp_path / "use.py"
    snippet.write_text(
        "from policylint.facts import Location\n"
        "from policylint.engine import Outcome\n"
        "Location(1, 2).line = 3\n"
        "Outcome('a.yaml').path = 'b.yaml'\n"
        "Location(1)\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("MYPYPATH", str(source))
    out, _, _ = api.run(
        [
            str(snippet),
            "--follow-imports=silent",
            "--no-error-summary",
            f"--cache-dir={tmp_path / 'cache'}",
        ]
    )
    errors = [line.split(": error: ")[0].rsplit(":", 1)[-1] for line in out.splitlines()]
    assert errors == ["3", "5"], out
    assert 'Property "line" defined in "Location" is read-only' in out
