"""The taxonomies of SPEC section 2: data categories, purposes (data uses), subjects.

Each is a tree of dotted keys: allowing a key allows its descendants. Kept as data in
``data/taxonomy.yaml``; a policy's ``taxonomy.extend`` adds organisation-specific keys.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from policylint.records import Record, record, setfield


@record
class Entry(Record):
    """One key of a taxonomy, with its name and description; ``special``: GDPR Art. 9/10."""

    key: str
    name: str
    description: str = ""
    special: bool = False

    def __init__(self, key: str, name: str, description: str = "", special: bool = False) -> None:
        setfield(self, "key", key)
        setfield(self, "name", name)
        setfield(self, "description", description)
        setfield(self, "special", special)


_MEMO_MAX = 4096
"""Keys remembered per tree (a typo'd key repeats across files; a hostile tree cannot grow
the memo past this)."""


def is_under(key: str, ancestor: str) -> bool:
    """``key`` is ``ancestor`` or one of its descendants (``user.contact.email`` under ``user``)."""
    return key == ancestor or key.startswith(ancestor + ".")


def parent_of(key: str) -> str | None:
    head, _, _ = key.rpartition(".")
    return head or None


class Tree:
    """One taxonomy: keys, their entries, special marks, did-you-mean."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: dict[str, Entry] = {e.key: e for e in entries}
        self._special = tuple(k for k, e in self.entries.items() if e.special)
        self._special_memo: dict[str, bool] = {}
        self._suggest_memo: dict[str, str | None] = {}

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def is_special(self, key: str) -> bool:
        """Marked special itself, or below a key that is (GDPR Art. 9/10)."""
        known = self._special_memo.get(key)
        if known is None:
            known = any(is_under(key, s) for s in self._special)
            if len(self._special_memo) < _MEMO_MAX:
                self._special_memo[key] = known
        return known

    def suggest(self, key: str) -> str | None:
        """The closest known key, for a did-you-mean."""
        if key in self._suggest_memo:
            return self._suggest_memo[key]
        found = self._suggest(key)
        if len(self._suggest_memo) < _MEMO_MAX:
            self._suggest_memo[key] = found
        return found

    def _suggest(self, key: str) -> str | None:
        leaf_matches = [k for k in self.entries if k.rsplit(".", 1)[-1] == key.rsplit(".", 1)[-1]]
        if len(leaf_matches) == 1:
            return leaf_matches[0]
        import difflib

        close = difflib.get_close_matches(key, list(self.entries), n=1, cutoff=0.6)
        return close[0] if close else None

    def extended(self, extra: Iterable[Entry]) -> Tree:
        return Tree([*self.entries.values(), *extra])

    def children(self, key: str | None) -> list[str]:
        return sorted(k for k in self.entries if parent_of(k) == key)


@record
class Taxonomy(Record):
    """The three taxonomies a policy is written in."""

    categories: Tree
    purposes: Tree
    subjects: Tree

    def __init__(self, categories: Tree, purposes: Tree, subjects: Tree) -> None:
        setfield(self, "categories", categories)
        setfield(self, "purposes", purposes)
        setfield(self, "subjects", subjects)

    def extend(self, extensions: Iterable[Mapping[str, Any]]) -> Taxonomy:
        """A copy with the policy's ``taxonomy.extend`` categories added."""
        extra = [
            Entry(
                key=str(e["key"]),
                name=str(e.get("name", e["key"])),
                description=str(e.get("description", "")),
                special=bool(e.get("special", False)),
            )
            for e in extensions
        ]
        return Taxonomy(self.categories.extended(extra), self.purposes, self.subjects)


def _tree(raw: list[dict[str, Any]]) -> Tree:
    return Tree(
        Entry(
            key=e["key"],
            name=e.get("name", e["key"]),
            description=e.get("description", ""),
            special=bool(e.get("special", False)),
        )
        for e in raw
    )


@functools.cache
def builtin() -> Taxonomy:
    """The built-in taxonomies, loaded once."""
    from policylint.resources import load_data

    raw = load_data("taxonomy.yaml")
    return Taxonomy(
        categories=_tree(raw["data_categories"]),
        purposes=_tree(raw["data_uses"]),
        subjects=_tree(raw["data_subjects"]),
    )
