"""Fides manifests (SPEC section 5): datasets, systems and policies, as fideslang writes them.

- ``dataset:`` each field of each collection (nested ``fields`` too) is a :class:`Field`
  addressed ``dataset.collection.field.sub``, tagged by its ``data_categories`` (located at
  that key), with ``data_uses``/``data_subjects`` and ``retention`` taken from the field, else
  its collection, else the dataset. Categories stated on a collection or on the dataset itself
  are a field of that name too. ``retention`` is free text in Fides: an ISO 8601 duration,
  ``30 days``, ``30 days after account deletion`` are read; anything else (``No retention or
  erasure policy``) states nothing.
- ``system:`` each of ``privacy_declarations`` is a :class:`Field` (format ``fides-system``)
  located at the declaration, with purposes ``(data_use,)`` and its subjects, so that the
  rules on fields apply to it; and a :class:`FidesDeclaration` for policy evaluation.
- ``policy:`` each Fides policy is a :class:`FidesPolicy`; rule PL801 evaluates it against
  every declaration of the run (``policylint.checks.fides``).

A manifest fideslang would reject (a missing ``data_use``, a ``matches`` that is not ANY,
ALL, NONE or OTHER, a category that is not a key) is a PL101 problem at the offending node.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, cast

from policylint.facts import (
    Fact,
    FidesDataset,
    FidesDeclaration,
    FidesPolicy,
    FidesRule,
    Field,
    FileFacts,
    Location,
    Match,
    Problem,
    Tag,
)
from policylint.facts import FidesScope as Scope
from policylint.readers.schemawalk import MAX_NODES
from policylint.retention import (
    COLLECTION,
    KNOWN_ANCHORS,
    RetentionError,
    parse_human_duration,
    parse_retention,
)
from policylint.tags import KEY
from policylint.validation import validate
from policylint.yamlnode import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    SourceError,
    get,
    items,
    position,
    to_python,
)

RESOURCES = ("dataset", "system", "policy")
MATCHES = ("ANY", "ALL", "NONE", "OTHER")
BASES = {
    "Consent": "consent",
    "Contract": "contract",
    "Legal obligations": "legal_obligation",
    "Vital interests": "vital_interests",
    "Public interest": "public_task",
    "Legitimate interests": "legitimate_interests",
}
"""fideslang's ``legal_basis_for_processing`` (GDPR Art. 6) as the tag's ``basis``."""
EXPLICIT_CONSENT = "Explicit consent"
"""fideslang's ``special_category_legal_basis`` that is consent (GDPR Art. 9(2)(a))."""


FidesFact = FidesPolicy | FidesDeclaration | FidesDataset


def is_fides(doc: Node) -> bool:
    """A Fides manifest: a ``dataset``, ``system`` or ``policy`` list of resources."""
    return any(next(_resources(doc, kind), None) is not None for kind in RESOURCES)


def read_fides(out: FileFacts, doc: Node) -> None:
    """Every dataset, system and policy of a manifest document (one may hold several kinds)."""
    reader = _Reader(out)
    for node, key in _resources(doc, "dataset"):
        reader.dataset(node, key)
    for node, key in _resources(doc, "system"):
        reader.system(node, key)
    for node, key in _resources(doc, "policy"):
        reader.policy(node, key)


def _resources(doc: Node, kind: str) -> Iterator[tuple[Node, str]]:
    """The entries of a resource list that have a ``fides_key``, with that key."""
    resources = get(doc, kind)
    if isinstance(resources, SequenceNode):
        for node in resources.value:
            key = get(node, "fides_key")
            if isinstance(key, ScalarNode) and key.value:
                yield node, str(key.value)


class _Invalid(Exception):
    """A resource fideslang would reject; its problems are already recorded."""


