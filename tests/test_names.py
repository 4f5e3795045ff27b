"""The field-name classifier behind PL203 untagged-personal-data: policylint.names."""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from policylint import records
from policylint.names import NameMatch, classify, split_words
from repofiles import load

LANGUAGES = {"en", "nl", "fr", "de"}


def _data(name: str) -> Any:
    text = (importlib.resources.files("policylint") / "data" / name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@pytest.fixture(scope="module")
def taxonomy_keys() -> set[str]:
    return {entry["key"] for entry in _data("taxonomy.yaml")["data_categories"]}


@pytest.fixture(scope="module")
def vocabulary() -> dict[str, Any]:
    data: dict[str, Any] = _data("vocabulary.yaml")
    return data


@pytest.fixture(scope="module")
def accuracy() -> ModuleType:
    return load("scripts/name_accuracy.py")


# ---- split_words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("user_email", ["user", "email"]),
        ("USER_EMAIL", ["user", "email"]),
        ("emailAddress", ["email", "address"]),
        ("EmailAddress", ["email", "address"]),
        ("e-mail-adres", ["e", "mail", "adres"]),
        ("customer.address.city", ["customer", "address", "city"]),
        ("billing street", ["billing", "street"]),
        ("address_line1", ["address", "line", "1"]),
        ("Bank1IBAN", ["bank", "1", "iban"]),
        ("ssn_last_4", ["ssn", "last", "4"]),
        ("lastLoginIP", ["last", "login", "ip"]),
        ("lastLoginIp", ["last", "login", "ip"]),
        ("IPAddress", ["ip", "address"]),
        ("ipAddr", ["ip", "addr"]),
        ("EMail", ["e", "mail"]),
        ("userIDs", ["user", "ids"]),
        ("URLs", ["urls"]),
        ("getHTTPResponseCode", ["get", "http", "response", "code"]),
        ("inpA_nummer", ["inp", "a", "nummer"]),
        ("x-forwarded-for", ["x", "forwarded", "for"]),
        ("Geburtsdatum", ["geburtsdatum"]),
        ("Staatsangehörigkeit", ["staatsangehörigkeit"]),
        ("prénomUsuel", ["prénom", "usuel"]),
        ("date_de_naissance", ["date", "de", "naissance"]),
        ("__id__", ["id"]),
        ("", []),
        ("---", []),
    ],
)
def test_split_words(name: str, words: list[str]) -> None:
    assert split_words(name) == words


