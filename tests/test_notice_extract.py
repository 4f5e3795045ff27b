"""Reading privacy notices: the facts found, the draft policy, the readers and languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from policylint.notice import Extraction, extract, extract_text, render_policy
from policylint.notice.language import detect
from policylint.notice.model import retention_path
from policylint.notice.reading import read

REPO = Path(__file__).resolve().parent.parent
NOTICES = REPO / "tests" / "data" / "notices"
NAMES = ["kraaft-en", "kraaft-nl", "alloclaim-en", "letsbuild-nl", "crisisconnect-nl"]
STRICT_KINDS = ("subjects.", "categories[", "hosting.", "cookies.")
"""Minimum age, retention, hosting and cookie statements: all found, none invented."""


def _expected(name: str) -> set[tuple[str, object]]:
    data = yaml.safe_load((NOTICES / f"{name}.expected.yaml").read_text(encoding="utf-8"))
    return {(f["path"], f["value"]) for f in data["facts"]}


def _strict(pairs: set[tuple[str, object]]) -> set[tuple[str, object]]:
    return {p for p in pairs if p[0].startswith(STRICT_KINDS)}


def _schema_errors(text: str) -> list[str]:
    schema = json.loads((REPO / "schemas" / "policy.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load(text)
    return [e.message for e in Draft202012Validator(schema).iter_errors(data)]


@pytest.mark.parametrize("name", NAMES)
def test_every_stated_age_retention_hosting_and_cookie_fact_is_found(name: str) -> None:
    found = _strict(extract(NOTICES / f"{name}.txt").pairs())
    assert _strict(_expected(name)) - found == set()


@pytest.mark.parametrize("name", NAMES)
def test_no_age_retention_hosting_or_cookie_value_is_invented(name: str) -> None:
    found = _strict(extract(NOTICES / f"{name}.txt").pairs())
    assert found - _strict(_expected(name)) == set()


@pytest.mark.parametrize("name", NAMES)
def test_each_fact_quotes_the_line_it_cites(name: str) -> None:
    lines = (NOTICES / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    for fact in extract(NOTICES / f"{name}.txt").facts:
        words = fact.quote.strip("…")
        here = " ".join(lines[fact.line - 1].replace("•", " ").split())
        wrapped = " ".join(" ".join(lines[fact.line - 1 : fact.line + 2]).split())
        assert words in here or (words.startswith(here) and words in wrapped), fact


@pytest.mark.parametrize("language", ["en", "nl", "fr", "de"])
def test_every_category_the_patterns_name_is_in_the_taxonomy(language: str) -> None:
    from policylint.notice.patterns import lexicon
    from policylint.taxonomy import builtin

    categories = builtin().categories
    keys = {key for _, keys in lexicon(language).categories for key in keys}
    assert {key for key in keys if key not in categories} == set()


def test_the_english_and_dutch_kraaft_notices_make_the_same_promise() -> None:
    english = extract(NOTICES / "kraaft-en.txt")
    dutch = extract(NOTICES / "kraaft-nl.txt")
    assert (english.language, dutch.language) == ("en", "nl")
    assert english.pairs() == dutch.pairs()
    assert {(f.path, f.line) for f in english.facts} == {(f.path, f.line) for f in dutch.facts}


def test_kraaft_facts() -> None:
    facts = extract(NOTICES / "kraaft-en.txt")
    assert facts.values("subjects.minimum_age") == [15]
    assert facts.values("categories[user.device.ip_address].retention") == ["P1Y"]
    assert facts.values("categories[user.contact.email].retention") == ["account_deletion"]
    assert facts.values("categories[user.name].retention") == ["service_end+P5Y"]
    assert facts.values("hosting.regions") == ["eu"]
    assert facts.values("hosting.transfers") == ["with_safeguards"]
    assert facts.values("cookies.allowed") == ["strictly_necessary"]
    assert set(facts.values("cookies.ruled_out")) == {"advertising", "analytics", "functional"}
    assert facts.values("sale_of_data") == ["forbidden"]
    assert facts.find("subjects.minimum_age")[0].line == 9


def test_the_letsbuild_draft() -> None:
    draft = render_policy(extract(NOTICES / "letsbuild-nl.txt"))
    policy = yaml.safe_load(draft)
    assert _schema_errors(draft) == []
    assert policy["subjects"]["minimum_age"] == 13
    assert policy["hosting"] == {"regions": ["nl", "ie"], "transfers": "with_safeguards"}
    assert "azure westeurope" in draft and "azure northeurope" in draft
    us = [p for p in policy["processors"] if p.get("country") == "us"]
    assert us == [{"name": "unnamed external processors", "country": "us", "safeguards": ["dpa"]}]
    assert re.search(r"minimum_age: 13  # notice line 155: \"Moedwillig", draft)
    assert re.search(r"- nl  # notice line 106 \(azure westeurope\)", draft)
    assert re.search(r"# not decided: .*'Amazon Europe-West'.*\(line 106\)", draft)


@pytest.mark.parametrize("name", NAMES)
def test_every_draft_validates_and_cites_a_line_for_each_value(name: str) -> None:
    draft = render_policy(extract(NOTICES / f"{name}.txt"))
    assert _schema_errors(draft) == []
    for line in draft.splitlines():
        body = line.split("#", 1)[0].strip()
        value = body.split(":", 1)[1].strip() if ":" in body else body.lstrip("- ")
        if not body or body in ("version: 1", "- name: unnamed external processors"):
            continue
        if body.startswith("notice:") or not value:
            continue
        assert re.search(r"# notice lines? \d+|# not ruled out", line), line


def test_the_kraaft_draft_reads_like_the_example_policy() -> None:
    draft = yaml.safe_load(render_policy(extract(NOTICES / "kraaft-en.txt")))
    retention = {c["category"]: c.get("retention") for c in draft["categories"]}
    assert retention["user.device.ip_address"] == "P1Y"
    assert retention["user.contact.email"] == "account_deletion"
    assert retention["user.contact"] == "service_end+P5Y"
    assert draft["cookies"] == {"allowed": ["strictly_necessary"]}
    assert draft["sale_of_data"] == "forbidden"
    assert draft["supervisory_authority"] == "CNIL"


def test_a_retention_for_all_data_reaches_every_listed_category() -> None:
    draft = yaml.safe_load(render_policy(extract(NOTICES / "crisisconnect-nl.txt")))
    assert {c.get("retention") for c in draft["categories"]} == {"account_deletion"}
    alloclaim = yaml.safe_load(render_policy(extract(NOTICES / "alloclaim-en.txt")))
    assert {c.get("retention") for c in alloclaim["categories"]} == {"P36M"}
    assert alloclaim["subjects"] == {"minimum_age": 16}


def test_undecided_statements_are_comments_not_values() -> None:
    extraction = extract(NOTICES / "kraaft-en.txt")
    assert [s.line for s in extraction.skipped] == [47, 85]
    draft = render_policy(extraction)
    assert "# not decided: retention: names no period" in draft
    assert "(line 47)" in draft


def test_extraction_is_deterministic() -> None:
    first = extract(NOTICES / "letsbuild-nl.txt")
    assert extract(NOTICES / "letsbuild-nl.txt") == first
    assert render_policy(first) == render_policy(extract(NOTICES / "letsbuild-nl.txt"))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We keep your data for as long as you have an account with us.", "en"),
        ("Wij bewaren uw gegevens niet langer dan nodig is voor de dienst.", "nl"),
        ("Nous conservons vos données jusqu'à la suppression de votre compte.", "fr"),
        ("Wir speichern Ihre Daten nicht länger als für den Dienst nötig.", "de"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect(text) == language


@pytest.mark.parametrize(
    ("text", "language", "path", "value"),
    [
        ("Connection data is kept for a period of 1 year.", "en", "user.device.ip_address", "P1Y"),
        (
            "Your e-mail address is kept until your account is deleted.",
            "en",
            "user.contact.email",
            "account_deletion",
        ),
        (
            "Invoices are kept for the duration of the service plus the legal limitation "
            "period of 5 years.",
            "en",
            "user.financial",
            "service_end+P5Y",
        ),
        (
            "Factuurgegevens bewaren wij niet langer dan 36 maanden.",
            "nl",
            "user.financial",
            "P36M",
        ),
        (
            "Naam en e-mailadres bewaren wij voor de duur van de dienstverlening, vermeerderd "
            "met de wettelijke termijn van 5 jaar.",
            "nl",
            "user.name",
            "service_end+P5Y",
        ),
        (
            "Votre adresse IP est conservée jusqu'à la suppression du compte.",
            "fr",
            "user.device.ip_address",
            "account_deletion",
        ),
        (
            "Les données de connexion sont conservées pendant une durée de 13 mois.",
            "fr",
            "system.operations",
            "P13M",
        ),
        (
            "Ihre IP-Adresse wird für einen Zeitraum von 1 Jahr gespeichert.",
            "de",
            "user.device.ip_address",
            "P1Y",
        ),
    ],
)
def test_retention_statements(text: str, language: str, path: str, value: str) -> None:
    facts = extract_text(text, language=language)
    assert facts.values(f"categories[{path}].retention") == [value]


@pytest.mark.parametrize(
    ("text", "language", "age"),
    [
        ("You must be at least 16 years old to use the app.", "en", 16),
        ("We do not collect data from children under 13.", "en", 13),
        ("Wij verzamelen geen gegevens van kinderen onder 13 jaar.", "nl", 13),
        ("Nous ne collectons pas les données des enfants de moins de 15 ans.", "fr", 15),
        ("Wir erheben keine Daten von Kindern unter 16 Jahren.", "de", 16),
        ("Child – a person under 16 years old.\n\nWe do not target children.", "en", 16),
    ],
)
def test_minimum_age_and_children_clauses(text: str, language: str, age: int) -> None:
    assert extract_text(text, language=language).values("subjects.minimum_age") == [age]


def test_children_who_may_join_with_consent_are_not_a_minimum_age() -> None:
    text = "Children under 16 may use the service with their parents' consent."
    facts = extract_text(text, language="en")
    assert facts.values("subjects.minimum_age") == []
    assert "consent" in facts.skipped[0].reason


@pytest.mark.parametrize(
    ("text", "language", "path", "values"),
    [
        ("Your data is hosted within the European Union.", "en", "hosting.regions", ["eu"]),
        ("Our servers are located in Germany.", "en", "hosting.regions", ["de"]),
        ("Vos données sont hébergées dans l'Union européenne.", "fr", "hosting.regions", ["eu"]),
        (
            "We use the AWS region eu-central-1 (Frankfurt).",
            "en",
            "hosting.regions",
            ["de"],
        ),
        (
            "Data may be transferred to the United States under standard contractual clauses.",
            "en",
            "processors[unnamed external processors].safeguards",
            ["scc"],
        ),
        (
            "We do not use any advertising or statistical cookies.",
            "en",
            "cookies.ruled_out",
            ["advertising", "analytics"],
        ),
        ("We use Hotjar to understand how visitors use the site.", "en", "processors", ["Hotjar"]),
        (
            "Nous n'utilisons pas de cookies publicitaires.",
            "fr",
            "cookies.ruled_out",
            ["advertising"],
        ),
        ("Wir verkaufen Ihre Daten niemals.", "de", "sale_of_data", ["forbidden"]),
        ("Wir werden Ihre Daten niemals verkaufen.", "de", "sale_of_data", ["forbidden"]),
        (
            "We will never sell your personal data.",
            "en",
            "sale_of_data",
            ["forbidden"],
        ),
        ("Our supervisory authority is the CNIL.", "en", "supervisory_authority", ["CNIL"]),
    ],
)
def test_statements(text: str, language: str, path: str, values: list[object]) -> None:
    assert extract_text(text, language=language).values(path) == values


def test_markdown_keeps_the_source_lines() -> None:
    text = (
        "# Privacy\n\n## How long do we keep your data?\n\n"
        "- **Connection data** (logs, IP address) is kept\n  for a period of 1 year.\n"
        "- Your [e-mail address](mailto:x@example.com) is kept until your account is deleted.\n"
    )
    facts = extract_text(text, "markdown", language="en")
    [retention] = facts.find("categories[user.device.ip_address].retention")
    assert (retention.value, retention.line) == ("P1Y", 6)
    [email] = facts.find("categories[user.contact.email].retention")
    assert (email.value, email.line) == ("account_deletion", 7)


def test_html_keeps_the_source_lines() -> None:
    text = (
        "<html><head><title>x</title><style>p {}</style></head><body>\n"
        "<h2>Cookies</h2>\n"
        "<p>We do not use any\n"
        "<b>advertising</b> cookies.</p>\n"
        "<ul><li>Your data is hosted\n"
        "within the European&nbsp;Union.</li></ul>\n"
        "</body></html>\n"
    )
    facts = extract_text(text, "html", language="en")
    assert [(f.value, f.line) for f in facts.find("cookies.ruled_out")] == [("advertising", 4)]
    assert [(f.value, f.line) for f in facts.find("hosting.regions")] == [("eu", 6)]
    sentences = read(text, "html").sentences
    assert [s.text for s in sentences if s.heading] == ["Cookies"]


def test_plain_text_joins_wrapped_lines_and_splits_sentences() -> None:
    text = "Deze verklaring is voor het laatst\naangepast op 21 februari 2018. Zie ook hier."
    sentences = read(text).sentences
    assert [(s.text, s.line) for s in sentences] == [
        ("Deze verklaring is voor het laatst aangepast op 21 februari 2018.", 1),
        ("Zie ook hier.", 2),
    ]
    assert sentences[0].line_at(sentences[0].text.index("aangepast")) == 2


@pytest.mark.parametrize(
    ("text", "language", "categories"),
    [
        ("We collect your name and email address.", "en", ["user.name", "user.contact.email"]),
        (
            "We process the following personal data: name, postal address and IP address.",
            "en",
            ["user.name", "user.contact.address", "user.device.ip_address"],
        ),
        (
            "The personal data we collect:\n\n- your name\n- your email address\n",
            "en",
            ["user.name", "user.contact.email"],
        ),
        ("We do not collect your date of birth.", "en", []),
        (  # a list of reasons, not of data, though a password is named in it
            "We process your personal data for the following reasons:\n\n"
            "- to send you emails about password changes\n",
            "en",
            [],
        ),
        (  # a list of purposes
            "We use your personal data to:\n\n- send you our newsletter by email\n"
            "- contact you by phone\n",
            "en",
            [],
        ),
        ("We collect your email address and never share it.", "en", ["user.contact.email"]),
        ("We do not process the following data: your name.", "en", []),
        ("Wij verwerken uw naam en uw e-mailadres.", "nl", ["user.name", "user.contact.email"]),
        (
            "Nous collectons votre nom et votre adresse e-mail.",
            "fr",
            ["user.name", "user.contact.email"],
        ),
        (
            "Wir erheben Ihren Namen und Ihre E-Mail-Adresse.",
            "de",
            ["user.name", "user.contact.email"],
        ),
    ],
)
def test_categories_a_notice_says_it_collects(
    text: str, language: str, categories: list[str]
) -> None:
    """SPEC section 9: the categories of data listed, in a sentence saying they are
    collected or used, in whatever section, or in the list such a sentence introduces."""
    assert extract_text(text, "markdown", language=language).values("categories") == categories


def _notice(tmp_path: Path, text: str) -> Extraction:
    """Extract a notice written to a file, as ``policylint notice extract`` reads it."""
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    return extract(path)


@pytest.mark.parametrize(
    ("text", "category", "value"),
    [
        (
            "We keep your email address for two years after you delete your account.",
            "user.contact.email",
            "account_deletion+P2Y",
        ),
        (
            "We keep your email address for 30 days after the closure of your account.",
            "user.contact.email",
            "account_deletion+P30D",
        ),
        (
            "Invoices are kept for 7 years after the end of your subscription.",
            "user.financial",
            "contract_end+P7Y",
        ),
        (
            "Your phone number is kept for 6 months after the end of your membership.",
            "user.contact.phone_number",
            "contract_end+P6M",
        ),
        (
            "Your IP address is kept for 3 months after the end of the service.",
            "user.device.ip_address",
            "service_end+P3M",
        ),
        (
            "Your email address is kept for one year after your last login.",
            "user.contact.email",
            "last_activity+P1Y",
        ),
        ("We keep your email address for two years.", "user.contact.email", "P2Y"),
        (
            "We keep your email address for two years from collection.",
            "user.contact.email",
            "P2Y",
        ),
        (
            "Wij bewaren uw e-mailadres tot twee jaar na het verwijderen van uw account.",
            "user.contact.email",
            "account_deletion+P2Y",
        ),
        (
            "Wij bewaren uw e-mailadres tot twee jaar na het einde van uw lidmaatschap.",
            "user.contact.email",
            "contract_end+P2Y",
        ),
        (
            "Wij bewaren uw e-mailadres tot twee jaar na het einde van de overeenkomst.",
            "user.contact.email",
            "contract_end+P2Y",
        ),
        (
            "Wij bewaren uw telefoonnummer zes maanden na opzegging van uw abonnement.",
            "user.contact.phone_number",
            "contract_end+P6M",
        ),
        (
            "Wij bewaren uw IP-adres drie maanden na het einde van de dienstverlening.",
            "user.device.ip_address",
            "service_end+P3M",
        ),
        (
            "Wij bewaren uw e-mailadres één jaar na uw laatste login.",
            "user.contact.email",
            "last_activity+P1Y",
        ),
        (
            "Nous conservons votre adresse e-mail pendant deux ans après la suppression de "
            "votre compte.",
            "user.contact.email",
            "account_deletion+P2Y",
        ),
        (
            "Nous conservons vos factures pendant trois ans à compter de la fin de votre "
            "abonnement.",
            "user.financial",
            "contract_end+P3Y",
        ),
        (
            "Nous conservons votre adresse e-mail pendant un an après votre dernière connexion.",
            "user.contact.email",
            "last_activity+P1Y",
        ),
        (
            "Wir speichern Ihre E-Mail-Adresse zwei Jahre nach Löschung Ihres Kontos.",
            "user.contact.email",
            "account_deletion+P2Y",
        ),
        (
            "Wir speichern Ihre Telefonnummer drei Jahre nach dem Ende Ihrer Mitgliedschaft.",
            "user.contact.phone_number",
            "contract_end+P3Y",
        ),
        (
            "Wir speichern Ihre E-Mail-Adresse ein Jahr nach Ihrer letzten Anmeldung.",
            "user.contact.email",
            "last_activity+P1Y",
        ),
    ],
)
def test_a_period_after_an_event_counts_from_the_event(
    tmp_path: Path, text: str, category: str, value: str
) -> None:
    """SPEC section 3: ANCHOR+DURATION; a bare duration counts from collection."""
    extraction = _notice(tmp_path, text + "\n")
    assert extraction.values(f"categories[{category}].retention") == [value]
    draft = render_policy(extraction)
    assert re.search(rf"retention: {re.escape(value)}  # notice line 1: ", draft), draft


@pytest.mark.parametrize(
    "text",
    [
        "We keep your email address for two years after your last purchase.",
        "Wij bewaren uw e-mailadres twee jaar na afloop van het belastingjaar.",
        "Nous conservons votre adresse e-mail pendant deux ans après la fin de l'exercice.",
        "Wir speichern Ihre E-Mail-Adresse zwei Jahre nach Ende des Geschäftsjahres.",
    ],
)
def test_a_period_after_an_event_it_cannot_name_is_not_decided(tmp_path: Path, text: str) -> None:
    extraction = _notice(tmp_path, text + "\n")
    assert extraction.values("categories[user.contact.email].retention") == []
    [skipped] = extraction.skipped
    assert "event" in skipped.reason
    assert f"# not decided: {skipped.reason}" in render_policy(extraction)


@pytest.mark.parametrize(
    ("heading", "text"),
    [
        ("Welke gegevens verwerken wij?", "Wij verwerken geen burgerservicenummer (BSN)."),
        ("Privacyverklaring", "Wij verwerken geen burgerservicenummer (BSN)."),
        ("Welche Daten verarbeiten wir?", "Wir verarbeiten keine Gesundheitsdaten."),
        ("Datenschutzerklärung", "Wir speichern Ihre Gesundheitsdaten nicht."),
        ("Quelles données collectons-nous ?", "Nous ne collectons aucune donnée de santé."),
        ("What data do we collect?", "We do not collect your date of birth."),
    ],
)
def test_data_a_notice_says_it_does_not_process_is_not_listed(
    tmp_path: Path, heading: str, text: str
) -> None:
    extraction = _notice(tmp_path, f"{heading}\n\n{text}\n")
    assert extraction.values("categories") == []


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("Wij verzamelen uw e-mailadres en delen het nooit met derden.", ["user.contact.email"]),
        ("Wir erheben Ihre E-Mail-Adresse und geben sie nie weiter.", ["user.contact.email"]),
        ("Wij verwerken uw naam, maar geen burgerservicenummer.", ["user.name"]),
    ],
)
def test_a_negation_elsewhere_in_the_sentence_does_not_hide_the_data(
    tmp_path: Path, text: str, categories: list[str]
) -> None:
    assert _notice(tmp_path, text + "\n").values("categories") == categories


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        ("Wij verkopen uw persoonsgegevens nooit aan derden.", "sale_of_data", "forbidden"),
        ("Wij verkopen geen persoonsgegevens.", "sale_of_data", "forbidden"),
        ("Wir verkaufen Ihre Daten niemals an Dritte.", "sale_of_data", "forbidden"),
        ("Nous ne vendons jamais vos données personnelles.", "sale_of_data", "forbidden"),
        (
            "Wij geven uw gegevens niet door aan landen buiten de Europese Economische Ruimte.",
            "hosting.transfers",
            "forbidden",
        ),
        (
            "Wir geben Ihre Daten nicht an Empfänger außerhalb der EU weiter.",
            "hosting.transfers",
            "forbidden",
        ),
        (
            "Nous ne transférons pas vos données en dehors de l'Union européenne.",
            "hosting.transfers",
            "forbidden",
        ),
    ],
)
def test_promises_negated_after_the_verb(tmp_path: Path, text: str, path: str, value: str) -> None:
    """Dutch and German put the negation after the verb ("wij verkopen ... nooit")."""
    extraction = _notice(tmp_path, text + "\n")
    assert extraction.values(path) == [value]
    assert re.search(
        rf"{path.split('.')[-1]}: {value}  # notice line 1: ", render_policy(extraction)
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Stichting Voorbeeld is verwerkingsverantwoordelijke voor uw gegevens.",
            "Stichting Voorbeeld",
        ),
        (
            "Stichting Voorbeeld is de verwerkingsverantwoordelijke voor de verwerking van uw "
            "gegevens.",
            "Stichting Voorbeeld",
        ),
        ("Stichting Voorbeeld is the controller for your data.", "Stichting Voorbeeld"),
        ("The controller is Acme Data Services GmbH.", "Acme Data Services GmbH"),
        (
            "The controller of your personal data is Sparkly Labs Ltd, a company registered in "
            "Ireland.",
            "Sparkly Labs Ltd",
        ),
        ("Le responsable du traitement est Banque Lumière SA.", "Banque Lumière SA"),
        (
            "Le responsable du traitement de vos données personnelles est Banque Lumière SA, "
            "18 boulevard Haussmann, 75009 Paris.",
            "Banque Lumière SA",
        ),
        (
            'Snelvracht Logistiek B.V. ("Snelvracht", "wij") is de verwerkingsverantwoordelijke '
            "voor de verwerking van persoonsgegevens.",
            "Snelvracht Logistiek B.V.",
        ),
        (
            "Verantwortlich für die Datenverarbeitung ist die KlassenWolke Bildungstechnik GmbH, "
            "Schönhauser Allee 44, Berlin.",
            "KlassenWolke Bildungstechnik GmbH",
        ),
    ],
)
def test_the_controller(tmp_path: Path, text: str, name: str) -> None:
    extraction = _notice(tmp_path, text + "\n")
    assert extraction.values("controller") == [name]
    assert re.search(
        rf'controller: "?{re.escape(name)}"?  # notice line 1: ', render_policy(extraction)
    )


@pytest.mark.parametrize(
    ("text", "processors"),
    [
        (
            "Wij schakelen de volgende verwerkers in: Mollie B.V. (Nederland) voor betalingen.\n",
            [("Mollie B.V.", "nl")],
        ),
        (
            "We use the following processors: Acme Payments Ltd (United Kingdom) for payments.\n",
            [("Acme Payments Ltd", "gb")],
        ),
        (
            "Our sub-processors:\n\n- Postmark (postmarkapp.com) (United States): e-mail\n"
            "- Hetzner Online GmbH (Germany): hosting\n- Example Analytics\n",
            [("Postmark", "us"), ("Hetzner Online GmbH", "de"), ("Example Analytics", None)],
        ),
        (
            "Nous faisons appel aux sous-traitants suivants : Exemple SAS (France) pour "
            "l'hébergement et Paiements SARL pour les paiements.\n",
            [("Exemple SAS", "fr"), ("Paiements SARL", None)],
        ),
        (
            "Wir setzen folgende Auftragsverarbeiter ein: Beispiel GmbH (Deutschland) für den "
            "Versand.\n",
            [("Beispiel GmbH", "de")],
        ),
        (
            "Our service providers include Acme Hosting Inc. (US) and Stripe, Inc.\n",
            [("Acme Hosting Inc.", "us"), ("Stripe", None)],
        ),
        (
            "Nous faisons appel aux sous-traitants suivants :\n"
            "- Paylumen SAS (France), traitement des paiements par carte ;\n"
            "- Dupont et Fils SA (Belgique), impression.\n",
            [("Paylumen SAS", "fr"), ("Dupont et Fils SA", "be")],
        ),
        (
            "We share personal data with the following processors:\n"
            "- Acme Widgets Ltd (United Kingdom) - support;\n"
            "- Twilio Inc. (United States) - SMS.\n",
            [("Acme Widgets Ltd", "gb"), ("Twilio", "us")],
        ),
    ],
)
def test_processors_named_in_a_list_of_processors(
    tmp_path: Path, text: str, processors: list[tuple[str, str | None]]
) -> None:
    extraction = _notice(tmp_path, text)
    assert extraction.values("processors") == [name for name, _ in processors]
    for name, country in processors:
        assert extraction.values(f"processors[{name}].country") == ([country] if country else [])
    draft = render_policy(extraction)
    assert _schema_errors(draft) == []
    name, country = processors[0]
    line = next(n for n, words in enumerate(text.splitlines(), 1) if name in words)
    assert re.search(rf"- name: {re.escape(name)}  # notice line {line}: ", draft)
    if country:
        assert re.search(rf"\n    country: {country}  # notice line {line}: ", draft)


@pytest.mark.parametrize(
    "text",
    [
        "Acme Ltd was founded in 2010 and is based in London.",
        "We use the following processors for payments and hosting.",
        "Our service providers help us run the service.",
        "Voorbeeld B.V. controleert al haar verwerkers zorgvuldig.",
        "We use processors:\n\n- for payments\n- for hosting in the European Union\n",
    ],
)
def test_no_processor_is_read_from_an_ordinary_sentence(tmp_path: Path, text: str) -> None:
    assert _notice(tmp_path, text + "\n").values("processors") == []


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Your data is stored only within the European Union.", ["eu"]),
        ("Your data is processed exclusively in the EEA.", ["eea"]),
        ("Your personal data is kept only in Germany.", ["de"]),
        ("We host your data exclusively within the European Economic Area.", ["eea"]),
        ("Uw gegevens worden uitsluitend opgeslagen binnen de Europese Unie.", ["eu"]),
        ("Uw gegevens worden alleen in Nederland verwerkt.", ["nl"]),
        (
            "Vos données sont stockées exclusivement au sein de l'Espace économique européen.",
            ["eea"],
        ),
        ("Vos données sont conservées uniquement en France.", ["fr"]),
        ("Ihre Daten werden ausschließlich in Deutschland gespeichert.", ["de"]),
        ("Ihre Daten werden nur innerhalb der Europäischen Union verarbeitet.", ["eu"]),
        ("Some of our processors store data outside the EU, mainly in the US.", []),
        ("We only collect what we need, and we process it in the United States.", []),
    ],
)
def test_data_stored_only_in_a_place_is_hosted_there(
    tmp_path: Path, text: str, regions: list[str]
) -> None:
    extraction = _notice(tmp_path, text + "\n")
    assert extraction.values("hosting.regions") == regions
    if regions:
        assert f"- {regions[0]}  # notice line 1: " in render_policy(extraction)


@pytest.mark.parametrize(
    ("text", "ruled_out"),
    [
        ("Advertising cookies are not used on this website.", ["advertising"]),
        ("Analytics and advertising cookies are never placed.", ["analytics", "advertising"]),
        ("Les cookies publicitaires ne sont pas utilisés sur notre site.", ["advertising"]),
        ("Nous n'utilisons aucun cookie publicitaire.", ["advertising"]),
        (
            "Advertentiecookies en analytische cookies plaatsen wij niet.",
            ["advertising", "analytics"],
        ),
        ("Werbe-Cookies werden nicht verwendet.", ["advertising"]),
        (
            "Analyse-Cookies, Tracking-Cookies oder Werbe-Cookies setzen wir\nnicht ein.",
            ["analytics", "advertising"],
        ),
    ],
)
def test_cookies_ruled_out_by_a_negation_after_them(
    tmp_path: Path, text: str, ruled_out: list[str]
) -> None:
    """The negation may follow the cookies it denies ("... cookies are not used")."""
    extraction = _notice(tmp_path, f"# Cookies\n\n{text}\n")
    assert extraction.values("cookies.allowed") == []
    assert list(dict.fromkeys(extraction.values("cookies.ruled_out"))) == ruled_out
    draft = yaml.safe_load(render_policy(extraction))
    assert not set(ruled_out) & set(draft["cookies"]["allowed"])


@pytest.mark.parametrize(
    ("text", "allowed", "ruled_out"),
    [
        ("Analytics cookies are not placed without your consent.", ["analytics"], []),
        ("Analytische cookies plaatsen wij niet zonder uw toestemming.", ["analytics"], []),
        ("Analyse-Cookies werden nicht ohne Ihre Einwilligung gesetzt.", ["analytics"], []),
        (
            "Les cookies analytiques ne sont pas déposés sans votre consentement.",
            ["analytics"],
            [],
        ),
        ("We only place strictly necessary cookies without asking.", ["strictly_necessary"], []),
        ("We use analytics cookies that do not identify you personally.", ["analytics"], []),
        ("Nous utilisons des cookies analytiques qui ne vous identifient pas.", ["analytics"], []),
        ("Wij gebruiken analytische cookies die u niet identificeren.", ["analytics"], []),
        ("Wir verwenden Analyse-Cookies, die Sie nicht identifizieren.", ["analytics"], []),
        (
            "We never use advertising cookies; analytics cookies are not set without your consent.",
            ["analytics"],
            ["advertising"],
        ),
    ],
)
def test_cookies_set_on_consent_are_used_not_ruled_out(
    tmp_path: Path, text: str, allowed: list[str], ruled_out: list[str]
) -> None:
    """A consent "not without" places the cookies with it: a condition, not a denial;
    "without asking" places them too, and a negation in a relative clause ("that do not
    identify you") says something of them. A denial in another clause still rules out."""
    extraction = _notice(tmp_path, f"# Cookies\n\n{text}\n")
    assert extraction.values("cookies.allowed") == allowed
    assert extraction.values("cookies.ruled_out") == ruled_out


def test_cookies_used_beside_cookies_ruled_out_stay_allowed(tmp_path: Path) -> None:
    text = "We use strictly necessary cookies, but advertising cookies are not used.\n"
    extraction = _notice(tmp_path, text)
    assert extraction.values("cookies.allowed") == ["strictly_necessary"]
    assert extraction.values("cookies.ruled_out") == ["advertising"]


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Your data is not stored in the United States; it is hosted in Germany.", ["de"]),
        (
            "Your data is hosted in the United States under no circumstances; it is hosted "
            "in Ireland.",
            ["ie"],
        ),
        (
            "Ihre Daten werden in den USA nicht gespeichert. Wir hosten Ihre Daten in Deutschland.",
            ["de"],
        ),
        (
            "Vos données ne sont pas hébergées aux États-Unis. Elles sont hébergées en Irlande.",
            ["ie"],
        ),
        ("Our servers are located in Germany and are never hosted in the United States.", ["de"]),
    ],
)
def test_a_place_data_is_not_hosted_in_is_no_region(
    tmp_path: Path, text: str, regions: list[str]
) -> None:
    assert _notice(tmp_path, text + "\n").values("hosting.regions") == regions


