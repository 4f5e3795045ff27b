"""PL801: Fides policies evaluated against Fides systems, with the verdicts of ``fides evaluate``.

Policies, systems and datasets live in different files, so this is a run-level check: the
engine hands it every Fides policy, declaration and dataset of the run at once.

The semantics are those of Fides's own evaluation (``fides.core.evaluate`` in ethyca/fides):
for every policy, every rule, every system and every privacy declaration,

- each declared key is compared with the rule's values: a data category or data use
  matches when it or one of its ancestors in the taxonomy is a rule value (``user`` matches
  ``user.contact.email``); data subjects are not hierarchical, so a subject matches only
  itself;
- ``ANY`` flags the declared keys that match, ``ALL`` flags them only when every declared
  key matches, ``NONE`` flags the keys that do not match only when none matches, ``OTHER``
  flags the keys that do not match;
- the rule is violated when all three parts (categories, the one data use, subjects) flag
  at least one key. An empty list flags nothing under any of the four, so a declaration
  with no data subjects (or no categories) never violates a rule;
- the declaration is evaluated as declared, and again, with its data use and subjects, for
  the categories of each dataset it references: those of the dataset itself, of each
  collection and of each field at any depth, each a violation of its own.

Keys are compared through their dotted ancestry, which is the parent chain of every
fideslang key. A referenced dataset that is not among the files checked stops ``fides
evaluate``; here it is a finding at the declaration.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from policylint.checks.scope import Scope
from policylint.facts import FidesDataset, FidesDeclaration, FidesPolicy, FidesRule, Match
from policylint.findings import Hit
from policylint.policy import Policy
from policylint.records import Record, record, setfield
from policylint.taxonomy import parent_of


def lineage(key: str) -> tuple[str, ...]:
    """The key, then each of its ancestors (``user.contact.email``, ``user.contact``, ``user``)."""
    chain = [key]
    while (parent := parent_of(chain[-1])) is not None:
        chain.append(parent)
    return tuple(chain)


def compare(rule: Match, declared: Sequence[str], hierarchical: bool = True) -> set[str]:
    """The declared keys a rule part flags (empty: the part does not hold).

    As in Fides, ALL compares the number of distinct matching keys with the number of
    declared ones, so a key declared twice never satisfies ALL.
    """
    values = set(rule.values)
    matched: set[str] = set()
    mismatched: set[str] = set()
    for key in declared:
        chain = lineage(key) if hierarchical else (key,)
        (matched if values.intersection(chain) else mismatched).add(key)
    if rule.matches == "ANY":
        return matched
    if rule.matches == "ALL":
        return matched if len(matched) == len(declared) else set()
    if rule.matches == "NONE":
        return mismatched if not matched else set()
    return mismatched  # OTHER


@record
class Violation(Record):
    """The data categories, uses and subjects of a declaration that a Fides rule flags."""

    data_categories: frozenset[str]
    data_uses: frozenset[str]
    data_subjects: frozenset[str]

    def __init__(
        self,
        data_categories: frozenset[str],
        data_uses: frozenset[str],
        data_subjects: frozenset[str],
    ) -> None:
        setfield(self, "data_categories", data_categories)
        setfield(self, "data_uses", data_uses)
        setfield(self, "data_subjects", data_subjects)


def evaluate(
    rule: FidesRule, categories: Sequence[str], use: str, subjects: Sequence[str]
) -> Violation | None:
    """Whether one rule is violated by these categories, data use and subjects."""
    flagged_categories = compare(rule.data_categories, categories)
    flagged_uses = compare(rule.data_uses, [use])
    flagged_subjects = compare(rule.data_subjects, subjects, hierarchical=False)
    if flagged_categories and flagged_uses and flagged_subjects:
        return Violation(
            frozenset(flagged_categories), frozenset(flagged_uses), frozenset(flagged_subjects)
        )
    return None


def _part(name: str, match: Match) -> str:
    return f"{name} {match.matches} of {', '.join(match.values) or '(none)'}"


def _message(
    declaration: FidesDeclaration,
    policy: FidesPolicy,
    rule: FidesRule,
    violation: Violation,
    scope: str,
) -> str:
    where = f" in `{scope}`" if scope else ""
    return (
        f"declaration `{declaration.name}` of Fides system `{declaration.system}` violates rule "
        f"`{rule.name}` of Fides policy `{policy.key}`: data categories "
        f"{', '.join(sorted(violation.data_categories))}{where} for data use "
        f"{', '.join(sorted(violation.data_uses))} and subjects "
        f"{', '.join(sorted(violation.data_subjects))} (the rule flags "
        f"{_part('data categories', rule.data_categories)}; "
        f"{_part('data uses', rule.data_uses)}; "
        f"{_part('data subjects', rule.data_subjects)}); "
        "change the declaration or the policy"
    )


class FidesPolicyCheck:
    """The run-level check behind PL801 (see :class:`policylint.engine.RunCheck`)."""

    collects: tuple[type, ...] = (FidesPolicy, FidesDeclaration, FidesDataset)

    def __call__(self, fact: Any, policy: Policy) -> Iterator[Hit]:
        """Nothing fact by fact: the engine runs this check once over the whole run."""
        return iter(())

    def over_run(
        self, facts: Sequence[tuple[str, Any]], policy: Policy
    ) -> Iterator[tuple[str, Hit]]:
        policies = [f for _, f in facts if isinstance(f, FidesPolicy)]
        if not policies:
            return
        datasets: dict[str, FidesDataset] = {}
        for _, fact in facts:
            if isinstance(fact, FidesDataset):
                datasets.setdefault(fact.key, fact)
        for path, fact in facts:
            if isinstance(fact, FidesDeclaration):
                for hit in self.declaration(fact, policies, datasets):
                    yield path, hit

    def declaration(
        self,
        declaration: FidesDeclaration,
        policies: Sequence[FidesPolicy],
        datasets: dict[str, FidesDataset],
    ) -> Iterator[Hit]:
        loc = declaration.location
        scopes: list[tuple[str, tuple[str, ...]]] = [("", declaration.data_categories)]
        for reference in declaration.dataset_references:
            dataset = datasets.get(reference)
            if dataset is None and not policies:
                continue  # nothing to evaluate it against: no finding (a partial run)
            if dataset is None:
                yield Hit(
                    loc.line,
                    loc.column,
                    loc.pointer,
                    f"declaration `{declaration.name}` of Fides system `{declaration.system}` "
                    f"references dataset `{reference}`, which is not among the files checked, "
                    "so the Fides policies cannot be evaluated on it; check its manifest too",
                    f"missing:{reference}",
                )
                continue
            scopes.extend((scope.name, scope.data_categories) for scope in dataset.scopes)
        for fides_policy in policies:
            for rule in fides_policy.rules:
                for scope, categories in scopes:
                    violation = evaluate(
                        rule, categories, declaration.data_use, declaration.data_subjects
                    )
                    if violation is None:
                        continue
                    yield Hit(
                        loc.line,
                        loc.column,
                        loc.pointer,
                        _message(declaration, fides_policy, rule, violation, scope),
                        f"{fides_policy.key}:{rule.name}:{scope}",
                    )


CHECKS = {"fides-policy-violation": FidesPolicyCheck()}

SCOPES = {"fides-policy-violation": Scope(())}
"""Run-level: the engine calls it once per run (:meth:`FidesPolicyCheck.over_run`)."""
