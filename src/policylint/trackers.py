"""The tracker catalogue (``data/trackers.yaml``): which packages are tracking SDKs.

Rule PL702 asks :func:`lookup` about every :class:`~policylint.facts.Dependency` a manifest
reader found. Names are compared the way each ecosystem compares them (:func:`package_key`);
the catalogue's header comment documents the fields and the matching rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from policylint.records import Record, record, setfield

CATEGORIES = ("analytics", "advertising", "functional")
ECOSYSTEMS = ("npm", "pypi", "maven", "cocoapods", "swift", "pub")

_COUNTRY = re.compile(r"[a-z]{2}")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PEP503_SEPARATORS = re.compile(r"[-_.]+")
# A SwiftPM repository: optional scheme and user ("https://", "git@"), then host and path.
_SWIFT_URL = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^@/]+@)?(?P<host>[^/:]+)[:/](?P<path>.+)$", re.IGNORECASE
)


@record
class Tracker(Record):
    """A tracking SDK, as a policy's processors and cookie categories speak of it."""

    id: str
    name: str
    vendor: str
    country: str
    """ISO 3166-1 alpha-2, lower case: the vendor's seat."""
    category: str
    """``analytics``, ``advertising`` or ``functional`` (SPEC section 1 cookie categories)."""

    def __init__(self, id: str, name: str, vendor: str, country: str, category: str) -> None:
        setfield(self, "id", id)
        setfield(self, "name", name)
        setfield(self, "vendor", vendor)
        setfield(self, "country", country)
        setfield(self, "category", category)


@record
class Catalogue(Record):
    trackers: tuple[Tracker, ...]
    index: Mapping[tuple[str, str], Tracker]
    """(ecosystem, :func:`package_key`) -> tracker."""

    def __init__(
        self,
        trackers: tuple[Tracker, ...],
        index: Mapping[tuple[str, str], Tracker],
    ) -> None:
        setfield(self, "trackers", trackers)
        setfield(self, "index", index)


class CatalogueError(ValueError):
    """The catalogue file breaks its own format: a packaging bug, never a user error."""


def lookup(ecosystem: str, package: str) -> Tracker | None:
    """The tracker that ``package`` of ``ecosystem`` is, or None.

    A CocoaPods subspec (``Mixpanel/Core``) that is not listed itself matches its pod.
    """
    index = catalogue().index
    key = package_key(ecosystem, package)
    found = index.get((ecosystem, key))
    if found is None and ecosystem == "cocoapods" and "/" in key:
        found = index.get((ecosystem, key.split("/", 1)[0]))
    return found


def package_key(ecosystem: str, package: str) -> str:
    """``package`` in the form its ecosystem compares names in."""
    name = package.strip()
    if ecosystem == "pypi":
        return _PEP503_SEPARATORS.sub("-", name).lower()
    if ecosystem == "swift":
        return _swift_key(name)
    return name


def _swift_key(name: str) -> str:
    """``github.com/owner/repo`` for a repository URL, ``identity/Product`` for a product.

    SwiftPM compares package identities case-insensitively and ignores ``.git``; product
    names are case-sensitive.
    """
    head = name.split("/", 1)[0]
    is_url = "://" in name or name.startswith("git@") or "." in head
    if not is_url:
        return f"{head.lower()}{name[len(head) :]}"
    match = _SWIFT_URL.match(name)
    if match is None:
        return name.lower()
    path = match["path"].rstrip("/").removesuffix(".git").rstrip("/")
    return f"{match['host']}/{path}".lower()


@functools.cache
def catalogue() -> Catalogue:
    """The built-in catalogue, read and checked once."""
    from policylint.resources import load_data

    return check_catalogue(load_data("trackers.yaml"))


def load_catalogue(text: str) -> Catalogue:
    """Parse and check a catalogue document; raise :class:`CatalogueError` on any fault."""
    import yaml

    return check_catalogue(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


def check_catalogue(document: Any) -> Catalogue:
    """Check a parsed catalogue document; raise :class:`CatalogueError` on any fault."""
    entries = document.get("trackers") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise CatalogueError("the catalogue has no `trackers` list")
    trackers: list[Tracker] = []
    index: dict[tuple[str, str], Tracker] = {}
    for number, entry in enumerate(entries, start=1):
        tracker, packages = _entry(number, entry)
        trackers.append(tracker)
        for ecosystem, names in packages.items():
            for name in names:
                key = (ecosystem, package_key(ecosystem, name))
                if key in index:
                    raise CatalogueError(
                        f"{ecosystem} package {name!r} is listed by both "
                        f"{index[key].id!r} and {tracker.id!r}"
                    )
                index[key] = tracker
    ids = [tracker.id for tracker in trackers]
    if len(set(ids)) != len(ids):
        raise CatalogueError(
            f"duplicate tracker ids: {sorted({i for i in ids if ids.count(i) > 1})}"
        )
    return Catalogue(tuple(trackers), index)


def _entry(number: int, entry: Any) -> tuple[Tracker, dict[str, list[str]]]:
    where = f"tracker #{number}"
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where} is not a mapping")
    fields = {}
    for key in ("id", "name", "vendor", "country", "category"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise CatalogueError(f"{where}: `{key}` must be a non-empty string")
        fields[key] = value
    where = f"tracker {fields['id']!r}"
    if not _ID.fullmatch(fields["id"]):
        raise CatalogueError(f"{where}: `id` must be lower-kebab-case")
    if not _COUNTRY.fullmatch(fields["country"]):
        raise CatalogueError(f"{where}: `country` must be a lower-case ISO 3166-1 alpha-2 code")
    if fields["category"] not in CATEGORIES:
        raise CatalogueError(f"{where}: `category` must be one of {', '.join(CATEGORIES)}")
    packages = entry.get("packages")
    if not isinstance(packages, dict) or not packages:
        raise CatalogueError(f"{where}: `packages` must map ecosystems to package names")
    for ecosystem, names in packages.items():
        if ecosystem not in ECOSYSTEMS:
            raise CatalogueError(f"{where}: unknown ecosystem {ecosystem!r}")
        if (
            not isinstance(names, list)
            or not names
            or not all(isinstance(n, str) and n.strip() for n in names)
        ):
            raise CatalogueError(f"{where}: `packages.{ecosystem}` must be a list of names")
    return Tracker(**fields), packages
