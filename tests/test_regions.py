"""The region catalogue (SPEC section 4): jurisdictions, cloud regions, resolution."""

from __future__ import annotations

import importlib.resources
import re
from typing import Any

import pytest
import yaml

from policylint.regions import (
    PROVIDERS,
    Place,
    allowed,
    country_name,
    expand,
    is_jurisdiction,
    region_ids,
    resolve,
)


def _data() -> Any:
    resource = importlib.resources.files("policylint") / "data" / "regions.yaml"
    return yaml.safe_load(resource.read_text(encoding="utf-8"))


DATA = _data()
COUNTRIES: dict[str, str] = DATA["countries"]
GROUPS = sorted(DATA["groups"])
REGIONS = [
    (provider, region_id, entry["country"])
    for provider in PROVIDERS
    for region_id, entry in DATA["providers"][provider]["regions"].items()
]
MULTI_REGIONS = [
    pytest.param(provider, region_id, entry, id=f"{provider}-{region_id}")
    for provider in PROVIDERS
    for region_id, entry in DATA["providers"][provider].get("multi_regions", {}).items()
]

# --- the data file ---------------------------------------------------------------------


def test_every_iso_country_is_listed() -> None:
    assert len(COUNTRIES) == 249
    assert all(re.fullmatch(r"[a-z]{2}", code) for code in COUNTRIES)
    # YAML 1.1 reads a bare `no` as false: Norway must survive loading.
    assert COUNTRIES["no"] == "Norway"
    assert all(isinstance(name, str) and name for name in COUNTRIES.values())


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("de", "Germany"),
        ("gb", "United Kingdom"),
        ("us", "United States"),
        ("nl", "Netherlands"),
        ("kr", "South Korea"),
        ("no", "Norway"),
        ("uk", "United Kingdom"),
        ("NL", "Netherlands"),
        ("eu", "European Union"),
        ("eea", "European Economic Area"),
    ],
)
def test_country_name(code: str, name: str) -> None:
    assert country_name(code) == name


def test_country_name_unknown() -> None:
    with pytest.raises(KeyError):
        country_name("xx")


@pytest.mark.parametrize("group", GROUPS)
def test_group_members_are_known_countries(group: str) -> None:
    members = DATA["groups"][group]["countries"]
    assert members, group
    assert len(members) == len(set(members)), f"{group} lists a country twice"
    for code in members:
        assert code in COUNTRIES, f"{group}: {code}"


def test_group_sizes() -> None:
    eu, eea = expand(["eu"]), expand(["eea"])
    assert len(eu) == 27
    assert len(eea) == 30
    assert eea - eu == {"is", "li", "no"}
    assert {"fr", "de", "nl", "ie", "gr", "hr", "cy"} <= eu
    assert "gb" not in eu and "ch" not in eu


def test_adequacy() -> None:
    adequacy = expand(["adequacy"])
    expected = {"ad", "ar", "ca", "fo", "gg", "il", "im", "jp", "je", "nz", "kr", "ch", "gb"}
    assert expected | {"uy"} <= adequacy
    # The EU-US Data Privacy Framework covers certified organisations only.
    assert "us" not in adequacy
    assert not adequacy & expand(["eea"])


@pytest.mark.parametrize(("provider", "region_id", "country"), REGIONS)
def test_every_region_is_in_a_known_country(provider: str, region_id: str, country: str) -> None:
    assert country in COUNTRIES
    assert resolve(region_id, provider) == Place(region_id, provider, (country,))


@pytest.mark.parametrize(("provider", "region_id", "entry"), MULTI_REGIONS)
def test_every_multi_region_is_in_known_countries(
    provider: str, region_id: str, entry: dict[str, Any]
) -> None:
    for code in entry["countries"]:
        assert code in COUNTRIES or code in DATA["groups"]
    place = resolve(region_id, provider)
    assert place is not None
    assert place.provider == provider
    assert set(place.countries) == set(expand(entry["countries"]))


def test_region_ids_do_not_collide() -> None:
    seen: dict[str, str] = {}
    for provider in PROVIDERS:
        for region_id in region_ids(provider):
            key = region_id.lower()
            assert key not in seen, f"{region_id} is both {seen[key]} and {provider}"
            seen[key] = provider


@pytest.mark.parametrize(("provider", "region_id", "country"), REGIONS)
def test_regions_resolve_without_a_provider(provider: str, region_id: str, country: str) -> None:
    assert resolve(region_id) == Place(region_id, provider, (country,))


