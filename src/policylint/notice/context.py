"""What the topic readers share: the sentence being read, its section, and the results.

:class:`Findings` collects facts and skipped statements for a whole notice; a
:class:`Context` is one sentence with its section kinds and neighbours, and the means to
cite it: a fact or a skipped statement gets the line of the words it was read from and a
quote of those words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policylint.notice.model import ExtractedFact, Skipped, Value
from policylint.notice.patterns import Lexicon, compiled
from policylint.notice.reading import Sentence

__all__ = ["Context", "Findings", "quote"]

_QUOTE_WIDTH = 90
_WINDOW = 60


def quote(text: str, start: int, end: int, width: int = _QUOTE_WIDTH) -> str:
    """The words around ``text[start:end]``, at most about ``width`` characters."""
    if len(text) <= width:
        return text
    span = max(width, end - start)
    left = max(0, min(start - (span - (end - start)) // 2, len(text) - span))
    right = min(len(text), left + span)
    if left > 0:
        space = text.find(" ", left, start + 1)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


@dataclass
class Findings:
    facts: list[ExtractedFact] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    child_definitions: list[tuple[int, ExtractedFact]] = field(default_factory=list)
    children_excluded: list[ExtractedFact] = field(default_factory=list)
    contacts: list[tuple[int, ExtractedFact]] = field(default_factory=list)
    contact_sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Context:
    sentence: Sentence
    kinds: frozenset[str]
    lexicon: Lexicon
    findings: Findings
    before: Sentence | None = None
    after: Sentence | None = None
    following: Sentence | None = None
    """The next sentence of the notice, in whatever block."""

    @property
    def text(self) -> str:
        return self.sentence.text

    def search(self, pattern: str, start: int = 0) -> re.Match[str] | None:
        return compiled(pattern).search(self.text, start)

    def finditer(self, pattern: str) -> list[re.Match[str]]:
        return list(compiled(pattern).finditer(self.text))

    def fact(self, path: str, value: Value, start: int, end: int, note: str = "") -> ExtractedFact:
        """A fact citing the words at ``start:end`` (not recorded: see :meth:`emit`)."""
        line = self.sentence.line_at(start)
        return ExtractedFact(path, value, line, quote(self.text, start, end), note)

    def emit(self, path: str, value: Value, start: int, end: int, note: str = "") -> None:
        self.findings.facts.append(self.fact(path, value, start, end, note))

    def skip(self, topic: str, reason: str, start: int = 0, end: int | None = None) -> None:
        end = len(self.text) if end is None else end
        end = min(end, start + _QUOTE_WIDTH)
        line = self.sentence.line_at(start)
        self.findings.skipped.append(Skipped(line, quote(self.text, start, end), reason, topic))

    def clause_before(self, start: int) -> str:
        """The words just before ``start`` in the same clause (for negation and "only")."""
        window = self.text[max(0, start - _WINDOW) : start]
        breaks = list(compiled(self.lexicon.clause_break).finditer(window))
        return window[breaks[-1].end() :] if breaks else window

    def clause_after(self, end: int) -> str:
        """The words just after ``end`` up to a comma, a clause break or a coordinator."""
        window = self.text[end : end + _WINDOW]
        lex = self.lexicon
        stop = compiled(f",|{lex.clause_break}|{lex.coordinator}").search(window)
        return window[: stop.start()] if stop else window

    def negated(self, start: int, verb_end: int | None = None) -> bool:
        """Whether the words at ``start`` are denied: by a negation before them in their
        clause or, given the end of the verb they are the object of, by one after that verb
        ("wij verkopen uw gegevens nooit")."""
        lex = self.lexicon
        if compiled(lex.negation).search(self.clause_before(start)):
            return True
        after = self.clause_after(verb_end) if verb_end is not None else ""
        return bool(after and compiled(lex.negation_after).search(after))

    def introduces(self, pattern: str, trailing: int = 0) -> int | None:
        """Where the words after a colon start, when the last words before the colon name
        ``pattern`` followed by at most ``trailing`` words ("the data we collect:", "de
        volgende verwerkers in:"); not for "we use your data for the following purposes:"."""
        ending = compiled(rf"(?:{pattern})(?:\W+\w+){{0,{trailing}}}\W*$")
        for colon in re.finditer(":", self.text):
            before = self.text[max(0, colon.start() - 2 * _WINDOW) : colon.start()]
            if ending.search(" ".join(before.split()[-4:])):
                return colon.end()
        return None

    def neighbours(self) -> str:
        """This sentence with the sentences before and after it in the same block."""
        return " ".join(s.text for s in (self.before, self.sentence, self.after) if s is not None)
