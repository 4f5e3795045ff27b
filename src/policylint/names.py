"""Read a field's name and say whether it holds personal data (rule PL203).

``classify("customer_email")`` suggests ``user.contact.email``; ``classify("email_sent")``
says nothing, because the name is about an e-mail, not an e-mail address. The words the
classifier knows, in English, Dutch, French and German, and the rules it applies are data:
``policylint/data/vocabulary.yaml``, whose header documents them. This module only applies
them:

1. :func:`split_words` cuts the name into lower-case words;
2. words are folded to ASCII and compounds are cut into known pieces
   (``geboortedatum`` -> geboorte datum); connector words (of, de, van, von) are dropped;
3. the longest vocabulary term found in the words wins (between equals, a strong term,
   then the last one: the head of a compound comes last); weak terms (``name``, ``city``)
   need a person next to them, organisation words (``store``) make contact details an
   organisation's;
4. metadata, leading and trailing words around the term turn the name into metadata
   (``is_email_verified``, ``email_verified_at``, ``billing_address_id``): no match.

The vocabulary is loaded once, on first use; answers are cached per name.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from policylint.records import Record, record, setfield

__all__ = ["NameMatch", "classify", "split_words"]


@record
class NameMatch(Record):
    """The category a field's name suggests, and the vocabulary term that says so."""

    category: str
    """Suggested taxonomy key, e.g. ``user.contact.email``."""
    term: str
    """The vocabulary term that matched, as written in the vocabulary (``email address``)."""
    language: str
    """The language the vocabulary lists the term under: ``en``, ``nl``, ``fr`` or ``de``."""

    def __init__(self, category: str, term: str, language: str) -> None:
        setfield(self, "category", category)
        setfield(self, "term", term)
        setfield(self, "language", language)


# ---- splitting ---------------------------------------------------------------------------

_CHUNK = re.compile(r"[^\W_]+")


def split_words(name: str) -> list[str]:
    """The lower-case words of an identifier.

    Splits at anything that is not a letter or digit (``snake_case``, ``kebab-case``,
    ``dotted.path``), at camelCase and PascalCase humps, at the end of an acronym
    (``IPAddress`` -> ip, address; ``lastLoginIP`` -> last, login, ip; a plural ``s`` stays
    with its acronym: ``userIDs`` -> user, ids) and between letters and digits
    (``address_line1`` -> address, line, 1). Accents are kept; compounds are not cut.
    """
    words: list[str] = []
    for chunk in _CHUNK.findall(unicodedata.normalize("NFC", name)):
        words.extend(part.lower() for part in _split_chunk(chunk))
    return words


def _split_chunk(chunk: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for i in range(1, len(chunk)):
        if _boundary(chunk, i):
            parts.append(chunk[start:i])
            start = i
    parts.append(chunk[start:])
    return parts


def _boundary(chunk: str, i: int) -> bool:
    """Whether a new word starts at ``chunk[i]``."""
    prev, cur = chunk[i - 1], chunk[i]
    if prev.isdigit() != cur.isdigit():
        return True
    if prev.islower() and cur.isupper():
        return True
    if prev.isupper() and cur.isupper() and i + 1 < len(chunk) and chunk[i + 1].islower():
        # The last capital of an acronym starts the next word (IP|Address), unless what
        # follows is only a plural s (IDs, URLs).
        rest = chunk[i + 1 :]
        plural = rest[0] == "s" and (len(rest) == 1 or not rest[1].islower())
        return not plural
    return False


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})


def _fold(word: str) -> str:
    """A lower-case word in ASCII where it has a Latin spelling: ``straße`` -> ``strasse``."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ---- the vocabulary ----------------------------------------------------------------------

_LINKERS = ("s", "e", "n", "en", "es")
"""What may follow a piece inside a compound: a German or Dutch linking letter, a plural."""

_PERSONAL_DETAIL = ("user.contact", "user.name", "user.location")
"""Categories an organisation word turns into the organisation's own detail."""

