"""Built-in checks on fields (data schema elements) and the age setting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policylint import retention
from policylint.checks.scope import Scope
from policylint.facts import Dependency, Field, Setting
from policylint.findings import Hit
from policylint.policy import Policy
from policylint.taxonomy import is_under


def hit(fact: Field | Setting | Dependency, message: str, key: str = "", **kw: Any) -> Hit:
    loc = fact.location
    return Hit(loc.line, loc.column, loc.pointer, message, key, **kw)


def label(field: Field) -> str:
    return f"`{field.container}.{field.name}`" if field.container else f"`{field.name}`"


def unknown_key(fact: Any, policy: Policy) -> Iterator[Hit]:
    """PL102: a category, purpose or subject that is not in the taxonomy."""
    if not isinstance(fact, Field) or fact.tag is None:
        return
    taxonomy = policy.taxonomy
    kinds = (
        ("data category", fact.tag.categories, taxonomy.categories),
        ("purpose", fact.tag.purposes, taxonomy.purposes),
        ("data subject", fact.tag.subjects, taxonomy.subjects),
    )
    for what, keys, tree in kinds:
        for key in keys:
            if key in tree:
                continue
            hint = tree.suggest(key)
            fix = f"did you mean `{hint}`?" if hint else "see `policylint taxonomy`"
            yield hit(fact, f"unknown {what} `{key}` on {label(fact)}; {fix}", key)


def category_not_allowed(fact: Any, policy: Policy) -> Iterator[Hit]:
    """PL201: a tagged category the policy's ``categories`` do not allow."""
    if not isinstance(fact, Field) or fact.tag is None or policy.categories is None:
        return
    for category in fact.tag.categories:
        if category not in policy.taxonomy.categories or policy.rule_for(category):
            continue
        allowed = ", ".join(r.category for r in policy.categories) or "none"
        yield hit(
            fact,
            f"{label(fact)} holds `{category}`, which the policy does not allow "
            f"(allowed: {allowed}); remove the field or add the category to the policy",
            category,
        )


def special_category(fact: Any, policy: Policy) -> Iterator[Hit]:
    """PL202: GDPR Art. 9/10 data where the policy forbids it or without explicit consent."""
    if not isinstance(fact, Field) or fact.tag is None or policy.special_categories is None:
        return
    for category in fact.tag.categories:
        if not policy.taxonomy.categories.is_special(category):
            continue
        if policy.special_categories == "forbidden":
            yield hit(
                fact,
                f"{label(fact)} holds `{category}`, a special category of data (GDPR Art. 9/10), "
                "which the policy forbids; do not collect it",
                category,
            )
        elif fact.tag.basis != "consent":
            yield hit(
                fact,
                f"{label(fact)} holds `{category}`, a special category of data (GDPR Art. 9/10); "
                f"the policy requires explicit consent: set `basis: consent`",
                category,
            )


_RETENTION_HINT = {
    "fides": "add `retention` to the field, its collection or its dataset",
    "fides-system": (
        "give the privacy declaration a `retention_period`: a number of days (`90`) or a "
        "duration (`P90D`, `90 days`)"
    ),
}
"""Where a format states a field's retention, for PL301's advice; else the tag's ``retention``."""


def retention_missing(fact: Any, policy: Policy) -> Iterator[Hit]:
    """PL301: no retention on a tagged field while the policy limits it or requires one."""
    if not isinstance(fact, Field) or fact.tag is None or fact.tag.retention is not None:
        return
    known = policy.taxonomy.categories  # an unknown one is PL102's: nothing to compare
    limits = [
        (c, r.retention)
        for c in fact.tag.categories
        if c in known
        and (r := policy.rule_for(c)) is not None
        and r.retention is not None
        and not r.retention.indefinite  # kept without limit: no limit to respect
    ]
    fix = _RETENTION_HINT.get(fact.format, "add `retention` to the tag")
    if limits:
        category, limit = limits[0]
        yield hit(
            fact,
            f"{label(fact)} states no retention, but the policy keeps `{category}` for at most "
            f"`{limit}`; {fix}",
            escalate=policy.require_retention,
        )
    elif policy.require_retention:
        yield hit(
            fact,
            f"{label(fact)} states no retention, and the policy requires one on every tagged "
            f"field; {fix}",
            escalate=True,
        )


def retention_exceeds(fact: Any, policy: Policy) -> Iterator[Hit]:
    """PL302: a retention longer than the policy's, or one that cannot be compared."""
    if not isinstance(fact, Field) or fact.tag is None or fact.tag.retention is None:
        return
    try:
        mine = retention.parse_retention(fact.tag.retention)
    except retention.RetentionError:
        return  # PL101 reports a malformed retention
    for category in fact.tag.categories:
        rule = policy.rule_for(category) if category in policy.taxonomy.categories else None
        if rule is None or rule.retention is None:
            continue  # not limited, or unknown (PL102 says so)
        verdict = retention.within(mine, rule.retention)
        if verdict is None:
            yield hit(
                fact,
                f"{label(fact)} keeps `{category}` for `{mine}`, which cannot be compared with "
                f"the policy's `{rule.retention}` (different starting events); use the "
                f"policy's anchor `{rule.retention.anchor}`",
                category,
            )
        elif not verdict:
            yield hit(
                fact,
                f"{label(fact)} keeps `{category}` for `{mine}`, longer than the policy's "
                f"`{rule.retention}` (for `{rule.category}`); shorten the retention",
                category,
            )


