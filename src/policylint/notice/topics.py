"""The topic readers: each looks at one sentence (a :class:`Context`) for one kind of
statement and records facts, or a skipped statement when it cannot decide."""

from __future__ import annotations

import dataclasses
import functools
import re

from policylint.notice.context import Context
from policylint.notice.durations import read_retention
from policylint.notice.model import ALL_CATEGORIES, UNNAMED_PROCESSORS, retention_path
from policylint.notice.patterns import AUTHORITIES, CLOUD_PROVIDERS, SERVICES, Lexicon, compiled

__all__ = ["READERS"]

_LEGAL_FORM = (
    r"(?:B\.V\.|N\.V\.|BV|NV|SA|S\.A\.|SAS|SARL|GmbH|AG|Ltd\.?|Limited|Inc\.?|ApS|LLC|plc)"
)
_WORD = r"[A-Z][\w&'’.-]*"
_MORE = (
    rf"(?: (?:{_WORD}|&|de|van|der|von|(?:et|und|en|and|&) (?:Fils|Söhne|Zonen|Sons|Cie\.?|Co\.?)))"
)
_END = r"(?=[\s,;:.()]|$)"
_COMPANY_NAME = rf"{_WORD}{_MORE}{{0,5}}? {_LEGAL_FORM}{_END}"
_COMPANY = re.compile(_COMPANY_NAME)
"""A name of at most six words ending in its legal form ("Mollie B.V.", "Acme Payments
Ltd")."""
_NAME = rf"(?:{_COMPANY_NAME}|{_WORD}{_MORE}*{_END})(?:\s*\([^()]{{1,80}}\))?"
"""An organisation's name: up to its legal form, else its capitalised words; then maybe
what the notice calls it, in parentheses ("Acme B.V. ("Acme", "we")")."""
_ALIAS = re.compile(r"\s*\([^()]*\)$")
_LEADING_NAME = re.compile(
    rf"\s*(?:[^:()]{{1,40}}:\s*(?=[A-Z]))?(?P<name>{_WORD}{_MORE}*)(?=\s*(?:[(:,;–—-]|$))"
)
"""The capitalised name a list item starts with, maybe after a label ("Payments: Acme
Pay"), and that ends there or at a parenthesis or a colon ("Postmark (US): e-mail")."""
_PARENTHESES = re.compile(r"\s*\((?P<inner>[^()]{1,80})\)")
_NOT_NAMES = frozenset(
    [
        "We",
        "Wij",
        "Our",
        "Onze",
        "Nous",
        "Wir",
        "The",
        "De",
        "Het",
        "Le",
        "La",
        "Die",
        "Der",
        "This",
        "Dit",
        "Ce",
    ]
)
_LEGAL_FORM_END = re.compile(rf"(?<= ){_LEGAL_FORM}$")
_LEGAL_FORM_AFTER = re.compile(rf",?\s+{_LEGAL_FORM}{_END}")
"""The legal form after a service's name ("Twilio Inc.")."""
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_STRONG_MAILBOXES = frozenset(
    [
        "dpo",
        "privacy",
        "gdpr",
        "rgpd",
        "avg",
        "dataprotection",
        "data-protection",
        "datenschutz",
        "dsb",
        "dpd",
        "privacyofficer",
        "vieprivee",
        "vie-privee",
    ]
)
_BUSINESS_SALE = (
    r"\b(?:business|company|assets|merger|acquisition|bedrijf|onderneming|fusie|overname|"
    r"entreprise|fusion|Unternehmen)\b"
)
_REGION_AFTER = re.compile(
    r"[\s:(\[-]*(?:(?:cloud )?regio(?:n|ns)?\s+|région\s+)?"
    r"(?P<region>[A-Za-z]+(?:[- ][A-Za-z]+){0,2}(?:-?\d+)?)"
)
_REGION_WORDS = frozenset(
    [
        "europe",
        "eu",
        "west",
        "north",
        "south",
        "east",
        "central",
        "us",
        "uk",
        "france",
        "germany",
        "netherlands",
        "ireland",
        "sweden",
        "asia",
        "frankfurt",
        "paris",
        "london",
        "dublin",
        "amsterdam",
        "stockholm",
        "milan",
        "zurich",
    ]
)
_AWS_ID = (
    r"\b(?:us|eu|ap|ca|sa|me|af|il|mx)-(?:gov-)?(?:north|south|east|west|central|"
    r"northeast|southeast|southwest|northwest)-\d\b"
)
_GCP_ID = (
    r"\b(?:europe|us|asia|australia|northamerica|southamerica|me|africa)-(?:north|south|"
    r"east|west|central|northeast|southeast|southwest|northwest)\d\b"
)


