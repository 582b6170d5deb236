"""What a post asks of the brand's offer, in its own words: whether we offer, sell, cover, take or
allow a thing ("do you do family plans", "is there a student discount", "can I pay with amex",
"can I bring my dog"), whether we do a deed to a thing ("can you clean curtains"), whether it
works with another ("does it work with alexa"), when something new opens, and why a whole trade's
prices are high. The no-match decision reads these (`kb.decision`): an article can say yes or no
only if it speaks of the thing asked.
"""

from __future__ import annotations

import re

from assistant.text.problem_words import PEOPLE_WORDS

# "Do you offer X?", "do you do family plans", "can you deliver a letter", "does Loopnote have dark
# mode": a question whether the brand (or its app) offers something at all. An article can answer it only if it speaks of X, so X's words are
# what the folder must use. X is the noun phrase after the verb, up to a preposition or a relative
# word ("do you ship to Germany" asks where, not what), without names (a capitalised word is a
# place or a person: "do you have a store in Leeds").
# What may open a question, a greeting or a word joining it on ("hiya, do you take card?").
_OPENS = r"(?:^\s*|[.!?]\s*|\b(?:hi|hey|hello|hiya|heya|hullo|yo|morning|afternoon|evening|good\s+(?:morning|afternoon|evening)|also|and|so|but)\W+)"
_OFFERED = re.compile(
    _OPENS
    + r"(?:do|does|can|could|will|would)\s+(?:you|u|ya|it|the\s+app|(?!(?:i|we|my|our|he|she|they|this|that)\b)[^\W\d_]+(?=\s+(?:have|offer|support|sell|do)\b)|(?:the|your)\s+(?:[^\W\d_]+\s+){0,2}?[^\W\d_]+(?=\s+(?:have|offer|support|sell|do)\b))\s+(?:guys\s+|lot\s+|all\s+|still\s+|also\s+|ever\s+)?"
    # (The thing we run may be named: "does the free will service do scottish wills?". "Can you make
    # sure …" asks us to see to something, not whether we make it.)
    r"(?:offer|do|have|sell|buy|purchase|deliver|send|ship|carry|accept|take|support|provide|give|allow|stock|make(?!\s+(?:sure|certain)\b)|serve|fly|operate|install|cover|insure)\s+([^.!?\n]{1,120})",
    re.I,
)
# The deeds of taking a thing somewhere: what is asked is the thing and the place ("do you deliver
# the paper to the isle of man", "can you send parcels to a PO box"). A place asked alone ("do you
# ship to Ireland") is left to the decision: an article may cover it by class ("the EU") or say
# no to every other country.
_TO_A_PLACE = re.compile(r".*?\b(?:deliver|send|ship|fly|operate|post)\s+(?!to\b)(?:[^\W\d_][\w'-]*\s+){1,4}?to\s+\S", re.I)
_OBJECT_ENDS = re.compile(
    r"\b(?:to|in|on|at|for|from|with|by|into|via|where|when|which|that|who|if|or|as|because|so|like|than|before|after|until|anymore|yet|too|here|there|now|please|pls)\b|[,;:?!]",
    re.I,
)
_OBJECT_WORD = re.compile(r"[^\W_]+")  # as the word index splits them: "e-scooters" is "e" and "scooters"


# "Are you hiring claims handlers?" asks whether we offer a job: its object is what the folder must
# name too ("are you hiring riders" on a folder with a riders' article is left to the decision).
_HIRING = re.compile(r"\b(?:are|r)\s+(?:you|u|ya)\s+(?:guys\s+|all\s+)?(?:still\s+|currently\s+)?(?:hiring|recruiting)\s+([^.!?\n]{1,120})", re.I)


# "Can I buy a framed front page from 1984?", "can we order fabric by the metre": whether we sell a
# thing, asked from the customer's side.
_BUYING = re.compile(r"\b(?:can|could|may)\s+(?:i|we)\s+(?:still\s+|also\s+)?(?:buy|purchase|order)\s+([^.!?\n]{1,120})", re.I)


