"""English patterns (see :mod:`policylint.notice.patterns` for what each field means)."""

from __future__ import annotations

from policylint.notice.patterns import Lexicon

_NUMBER_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]

_PROCESSORS = r"\b(?:sub-?|data )?processors\b|\bservice providers\b"

LEXICON = Lexicon(
    code="en",
    sections={
        "data": r"\b(?:what|which) (?:personal )?(?:data|information)\b|\bwhat we collect\b|"
        r"\bdata (?:that )?we "
        r"(?:collect|process)\b|\binformation (?:you provide|we collect|(?:\w+ )?collected)|"
        r"\bcategories of (?:personal )?data\b|\bdata collected\b",
        "retention": r"\bhow long\b|\bretention\b|\bfor how long\b",
        "cookies": r"\bcookies?\b|\btrackers?\b",
        "children": r"\bchild(?:ren)?\b|\bminors?\b",
        "transfers": r"\btransferr?(?:ed|s|ing)?\b|\boutside (?:of )?the (?:EU|European|EEA)\b",
        "rights": r"\brights?\b",
        "contact": r"\bcontact\b",
        "sharing": r"\bwho (?:else )?(?:can|has|may) (?:have )?access\b|\bshar(?:e|ing)\b|"
        r"\bthird parties\b|\brecipients\b",
    },
    categories=(
        (r"\bIP[- ]?address(?:es)?\b", ("user.device.ip_address",)),
        (
            r"\bconnection (?:data|logs?|information)\b",
            ("user.device.ip_address", "system.operations"),
        ),
        (r"\be-?mail address(?:es)?\b", ("user.contact.email",)),
        (r"\bcookie (?:IDs?|identifiers?)\b", ("user.device.cookie_id",)),
        (r"\b(?:unique )?device (?:IDs?|identifiers?)\b", ("user.device.device_id",)),
        (
            r"\bdevice (?:information|data)\b|\boperating systems?\b|"
            r"\bbrowser (?:types?|versions?)\b|\bhardware and software information\b|"
            r"\btechnical data\b",
            ("user.device",),
        ),
        (r"\bdates? of birth\b|\bbirth ?dates?\b", ("user.demographic.date_of_birth",)),
        (r"\bfirst names?\b|\bgiven names?\b|\bforenames?\b", ("user.name.first",)),
        (r"\blast names?\b|\bsurnames?\b|\bfamily names?\b", ("user.name.last",)),
        (
            r"\bcompany names?\b|\bcompany\b|\bemployer\b|\borgani[sz]ations?\b",
            ("user.workplace",),
        ),
        (r"\busernames?\b|\buser names?\b", ("user.account.username",)),
        (
            r"\blogin (?:details|data|credentials)\b|\bcredentials\b",
            ("user.authorization.credentials",),
        ),
        (r"\bpasswords?\b", ("user.authorization.password",)),
        (r"\b(?:full )?names?\b", ("user.name",)),
        (
            r"\b(?:mobile |tele)?phone(?: numbers?)?\b|\bmobile numbers?\b",
            ("user.contact.phone_number",),
        ),
        (r"\bcontact (?:details|data|information)\b", ("user.contact",)),
        (
            r"\b(?:postal |home |billing |street |mailing |physical )?address(?:es)?\b",
            ("user.contact.address",),
        ),
        (r"\bcountry of residence\b", ("user.contact.address.country",)),
        (r"\b(?:geo-?)?location(?: data)?\b|(?-i:\bGPS\b)", ("user.location",)),
        (r"\blogs\b|\blog (?:files?|data)\b", ("system.operations",)),
        (r"\bjob titles?\b|\bpositions?\b|\bjob functions?\b", ("user.job_title",)),
        (r"\bcredit cards?\b|\bcard numbers?\b", ("user.financial.credit_card",)),
        (
            r"\bbank account(?: numbers?| details)?\b|(?-i:\bIBAN\b)",
            ("user.financial.bank_account",),
        ),
        (
            r"\bbilling (?:information|data|details)\b|\binvoices?\b|"
            r"\bfinancial (?:information|data)\b",
            ("user.financial",),
        ),
        (r"\bpayment (?:information|data|details)\b", ("user.payment",)),
        (
            r"\bpurchase history\b|\border history\b|\bpurchasing behaviou?r\b",
            ("user.behavior.purchase_history",),
        ),
        (
            r"\bbrowsing (?:history|patterns?|behaviou?r)\b|\bpages (?:you )?visit(?:ed)?\b",
            ("user.behavior.browsing_history",),
        ),
        (r"\bprofile (?:photos?|pictures?)\b", ("user.content.self_image",)),
        (
            r"\bphotos?\b|\bpictures\b|\bdocuments\b|\buploaded (?:files|content)\b",
            ("user.content",),
        ),
        (r"\bpreferred language\b|\blanguage preferences?\b", ("user.demographic.language",)),
        (r"\bgender\b", ("user.demographic.gender",)),
        (
            r"\bhealth (?:data|information)\b|\bmedical (?:data|information|records)\b",
            ("user.health_and_medical",),
        ),
        (
            r"\bnational (?:identification|ID) numbers?\b|\bsocial security numbers?\b",
            ("user.government_id.national_identification_number",),
        ),
        (r"\bpassport(?: numbers?)?\b", ("user.government_id.passport_number",)),
    ),
    your_data=r"\byour (?:personal )?(?:data|information)\b|\ball (?:the )?(?:personal )?data "
    r"(?:concerning|about) you\b|\bpersonal data\b",
    data_qualifier=r"from|of|related to|relating to|concerning|regarding|in connection with|"
    r"collected (?:for|during|when)|provided (?:for|during|when)",
    other_data=r"\b(?:all )?other (?:personal )?(?:information|data)\b",
    anonymous=r"\banonymi[sz]ed\b|\banonymous\b|\baggregated\b",
    keep=r"\b(?:deleted|erased|removed|destroyed) after\b|"
    r"\b(?:keep|keeps|kept|retain|retains|retained|store|stores|stored|conserved?|hold|"
    r"holds|held|archived?)\b|\bretention(?: period| time)?s? ?:(?=\s*\S)",
    retention_cue=r"\buntil\b|\bperiods?\b|\blonger than\b|\bas long as\b|\bat most\b|\bmaximum\b"
    r"|\bnot exceed|\bup to\b|\bduration\b|\b(?:\d+|" + "|".join(_NUMBER_WORDS) + r")[\s-]*"
    r"(?:years?|months?|weeks?|days?)\b",
    numbers={word: number for number, word in enumerate(_NUMBER_WORDS, start=1)}
    | {"a": 1, "an": 1, "eighteen": 18, "twenty-four": 24, "thirty-six": 36},
    units=((r"years?", "Y"), (r"months?", "M"), (r"weeks?", "W"), (r"days?", "D")),
    anchors=(
        (
            r"\b(?:until|after|once|when|following)\b[^.]{0,30}?\baccount\b[^.]{0,20}?\b(?:deleted|"
            r"closed|removed|cancell?ed|terminated|deactivated)\b|\b(?:deletion|closure|closing|"
            r"cancell?ation|termination|deactivation|removal) of (?:your|the|their) (?:user )?"
            r"account\b|\baccount (?:deletion|closure|cancell?ation|termination|deactivation)\b|"
            r"\b(?:until|after|once|when) (?:you|they|the user) (?:delete|close|cancel|terminate|"
            r"deactivate|remove)s? (?:your|their|the|his or her) (?:user )?account\b",
            "account_deletion",
        ),
        (
            r"\b(?:end|termination|expiry|expiration|cancell?ation) of (?:the|your|our|their) "
            r"(?:contract|agreement|contractual relationship|subscription|membership)\b|"
            r"\b(?:until|after|once|when) (?:the|your|our|their) (?:contract|agreement|"
            r"subscription|membership) (?:ends|has ended|is terminated|is cancell?ed|expires|has "
            r"expired)\b|\b(?:until|after|once|when) (?:you|they) (?:cancel|terminate|end)s? "
            r"(?:your|their|the) (?:contract|agreement|subscription|membership)\b|\bduration of "
            r"(?:the|your|our) (?:contract|agreement|contractual relationship|subscription|"
            r"membership)\b",
            "contract_end",
        ),
        (
            r"\bduration of (?:the )?(?:provision of (?:the|our) )?services?\b|\b(?:end|"
            r"termination|discontinuation) of (?:the|our) services?\b",
            "service_end",
        ),
        (
            r"\b(?:after|from|since|following) (?:the (?:date|time) of )?(?:your |the |their )?"
            r"last (?:activity|login|log-in|log in|sign-in|sign in|connection|contact|use|visit|"
            r"interaction)\b|\b(?:after|since) (?:you|they) last (?:logged|signed) in\b|"
            r"\b(?:of|after) (?:\w+ )?inactivity\b",
            "last_activity",
        ),
        (
            r"\b(?:after|from|since|following) (?:the (?:date|time|moment) of )?(?:their |its "
            r"|the )?(?:collection|receipt)\b|\b(?:after|from|since) (?:they|it) (?:are|is|were|"
            r"was) (?:collected|received)\b",
            "collection",
        ),
    ),
    link=r"\bplus\b|\badded\b|\bin addition\b|\bafter\b|\bfollowing\b|\bincreased by\b|"
    r"\bextended by\b",
    counted_from=r"\b(?:after|following|from|since)\b(?!\s+(?:which|that|this|then|these|those)\b)",
    alternative=r"\bor\b",
    negation=r"\b(?:not|never|no|don['’]t|doesn['’]t|won['’]t|cannot|can['’]t|nor|without)\b",
    negation_after=r"\bno\b(?!\s+(?:longer|later|more)\b)|\bnever\b|\bnobody\b",
    coordinator=r"\band\b|\bor\b",
    only=r"\b(?:only|exclusively|solely)\b",
    relative=r"\b(?:that|which|who|whose)\b",
    consent_condition=r"\bwithout (?:(?:your|their|the user['’]s|prior|explicit|first)\s+)*"
    r"(?:consent|permission|agreement|approval|asking)\b",
    hedge=r"\b(?:do|does) (?:our|its|their) best\b|\bstrive\b|\bendeavou?r\b|\btry to\b|"
    r"\bas far as possible\b|\bwhere(?:ver)? possible\b",
    exception=r"\bunless\b|\bexcept\b|\bexceptions?\b",
    clause_break=r";|\bbut\b|\bhowever\b|\bwhereas\b",
    age_minimum=(
        r"\bat least (?P<n>\d{1,2}) years? (?:old|of age)\b",
        r"\b(?P<n>\d{1,2}) years? (?:of age )?or (?:older|over|above)\b",
        r"\baged (?P<n>\d{1,2}) (?:or|and) (?:over|older|above)\b",
        r"\bminimum age (?:of|is) (?P<n>\d{1,2})\b",
        r"\b(?:nobody|no one|no-one|no person) (?:under|below|younger than) (?:the age of )?"
        r"(?P<n>\d{1,2})\b",
        r"\bfrom the age of (?P<n>\d{1,2})\b",
    ),
    age_under=r"\b(?:under|below|younger than|less than)\s+(?:the age of\s+)?(?P<n>\d{1,2})\b"
    r"(?!\s*(?:%|percent|minutes?|hours?|days?|weeks?|months?|euros?|dollars?|pounds?|MB|GB))",
    child_definition=r"\bchild(?:ren)?\s*(?:[–—:-]|means|is|refers to|are)\s*(?:a |any )?"
    r"(?:person|individual|natural person|user|people|persons)\b",
    child_word=r"\bchild(?:ren)?\b|\bminors?\b|\bkids\b",
    parental_consent=r"\bparent(?:al|s)?\b[^.]{0,40}\b(?:consent|permission|authori[sz]ation)\b"
    r"|\b(?:consent|permission) of (?:a |their |your )?(?:parents?|guardians?|legal guardian)\b",
    exclusion=r"\b(?:not|never|no|don['’]t|won['’]t|cannot)\b|\bdelete\b|\bremove\b|\berase\b",
    cookie_words=(
        (r"strictly necessary|necessary|essential|technical|required", "strictly_necessary"),
        (r"functional(?:ity)?|preferences?", "functional"),
        (
            r"analytics?|analytical|statistics?|statistical|performance|(?:audience )?measurement",
            "analytics",
        ),
        (r"advertising|advertisement|ad|marketing|targeting|tracking", "advertising"),
    ),
    cookie_noun=r"cookies?",
    cookie_joiner=r",|/|\band/or\b|\bor\b|\band\b",
    third_party_cookies=r"\bthird[- ]part(?:y|ies)\b[^.]{0,40}\bcookies?\b|\bcookies?\b[^.]{0,40}"
    r"\bthird[- ]part(?:y|ies)\b",
    hosting=r"\bhost(?:ed|s|ing)?\b|\bservers? (?:are |is )?(?:also )?(?:located|based|situated)\b"
    r"|\bdata ?cent(?:er|re)s?\b|\bstored on servers\b",
    stored=r"\b(?:stor(?:e|es|ed)|keep|keeps|kept|process(?:es|ed)?|host(?:s|ed)?|holds?|held)\b",
    eu_regions=(
        (r"\b(?:within|in|inside) the (?:European Union|EU)\b", "eu"),
        (r"\b(?:within|in|inside) the (?:European Economic Area|EEA)\b", "eea"),
    ),
    outside=r"\boutside (?:of )?the (?:European Union|EU|European Economic Area|EEA)\b|"
    r"\bthird countr(?:y|ies)\b",
    countries=(
        (r"\bUnited States(?: of America)?\b|(?-i:\bthe US\b|\bUSA\b|\bU\.S\.)", "us"),
        (r"\bUnited Kingdom\b|(?-i:\bthe UK\b)", "gb"),
        (r"\bSwitzerland\b", "ch"),
        (r"\bCanada\b", "ca"),
        (r"\bIndia\b", "in"),
        (r"\bJapan\b", "jp"),
        (r"\bAustralia\b", "au"),
        (r"\bSingapore\b", "sg"),
        (r"\bNorway\b", "no"),
        (r"\bIceland\b", "is"),
        (r"\bthe Netherlands\b", "nl"),
        (r"\bBelgium\b", "be"),
        (r"\bGermany\b", "de"),
        (r"\bFrance\b", "fr"),
        (r"\bIreland\b", "ie"),
        (r"\bLuxembourg\b", "lu"),
        (r"\bAustria\b", "at"),
        (r"\bItaly\b", "it"),
        (r"\bSpain\b", "es"),
        (r"\bPortugal\b", "pt"),
        (r"\bSweden\b", "se"),
        (r"\bFinland\b", "fi"),
        (r"\bDenmark\b", "dk"),
        (r"\bPoland\b", "pl"),
    ),
    safeguards=(
        (r"standard contractual clauses|(?-i:\bSCCs?\b)", "scc"),
        (
            r"data processing agreements?|data protection agreements?|processor agreements?|"
            r"(?-i:\bDPAs?\b)",
            "dpa",
        ),
        (r"binding corporate rules|(?-i:\bBCRs?\b)", "bcr"),
        (r"adequacy decisions?", "adequacy"),
        (r"Data Privacy Framework|(?-i:\bDPF\b)", "dpf"),
        (
            r"appropriate (?:guarantees|safeguards)|adequate (?:safeguards|protection|guarantees)"
            r"|\bunder agreements?\b|\bsafeguards\b",
            "",
        ),
    ),
    transfer_verb=r"\btransfer(?:s|red)?\b|\bsen[dt]\b|\bstor(?:e|ed|es)\b|\bprocess(?:es|ed)?\b",
    mainly=r"\bmainly\b|\bmostly\b|\bprimarily\b|\bin particular\b|\bsuch as\b",
    sale=r"\b(?:re)?s(?:ell|ells|old|elling)\b|\brent(?:s|ed|ing)?\b|\blease\b|\bmoneti[sz]e\b",
    data_noun=r"\bdata\b|\binformation\b",
    sharing_consent=r"\b(?:not|never)\b[^.]{0,80}\bthird[- ]part(?:y|ies)\b[^.]{0,60}\bwithout "
    r"(?:your )?(?:prior |explicit |express )?(?:consent|permission)\b",
    partners=rf"\bpartners\b|{_PROCESSORS}|\bshare your data with\b",
    processors=_PROCESSORS,
    controller=(
        r"^(?P<name>NAME), (?:which|who) (?:manages|operates|publishes|runs|edits|owns)\b",
        r"\bWe\s*/\s*Us\b.*?[–—-]\s*(?:[Tt]he )?(?:[Cc]ompany\s+)?(?P<name>NAME)",
        r"^(?P<name>NAME) is (?:the |a )?(?:data )?controller\b",
        r"\bcontroller (?:of your (?:personal )?data )?is (?P<name>NAME)",
        r"\boperated by (?P<name>NAME)",
    ),
    contact_cue=r"\brequests?\b|\brights?\b|\bpersonal data\b|\bprivacy\b|\bquestions?\b|"
    r"\bdata protection\b|(?-i:\bDPO\b)|\bexercise\b",
    collect=r"\bwe (?:may |also |only )?(?:collect|process|gather|obtain|receive|record|store|"
    r"use|ask (?:you )?for)\b|\b(?:data|information) (?:that )?we (?:collect|process|hold)\b|"
    r"\bthe following (?:personal )?(?:data|information)\b",
    does_not_happen=r"\bdoes not (?:take place|occur|happen)\b",
)