@pytest.mark.parametrize(
    "text",
    [
        "Eine Übermittlung personenbezogener Daten in Länder außerhalb der Europäischen\n"
        "Union findet nicht statt.",
        "Een doorgifte van persoonsgegevens naar landen buiten de EU vindt niet plaats.",
        "A transfer of personal data outside the European Union does not take place.",
    ],
)
def test_a_transfer_that_does_not_take_place_is_forbidden(tmp_path: Path, text: str) -> None:
    extraction = _notice(tmp_path, text + "\n")
    assert extraction.values("hosting.transfers") == ["forbidden"]
    assert "transfers: forbidden  # notice line " in render_policy(extraction)


@pytest.mark.parametrize(
    "text",
    [
        "We collect your name, your IP address and your bank account number.\n"
        "Your data from job applications is kept for 4 weeks.",
        "Nous collectons vos nom et prénom, votre adresse IP et votre IBAN.\n"
        "Vos données de prospection sont conservées 3 ans.",
        "Wir verarbeiten Ihren Namen, Ihre IP-Adresse und Ihre IBAN.\n"
        "Ihre Daten zur Anmeldung werden 1 Jahr gespeichert.",
        "Wij verwerken uw naam, uw IP-adres en uw IBAN.\n"
        "Uw gegevens van de sollicitatie bewaren wij 4 weken.",
    ],
)
def test_a_retention_of_part_of_your_data_is_not_for_all_data(tmp_path: Path, text: str) -> None:
    """ "Your data from job applications" is not all data: the period is not decided."""
    extraction = _notice(tmp_path, text + "\n")
    assert "user.device.ip_address" in extraction.values("categories")
    assert [f for f in extraction.facts if f.path.endswith(".retention")] == []
    assert re.search(r"# not decided: retention: .*\(line 2\)", render_policy(extraction))