# "Is there wifi at your sites?", "are there lockers at the station", "is there a cash machine in the
# park": whether a thing is at a place for customers, the same question as "do you have X there".
# Not when the thing is only a way in to another question ("is there a way to…", "is there anything
# I can do", "is there someone I can ask"): the indefinite words are no thing. Nor without a place
# ("at night", "in the morning", "in an emergency" and "in person" are when and how, not where):
# "is there a number I can call", "is there a fee" and "is there a waitlist" ask of the service,
# in words its article may not use.
_THERE = re.compile(
    r"(?<!\bwhy )(?<!\bwhat )(?<!\bcome )\b(?:is|are|r)\s+there\s+(?:still\s+|also\s+|even\s+)?(?:(?:a|an|any|some)\s+)?"
    r"(?!(?:a|an|any|some|way|ways|anything|something|nothing|anyone|someone|anybody|somebody|one|somewhere|anywhere|chance|option|options|reason|point|problem|issue|issues|news|update|updates|more|else|other|another|time|limit|difference)\b)"
    r"([^\W\d_][\w' -]{0,60}?\s(?:at|in|near|inside|outside|around)\s(?!(?:the\s+|a\s+|an\s+)?"
    r"(?:night|nights|weekends?|mornings?|evenings?|afternoons?|day|daytime|week|moment|minute|future|meantime|emergency|emergencies|case|total|advance|person|general|all|time|\d)\b)[^.!?\n]{1,60})",
    re.I,
)

# ... or whether a kind of offer exists, wherever: "is there a student discount", "are there any
# family plans", "is there an app for windows". The thing is its words to the kind of offer.
_THERE_OFFER = re.compile(
    r"(?<!\bwhy )(?<!\bwhat )\b(?:is|are|r)\s+there\s+(?:still\s+|also\s+|ever\s+)?(?:(?:a|an|any)\s+)?"
    r"((?:[^\W\d_][\w'-]*\s+){0,3}?(?:discount|deal|offer|promo|promotion|sale|version|app|plan|membership|subscription|trial|scheme|tariff|bundle|package)s?)\b",
    re.I,
)

_COMPARED = re.compile(
    r"(?:cheap|good|bad|new|old|big|large|small|fast|quick|long|short|low|high|easy|simple|nice)(?:er|est)?|better|best|worse|worst", re.I
)  # "a cheaper plan" asks the price, not a kind

_AT_PLACE_ENDS = re.compile(_OBJECT_ENDS.pattern + r"|\b(?:near|inside|outside|around)\b", re.I)

# "Does my policy cover my e-bike?", "does the plan include Disney+", "does the mattress trial apply
# to pillows too": whether what the customer has, or an offer, takes in a thing, which an article
# can say only if it names the thing.
_COVERS = re.compile(
    r"\b(?:does|do|will|would)\s+(?:my|the|your|our|this|that)\s+(?:[\w%-]+\s+){0,2}?(?:policy|insurance|plan|cover|warranty|guarantee|membership|subscription|contract|tariff|"
    r"ticket|railcard|pass|bundle|trial|offer|deal|discount|code|voucher|promo|promotion|sale|scheme)\s+(?:also\s+)?"
    r"(?:cover|covers|include|includes|pay\s+for|work\s+(?:for|with|on)|apply\s+to|extend\s+to|count\s+(?:for|towards?|on))\s+([^.!?\n]{1,120})"
    # ... and whatever the rule or offer is, whether it reaches a thing: "does the hosepipe ban apply
    # to businesses", "do these rules extend to students".
    r"|\b(?:does|do|will|would)\s+(?:my|the|your|our|this|that|these|those)\s+(?:[\w%-]+\s+){0,2}?[\w%-]+\s+(?:also\s+|still\s+)?"
    r"(?:apply\s+to|extend\s+to|count\s+(?:for|towards?))\s+([^.!?\n]{1,120})"
    # ... and whether a thing comes with another: "does the courtesy car come with a child seat", "do
    # the rooms have a kettle" (not "does my train have to be late").
    r"|\b(?:does|do|will|would)\s+(?:my|the|your|our|this|that|these|those)\s+(?:[\w%-]+\s+){1,3}?(?:also\s+|still\s+)?"
    r"(?:come\s+with|have|include)\s+(?!to\b)([^.!?\n]{1,120})",
    re.I,
)


