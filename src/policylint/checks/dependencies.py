"""Built-in check on dependencies: known tracking SDKs against cookies and processors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policylint.checks.fields import hit
from policylint.checks.scope import Scope
from policylint.facts import Dependency
from policylint.findings import Hit
from policylint.policy import Policy

if TYPE_CHECKING:
    from policylint.trackers import Tracker


def _words(name: str) -> list[str]:
    """The words of a name, a dotted abbreviation as one ("B.V." is "bv")."""
    return "".join(c if c.isalnum() else " " for c in name.casefold().replace(".", "")).split()


_CORPORATE = frozenset(
    {"inc", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "gmbh", "ag",
     "sa", "sas", "sarl", "bv", "nv", "plc", "ab", "as", "oy", "spa", "srl", "ireland",
     "europe", "emea", "international", "platforms", "holdings", "group", "technologies"}
)  # fmt: skip


def declared(tracker: Tracker, policy: Policy) -> bool:
    """The policy names the tracker's vendor or the tracker itself as a processor."""
    return _named(tracker.vendor, policy) or _named(tracker.name, policy)


def _named(vendor: str, policy: Policy) -> bool:
    """The vendor is a declared processor (:func:`same_organisation`)."""
    return any(same_organisation(vendor, p.name) for p in policy.processors or ())


def same_organisation(a: str, b: str) -> bool:
    """The same name, or the same name followed only by corporate words ("Google" and
    "Google Ireland Limited"; not "Microsoft Azure", a product, for the vendor "Microsoft"
    of another product)."""
    shorter, longer = sorted((_words(a), _words(b)), key=len)
    if not shorter or longer[: len(shorter)] != shorter:
        return False
    return all(word in _CORPORATE for word in longer[len(shorter) :])


def tracker_not_allowed(fact: Any, policy: Policy) -> Iterator[Hit]:
    """PL702: a known analytics or advertising SDK the policy does not allow."""
    if not isinstance(fact, Dependency):
        return
    if policy.cookies_allowed is None and policy.processors is None:
        return
    from policylint.trackers import lookup

    tracker = lookup(fact.ecosystem, fact.name)
    if tracker is None:
        return
    reasons = []
    if policy.cookies_allowed is not None and tracker.category not in policy.cookies_allowed:
        allowed = ", ".join(policy.cookies_allowed) or "none"
        reasons.append(f"its {tracker.category} cookies are not allowed (allowed: {allowed})")
    if policy.processors is not None and not declared(tracker, policy):
        reasons.append(f"{tracker.vendor} ({tracker.country}) is not a declared processor")
    if reasons:
        kind = f"{'an' if tracker.category[0] in 'aeiou' else 'a'} {tracker.category} SDK"
        yield hit(
            fact,
            f"`{fact.name}` is {tracker.name}, {kind} by {tracker.vendor}: "
            f"{' and '.join(reasons)}; remove it, or change the policy",
            tracker.id,
        )


CHECKS = {"tracker-not-allowed": tracker_not_allowed}

SCOPES = {"tracker-not-allowed": Scope((Dependency,))}