def test_the_controller_named_after_a_colon(tmp_path: Path) -> None:
    text = (
        "# Datenschutz\n\n## Verantwortlicher\n\nVerantwortlich für die Datenverarbeitung "
        "auf dieser Plattform ist:\n\n**KlassenWolke Bildungstechnik GmbH**\nSchönhauser "
        "Allee 44\n"
    )
    path = tmp_path / "notice.md"
    path.write_text(text, encoding="utf-8")
    extraction = extract(path)
    assert extraction.values("controller") == ["KlassenWolke Bildungstechnik GmbH"]
    assert "controller: KlassenWolke Bildungstechnik GmbH  # notice line 7: " in render_policy(
        extraction
    )


@pytest.mark.parametrize(
    "text",
    [
        "We collect your precise location.\nLocation data is deleted after 7 days.",
        "Wij verwerken locatiegegevens (GPS).\nGPS-locatiegegevens worden na 7 dagen verwijderd.",
        "Wir verarbeiten Ihren Standort.\nStandortdaten werden nach 7 Tagen gelöscht.",
        "Nous collectons votre localisation.\nLa localisation est supprimée après 7 jours.",
    ],
)
def test_data_deleted_after_a_period_is_kept_for_it(tmp_path: Path, text: str) -> None:
    extraction = _notice(tmp_path, text + "\n")
    assert extraction.values("categories[user.location].retention") == ["P7D"]
    assert "retention: P7D  # notice line 2: " in render_policy(extraction)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Die Plattform richtet sich an Personen ab 16 Jahren.", 16),
        ("Ein eigenes Konto kann erst ab einem Alter von 10 Jahren angelegt werden.", 10),
        ("Notre service est accessible dès 13 ans.", 13),
        ("Notre service est accessible à partir de 15 ans.", 15),
        ("Users between 13 and 16 need the consent of a parent. Nobody under 13 may register.", 13),
        (
            "Je kunt een account aanmaken vanaf 16 jaar; wij verwerken geen gegevens van "
            "jongere kinderen.",
            16,
        ),
    ],
)
def test_a_minimum_age_stated_as_from_an_age(tmp_path: Path, text: str, age: int) -> None:
    extraction = _notice(tmp_path, text + "\n")
    assert extraction.values("subjects.minimum_age") == [age]
    assert f"minimum_age: {age}  # notice line 1: " in render_policy(extraction)