# Whether a thing works with another: "does the doorbell work with alexa", "will it connect to
# google home", "is the app compatible with windows phone", "can I watch it on my smart tv". An article can say so only if it names
# the other thing; its noun is enough ("does it work with a ps5 controller" and an article on
# PlayStation controllers), as for a thing brought along.
_WORKS_WITH = re.compile(
    r"\b(?:does|do|will|would|can)\s+(?:it|they|my|the|your|our|this|that|these|those)\s+(?:[\w%-]+\s+){0,3}?(?:also\s+|still\s+)?"
    r"(?:work|connect|pair|sync|integrate|link\s+up)\s+(?:with|to)\s+([^.!?\n]{1,80})"
    r"|\b(?:is|are)\s+(?:it|they|my|the|your|this|that|these|those)\s+(?:[\w%-]+\s+){0,3}?compatible\s+with\s+([^.!?\n]{1,80})"
    # ... or on what it can be used: "can you see who's at the door from a laptop", "can I watch it
    # on my smart tv", "can we check the balance through a web browser".
    r"|\b(?:can|could)\s+(?:i|we|you|u)\s+(?:also\s+|still\s+)?(?:see|watch|use|view|access|open|check|play|stream)\s+(?:[\w'-]+\s+){0,4}?"
    r"(?:on|from|via|through)\s+(?:a|an|my|our|your)\s+(?!own\b|behalf\b)([^.!?\n]{1,60})"
    # ... or whether the customer can join it to another thing: "can I link my tracker to my
    # insurer", "can we connect it to google home", "can I sync my watch with myfitnesspal".
    r"|\b(?:can|could)\s+(?:i|we|you|u)\s+(?:also\s+|still\s+|even\s+)?(?:link|connect|pair|sync|integrate|hook)\s+(?:up\s+)?"
    r"(?:it|them|this|that|(?:my|the|your|our|a|an)\s+(?:[\w%-]+\s+){0,2}?[\w%-]+)\s+(?:up\s+)?(?:with|to|into)\s+([^.!?\n]{1,80})",
    re.I,
)


def works_with_object(text: str) -> str:
    """The noun (lower case) of the thing a post asks whether ours works with ("does the doorbell
    work with alexa" → "alexa", "does it work with a ps5 controller on pc" → "controller"); "" for
    any other post."""
    found = _WORKS_WITH.search(text)
    if not found:
        return ""
    phrase = _THING_ENDS.split(next(group for group in found.groups() if group), maxsplit=1)[0]
    words = [word.lower() for word in _OBJECT_WORD.findall(phrase)]
    noun = words[-1] if words else ""
    return "" if noun.isdigit() or noun in _PRONOUNS or noun in _PLACEHOLDERS else noun


# How the customer would pay, what they would claim or be refunded for, and what they would use an
# entitlement on: "can I pay my water bill with a credit card", "can I pay the fine in instalments",
# "can I claim for my carpet" (a thing of theirs; "for the delay" is what went wrong, which an
# article on claims speaks of in its own words), "can I use my rewards points on fuel", "do gift
# cards work for food".
# The article that answers says so only if it names the means or the thing.
_PAYING_BY = (
    r"\b(?:can|could|do|may)\s+(?:i|we|you|u)\s+(?:still\s+|also\s+|just\s+)?pay\s+(?:(?:for\s+)?(?:(?:my|the|our|your|a|an|this|it|them)\s+)?(?:[\w%-]+\s+){0,3}?)?"
    r"(?:by|with|using|via|through|in)\s+(?!(?:full|advance|total|time|person|store|the\s+app|the\s+shop)\b|(?:the\s+|a\s+)?\d)([^.!?\n]{1,80})"
)
_PAID_WITH = re.compile(_PAYING_BY, re.I)
_MEANS = re.compile(
    _PAYING_BY + r"|\b(?:can|could|do|will)\s+(?:i|we)\s+(?:still\s+|also\s+)?claim\s+for\s+(?=(?:my|our)\s)([^.!?\n]{1,80})"
    r"|\b(?:can|could)\s+(?:i|we)\s+(?:still\s+|also\s+)?use\s+(?:my|the|our|a|an|these|those)\s+(?:[\w%-]+\s+){0,4}?(?:on|at|for|towards?)\s+([^.!?\n]{1,80})"
    r"|\b(?:do|does|will|would|can)\s+(?:my\s+|the\s+|our\s+|your\s+)?(?:[\w%-]+\s+){0,2}?(?:cards?|points|vouchers?|codes?|credits?|passes|tickets)\s+(?:also\s+)?(?:work|count|go)\s+(?:for|on|at|towards?)\s+([^.!?\n]{1,80})",
    re.I,
)


# "Why is parking so expensive everywhere now", "why are trains in this country so expensive",
# "why is everything online so dear": why a whole trade's prices are high. Said of a thing with no
# "my", "your" or "the" before it, it is about the world, which no article answers; "why is my
# renewal so expensive" and "why is the premium so high" are about the customer's own price.
_WHY_PRICES = re.compile(
    r"\bwh+y+\s+(?:is|are|'s)\s+(?!(?:my|your|our|the|this|that|these|those|his|her|their|it|its)\b)[a-z][\w\s-]{0,40}?\s+so\s+"
    r"(?:expensive|dear|pricey|costly|overpriced|extortionate)\b",
    re.I,
)


