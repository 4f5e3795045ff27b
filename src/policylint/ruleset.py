"""Rules as data (SPEC section 7): one YAML file per rule, validated when loaded.

Built-in rules live in the shipped ``rules/`` directory; a project adds its own folders
(config ``rules:``) in the same format. A broken rule is a :class:`RuleError` (exit 2)
naming its file, line and column; nothing is skipped silently.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policylint.checks import BUILTINS, SCOPES
from policylint.conditions import (
    FACT_ATTRIBUTES,
    REGEX_SECONDS,
    TAG_ATTRIBUTES,
    ConditionError,
    Context,
    RegexTimeout,
    attributes_read,
    compile_condition,
)
from policylint.errors import RuleError
from policylint.facts import Dependency, Field, Location, Setting
from policylint.findings import Hit
from policylint.policy import Policy
from policylint.records import Record, field, record, setfield
from policylint.resources import shipped_dir

if TYPE_CHECKING:
    from policylint.projectcache import Inputs
    from policylint.yamlnode import Node

READER_PROBLEM = "reader-problem"
UNUSED_SUPPRESSION = "unused-suppression"
ENGINE_CHECKS = frozenset({READER_PROBLEM, UNUSED_SUPPRESSION})
"""Builtin checks the engine itself performs (readers' problems, unused suppressions)."""
HELP_BASE = "https://policylint.dev/rules/"
_FACT_TYPES: dict[str, type] = {"field": Field, "setting": Setting, "dependency": Dependency}
_PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)*)\}")

Predicate = Callable[[Any, str, Context], bool]


@record
class Declarative(Record):
    """A check written in the condition language."""

    facts: str
    message: str
    where: Predicate | None = None
    require: Predicate | None = None
    forbid: Predicate | None = None
    policy: Predicate | None = None

    def __init__(
        self,
        facts: str,
        message: str,
        where: Predicate | None = None,
        require: Predicate | None = None,
        forbid: Predicate | None = None,
        policy: Predicate | None = None,
    ) -> None:
        setfield(self, "facts", facts)
        setfield(self, "message", message)
        setfield(self, "where", where)
        setfield(self, "require", require)
        setfield(self, "forbid", forbid)
        setfield(self, "policy", policy)

    @property
    def fact_type(self) -> type:
        return _FACT_TYPES[self.facts]

    def bind(self, policy: Policy) -> Callable[[Any, str], Iterator[Hit]] | None:
        """This check under one policy; None when the policy condition rules it out (it
        depends on the policy alone: judged once, not fact by fact)."""
        ctx = Context(policy.taxonomy, policy.raw)
        if self.policy is not None and not self.policy(policy.raw, "", ctx):
            return None
        wanted: type[Any] = self.fact_type
        where, require, forbid = self.where, self.require, self.forbid

        def run(fact: Any, path: str) -> Iterator[Hit]:
            if not isinstance(fact, wanted):
                return
            if where is not None and not where(fact, path, ctx):
                return
            if require is not None and require(fact, path, ctx):
                return
            if forbid is not None and not forbid(fact, path, ctx):
                return
            loc: Location = fact.location
            yield Hit(loc.line, loc.column, loc.pointer, render(self.message, fact, path, policy))

        return run


def render(template: str, fact: Any, path: str, policy: Policy) -> str:
    """Fill ``{name}``-style placeholders with the fact's (or ``{policy.x.y}``) values."""
    from policylint.conditions import values_of

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key.startswith("policy."):
            found = values_of(policy.raw, key[len("policy.") :])
        else:
            found = values_of(fact, key, path)
        shown = [_as_text(v) for v in found if v is not None and v != ""]
        return ", ".join(shown) if shown else "-"

    return _PLACEHOLDER.sub(value, template)


def _as_text(value: Any) -> str:
    """A value as a message shows it: ``true``, not ``True``; a mapping or list of the
    policy as YAML flow would write it, not as Python does."""
    import json

    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


