"""Built-in checks on settings: where the application runs, whom it sends data to, which
cookies it sets (SPEC section 6)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policylint import regions
from policylint.checks.fields import hit
from policylint.checks.scope import Scope
from policylint.facts import Setting
from policylint.findings import Hit
from policylint.policy import Policy, Processor

TRANSFER_SAFEGUARDS = (
    "adequacy",
    "dpf",
    "scc",
    "bcr",
    "certification",
    "code_of_conduct",
    "consent",
)
"""GDPR Art. 45-46 grounds for a transfer, and ``consent`` (the Art. 49(1)(a) derogation).
A ``dpa`` (Art. 28 processing agreement) binds the processor but is no transfer tool."""


def provider(setting: Setting) -> str | None:
    """The cloud provider a Terraform setting belongs to, from its address.

    ``provider.aws.us`` is ``aws``; ``azurerm_storage_account.main.location`` is
    ``azurerm``. Other formats say nothing of the provider: their values are looked up in
    every provider's catalogue.
    """
    if setting.format != "terraform":
        return None
    head, _, rest = setting.location.pointer.partition(".")
    return rest.split(".")[0] if head == "provider" else head.split("_")[0]


def _label(setting: Setting) -> str:
    return f"`{setting.name}`" if setting.name else f"`{setting.kind}` setting"


def _countries(codes: Any) -> str:
    return ", ".join(f"{regions.country_name(c)} ({c})" for c in codes)


def _allowed(policy_regions: tuple[str, ...]) -> str:
    """``(eu: European Union; ch: Switzerland)``: what the policy's hosting regions stand for."""
    return "(" + "; ".join(f"{r}: {regions.country_name(r)}" for r in policy_regions) + ")"


_PROVIDER_NAMES = {
    "aws": "an AWS",
    "azure": "an Azure",
    "azurerm": "an Azure",
    "gcp": "a Google Cloud",
    "google": "a Google Cloud",
    "google-beta": "a Google Cloud",
}


def region_not_allowed(fact: Any, policy: Policy) -> Iterator[Hit]:
    """PL501: a hosting region whose countries are not all inside the policy's regions."""
    if not isinstance(fact, Setting) or fact.kind != "hosting.region" or policy.regions is None:
        return
    place = regions.resolve(fact.value, provider(fact))
    if place is None or regions.allowed(place, policy.regions):
        return
    permitted = regions.expand(policy.regions)
    outside = [c for c in place.countries if c not in permitted]
    yield hit(
        fact,
        f"{_label(fact)} hosts data in `{fact.value}`, in {_countries(outside)}, outside the "
        f"hosting regions the policy allows {_allowed(policy.regions)}; use a region inside "
        "them or change `hosting.regions`",
        fact.value,
    )


def unknown_region(fact: Any, policy: Policy) -> Iterator[Hit]:
    """PL502: a hosting region the catalogue does not know (so no region check can hold);
    nothing without the policy's ``hosting.regions``, where no region is checked at all."""
    if not isinstance(fact, Setting) or fact.kind != "hosting.region" or policy.regions is None:
        return
    known = provider(fact)
    if regions.resolve(fact.value, known) is not None:
        return
    if known in _PROVIDER_NAMES:
        ids = regions.region_ids(known)
        where = f"{_PROVIDER_NAMES[known]} region"
    else:
        ids = tuple(i for p in regions.PROVIDERS for i in regions.region_ids(p))
        where = "a cloud region or country code"
    import difflib

    close = difflib.get_close_matches(fact.value.lower(), [i.lower() for i in ids], n=1)
    fix = f"did you mean `{close[0]}`?" if close else "use a region id of the provider"
    yield hit(
        fact,
        f"{_label(fact)} names `{fact.value}`, which is not {where} that policylint knows, "
        f"so whether it stays in the policy's regions cannot be checked; {fix}",
        fact.value,
    )


def _transfer_problem(processor: Processor, policy: Policy) -> str | None:
    """Why sending data to a declared processor is a transfer the policy does not allow."""
    if policy.regions is None or processor.country is None:
        return None
    if regions.expand([processor.country]) <= regions.expand(policy.regions):
        return None
    where = (
        f"in {_countries([processor.country])}, outside the hosting regions the policy allows "
        f"{_allowed(policy.regions)}"
    )
    if policy.transfers == "forbidden":
        return f"{where}, and the policy forbids transfers outside them"
    if not any(s in TRANSFER_SAFEGUARDS for s in processor.safeguards):
        stated = f" (only {', '.join(processor.safeguards)})" if processor.safeguards else ""
        return (
            f"{where}, with no transfer safeguard{stated}; add one to its `safeguards` "
            f"({', '.join(TRANSFER_SAFEGUARDS)}) or choose a processor inside the regions"
        )
    return None


def transfer_without_safeguards(fact: Any, policy: Policy) -> Iterator[Hit]:
    """PL503: a processor outside the hosting regions with no transfer safeguard.

    Checked on the policy's own ``processors`` (the finding is in the policy file) and on
    ``processor`` settings in config files that name one (a name the policy does not
    declare is PL602's).
    """
    if not isinstance(fact, Setting) or fact.kind != "processor" or policy.processors is None:
        return
    processor = policy.processor(fact.value)
    if processor is None:
        return
    problem = _transfer_problem(processor, policy)
    if problem is None:
        return
    subject = (
        f"processor `{processor.name}` is"
        if fact.format == "policy"
        else f"{_label(fact)} sends data to `{processor.name}`,"
    )
    yield hit(fact, f"{subject} {problem}", processor.name)


def _cookie_key(value: str) -> str:
    return "_".join(value.strip().lower().replace("-", " ").split())


def cookie_category_not_allowed(fact: Any, policy: Policy) -> Iterator[Hit]:
    """PL701: a cookie category the policy's ``cookies.allowed`` does not list."""
    if not isinstance(fact, Setting) or fact.kind != "cookies.category":
        return
    allowed = policy.cookies_allowed
    if allowed is None or _cookie_key(fact.value) in allowed:
        return
    yield hit(
        fact,
        f"{_label(fact)} sets `{fact.value}` cookies, a category the policy does not allow "
        f"(allowed: {', '.join(allowed) or 'none'}); remove them or add the category to "
        "`cookies.allowed` (and ask for consent: ePrivacy Art. 5(3))",
        fact.value,
    )


CHECKS = {
    "region-not-allowed": region_not_allowed,
    "unknown-region": unknown_region,
    "transfer-without-safeguards": transfer_without_safeguards,
    "cookie-category-not-allowed": cookie_category_not_allowed,
}

_SETTING = Scope((Setting,))
SCOPES = dict.fromkeys(CHECKS, _SETTING)
