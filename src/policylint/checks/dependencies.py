"""Built-in check on dependencies: known tracking SDKs against cookies and processors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policylint.checks.fields import hit
from policylint.facts import Dependency
from policylint.findings import Hit
from policylint.policy import Policy


def _words(name: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in name.casefold()).split()


def vendor_declared(vendor: str, policy: Policy) -> bool:
    """The vendor is a declared processor: its name, or the start of one ("Google" and
    "Google Ireland Limited"), word for word."""
    wanted = _words(vendor)
    for processor in policy.processors or ():
        have = _words(processor.name)
        shorter, longer = sorted((wanted, have), key=len)
        if shorter and longer[: len(shorter)] == shorter:
            return True
    return False


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
    if policy.processors is not None and not vendor_declared(tracker.vendor, policy):
        reasons.append(f"{tracker.vendor} ({tracker.country}) is not a declared processor")
    if reasons:
        yield hit(
            fact,
            f"`{fact.name}` is {tracker.name}, a {tracker.category} SDK by {tracker.vendor}: "
            f"{' and '.join(reasons)}; remove it, or change the policy",
            tracker.id,
        )


CHECKS = {"tracker-not-allowed": tracker_not_allowed}
