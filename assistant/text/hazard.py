"""A post that reports a hazard, one of four kinds that only a specialist handles:

- "safety": a danger to people or property. Something caught fire, smoked, melted, sparked,
  exploded, swelled or gave a shock.
- "gas": a smell of gas, a gas leak, or carbon monoxide. A danger whose advice differs (leave, no
  switches or flames, call the gas emergency line: never "keep it unplugged"), so it has its own
  line and its own articles; the agent's skill is "safety" all the same.
- "harm": a person threatening, stalking or harassing the customer, turning up where they live or
  work, or asking them for money: the customer's safety first (their emergency number), the agent's
  skill "safety".
- "security": someone else at the customer's money or account. A payment they didn't make, a card
  used by a stranger, an account hacked, a card or phone stolen.

Such a post is never answered with a routine fix (lint in a charging port for a charger that
caught fire, the fees abroad for a stranger spending on the card abroad): only an article that
itself speaks of that kind of hazard may answer it (`speaks_of`), else the brand's line for it
(greetings `gas:`, `safety:`, `harm:`, `security:`) takes the customer to a DM. A post reporting
more than one is read as the first of gas, danger, harm, fraud: gas's advice (no switches) is the
one that must not be missed.

An allow-list of the ways people say it, by phrase rather than by word: "burnt hash browns", a
"Sparks card", "you guys are on fire", "they charged me twice", "this company is a fraud" or "life
hack" report no hazard. English, and the commonest phrases of the other languages the brand has
lines in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.leads import word_led

_THING = r"(?:plug|socket|cable|cord|wire|charger|adapter|port|base|dock|case|casing|plastic|battery|outlet|power bank)"
_DANGER_EN = (
    r"(?:caught|catch(?:es|ing)?) (?:on )?fire|(?:burst into|went up in) flames|set (?:itself |the \w+ )?on fire|fire hazard",
    # Something that is smoking has a subject, a thing ("the charger is smoking"); "is smoking allowed
    # on the platforms?", "why is smoking banned" and "people are smoking on the platform" are the habit.
    r"(?:started|starts|keeps?) smoking|(?<=\w )(?<!why )(?<!where )(?<!how )(?<!when )(?<!people )(?<!someone )(?<!somebody )(?<!everyone )(?<!they )(?<!he )(?<!she )(?<!passengers )(?<!kids )(?:was|is|were|are) smoking"
    r"(?! (?:allowed|permitted|banned|prohibited|ok|okay|legal|area|areas|room|rooms|shelter|section|zone|policy|ban|rules?)\b)|smoke (?:came|comes|coming|pouring|from|out of)|smoking (?:from|out of)|smelt? (?:of )?burning|burning smell|smell of burning|smells? like (?:it'?s )?burning",
    rf"{_THING}s? (?:has |had |is |was |looks? |looked |got |are |were )?(?:melted|melting|scorched)|(?:melted|scorched) {_THING}|scorch marks?",
    r"burn(?:ed|t) (?:my|his|her|their|our|the (?:kid|child|baby)'?s?) (?:hand|finger|fingers|skin|arm|leg|face|palm)",
    r"(?:saw|see|seeing|seen|gave off|giving off|throws?|threw) sparks|sparks? (?:came|coming|flew|flying|from|out of)|sparking",
    r"explod(?:ed|es|ing)(?! with)",
    r"(?:swollen|swelling|bulging|puffed up) battery|battery (?:is |has )?(?:swollen|swelling|bulging|puffed up)",
    r"electric(?:al)? shock|gave (?:me|him|her|them|us) a shock|(?:got|get|getting) shocked by",
    r"too hot to (?:touch|hold)",
)
# Other languages the prompts folder has lines in: fire, flames, smoke, sparks, exploded.
_DANGER_OTHERS = (
    r"(?:se )?incendi[óo]|(?:echa|echaba|sale|salía) humo|en llamas|chispas|explot[óo]",  # es
    r"(?:a |ont )?pris feu|en flammes|(?:de la )?fumée (?:sort|sortait)|des étincelles|a explosé",  # fr
    r"(?:hat |hatte )?Feuer gefangen|in Flammen|qualmt|Funken|explodiert",  # de
    r"pegou fogo|em chamas|(?:saiu|saindo|sai) fumaça|faíscas|explodiu",  # pt
)

_GAS = (
    r"(?:smell(?:s|ing|t|ed)?|stink(?:s|ing)?|reek(?:s|ing)?) (?:of |like )?(?:gas|fumes)|gas (?:leak|leaking|smell)|leaking gas|"
    r"carbon monoxide|\bco (?:alarm|detector|monitor|sensor)s? (?:\w+ ){0,4}(?:go(?:ing|es|ne)? off|went off|beep\w*|sound\w*|ringing|rang|screech\w*|scream\w*|chirp\w*|triggered)",
    r"huele a gas|olor a gas|fuga de gas|monóxido de carbono",  # es
    r"odeur de gaz|fuite de gaz|(?:ça|ca) sent le gaz|monoxyde de carbone",  # fr
    r"riecht nach Gas|Gasgeruch|Gasleck|Kohlenmonoxid",  # de
    r"cheiro de gás|vazamento de gás|fuga de gás|monóxido de carbono",  # pt
)

# Someone else at the customer's money or account: who did it, what they did, to what of the
# customer's. "They charged me twice" or "they took money after I cancelled" is a billing complaint,
# "Amazon is a fraud" or "#scam" an insult, "life hack" a tip: none names a stranger at the account.
_WHO = r"(?:some(?:one|body)(?: else)?|some (?:\w+ )?(?:guy|person|people)|a stranger|strangers|an? hackers?|hackers|scammers?|fraudsters?|a thief|thieves)"
_DID = (
    r"(?:used|using|uses|spent|spending|spends|took|taken|taking|stole|stolen|stealing|nicked|withdrew|withdrawn|withdrawing|cloned|hacked|hacking|"
    r"accessed|accessing|(?:logged|logging|signed|signing) in(?:to)?|got into|getting into|emptied|drained|changed|changing|reset|resetting|"
    r"made (?:a |some )?(?:payments?|purchases?|transactions?) (?:on|with|from)|bought \w+ (?:on|with))"
)
_MINE = r"(?:my|our)"
_HELD = r"(?:(?:debit |credit |bank )?card|account|acct|bank account|money|funds|savings|details|paypal|apple ?id|login|password|e-?mail|phone|wallet|sim|identity|profile)"
_PAYMENT = r"(?:payments?|charges?|transactions?|purchases?|withdrawals?|transfers?|debits?|deductions?|orders?)"
# A person the customer meets or deals with (for harm, and for a caller asking for their details).
_PERSON = r"(?:he|she|they|guy|girl|man|woman|person|someone|somebody|ex|date|stranger|match|seller|buyer|user|driver|rider|courier|member|host|guest|landlord|neighbou?r)"
# A message that reached the customer, and what it would be if it were ours.
_SECURITY_EN = (
    rf"{_WHO}(?:'s| has| have| had| is| was| were| been| just)* {_DID} (?:\w+ ){{0,3}}{_MINE} (?:\w+ )?{_HELD}",
    rf"(?:did ?n[o']?t|did not|never) (?:make|made|authori[sz]ed?|approved?|agreed? to|recogni[sz]ed?) (?:\w+ ){{0,3}}{_PAYMENT}",
    rf"{_PAYMENT} (?:\w+ ){{0,3}}(?:that )?(?:I|we) (?:did ?n[o']?t|did not|never|do ?n[o']?t|do not) (?:make|made|authori[sz]ed?|approved?|recogni[sz]ed?)",
    rf"(?:do ?n[o']?t|do not) recogni[sz]e (?:this|that|these|those|the|a|an|some) (?:\w+ ){{0,2}}{_PAYMENT}",
    rf"(?:un-?authori[sz]ed|fraudulent) (?:\w+ ){{0,3}}(?:{_PAYMENT}|activity|access|log-?ins?|sign-?ins?|use|usage)",
    rf"fraud (?:on|in|with) {_MINE} (?:\w+ )?{_HELD}|report(?:ed|ing)? (?:the |some |a |this )?fraud|(?:victim of|fell for) (?:a |an )?(?:fraud|scam|phishing)",
    rf"(?:{_MINE} |^|(?<=[:.!?;,] ))(?:\w+ )?{_HELD}(?: has| had| have| was| were| got| is| are| been| gets| getting){{0,2}} (?:hacked|compromised|cloned|skimmed|breached|taken over|stolen|nicked)",
    rf"{_MINE} (?:\w+ ){{1,2}}(?:has been|had been|was|were|got|is|are|been|gets|getting) (?:hacked|compromised)",
    rf"(?:a|my|the|our) hacked (?:\w+ )?{_HELD}|hack(?:ed|ers?) (?:into )?{_MINE} (?:\w+ )?{_HELD}",
    r"(?:I|we)(?:'ve| have| had| was| were| got| been)+ (?:hacked|scammed|defrauded)",
    r"identity theft|stole my (?:identity|card|details|money)",
    # ... or a caller or a message asking for them: "someone rang saying they're from you and asked for my card
    # details", "got a text asking me to confirm my bank details". An app asking again for a card is no stranger.
    rf"(?:{_PERSON}|caller|call|rang|phoned|texts?|emails?|messages?|dm)\b[^.!?\n]{{0,60}}? (?:asking|asked|asks|wants?|wanted|demanding|demanded|requesting|requested) "
    r"(?:(?:me )?(?:for |to (?:give|send|confirm|read out|share|update|verify) (?:them )?)(?:my |our |the |your )?|(?:my |our |your ))"
    r"(?:(?:full |long )?(?:card|bank|account|login|security|payment) (?:details|number|code|pin)|pin|passwords?|passcodes?|one-?time (?:pass)?codes?|verification codes?|security codes?)",
)
# A person harming or menacing the customer: threats, stalking, harassment, someone turning up
# where they live or work, fear for their safety, or a person they met asking them for money. A
# threat to cancel ("they threatened to close my account") is no menace to the person, nor is
# "thanks for following me", "I'm scared to update" or "scared my parcel won't come".
_HARM_EN = (
    r"threat(?:en(?:ed|ing|s)?)? (?:me|us|my (?:family|kids?|children|wife|husband|partner|life))\b(?! (?:with|that) (?:a |an )?(?:fee|fine|charge|late fee|debt|collect\w*|court|bailiffs?|disconnect\w*|cancel\w*|clos\w*|suspen\w*))",
    r"threatening (?:messages?|texts?|calls?|voice ?notes?|emails?|behaviou?r|me)|threats? (?:to kill|to hurt|of violence)|death threats?",
    r"(?:sent|sending|sends|send|got|getting|gets|received|receiving) (?:me )?(?:a |an |some )?(?:really |very |so )?(?:(?:abusive|harassing|explicit|sexual|violent|menacing) (?:messages?|texts?|pictures?|photos?|pics?|images?|voice ?notes?|calls?|emails?)|unsolicited (?:nudes?|pics?|pictures?|photos?|images?))",
    r"(?:is |was |keeps |kept |been |has been |have been |are )?(?:stalk(?:ing|ed|s)|harass(?:ing|ed|es)) (?:me|us|my)\b|(?:being|getting|been|was|were|got) (?:stalked|harassed)",
    r"follow(?:ing|ed|s)? me (?:home|around|to (?:my|the|our|work|school)|back|everywhere|off|out|all the way)|(?:keeps?|kept|kept on|started|starts) following me\b|won'?t leave (?:me|us) alone",
    r"(?:keeps?|kept|keep) (?:turning|showing) up (?:at|outside|near) (?:my|our)\b|(?:turned|showed|turns|shows|turning|showing) up (?:at|outside) (?:my|our) (?:house|home|flat|work|door|office|school|place|job)",
    r"(?:i'?m|i am|i feel|feeling|we'?re|we are|we feel) (?:really |so |very |genuinely |actually |quite )?(?:scared|frightened|terrified|unsafe|in danger)(?=\s*(?:$|[.!,;:)]|and\b|now\b|for\b))|(?:scared|fear|afraid) for my (?:life|safety)",
    rf"{_PERSON}\b[^.!?\n]{{0,40}}? (?:is |was |keeps |kept |has been |have been )?(?:asking|asked|asks|begging|wants?|wanted|demanding|demanded) (?:me )?(?:to send (?:him |her |them )?|for )"
    r"(?:(?:some|more|the|a|an|my) )?(?:\w+ )?(?:money|cash|gift ?cards?|vouchers?|bitcoin|crypto)",
)
_HARM_OTHERS = (
    r"me (?:está|esta) (?:amenazando|acosando)|me amenaz[óo]|me acosa|tengo miedo|me (?:pide|pidió) dinero",  # es
    r"me (?:menace|harcèle)|m'a menacée?|j'ai peur|me demande de l'argent",  # fr
    r"(?:bedroht|belästigt|stalkt) mich|ich habe Angst|will Geld von mir",  # de
    r"(?:está|esta) me (?:ameaçando|assediando)|me ameaçou|estou com medo|(?:me )?pediu dinheiro",  # pt
)
_SECURITY_OTHERS = (
    # es: someone used my card, I didn't make this charge, an unauthorised charge, my account was hacked
    r"(?:alguien|un desconocido) (?:me )?(?:ha )?(?:usado|usó|gastado|gastó|robado|robó|sacado|sacó|hackeado|hackeó|entrado|entró|clonado|clonó) (?:\w+ ){0,3}(?:mi|mis) (?:tarjeta|cuenta|dinero|datos|móvil|celular)|"
    r"no (?:he hecho|hice|reconozco|autoricé|he autorizado) (?:\w+ ){0,3}(?:cargos?|pagos?|compras?|cobros?|transacci[oó]n(?:es)?|movimientos?)|"
    r"(?:cargos?|pagos?|compras?|cobros?|transacci[oó]n(?:es)?|movimientos?) (?:\w+ )?(?:no autorizad[oa]s?|fraudulent[oa]s?|que no (?:hice|reconozco|he hecho))|"
    r"(?:me )?(?:han|ha) (?:hackeado|robado|clonado) (?:la |el )?(?:mi |mis )?(?:cuenta|tarjeta|móvil|celular|teléfono|identidad)|"
    r"me (?:robaron|clonaron|hackearon) (?:la |el )?(?:mi )?(?:cuenta|tarjeta|móvil|celular|teléfono)|(?:cuenta|tarjeta) (?:\w+ )?(?:hackeada|clonada|robada|pirateada)|"
    r"víctima de (?:un |una )?(?:fraude|estafa)|(?:suplantación|robo) de identidad",
    # fr
    r"(?:quelqu'un|un inconnu) a (?:utilisé|dépensé|débité|piraté|volé|cloné|accédé à) (?:\w+ ){0,3}(?:ma|mon|mes) (?:carte|compte|argent|téléphone)|"
    r"je n'ai (?:pas|jamais) (?:fait|effectué|autorisé|passé) (?:\w+ ){0,3}(?:paiements?|achats?|transactions?|prélèvements?|débits?|opérations?)|"
    r"(?:paiements?|achats?|transactions?|prélèvements?|débits?|opérations?) (?:\w+ )?(?:non autorisée?s?|frauduleu(?:x|se|ses)|que je (?:n'ai pas fait|ne reconnais pas))|"
    r"(?:compte|carte) (?:\w+ )?(?:a été |est )?(?:piratée?|clonée?|volée?|hackée?)|on m'a (?:volé|piraté|cloné) (?:ma |mon )(?:carte|compte|téléphone)|"
    r"victime d'une (?:fraude|arnaque)|usurpation d'identité",
    # de
    r"(?:jemand|ein Fremder|Betrüger) hat (?:\w+ ){0,3}mein\w* (?:\w+ )?(?:Karte|Konto|Account|Geld|Daten|Handy)|"
    r"(?:Zahlung|Abbuchung|Buchung|Transaktion|Kauf|Lastschrift)\w* (?:\w+ ){0,3}(?:nicht (?:gemacht|getätigt|autorisiert|veranlasst)|nicht von mir)|"
    r"(?:betrügerische|unautorisierte|unberechtigte|nicht autorisierte) (?:\w+ )?(?:Abbuchung|Zahlung|Transaktion|Buchung|Lastschrift|Kauf|Zugriff)\w*|"
    r"(?:Konto|Karte|Account|Handy|Kreditkarte|Bankkarte) (?:\w+ ){0,2}(?:gehackt|geklont|gestohlen)|Opfer (?:von|eines) Betrug\w*|Identitätsdiebstahl",
    # pt
    r"alguém (?:usou|gastou|roubou|clonou|hackeou|invadiu|acessou|sacou) (?:\w+ ){0,3}(?:meu|minha|meus|minhas) (?:cartão|conta|dinheiro|dados|celular)|"
    r"não (?:fiz|reconheço|autorizei|realizei) (?:\w+ ){0,3}(?:cobranças?|pagamentos?|compras?|transaç(?:ão|ões)|débitos?|saques?)|"
    r"(?:cobranças?|pagamentos?|compras?|transaç(?:ão|ões)|débitos?|saques?) (?:\w+ )?(?:não autorizad[oa]s?|fraudulent[oa]s?|que não (?:fiz|reconheço))|"
    r"(?:conta|cartão|celular) (?:\w+ )?(?:foi )?(?:hackead[oa]|clonad[oa]|roubad[oa]|invadid[oa])|(?:hackearam|invadiram|clonaram|roubaram) (?:a |o )?(?:minha|meu) (?:conta|cartão|celular)|"
    r"vítima de (?:fraude|golpe)|roubo de identidade",
)


def _phrases(*groups: tuple[str, ...]) -> re.Pattern[str]:
    return word_led(r"\b(?:" + "|".join(phrase for group in groups for phrase in group) + r")(?!\w)", re.I | re.M)


# What an article written by the brand says when it is about the hazard: editors write plainly
# ("smoke, sparks, burning smell or overheating", "a payment you don't recognise"), so a word is
# enough here, where a customer's post needs a phrase.
_KINDS = {
    "gas": (
        _phrases(_GAS),
        re.compile(
            r"\b(?:smell\w* (?:of )?gas|gas (?:leak\w*|emergency|escape)|carbon monoxide|fuga de gas|fuite de gaz|Gasgeruch|Gasleck|vazamento de gás)\b", re.I
        ),
    ),
    "safety": (
        _phrases(_DANGER_EN, _DANGER_OTHERS),
        re.compile(
            r"\b(?:fire|flames?|smok(?:e|es|ing|ed)|sparks?|sparking|burn(?:s|ing|ed|t)?|melt(?:s|ed|ing)?|scorch\w*|explod\w*|explosion|"
            r"swollen|swelling|bulging|electric(?:al)? shock|overheat\w*|unsafe|dangerous)\b",
            re.I,
        ),
    ),
    "harm": (
        _phrases(_HARM_EN, _HARM_OTHERS),
        re.compile(
            r"\b(?:harass\w*|threat\w*|stalk\w*|abus(?:e|ed|ive)|unsafe|in danger|scam\w*|report (?:a |the |them|someone|somebody)(?:user|person|profile|member|driver|seller|buyer|match)?|"
            r"acoso|amenaz\w*|harcèlement|menace\w*|Belästigung|bedroh\w*|assédio|ameaç\w*)(?!\w)",
            re.I,
        ),
    ),
    "security": (
        _phrases(_SECURITY_EN, _SECURITY_OTHERS),
        re.compile(
            r"\b(?:fraud\w*|unauthori[sz]ed|hack(?:ed|er|ers|ing)?|compromised|stolen|scam\w*|phishing|(?:don't|do not|didn't|did not|never) (?:recogni[sz]e|make|made|place|placed)|unrecogni[sz]ed|"
            # ... or tells of someone else at an account in a heading: "Someone else signed in", "Someone else used my card".
            rf"some(?:one|body) else(?:'s| has| have| had| is| was| been| just)* {_DID}|"
            r"fraude|estafa|hackead[oa]|robad[oa]|pirat\w+|arnaque|betrug\w*|gehackt|gestohlen|golpe|roubad[oa]|clonad[oa])(?!\w)",
            re.I,
        ),
    ),
}
KINDS = tuple(_KINDS)
REPORTED = {
    "safety": "a danger",
    "gas": "a smell of gas or carbon monoxide",
    "harm": "a person threatening, following or harassing the customer, or asking them for money",
    "security": "someone else at the customer's money or account",
    "doubted": "a message the customer doubts is ours",  # no hazard (`doubts_a_message`), answered only from an article about scams
}
SKILLS = {"gas": "safety", "harm": "safety"}  # the skill an agent needs for a hazard of each kind, when not the kind's own name


@dataclass(frozen=True)
class Hazard:
    kind: str  # "safety", "gas" or "security": the brand's line for it, the reason's word, and (`skill`) what an agent needs
    words: str  # the words in which the post reports it ("caught on fire", "someone's spent money on my card")

    @property
    def skill(self) -> str:
        return SKILLS.get(self.kind, self.kind)


_HANDLE = re.compile(r"@\w+")


def hazard_in(text: str) -> Hazard | None:
    """The hazard the post reports (the first of gas, danger, fraud when it reports several); None when none.
    Handles are read as absent: "@Brand account hacked" opens with the account, "my @Bank debit
    card" is my debit card."""
    plain = "\n".join(" ".join(_HANDLE.sub(" ", line).split()) for line in text.replace("’", "'").splitlines())
    for kind, (reported, _) in _KINDS.items():
        found = reported.search(plain)
        if found:
            return Hazard(kind, found.group(0))
    return None