_MIN_PIECE = 4
_MIN_HEAD = 5
_MIN_HEAD_PREFIX = 3


@record
class _Term(Record):
    words: tuple[str, ...]
    category: str
    language: str
    weak: bool

    def __init__(self, words: tuple[str, ...], category: str, language: str, weak: bool) -> None:
        setfield(self, "words", words)
        setfield(self, "category", category)
        setfield(self, "language", language)
        setfield(self, "weak", weak)

    @property
    def text(self) -> str:
        return " ".join(self.words)


@record
class _Vocabulary(Record):
    terms: dict[tuple[str, ...], _Term]
    longest: int
    person: frozenset[str]
    organisation: frozenset[str]
    metadata: frozenset[str]
    leading: frozenset[str]
    trailing: frozenset[str]
    connectors: frozenset[str]
    neutral: frozenset[str]
    pieces: frozenset[str]
    """Every known word: what a compound may be cut into."""
    short: frozenset[str]
    heads: tuple[str, ...]
    """Dutch and German one-word terms a compound may end with, longest first."""

    def __init__(
        self,
        terms: dict[tuple[str, ...], _Term],
        longest: int,
        person: frozenset[str],
        organisation: frozenset[str],
        metadata: frozenset[str],
        leading: frozenset[str],
        trailing: frozenset[str],
        connectors: frozenset[str],
        neutral: frozenset[str],
        pieces: frozenset[str],
        short: frozenset[str],
        heads: tuple[str, ...],
    ) -> None:
        setfield(self, "terms", terms)
        setfield(self, "longest", longest)
        setfield(self, "person", person)
        setfield(self, "organisation", organisation)
        setfield(self, "metadata", metadata)
        setfield(self, "leading", leading)
        setfield(self, "trailing", trailing)
        setfield(self, "connectors", connectors)
        setfield(self, "neutral", neutral)
        setfield(self, "pieces", pieces)
        setfield(self, "short", short)
        setfield(self, "heads", heads)


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(_fold(str(word)) for word in data.get(key, []))


@functools.cache
def _vocabulary() -> _Vocabulary:
    from policylint.resources import load_data

    data: dict[str, Any] = load_data("vocabulary.yaml")
    weak = _words(data, "weak_terms")
    terms: dict[tuple[str, ...], _Term] = {}
    for entry in data["terms"]:
        words = tuple(_fold(str(entry["term"])).split())
        terms[words] = _Term(words, entry["category"], entry["language"], " ".join(words) in weak)
    lists = {
        key: _words(data, key)
        for key in (
            "person_words",
            "organisation_words",
            "metadata_words",
            "leading_words",
            "trailing_words",
            "connector_words",
            "neutral_words",
            "short_pieces",
        )
    }
    pieces = {word for term_words in terms for word in term_words}
    for key, listed in lists.items():
        if key != "connector_words":
            pieces |= listed
    heads = sorted(
        (t.words[0] for t in terms.values() if len(t.words) == 1 and t.language in ("nl", "de")),
        key=len,
        reverse=True,
    )
    return _Vocabulary(
        terms=terms,
        longest=max(len(words) for words in terms),
        person=lists["person_words"],
        organisation=lists["organisation_words"],
        metadata=lists["metadata_words"],
        leading=lists["leading_words"],
        trailing=lists["trailing_words"],
        connectors=lists["connector_words"],
        neutral=lists["neutral_words"],
        pieces=frozenset(pieces),
        short=lists["short_pieces"],
        heads=tuple(head for head in heads if len(head) >= _MIN_HEAD),
    )


# ---- cutting compounds -------------------------------------------------------------------


def _tokens(name: str, vocab: _Vocabulary) -> list[str]:
    """The folded words of a name, compounds cut, connectors dropped."""
    tokens: list[str] = []
    for word in split_words(name):
        tokens.extend(_cut(_fold(word), vocab))
    return [token for token in tokens if token and token not in vocab.connectors]


