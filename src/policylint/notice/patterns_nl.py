"""Dutch patterns (see :mod:`policylint.notice.patterns` for what each field means)."""

from __future__ import annotations

from policylint.notice.patterns import Lexicon

_NUMBER_WORDS = [
    "één",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
]
_UNITS = r"jaar|jaren|maanden|maand|weken|week|dagen|dag"

_PROCESSORS = r"\b(?:sub-?)?verwerkers\b|\bdienstverleners\b"

LEXICON = Lexicon(
    code="nl",
    sections={
        "data": r"\bwelke (?:persoons)?gegevens\b|\bcategorie[eë]n (?:van )?persoonsgegevens\b|"
        r"\b(?:persoons)?gegevens die (?:we|wij) verzamelen\b|\bverzamelde gegevens\b|"
        r"\bwelke informatie\b",
        "retention": r"\bhoe ?lang\b|\bbewaartermijn\w*|\bbewaren\b",
        "cookies": r"\bcookie",
        "children": r"\bkind(?:eren)?\b|\bminderjarig",
        "transfers": r"\bdoorgifte\b|\bbuiten de (?:EU|Europese|EER)\b|\boverdracht\b|"
        r"\bovergedragen\b",
        "rights": r"\brecht(?:en)?\b",
        "contact": r"\bcontact",
        "sharing": r"\bdelen\b|\bderden\b|\btoegang\b|\bverstrekken\b",
    },
    categories=(
        (r"\bIP-?adres(?:sen)?\b", ("user.device.ip_address",)),
        (r"\bverbindingsgegevens\b", ("user.device.ip_address", "system.operations")),
        (r"\be-?mail-?adres(?:sen)?\b", ("user.contact.email",)),
        (r"\bcookie[- ]?ID\b", ("user.device.cookie_id",)),
        (
            r"\bunieke ID van (?:het |uw )?(?:mobiele? )?(?:toestel|apparaat)\b|\bapparaat-?ID\b|"
            r"\bdevice-?ID\b",
            ("user.device.device_id",),
        ),
        (
            r"\bbesturingssyste(?:em|men)\b|\bmodel van (?:het |uw )?apparaat\b|\bhardware- en "
            r"software-informatie\b|\btechnische gegevens\b|\bapparaatgegevens\b|"
            r"\binternetbrowser\b|\bbrowserversie\b|\bsoort apparatuur\b",
            ("user.device",),
        ),
        (r"\bgeboortedatum\b", ("user.demographic.date_of_birth",)),
        (r"\bvoorna(?:am|men)\b", ("user.name.first",)),
        (r"\bachternaam\b|\bfamilienaam\b", ("user.name.last",)),
        (
            r"\bbedrijfsnaam\b|(?<!het )\bbedrijf\b|\borganisatie\b|\bwerkgever\b",
            ("user.workplace",),
        ),
        (r"\bgebruikersnaam\b", ("user.account.username",)),
        (r"\binloggegevens\b|\baanmeldgegevens\b", ("user.authorization.credentials",)),
        (r"\bwachtwoord(?:en)?\b", ("user.authorization.password",)),
        (r"\bnaam\b|\bnamen\b|\btussenvoegsel\b", ("user.name",)),
        (
            r"\btelefoonnummers?\b|\btelefoon\b|\bgsm-nummer\b|\bmobiel nummer\b",
            ("user.contact.phone_number",),
        ),
        (r"\bcontactgegevens\b", ("user.contact",)),
        (r"\b(?:post|woon|factuur)?adres(?:sen)?\b", ("user.contact.address",)),
        (r"\bland\b|\bwoonland\b", ("user.contact.address.country",)),
        (r"\b(?:geo)?locatie(?:gegevens)?\b", ("user.location",)),
        (r"\blogboeken\b|\blogbestanden\b|\blogs\b", ("system.operations",)),
        (r"\bfunctietitel\b|\bfunctie\b", ("user.job_title",)),
        (r"\bkredietkaart\w*|\bcreditcard\w*", ("user.financial.credit_card",)),
        (r"\bbankrekening(?:nummer)?\b|(?-i:\bIBAN\b)", ("user.financial.bank_account",)),
        (
            r"\bfacturatiegegevens\b|\bfactuurgegevens\b|\bfinanciële \w*gegevens\b",
            ("user.financial",),
        ),
        (r"\bbeta(?:al|lings)gegevens\b", ("user.payment",)),
        (r"\baankoopgeschiedenis\b|\bbestelgeschiedenis\b", ("user.behavior.purchase_history",)),
        (
            r"\bbrowsingpatronen\b|\bsurfgedrag\b|\bbezochte pagina['’]?s\b",
            ("user.behavior.browsing_history",),
        ),
        (r"\bprofielfoto(?:['’]?s)?\b", ("user.content.self_image",)),
        (
            r"\bfoto(?:['’]?s)?\b|\bdocumenten\b|\bcommunicatieberichten\b|\buploadt\b",
            ("user.content",),
        ),
        (r"\btaal\b|\btaalvoorkeur\b", ("user.demographic.language",)),
        (r"\bgeslacht\b", ("user.demographic.gender",)),
        (r"\bgezondheidsgegevens\b|\bmedische gegevens\b", ("user.health_and_medical",)),
        (
            r"(?-i:\bBSN\b)|\burgerservicenummer\b|\brijksregisternummer\b",
            ("user.government_id.national_identification_number",),
        ),
    ),
    your_data=r"\buw (?:persoons)?gegevens\b|\buw (?:persoonlijke )?(?:informatie|gegevens)\b|"
    r"\bde persoonsgegevens\b|\balle gegevens over u\b",
    data_qualifier=r"van|uit|in het kader van|met betrekking tot|betreffende",
    other_data=r"\b(?:alle )?andere (?:persoons)?gegevens\b|\bandere informatie\b",
    anonymous=r"\banonie?m\w*|\bgeanonimiseerd\w*|\bgeaggregeerd\w*",
    keep=r"\bna\b[^.]{0,30}\b(?:verwijderd|gewist|vernietigd)\b|"
    r"\bbewaren\b|\bbewaard\b|\bbewaart\b|\bbewaar\b|\bopslaan\b|\bopgeslagen\b|"
    r"\bbijhouden\b|\bbijgehouden\b|\bgearchiveerd\b|"
    r"\bbewaar(?:termijn|periode|tijd)\w* ?:(?=\s*\S)",
    retention_cue=r"\btot(?:dat)?\b|\bgedurende\b|\bzolang\b|\blanger dan\b|\btermijn\w*|"
    r"\bperiode\b|\bmaximaal\b|\bten hoogste\b|\bduur\b|\b(?:\d+|een|"
    + "|".join(_NUMBER_WORDS)
    + r")\s*(?:"
    + _UNITS
    + r")\b",
    numbers={word: number for number, word in enumerate(_NUMBER_WORDS, start=1)}
    | {"een": 1, "achttien": 18, "vierentwintig": 24, "zesendertig": 36},
    units=(
        (r"jaar|jaren", "Y"),
        (r"maanden|maand", "M"),
        (r"weken|week", "W"),
        (r"dagen|dag", "D"),
    ),
    anchors=(
        (
            r"\b(?:tot(?:dat)?|na(?:dat)?|zodra|wanneer)\b[^.]{0,40}?\baccount\b[^.]{0,30}?\b(?:"
            r"verwijderd|opgeheven|opzegt|opgezegd|beëindigd|gesloten|verwijdert|opheft|sluit)\b|"
            r"\b(?:verwijdering|verwijderen|opheffing|opheffen|opzegging|opzeggen|sluiting|sluiten|"
            r"beëindiging|beëindigen|deactivering|deactiveren) van (?:uw|het|je|jouw) "
            r"(?:gebruikers)?account\b|\baccountverwijdering\b",
            "account_deletion",
        ),
        (
            r"\b(?:einde|beëindiging|beëindigen|afloop|opzegging|opzeggen|ontbinding) van (?:de|"
            r"uw|onze|het|je|jouw) (?:overeenkomst|contract|lidmaatschap|abonnement)\b|"
            r"\b(?:overeenkomst|lidmaatschap|abonnement)\b[^.]{0,80}?\b(?:wordt )?(?:beëindigd|"
            r"opgezegd)\b|\bduur van (?:de overeenkomst|het contract|uw lidmaatschap|uw "
            r"abonnement)\b",
            "contract_end",
        ),
        (
            r"\bduur van de dienstverlening\b|\bduur van de (?:levering van de )?dienst(?:en)?\b|"
            r"\b(?:einde|beëindiging) van (?:de|onze) dienst(?:verlening|en)?\b",
            "service_end",
        ),
        (
            r"\b(?:na|vanaf|sinds) (?:uw |de |je )?laatste (?:activiteit|login|inlog|aanmelding|"
            r"contact|gebruik|bezoek)\b|\binactiviteit\b",
            "last_activity",
        ),
        (
            r"\b(?:na|vanaf) (?:het moment van |de datum van )?(?:de )?(?:verzameling|ontvangst|"
            r"verkrijging)\b",
            "collection",
        ),
    ),
    link=r"\bplus\b|\btoegevoegd\b|\bvermeerderd\b|\bna\b|\bvanaf\b|\bdaarna\b|\bverlengd met\b",
    counted_from=r"\b(?:na|vanaf|nadat|sinds)\b(?!\s+(?:afloop daarvan|die|deze|dat)\b)",
    alternative=r"\bof\b",
    negation=r"\b(?:niet|nooit|geen|zonder)\b",
    negation_after=r"\b(?:geen|nooit)\b|\bniet\b(?!\s+(?:langer|meer dan|later)\b)",
    coordinator=r"\ben\b|\bof\b",
    only=r"\b(?:alleen|uitsluitend|enkel|slechts)\b",
    relative=r"\b(?:die|dat|welke|waarmee|waardoor)\b",
    consent_condition=r"\bzonder (?:(?:uw|jouw|je|hun|voorafgaande|uitdrukkelijke)\s+)*"
    r"(?:toestemming|akkoord|instemming)\b|\bzonder (?:het )?te vragen\b",
    hedge=r"\bons best\b|\bstreven\b|\bproberen\b|\bwaar mogelijk\b|\bzo ?veel mogelijk\b",
    exception=r"\btenzij\b|\bbehalve\b|\buitzondering\w*",
    clause_break=r";|\bmaar\b|\bechter\b",
    age_minimum=(
        r"\b(?:minstens|minimaal|ten ?minste) (?P<n>\d{1,2}) jaar oud\b",
        r"\b(?P<n>\d{1,2}) jaar (?:of|en) ouder\b",
        r"\bminimumleeftijd (?:van|is) (?P<n>\d{1,2})\b",
        r"\bvanaf (?:de leeftijd van )?(?P<n>\d{1,2}) jaar\b",
    ),
    age_under=r"\b(?:onder|jonger dan|beneden)\s+(?:de\s+)?(?:leeftijd van\s+)?(?P<n>\d{1,2})"
    r"\s*jaar\b",
    child_definition=r"\bkind(?:eren)?\s*(?:[–—:-]|betekent|is|zijn)\s*(?:een |alle )?(?:persoon|"
    r"personen|natuurlijke personen?|gebruiker)\b",
    child_word=r"\bkind(?:eren)?\b|\bminderjarig\w*|\bjongeren\b",
    parental_consent=r"\btoestemming van (?:een |hun |je |uw )?(?:ouders?|voogd|wettelijke "
    r"vertegenwoordiger)\b|\bouderlijke toestemming\b",
    exclusion=r"\b(?:niet|nooit|geen)\b|\bverwijder\w*|\bwissen\b",
    cookie_words=(
        (r"(?:strikt |functioneel )?noodzakelijke|technische|essentiële", "strictly_necessary"),
        (r"functionele|voorkeurs", "functional"),
        (r"analytische|statistische|analyse|statistiek", "analytics"),
        (r"reclame|advertentie|marketing|tracking|targeting", "advertising"),
    ),
    cookie_noun=r"cookies?",
    cookie_joiner=r",|/|\ben/of\b|\bof\b|\ben\b",
    third_party_cookies=r"\bderden\b[^.]{0,60}\bcookies?\b|\bcookies?\b[^.]{0,60}\bderden\b",
    hosting=r"\bgehost\b|\bhosten\b|\bhosting\b|\bservers?\b[^.]{0,50}\b(?:bevinden|staan|"
    r"gevestigd|gelegen)\b|\bdatacenters?\b|\bopgeslagen op servers\b|\bservers binnen\b",
    stored=r"\b(?:opgeslagen|opslaan|bewaard|bewaren|verwerkt|verwerken|gehost|hosten)\b",
    eu_regions=(
        (r"\b(?:binnen|in) de (?:Europese Unie|EU)\b", "eu"),
        (r"\b(?:binnen|in) de (?:Europese Economische Ruimte|EER)\b", "eea"),
    ),
    outside=r"\bbuiten de (?:Europese Unie|EU|Europese Economische Ruimte|EER)\b|"
    r"\bderde landen?\b",
    countries=(
        (r"\bVerenigde Staten\b|(?-i:\bVS\b|\bUSA\b)", "us"),
        (r"\bVerenigd Koninkrijk\b", "gb"),
        (r"\bZwitserland\b", "ch"),
        (r"\bCanada\b", "ca"),
        (r"\bIndia\b", "in"),
        (r"\bJapan\b", "jp"),
        (r"\bAustralië\b", "au"),
        (r"\bSingapore\b", "sg"),
        (r"\bNoorwegen\b", "no"),
        (r"\bIJsland\b", "is"),
        (r"\bNederland\b", "nl"),
        (r"\bBelgië\b", "be"),
        (r"\bDuitsland\b", "de"),
        (r"\bFrankrijk\b", "fr"),
        (r"\bIerland\b", "ie"),
        (r"\bLuxemburg\b", "lu"),
        (r"\bOostenrijk\b", "at"),
        (r"\bItalië\b", "it"),
        (r"\bSpanje\b", "es"),
        (r"\bZweden\b", "se"),
        (r"\bFinland\b", "fi"),
        (r"\bDenemarken\b", "dk"),
        (r"\bPolen\b", "pl"),
    ),
    safeguards=(
        (
            r"standaardcontractbepalingen|standaardcontractclausules|modelcontractbepalingen",
            "scc",
        ),
        (r"(?:gegevens)?verwerkingsovereenkomst(?:en)?|verwerkersovereenkomst(?:en)?", "dpa"),
        (r"bindende bedrijfsvoorschriften", "bcr"),
        (r"adequaatheidsbesluit|adequaatheidsbeslissing", "adequacy"),
        (r"Data Privacy Framework", "dpf"),
        (r"passende (?:garanties|waarborgen|bescherming)", ""),
    ),
    transfer_verb=r"\b(?:geven|geeft|sturen|stuurt)\b[^.]{0,60}?\bdoor\b|\bdoorsturen\b|"
    r"\bdoorgestuurd\b|\bdoorgeven\b|\bdoorgegeven\b|\boverdragen\b|\bovergedragen\b|\bdoorgifte\b|"
    r"\bverwerken\b|\bslaan\b|\bopgeslagen\b|\bverstrekken\b",
    mainly=r"\bvoornamelijk\b|\bvooral\b|\bhoofdzakelijk\b|\bonder andere\b|\bzoals\b",
    sale=r"\b(?:door)?verk(?:open|oopt|ocht|ochte)\b|\bverhuren\b|\bverhuurd\b|\bverhandel\w*",
    data_noun=r"gegevens\b|\binformatie\b",
    sharing_consent=r"\b(?:niet|nooit|geen)\b[^.]{0,80}\b(?:derden|derde partijen)\b[^.]{0,60}"
    r"\bzonder (?:uw )?(?:voorafgaande |uitdrukkelijke )?toestemming\b",
    partners=rf"\bpartners\b|{_PROCESSORS}|\bdelen uw gegevens met\b",
    processors=_PROCESSORS,
    controller=(
        r"^(?P<name>NAME), die\b.{0,100}?\bbeheert\b",
        r"^(?P<name>NAME) is (?:een |de )?(?i:verwerkingsverantwoordelijke)\b",
        r"\bis een (?:dienst|product|applicatie) van (?P<name>NAME)",
        r"\b(?i:verwerkingsverantwoordelijke) is (?P<name>NAME)",
    ),
    contact_cue=r"\bverzoek\w*|\brechten\b|\bpersoonsgegevens\b|\bprivacy\b|\bvragen\b|\bvraag\b|"
    r"\buitoefenen\b|\bgegevensbescherming\b|(?-i:\bDPO\b)",
    collect=r"\b(?:wij|we) (?:verzamelen|verwerken|gebruiken|bewaren|ontvangen|vragen)\b|"
    r"\b(?:verzamelen|verwerken|gebruiken|bewaren) (?:wij|we)\b|"
    r"\bde volgende (?:persoons)?gegevens\b",
    does_not_happen=r"\b(?:vindt|vinden)\b[^.]{0,20}\bniet plaats\b",
)
