"""German patterns (see :mod:`policylint.notice.patterns` for what each field means)."""

from __future__ import annotations

from policylint.notice.patterns import Lexicon

_NUMBER_WORDS = [
    "ein",
    "zwei",
    "drei",
    "vier",
    "fünf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "elf",
    "zwölf",
]
_UNITS = r"Jahre?n?|Monate?n?|Wochen?|Tage?n?"

_PROCESSORS = r"\b(?:Unter)?Auftragsverarbeitern?\b|\bDienstleistern?\b"

LEXICON = Lexicon(
    code="de",
    sections={
        "data": r"\bwelche (?:personenbezogenen )?Daten\b|"
        r"\bKategorien (?:personenbezogener )?Daten\b|\b(?:erhobene|verarbeitete) Daten\b",
        "retention": r"\bwie lange\b|\bSpeicherdauer\b|\bAufbewahrung",
        "cookies": r"\bCookies?\b",
        "children": r"\bKinder\b|\bMinderjährig",
        "transfers": r"\bÜbermittlung|\bDrittl(?:and|änder)|\baußerhalb der (?:EU|Europäischen)\b",
        "rights": r"\bRechte?\b",
        "contact": r"\bKontakt",
        "sharing": r"\bEmpfänger\b|\bWeitergabe\b|\bDritte\b",
    },
    categories=(
        (r"\bIP-Adressen?\b", ("user.device.ip_address",)),
        (r"\bVerbindungsdaten\b", ("user.device.ip_address", "system.operations")),
        (r"\bE-Mail-Adressen?\b|\bE-Mail\b", ("user.contact.email",)),
        (r"\bCookie-IDs?\b", ("user.device.cookie_id",)),
        (r"\bGeräte-?(?:ID|kennung)\w*", ("user.device.device_id",)),
        (
            r"\bBetriebssystem\w*|\bBrowsertyp\w*|\bGerätedaten\b|\btechnische Daten\b",
            ("user.device",),
        ),
        (r"\bGeburtsdatum\b", ("user.demographic.date_of_birth",)),
        (r"\bVornamen?\b", ("user.name.first",)),
        (r"\bNachnamen?\b|\bFamiliennamen?\b", ("user.name.last",)),
        (r"\bFirmenname\b|\bUnternehmen\b|\bFirma\b|\bArbeitgeber\b", ("user.workplace",)),
        (r"\bBenutzernamen?\b", ("user.account.username",)),
        (r"\bZugangsdaten\b|\bAnmeldedaten\b", ("user.authorization.credentials",)),
        (r"\bPasswort\b|\bPasswörter\b|\bKennw(?:ort|örter)\b", ("user.authorization.password",)),
        (r"\bNamen?\b", ("user.name",)),
        (r"\bTelefonnummern?\b|\bTelefon\b|\bHandynummer\b", ("user.contact.phone_number",)),
        (r"\bKontaktdaten\b|\bKontaktinformationen\b", ("user.contact",)),
        (r"\b(?:Post)?[Aa]nschrift\b|\bAdressen?\b", ("user.contact.address",)),
        (r"\bStandort(?:daten)?\b", ("user.location",)),
        (r"\bProtokolle\b|\bLogdateien\b|\bLogs\b|\bLogfiles\b", ("system.operations",)),
        (r"\bPosition\b|\bBerufsbezeichnung\b|\bFunktion\b", ("user.job_title",)),
        (r"\bKreditkarte\w*", ("user.financial.credit_card",)),
        (r"\bBankverbindung\b|(?-i:\bIBAN\b)", ("user.financial.bank_account",)),
        (r"\bRechnungsdaten\b|\bRechnungen\b", ("user.financial",)),
        (r"\bZahlungsdaten\b", ("user.payment",)),
        (r"\bKaufhistorie\b|\bBestellhistorie\b", ("user.behavior.purchase_history",)),
        (r"\bBrowserverlauf\b|\bSurfverhalten\b", ("user.behavior.browsing_history",)),
        (r"\bProfilbild\w*|\bProfilfoto\w*", ("user.content.self_image",)),
        (r"\bFotos\b|\bDokumente\b", ("user.content",)),
        (r"\bSprache\b", ("user.demographic.language",)),
        (r"\bGesundheitsdaten\b", ("user.health_and_medical",)),
    ),
    your_data=r"\bIhre (?:personenbezogenen )?Daten\b|\bIhre Informationen\b",
    data_qualifier=r"zur|zum|aus|von|bezüglich|im Rahmen (?:der|des|von)",
    other_data=r"\b(?:alle )?(?:anderen|sonstigen) (?:personenbezogenen )?Daten\b",
    anonymous=r"\banonymi\w*|\baggregiert\w*",
    keep=r"\bnach\b[^.]{0,30}\b(?:gelöscht|entfernt|vernichtet)\b|"
    r"\baufbewahr\w*|\bspeicher(?:n|t|ung|dauer)\b|\bgespeichert\b|\barchiviert\b|\bbehalten\b"
    r"|\blöschfrist\w* ?:(?=\s*\S)",
    retention_cue=r"\bbis\b|\bfür die Dauer\b|\bDauer\b|\bZeitraum\b|\blänger als\b|\bhöchstens\b|"
    r"\bmaximal\b|\b(?:\d+|"
    + "|".join(_NUMBER_WORDS)
    + r"|einem|einen|einer)\s*(?:"
    + _UNITS
    + r")\b",
    numbers={word: number for number, word in enumerate(_NUMBER_WORDS, start=1)}
    | {"eine": 1, "einem": 1, "einen": 1, "einer": 1},
    units=((r"Jahre?n?", "Y"), (r"Monate?n?", "M"), (r"Wochen?", "W"), (r"Tage?n?", "D")),
    anchors=(
        (
            r"\b(?:Löschung|Schließung|Kündigung|Deaktivierung) (?:Ihres|des) (?:Nutzer|Benutzer|"
            r"Kunden)?(?:kontos|accounts)\b|\bKontolöschung\b|\b(?:bis|nachdem|sobald|wenn) Sie "
            r"Ihr (?:Nutzer|Benutzer|Kunden)?(?:konto|account) (?:löschen|gelöscht|schließen|"
            r"geschlossen|kündigen|gekündigt)\b",
            "account_deletion",
        ),
        (
            r"\b(?:Ende|Beendigung|Ablauf|Kündigung) (?:des|Ihres) (?:Vertrags|Vertrages|"
            r"Vertragsverhältnisses|Abonnements)\b|\b(?:Ende|Beendigung|Ablauf|Kündigung) (?:der|"
            r"Ihrer) (?:Mitgliedschaft|Geschäftsbeziehung)\b|\bVertragsende\b|\bDauer des "
            r"Vertrag(?:e)?s(?:verhältnisses)?\b|\bVertragslaufzeit\b",
            "contract_end",
        ),
        (
            r"\bDauer (?:der|unserer) (?:Dienstleistung|Nutzung des Dienstes|Bereitstellung)\b|"
            r"\b(?:Ende|Einstellung) (?:des|unseres) Dienstes\b",
            "service_end",
        ),
        (r"\bletzten (?:Aktivität|Anmeldung|Login|Nutzung)\b|\bInaktivität\b", "last_activity"),
        (
            r"\b(?:ab|nach|seit) (?:dem Zeitpunkt der |der )?(?:Erhebung|Erfassung|Eingang)\b",
            "collection",
        ),
    ),
    link=r"\bzuzüglich\b|\bplus\b|\bnach\b|\bab\b|\bdanach\b",
    counted_from=r"\b(?:nach|ab|seit)\b(?!\s+(?:Maßgabe|(?:den |der |dem )?(?:gesetzlich|"
    r"steuerrechtlich|handelsrechtlich|Vorschrift|Vorgabe|HGB|AO|DSGVO|deren|dessen|diese)))",
    alternative=r"\boder\b",
    negation=r"\b(?:nicht|niemals|nie|kein|keine|keinen|keiner|ohne)\b",
    negation_after=r"\b(?:kein\w*|niemals|nie)\b|\bnicht\b(?!\s+(?:länger|mehr als|später)\b)",
    coordinator=r"\bund\b|\boder\b",
    only=r"\b(?:nur|ausschließlich|lediglich)\b",
    relative=r",\s*(?:die|der|das|welche[rsmn]?|mit denen)\b",
    consent_condition=r"\bohne (?:(?:Ihre|deine|eure|vorherige|ausdrückliche)\s+)*"
    r"(?:Einwilligung|Zustimmung|Erlaubnis)\b|\bohne (?:Sie |dich )?zu fragen\b",
    hedge=r"\bbemühen uns\b|\bnach Möglichkeit\b|\bsoweit möglich\b",
    exception=r"\bes sei denn\b|\baußer\b|\bAusnahme\w*",
    clause_break=r";|\baber\b|\bjedoch\b|\bsondern\b",
    age_minimum=(
        r"\bmindestens (?P<n>\d{1,2}) Jahre alt\b",
        r"\b(?P<n>\d{1,2}) Jahre (?:oder|und) älter\b",
        r"\bMindestalter (?:von|beträgt|liegt bei) (?P<n>\d{1,2})\b",
        r"\bab (?:einem Alter von |dem Alter von )?(?P<n>\d{1,2}) Jahren\b",
    ),
    age_under=r"\b(?:unter|jünger als)\s+(?P<n>\d{1,2})\s*Jahr(?:en|e)?\b",
    child_definition=r"\bKind(?:er)?\s*(?:[–—:-]|bezeichnet|bedeutet|ist|sind)\s*(?:eine |jede )?"
    r"(?:Person|Personen|natürliche Person)\b",
    child_word=r"\bKinder?\b|\bMinderjährig\w*|\bJugendlich\w*|\bunter \d{1,2} Jahren\b",
    parental_consent=r"\b(?:Einwilligung|Zustimmung) (?:der|ihrer|eines) "
    r"(?:Eltern|Erziehungsberechtigten|Elternteils)\b",
    exclusion=r"\b(?:nicht|niemals|kein|keine|keinen)\b|\blösch\w*",
    cookie_words=(
        (
            r"(?:technisch |unbedingt )?notwendige[n]?|essenzielle[n]?|erforderliche[n]?|"
            r"technische[n]?",
            "strictly_necessary",
        ),
        (r"funktionale[n]?|Funktions|Präferenz", "functional"),
        (r"Analyse|Statistik|analytische[n]?|statistische[n]?|Performance", "analytics"),
        (r"Werbe|Marketing|Tracking|Targeting|werbliche[n]?", "advertising"),
    ),
    cookie_noun=r"Cookies?",
    cookie_joiner=r",|/|\boder\b|\bund\b|\bnoch\b",
    third_party_cookies=r"\bDrittanbieter-?Cookies?\b|\bCookies? (?:von )?Dritt\w*",
    hosting=r"\bgehostet\b|\bhoste[nt]\b|\bHosting\b|\bServer(?:n)?\b[^.]{0,30}\b(?:befinden|stehen|liegen)\b|"
    r"\bRechenzentren\b|\bRechenzentrum\b",
    stored=r"\b(?:gespeichert|speichern|aufbewahrt|verarbeitet|verarbeiten|gehostet|hosten)\b",
    eu_regions=(
        (r"\b(?:innerhalb|in) der (?:Europäischen Union|EU)\b", "eu"),
        (
            r"\b(?:innerhalb|in) des (?:Europäischen Wirtschaftsraums|EWR)\b|\bim "
            r"(?:Europäischen Wirtschaftsraum|EWR)\b",
            "eea",
        ),
    ),
    outside=r"\baußerhalb der (?:Europäischen Union|EU)\b|\baußerhalb des (?:Europäischen "
    r"Wirtschaftsraums|EWR)\b|\bDrittl(?:and|ändern?)\b",
    countries=(
        (r"(?-i:\bUSA\b)|\bVereinigten? Staaten\b", "us"),
        (r"\bVereinigten? Königreich\b|\bGroßbritannien\b", "gb"),
        (r"\bSchweiz\b", "ch"),
        (r"\bDeutschland\b", "de"),
        (r"\bFrankreich\b", "fr"),
        (r"\bIrland\b", "ie"),
        (r"\bNiederlanden?\b", "nl"),
        (r"\bÖsterreich\b", "at"),
        (r"\bBelgien\b", "be"),
    ),
    safeguards=(
        (r"Standardvertragsklauseln|Standarddatenschutzklauseln", "scc"),
        (r"Auftragsverarbeitungsvertr(?:ag|äge)\w*|AV-Vertr\w*", "dpa"),
        (r"verbindliche(?:n)? interne(?:n)? Datenschutzvorschriften", "bcr"),
        (r"Angemessenheitsbeschlu\w*", "adequacy"),
        (r"Data Privacy Framework", "dpf"),
        (r"geeignete(?:n)? Garantien|angemessene(?:n)? Garantien", ""),
    ),
    transfer_verb=r"\bweiter(?:geben|gegeben|geleitet|leiten)\b|\b(?:geben|leiten)\b[^.]{0,60}?"
    r"\bweiter\b|\bübermitt\w*|\bübertrag\w*|\bgespeichert\b|\bverarbeit\w*",
    mainly=r"\bhauptsächlich\b|\binsbesondere\b|\bwie\b",
    sale=r"\b(?:weiter)?verkauf\w*|\bvermiet\w*",
    data_noun=r"Daten\b|\bInformationen\b",
    sharing_consent=r"\b(?:nicht|niemals|keine)\b[^.]{0,80}\bDritte\w*\b[^.]{0,60}\bohne (?:Ihre )?"
    r"(?:vorherige |ausdrückliche )?(?:Einwilligung|Zustimmung)\b",
    partners=rf"\bPartner\b|{_PROCESSORS}",
    processors=_PROCESSORS,
    controller=(
        r"^(?P<name>NAME) ist (?:der |die )?(?i:Verantwortliche)\b",
        r"\b(?i:Verantwortliche)r?(?: im Sinne der (?:DSGVO|DS-GVO))? ist (?:die )?(?P<name>NAME)",
        r"\bVerantwortlich für die (?:Daten)?[Vv]erarbeitung\b[^:.]{0,40}? ist:? (?:die |der )?"
        r"(?P<name>NAME)",
        r"\bein (?:Dienst|Angebot) (?:der|von) (?P<name>NAME)",
    ),
    contact_cue=r"\bAnfragen?\b|\bRechte\b|\bpersonenbezogen\w*|\bDatenschutz\w*|\bFragen\b",
    collect=r"\bwir (?:erheben|verarbeiten|sammeln|erfassen|nutzen|verwenden|speichern)\b|"
    r"\b(?:erheben|verarbeiten|sammeln|erfassen|speichern) wir\b|"
    r"\bfolgende (?:personenbezogene )?(?:Daten|Informationen)\b",
    does_not_happen=r"\b(?:findet|finden)\b[^.]{0,20}\b(?:nicht|nie|niemals) statt\b|"
    r"\berfolg(?:t|en) (?:nicht|nie|niemals)\b",
)