class _Reader:
    def __init__(self, out: FileFacts) -> None:
        self.out = out
        self.active: set[int] = set()
        """The fields being read: an alias to one of them inside itself is not followed."""

    def emit(self, fact: FidesFact) -> None:
        # FileFacts.facts is typed with the per-file facts; these are read by the run-level
        # check PL801 and ignored by every rule that checks facts one by one.
        self.out.facts.append(cast(Fact, fact))

    # -- validation ------------------------------------------------------------------
    def problem(self, node: Node, message: str) -> None:
        line, column = position(node)
        self.out.problems.append(Problem("PL101", message, Location(line, column)))

    def checked(self, holder: Node, key: str, ref: str, required: bool) -> Any:
        """The value of ``key``, a taxonomy key (``ref="key"``) or a list of them (``keys``).

        Raises :class:`_Invalid` when it is not one, or is missing while ``required``.
        """
        node = get(holder, key)
        if node is None:
            if required:
                self.problem(holder, f"invalid Fides manifest: `{key}` is required")
                raise _Invalid
            return None
        value = to_python(node)
        if _is_key(value) if ref == "key" else _are_keys(value):
            return value
        problems = validate(value, "annotation", node, node, ref=ref)
        for p in problems:
            message = f"invalid Fides manifest: `{key}`: {p.message}"
            self.out.problems.append(Problem("PL101", message, Location(p.line, p.column)))
        if problems:
            raise _Invalid
        return value

    def keys(self, holder: Node, key: str, required: bool = False) -> tuple[str, ...]:
        return tuple(self.checked(holder, key, "keys", required) or ())

    def key(self, holder: Node, key: str) -> str:
        return str(self.checked(holder, key, "key", True))

    # -- datasets --------------------------------------------------------------------
    def dataset(self, node: Node, key: str) -> None:
        scopes: list[Scope] = []
        context = self.context(node, {})
        self.scope(node, "dataset", key, key, "", context, scopes)
        for collection, name in _named(get(node, "collections")):
            pointer = f"{key}.{name}"
            inner = self.context(collection, context)
            self.scope(collection, "collection", name, pointer, key, inner, scopes)
            self.fields(collection, pointer, name, inner, scopes)
        self.emit(FidesDataset(key, tuple(scopes), Location(*position(node), key)))

    def fields(
        self,
        holder: Node,
        pointer: str,
        container: str,
        context: Mapping[str, Any],
        scopes: list[Scope],
    ) -> None:
        for field, name in _named(get(holder, "fields")):
            if id(field) in self.active:
                continue
            if len(self.out.facts) + len(scopes) >= MAX_NODES:  # aliases repeat lists
                raise SourceError(f"more than {MAX_NODES} dataset fields", *position(field))
            here = f"{pointer}.{name}"
            inner = self.context(field, context)
            try:
                categories = self.keys(field, "data_categories")
            except _Invalid:
                pass  # reported; the field is left out, the fields inside it are read
            else:
                self.field(field, name, here, container, categories, inner, scopes)
            self.active.add(id(field))
            try:
                self.fields(field, here, name, inner, scopes)
            finally:
                self.active.discard(id(field))

    def field(
        self,
        node: Node,
        name: str,
        pointer: str,
        container: str,
        categories: tuple[str, ...],
        context: Mapping[str, Any],
        scopes: list[Scope],
    ) -> None:
        """A dataset field: tagged at its ``data_categories``, else located at its name."""
        tag_key = _key_node(node, "data_categories")
        if categories and tag_key is not None:
            self.tagged(name, pointer, container, tag_key, categories, context)
            scopes.append(Scope("field", pointer, categories))
            return
        name_node = get(node, "name")
        line, column = position(name_node if name_node is not None else node)
        location = Location(line, column, pointer)
        self.out.facts.append(Field(name, "fides", location, container=container))

    def scope(
        self,
        node: Node,
        kind: str,
        name: str,
        pointer: str,
        container: str,
        context: Mapping[str, Any],
        scopes: list[Scope],
    ) -> None:
        """Categories stated on a whole dataset or collection: a field of that name."""
        try:
            categories = self.keys(node, "data_categories")
        except _Invalid:
            return
        tag_key = _key_node(node, "data_categories")
        if categories and tag_key is not None:
            self.tagged(name, pointer, container, tag_key, categories, context)
            scopes.append(Scope(kind, pointer, categories))

    def tagged(
        self,
        name: str,
        pointer: str,
        container: str,
        tag_key: Node,
        categories: tuple[str, ...],
        context: Mapping[str, Any],
    ) -> None:
        tag = Tag(
            categories=categories,
            retention=context.get("retention"),
            purposes=context.get("purposes", ()),
            subjects=context.get("subjects", ()),
        )
        line, column = position(tag_key)
        location = Location(line, column, pointer)
        self.out.facts.append(Field(name, "fides", location, tag=tag, container=container))

    def context(self, node: Node, inherited: Mapping[str, Any]) -> Mapping[str, Any]:
        """Retention, uses and subjects stated here, over those of the enclosing scopes."""
        own: dict[str, Any] = {}
        retention = get(node, "retention")
        if isinstance(retention, ScalarNode):
            converted = fides_retention(str(retention.value))
            if converted is not None:
                own["retention"] = converted
        for key, target in (
            ("data_uses", "purposes"),
            ("data_purposes", "purposes"),
            ("data_subjects", "subjects"),
        ):
            try:
                values = self.keys(node, key)
            except _Invalid:
                continue
            if values and target not in own:
                own[target] = values
        return {**inherited, **own}

    # -- systems ---------------------------------------------------------------------
    def system(self, node: Node, key: str) -> None:
        declarations = get(node, "privacy_declarations")
        if not isinstance(declarations, SequenceNode):
            return
        for index, declaration in enumerate(declarations.value):
            if isinstance(declaration, MappingNode):
                try:
                    self.declaration(declaration, key, index)
                except _Invalid:
                    continue

    def declaration(self, node: Node, system: str, index: int) -> None:
        categories = self.keys(node, "data_categories", required=True)
        use = self.key(node, "data_use")
        subjects = self.keys(node, "data_subjects")
        references = _strings(get(node, "dataset_references"))
        name_node = get(node, "name")
        named = isinstance(name_node, ScalarNode) and bool(name_node.value)
        name = str(name_node.value) if named and name_node is not None else use
        pointer = f"{system}.privacy_declarations.{name if named else index}"
        location = Location(*position(node), pointer)
        retention_node = get(node, "retention_period")
        retention = (
            fides_retention(str(retention_node.value), days=True)
            if isinstance(retention_node, ScalarNode)
            else None
        )
        tag = Tag(
            categories=categories,
            retention=retention,
            purposes=(use,),
            subjects=subjects,
            basis=_basis(node),
        )
        self.out.facts.append(Field(name, "fides-system", location, tag=tag, container=system))
        declaration = FidesDeclaration(
            system, name, categories, use, subjects, references, location
        )
        self.emit(declaration)

    # -- policies --------------------------------------------------------------------
    def policy(self, node: Node, key: str) -> None:
        rules: list[FidesRule] = []
        rules_node = get(node, "rules")
        if isinstance(rules_node, SequenceNode):
            for index, rule_node in enumerate(rules_node.value):
                try:
                    rules.append(self.rule(rule_node, index))
                except _Invalid:
                    continue
        self.emit(FidesPolicy(key, tuple(rules), Location(*position(node), key)))

    def rule(self, node: Node, index: int) -> FidesRule:
        name_node = get(node, "name") or get(node, "fides_key")
        name = str(name_node.value) if isinstance(name_node, ScalarNode) else f"rules[{index}]"
        parts = [self.match(node, key) for key in ("data_categories", "data_uses", "data_subjects")]
        return FidesRule(name, *parts)

    def match(self, rule: Node, key: str) -> Match:
        node = get(rule, key)
        if not isinstance(node, MappingNode):
            self.problem(node or rule, f"invalid Fides policy rule: `{key}` needs `matches`")
            raise _Invalid
        matches = get(node, "matches")
        if not isinstance(matches, ScalarNode) or matches.value not in MATCHES:
            self.problem(
                matches or node,
                f"invalid Fides policy rule: `{key}.matches` is one of {', '.join(MATCHES)}",
            )
            raise _Invalid
        return Match(str(matches.value), self.keys(node, "values", required=True))