RETENTION_TABLES = {
    "notice.md": (
        "# Retention\n\n| Data | Retention period |\n|---|---|\n"
        "| Your email address | 2 years after account closure |\n| IP addresses | 6 months |\n"
    ),
    "notice.html": (
        "<h2>Retention</h2>\n<table>\n<tr><th>Data</th><th>Kept for</th></tr>\n"
        "<tr><td>Your email address</td><td>2 years after account closure</td></tr>\n"
        "<tr><td>IP addresses</td><td>6 months</td></tr>\n</table>\n"
    ),
    "bewaren.md": (
        "# Bewaartermijnen\n\n| Gegevens | Bewaartermijn |\n| --- | --- |\n"
        "| Uw e-mailadres | 2 jaar na het opzeggen van uw account |\n| IP-adressen | 6 maanden |\n"
    ),
}


@pytest.mark.parametrize("name", sorted(RETENTION_TABLES))
def test_a_retention_table_is_read_row_by_row(tmp_path: Path, name: str) -> None:
    """A Markdown or HTML table of data and periods states a retention on each row: a row
    reads as its cells, each after its column's header; the header row states nothing."""
    path = tmp_path / name
    path.write_text(RETENTION_TABLES[name], encoding="utf-8")
    extraction = extract(path)
    assert extraction.values(retention_path("user.contact.email")) == ["account_deletion+P2Y"]
    assert extraction.values(retention_path("user.device.ip_address")) == ["P6M"]
    assert not extraction.skipped