# "When is the new club in Hull opening", "when will the new range come out": when something new
# starts. An article can say so only if it speaks of something new; "opening hours" are not an opening.
_VISITORS = r"(?:engineers?|technicians?|plumbers?|electricians?|drivers?|couriers?|fitters?|inspectors?|installers?|surveyors?|someone|anyone|somebody|anybody|man|guy|team|person|nurses?|doctors?|vets?|vans?)"
_NEW_OPENS = re.compile(
    r"\bwhen(?:'s|\s+(?:is|are|will|does|do))\s+(?:the|your|a|an)\s+new\s+[\w\s'-]{1,40}?\s+"
    r"(?:open|opening|opened|launch|launching|come\s+out|coming\s+out|be\s+(?:open|opening|ready|launched)|start|starting|released?|go(?:ing)?\s+live)\b"
    # ... and whether it comes out at all: "is the stride 5 coming out this year", "will the new
    # range be released before christmas" (someone coming out is a visit: "is the engineer coming
    # out tomorrow").
    rf"|\b(?:is|are|will)\s+(?:the|your|a|an)\s+(?!(?:[\w'-]+\s+){{0,4}}?{_VISITORS}\b)(?:new\s+)?[\w\s'-]{{1,40}}?\s+(?:be\s+)?"
    r"(?:coming\s+out|come\s+out|being\s+released|released|launching|launched)\b",
    re.I,
)
# Words of a thing coming out: an article answers when or whether something comes out only if it
# uses the post's own words of it ("new", "coming"...).
COMING_WORDS = frozenset("new coming launch launching launched release released releasing".split())


def asks_when_something_new_opens(text: str) -> bool:
    """The post asks when something new opens, launches or comes out (`_NEW_OPENS`)."""
    return bool(_NEW_OPENS.search(text))


def asks_why_prices_are_high(text: str) -> bool:
    """The post asks why prices are high in general (`_WHY_PRICES`), not about its own price."""
    return bool(_WHY_PRICES.search(text))


# Whether we mean to offer a thing: "any plans for a floodlight camera?", "are you planning to add
# dark mode", "will you ever make a kids' version", "when are you bringing out a bigger size". An
# article can say so only if it names the thing. "Plans" as a price plan is no intention ("any plans
# with unlimited data?"), nor is what we will do now ("will you make it right", "will you be open"),
# nor what we would do with what is the customer's ("are you going to sell my stuff??").
_NOT_THEIRS = r"(?!(?:my|our|me|us|mine|ours)\b)"  # what is the customer's own is no offer ("sell my stuff")
_PLANNED = re.compile(
    rf"\b(?:any|got\s+any|are\s+there(?:\s+any)?|have\s+(?:you|u)(?:\s+got)?(?:\s+any)?|do\s+(?:you|u)\s+have(?:\s+any)?)\s+plans?\s+(?:for|to\s+(?:make|add|bring\s+out|release|launch|sell|offer|do|introduce|start|open))\s+{_NOT_THEIRS}([^.!?\n]{{1,120}})"
    r"|\b(?:are|r)\s+(?:you|u|ya)\s+(?:guys\s+)?(?:planning|going|thinking\s+of|thinking\s+about|looking\s+(?:at|into))\s+(?:to\s+)?"
    rf"(?:make|making|add|adding|bring\s+out|bringing\s+out|release|releasing|launch|launching|sell|selling|offer|offering|introduce|introducing|stock|stocking)\s+{_NOT_THEIRS}([^.!?\n]{{1,120}})"
    rf"|\bwill\s+(?:you|u|ya)\s+(?:guys\s+)?(?:ever|eventually|one\s+day|at\s+some\s+point)\s+(?:make|add|bring\s+out|release|launch|sell|offer|introduce|stock)\s+{_NOT_THEIRS}([^.!?\n]{{1,120}})"
    rf"|\bwhen\s+(?:will|are|r)\s+(?:you|u|ya)\s+(?:guys\s+)?(?:going\s+to\s+)?(?:bring(?:ing)?\s+out|releas(?:e|ing)|launch(?:ing)?|add(?:ing)?|mak(?:e|ing)|introduc(?:e|ing))\s+{_NOT_THEIRS}([^.!?\n]{{1,120}})"
    # ... however it is put: "y'all ever going to add servers in nigeria?", "you gonna ever bring out a
    # bigger size", "any chance you'll add dark mode".
    rf"|\b(?:you|u|ya|y'?all)\s+(?:guys\s+)?(?:ever\s+)?(?:going\s+to|gonna)\s+(?:ever\s+)?(?:make|add|bring\s+out|release|launch|sell|offer|introduce|stock|open)\s+{_NOT_THEIRS}([^.!?\n]{{1,120}})"
    rf"|\bany\s+chance\s+(?:of\s+)?(?:you|u)(?:'ll|\s+will|\s+could|\s+might)?\s+(?:be\s+)?(?:mak(?:e|ing)|add(?:ing)?|bring(?:ing)?\s+out|releas(?:e|ing)|launch(?:ing)?|sell(?:ing)?|offer(?:ing)?|introduc(?:e|ing)|stock(?:ing)?|open(?:ing)?)\s+{_NOT_THEIRS}([^.!?\n]{{1,120}})",
    re.I,
)


