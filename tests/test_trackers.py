"""The tracker catalogue: its content, its checks, and how each ecosystem's names match."""

from __future__ import annotations

import re
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from policylint import trackers
from policylint.facts import Dependency
from policylint.readers.manifests import manifest_reader
from policylint.trackers import CatalogueError, Tracker, load_catalogue, lookup, package_key

MANIFESTS = Path(__file__).parent / "data" / "manifests"


def raw_entries() -> list[dict[str, Any]]:
    text = (resources.files("policylint") / "data" / "trackers.yaml").read_text(encoding="utf-8")
    entries: list[dict[str, Any]] = yaml.safe_load(text)["trackers"]
    return entries


# --- the catalogue --------------------------------------------------------------------------


def test_catalogue_size() -> None:
    assert len(raw_entries()) >= 70
    assert len(trackers.catalogue().trackers) == len(raw_entries())


@pytest.mark.parametrize("entry", raw_entries(), ids=lambda entry: str(entry.get("id")))
def test_every_entry_is_valid(entry: dict[str, Any]) -> None:
    assert set(entry) == {"id", "name", "vendor", "country", "category", "packages"}
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry["id"])
    assert entry["name"].strip() and entry["vendor"].strip()
    assert re.fullmatch(r"[a-z]{2}", entry["country"])
    assert entry["category"] in {"analytics", "advertising", "functional"}
    packages = entry["packages"]
    assert packages, "at least one package"
    assert set(packages) <= {"npm", "pypi", "maven", "cocoapods", "swift", "pub"}
    for ecosystem, names in packages.items():
        assert names and all(isinstance(name, str) and name == name.strip() for name in names)
        if ecosystem == "maven":
            assert all(re.fullmatch(r"[\w.-]+:[\w.-]+", name) for name in names)
        if ecosystem == "pub":
            assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in names)


def test_ids_are_unique() -> None:
    ids = Counter(entry["id"] for entry in raw_entries())
    assert [key for key, count in ids.items() if count > 1] == []


def test_no_package_is_listed_twice() -> None:
    listed = Counter(
        (ecosystem, package_key(ecosystem, name))
        for entry in raw_entries()
        for ecosystem, names in entry["packages"].items()
        for name in names
    )
    assert [key for key, count in listed.items() if count > 1] == []


def test_every_listed_package_finds_its_tracker() -> None:
    for entry in raw_entries():
        for ecosystem, names in entry["packages"].items():
            for name in names:
                found = lookup(ecosystem, name)
                assert found is not None and found.id == entry["id"], (ecosystem, name)


def test_all_three_categories_are_used() -> None:
    assert {tracker.category for tracker in trackers.catalogue().trackers} == {
        "analytics",
        "advertising",
        "functional",
    }


def test_the_catalogue_is_read_once() -> None:
    assert trackers.catalogue() is trackers.catalogue()


# --- lookup, per ecosystem -------------------------------------------------------------------


def test_react_ga4_is_google_analytics() -> None:
    found = lookup("npm", "react-ga4")
    assert found == Tracker(
        id="google-analytics",
        name="Google Analytics",
        vendor="Google",
        country="us",
        category="analytics",
    )


@pytest.mark.parametrize(
    ("ecosystem", "package"),
    [
        ("npm", "react"),
        ("npm", "react-dom"),
        ("npm", "firebase"),  # a platform: only its analytics modules are listed
        ("npm", "@sentry/react"),  # error monitoring is no tracker
        ("npm", "React-GA4"),  # npm names are case-sensitive
        ("npm", "@types/mixpanel-browser"),  # type definitions send nothing
        ("pypi", "django"),
        ("pypi", "google-analytics-data"),  # reads reports, sends no visitor data
        ("pypi", "sentry-sdk"),
        ("maven", "com.google.firebase:firebase-firestore"),
        ("maven", "com.google.firebase:firebase-bom"),
        ("maven", "com.google.firebase"),
        ("cocoapods", "Firebase"),
        ("cocoapods", "Firebase/Firestore"),
        ("cocoapods", "Alamofire"),
        ("swift", "https://github.com/firebase/firebase-ios-sdk"),
        ("swift", "firebase-ios-sdk/FirebaseFirestore"),
        ("swift", "firebase-ios-sdk/firebaseanalytics"),  # product names are case-sensitive
        ("pub", "firebase_core"),
        ("gem", "mixpanel"),  # not an ecosystem of the catalogue
    ],
)
def test_not_trackers(ecosystem: str, package: str) -> None:
    assert lookup(ecosystem, package) is None


