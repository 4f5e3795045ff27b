"""In-source suppressions: ``policylint: ignore[PL302]`` or bare ``policylint: ignore``.

A marker in a comment silences the codes it names (every code when bare) for findings on
its own line and on the line below it. The marker must follow a comment opener on its
line (``#``, ``//``, ``--``, ``/*`` or ``;``: YAML, TOML, INI, .env, HCL, SQL, Protobuf,
Prisma), so the same words inside a JSON string or a YAML value silence nothing. JSON has
no comments: there ``x-policylint-ignore`` on the property does the job (read by the
schema walker onto the field, see ``Field.ignore``).

With ``--report-unused-ignores`` the engine asks :class:`Tracker` which markers silenced
nothing, and reports each as PL001.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping

from policylint.records import Record, record, setfield

_MARKER = re.compile(
    r"(?:#|//|--|/\*|;)[^\n]*?(?P<marker>policylint:[ \t]*ignore(?![\w-])"
    r"(?:[ \t]*(?:\[(?P<codes>[^\]\n]*)\]|\((?P<parens>[^)\n]*)\)))?)"
)
NOTHING = ""
"""The code a marker that lists none names (``ignore[]``): it silences nothing, where a bare
``ignore`` silences everything; a slip of the pen must not widen a suppression."""
_SEPARATOR = re.compile(r"[,\s]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Marker(frozenset[str]):
    """The codes one suppression comment names (empty: every code) and its 1-based column."""

    column: int

    def __new__(cls, codes: Iterable[str] = (), column: int = 1) -> Marker:
        self = super().__new__(cls, codes)
        self.column = column  # kept through pickling: frozenset pickles the instance dict
        return self

    def text(self) -> str:
        """The marker as written in normal form: ``policylint: ignore[PL201,PL302]``."""
        return f"policylint: ignore[{','.join(sorted(self))}]" if self else "policylint: ignore"


def scan(text: str) -> dict[int, frozenset[str]]:
    """Line (1-based) -> the :class:`Marker` on it; an empty marker silences every code."""
    found: dict[int, frozenset[str]] = {}
    if "policylint:" not in text:
        return found
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if "policylint:" not in line:
            continue
        match = _MARKER.search(line)
        if match is None:
            continue
        found[number] = Marker(codes(match), match.start("marker") + 1)
    return found


def codes(match: re.Match[str]) -> list[str]:
    """The codes a marker names: none when bare; :data:`NOTHING` alone when its list is
    empty (``ignore[]``, ``ignore ()``)."""
    listed = match.group("codes")
    if listed is None:
        listed = match.group("parens")
    if listed is None:
        return []
    return split_codes(listed) or [NOTHING]


def split_codes(text: str) -> list[str]:
    """Codes written in a list: separated by commas or spaces, in any case."""
    return [c.upper() for c in _SEPARATOR.split(text) if c]


def silenced(code: str, line: int, marks: Mapping[int, frozenset[str]]) -> bool:
    """Whether a marker on ``line`` or the line above silences ``code``."""
    return _silencer(code, line, marks) is not None


def _silencer(code: str, line: int, marks: Mapping[int, frozenset[str]]) -> int | None:
    """The line of the nearest marker that silences ``code`` at ``line``, if any."""
    for at in (line, line - 1):
        codes = marks.get(at)
        if codes is not None and (not codes or code in codes):
            return at
    return None


@record
class Unused(Record):
    """A suppression that silenced nothing: where it is and what to say about it."""

    line: int
    column: int
    pointer: str
    """A logical address for the fingerprint, stable across line shifts."""
    codes: tuple[str, ...]
    """The codes it names that silenced nothing (empty for a bare marker)."""
    message: str

    def __init__(
        self, line: int, column: int, pointer: str, codes: tuple[str, ...], message: str
    ) -> None:
        setfield(self, "line", line)
        setfield(self, "column", column)
        setfield(self, "pointer", pointer)
        setfield(self, "codes", codes)
        setfield(self, "message", message)


class Tracker:
    """One file's markers, and the codes each actually silenced during the run."""

    def __init__(self, marks: Mapping[int, frozenset[str]]) -> None:
        self.marks = marks
        self.used: dict[int, set[str]] = {}

    def silences(self, code: str, line: int) -> bool:
        """Whether a marker silences ``code`` at ``line``; the nearest one is credited."""
        at = _silencer(code, line, self.marks)
        if at is None:
            return False
        self.used.setdefault(at, set()).add(code)
        return True

    def unused(self, judged: Callable[[str], bool]) -> Iterator[Unused]:
        """Markers that silenced nothing. ``judged(code)``: whether this run can tell
        (a code whose rule did not run might have been silenced; it is not reported)."""
        for line in sorted(self.marks):
            marker = self.marks[line]
            column = getattr(marker, "column", 1)
            used = self.used.get(line, set())
            written = Marker(marker).text()
            if not marker:
                if not used:
                    message = (
                        f"`{written}` silences nothing: no finding on this line or the next; "
                        "remove it"
                    )
                    yield Unused(line, column, written, (), message)
                continue
            idle = tuple(c for c in sorted(marker) if c not in used and judged(c))
            if idle:
                listed = ", ".join(idle)
                message = (
                    f"`{written}`: no {listed} finding on this line or the next to silence; "
                    f"remove {listed}"
                )
                yield Unused(line, column, written, idle, message)


def unused_property(
    codes: frozenset[str], used: set[str], judged: Callable[[str], bool]
) -> tuple[str, ...] | None:
    """For ``x-policylint-ignore``: the codes it names that silenced nothing (``()`` for an
    empty list that silenced nothing), or None when it is in use."""
    if not codes:
        return None if used else ()
    idle = tuple(c for c in sorted(codes) if c not in used and judged(c))
    return idle or None