# ---- personal names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "category"),
    [
        # prefixes, suffixes and case styles
        ("email", "user.contact.email"),
        ("user_email", "user.contact.email"),
        ("emailAddress", "user.contact.email"),
        ("EmailAddress", "user.contact.email"),
        ("EMAIL_ADDRESS", "user.contact.email"),
        ("email_addr", "user.contact.email"),  # not the postal `addr`
        ("emailAddr", "user.contact.email"),
        ("e_mail", "user.contact.email"),
        ("e-mail", "user.contact.email"),
        ("customer.email", "user.contact.email"),
        ("billing_street", "user.contact.address.street"),
        ("customer_phone_number", "user.contact.phone_number"),
        ("home_address_line1", "user.contact.address"),
        ("customer_name", "user.name"),
        ("first_name", "user.name.first"),
        ("firstName", "user.name.first"),
        ("lastname", "user.name.last"),
        ("surname", "user.name.last"),
        ("username", "user.account.username"),
        ("password_hash", "user.authorization.password"),
        ("phone", "user.contact.phone_number"),
        ("mobile", "user.contact.phone_number"),
        ("MobilePhone", "user.contact.phone_number"),
        ("street", "user.contact.address.street"),
        ("zip", "user.contact.address.postal_code"),
        ("zipCode", "user.contact.address.postal_code"),
        ("postal_code", "user.contact.address.postal_code"),
        ("city", "user.contact.address.city"),
        ("MailingCity", "user.contact.address.city"),
        ("dob", "user.demographic.date_of_birth"),
        ("date_of_birth", "user.demographic.date_of_birth"),
        ("dateOfBirth", "user.demographic.date_of_birth"),
        ("birthdate", "user.demographic.date_of_birth"),
        ("age", "user.demographic.age"),
        ("gender", "user.demographic.gender"),
        ("marital_status", "user.demographic.marital_status"),
        ("ip_address", "user.device.ip_address"),
        ("lastLoginIp", "user.device.ip_address"),
        ("lastLoginIP", "user.device.ip_address"),
        ("ipAddr", "user.device.ip_address"),
        ("IPAddress", "user.device.ip_address"),
        ("x_forwarded_for", "user.device.ip_address"),
        ("device_id", "user.device.device_id"),
        ("deviceId", "user.device.device_id"),
        ("advertising_id", "user.device.device_id"),
        ("cookie_id", "user.device.cookie_id"),
        ("iban", "user.financial.bank_account"),
        ("credit_card_number", "user.financial.credit_card"),
        ("ssn", "user.government_id.national_identification_number"),
        ("social_security_number", "user.government_id.national_identification_number"),
        ("tax_id", "user.government_id.national_identification_number"),
        ("passport_no", "user.government_id.passport_number"),
        ("passportNumber", "user.government_id.passport_number"),
        ("drivers_license_number", "user.government_id.drivers_license_number"),
        ("license_plate", "user.government_id.vehicle_registration"),
        ("medical_record_number", "user.health_and_medical.record_id"),
        ("diagnosis", "user.health_and_medical"),
        ("religion", "user.demographic.religious_belief"),
        ("ethnicity", "user.demographic.race_ethnicity"),
        ("political_opinion", "user.demographic.political_opinion"),
        ("sexual_orientation", "user.demographic.sexual_orientation"),
        ("fingerprint", "user.biometric.fingerprint"),
        ("latitude", "user.location.precise"),
        ("longitude", "user.location.precise"),
        ("lat", "user.location.precise"),
        ("lng", "user.location.precise"),
        ("geolocation", "user.location.precise"),
        ("job_title", "user.job_title"),
        ("jobTitle", "user.job_title"),
        ("employer", "user.workplace"),
        ("avatar_url", "user.content.self_image"),
        # Dutch
        ("achternaam", "user.name.last"),
        ("voornaam", "user.name.first"),
        ("geslachtsnaam", "user.name.last"),
        ("tussenvoegsel", "user.name.last"),
        ("emailadres", "user.contact.email"),
        ("e-mailadres", "user.contact.email"),
        ("telefoonnummer", "user.contact.phone_number"),
        ("adres", "user.contact.address"),
        ("straat", "user.contact.address.street"),
        ("huisnummer", "user.contact.address.street"),
        ("huisnummertoevoeging", "user.contact.address.street"),
        ("postcode", "user.contact.address.postal_code"),
        ("woonplaats", "user.contact.address.city"),
        ("woonplaatsNaam", "user.contact.address.city"),
        ("geboortedatum", "user.demographic.date_of_birth"),
        ("geboorte_datum", "user.demographic.date_of_birth"),
        ("geslacht", "user.demographic.gender"),
        ("bsn", "user.government_id.national_identification_number"),
        ("burgerservicenummer", "user.government_id.national_identification_number"),
        ("inpBsn", "user.government_id.national_identification_number"),
        ("nationaliteiten", "user.demographic"),
        ("klantnaam", "user.name"),
        # French
        ("nom", "user.name"),
        ("prenom", "user.name.first"),
        ("prénom", "user.name.first"),
        ("nom_de_naissance", "user.name.last"),
        ("nomNaissance", "user.name.last"),
        ("nomPatient", "user.name"),
        ("courriel", "user.contact.email"),
        ("adresse_email", "user.contact.email"),
        ("telephone", "user.contact.phone_number"),
        ("numero_telephone", "user.contact.phone_number"),
        ("adresse", "user.contact.address"),
        ("rue", "user.contact.address.street"),
        ("code_postal", "user.contact.address.postal_code"),
        ("ville", "user.contact.address.city"),
        ("date_de_naissance", "user.demographic.date_of_birth"),
        ("dateNaissance", "user.demographic.date_of_birth"),
        ("lieu_de_naissance", "user.demographic"),
        ("sexe", "user.demographic.gender"),
        ("nir", "user.government_id.national_identification_number"),
        ("numero_securite_sociale", "user.government_id.national_identification_number"),
        ("numero_passeport", "user.government_id.passport_number"),
        # German
        ("Vorname", "user.name.first"),
        ("Nachname", "user.name.last"),
        ("Familienname", "user.name.last"),
        ("Geburtsname", "user.name.last"),
        ("Telefonnummer", "user.contact.phone_number"),
        ("Mobilnummer", "user.contact.phone_number"),
        ("Anschrift", "user.contact.address"),
        ("Emailadresse", "user.contact.email"),
        ("Lieferadresse", "user.contact.address"),
        ("Rechnungsadresse", "user.contact.address"),
        ("Straße", "user.contact.address.street"),
        ("Hausnummer", "user.contact.address.street"),
        ("plz", "user.contact.address.postal_code"),
        ("Postleitzahl", "user.contact.address.postal_code"),
        ("Wohnort", "user.contact.address.city"),
        ("Geburtsdatum", "user.demographic.date_of_birth"),
        ("Geschlecht", "user.demographic.gender"),
        ("Staatsangehörigkeit", "user.demographic"),
        ("Familienstand", "user.demographic.marital_status"),
        ("Steuer-ID", "user.government_id.national_identification_number"),
        ("Steueridentifikationsnummer", "user.government_id.national_identification_number"),
        ("Sozialversicherungsnummer", "user.government_id.national_identification_number"),
        ("Reisepassnummer", "user.government_id.passport_number"),
        ("Fuehrerscheinnummer", "user.government_id.drivers_license_number"),
        ("KFZ-Kennzeichen", "user.government_id.vehicle_registration"),
        ("Kontonummer", "user.financial.bank_account"),
    ],
)
def test_personal_names(name: str, category: str) -> None:
    match = classify(name)
    assert match is not None, name
    assert match.category == category