def offered_object(text: str) -> list[str]:
    """The words (lower case) of what a post asks whether the brand offers: "do you do family plans
    where we share data?" → ["family", "plans"], "are you hiring developers" → ["developers"],
    "does my policy cover my e-bike" → ["my", "e", "bike"], "can I buy a framed front page" →
    ["a", "framed", "front", "page"], "does my policy cover driving in Spain"
    → ["driving", "in", "spain"], "is there a cash machine in the park" → ["cash", "machine"]; []
    for any other post."""
    offered = _OFFERED.search(text) or _HIRING.search(text) or _BUYING.search(text)
    if offered and _TO_A_PLACE.match(offered.group(0)):  # where a thing is taken is part of what is asked: "do you deliver the paper to the isle of man"
        return _object_of(offered, ends=_REACH_ENDS, names=True)
    if offered and _TAKEN.match(offered.group(0)):  # what we take is the customer's own: its state is no kind ("old TVs")
        return [word for word in _object_of(offered) if word not in _STATE_OF_ONES_OWN]
    if offered:
        thing = _without_the_cut(_object_of(offered))
        cut_for = _CUT_FOR.match(offered.group(1)) if set(thing) <= _PRICE_CUTS | _QUANTIFIERS else None
        # A cut alone, for whom: "do you do a discount for siblings?" asks of siblings (an article may say "10% off").
        return _object_of(cut_for) if cut_for else thing
    planned = _PLANNED.search(text)
    if planned:  # where a thing is meant to come is part of it: "will you ever add servers in nigeria"
        return _object_of(planned, ends=_REACH_ENDS, names=True)
    there = _THERE.search(text)
    if there:
        return _object_of(there, ends=_AT_PLACE_ENDS)
    there = _THERE_OFFER.search(text)
    if there:  # only what sets the kind apart ("student"): the kind itself ("a discount") an article may say as "15% off"
        return [word.lower() for word in re.findall(r"[^\W\d_]+", there.group(1))[:-1] if not _COMPARED.fullmatch(word)]
    covered = _IS_COVERED.search(text)
    if covered and not _COVERS.search(text):  # "is flood damage covered", "is my car covered to drive in France"
        return [*_object_of(covered, ends=_REACH_ENDS, names=True), *_object_of(_IS_COVERED_REACH.match(covered.group(2)), ends=_REACH_ENDS, names=True)]
    return _object_of(_COVERS.search(text), ends=_REACH_ENDS, names=True)


def deed_object(text: str) -> tuple[str, list[str]]:
    """The deed and the words (lower case) of the thing a post asks whether we do it to, up to a
    preposition or a relative word: "do you clean offices as well or just homes" → ("clean",
    ["offices"]), "do your cleaners do gardening too" → ("do", ["gardening"]); ("", []) for any
    other post. The decision leaves such a post without an article only when the folder uses none
    of the thing's words: a deed names no kind of offer as "do you do" does, so "can you move an
    upright piano up two flights" is the pianos article's, though no article says "flights"."""
    doing = _DOING.search(text)
    if not doing or doing.group(1).lower() in _ASKING or _POINTING_BACK.match(doing.group(2)):  # "could you rectify this asap" points back at what was told
        return ("", [])
    return (doing.group(1).lower(), _object_of(doing, names=True, first_group=2))


_POINTING_BACK = re.compile(r"\s*(?:this|that|it|them|these|those|him|her|they)\b", re.I)


# Verbs that ask us to tell, see to or price something ("do you know how hard…", "can you explain
# the charges", "do you charge extra for oat milk"): no deed offered.
_ASKING = frozenset(
    "know tell explain confirm verify check let help advise say see look think mind want need charge fix sort get find recommend suggest "
    "actually ever usually normally currently".split()
)