@pytest.mark.parametrize(
    ("ecosystem", "package", "tracker"),
    [
        ("npm", "mixpanel-browser", "mixpanel"),
        ("npm", "@react-native-firebase/analytics", "firebase-analytics"),
        ("npm", "react-native-appsflyer", "appsflyer"),
        # PyPI names compare after PEP 503 normalisation.
        ("pypi", "mixpanel", "mixpanel"),
        ("pypi", "Mixpanel", "mixpanel"),
        ("pypi", "segment_analytics_python", "segment"),
        ("pypi", "Segment.Analytics-_Python", "segment"),
        ("pypi", "POSTHOG", "posthog"),
        ("pypi", "facebook_business", "meta-conversions-api"),
        # Maven: group:artifact.
        ("maven", "com.google.firebase:firebase-analytics", "firebase-analytics"),
        ("maven", "com.google.firebase:firebase-analytics-ktx", "firebase-analytics"),
        ("maven", "com.google.android.gms:play-services-ads", "google-mobile-ads"),
        ("maven", " com.appsflyer:af-android-sdk ", "appsflyer"),
        ("maven", "com.onesignal:OneSignal", "onesignal"),
        # CocoaPods: a listed subspec, a listed pod, and a subspec of a listed pod.
        ("cocoapods", "Firebase/Analytics", "firebase-analytics"),
        ("cocoapods", "Firebase/Core", "firebase-analytics"),
        ("cocoapods", "Firebase/AdMob", "google-mobile-ads"),
        ("cocoapods", "FirebaseAnalytics", "firebase-analytics"),
        ("cocoapods", "AppsFlyerFramework", "appsflyer"),
        ("cocoapods", "AppsFlyerFramework/Strict", "appsflyer"),
        ("cocoapods", "AppCenter/Analytics", "appcenter-analytics"),
        # SwiftPM: repositories whatever their spelling, and products of platforms.
        ("swift", "https://github.com/mixpanel/mixpanel-swift", "mixpanel"),
        ("swift", "https://github.com/Mixpanel/Mixpanel-Swift.git", "mixpanel"),
        ("swift", "https://github.com/mixpanel/mixpanel-swift/", "mixpanel"),
        ("swift", "git@github.com:mixpanel/mixpanel-swift.git", "mixpanel"),
        ("swift", "ssh://git@github.com/mixpanel/mixpanel-swift", "mixpanel"),
        ("swift", "github.com/mixpanel/mixpanel-swift", "mixpanel"),
        ("swift", "firebase-ios-sdk/FirebaseAnalytics", "firebase-analytics"),
        ("swift", "Firebase-iOS-SDK/FirebaseAnalytics", "firebase-analytics"),
        ("pub", "firebase_analytics", "firebase-analytics"),
        ("pub", "google_mobile_ads", "google-mobile-ads"),
    ],
)
def test_trackers(ecosystem: str, package: str, tracker: str) -> None:
    found = lookup(ecosystem, package)
    assert found is not None and found.id == tracker


@pytest.mark.parametrize(
    ("ecosystem", "package", "key"),
    [
        ("pypi", "Segment_Analytics.Python", "segment-analytics-python"),
        ("pypi", "a..b__c--d", "a-b-c-d"),
        ("npm", "@Scope/Name", "@Scope/Name"),
        ("swift", "HTTPS://GitHub.com/Owner/Repo.git/", "github.com/owner/repo"),
        ("swift", "Repo/Product", "repo/Product"),
        ("cocoapods", "Firebase/Analytics", "Firebase/Analytics"),
    ],
)
def test_package_key(ecosystem: str, package: str, key: str) -> None:
    assert package_key(ecosystem, package) == key


def test_functional_and_advertising_entries() -> None:
    onesignal = lookup("pub", "onesignal_flutter")
    appsflyer = lookup("maven", "com.appsflyer:af-android-sdk")
    assert onesignal is not None and onesignal.category == "functional"
    assert appsflyer is not None and (appsflyer.vendor, appsflyer.category) == (
        "AppsFlyer",
        "advertising",
    )