def _is_key(value: Any) -> bool:
    return isinstance(value, str) and KEY.match(value) is not None


def _are_keys(value: Any) -> bool:
    return value is None or (isinstance(value, list) and all(map(_is_key, value)))


def _key_node(node: Node, key: str) -> Node | None:
    for k, _ in items(node):
        if k.value == key:
            return k
    return None


def _named(node: Node | None) -> Iterator[tuple[Node, str]]:
    """The mapping entries of a list that have a scalar ``name``, with that name."""
    if isinstance(node, SequenceNode):
        for entry in node.value:
            name = get(entry, "name")
            if isinstance(entry, MappingNode) and isinstance(name, ScalarNode) and name.value:
                yield entry, str(name.value)


def _strings(node: Node | None) -> tuple[str, ...]:
    if isinstance(node, SequenceNode):
        return tuple(str(n.value) for n in node.value if isinstance(n, ScalarNode) and n.value)
    return ()


def _basis(node: Node) -> str | None:
    special = get(node, "special_category_legal_basis")
    if isinstance(special, ScalarNode) and special.value == EXPLICIT_CONSENT:
        return "consent"
    basis = get(node, "legal_basis_for_processing")
    return BASES.get(str(basis.value)) if isinstance(basis, ScalarNode) else None


_EVENTS = {
    "collection": COLLECTION,
    "account deletion": "account_deletion",
    "deletion of the account": "account_deletion",
    "account is deleted": "account_deletion",
    "account is closed": "account_deletion",
    "contract ends": "contract_end",
    "contract end": "contract_end",
    "end of contract": "contract_end",
    "end of the contract": "contract_end",
    "service end": "service_end",
    "end of service": "service_end",
    "end of the service": "service_end",
    "last activity": "last_activity",
}
_UNTIL = re.compile(r"until\s+(?:the\s+)?(?P<event>[a-z ]+?)\.?", re.I)
_AFTER = re.compile(r"(?P<duration>.+?)\s+after\s+(?:the\s+)?(?P<event>[a-z ]+?)\.?", re.I)