@record
class Rule(Record):
    """A loaded rule file: a built-in check or a declarative one, and its documentation."""

    code: str
    name: str
    severity: str
    summary: str
    rationale: str
    source: Path
    references: tuple[str, ...] = ()
    options: str = ""
    help_uri: str = ""
    builtin: str | None = None
    declarative: Declarative | None = None
    examples: Mapping[str, Any] = field(default_factory=dict, repr=False)
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def __init__(
        self,
        code: str,
        name: str,
        severity: str,
        summary: str,
        rationale: str,
        source: Path,
        references: tuple[str, ...] = (),
        options: str = "",
        help_uri: str = "",
        builtin: str | None = None,
        declarative: Declarative | None = None,
        examples: Mapping[str, Any] | None = None,
        raw: Mapping[str, Any] | None = None,
    ) -> None:
        setfield(self, "code", code)
        setfield(self, "name", name)
        setfield(self, "severity", severity)
        setfield(self, "summary", summary)
        setfield(self, "rationale", rationale)
        setfield(self, "source", source)
        setfield(self, "references", references)
        setfield(self, "options", options)
        setfield(self, "help_uri", help_uri)
        setfield(self, "builtin", builtin)
        setfield(self, "declarative", declarative)
        setfield(self, "examples", {} if examples is None else examples)
        setfield(self, "raw", {} if raw is None else raw)

    @property
    def needs_tag(self) -> bool:
        """A condition-language rule whose ``where`` only passes for tagged facts."""
        check = self.raw.get("check")
        return isinstance(check, Mapping) and _needs_tag(check.get("where"))

    def covers(self, fact_type: type, tagged: bool) -> bool:
        """Whether this rule can report on facts of ``fact_type`` (tagged or not): a built-in
        by its scope (``checks.SCOPES``), a condition-language rule by its ``facts:`` kind
        and whether its ``where`` needs a tag."""
        if self.declarative is not None:
            if self.needs_tag and hasattr(fact_type, "tag") and not tagged:
                return False
            return issubclass(fact_type, self.declarative.fact_type)
        scope = SCOPES.get(self.builtin or "")
        return scope is None or scope.covers(fact_type, tagged)

    @property
    def by_tag(self) -> bool:
        """Whether this rule reports on a tagged field or not depends on the field's tag alone
        (and the policy): a built-in whose scope says so, or a field rule whose conditions
        read only what the tag decides (:data:`~policylint.conditions.TAG_ATTRIBUTES`)."""
        if self.declarative is None:
            scope = SCOPES.get(self.builtin or "")
            return scope is not None and scope.by_tag
        check = self.raw.get("check")
        if self.declarative.facts != "field" or not isinstance(check, Mapping):
            return False
        read = set().union(*(attributes_read(check.get(k)) for k in ("where", "require", "forbid")))
        return read <= TAG_ATTRIBUTES

    def bind(self, policy: Policy) -> Callable[[Any, str], Iterator[Hit]] | None:
        """This rule's check under one policy, ``(fact, path) -> hits``; None when it can
        report nothing under it (a policy condition that fails, an engine check)."""
        if self.declarative is not None:
            runner = self.declarative.bind(policy)
            return None if runner is None else self._guarded(runner)
        if self.builtin is not None and self.builtin not in ENGINE_CHECKS:
            check = BUILTINS[self.builtin]
            return lambda fact, path: check(fact, policy)
        return None

    def _guarded(
        self, runner: Callable[[Any, str], Iterator[Hit]]
    ) -> Callable[[Any, str], Iterator[Hit]]:
        source = self.source

        def run(fact: Any, path: str) -> Iterator[Hit]:
            try:
                yield from runner(fact, path)
            except RegexTimeout as exc:
                raise _regex_failure(source, exc) from None

        return run


def _needs_tag(condition: Any) -> bool:
    """Whether a condition can only pass for a tagged fact (``tagged: true`` in every way
    through it); False when unsure."""
    if not isinstance(condition, Mapping):
        return False
    if condition.get("tagged") is True:
        return True
    every = condition.get("all")
    if isinstance(every, list) and any(_needs_tag(c) for c in every):
        return True
    some = condition.get("any")
    return isinstance(some, list) and bool(some) and all(_needs_tag(c) for c in some)