# "Can you clean curtains?", "do you guys repair zips", "do you take amex": whether we do a deed to
# a thing. What is asked is the deed and everything the question says of the thing, to its end
# ("do you do storage in Spain" asks of Spain too); a verb of having or giving ("do", "have",
# "offer", "take") names no deed. A request about the customer's own case ("can you check my order",
# "can you send me a bag") asks no offer.
_DOING = re.compile(
    _OPENS + r"(?:can|could|do|will|would)\s+(?:you|u|ya|your\s+[^\W\d_]+)\s+(?:(?:guys|all|still|also|even|just|really|please|pls)\s+)*"
    r"([^\W\d_]{2,})\s+" + _NOT_THEIRS + r"([^.!?\n]{1,120})",
    re.I,
)
_HAVING = frozenset("offer offering do have sell provide give carry stock accept take support make serve".split())
_QUESTION_ENDS = re.compile(r"[.!?\n]")
_CONDITION = re.compile(r"\b(?:if|when|whenever|in\s+case|unless)\b", re.I)


def offered_deed(text: str) -> tuple[str, list[str]]:
    """The deed and the words of the thing a post asks whether we do it to: "can you clean a
    leather jacket" → ("clean", ["a", "leather", "jacket"]), "do you do storage in Spain" → ("",
    ["storage", "in", "spain"]), "does the app have a dark mode" → ("", ["a", "dark", "mode"]);
    ("", []) for any other post."""
    found = _DOING.search(text)
    verb, asked = (found.group(1).lower(), found.group(2)) if found else ("", "")
    taken = verb in ("take", "accept")
    if not found and (offered := _OFFERED.search(text)):
        asked, taken = offered.group(1), bool(_TAKEN.match(offered.group(0)))
    # ... to the question's end, or to the condition it is asked under ("can you give him calpol if he gets a temperature?").
    words = [word.lower() for word in _OBJECT_WORD.findall(_CONDITION.split(_QUESTION_ENDS.split(asked, maxsplit=1)[0], maxsplit=1)[0])]
    # What we take is the customer's own, as in `offered_object`: its state names no kind ("old car seats").
    thing = [word for word in words if word not in _PLACEHOLDERS and not (taken and word in _STATE_OF_ONES_OWN)]
    return ("" if verb in _HAVING else verb, thing) if thing else ("", [])


def asks_if_we_take(text: str) -> bool:
    """The post asks whether we take or accept a thing ("do you take card?"; its words are
    `offered_deed`'s), not whether we sell or do one."""
    offered = _OFFERED.search(text)
    return bool(offered and _TAKEN.match(offered.group(0)))


# Cash by its forms: a note or coins is paying in cash ("can I pay on the bus with a £20 note?" and
# "Drivers take cash"), which is how an article names it; the note's amount is no means of paying.
_CASH_FORMS = frozenset("note notes banknote banknotes tenner tenners fiver fivers coin coins".split())


def _as_cash(words: list[str]) -> list[str]:
    return [*dict.fromkeys("cash" if word in _CASH_FORMS else word for word in words if not word.isdigit())]


def paid_with(text: str) -> list[str]:
    """The words (lower case) of how a post asks to pay: "can I pay for a bulky collection with
    cash" → ["cash"], "with a £20 note" → ["a", "cash"]; [] for any other post (what it asks
    to claim for or use a card on among them)."""
    return _as_cash(_object_of(_PAID_WITH.search(text)))


def means_object(text: str) -> list[str]:
    """The words (lower case) of how a post asks to pay, or what it asks to claim for or use an
    entitlement on (`_MEANS`): "can I pay with a credit card" → ["a", "credit", "card"]; [] for any other post."""
    return _as_cash(_object_of(_MEANS.search(text)))


# The same asked the other way round: "is flood damage covered", "are my tools insured", "is my car
# covered to drive in France" (the thing, then where the cover reaches). "Is that covered" points
# back at what the post told, which the decision weighs.
_IS_COVERED = re.compile(
    r"\b(?:is|are)\s+(?!(?:that|it|this|these|those|they|everything|anything|not|i|we|you|there)\b)((?:[\w%-]+\s+){0,5}?[\w%-]+)\s+"
    r"(?:also\s+|still\s+)?(?:covered|insured)\b([^.!?\n]{0,120})",
    re.I,
)
_IS_COVERED_REACH = re.compile(r"\s+(?:to|in|on|at|for|abroad|overseas)\b(.*)", re.I | re.S)


# Whether a thing is free or included in the price ("is parking free at the Cribbs salon", "is
# breakfast included", "are towels extra"): an article can answer only if it speaks of that thing.
# The place asked at ends it ("at the Cribbs salon"): names say where, not what.
_IS_GIVEN = re.compile(
    r"\b(?:is|are)\s+(?!(?:that|it|this|these|those|they|everything|anything|not|i|we|you|there|he|she)\b)((?:[\w'-]+\s+){0,4}?[\w'-]+)\s+"
    r"(?:also\s+|still\s+|really\s+)?(?:free|included|extra|complimentary|chargeable)\b",
    re.I,
)


