"""Which language a notice is in (en, nl, fr, de), from how often its stop words occur.

Each language has a list of frequent function words; words shared between two of the
languages (``de``, ``die``, ``en``, ``in``) are left out, so every hit is evidence for one
language. The language with the most hits wins; ties go to the earlier of en, nl, fr, de.
Deterministic, and nothing to download.
"""

from __future__ import annotations

import re

__all__ = ["LANGUAGES", "detect"]

LANGUAGES = ("en", "nl", "fr", "de")

_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "to",
            "is",
            "that",
            "for",
            "you",
            "your",
            "we",
            "our",
            "with",
            "on",
            "are",
            "be",
            "by",
            "this",
            "it",
            "as",
            "or",
            "not",
            "will",
            "at",
            "from",
            "have",
            "which",
            "can",
            "any",
            "may",
            "has",
            "been",
            "their",
            "they",
            "would",
            "if",
            "when",
            "about",
            "such",
            "these",
            "use",
            "there",
            "more",
            "other",
            "who",
            "what",
            "how",
        ]
    ),
    "nl": frozenset(
        [
            "het",
            "een",
            "van",
            "dat",
            "op",
            "te",
            "voor",
            "met",
            "zijn",
            "wij",
            "uw",
            "niet",
            "of",
            "aan",
            "door",
            "als",
            "ook",
            "worden",
            "wordt",
            "bij",
            "naar",
            "om",
            "deze",
            "tot",
            "hebben",
            "kan",
            "onze",
            "ons",
            "wat",
            "hoe",
            "wie",
            "zullen",
            "kunnen",
            "geen",
            "heeft",
            "dit",
            "hier",
            "uit",
            "wanneer",
            "hun",
            "zij",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "du",
            "un",
            "une",
            "et",
            "est",
            "que",
            "qui",
            "pour",
            "dans",
            "vos",
            "votre",
            "nous",
            "notre",
            "nos",
            "pas",
            "sur",
            "avec",
            "par",
            "au",
            "aux",
            "ce",
            "cette",
            "sont",
            "être",
            "ou",
            "ne",
            "vous",
            "leur",
            "leurs",
            "ces",
            "peut",
            "mais",
            "sans",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "das",
            "und",
            "ist",
            "nicht",
            "zu",
            "den",
            "von",
            "mit",
            "sich",
            "des",
            "auf",
            "für",
            "im",
            "dem",
            "ein",
            "eine",
            "wir",
            "sie",
            "ihre",
            "ihrer",
            "unsere",
            "werden",
            "wird",
            "oder",
            "auch",
            "bei",
            "nach",
            "zur",
            "zum",
            "ihr",
            "ihnen",
            "uns",
            "durch",
            "dass",
            "über",
            "sind",
            "haben",
            "kann",
        ]
    ),
}

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def detect(text: str) -> str:
    """The language code of ``text``: ``en`` when there is nothing to go on."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for word in _WORD_RE.findall(text.lower()):
        for language in LANGUAGES:
            if word in _STOP_WORDS[language]:
                counts[language] += 1
    return max(LANGUAGES, key=lambda language: counts[language])
