"""Rules as data (SPEC section 7): one YAML file per rule, validated when loaded.

Built-in rules live in the shipped ``rules/`` directory; a project adds its own folders
(config ``rules:``) in the same format. A broken rule is a :class:`RuleError` (exit 2)
naming its file, line and column; nothing is skipped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policylint.checks import BUILTINS
from policylint.conditions import FACT_ATTRIBUTES, ConditionError, Context, compile_condition
from policylint.errors import RuleError
from policylint.facts import Dependency, Field, Location, Setting
from policylint.findings import Hit
from policylint.policy import Policy
from policylint.resources import shipped_dir
from policylint.validation import node_at, validate_document
from policylint.yamlnode import SourceError, compose_all, position, to_python

READER_PROBLEM = "reader-problem"
HELP_BASE = "https://policylint.dev/rules/"
_FACT_TYPES: dict[str, type] = {"field": Field, "setting": Setting, "dependency": Dependency}
_PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)*)\}")

Predicate = Callable[[Any, str, Context], bool]


@dataclass(frozen=True)
class Declarative:
    """A check written in the condition language."""

    facts: str
    message: str
    where: Predicate | None = None
    require: Predicate | None = None
    forbid: Predicate | None = None
    policy: Predicate | None = None

    def run(self, fact: Any, path: str, policy: Policy) -> Iterator[Hit]:
        if not isinstance(fact, (Field, Setting, Dependency)) or not isinstance(
            fact, _FACT_TYPES[self.facts]
        ):
            return
        ctx = Context(policy.taxonomy, policy.raw)
        if self.policy is not None and not self.policy(policy.raw, "", ctx):
            return
        if self.where is not None and not self.where(fact, path, ctx):
            return
        if self.require is not None and self.require(fact, path, ctx):
            return
        if self.forbid is not None and not self.forbid(fact, path, ctx):
            return
        loc: Location = fact.location
        yield Hit(loc.line, loc.column, loc.pointer, render(self.message, fact, path, policy))


def render(template: str, fact: Any, path: str, policy: Policy) -> str:
    """Fill ``{name}``-style placeholders with the fact's (or ``{policy.x.y}``) values."""
    from policylint.conditions import values_of

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key.startswith("policy."):
            found = values_of(policy.raw, key[len("policy.") :])
        else:
            found = values_of(fact, key, path)
        return ", ".join(str(v) for v in found) if found else "-"

    return _PLACEHOLDER.sub(value, template)


@dataclass(frozen=True)
class Rule:
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

    def run(self, fact: Any, path: str, policy: Policy) -> Iterator[Hit]:
        if self.declarative is not None:
            return self.declarative.run(fact, path, policy)
        if self.builtin is not None and self.builtin != READER_PROBLEM:
            return BUILTINS[self.builtin](fact, policy)
        return iter(())


def _fail(path: Path, line: int, column: int, message: str) -> RuleError:
    return RuleError(f"invalid rule {path}", [f"{path}:{line}:{column}: {message}"])


def load_rule(path: Path) -> Rule:
    """One rule file, validated against ``schemas/rule.schema.json`` and compiled."""
    try:
        text = path.read_text(encoding="utf-8")
        docs = compose_all(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"cannot read rule {path}: {exc}") from None
    except SourceError as exc:
        raise _fail(path, exc.line, exc.column, exc.message) from None
    if len(docs) != 1:
        raise _fail(path, 1, 1, "a rule file holds exactly one YAML document")
    root = docs[0]
    raw = to_python(root)
    problems = validate_document(text, raw, "rule", root)
    if problems:
        raise RuleError(
            f"invalid rule {path}", [f"{path}:{p.line}:{p.column}: {p.message}" for p in problems]
        )
    check = raw["check"]
    builtin = check.get("builtin")
    declarative = None
    if builtin is not None and builtin not in BUILTINS and builtin != READER_PROBLEM:
        line, column = position(node_at(root, ["check", "builtin"]) or root)
        known = ", ".join(sorted([*BUILTINS, READER_PROBLEM]))
        raise _fail(path, line, column, f"unknown builtin check `{builtin}` (known: {known})")
    if builtin is None:
        try:
            declarative = _compile(check)
        except ConditionError as exc:
            node = node_at(root, ["check", *exc.path]) or root
            raise _fail(path, *position(node), str(exc)) from None
    return Rule(
        code=raw["code"],
        name=raw["name"],
        severity=raw["severity"],
        summary=raw["summary"].strip(),
        rationale=raw["rationale"].strip(),
        source=path,
        references=tuple(raw.get("references", ())),
        options=raw.get("options", "").strip(),
        help_uri=raw.get("help_uri", f"{HELP_BASE}{raw['code']}"),
        builtin=builtin,
        declarative=declarative,
        examples=raw["examples"],
        raw=raw,
    )


def _compile(check: Mapping[str, Any]) -> Declarative:
    attributes = FACT_ATTRIBUTES[check["facts"]]

    def maybe(key: str, attrs: set[str] | None) -> Predicate | None:
        cond = check.get(key)
        return None if cond is None else compile_condition(cond, attrs, (key,))

    return Declarative(
        facts=check["facts"],
        message=check["message"],
        where=maybe("where", attributes),
        require=maybe("require", attributes),
        forbid=maybe("forbid", attributes),
        policy=maybe("policy", None),
    )


def rule_files(directory: Path) -> list[Path]:
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])


def load_rules(extra_dirs: Iterable[Path] = ()) -> list[Rule]:
    """The built-in rules, then every project rule folder; codes must be unique."""
    rules: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for directory in [shipped_dir("rules"), *extra_dirs]:
        if not directory.is_dir():
            raise RuleError(f"rule folder not found: {directory}")
        for path in rule_files(directory):
            rule = load_rule(path)
            for index, key in ((rules, rule.code), (names, rule.name)):
                if key in index:
                    raise _fail(path, 1, 1, f"`{key}` is already defined by {index[key].source}")
            rules[rule.code] = rule
            names[rule.name] = rule
    return sorted(rules.values(), key=lambda r: r.code)
