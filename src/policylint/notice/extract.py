"""Extraction: a notice in, facts and skipped statements out, each citing its line.

The notice is read into sentences (:mod:`reading`), its language detected
(:mod:`language`), and every sentence handed to each topic reader (:mod:`topics`) with
the kinds of the section it is in (data, retention, cookies, children, transfers,
rights, contact, sharing), taken from the heading above it. Statements in a section on
the reader's rights describe rights, not promises: they give no retention or transfer.
Some facts need the whole notice: a child defined in one place as "a person under 16"
and children excluded in another make a minimum age of 16; the contact is the best
address for requests. Facts come out in the notice's order, each once per line.
"""

from __future__ import annotations

import os
from pathlib import Path

from policylint.notice.context import Context, Findings
from policylint.notice.language import detect
from policylint.notice.model import ExtractedFact, Extraction, Skipped
from policylint.notice.patterns import Lexicon, compiled, lexicon
from policylint.notice.reading import Sentence, format_of, read
from policylint.notice.topics import READERS, authority, collecting, processor_list

__all__ = ["extract", "extract_text"]


def extract(path: str | os.PathLike[str]) -> Extraction:
    """Read a notice file (text, Markdown or HTML, by its extension) into facts."""
    text = Path(path).read_text(encoding="utf-8-sig")
    return extract_text(text, format_of(str(path)), str(path))


def extract_text(
    text: str, fmt: str = "text", source: str = "<notice>", language: str | None = None
) -> Extraction:
    """Read a notice given as text; ``language`` overrides the detected one."""
    document = read(text, fmt)
    code = language or detect(document.text)
    lex = lexicon(code)
    findings = Findings()
    sentences = document.sentences
    kinds: frozenset[str] = frozenset()
    listed: frozenset[str] = frozenset()
    """The kinds of the list the items belong to ("we collect:", "our processors:")."""
    for index, sentence in enumerate(sentences):
        previous = sentences[index - 1] if index else None
        following = sentences[index + 1] if index + 1 < len(sentences) else None
        if sentence.heading:
            kinds = _section_kinds(sentence.text, lex)
        listed = listed if sentence.item else frozenset()
        ctx = Context(
            sentence,
            kinds | listed,
            lex,
            findings,
            before=_same_block(sentence, previous),
            after=_same_block(sentence, following),
            following=following,
        )
        if sentence.heading:
            authority(ctx)
            continue
        for reader in READERS:
            reader(ctx)
        if not sentence.item:
            listed = _introduced(ctx)
    _children(findings)
    _contact(findings)
    return Extraction(source, code, _unique_facts(findings.facts), _unique_skipped(findings))


def _introduced(ctx: Context) -> frozenset[str]:
    """The kinds of list a sentence ending in a colon introduces: ``data`` when a data noun
    or a collection cue comes right before it ("the personal data we collect:", not "we
    use your data to:"), ``processors`` after "the following processors:"."""
    lex = ctx.lexicon
    kinds = []
    data = ctx.introduces(f"{lex.data_noun}|{lex.collect}")
    if data is not None and not ctx.text[data:].strip() and collecting(ctx):
        kinds.append("data")
    listed = processor_list(ctx)
    if listed is not None and not ctx.text[listed:].strip():
        kinds.append("processors")
    return frozenset(kinds)


def _same_block(sentence: Sentence, other: Sentence | None) -> Sentence | None:
    return other if other is not None and other.block == sentence.block else None


def _section_kinds(heading: str, lex: Lexicon) -> frozenset[str]:
    return frozenset(
        kind for kind, pattern in lex.sections.items() if compiled(pattern).search(heading)
    )


def _children(findings: Findings) -> None:
    """A child's age defined in one place and children excluded in another: a minimum age."""
    stated = any(f.path == "subjects.minimum_age" for f in findings.facts)
    definitions, excluded = findings.child_definitions, findings.children_excluded
    if definitions and excluded:
        years, first = definitions[0]
        for _, fact in definitions:
            note = f"children are excluded at line {excluded[0].line}"
            findings.facts.append(_with(fact, fact.value, note))
        for fact in excluded:
            note = f"a child is a person under {years} (line {first.line})"
            findings.facts.append(_with(fact, years, note))
    elif definitions and not stated:
        years, fact = definitions[0]
        reason = f"defines a child as under {years} without excluding children"
        findings.skipped.append(Skipped(fact.line, fact.quote, reason, "subjects"))
    elif excluded and not stated:
        fact = excluded[0]
        findings.skipped.append(
            Skipped(fact.line, fact.quote, "excludes children without an age", "subjects")
        )


def _with(fact: ExtractedFact, value: str | int, note: str) -> ExtractedFact:
    return ExtractedFact(fact.path, value, fact.line, fact.quote, note)


def _contact(findings: Findings) -> None:
    """The address for requests: a privacy mailbox first, then one named with requests."""
    if findings.contacts:
        best = max(findings.contacts, key=lambda pair: (pair[0], -pair[1].line))[1]
        findings.facts.append(best)
    elif findings.contact_sentences:
        sentence = findings.contact_sentences[0]
        findings.skipped.append(
            Skipped(sentence.line, sentence.text[:90], "names no e-mail address", "contact")
        )


def _unique_facts(facts: list[ExtractedFact]) -> tuple[ExtractedFact, ...]:
    seen: set[tuple[str, str | int, int]] = set()
    unique = []
    for fact in facts:
        key = (fact.path, fact.value, fact.line)
        if key not in seen:
            seen.add(key)
            unique.append(fact)
    return tuple(sorted(unique, key=lambda f: f.line))


def _unique_skipped(findings: Findings) -> tuple[Skipped, ...]:
    seen: set[tuple[str, str, int]] = set()
    unique = []
    for skipped in findings.skipped:
        if (skipped.topic, skipped.reason, skipped.line) not in seen:
            seen.add((skipped.topic, skipped.reason, skipped.line))
            unique.append(skipped)
    return tuple(sorted(unique, key=lambda s: s.line))