@pytest.mark.parametrize(
    ("name", "term", "language"),
    [
        ("emailAddress", "email address", "en"),
        ("geboortedatum", "geboortedatum", "nl"),
        ("date_de_naissance", "date naissance", "fr"),
        ("Geburtsdatum", "geburtsdatum", "de"),
        ("lastLoginIp", "ip", "en"),
        ("Staatsangehörigkeit", "staatsangehoerigkeit", "de"),
    ],
)
def test_match_names_the_term_and_its_language(name: str, term: str, language: str) -> None:
    match = classify(name)
    assert match is not None
    assert (match.term, match.language) == (term, language)


# ---- names that only contain a personal word -------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        # metadata about a personal value
        "email_sent",
        "emailSent",
        "send_email",
        "is_email_verified",
        "isEmailVerified",
        "email_verified",
        "verified_email",
        "email_verified_at",
        "email_count",
        "email_template",
        "email_marketing_consent",
        "EmailBouncedReason",
        "HasOptedOutOfEmail",
        "phone_model",
        "has_phone",
        "phone_updated_at",
        "address_type",
        "billing_address_id",
        "ip_version",
        "ip_range",
        "num_addresses",
        "password_changed_at",
        "cookie_consent",
        "id_number_provided",
        "photoUploaded",
        "verzonden_email",
        "PassGueltigBis",
        "VisumAblaufAm",
        "date_premiere_immatriculation",
        "datumAanvangAdreshouding",
        "indicatieGeheim",
        "aanduidingBijHuisnummer",
        # references to records and record metadata
        "id",
        "user_id",
        "userId",
        "customer_id",
        "gebruikersId",
        "created_at",
        "updated_at",
        "country_code",
        "country",
        "state",
        # names, cities and logins of things rather than people
        "name_space",
        "namespace",
        "file_name",
        "fileName",
        "filename",
        "table_name",
        "store_name",
        "coupon_rule_name",
        "hostname",
        "nom_etablissement",
        "nom_commune",
        "last_login",
        "login_attempts",
        "store_email",
        "warehouse_address",
        "zipfile",
        # words that merely contain a term
        "postage",
        "passage",
        "user_agent_version",
        "message",
        "usage",
        "language",
        "health_check",
        "max_age",
        "order_total",
        "sku",
        "currency",
        "status",
    ],
)
def test_not_personal(name: str) -> None:
    assert classify(name) is None


def test_a_pseudonymous_key_is_not_the_personal_value() -> None:
    """`user_id` points at the user record, which carries the tag: PL203 stays silent.
    An identifier that travels with the person (device, advertising, government) is flagged."""
    assert classify("user_id") is None
    assert classify("customer_id") is None
    assert classify("device_id") is not None
    assert classify("advertising_id") is not None
    assert classify("national_id") is not None