# A message that came to the customer ("got an email", "a text", "someone rang"), not their own nor
# ours ("my email", "your website"); and what it would be if it were ours, the question ending there.
_SENT = (
    r"(?:(?:^|\b(?:got|get|getting|gotten|received|receiving|had|having|keep getting|a|an|this|these|that|those|some|another|weird|strange|dodgy|suspicious)\s+)"
    r"(?:\w+\s+)?(?:calls?|texts?|sms|e-?mails?|messages?|letters?|dms?|links?|voicemails?|phone\s*calls?)"
    r"|\b(?:some(?:one|body)|a\s+(?:guy|man|woman|person|lady|caller)|they|he|she)\s+(?:just\s+)?(?:called|rang|phoned|texted|e-?mailed|messaged|dm'?d))"
)
_OURS = r"(?:you(?:\s+guys|\s+lot)?|u|yours|y'all|real|legit|legitimate|genuine|fake|a scam|phishing|from (?:you|u|your (?:team|company|support)))\b(?=\s*(?:[?!,.]|$|\s+or\b))"


# A message the customer doubts is ours: "got an email saying my domain expires today and to pay at
# this link, is that you?", "is this text from you?", "a caller claiming to be from you". No
# stranger has done anything at their account yet (no hazard: "is this text a scam?" is not
# urgent), but only an article about scams may answer it: not the renewal the message spoke of.
_DOUBTED = word_led(
    "|".join(
        [
            rf"{_SENT}\b(?:[^.!?\n]|\.(?=\S)){{0,100}}?\W+(?:is|was) (?:that|this|it) (?:really )?{_OURS}",
            rf"(?:is|was) (?:that|this|it|the) (?:e-?mail|text|sms|message|call|caller|letter|link|website|site|page|dm) (?:really )?{_OURS}",
            rf"{_SENT}\b(?:[^.!?\n]|\.(?=\S)){{0,100}}?\W+(?:legit|legitimate|genuine|real|fake|a scam|scam|phishing)(?: or (?:not|fake|real|a scam|scam))?\s*\?",
            r"(?:pretend|pretends|pretended|pretending|claim|claims|claimed|claiming|says|said|saying) (?:to be|they(?:'re| are| were)|it(?:'s| is| was)) (?:from )?(?:you|u|your (?:team|company|support|bank|staff))\b",
        ]
    ),
    re.I,
)


def doubts_a_message(text: str) -> bool:
    """The post asks whether a message that came to the customer is ours (`_DOUBTED`)."""
    plain = " ".join(_HANDLE.sub(" ", text.replace("’", "'")).split())
    return bool(_DOUBTED.search(plain))


# What an article says of messages that aren't ours: "Phishing pretending to be us", "We never ask
# for your password", "Is this email genuine?".
_SPEAKS_OF_SCAMS = re.compile(
    r"\b(?:phishing|scam\w*|fraud\w*|pretend\w*|impersonat\w*|fake|genuine|suspicious|spoof\w*|we\s+(?:will\s+)?never\s+(?:ask|call|text|e-?mail)|"
    r"estafa|suplantaci\w+|hame[çc]on\w*|arnaque|betrug\w*|golpe)(?!\w)",
    re.I,
)


def speaks_of(kind: str, text: str) -> bool:
    """An article's text (title, tags, reply, body) is about hazards of `kind` (or, for "doubted",
    about messages that aren't ours): it may answer a post reporting one."""
    pattern = _SPEAKS_OF_SCAMS if kind == "doubted" else _KINDS[kind][1]
    return bool(pattern.search(text.replace("’", "'")))