def fides_retention(text: str, days: bool = False) -> str | None:
    """A Fides ``retention`` text as a policylint retention, or None when it states none.

    Read: policylint's own grammar (``P1Y``, ``account_deletion+P30D``, ``indefinite``) with a
    known anchor; English durations (``30 days``, ``1 year and 6 months``), optionally ``after``
    a known event (``30 days after account deletion``); with ``days``, a bare number of days
    (a declaration's ``retention_period``). Anything else, such as fideslang's old default
    ``No retention or erasure policy``, is None.
    """
    value = text.strip()
    if days and value.isdigit():
        return f"P{int(value)}D" if int(value) else None
    try:
        parsed = parse_retention(value)
    except RetentionError:
        pass
    else:
        if parsed.indefinite or parsed.anchor in KNOWN_ANCHORS or "+" in value:
            return str(parsed)
    duration = parse_human_duration(value)
    if duration is not None:
        return None if duration.is_zero else str(duration)
    until = _UNTIL.fullmatch(value)
    if until is not None:
        return _EVENTS.get(" ".join(until["event"].lower().split()))
    after = _AFTER.fullmatch(value)
    if after is None:
        return None
    event = _EVENTS.get(" ".join(after["event"].lower().split()))
    duration = parse_human_duration(after["duration"])
    if event is None or duration is None or duration.is_zero:
        return None
    return str(duration) if event == COLLECTION else f"{event}+{duration}"
