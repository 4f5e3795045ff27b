"""Regions and jurisdictions (SPEC section 4).

A hosting setting names a cloud region (``eu-west-1``, ``westeurope``, ``West Europe``,
``europe-west4``), a multi-region (``EU``, ``eur4``) or a country code; :func:`resolve`
turns it into a :class:`Place`, the countries it may put data in. A policy names
jurisdictions (``eu``, ``eea``, ``adequacy``, or country codes); :func:`expand` turns them
into countries, and :func:`allowed` says whether a place stays inside them.

The catalogue is ``data/regions.yaml``, read once, on first use.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from policylint.records import Record, record, setfield

__all__ = [
    "PROVIDERS",
    "Place",
    "allowed",
    "country_name",
    "expand",
    "is_jurisdiction",
    "region_ids",
    "resolve",
]

PROVIDERS = ("aws", "azure", "gcp")

_PROVIDER_ALIASES = {
    "aws": "aws",
    "amazon": "aws",
    "azure": "azure",
    "azurerm": "azure",
    "gcp": "gcp",
    "google": "gcp",
    "google-beta": "gcp",
}

# Availability zones name their region: eu-west-1a (AWS), europe-west1-b (Google Cloud).
_ZONE_RE = {
    "aws": r"([a-z]+(?:-[a-z]+)+-\d+)[a-z]",
    "gcp": r"([a-z]+-[a-z]+\d+)-[a-z]",
}


@record
class Place(Record):
    """What a setting value resolves to.

    ``provider`` is ``"aws"``, ``"azure"`` or ``"gcp"``, or None for a country code;
    ``countries`` are ISO 3166-1 alpha-2 codes in lower case, several for a multi-region.
    """

    value: str
    provider: str | None
    countries: tuple[str, ...]

    def __init__(self, value: str, provider: str | None, countries: tuple[str, ...]) -> None:
        setfield(self, "value", value)
        setfield(self, "provider", provider)
        setfield(self, "countries", countries)


class _Catalogue:
    """The region catalogue, read from ``data/regions.yaml``."""

    __slots__ = ("aliases", "countries", "group_names", "groups", "ids", "regions", "scoped")

    def __init__(
        self,
        countries: Mapping[str, str],
        aliases: Mapping[str, str],
        groups: Mapping[str, frozenset[str]],
        group_names: Mapping[str, str],
        regions: Mapping[str, Mapping[str, tuple[str, ...]]],
        scoped: Mapping[str, Mapping[str, tuple[str, ...]]],
        ids: Mapping[str, tuple[str, ...]],
    ) -> None:
        self.countries = countries
        self.aliases = aliases
        self.groups = groups
        self.group_names = group_names
        # provider -> lookup key -> countries; `scoped` holds the ids that resolve only
        # when the provider is known.
        self.regions = regions
        self.scoped = scoped
        self.ids = ids


def _key(value: str) -> str:
    """The lookup form of a name: lower case, without whitespace ("West Europe" -> westeurope)."""
    return "".join(value.split()).lower()


@functools.cache
def _catalogue() -> _Catalogue:
    from policylint.resources import load_data

    data = load_data("regions.yaml")
    return _build(data)


def _build(data: Any) -> _Catalogue:
    countries: dict[str, str] = {str(code): str(name) for code, name in data["countries"].items()}
    aliases = {str(alias): str(code) for alias, code in data.get("aliases", {}).items()}
    groups: dict[str, frozenset[str]] = {}
    group_names: dict[str, str] = {}
    for name, group in data["groups"].items():
        groups[name] = frozenset(str(code) for code in group["countries"])
        group_names[name] = str(group["name"])

    def countries_of(codes: Iterable[Any], where: str) -> tuple[str, ...]:
        result: set[str] = set()
        for code in codes:
            code = str(code)
            if code in groups:
                result |= groups[code]
            elif code in countries:
                result.add(code)
            else:
                raise ValueError(f"regions.yaml: {where}: unknown country code {code!r}")
        return tuple(sorted(result))

    for name, members in groups.items():
        countries_of(members, f"groups.{name}")
    regions: dict[str, dict[str, tuple[str, ...]]] = {}
    scoped: dict[str, dict[str, tuple[str, ...]]] = {}
    ids: dict[str, tuple[str, ...]] = {}
    for provider in PROVIDERS:
        section = data["providers"][provider]
        found = regions.setdefault(provider, {})
        only = scoped.setdefault(provider, {})
        for region_id, entry in section["regions"].items():
            where = f"providers.{provider}.regions.{region_id}"
            place = countries_of([entry["country"]], where)
            found[_key(region_id)] = place
            if provider == "azure":  # "West Europe" names westeurope in Azure tooling
                found.setdefault(_key(entry["name"]), place)
        for region_id, entry in section.get("multi_regions", {}).items():
            where = f"providers.{provider}.multi_regions.{region_id}"
            target = only if entry.get("provider_only", False) else found
            target[_key(region_id)] = countries_of(entry["countries"], where)
        ids[provider] = tuple(section["regions"]) + tuple(section.get("multi_regions", {}))
    return _Catalogue(countries, aliases, groups, group_names, regions, scoped, ids)


def _provider(provider: str | None) -> str | None:
    if provider is None:
        return None
    return _PROVIDER_ALIASES.get(provider.strip().lower())


def _country(code: str) -> str | None:
    catalogue = _catalogue()
    code = catalogue.aliases.get(code, code)
    return code if code in catalogue.countries else None


def _lookup(key: str, provider: str, *, known: bool) -> tuple[str, ...] | None:
    catalogue = _catalogue()
    hit = catalogue.regions[provider].get(key)
    if hit is None and known:
        hit = catalogue.scoped[provider].get(key)
    if hit is None and provider in _ZONE_RE:
        zone = re.fullmatch(_ZONE_RE[provider], key)
        if zone:
            hit = catalogue.regions[provider].get(zone.group(1))
    return hit


def resolve(value: str, provider: str | None = None) -> Place | None:
    """Resolve a setting value to a place, or None when it names no known place.

    ``value`` is a cloud region id (any case; Azure display names with spaces too), an
    availability zone, a multi-region, or, when no provider is given, an ISO country code.
    ``provider`` (``aws``, ``azure``, ``gcp``; also ``amazon``, ``azurerm``, ``google``)
    narrows the lookup to that provider's catalogue; an unrecognised provider narrows
    nothing. Names that are also jurisdictions or countries, like the Google multi-region
    ``eu``, resolve as multi-regions only when the provider is known.
    """
    key = _key(value)
    if not key:
        return None
    known = _provider(provider)
    if known is not None:
        hit = _lookup(key, known, known=True)
        return Place(value, known, hit) if hit else None
    country = _country(key)
    if country is not None:
        return Place(value, None, (country,))
    for candidate in PROVIDERS:
        hit = _lookup(key, candidate, known=False)
        if hit:
            return Place(value, candidate, hit)
    return None


def is_jurisdiction(code: str) -> bool:
    """Whether a policy may name ``code``: a group (eu, eea, adequacy) or a country code."""
    key = code.strip().lower()
    return key in _catalogue().groups or _country(key) is not None


def expand(codes: Iterable[str]) -> frozenset[str]:
    """The countries that policy regions stand for; raise ValueError on an unknown code."""
    catalogue = _catalogue()
    result: set[str] = set()
    for code in codes:
        key = code.strip().lower()
        if key in catalogue.groups:
            result |= catalogue.groups[key]
            continue
        country = _country(key)
        if country is None:
            raise ValueError(
                f"unknown jurisdiction {code!r}: use eu, eea, adequacy or an ISO 3166-1 "
                "alpha-2 country code"
            )
        result.add(country)
    return frozenset(result)


def allowed(place: Place, policy_regions: Iterable[str]) -> bool:
    """Whether every country the place may put data in is inside the policy's regions."""
    permitted = expand(policy_regions)
    return all(country in permitted for country in place.countries)


def country_name(code: str) -> str:
    """The English name of a country code or jurisdiction group; KeyError when unknown."""
    catalogue = _catalogue()
    key = code.strip().lower()
    if key in catalogue.group_names:
        return catalogue.group_names[key]
    country = _country(key)
    if country is None:
        raise KeyError(code)
    return catalogue.countries[country]


def region_ids(provider: str) -> tuple[str, ...]:
    """Every region and multi-region id the catalogue knows for a provider (for suggestions)."""
    known = _provider(provider)
    if known is None:
        raise ValueError(f"unknown provider {provider!r}: expected one of {', '.join(PROVIDERS)}")
    return _catalogue().ids[known]
