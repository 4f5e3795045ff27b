"""In-source suppressions: ``policylint: ignore[PL302]`` or bare ``policylint: ignore``.

A marker in a comment silences the codes it names (all codes when bare) for findings on
its own line and on the line below it.
"""

from __future__ import annotations

import re

_MARKER = re.compile(r"policylint:\s*ignore(?:\[([A-Za-z0-9_,\s]*)\])?")


def scan(text: str) -> dict[int, frozenset[str]]:
    """Line (1-based) -> codes named there; an empty set silences every code."""
    found: dict[int, frozenset[str]] = {}
    if "policylint:" not in text:
        return found
    for number, line in enumerate(text.splitlines(), start=1):
        match = _MARKER.search(line)
        if match is None:
            continue
        codes = match.group(1)
        found[number] = (
            frozenset(c.strip().upper() for c in codes.split(",") if c.strip())
            if codes
            else frozenset()
        )
    return found


def silenced(code: str, line: int, marks: dict[int, frozenset[str]]) -> bool:
    for at in (line, line - 1):
        codes = marks.get(at)
        if codes is not None and (not codes or code in codes):
            return True
    return False
