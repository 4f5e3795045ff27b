"""The documented patterns the extractor reads a notice with: one lexicon per language.

A :class:`Lexicon` is data: regular expressions over one sentence, as text, compiled on
first use (case-insensitive, except where a pattern says ``(?-i:...)``). Each language
module (``patterns_en``, ``patterns_nl``, ``patterns_fr``, ``patterns_de``) fills one in;
this module holds what does not depend on the language: supervisory authorities, named
services and the cookie categories of trackers.

Category vocabulary: each entry maps words to taxonomy keys, most specific words first
(``IP address`` before ``address``); a span of text is read by the first entry that matches
it. Decisions that are not obvious:

- *connection data* is the IP address a connection comes from and the logs that record it:
  ``user.device.ip_address`` and ``system.operations``; *logs* alone are
  ``system.operations``;
- *company*, *organisation* (of the person) is ``user.workplace``; *position*, *function*
  is ``user.job_title``; *billing information* is ``user.financial``;
- *contact details* is ``user.contact``; *technical data* about the device, the operating
  system and the browser is ``user.device``; photos, documents and messages a user makes
  are ``user.content``.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "AUTHORITIES",
    "SERVICES",
    "Lexicon",
    "Service",
    "compiled",
    "lexicon",
]


@dataclass(frozen=True, slots=True)
class Service:
    """A third party a notice may name: its usual name, its words, and, for a tracker,
    the cookie category it sets."""

    name: str
    pattern: str
    cookies: str | None = None


SERVICES: tuple[Service, ...] = (
    Service("Amazon Web Services", r"Amazon Web Services|(?-i:\bAWS\b)"),
    Service("Microsoft Azure", r"(?:Microsoft |MS )?\bAzure\b"),
    Service("Google Cloud", r"Google Cloud(?: Platform)?|(?-i:\bGCP\b)"),
    Service("Google Analytics", r"Google Analytics", "analytics"),
    Service("Google Ads", r"Google Ad(?:s|Words|Sense)\b|DoubleClick", "advertising"),
    Service("Hotjar", r"\bHotjar\b", "analytics"),
    Service("Matomo", r"\bMatomo\b|\bPiwik\b", "analytics"),
    Service("Mixpanel", r"\bMixpanel\b", "analytics"),
    Service("Amplitude", r"(?-i:\bAmplitude\b)", "analytics"),
    Service("Meta Pixel", r"(?:Facebook|Meta) Pixel", "advertising"),
    Service("LinkedIn Insight Tag", r"LinkedIn Insight", "advertising"),
    Service("Mailchimp", r"\bMail ?chimp\b"),
    Service("Brevo", r"\bSendinblue\b|(?-i:\bBrevo\b)"),
    Service("SendGrid", r"\bSendGrid\b"),
    Service("Intercom", r"(?-i:\bIntercom\b)"),
    Service("Zendesk", r"\bZendesk\b"),
    Service("HubSpot", r"\bHubSpot\b"),
    Service("Salesforce", r"\bSalesforce\b"),
    Service("Stripe", r"(?-i:\bStripe\b)"),
    Service("PayPal", r"\bPayPal\b"),
    Service("Twilio", r"\bTwilio\b"),
    Service("Sentry", r"(?-i:\bSentry\b)"),
    Service("OVHcloud", r"\bOVH(?:cloud)?\b"),
    Service("Scaleway", r"\bScaleway\b"),
    Service("Cloudflare", r"\bCloudflare\b"),
    Service("Heroku", r"\bHeroku\b"),
)

CLOUD_PROVIDERS: tuple[tuple[str, str], ...] = (
    (r"Microsoft Azure|MS Azure|\bAzure", "azure"),
    (r"Amazon Web Services|(?-i:\bAWS\b)|\bAmazon", "aws"),
    (r"Google Cloud(?: Platform)?|(?-i:\bGCP\b)", "gcp"),
)
"""Provider words that, followed by a region's name, say where data is hosted."""