# --- manifests and catalogue together ---------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        (
            "react-web/package.json",
            {"react-ga4": "google-analytics", "mixpanel-browser": "mixpanel"},
        ),
        (
            "react-native/package.json",
            {
                "@react-native-firebase/analytics": "firebase-analytics",
                "react-native-appsflyer": "appsflyer",
                "react-native-fbsdk-next": "meta-sdk",
                "react-native-google-mobile-ads": "google-mobile-ads",
            },
        ),
        (
            "android-groovy/build.gradle",
            {
                "com.google.firebase:firebase-analytics": "firebase-analytics",
                "com.appsflyer:af-android-sdk": "appsflyer",
                "com.adjust.sdk:adjust-android": "adjust",
            },
        ),
        (
            "ios-cocoapods/Podfile",
            {
                "FirebaseAnalytics": "firebase-analytics",
                "Mixpanel-swift": "mixpanel",
                "AppsFlyerFramework/Strict": "appsflyer",
                "Firebase/AdMob": "google-mobile-ads",
            },
        ),
        (
            "ios-swiftpm/Package.swift",
            {
                "https://github.com/mixpanel/mixpanel-swift": "mixpanel",
                "firebase-ios-sdk/FirebaseAnalytics": "firebase-analytics",
            },
        ),
        (
            "python-requirements/requirements.txt",
            {"mixpanel": "mixpanel", "segment-analytics-python": "segment", "posthog": "posthog"},
        ),
        (
            "flutter/pubspec.yaml",
            {
                "firebase_analytics": "firebase-analytics",
                "appsflyer_sdk": "appsflyer",
                "facebook_app_events": "meta-sdk",
            },
        ),
    ],
)
def test_trackers_in_fixture_manifests(relative: str, expected: dict[str, str]) -> None:
    reader = manifest_reader(relative)
    assert reader is not None
    facts = reader(relative, (MANIFESTS / relative).read_text(encoding="utf-8"))
    found = {
        fact.name: tracker.id
        for fact in facts.facts
        if isinstance(fact, Dependency) and (tracker := lookup(fact.ecosystem, fact.name))
    }
    assert found == expected


# --- the catalogue's own checks ---------------------------------------------------------------

ENTRY = {
    "id": "x",
    "name": "X",
    "vendor": "X Inc.",
    "country": "us",
    "category": "analytics",
    "packages": {"npm": ["x-analytics"]},
}


def document(*entries: dict[str, Any]) -> str:
    return yaml.safe_dump({"trackers": list(entries)})


def test_load_catalogue() -> None:
    loaded = load_catalogue(document(ENTRY, {**ENTRY, "id": "y", "packages": {"pypi": ["Y_a"]}}))
    assert [tracker.id for tracker in loaded.trackers] == ["x", "y"]
    assert loaded.index[("pypi", "y-a")].id == "y"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "no `trackers` list"),
        (document({**ENTRY, "category": "strictly_necessary"}), "`category`"),
        (document({**ENTRY, "country": "USA"}), "`country`"),
        (document({**ENTRY, "country": "US"}), "`country`"),
        (document({**ENTRY, "id": "Not Kebab"}), "`id`"),
        (document({**ENTRY, "vendor": ""}), "`vendor`"),
        (document({**ENTRY, "packages": {}}), "`packages`"),
        (document({**ENTRY, "packages": {"npm": []}}), "`packages.npm`"),
        (document({**ENTRY, "packages": {"gem": ["x"]}}), "unknown ecosystem 'gem'"),
        (document(ENTRY, {**ENTRY, "id": "y"}), "listed by both 'x' and 'y'"),
        (
            document(
                {**ENTRY, "packages": {"pypi": ["A_B"]}},
                {**ENTRY, "id": "y", "packages": {"pypi": ["a-b"]}},
            ),
            "listed by both",
        ),
        (document(ENTRY, {**ENTRY, "packages": {"npm": ["other"]}}), "duplicate tracker ids"),
        (document("not a mapping"), "not a mapping"),  # type: ignore[arg-type]
    ],
)
def test_load_catalogue_rejects(text: str, message: str) -> None:
    with pytest.raises(CatalogueError, match=re.escape(message)):
        load_catalogue(text)