@pytest.mark.parametrize(
    ("region_id", "name", "country"),
    [
        (region_id, entry["name"], entry["country"])
        for region_id, entry in DATA["providers"]["azure"]["regions"].items()
    ],
)
def test_azure_display_names_resolve(region_id: str, name: str, country: str) -> None:
    assert resolve(name, "azurerm") == Place(name, "azure", (country,))
    assert resolve(name) == Place(name, "azure", (country,))
    assert "".join(name.split()).lower() == region_id


@pytest.mark.parametrize("provider", PROVIDERS)
def test_each_provider_has_its_public_regions(provider: str) -> None:
    counts = {"aws": 30, "azure": 55, "gcp": 40}
    assert len(DATA["providers"][provider]["regions"]) >= counts[provider]


# --- resolve ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "provider", "expected_provider", "countries"),
    [
        # AWS
        ("eu-west-1", None, "aws", ("ie",)),
        ("eu-west-2", "aws", "aws", ("gb",)),
        ("eu-west-3", None, "aws", ("fr",)),
        ("eu-central-1", None, "aws", ("de",)),
        ("eu-central-2", None, "aws", ("ch",)),
        ("eu-north-1", None, "aws", ("se",)),
        ("eu-south-2", None, "aws", ("es",)),
        ("il-central-1", None, "aws", ("il",)),
        ("mx-central-1", None, "aws", ("mx",)),
        ("us-east-1", None, "aws", ("us",)),
        ("us-west-2", "aws", "aws", ("us",)),
        ("ap-northeast-1", None, "aws", ("jp",)),
        ("ap-southeast-2", None, "aws", ("au",)),
        ("sa-east-1", None, "aws", ("br",)),
        ("ca-central-1", None, "aws", ("ca",)),
        ("us-gov-west-1", None, "aws", ("us",)),
        ("cn-north-1", None, "aws", ("cn",)),
        ("cn-northwest-1", "amazon", "aws", ("cn",)),
        ("US-EAST-1", None, "aws", ("us",)),
        ("eu-west-1a", "aws", "aws", ("ie",)),
        ("eu-central-1b", None, "aws", ("de",)),
        # Azure
        ("westeurope", None, "azure", ("nl",)),
        ("northeurope", None, "azure", ("ie",)),
        ("West Europe", None, "azure", ("nl",)),
        ("west europe", "azurerm", "azure", ("nl",)),
        ("francecentral", "azure", "azure", ("fr",)),
        ("germanywestcentral", None, "azure", ("de",)),
        ("Germany West Central", "azurerm", "azure", ("de",)),
        ("swedencentral", None, "azure", ("se",)),
        ("uksouth", None, "azure", ("gb",)),
        ("UK South", None, "azure", ("gb",)),
        ("eastus2", None, "azure", ("us",)),
        ("East US 2", None, "azure", ("us",)),
        ("switzerlandnorth", None, "azure", ("ch",)),
        ("norwayeast", None, "azure", ("no",)),
        ("polandcentral", None, "azure", ("pl",)),
        ("southeastasia", None, "azure", ("sg",)),
        ("usgovvirginia", None, "azure", ("us",)),
        ("chinanorth3", None, "azure", ("cn",)),
        ("europe", "azure", "azure", ("ie", "nl")),
        ("unitedstates", "azurerm", "azure", ("us",)),
        ("uk", "azure", "azure", ("gb",)),
        # Google Cloud
        ("europe-west1", None, "gcp", ("be",)),
        ("europe-west2", None, "gcp", ("gb",)),
        ("europe-west3", "google", "gcp", ("de",)),
        ("europe-west4", None, "gcp", ("nl",)),
        ("europe-west6", None, "gcp", ("ch",)),
        ("europe-west9", None, "gcp", ("fr",)),
        ("europe-west10", None, "gcp", ("de",)),
        ("europe-west12", None, "gcp", ("it",)),
        ("europe-north1", None, "gcp", ("fi",)),
        ("europe-north2", None, "gcp", ("se",)),
        ("europe-central2", None, "gcp", ("pl",)),
        ("europe-southwest1", None, "gcp", ("es",)),
        ("us-central1", None, "gcp", ("us",)),
        ("asia-northeast1", None, "gcp", ("jp",)),
        ("me-west1", None, "gcp", ("il",)),
        ("africa-south1", None, "gcp", ("za",)),
        ("northamerica-northeast1", None, "gcp", ("ca",)),
        ("southamerica-east1", None, "gcp", ("br",)),
        ("australia-southeast1", None, "gcp", ("au",)),
        ("EUROPE-WEST1", "google", "gcp", ("be",)),
        ("europe-west1-b", None, "gcp", ("be",)),
        ("us-central1-a", "gcp", "gcp", ("us",)),
        ("US", "google", "gcp", ("us",)),
        ("eur4", None, "gcp", ("fi", "nl")),
        ("EUR4", "google", "gcp", ("fi", "nl")),
        ("nam4", None, "gcp", ("us",)),
        ("asia1", "gcp", "gcp", ("jp",)),
        ("eur3", "google", "gcp", ("be", "fi", "nl")),
        # Country codes
        ("de", None, None, ("de",)),
        ("IE", None, None, ("ie",)),
        ("us", None, None, ("us",)),
        ("uk", None, None, ("gb",)),
        # An unrecognised provider narrows nothing.
        ("eu-west-1", "kubernetes", "aws", ("ie",)),
    ],
)
def test_resolve(
    value: str,
    provider: str | None,
    expected_provider: str | None,
    countries: tuple[str, ...],
) -> None:
    assert resolve(value, provider) == Place(value, expected_provider, countries)