# -- parties -----------------------------------------------------------------------------


def controller(ctx: Context) -> None:
    """The controller a sentence names, or, when it ends in a colon ("Verantwortlich ...
    ist:"), the sentence after it."""
    following = ctx.following if ctx.text.endswith(":") else None
    text = f"{ctx.text} {following.text}" if following else ctx.text
    for pattern in ctx.lexicon.controller:
        match = compiled(pattern.replace("NAME", _NAME), case_sensitive=True).search(text)
        if not match:
            continue
        name = _ALIAS.sub("", match.group("name")).strip()
        if name.endswith(".") and not _LEGAL_FORM_END.search(name):
            name = name[:-1]
        if name and name.split()[0] not in _NOT_NAMES:
            start = match.start("name")
            here = ctx
            if following is not None and start > len(ctx.text):
                here = dataclasses.replace(ctx, sentence=following)
                start -= len(ctx.text) + 1
            here.emit("controller", name, start, start + len(name))
            return


def contact(ctx: Context) -> None:
    if "contact" in ctx.kinds:
        ctx.findings.contact_sentences.append(ctx.sentence)
    for match in _EMAIL_RE.finditer(ctx.text):
        address = match.group(0).rstrip(".")
        mailbox = address.split("@", 1)[0].lower()
        score = 2 * (mailbox in _STRONG_MAILBOXES) + bool(ctx.search(ctx.lexicon.contact_cue))
        if score:
            fact = ctx.fact("contact", address, match.start(), match.end())
            ctx.findings.contacts.append((score, fact))


def authority(ctx: Context) -> None:
    for name, pattern in AUTHORITIES:
        match = ctx.search(pattern)
        if match:
            ctx.emit("supervisory_authority", name, match.start(), match.end())


# -- data and retention ------------------------------------------------------------------