def given_object(text: str) -> list[str]:
    """The words (lower case) of the thing a post asks whether it is free or included: "is parking
    free at the Cribbs salon?" → ["parking"]; [] for any other post. The decision leaves such a post
    without an article only when the folder uses none of them, as for a deed (`deed_object`)."""
    return _object_of(_IS_GIVEN.search(text))


# Where a cover reaches is part of what it covers: "does my policy cover driving in Spain" asks
# about Spain, which only an article naming it can answer, so a cover's object runs on past "in",
# "to", "on" and "at" and keeps names; "if", "when", "like" and the rest still end it.
_REACH_ENDS = re.compile(
    r"\b(?:where|when|which|that|who|if|or|as|because|so|like|than|before|after|until|anymore|yet|too|now|please|pls)\b|[,;:?!]",
    re.I,
)


def _object_of(found: re.Match[str] | None, *, ends: re.Pattern[str] = _OBJECT_ENDS, names: bool = False, first_group: int = 1) -> list[str]:
    """The lower-case words of a question's object (the first of its groups from `first_group`
    on that matched), up to `ends`; without names (a capitalised word is a place or a person)
    unless `names`."""
    if not found:
        return []
    phrase = ends.split(next((group for group in found.groups()[first_group - 1 :] if group), ""), maxsplit=1)[0]
    words = _OBJECT_WORD.findall(phrase)
    # A clause of its own after the thing says where it came from, not what it is: "the gift card
    # my nan gave me", "a voucher I got for christmas". The thing ends where its subject starts.
    clause = next((n for n, word in enumerate(words) if n and word.lower() in _SUBJECTS and words[n - 1].lower() not in _DETERMINERS), len(words))
    words = words[:clause]
    # What holds or counts the thing is no kind of it: "half used tins of paint" asks about paint,
    # "a couple of boxes of books" about books.
    measured = [n for n in range(1, len(words)) if words[n].lower() == "of" and words[n - 1].lower() in _MEASURES]
    words = words[measured[-1] + 1 :] if measured and measured[-1] + 1 < len(words) else words
    return [word.lower() for word in words if (names or not _NAME.fullmatch(word)) and word.lower() not in _PLACEHOLDERS]


# A cut in price, which an article may state as "a third off", "half price" or "15% off": in "do you do a
# student discount on the monthly pass" only what sets the cut apart ("student") must be named.
_QUANTIFIERS = frozenset("the a an of any some your ur my our special".split())
_PRICE_CUTS = frozenset("discount discounts deal deals promo promos promotion promotions reduction reductions concession concessions".split())


_CUT_FOR = re.compile(r"(?:(?:a|an|any|the|some)\s+)?(?:" + "|".join(sorted(_PRICE_CUTS)) + r")\s+for\s+([^.!?\n]{1,80})", re.I)


def _without_the_cut(words: list[str]) -> list[str]:
    """`words` without a price cut's word where a word before it says whose or which cut it is."""
    return [word for n, word in enumerate(words) if not (word in _PRICE_CUTS and any(w not in _QUANTIFIERS for w in words[:n]))]


# The words that hold or count a thing ("tins of paint", "a pair of shoes", "loads of boxes").
_MEASURES = frozenset(
    "tin tins can cans box boxes bag bags bottle bottles jar jars pack packs packet packets carton cartons crate crates sack sacks "
    "roll rolls tub tubs pot pots bucket buckets tray trays barrel barrels case cases load loads lot lots pair pairs set sets pile piles "
    "heap heaps stack stacks bunch bunches couple handful piece pieces bundle bundles amount amounts quantity kilo kilos".split()
)


# A capitalised word is a name ("Leeds", "Visa"), not one in capitals nor one's plural ("TV", "TVs", "PCs").
_NAME = re.compile(r"(?![A-Z]+$|[A-Z]{2,}s$)[A-Z]\w*")
# What state the customer's own thing is in says nothing of the kind asked about: "do you take old
# TVs at the tip" asks about TVs, "do you accept empty paint tins" about paint tins. Only of what we
# would take: "do you sell off old books" asks of a kind of ours.
_STATE_OF_ONES_OWN = frozenset("old unwanted broken empty dead used half leftover spare opened unopened".split())
_TAKEN = re.compile(r".*?\b(?:accept|take|buy|purchase)\s", re.I)


_SUBJECTS = frozenset("my i we you he she they his her our their me".split())
_DETERMINERS = frozenset("the a an of".split())


# Words that stand for a thing without naming it ("does the frame come with stuff to hang it", "can I
# bring my things on board"): no article names them, and none has to.
_PLACEHOLDERS = frozenset("stuff things thing anything something everything bits bit extras whatever place places".split())