def test_weak_terms_need_a_person() -> None:
    assert classify("name") is not None
    assert classify("customer_name") is not None
    assert classify("shipping_name") is not None
    assert classify("product_name") is None
    assert classify("city") is not None
    assert classify("billing_city") is not None
    assert classify("store_city") is None


def test_classify_is_cached() -> None:
    assert classify("customer_email") is classify("customer_email")


def test_name_match_is_a_frozen_record() -> None:
    match = NameMatch("user.contact.email", "email", "en")
    for field in records.fields(match):
        with pytest.raises(records.FrozenInstanceError):
            setattr(match, field.name, "changed")
    assert not hasattr(match, "__dict__")


# ---- the vocabulary --------------------------------------------------------------------


def test_vocabulary_categories_are_taxonomy_keys(
    vocabulary: dict[str, Any], taxonomy_keys: set[str]
) -> None:
    unknown = {t["term"]: t["category"] for t in vocabulary["terms"]}
    assert {term: key for term, key in unknown.items() if key not in taxonomy_keys} == {}


def test_vocabulary_entries_are_well_formed(vocabulary: dict[str, Any]) -> None:
    terms = [entry["term"] for entry in vocabulary["terms"]]
    assert len(terms) == len(set(terms)), "a term is listed twice"
    for entry in vocabulary["terms"]:
        assert set(entry) == {"term", "language", "category"}, entry
        assert entry["language"] in LANGUAGES, entry
        assert entry["term"] == entry["term"].lower().strip(), entry
    assert set(vocabulary["weak_terms"]) <= set(terms)


def test_vocabulary_covers_every_language(vocabulary: dict[str, Any]) -> None:
    per_language = dict.fromkeys(LANGUAGES, 0)
    for entry in vocabulary["terms"]:
        per_language[entry["language"]] += 1
    assert min(per_language.values()) >= 60, per_language


def test_vocabulary_lists_do_not_contradict(vocabulary: dict[str, Any]) -> None:
    person = set(vocabulary["person_words"])
    assert person.isdisjoint(vocabulary["metadata_words"])
    assert person.isdisjoint(vocabulary["organisation_words"])
    assert person.isdisjoint(vocabulary["leading_words"])
    assert set(vocabulary["neutral_words"]).isdisjoint(vocabulary["metadata_words"])


# ---- the measured corpus ---------------------------------------------------------------


def test_corpus_is_labelled_with_taxonomy_keys(
    accuracy: ModuleType, taxonomy_keys: set[str]
) -> None:
    rows = accuracy.load_corpus()
    assert len(rows) >= 450
    assert len({row.name.lower() for row in rows}) == len(rows), "a name is listed twice"
    for language in ("nl", "fr", "de"):
        assert sum(row.language == language for row in rows) >= 40, language
    personal = sum(row.personal for row in rows) / len(rows)
    assert 0.35 <= personal <= 0.65
    for row in rows:
        assert (row.category in taxonomy_keys) if row.personal else row.category is None, row


def test_corpus_names_every_source(accuracy: ModuleType) -> None:
    header = accuracy.CORPUS.read_text(encoding="utf-8").split("\nname\t", 1)[0]
    for source in {row.source for row in accuracy.load_corpus()}:
        assert f"#   {source} " in header, source


def test_corpus_accuracy(accuracy: ModuleType) -> None:
    scores = accuracy.evaluate(accuracy.load_corpus())
    overall = scores["all"]
    assert overall.precision >= 0.90, accuracy.table(scores)
    assert overall.recall >= 0.85, accuracy.table(scores)
    for language in sorted(LANGUAGES):
        assert scores[language].recall >= 0.75, accuracy.table(scores)


def test_accuracy_script_exit_code(
    accuracy: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert accuracy.main([]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["language", "names", "personal"]
    assert out.splitlines()[-1].startswith("all")


def test_accuracy_script_fails_below_target(
    accuracy: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus.tsv"
    corpus.write_text(
        "# a corpus on which the classifier cannot reach its targets\n"
        "name\tlanguage\tpersonal\tcategory\tsource\n"
        "email_sent\ten\tyes\tuser.contact.email\ttest\n"
        "customer_email\ten\tno\t-\ttest\n",
        encoding="utf-8",
    )
    assert accuracy.main(["--corpus", str(corpus)]) == 1
    assert "below target" in capsys.readouterr().err
