"""Built-in checks: the policy-aware tests that the condition language cannot express.

Each is a small function ``(fact, policy) -> hits``; a rule file names one with
``check: {builtin: NAME}``. Checks return hits (location and message); the engine stamps
the rule's code, name and severity. One module per family of facts; :data:`BUILTINS`
is the one registry, and :data:`SCOPES` says which facts each check reads.
``reader-problem`` (PL100/PL101) is handled by the engine: readers report those while
reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from policylint.checks import dependencies, fides, fields
from policylint.checks import settings as settings_checks
from policylint.checks.scope import Scope
from policylint.findings import Hit
from policylint.policy import Policy

Check = Callable[[Any, Policy], Iterator[Hit]]

BUILTINS: dict[str, Check] = {
    **fields.CHECKS,
    **dependencies.CHECKS,
    **fides.CHECKS,
    **settings_checks.CHECKS,
}

SCOPES: dict[str, Scope] = {
    **fields.SCOPES,
    **dependencies.SCOPES,
    **fides.SCOPES,
    **settings_checks.SCOPES,
}
"""The facts each check can report on: the engine calls a check on no other fact."""