# "Can I bring my dog?", "can I take a kayak on the train", "may we bring our own food", "are dogs
# allowed on board": a question whether a thing may come along. An article can answer it only if it
# speaks of that thing, so the thing itself (the phrase's last word, its noun: "my electric scooter"
# is a scooter) is what the folder must use.
_BROUGHT = re.compile(
    r"\b(?:can|could|may|am|are)\s+(?:i|we|my\s+\w+|our\s+\w+)\s+(?:allowed\s+to\s+)?(?:bring|carry)\s+(?:along\s+)?([^.!?\n]{1,80})"
    # "Take" brings a thing along only somewhere ("can I take my dog in the cabin", "a kayak on the
    # train"); "can I take ibuprofen with my tablets" asks whether to swallow it.
    r"|\b(?:can|could|may|am|are)\s+(?:i|we|my\s+\w+|our\s+\w+)\s+(?:allowed\s+to\s+)?take\s+(?:along\s+)?((?:[^\W\d_][\w'-]*\s+){1,5}?)"
    r"(?=(?:on|onto|into|inside|aboard|abroad|through|in\s+(?:the|my|your|our|a)\s+(?!morning|evening|afternoon|night|day)\w+)\b)"
    r"|\b(?:is|are)\s+((?:(?:a|an|my|our|your|the)\s+)?[^\W\d_]+(?:\s+[^\W\d_]+)?)\s+(?:allowed|permitted)\b"
    # ... or whether the thing we run suits it: "is the midnight walk ok for prams?", "is the pool suitable for wheelchairs"
    r"|\b(?:is|are)\s+(?:it|this|that|the\s+[^\W\d_]+(?:\s+[^\W\d_]+)?|your\s+[^\W\d_]+(?:\s+[^\W\d_]+)?)\s+"
    r"(?:ok|okay|suitable|fine|alright|all\s+right|safe|accessible)\s+(?:for|with)\s+([^.!?\n]{1,80})"
    # ... or whether it may come along itself: "can my dog come and watch from the café?", "can our dog come in"
    r"|\b(?:can|could|may)\s+(?:my|our)\s+((?:[^\W\d_]+\s+)?[^\W\d_]+)\s+come\s+(?:inside|along|with|too|and|in(?=\s*(?:[?.!,;]|$|(?:too|with|the|to)\b)))\b",
    re.I,
)
_AGED = re.compile(r"\b(?:years?|yrs?|months?)[\s-]+old\b|\b\d+\s*(?:yo|y/o)\b", re.I)
_PRONOUNS = frozenset("it them this that these those one you u me us him her".split())
_THING_ENDS = re.compile(_OBJECT_ENDS.pattern + r"|\b(?:out|off|up|back|over|along|with me|with us|onto|inside|aboard|board)\b", re.I)


def brought_object(text: str) -> str:
    """The noun (lower case) of the thing a post asks whether it may bring along ("can I take a
    kayak on the train?" → "kayak"); "" for any other post, and for a number ("can I take the 17:30")."""
    found = _BROUGHT.search(text)
    if not found:
        return ""
    phrase = _THING_ENDS.split(next(group for group in found.groups() if group), maxsplit=1)[0]
    words = [word for word in _OBJECT_WORD.findall(phrase) if not (word[0].isupper() and not word.isupper())]
    noun = words[-1].lower() if words else ""
    # A person brought along is a guest, which an article speaks of in its own words ("can I bring a friend on my pass"),
    # and so is one of an age ("is it ok for a 5 year old": the article on ages answers).
    return "" if noun.isdigit() or noun in _PRONOUNS or noun in _PLACEHOLDERS or noun in PEOPLE_WORDS or _AGED.search(phrase) else noun


# The words that name what a price is asked of, when it is a thing named as one ("how much does a
# nanny cost in york?" → ["nanny"]): an indefinite noun phrase of one or two words before any
# preposition, with no number ("a 1 bed" is a size, "per kilo" a unit, "it" names nothing).
_A_THING = re.compile(r"\s*(?:a|an)\s+([^\W\d_]+(?:\s+[^\W\d_]+)?)\s*$", re.I)


def measured_head(thing: str) -> list[str]:
    """The words naming a measured thing (`text.asks.measured_thing`) when it is one thing named as
    one: "a nanny  in york" → ["nanny"], "a full day for a 2 year old" → ["full", "day"]; [] for
    "a 1 bed", "per kilo", "it  to leave my fixed deal early"."""
    named = _A_THING.match(_OBJECT_ENDS.split(thing, maxsplit=1)[0])
    return [word.lower() for word in named.group(1).split() if word.lower() not in _PLACEHOLDERS] if named else []