def age_below_minimum(fact: Any, policy: Policy) -> Iterator[Hit]:
    """PL401: an age gate or age setting that lets in people younger than the minimum age."""
    minimum = policy.minimum_age
    if minimum is None:
        return
    if isinstance(fact, Field) and fact.age_gate:
        youngest = fact.youngest_age
        if youngest is None:
            yield hit(
                fact,
                f"{label(fact)} is an age with no lower bound, so it accepts people under "
                f"the policy's minimum age of {minimum}; add `minimum: {minimum}`",
            )
        elif youngest < minimum:
            shown = int(youngest) if youngest == int(youngest) else youngest
            accepts = f"ages just above {shown}" if fact.youngest_excluded else f"ages from {shown}"
            yield hit(
                fact,
                f"{label(fact)} accepts {accepts}, below the policy's minimum age of "
                f"{minimum}; set `minimum: {minimum}`",
            )
    elif isinstance(fact, Setting) and fact.kind == "subjects.minimum_age":
        try:
            value = float(fact.value)
        except ValueError:
            return
        if value < minimum:
            yield hit(
                fact,
                f"`{fact.name or fact.kind}` sets a minimum age of {fact.value}, below the "
                f"policy's {minimum}; raise it to {minimum}",
            )


def purpose_not_allowed(fact: Any, policy: Policy) -> Iterator[Hit]:
    """PL601: a purpose the policy's entry for the category does not list."""
    if not isinstance(fact, Field) or fact.tag is None:
        return
    for category in fact.tag.categories:
        rule = policy.rule_for(category)
        if rule is None or not rule.purposes:
            continue
        for purpose in fact.tag.purposes:
            if purpose not in policy.taxonomy.purposes:
                continue  # unknown: PL102 says so, and what was meant
            if any(is_under(purpose, allowed) for allowed in rule.purposes):
                continue
            yield hit(
                fact,
                f"{label(fact)} uses `{category}` for `{purpose}`, a purpose the policy does "
                f"not allow for `{rule.category}` (allowed: {', '.join(rule.purposes)})",
                f"{category}:{purpose}",
            )


def processor_not_declared(fact: Any, policy: Policy) -> Iterator[Hit]:
    """PL602: a field sent to a processor the policy does not declare, or a config value
    tagged ``@policy processor`` naming one."""
    if policy.processors is None:
        return
    if isinstance(fact, Field) and fact.tag is not None:
        names, sent = fact.tag.processors, f"{label(fact)} is sent to"
    elif isinstance(fact, Setting) and fact.kind == "processor":
        shown = f"`{fact.name}`" if fact.name else "this setting"
        names, sent = (fact.value,), f"{shown} sends data to"
    else:
        return
    for name in names:
        if policy.processor(name) is None:
            declared = ", ".join(p.name for p in policy.processors) or "none"
            yield hit(
                fact,
                f"{sent} `{name}`, which the policy does not declare as a processor "
                f"(declared: {declared}); add it to `processors` with its country and "
                "safeguards, or stop sending",
                name,
            )


_TAG_HINT = {
    "jsonschema": "x-personal-data: {category}",
    "openapi": "x-personal-data: {category}",
    "avro": '"x-personal-data": "{category}"',
    "dbt": "meta: {{personal_data: {{category: {category}}}}}",
    "fides": "data_categories: [{category}]",
}


def untagged_personal_data(fact: Any, policy: Policy) -> Iterator[Hit]:
    """PL203: a field whose name says personal data, with no tag (and no ``false``)."""
    if not isinstance(fact, Field) or fact.tag is not None or fact.not_personal or fact.covered:
        return
    from policylint.names import classify

    match = classify(fact.name)
    if match is None:
        return
    hint = _TAG_HINT.get(fact.format, "@personal-data category={category}")
    yield hit(
        fact,
        f"{label(fact)} looks like personal data (`{match.category}`, from the word "
        f"`{match.term}`) but has no tag; tag it `{hint.format(category=match.category)}`, "
        "or mark it as not personal data",
        match.category,
    )


CHECKS = {
    "untagged-personal-data": untagged_personal_data,
    "unknown-key": unknown_key,
    "category-not-allowed": category_not_allowed,
    "special-category": special_category,
    "retention-missing": retention_missing,
    "retention-exceeds-policy": retention_exceeds,
    "age-below-minimum": age_below_minimum,
    "purpose-not-allowed": purpose_not_allowed,
    "processor-not-declared": processor_not_declared,
}

_TAGGED = Scope((Field,), tagged=True, by_tag=True)
SCOPES = {
    "untagged-personal-data": Scope((Field,), tagged=False),
    "unknown-key": _TAGGED,
    "category-not-allowed": _TAGGED,
    "special-category": _TAGGED,
    "retention-missing": _TAGGED,
    "retention-exceeds-policy": _TAGGED,
    "age-below-minimum": Scope((Field, Setting), tagged=True),
    "purpose-not-allowed": _TAGGED,
    "processor-not-declared": Scope((Field, Setting), tagged=True, by_tag=True),
}