def test_google_eu_multi_region() -> None:
    place = resolve("EU", "google")
    assert place is not None
    assert place.provider == "gcp"
    assert set(place.countries) == expand(["eu"])
    # A bare `eu` is a jurisdiction, not a place.
    assert resolve("eu") is None
    assert resolve("EU", "aws") is None


@pytest.mark.parametrize(
    ("value", "provider"),
    [
        ("", None),
        ("   ", None),
        ("nowhere", None),
        ("eu", None),
        ("eea", None),
        ("asia", None),
        ("europe", None),
        ("xx", None),
        ("eu-west-9", None),
        ("europe-west5", None),
        ("us-east-1-bos-1a", "aws"),
        ("westeurope", "aws"),
        ("eu-west-1", "gcp"),
        ("europe-west1", "azure"),
        ("de", "aws"),
        ("Belgium", None),
        ("Europe (Ireland)", None),
    ],
)
def test_unknown_values(value: str, provider: str | None) -> None:
    assert resolve(value, provider) is None


# --- jurisdictions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("eu", True),
        ("eea", True),
        ("adequacy", True),
        ("EU", True),
        ("de", True),
        ("no", True),
        ("uk", True),
        ("gb", True),
        ("us", True),
        ("xx", False),
        ("europe", False),
        ("eu-west-1", False),
        ("", False),
    ],
)
def test_is_jurisdiction(code: str, expected: bool) -> None:
    assert is_jurisdiction(code) is expected


def test_expand() -> None:
    assert expand([]) == frozenset()
    assert expand(["de", "fr"]) == {"de", "fr"}
    assert expand(["uk", "GB"]) == {"gb"}
    assert expand(["eu", "gb"]) == expand(["eu"]) | {"gb"}
    assert expand(["eu", "eea"]) == expand(["eea"])


def test_expand_unknown() -> None:
    with pytest.raises(ValueError, match="unknown jurisdiction 'europe'"):
        expand(["eu", "europe"])


def test_region_ids_unknown_provider() -> None:
    with pytest.raises(ValueError, match="unknown provider"):
        region_ids("digitalocean")


@pytest.mark.parametrize(
    ("value", "provider", "policy", "expected"),
    [
        ("eu-west-1", None, ["eu"], True),
        ("eu-west-2", None, ["eu"], False),
        ("eu-west-2", None, ["eu", "adequacy"], True),
        ("eu-west-2", None, ["eu", "gb"], True),
        ("eu-west-2", None, ["eu", "uk"], True),
        ("eu-central-2", None, ["eea"], False),
        ("eu-central-2", None, ["eea", "adequacy"], True),
        ("us-east-1", None, ["eu", "eea", "adequacy"], False),
        ("us-east-1", None, ["eu", "us"], True),
        ("westeurope", None, ["nl"], True),
        ("westeurope", None, ["ie"], False),
        ("northeurope", None, ["ie", "de"], True),
        ("norwayeast", None, ["eu"], False),
        ("norwayeast", None, ["eea"], True),
        ("europe-west1", None, ["eu"], True),
        ("europe-west2", None, ["eea"], False),
        ("europe-west6", None, ["adequacy"], True),
        ("me-west1", None, ["adequacy"], True),
        ("EU", "google", ["eu"], True),
        ("EU", "google", ["eea"], True),
        ("EU", "google", ["de", "nl"], False),
        ("eur4", None, ["fi", "nl"], True),
        ("eur4", None, ["nl"], False),
        ("eur5", None, ["eu"], False),
        ("eur5", None, ["eu", "adequacy"], True),
        ("europe", "azure", ["eu"], True),
        ("europe", "azure", ["nl"], False),
        ("de", None, ["eu"], True),
        ("ch", None, ["eu"], False),
        ("eu-west-1", None, [], False),
    ],
)
def test_allowed(value: str, provider: str | None, policy: list[str], expected: bool) -> None:
    place = resolve(value, provider)
    assert place is not None
    assert allowed(place, policy) is expected