def _mentions(ctx: Context) -> list[tuple[str, int, int]]:
    """(category, start, end) for each span the vocabulary reads, in text order."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[str, int, int]] = []
    for pattern, keys in ctx.lexicon.categories:
        for match in compiled(pattern).finditer(ctx.text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            found.extend((key, start, end) for key in keys)
    return sorted(found, key=lambda item: item[1])


def _most_general(keys: list[str]) -> list[str]:
    """The keys without an ancestor among the others (name, first name -> name)."""
    unique = list(dict.fromkeys(keys))
    return [k for k in unique if not any(k.startswith(o + ".") for o in unique if o != k)]


def data(ctx: Context) -> None:
    """The categories a sentence names, when it is in a section on data, says data is
    collected or states a retention; not those it says are not processed ("wij verwerken
    geen BSN", "we collect your name but not your date of birth")."""
    lex = ctx.lexicon
    retention_sentence = (
        "rights" not in ctx.kinds
        and ctx.search(lex.keep)
        and ctx.search(lex.retention_cue)
        and not ctx.search(lex.anonymous)
    )
    collected = _collection(ctx)
    if not retention_sentence and (
        collected is False or ("data" not in ctx.kinds and collected is None)
    ):
        return
    mentions = _mentions(ctx)
    seen: set[str] = set()
    for key, start, end in mentions:
        if key not in seen and (retention_sentence or not ctx.negated(start)):
            seen.add(key)
            ctx.emit("categories", key, start, end)
    if retention_sentence:
        _retention(ctx, [key for key, _, _ in mentions])


def collecting(ctx: Context) -> bool:
    """A sentence saying data is collected or used ("we collect your name"), not negated:
    the categories it names are read in whatever section it is."""
    return _collection(ctx) is True


def _collection(ctx: Context) -> bool | None:
    """True when the sentence says data is collected or used, False when it says it is
    not ("we do not collect", "wij verwerken geen"), None when it says neither."""
    lex = ctx.lexicon
    cue = ctx.search(lex.collect) if lex.collect else None
    if cue is None:
        return None
    return not ctx.negated(cue.end(), cue.end())


def _retention(ctx: Context, keys: list[str]) -> None:
    lex = ctx.lexicon
    targets = _most_general(keys)
    part = _part_of_your_data(ctx)
    if ctx.search(lex.other_data) or (not targets and not part and ctx.search(lex.your_data)):
        targets.append(ALL_CATEGORIES)
    reading = read_retention(ctx.text, lex)
    if reading.value is None:
        ctx.skip("categories", f"retention: {reading.problem}", reading.start, reading.end)
        return
    if not targets:
        which = f"is about part of the data ({part}…), not all" if part else "does not say which"
        ctx.skip("categories", f"retention: {which} data", reading.start, reading.end)
        return
    for key in targets:
        ctx.emit(retention_path(key), reading.value, reading.start, reading.end, reading.note)


def _part_of_your_data(ctx: Context) -> str:
    """The words naming part of the data when "your data" is narrowed by what follows
    ("your data from job applications", "vos données de prospection"), else ""."""
    lex = ctx.lexicon
    whole = ctx.search(lex.your_data)
    if whole is None:
        return ""
    narrowed = compiled(rf"\s+(?:{lex.data_qualifier})\s*[^\W\d][\w-]*").match(
        ctx.text, whole.end()
    )
    return ctx.text[whole.start() : narrowed.end()] if narrowed else ""


# -- subjects ----------------------------------------------------------------------------


def age(ctx: Context) -> None:
    lex = ctx.lexicon
    found = False
    for pattern in lex.age_minimum:
        for match in ctx.finditer(pattern):
            ctx.emit("subjects.minimum_age", int(match.group("n")), *match.span())
            found = True
    child = bool(ctx.search(lex.child_word)) or "children" in ctx.kinds
    if not child:
        return
    for match in ctx.finditer(lex.age_under):
        found = True
        years = int(match.group("n"))
        if ctx.search(lex.child_definition):
            fact = ctx.fact("subjects.minimum_age", years, *match.span())
            ctx.findings.child_definitions.append((years, fact))
        elif ctx.search(lex.parental_consent):
            ctx.skip("subjects", f"children under {years} may take part with a parent's consent")
        elif ctx.search(lex.exclusion):
            ctx.emit("subjects.minimum_age", years, *match.span())
        else:
            ctx.skip("subjects", f"mentions children under {years} without excluding them")
    word = ctx.search(lex.child_word)
    if not found and word and ctx.search(lex.exclusion):
        fact = ctx.fact("subjects.minimum_age", 0, word.start(), word.end())
        ctx.findings.children_excluded.append(fact)


# -- hosting and transfers ---------------------------------------------------------------


def hosting(ctx: Context) -> None:
    """Where data is hosted: the places a hosting statement names ("hosted in the EU",
    "servers located in Germany"), or a place data is stored or processed only in."""
    lex = ctx.lexicon
    hosted = ctx.search(lex.hosting)
    if not hosted and not ctx.search(lex.only):
        return
    places = [(m, code) for pattern, code in lex.eu_regions for m in ctx.finditer(pattern)]
    places += [(m, code) for pattern, code in lex.countries for m in ctx.finditer(pattern)]
    # denied before the place, or after it in its clause ("in den USA nicht gespeichert")
    places = [(m, code) for m, code in places if not ctx.negated(m.start(), m.end())]
    if not places or not (hosted or any(_only_there(ctx, m) for m, _ in places)):
        return
    if ctx.search(lex.hedge):
        ctx.skip("hosting", "hosting: a best effort, not a promise")
        return
    for match, code in sorted(places, key=lambda pair: pair[0].start()):
        ctx.emit("hosting.regions", code, *match.span())


def _only_there(ctx: Context, place: re.Match[str]) -> bool:
    """Data stored or processed only in ``place`` ("stored only within the EU",
    "uitsluitend opgeslagen binnen de EU", "in Deutschland ausschließlich")."""
    lex = ctx.lexicon
    if not ctx.search(lex.stored):
        return False
    before = compiled(rf"(?:{lex.only})\W+(?:\w+\W+){{0,3}}$").search(ctx.text, 0, place.start())
    return bool(before or compiled(rf"\W*(?:{lex.only})").match(ctx.text, place.end()))


@functools.cache
def _eea() -> frozenset[str]:
    from policylint import regions

    return regions.expand(["eea"])


def cloud_regions(ctx: Context) -> None:
    taken: list[tuple[int, int]] = []
    for pattern, provider in CLOUD_PROVIDERS:
        for match in ctx.finditer(pattern):
            after = _REGION_AFTER.match(ctx.text, match.end())
            if (
                not after
                or after.group("region").split()[0].split("-")[0].lower() not in _REGION_WORDS
            ):
                continue
            if any(match.start() < e and s < after.end() for s, e in taken):
                continue
            taken.append((match.start(), after.end()))
            _resolve_region(ctx, provider, after.group("region"), match.start(), after.end())
    for pattern in (_AWS_ID, _GCP_ID):
        for match in ctx.finditer(pattern):
            if not any(match.start() < e and s < match.end() for s, e in taken):
                _resolve_region(ctx, None, match.group(0), *match.span())


def _resolve_region(ctx: Context, provider: str | None, words: str, start: int, end: int) -> None:
    from policylint import regions

    parts = re.split(r"[\s-]+", words)
    candidates = [words] + [" ".join(parts[:n]) for n in range(len(parts), 0, -1)]
    if len(parts) >= 2:
        candidates.insert(1, f"{parts[1]} {parts[0]}")
    for candidate in candidates:
        place = regions.resolve(candidate, provider)
        if place is not None and place.provider is not None:
            region_id = (
                "".join(candidate.split()).lower() if place.provider == "azure" else candidate
            )
            for country in place.countries:
                ctx.emit("hosting.regions", country, start, end, f"{place.provider} {region_id}")
            return
    name = ctx.text[start:end]
    ctx.skip(
        "hosting",
        f"hosting: {name!r} names no {provider or 'cloud'} region" + _near_regions(provider, parts),
        start,
        end,
    )


def _near_regions(provider: str | None, parts: list[str]) -> str:
    from policylint import regions

    if provider != "aws" or len(parts) < 2:
        return ""
    area = {"europe": "eu", "eu": "eu", "us": "us", "asia": "ap"}.get(parts[0].lower())
    if area is None:
        return ""
    prefix = f"{area}-{parts[1].lower()}-"
    near = []
    for region_id in regions.region_ids("aws"):
        place = regions.resolve(region_id, "aws")
        if region_id.startswith(prefix) and place is not None:
            near.append(f"{region_id} ({', '.join(place.countries)})")
    return f"; it may be {', '.join(near)}" if near else ""


def transfers(ctx: Context) -> None:
    lex = ctx.lexicon
    if "rights" in ctx.kinds:
        return
    outside = ctx.search(lex.outside)
    countries = [
        (m, code)
        for pattern, code in lex.countries
        if code not in _eea()
        for m in ctx.finditer(pattern)
    ]
    if not outside and not countries:
        if "transfers" in ctx.kinds:
            for pattern, _ in lex.safeguards:
                match = ctx.search(pattern)
                if match:
                    ctx.emit("hosting.transfers", "with_safeguards", *match.span())
                    return
        return
    where = outside or countries[0][0]
    denied = ctx.negated(where.start()) or ctx.search(lex.does_not_happen, where.end())
    if denied and ctx.search(lex.transfer_verb):
        ctx.emit("hosting.transfers", "forbidden", *where.span())
        return
    around = ctx.neighbours()
    codes = [code for pattern, code in lex.safeguards if compiled(pattern).search(around)]
    if not codes:
        ctx.skip("hosting", "transfers outside the EU without saying under which safeguards")
        return
    ctx.emit("hosting.transfers", "with_safeguards", *where.span())
    names = [s.name for s in SERVICES if ctx.search(s.pattern)] or [UNNAMED_PROCESSORS]
    note = "mainly" if ctx.search(lex.mainly) else ""
    for name in names:
        for match, code in countries:
            ctx.emit(f"processors[{name}].country", code, *match.span(), note)
        for code in dict.fromkeys(c for c in codes if c):
            ctx.emit(f"processors[{name}].safeguards", code, *where.span())


# -- processors, cookies, sale -----------------------------------------------------------


def services(ctx: Context) -> None:
    for service in SERVICES:
        match = ctx.search(service.pattern)
        if not match:
            continue
        if ctx.negated(match.start()):
            if service.cookies:
                ctx.emit("cookies.ruled_out", service.cookies, *match.span(), service.name)
            continue
        ctx.emit("processors", service.name, *match.span())
        legal_form = _LEGAL_FORM_AFTER.match(ctx.text, match.end())
        _processor_country(ctx, service.name, legal_form.end() if legal_form else match.end())
        if service.cookies:
            ctx.emit("cookies.allowed", service.cookies, *match.span(), service.name)


def processors(ctx: Context) -> None:
    """The organisations a list of processors names: an item of a list a sentence ending in
    "the following processors:" introduces, the words after such a colon ("verwerkers:
    Mollie B.V. (Nederland) voor betalingen"), or, in any sentence about processors, a name
    with its legal form after the word ("our service providers include Acme Inc."). A
    country in parentheses after the name is where it is."""
    if "processors" in ctx.kinds:
        _name_processors(ctx, 0, len(ctx.text), leading=ctx.before is None)
        return
    word = ctx.search(ctx.lexicon.processors)
    if word is None or ctx.negated(word.start()):
        return
    listed = processor_list(ctx)
    if listed is None:
        _name_processors(ctx, word.end(), len(ctx.text), leading=False)
        return
    separators = compiled(f",|;|{ctx.lexicon.coordinator}")
    bounds = [listed]
    for separator in separators.finditer(ctx.text, listed):
        bounds += [separator.start(), separator.end()]
    bounds.append(len(ctx.text))
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        _name_processors(ctx, start, end, leading=True)


def processor_list(ctx: Context) -> int | None:
    """Where the processors a sentence lists after its colon start, when the words before
    the colon name them ("we use the following processors:", "de volgende verwerkers in:")."""
    return ctx.introduces(ctx.lexicon.processors, trailing=2)


def _name_processors(ctx: Context, start: int, end: int, leading: bool) -> None:
    """Each organisation named in ``text[start:end]``: the names with a legal form, else,
    when ``leading``, the capitalised name it starts with."""
    spans = [m.span() for m in _COMPANY.finditer(ctx.text, start, end)]
    first = _LEADING_NAME.match(ctx.text, start, end) if leading and not spans else None
    if first:
        spans.append(first.span("name"))
    for name_start, name_end in spans:
        name = ctx.text[name_start:name_end]
        if _organisation(name):
            ctx.emit("processors", name, name_start, name_end)
            _processor_country(ctx, name, name_end)


def _organisation(name: str) -> bool:
    """A name that is an organisation's, not a pronoun, a legal form or a known service
    (which :func:`services` reads)."""
    if name.split()[0] in _NOT_NAMES or re.fullmatch(_LEGAL_FORM, name):
        return False
    return not any(compiled(s.pattern).search(name) for s in SERVICES)


def _processor_country(ctx: Context, name: str, end: int) -> None:
    """The country in parentheses after a processor's name: "Mollie B.V. (Nederland)",
    "Postmark (https://postmarkapp.com) (US)"."""
    inner = _PARENTHESES.match(ctx.text, end)
    while inner is not None:
        codes = _countries(ctx.lexicon, inner.group("inner"))
        if codes:
            ctx.emit(f"processors[{name}].country", codes[0], *inner.span("inner"))
            return
        inner = _PARENTHESES.match(ctx.text, inner.end())


def _countries(lexicon: Lexicon, words: str) -> list[str]:
    """The countries ``words`` name, by name in the notice's language or by code ("US")."""
    from policylint import regions

    codes = [code for pattern, code in lexicon.countries if compiled(pattern).search(words)]
    place = regions.resolve(words) if re.fullmatch(r"[A-Z]{2}", words) else None
    if place is not None and place.provider is None:
        codes += place.countries  # an ISO code, or UK
    return codes


@functools.cache
def _cookie_res(lexicon: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = sorted((p for p, _ in lexicon.cookie_words), key=len, reverse=True)
    adjective = "|".join(f"(?:{w})" for w in words)
    joiner = lexicon.cookie_joiner
    noun = lexicon.cookie_noun
    adjective_first = (
        rf"(?<!\w)(?:{adjective})(?:\s*-?\s*(?:{joiner})\s*(?:{adjective}))*\s*-?\s*(?:{noun})\b"
    )
    noun_first = rf"\b(?:{noun})\s+(?:{adjective})(?:\s*(?:{joiner})\s*(?:{adjective}))*\b"
    flags = re.IGNORECASE
    return (
        re.compile(f"{adjective_first}|{noun_first}", flags),
        re.compile(rf"(?<!\w)(?:{adjective})", flags),
        re.compile(noun, flags),
    )


def _cookie_category(lexicon: Lexicon, word: str) -> str:
    for pattern, category in lexicon.cookie_words:
        if compiled(f"(?:{pattern})").fullmatch(word):
            return category
    return ""


def _denied_after(ctx: Context, phrases: list[re.Match[str]], index: int) -> bool:
    """Whether a negation after the cookies of ``phrases[index]`` denies them: after them
    and the cookies a joiner adds to them ("Analytics and advertising cookies are never
    placed", "Werbe-Cookies werden nicht verwendet"), before any other cookies."""
    lex = ctx.lexicon
    joined = compiled(rf"[\s-]*(?:(?:{lex.cookie_joiner})\s*)?$")
    end = phrases[index].end()
    following = phrases[index + 1 :]
    while following and joined.match(ctx.text[end : following[0].start()]):
        end = following.pop(0).end()
    after = ctx.clause_after(end)
    if following:
        after = after[: max(0, following[0].start() - end)]
    relative = compiled(lex.relative).search(after)
    if relative:  # "cookies that do not identify you": said of them, not denying them
        after = after[: relative.start()]
    return bool(compiled(lex.negation).search(after)) and not compiled(lex.only).search(after)


def cookies(ctx: Context) -> None:
    lex = ctx.lexicon
    phrase_re, adjective_re, noun_re = _cookie_res(lex)
    phrases = list(phrase_re.finditer(ctx.text))
    for index, phrase in enumerate(phrases):
        before = ctx.clause_before(phrase.start())
        # "not placed without your consent", "placed without asking": used, on a condition
        around = before + " " + ctx.clause_after(phrase.end())
        conditional = bool(compiled(lex.consent_condition).search(around))
        negated = not conditional and (
            ctx.negated(phrase.start()) or _denied_after(ctx, phrases, index)
        )
        only = not conditional and bool(compiled(lex.only).search(before))
        named: list[str] = []
        for word in adjective_re.finditer(phrase.group(0)):
            if noun_re.fullmatch(word.group(0)):
                continue
            category = _cookie_category(lex, word.group(0))
            if category and category not in named:
                named.append(category)
        for category in named:
            path = "cookies.ruled_out" if negated else "cookies.allowed"
            ctx.emit(path, category, *phrase.span())
        if only and not negated:
            for other in ("strictly_necessary", "functional", "analytics", "advertising"):
                if other not in named:
                    ctx.emit("cookies.ruled_out", other, *phrase.span(), f"only {named[0]}")
    if not phrases and ctx.search(lex.third_party_cookies):
        ctx.skip("cookies", "cookies placed by third parties, of a kind the notice does not name")


def sale(ctx: Context) -> None:
    lex = ctx.lexicon
    match = ctx.search(lex.sale)
    if not match or not ctx.search(lex.data_noun) or ctx.search(_BUSINESS_SALE):
        return
    if not ctx.negated(match.start(), match.end()):
        ctx.skip("sale_of_data", "mentions selling data without ruling it out", *match.span())
        return
    exception = ctx.search(lex.exception)
    note = f"with an exception: {exception.group(0)!r}" if exception else ""
    ctx.emit("sale_of_data", "forbidden", *match.span(), note)


def sharing(ctx: Context) -> None:
    match = ctx.search(ctx.lexicon.sharing_consent)
    if match:
        ctx.emit("third_party_sharing", "consent", *match.span())


def empty_partner_list(ctx: Context) -> None:
    """A sentence announcing a list of partners ("Our processing partners:") with no list."""
    if ctx.after is not None or not ctx.text.endswith(":"):
        return
    if not ctx.search(ctx.lexicon.partners):
        return
    if ctx.following is None or not ctx.following.item:
        ctx.skip("processors", "announces a list of partners that the notice leaves empty")


READERS = (
    controller,
    contact,
    authority,
    data,
    age,
    hosting,
    cloud_regions,
    transfers,
    processors,
    services,
    cookies,
    sale,
    sharing,
    empty_partner_list,
)