def _shown(path: Path) -> str:
    """A rule file as messages name it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def _fail(path: Path, line: int, column: int, message: str) -> RuleError:
    shown = _shown(path)
    return RuleError(f"invalid rule {shown}", [f"{shown}:{line}:{column}: {message}"])


def _position(root: Node, steps: list[Any], key: bool = False) -> tuple[int, int]:
    """Where ``steps`` lead in a rule file: the value there, or (``key``) its key."""
    from policylint.validation import node_at
    from policylint.yamlnode import MappingNode, ScalarNode, position

    if key and steps:
        parent = node_at(root, steps[:-1])
        if isinstance(parent, MappingNode):
            for k, _ in parent.value:
                if isinstance(k, ScalarNode) and k.value == steps[-1]:
                    return position(k)
    return position(node_at(root, steps) or root)


def _position_in(path: Path, steps: list[Any], key: bool = False) -> tuple[int, int]:
    """:func:`_position` in a rule file read again (only on the way to an error)."""
    from policylint.yamlnode import SourceError, compose_all

    try:
        docs = compose_all(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SourceError):
        return 1, 1
    return _position(docs[0], steps, key) if docs else (1, 1)


def _regex_failure(path: Path, exc: RegexTimeout) -> RuleError:
    line, column = _position_in(path, ["check", *exc.path])
    shown = _shown(path)
    return RuleError(
        f"rule {shown} stopped: a regular expression backtracks",
        [
            f"{shown}:{line}:{column}: `{exc.pattern}` ran longer than {REGEX_SECONDS:g} s on "
            f"a value of {exc.length} characters; write it without nested or overlapping "
            "repetitions"
        ],
    )


def load_rule(path: Path, inputs: Inputs | None = None) -> Rule:
    """One rule file, validated against ``schemas/rule.schema.json`` and compiled.

    ``inputs``: the file is read through it (so that it records what was read).
    """
    from policylint.validation import node_at, validate_document
    from policylint.yamlnode import SourceError, compose_all, position, to_python

    try:
        if inputs is None:
            text = path.read_text(encoding="utf-8")
        else:
            text = inputs.read_text(path, "utf-8")
        docs = compose_all(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"cannot read rule {_shown(path)}: {exc}") from None
    except SourceError as exc:
        raise _fail(path, exc.line, exc.column, exc.message) from None
    if len(docs) != 1:
        where = position(docs[1]) if docs else (1, 1)
        raise _fail(path, *where, "a rule file holds exactly one YAML document")
    root = docs[0]
    try:
        raw = to_python(root)
    except SourceError as exc:
        raise _fail(path, exc.line, exc.column, exc.message) from None
    problems = validate_document(text, raw, "rule", root)
    if problems:
        shown = _shown(path)
        raise RuleError(
            f"invalid rule {shown}", [f"{shown}:{p.line}:{p.column}: {p.message}" for p in problems]
        )
    check = raw["check"]
    builtin = check.get("builtin")
    declarative = None
    if builtin is not None and builtin not in BUILTINS and builtin not in ENGINE_CHECKS:
        line, column = position(node_at(root, ["check", "builtin"]) or root)
        known = ", ".join(sorted([*BUILTINS, *ENGINE_CHECKS]))
        raise _fail(path, line, column, f"unknown builtin check `{builtin}` (known: {known})")
    if builtin is None:
        try:
            declarative = _compile(check)
        except ConditionError as exc:
            where = _position(root, ["check", *exc.path], exc.key)
            raise _fail(path, *where, str(exc)) from None
    shipped = path.resolve().parent == shipped_dir("rules").resolve()
    return Rule(
        code=raw["code"],
        name=raw["name"],
        severity=raw["severity"],
        summary=raw["summary"].strip(),
        rationale=raw["rationale"].strip(),
        source=path,
        references=tuple(raw.get("references", ())),
        options=raw.get("options", "").strip(),
        help_uri=raw.get("help_uri", f"{HELP_BASE}{raw['code']}" if shipped else ""),
        builtin=builtin,
        declarative=declarative,
        examples=raw["examples"],
        raw=raw,
    )


@functools.cache
def policy_paths() -> frozenset[str]:
    """Every dotted path into a policy its schema allows (``hosting.regions``,
    ``categories.retention``): what a rule's ``policy`` condition and its ``{policy.KEY}``
    placeholders may name, so that a typo (``hostng.regions``) is refused when the rule
    loads rather than never holding."""
    from policylint.validation import load_schema

    schema = load_schema("policy")
    defs = schema.get("$defs", {})
    found: set[str] = set()

    def walk(node: Any, prefix: str) -> None:
        if not isinstance(node, dict):
            return
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            walk(defs.get(ref.removeprefix("#/$defs/")), prefix)
        for key, sub in node.get("properties", {}).items():
            path = f"{prefix}{key}"
            found.add(path)
            walk(sub, path + ".")
        walk(node.get("items"), prefix)
        for branch in node.get("anyOf", []) + node.get("oneOf", []):
            walk(branch, prefix)

    walk(schema, "")
    return frozenset(found)


def _compile(check: Mapping[str, Any], checked: bool = False) -> Declarative:
    """The check compiled; its names checked unless it was ``checked`` when it loaded
    (a project read back from the cache: no policy schema read on a warm run)."""
    attributes = FACT_ATTRIBUTES[check["facts"]]
    in_policy: Collection[str] | None = None if checked else policy_paths()

    def maybe(key: str, attrs: Collection[str] | None) -> Predicate | None:
        cond = check.get(key)
        return None if cond is None else compile_condition(cond, attrs, (key,))

    for name in _PLACEHOLDER.findall(check["message"]):
        if name.startswith("policy.") and (
            in_policy is None or name.removeprefix("policy.") in in_policy
        ):
            continue
        if name not in attributes:
            known = ", ".join(f"{{{a}}}" for a in sorted(attributes))
            raise ConditionError(
                f"unknown placeholder `{{{name}}}` in the message (known: {known}, "
                "{policy.KEY} with KEY a path of the policy file such as hosting.regions)",
                ("message",),
            )
    return Declarative(
        facts=check["facts"],
        message=check["message"],
        where=maybe("where", attributes),
        require=maybe("require", attributes),
        forbid=maybe("forbid", attributes),
        policy=maybe("policy", in_policy),
    )


def compile_check(check: Mapping[str, Any]) -> Declarative:
    """The ``check`` of a declarative rule file (validated when it was loaded), compiled."""
    return _compile(check, checked=True)


def rule_files(directory: Path) -> list[Path]:
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])


def rule_names(directory: Path) -> list[str]:
    """The names of the rule files in ``directory``, in the order they load."""
    return [path.name for path in rule_files(directory)]


def rule_folders(extra_dirs: Iterable[Path] = ()) -> list[Path]:
    """The folders :func:`load_rules` reads, in order: the built-in rules, then the project's."""
    return [shipped_dir("rules"), *extra_dirs]


def load_rules(extra_dirs: Iterable[Path] = (), inputs: Inputs | None = None) -> list[Rule]:
    """The built-in rules, then every project rule folder; codes must be unique.

    ``inputs``: rule files are read through it, and each folder's file names recorded.
    """
    rules: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for directory in rule_folders(extra_dirs):
        if not directory.is_dir():
            raise RuleError(f"rule folder not found: {_shown(directory)}")
        files = rule_files(directory)
        if inputs is not None:
            inputs.listing(directory, [path.name for path in files])
        for path in files:
            rule = load_rule(path, inputs)
            for index, field_name, key in ((rules, "code", rule.code), (names, "name", rule.name)):
                if key in index:
                    where = _position_in(path, [field_name])
                    raise _fail(
                        path, *where, f"`{key}` is already defined by {_shown(index[key].source)}"
                    )
            rules[rule.code] = rule
            names[rule.name] = rule
    return sorted(rules.values(), key=lambda r: r.code)