def _cut(word: str, vocab: _Vocabulary) -> list[str]:
    if word.isdigit() or word in vocab.pieces:
        return [word]
    pieces = _segment(word, vocab)
    if pieces:
        return pieces
    for head in vocab.heads:
        if word.endswith(head) and len(word) - len(head) >= _MIN_HEAD_PREFIX:
            return [word[: -len(head)], head]
    return [word]


def _segment(word: str, vocab: _Vocabulary) -> list[str] | None:
    """Cut a word into the fewest known pieces, each optionally followed by a linker."""
    best: list[tuple[int, list[str]] | None] = [None] * (len(word) + 1)
    best[0] = (0, [])
    for i in range(len(word)):
        here = best[i]
        if here is None:
            continue
        cost, pieces = here
        for j in range(i + 2, len(word) + 1):
            piece = word[i:j]
            if piece not in vocab.pieces:
                continue
            if len(piece) < _MIN_PIECE and piece not in vocab.short:
                continue
            _improve(best, j, cost + 1, [*pieces, piece])
            for linker in _LINKERS:
                if word.startswith(linker, j):
                    _improve(best, j + len(linker), cost + 2, [*pieces, piece])
    end = best[len(word)]
    return end[1] if end is not None else None


def _improve(
    best: list[tuple[int, list[str]] | None], at: int, cost: int, pieces: list[str]
) -> None:
    current = best[at]
    if current is None or cost < current[0]:
        best[at] = (cost, pieces)


# ---- matching ----------------------------------------------------------------------------


@record
class _Found(Record):
    start: int
    end: int
    term: _Term

    def __init__(self, start: int, end: int, term: _Term) -> None:
        setfield(self, "start", start)
        setfield(self, "end", end)
        setfield(self, "term", term)


def _candidates(tokens: Sequence[str], vocab: _Vocabulary) -> list[_Found]:
    found: list[_Found] = []
    for start in range(len(tokens)):
        for end in range(min(len(tokens), start + vocab.longest), start, -1):
            term = vocab.terms.get(tuple(tokens[start:end]))
            if term is not None:
                found.append(_Found(start, end, term))
    return found


def _outside(tokens: Sequence[str], found: _Found) -> list[str]:
    """The words of a name around a term, digits left out."""
    return [
        token
        for i, token in enumerate(tokens)
        if not (found.start <= i < found.end) and not token.isdigit()
    ]


def _usable(tokens: Sequence[str], found: _Found, vocab: _Vocabulary) -> bool:
    around = _outside(tokens, found)
    if found.term.weak and not all(w in vocab.person or w in vocab.neutral for w in around):
        return False
    if found.term.category.startswith(_PERSONAL_DETAIL):
        return not any(word in vocab.organisation for word in tokens[: found.start])
    return True


def _is_metadata(tokens: Sequence[str], found: _Found, vocab: _Vocabulary) -> bool:
    if any(word in vocab.metadata for word in _outside(tokens, found)):
        return True
    words = [(i, token) for i, token in enumerate(tokens) if not token.isdigit()]
    first, first_word = words[0]
    last, last_word = words[-1]
    if first < found.start and first_word in vocab.leading:
        return True
    return last >= found.end and last_word in vocab.trailing


@functools.lru_cache(maxsize=8192)
def classify(name: str) -> NameMatch | None:
    """The personal-data category a field's name suggests, or None.

    >>> classify("customer_email")
    NameMatch(category='user.contact.email', term='email', language='en')
    >>> classify("email_sent") is None
    True
    """
    vocab = _vocabulary()
    tokens = _tokens(name, vocab)
    usable = [found for found in _candidates(tokens, vocab) if _usable(tokens, found, vocab)]
    if not usable:
        return None
    best = min(usable, key=lambda f: (f.start - f.end, f.term.weak, -f.start))
    if _is_metadata(tokens, best, vocab):
        return None
    return NameMatch(best.term.category, best.term.text, best.term.language)
