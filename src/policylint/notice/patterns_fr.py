"""French patterns (see :mod:`policylint.notice.patterns` for what each field means)."""

from __future__ import annotations

from policylint.notice.patterns import Lexicon

_NUMBER_WORDS = [
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
]
_UNITS = r"ans?|années?|mois|semaines?|jours?"
_A = r"['’]"

_PROCESSORS = r"\bsous-traitants?\b|\bprestataires de services?\b"

LEXICON = Lexicon(
    code="fr",
    sections={
        "data": r"\bquelles (?:données|informations)\b|\bcatégories de données\b|"
        r"\bdonnées (?:que nous )?(?:collectées|collectons|traitons)\b",
        "retention": r"\bcombien de temps\b|\bdurée de conservation\b|\bconservation\b",
        "cookies": r"\bcookies?\b|\btraceurs?\b",
        "children": r"\benfants?\b|\bmineurs?\b",
        "transfers": r"\btransferts?\b|\bhors (?:de )?l" + _A + r"(?:UE|Union)",
        "rights": r"\bdroits?\b",
        "contact": r"\bcontact",
        "sharing": r"\bdestinataires?\b|\bpartag|\btiers\b",
    },
    categories=(
        (r"\badresses? IP\b", ("user.device.ip_address",)),
        (r"\bdonnées de connexion\b", ("user.device.ip_address", "system.operations")),
        (
            r"\badresses? (?:e-?mail|électroniques?|de (?:courrier|messagerie) électronique)\b|"
            r"\bcourriels?\b",
            ("user.contact.email",),
        ),
        (r"\bidentifiants? (?:de |des )?cookies?\b", ("user.device.cookie_id",)),
        (r"\bidentifiants? (?:de l" + _A + r"|d" + _A + r")appareil\b", ("user.device.device_id",)),
        (
            r"\bsystèmes? d" + _A + r"exploitation\b|\btype de navigateur\b|"
            r"\bdonnées techniques\b",
            ("user.device",),
        ),
        (r"\bdates? de naissance\b", ("user.demographic.date_of_birth",)),
        (r"\bprénoms?\b", ("user.name.first",)),
        (r"\bnoms? de famille\b", ("user.name.last",)),
        (r"\bentreprise\b|\bsociété\b|\bemployeur\b|\braison sociale\b", ("user.workplace",)),
        (r"\bnoms? d" + _A + r"utilisateur\b|\blogin\b", ("user.account.username",)),
        (r"\bidentifiants de connexion\b", ("user.authorization.credentials",)),
        (r"\bmots? de passe\b", ("user.authorization.password",)),
        (r"\bnoms?\b", ("user.name",)),
        (r"\bnuméros? de téléphone\b|\btéléphone\b", ("user.contact.phone_number",)),
        (r"\bcoordonnées\b|\bdonnées de contact\b", ("user.contact",)),
        (r"\badresses? postales?\b|\badresses?\b", ("user.contact.address",)),
        (r"\b(?:géo)?localisation\b", ("user.location",)),
        (r"\bjournaux\b|\blogs\b", ("system.operations",)),
        (r"\bfonctions?\b|\bpostes?\b|\bintitulé de poste\b", ("user.job_title",)),
        (r"\bcartes? (?:bancaires?|de crédit)\b", ("user.financial.credit_card",)),
        (r"(?-i:\bIBAN\b|\bRIB\b)|\bcoordonnées bancaires\b", ("user.financial.bank_account",)),
        (r"\b(?:données|informations) de facturation\b|\bfactures?\b", ("user.financial",)),
        (r"\b(?:données|informations) de paiement\b", ("user.payment",)),
        (r"\bhistorique d" + _A + r"achats?\b", ("user.behavior.purchase_history",)),
        (r"\bhistorique de navigation\b", ("user.behavior.browsing_history",)),
        (r"\bphotos? de profil\b", ("user.content.self_image",)),
        (r"\bphotos?\b|\bdocuments\b", ("user.content",)),
        (r"\blangue\b", ("user.demographic.language",)),
        (r"\bdonnées de santé\b", ("user.health_and_medical",)),
    ),
    your_data=r"\bvos données(?: personnelles| à caractère personnel)?\b|\bvos informations\b",
    data_qualifier=r"de(?!\s+(?:la durée|conservation))|d" + _A + r"|des|du|concernant|"
    r"(?:relatives?|liées?) (?:à|au|aux)|collectées (?:pour|dans|lors)",
    other_data=r"\b(?:toutes )?(?:les )?autres (?:données|informations)\b",
    anonymous=r"\banonym\w*|\bagrégées?\b",
    keep=r"\b(?:supprimée?s?|effacée?s?|détruite?s?) (?:après|au bout de)\b|"
    r"\bconserv(?:er|ons|ées?|és?|e|ent)\b|\bstock(?:er|ons|ées?|és?)\b|\bgard(?:er|ons|ées?)\b|"
    r"\barchiv(?:er|ées?|és?)\b|\b(?:durée de )?conservation ?:(?=\s*\S)",
    retention_cue=r"\bjusqu|\bpendant\b|\bdurée\b|\bpériode\b|\bplus de\b|\bau-delà\b|\bmaximum\b|"
    r"\b(?:\d+|" + "|".join(_NUMBER_WORDS) + r")\s*(?:" + _UNITS + r")\b",
    numbers={word: number for number, word in enumerate(_NUMBER_WORDS, start=1)} | {"une": 1},
    units=((r"ans?|années?", "Y"), (r"mois", "M"), (r"semaines?", "W"), (r"jours?", "D")),
    anchors=(
        (
            r"\b(?:suppression|clôture|fermeture|désactivation|résiliation) (?:de votre |de leur |"
            r"du |de son |de ton |de l" + _A + r")compte\b|\b(?:supprimez|fermez|clôturez|"
            r"désactivez|supprimé|fermé|clôturé|désactivé) votre compte\b",
            "account_deletion",
        ),
        (
            r"\b(?:fin|terme|résiliation|expiration) (?:du contrat|de (?:la|notre|votre) relation "
            r"(?:contractuelle|commerciale)|de votre contrat|de (?:l" + _A + r"|votre )abonnement|"
            r"de (?:l" + _A + r"|votre )adhésion)\b|\bdurée (?:du contrat|de la relation "
            r"contractuelle|de (?:l" + _A + r"|votre )abonnement)\b",
            "contract_end",
        ),
        (
            r"\bdurée (?:du|de notre|de la fourniture du) service\b|\b(?:fin|arrêt) (?:du|de "
            r"notre) service\b",
            "service_end",
        ),
        (
            r"\b(?:dernière|dernier) (?:connexion|activité|contact|utilisation)\b|\binactivité\b",
            "last_activity",
        ),
        (
            r"\b(?:après|à compter de|à partir de) (?:la date de )?(?:leur |la )?(?:collecte|"
            r"réception)\b",
            "collection",
        ),
    ),
    link=r"\bplus\b|\baugmentée?s? de\b|\baprès\b|\bà compter de\b|\bs" + _A + r"ajout",
    counted_from=r"\baprès\b|\bà (?:compter|partir)\b(?! de ce)",
    alternative=r"\bou\b",
    negation=r"\b(?:ne|n" + _A + r"|pas|jamais|aucune?|sans)\b",
    negation_after=r"\bjamais\b|\baucune?\b",
    coordinator=r"\bet\b|\bou\b",
    only=r"\b(?:uniquement|seulement|exclusivement)\b|\bne\b[^.]{0,30}\bqu(?:e\b|" + _A + ")",
    relative=r"\b(?:qui|dont|lesquel(?:le)?s?)\b",
    consent_condition=r"\bsans (?:(?:votre|ton|leur|le|l['’]|préalable|exprès)\s*)*"
    r"(?:consentement|accord|autorisation)\b|\bsans (?:vous |le |la )?demander\b",
    hedge=r"\bfaisons (?:de )?notre mieux\b|\bnous efforçons\b|\bdans la mesure du possible\b",
    exception=r"\bsauf\b|\bà moins\b|\bexceptions?\b",
    clause_break=r";|\bmais\b|\bcependant\b|\btoutefois\b",
    age_minimum=(
        r"\b(?:avoir|âgée?s? d" + _A + r") ?au moins (?P<n>\d{1,2}) ans\b",
        r"\b(?P<n>\d{1,2}) ans (?:ou|et) plus\b",
        r"\bâge minimum (?:de|est de) (?P<n>\d{1,2}) ans\b",
        r"\b(?:dès|à partir de) (?:l" + _A + r"âge de )?(?P<n>\d{1,2}) ans\b",
    ),
    age_under=r"\b(?:moins de|de moins de|en dessous de)\s+(?P<n>\d{1,2})\s*ans\b",
    child_definition=r"\benfants?\s*(?:[–—:-]|désigne|signifie)\s*(?:une |toute )?"
    r"(?:personne|personnes|individu)\b",
    child_word=r"\benfants?\b|\bmineurs?\b|\bmoins de \d{1,2} ans\b",
    parental_consent=r"\b(?:consentement|autorisation|accord) (?:de l" + _A + r"un )?(?:des |de "
    r"vos |de ses )?(?:parents?|titulaires? de l" + _A + r"autorité parentale|tuteur)\b|"
    r"\bconsentement parental\b",
    exclusion=r"\b(?:ne|n" + _A + r"|pas|jamais|aucune?)\b|\bsupprim\w*",
    cookie_words=(
        (
            r"strictement nécessaires?|nécessaires?|essentiels?|techniques?",
            "strictly_necessary",
        ),
        (r"fonctionnels?|de fonctionnalité|de préférences?", "functional"),
        (
            r"analytiques?|statistiques?|de mesure d" + _A + r"audience|de performance",
            "analytics",
        ),
        (r"publicitaires?|de publicité|de ciblage|marketing|de traçage", "advertising"),
    ),
    cookie_noun=r"cookies?|traceurs?",
    cookie_joiner=r",|/|\bou\b|\bet\b|\bni\b",
    third_party_cookies=r"\bcookies? (?:de )?tiers\b|\btiers\b[^.]{0,40}\bcookies?\b",
    hosting=r"\bhébergée?s?\b|\bhébergement\b|\bserveurs?\b[^.]{0,30}\b(?:situés?|localisés?)\b|"
    r"\bcentres? de données\b",
    stored=r"\b(?:stock|conserv|trait|héberg)(?:ée?s?|ons|ent)\b",
    eu_regions=(
        (r"\b(?:au sein de|dans) l" + _A + r"(?:Union européenne|UE)\b", "eu"),
        (r"\b(?:au sein de|dans) l" + _A + r"(?:Espace économique européen|EEE)\b", "eea"),
    ),
    outside=r"\b(?:hors|en dehors) (?:de )?l" + _A + r"(?:Union européenne|UE|Espace économique "
    r"européen|EEE)\b|\bpays tiers\b",
    countries=(
        (r"\bÉtats-Unis\b|\bEtats-Unis\b|(?-i:\bUSA\b)", "us"),
        (r"\bRoyaume-Uni\b", "gb"),
        (r"\bSuisse\b", "ch"),
        (r"\bCanada\b", "ca"),
        (r"\bFrance\b", "fr"),
        (r"\bAllemagne\b", "de"),
        (r"\bIrlande\b", "ie"),
        (r"\bPays-Bas\b", "nl"),
        (r"\bBelgique\b", "be"),
        (r"\bLuxembourg\b", "lu"),
    ),
    safeguards=(
        (r"clauses contractuelles types|clauses contractuelles standard", "scc"),
        (r"accords? de traitement des données|contrats? de sous-traitance", "dpa"),
        (r"règles d" + _A + r"entreprise contraignantes", "bcr"),
        (r"décision d" + _A + r"adéquation", "adequacy"),
        (r"Data Privacy Framework", "dpf"),
        (r"garanties appropriées|garanties adéquates", ""),
    ),
    transfer_verb=r"\btransf[ée]r\w*|\benvoy\w*|\bstock\w*|\btrait\w*",
    mainly=r"\bprincipalement\b|\bnotamment\b|\bcomme\b",
    sale=r"\b(?:re)?vend\w*|\blou(?:er|ons|ées?)\b|\bcommercialis\w*",
    data_noun=r"\bdonnées\b|\binformations\b",
    sharing_consent=r"\b(?:ne|jamais)\b[^.]{0,80}\btiers\b[^.]{0,60}\bsans (?:votre )?(?:accord|"
    r"consentement)\b",
    partners=rf"\bpartenaires\b|{_PROCESSORS}|\bprestataires\b",
    processors=_PROCESSORS,
    controller=(
        r"^(?P<name>NAME),? (?:qui )?(?:édite|exploite|gère)\b",
        r"^(?P<name>NAME),? (?:est )?(?:le )?responsable (?:du|de) traitement\b",
        r"\bresponsable (?:du|de) traitement(?: (?:des|de vos) données(?: personnelles| à "
        r"caractère personnel)?)? est:? (?:la société )?(?P<name>NAME)",
    ),
    contact_cue=r"\bdemandes?\b|\bdroits?\b|\bdonnées personnelles\b|\bquestions?\b|"
    r"(?-i:\bDPO\b)|\bexercer\b",
    collect=r"\bnous (?:collectons|traitons|recueillons|utilisons|conservons|recevons)\b|"
    r"\b(?:les )?(?:données|informations) suivantes\b",
    does_not_happen=r"\bn" + _A + r"(?:a|ont) (?:pas|jamais) lieu\b",
)