AUTHORITIES: tuple[tuple[str, str], ...] = (
    ("CNIL", r"(?-i:\bCNIL\b)|Commission Nationale de l['’]Informatique et des Libert[ée]s"),
    ("Autoriteit Persoonsgegevens", r"Autoriteit Persoonsgegevens|autoriteitpersoonsgegevens\.nl"),
    (
        "Belgian Data Protection Authority",
        r"dataprotectionauthority\.be|gegevensbeschermingsautoriteit\.be|"
        r"autoriteprotectiondonnees\.be|Belgische (?:privacy)?(?:autoriteit(?:en)?|toezichthouder)|"
        r"Autorité de protection des données|Belgian Data Protection Authority",
    ),
    ("Datatilsynet", r"\bDatatilsynet\b|Deense (?:autoriteit(?:en)?|toezichthouder)"),
    ("ICO", r"Information Commissioner['’]?s? Office|(?-i:\bICO\b)"),
    ("BfDI", r"(?-i:\bBfDI\b)|Bundesbeauftragte[nr]? für den Datenschutz"),
    ("Data Protection Commission", r"(?-i:Data Protection Commission)|dataprotection\.ie"),
    ("AEPD", r"(?-i:\bAEPD\b)|Agencia Española de Protección de Datos"),
    ("Garante per la protezione dei dati personali", r"Garante per la protezione dei dati"),
    ("CNPD", r"(?-i:\bCNPD\b)|Commission nationale pour la protection des données"),
)


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Everything language-specific the extractor matches. Patterns are regex text.

    Compared and hashed by identity: there is one lexicon per language."""

    code: str
    sections: Mapping[str, str]
    """Section kind -> pattern over a heading: data, retention, cookies, children,
    transfers, rights, contact, sharing."""
    categories: tuple[tuple[str, tuple[str, ...]], ...]
    your_data: str
    """Data in general ("your data"): a retention statement with no category is about
    every category."""
    other_data: str
    """"and other information about you": the statement is also about every category."""
    data_qualifier: str
    """Words right after ``your_data`` that narrow it to part of the data ("your data *from*
    job applications"): a retention so stated is not about every category."""
    anonymous: str
    keep: str
    """Words saying data is kept, or deleted after a while ("deleted after 7 days")."""
    retention_cue: str
    numbers: Mapping[str, int]
    units: tuple[tuple[str, str], ...]
    """Unit word pattern -> ISO designator (Y, M, W, D)."""
    anchors: tuple[tuple[str, str], ...]
    """Event pattern -> SPEC section 3 anchor; ``collection`` is what a bare period means."""
    link: str
    """Words that join an event and a period ("plus", "to which are added", "after")."""
    counted_from: str
    """Words right after a period that introduce the event it counts from ("two years
    *after* ..."): when no anchor names that event, the retention is not decided."""
    alternative: str
    """The word for "or" between two events."""
    negation: str
    negation_after: str
    """A negation that follows the verb it denies ("wij verkopen uw gegevens *nooit*",
    "wir erheben *keine* Daten"): read in the words after the verb, up to a comma, a
    clause break or a ``coordinator``."""
    coordinator: str
    """Words that start another clause after a verb ("and", "or")."""
    only: str
    relative: str
    """What opens a relative clause after a noun ("cookies that do not identify you"): a
    negation in it says something of the cookies, not that they are not used."""
    consent_condition: str
    """Done "without" the person's consent or asking them: a condition, not a denial ("not
    placed without your consent" places them with it; "placed without asking" places them)."""
    hedge: str
    exception: str
    clause_break: str
    age_minimum: tuple[str, ...]
    age_under: str
    child_definition: str
    child_word: str
    parental_consent: str
    exclusion: str
    cookie_words: tuple[tuple[str, str], ...]
    cookie_noun: str
    cookie_joiner: str
    third_party_cookies: str
    hosting: str
    stored: str
    """Words saying where data is stored or processed: with ``only`` ("stored only in the
    EU") they state where it is hosted."""
    eu_regions: tuple[tuple[str, str], ...]
    outside: str
    countries: tuple[tuple[str, str], ...]
    safeguards: tuple[tuple[str, str], ...]
    """Pattern -> safeguard code; an empty code is a safeguard of no named kind."""
    transfer_verb: str
    mainly: str
    sale: str
    data_noun: str
    sharing_consent: str
    partners: str
    processors: str
    """Words naming processors; the organisations a sentence or list so introduced names
    are processors."""
    controller: tuple[str, ...]
    """Case-sensitive patterns with a group ``name``."""
    contact_cue: str
    collect: str = ""
    """A sentence saying data is collected or used ("we collect", "the following data"):
    the categories it names are read, in any section (unless it is negated)."""
    contact_section_words: str = ""
    does_not_happen: str = r"(?!)"
    """Words at the end of a sentence saying that what it names does not happen ("findet
    nicht statt", "does not take place"): a transfer so named is forbidden."""


@functools.cache
def lexicon(code: str) -> Lexicon:
    """The lexicon of a language code (en, nl, fr, de)."""
    module = importlib.import_module(f"policylint.notice.patterns_{code}")
    result: Lexicon = module.LEXICON
    return result


@functools.cache
def compiled(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """A pattern compiled once (case-insensitive unless asked otherwise)."""
    return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)
