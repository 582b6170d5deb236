"""What a post asks of us that an article answers only when it speaks of it in the asker's own
terms: a way to reach us (the contact article), or a job (an article on jobs). Read by the
evidence (`kb.index`)."""

from __future__ import annotations

import re

from assistant.text.days import asked_day, asks_by_when
from assistant.text.loss import without_deaths
from assistant.text.needs import as_the_rules_read, is_question
from assistant.text.problem_words import PEOPLE, STAFF

# A question how to reach us, and nothing else asked: "what's your phone number", "is there a number
# I can ring", "how do I speak to an actual person", "how can I contact you". Every help centre has
# an article for it; what is asked is the channel (a phone number, an email address, a person), so
# the channel words are a closed class. A topic after it ("contact you about unauthorised charges",
# "your number for claims") is the need, not the channel.
# A person at the other end, however named: "a real person", "an actual human", "someone", "an agent".
_A_PERSON = r"(?:a\s+|an\s+)?(?:real\s+|actual\s+|live\s+)?(?:person|human|someone|somebody|anyone|anybody|agent|adviser|advisor|operator|people)"
# Where to write to us: "what's your postal address?", "where do I send a letter to you" (the
# passage said is the one giving an address, `kb.KnowledgeBase`). Our address asked, not theirs:
# "I've changed my postal address" asks no way to reach us.
_ASKING_FOR = r"\b(?:what'?s|what\s+is|whats|is\s+there|do\s+you\s+(?:guys\s+)?have|have\s+you\s+got|give\s+me|need|send\s+me)\s+(?:a|an|your|the|ur|any)?\s*"
_POST = r"(?:postal|post|mailing)\s+address|address\s+(?:to\s+write\s+to|for\s+(?:letters|post|cheques))"
_WHERE_TO_WRITE = r"\bwhere\s+(?:do|can|should)\s+(?:i|we)\s+(?:send|post|write)\s+(?:(?:a|my|the|our)\s+)?(?:letters?|cheques?|checks?|to\s+(?:you|u))\b"
ASKS_WHERE_TO_WRITE = re.compile(rf"{_ASKING_FOR}(?:{_POST})\b|{_WHERE_TO_WRITE}", re.I)
_REACH_US = re.compile(
    rf"{_ASKING_FOR}"
    rf"(?:(?:phone|telephone|contact|customer\s+service|support|help\s*line)\s+(?:number|line|no\.?|email)|number|phone\s+line|helpline|email(?:\s+address)?|e-mail|{_POST})\b"
    rf"|{_WHERE_TO_WRITE}"
    r"|\bwhat\s+number\s+(?:do|can|should)\s+(?:i|we)\s+(?:call|ring|phone)\b|\bnumber\s+(?:i|we)\s+can\s+(?:call|ring|phone)\b"
    rf"|\b(?:speak|talk|chat)\s+(?:to|with)\s+{_A_PERSON}\b"
    # Whether anyone answers at all: "does anyone actually answer the phone there", "is anybody
    # picking up", "will someone ever reply".
    rf"|\b(?:does|do|will|is|are|can|would)\s+{_A_PERSON}\s+(?:there\s+)?(?:ever\s+|actually\s+|even\s+|still\s+)?(?:answer|pick|reply|respond)\w*\b"
    r"(?:\s+up)?(?:\s+(?:to\s+)?(?:the|your|ur|my|any)?\s*(?:phones?|calls?|emails?|messages?|chat|dms?)\b)?(?:\s+(?:there|here)\b)?"
    r"|\b(?:to|i|we|can|could|can'?t|cannot|how)\s+(?:actually\s+|even\s+|ever\s+)?(?:contact|reach|call|ring|phone|email|get\s+hold\s+of|get\s+in\s+touch\s+with|get\s+through\s+to)\s+"
    rf"(?:you|u|customer\s+service|support|your\s+team|{_A_PERSON})\b",
    re.I,
)
# ... unless what follows "for" is when ("a phone number for weekends", "for out of hours") or
# where, or who answers it ("the number for the bristol store", "for customer services").
_TOPIC_AFTER = re.compile(
    r"^\W*(?:about|regarding|re|of|to\s+(?:report|claim|cancel|complain|change|ask|sort|get|make)"
    r"|for(?!\s+(?:the\s+|a\s+)?(?:weekends?|nights?|evenings?|mornings?|out[\s-]+of[\s-]+hours|after[\s-]+hours|emergenc(?:y|ies)|sundays?|saturdays?|bank\s+holidays?)\b)"
    r"(?!\s+(?:the\s+|your\s+|ur\s+|our\s+|my\s+)?(?:[\w'-]+\s+){0,2}(?:store|branch|office|shop|depot|site|centre|center|location|park|hotel|clinic|practice)s?\b"
    r"(?=\W*$|\s*[?.!,]|\s+(?:please|pls|thanks|thank|in|at|near|on|today|tomorrow)\b))"
    r"(?!\s+(?:the\s+|your\s+)?customer\s+services?\b)"
    r"(?!\s+(?:you|u|ya|y'?all|yous|you\s+guys|your\s+(?:support\s+)?(?:team|support|help\s*desk)|support(?:\s+team)?|(?:the\s+)?help\s*desk|customer\s+(?:support|care))(?=\W*$|\s*[?.!,]|\s+(?:please|pls|thanks|thank|guys|today|now)\b)))\b",
    re.I,
)


# Whether we have work for the customer: "are you hiring delivery drivers", "r u recruiting",
# "any jobs going at the leeds store?", "do you have any vacancies", "how do I apply for a job".
# A help article answers it only if it speaks of jobs (`kb.evidence.JOB_WORDS`).
# ("Are you taking on new NHS patients?" asks whether we take customers, not staff; "are you hiring
# out bikes" rents them.)
_JOB_ASK = re.compile(
    r"\b(?:are|r)\s+(?:you|u|ya)\s+(?:guys\s+|all\s+|lot\s+)?(?:still\s+|currently\s+|now\s+|even\s+)?(?:hiring(?!\s+out\b)|recruiting|taking\s+(?:on(?!\s+(?:any\s+)?(?:more\s+)?(?:new\s+)?"
    r"(?:(?:nhs|private|adult|child|dog|cat)\s+)?(?:patients?|customers?|clients?|members?|pupils?|students?|tenants?|bookings?|orders?|work|projects?|registrations?|"
    r"children|kids|babies|dogs|cats|pets|animals|residents?|guests?|passengers?|subscribers?|sign[- ]?ups?)\b)|people\s+on))\b"
    r"|\b(?:any|got\s+any|have\s+any)\s+(?:(?:part[- ]time|full[- ]time|christmas|seasonal|summer|weekend|temp)\s+)?(?:jobs?|vacanc(?:y|ies)|openings|positions|roles)\b"
    r"|\bhow\s+(?:do|can|would|could)\s+(?:i|we)\s+(?:apply\s+for\s+(?:a\s+)?(?:job|role|position)|get\s+a\s+job|work\s+for\s+(?:you|u))\b"
    # ... or looking for one of our people: "are you looking for a cello teacher?", "r u looking for drivers"
    rf"|\b(?:are|r)\s+(?:you|u|ya)\s+(?:guys\s+)?(?:still\s+|currently\s+|ever\s+)?looking\s+for\s+(?:a\s+|an\s+|any\s+|more\s+|new\s+)?(?:[\w-]+\s+)?(?:{STAFF}|staff|volunteers?|apprentices?)\b",
    re.I,
)


def asks_for_a_job(text: str) -> bool:
    """The post asks whether we have work for the customer (`_JOB_ASK`)."""
    return bool(_JOB_ASK.search(as_the_rules_read(text)))


# How our people behaved to the customer: "the courier was really rude to my mum", "your crew on
# SK118 were rude to my elderly mother", "the woman on chat was so rude to me", "the man at the desk
# laughed at me". No help article answers it but the one saying where complaints go; without one, a
# person replies. (What they did to a thing, "threw my parcel over the fence", may have an article.)
_CONDUCT = re.compile(
    r"\b"
    + STAFF
    + r"\b[^.!?\n]{0,40}?\b(?:(?:was|were|is|are|been|being)\s+(?:(?:so|really|very|extremely|incredibly|unbelievably|super|quite|just|absolutely|bloody)\s+)*"
    r"(?:rude|unprofessional|aggressive|abusive|condescending|patronising|patronizing|dismissive|arrogant|nasty|obnoxious|hostile|disrespectful)"
    r"|(?:laughed|shouted|yelled|swore|screamed)\s+at|mocked|insulted|belittled"
    # ... or minded us not at all, or misled us: "the host was on his phone the whole time", "ignored us", "gave us the wrong hint"
    r"|(?:was|were)\s+(?:on\s+(?:his|her|their)\s+phones?|asleep|chatting\s+(?:to|with)\s+(?:each\s+other|friends|colleagues)|nowhere\s+to\s+be\s+(?:seen|found))"
    r"|ignored\s+(?:us|me)|couldn'?t\s+(?:have\s+)?care[d]?\s+less|gave\s+(?:us|me|my\s+\w+)\s+(?:the\s+|a\s+)?wrong)\b",
    re.I,
)


def tells_of_conduct(text: str) -> bool:
    """The post tells how the brand's people behaved to the customer (`_CONDUCT`)."""
    return bool(_CONDUCT.search(as_the_rules_read(text)))


# Which of several things is best, or what we'd recommend: "what's the best printer for photos at
# home", "which is better for a family of 5, a washer dryer or separate machines", "can you
# recommend insurance for a new driver", "is the hybrid any good for side sleepers". An article
# answers it only if it recommends (`kb.evidence.JUDGING_WORDS`). Not "the best way to …" (a how,
# "the best way to reach you"), nor which one the customer should get ("what size should I get"),
# which an article on sizes answers in its own words.
_JUDGING_ASK = re.compile(
    r"\b(?:what(?:'s|s|\s+is|\s+are)|which(?:'s|s|\s+is|\s+are)?)\s+(?:the\s+)?(?:best|better|nicest|most\s+\w+)\b(?!\s+(?:way|time|day|date|number|email|place)s?\b)"
    r"|\bwhich\s+(?:[^\W\d_]+\s+){0,2}?(?:is|are|would\s+be)\s+(?:the\s+)?(?:better|best)\b"
    r"|\b(?:can|could|would|do)\s+(?:you|u)\s+(?:guys\s+)?recommend\b"
    # ... asked of anyone reading: "does anyone know a good window cleaner in Leeds", "can anyone
    # recommend a removals firm", "any recommendations for a cleaner near Bath".
    r"|\b(?:can|could|would)\s+(?:anyone|anybody|someone|somebody)\s+(?:recommend|suggest)\b"
    r"|\b(?:does|do)\s+(?:anyone|anybody|any\s*one|you|u|y'?all)\s+know\s+(?:of\s+)?(?:a|an|any)\s+(?:good|decent|reliable|great)\b"
    r"|\bany\s+(?:recommendations|recs|suggestions)\s+(?:for|on)\b|\banyone\s+(?:recommend|know\s+(?:of\s+)?(?:a|an|any)\s+(?:good|decent|reliable))\b"
    r"|\bany\s+good\s+for\b"
    r"|\b(?:easier|harder|better)\s+for\s+(?:a|an|me|my|someone|people)\b"
    # ... or which of two is the harder, or of several the hardest: "is the heist harder than the vault?" (a price or a time compared is a measure)
    r"|\b(?:is|are)\s+(?:the\s+)?(?:[\w'-]+\s+){1,3}?(?:harder|easier|better|worse|scarier|tougher|nicer|more\s+(?:fun|difficult|challenging))\s+than\b"
    r"|\bwhich\s+(?:[^\W\d_]+\s+){0,2}?(?:is|are)\s+(?:the\s+)?(?:hardest|easiest|scariest|toughest|most\s+(?:fun|difficult|challenging|popular))\b",
    re.I,
)


def asks_for_a_judgement(text: str) -> bool:
    """The post asks which thing is best, or what we'd recommend (`_JUDGING_ASK`)."""
    return bool(_JUDGING_ASK.search(as_the_rules_read(text)))


# The way to a place: "what's the best way to get to central library from the station", "how do I
# get to your Leeds branch", "directions to the depot?". A help article answers it only if it speaks
# of getting there (`kb.evidence.WAY_WORDS`). ("How do I get to my account settings" is no place.)
_WAY_ASK = re.compile(
    r"\b(?:(?:best|easiest|quickest|fastest|cheapest)\s+way\s+to\s+(?:get|go|travel)\s+(?:to|there)\b"
    r"|how\s+(?:do|can|would|could|should)\s+(?:i|we|u|you|my\s+\w+)\s+(?:get|go|travel)\s+"
    # ... to a place: "there", or a thing named with its determiner ("get to speak to someone" is leave to)
    r"(?:there|to\s+(?:the|your|ur|a|an|our|this|that)\s+(?!(?:\w+\s+)?(?:account|settings|profile|app|page|menu|screen|inbox|basket|order|bottom|end|point)s?\b))"
    r"|directions\s+(?:to|for)\s+(?:the|your|ur|a|an|our)\b)",
    re.I,
)


def asks_the_way(text: str) -> bool:
    """The post asks how to get to a place (`_WAY_ASK`)."""
    return bool(_WAY_ASK.search(as_the_rules_read(text)))


# Where our nearest place is: "where's your nearest shop to Swindon", "where's my nearest one now?",
# "is there a branch near me", "which salon is closest". A help centre answers it only where it
# speaks of where we are (`kb.evidence.NEAREST_WORDS`).
_NEAREST_ASK = re.compile(
    r"\bwhere(?:'s|’s|s|\s+is|\s+are|\s+r)?\s+(?:the|your|ur|my|our|a)\s+(?:nearest|closest)\b"
    r"|\b(?:is|are)\s+there\s+(?:an?\s+|any\s+)?(?:[\w-]+\s+){1,2}?(?:near|close\s+to)\s+(?:me|here|us|where\s+i\s+live)\b"
    r"|\bwhich\s+(?:[\w-]+\s+){1,2}?(?:is|are)\s+(?:the\s+)?(?:nearest|closest)\b",
    re.I,
)


def asks_where_the_nearest_is(text: str) -> bool:
    """The post asks where our nearest place is (`_NEAREST_ASK`)."""
    return bool(_NEAREST_ASK.search(as_the_rules_read(text)))


# A question who is behind something: "who makes your cameras", "who owns rivermere", "who took the
# photo on your homepage", "who designed the new train livery?". The deed's family (its key in
# `kb.evidence.BEHIND_WORDS`): a help centre answers it only in the words of that deed's doer ("our
# cameras' manufacturer", "the photographer"). Asked, at a clause's start: "a dog who made money"
# asks nothing.
_WHO_IS_BEHIND = re.compile(
    r"(?:^\s*|[.!?,;:]\s*|@\w+\s+|\b(?:and|but|so|also|hi|hey|btw)\s+)who\s+(?:(?:actually|really|even)\s+)?"
    r"(make|makes|made|manufactures|manufactured|own|owns|owned|took|takes|designed|designs|built|builds|founded|supplies|supplied"
    # ... or chose what we offer: "who decides which books you buy", "who picks the films you show"
    r"|(?:decides|decided|chooses|chose|picks|picked|selects|selected)(?=\s+(?:which|what|the)\b))\b",
    re.I,
)
_DEED_FAMILIES = {"make": "make", "makes": "make", "made": "make", "manufactures": "make", "manufactured": "make", "own": "own", "owns": "own", "owned": "own"}
_DEED_FAMILIES |= {"took": "take", "takes": "take", "designed": "design", "designs": "design", "built": "build", "builds": "build", "founded": "found"}
_DEED_FAMILIES |= {"supplies": "supply", "supplied": "supply"}
_DEED_FAMILIES |= {deed: "choose" for deed in ("decides", "decided", "chooses", "chose", "picks", "picked", "selects", "selected")}


def asks_who_is_behind(text: str) -> str:
    """The family of the deed a post asks who did (`_WHO_IS_BEHIND`: "make" for "who makes your
    cameras"), or "" when it asks no such thing."""
    read = as_the_rules_read(text)
    asked_last = read.rfind("?")  # a question mark after the "who" asks it; so does a post ending without a full stop
    ends_told = bool(re.search(r"[.!]\s*$", read))
    for found in _WHO_IS_BEHIND.finditer(read):
        if asked_last >= found.end() or not ends_told:
            return _DEED_FAMILIES[found.group(1).lower()]
    return ""


# Told us and heard nothing, and nothing else said: "emailed you a week ago and heard nothing",
# "messaged you 3 days ago, no reply", "called twice and nobody got back to me". How and how soon
# we answer is the contact article's; a topic told with it ("emailed about my claim…") is the need.
_UNANSWERED = re.compile(
    r"^\W*(?:i\s+|we\s+|i'?ve\s+|we'?ve\s+|have\s+)?(?:already\s+)?(?:emailed|e-mailed|called|rang|phoned|messaged|dm'?d|dmed|wrote\s+to|contacted|tweeted)\s+"
    r"(?:you|u|ya|your\s+(?:team|support|customer\s+service))?\s*(?:guys\s+)?(?:(?!(?:about|regarding|re|concerning|over|with)\b)[\w']+[,.]?\s+){0,6}?"
    r"(?:(?:and|but|,|-|\.)\s*)?(?:(?:have|has|i'?ve|we'?ve)\s+)?(?:heard\s+nothing|not\s+heard|haven'?t\s+heard|no\s+(?:reply|response|answer)|nothing\s+back|"
    r"(?:nobody|no\s*one|no-one)\s+(?:has\s+)?(?:replied|answered|responded|got\s+back))\b(?:\s+(?:back|yet|since|to\s+(?:me|us)|from\s+(?:you|anyone)))*\W*$",
    re.I,
)


def asks_how_to_reach_us(text: str) -> bool:
    """The post asks how to reach us (`_REACH_US`) and names no topic after the channel, or says
    only that it reached us and heard nothing back (`_UNANSWERED`)."""
    plain = as_the_rules_read(text)
    return bool(_UNANSWERED.search(plain.strip())) or _reach_question(plain) is not None


def _reach_question(plain: str) -> re.Match[str] | None:
    """Where the post asks how to reach us with no topic after the channel (`_REACH_US`, `_TOPIC_AFTER`)."""
    found = _REACH_US.search(plain)
    return found if found is not None and not _TOPIC_AFTER.match(plain[found.end() : found.end() + 40]) else None


def opens_asking_how_to_reach_us(text: str) -> bool:
    """The post opens by asking how to reach us, and what follows says when ("whats the number to
    ring if the boiler packs up at night"): nothing before the question but greetings."""
    plain = as_the_rules_read(text)
    found = _reach_question(plain)
    return bool(found and re.fullmatch(r"(?:\W|\b(?:hi|hey|hello|morning|evening|please|pls|so|and|ok|okay)\b)*", plain[: found.start()], re.I))


# "Do you price match other shops?", "will you match their price", "can you beat that price": whether
# we match another seller's price, which only an article speaking of matching prices can say.
_PRICE_MATCHING = re.compile(
    r"\b(?:do|does|will|would|can|could)\s+(?:you|u|ya|they)\s+(?:guys\s+|still\s+|also\s+)?(?:price[\s-]?match|match\s+(?:the|their|a|that|this|his|her|its)\s+price|beat\s+(?:the|their|a|that|this)\s+price)",
    re.I,
)


def asks_to_price_match(text: str) -> bool:
    """The post asks whether we match another seller's price (`_PRICE_MATCHING`)."""
    return bool(_PRICE_MATCHING.search(text))


# When we can be reached: "are you open on sundays", "what are your opening hours", "what time do
# you close", "is anyone there at the weekend". The article that says our hours (the contact
# article, or one on opening hours) answers it, as it answers how to reach us.
_CHANNEL = (
    r"(?:your|ur|the)\s+(?:live\s+|web\s+|online\s+|customer\s+)?(?:chat|phone\s+lines?|phones|lines|telephone\s+lines?|helpline|hotline|"
    r"support(?:\s+team|\s+line)?|customer\s+(?:services?|support)|call\s+cent(?:re|er)|contact\s+cent(?:re|er))"
)
_WHEN_OPEN = re.compile(
    r"\b(?:are|r)\s+(?:you|u|ya)\s+(?:guys\s+|all\s+|lot\s+)?(?:still\s+|even\s+)?open\b"
    r"|\b(?:is|are)\s+(?:there\s+)?(?:any\s*one|anybody|someone|somebody)\s+(?:there|around|about|available|working|in)\b[^.?!\n]{0,30}?"
    r"\b(?:weekends?|sundays?|saturdays?|evenings?|nights?|bank\s+holidays?|christmas|easter|tonight|tomorrow|today)\b"
    r"|\bwhat(?:'s|\s+are|\s+is)\s+(?:your|ur)\s+(?:opening\s+)?(?:hours|times)\b"
    r"|\b(?:when|what\s+time)\s+(?:do|are)\s+(?:you|u)\s+(?:guys\s+)?(?:open|close|shut)\b"
    # ... and when the way we're reached is open: "what time is your chat open till", "how late are
    # the phone lines open", "is your helpline open on sundays" (a place of ours is not a channel:
    # "is the york practice open on bank holidays" asks of the practice).
    rf"|\b(?:when|what\s+time|how\s+late|how\s+early|until\s+when|till\s+when)\s+(?:is|are|does|do)\s+{_CHANNEL}\s+(?:open|close|shut|staffed|available)\b"
    rf"|\b(?:is|are)\s+{_CHANNEL}\s+(?:still\s+)?(?:open|staffed|available)\b(?=\s+(?:on|at|over|till|until|after|before|during|in\s+the\s+(?:evenings?|mornings?|afternoons?|holidays?)|tonight|today|tomorrow|now|24)\b|\s*[?.!]|\s*$)",
    re.I,
)


def asks_when_we_are_open(text: str) -> bool:
    """The post asks when we are open or someone is there (`_WHEN_OPEN`)."""
    return bool(_WHEN_OPEN.search(as_the_rules_read(text)))


# A thing of the customer's lost or left somewhere ("left my sunglasses on the pirate ship ride",
# "lost my car keys somewhere in the park", "forgot my jacket in screen 4"), told by the customer
# (the clause opens with it, or "I" or "we" did it: "the driver left my box at the door" is a
# delivery): what a lost property article answers. A place is said; "lost my job" is no thing left
# anywhere, and a thing left at home or in one's own car is not with us.
_LOST_THING = re.compile(
    r"(?:^|[.!?,;:]\s*|\b(?:i|we|i'?ve|we'?ve|i\s+have|we\s+have|i\s+think\s+i|just|accidentally)\s+)(?:lost|left|forgot|forgotten|dropped|misplaced)\s+"
    r"(?:my|our|his|her|their|a|an|the)\s+((?:[\w'-]+\s+){0,3}?[\w'-]+)\s+(?:somewhere\s+)?(?:in|on|at|inside|under|behind|near|during)\s+"
    r"(?!(?:home|work|school|the\s+(?:house|office)|my\s+(?:house|flat|home|car|office|work|bag)|our\s+(?:house|flat|home|car))\b)",
    re.I,
)
LOSS_WORDS = "lost property left behind forgot found"  # what a lost property article's title and tags say


def lost_thing(text: str) -> str:
    """The noun (lower case) of a thing the customer tells was lost or left somewhere
    (`_LOST_THING`): "lost my car keys somewhere in the park" → "keys"; "" for any other post."""
    found = _LOST_THING.search(as_the_rules_read(text))
    return found.group(1).split()[-1].lower() if found else ""


# Someone of the customer's lost with us: "lost my son in the park", "what do we do if we get
# separated from the kids", "can't find my daughter anywhere", "my little boy is missing". Only an
# article with a section for lost people answers it (`kb.evidence.lost_property_article`).
_WHICH_ONE = r"(?:little\s+|youngest\s+|eldest\s+|oldest\s+|\d+\s*(?:yo|year\s+old)\s+)?"  # "my little boy", "our 6 year old son"
LOST_PERSON = re.compile(
    r"\b(?:lost|can[’']?t\s+find|cannot\s+find|(?:get|got|been|are|were)\s+separated\s+from|split\s+up\s+from|lost\s+sight\s+of)\s+"
    rf"(?:my|our|the)\s+{_WHICH_ONE}{PEOPLE}\b"
    rf"|\b(?:my|our)\s+{_WHICH_ONE}{PEOPLE}\s+(?:is|are|has\s+gone|went)\s+(?:missing|lost)\b",
    re.I,
)


def tells_of_a_lost_person(text: str) -> bool:
    """The customer tells of someone of theirs lost with us, or asks what to do if it happens
    (`LOST_PERSON`); someone lost to an illness has died ("lost my dad to cancer last year")."""
    return bool(LOST_PERSON.search(as_the_rules_read(without_deaths(text))))


# Someone hurt, told by what happened to their body: "twisted her ankle at your leeds park", "came
# home with a nosebleed and a massive bruise", "broke his wrist on the climbing wall", "ended up in
# A&E". The folder's article on injuries (its title and tags name them: `INJURY_WORDS`) answers
# it, whatever else the post's words are near (the rules the injury broke, the staff who saw it).
# An allow-list of the body's harms; a thing broken or a feeling hurt is no injury.
_BODY = r"(?:ankle|wrist|knee|back|neck|arm|leg|nose|finger|toe|tooth|teeth|collarbone|rib|ribs|hand|foot|elbow|shoulder|hip|head|lip|face|chin|eye)"
_HURT = re.compile(
    r"\b(?:injured|injury|injuries|nosebleed|bloody\s+nose|bruises?|bruising|sprain(?:ed|s)?|fractured?|concussion|concussed|stitches|whiplash|"
    r"dislocated|black\s+eye|ambulance|paramedics?)\b|\ba\s?&\s?e\b|\b(?:(?:taken|went|go|gone|rushed|took\s+(?:him|her|them|me|us))\s+to|in)\s+(?:hospital|a\s?&\s?e)\b"
    rf"|\b(?:twisted|sprained|broke|broken|bumped|banged|hit|cut|bust|busted|hurt|hurts|hurting|jarred|pulled|burnt|burned|bit)\s+(?:his|her|my|their|your|a|an|both)\s+(?:\w+\s+)?{_BODY}s?\b"
    rf"|\b(?:his|her|my|their)\s+(?:\w+\s+)?{_BODY}s?\s+(?:is|are|was|were|got|'s)\s+(?:\w+\s+)?(?:broken|bleeding|swollen|cut|bruised|sprained|injured|hurt)\b",
    re.I,
)
INJURY_WORDS = "injury injuries injured hurt accident accidents first aid"  # what an article on injuries is titled and tagged with


def tells_of_an_injury(text: str) -> bool:
    """The post tells of someone hurt (`_HURT`)."""
    return bool(_HURT.search(as_the_rules_read(text)))


# Someone's age, told as a number ("my son is 10, can he come on his own?", "can my 13 year old go
# with her friends", "I'm 23, can I rent from you?", "is it ok for under 5s"): what the folder's
# article on ages (its title and tags name them: `AGE_WORDS`) answers, whatever the rest is near. A
# number of minutes, months, kilos or pounds is no age.
_AGE = re.compile(
    r"\b\d{1,2}\s*-?\s*(?:years?|yrs?)\s*-?\s*old\b|\b\d{1,2}\s*(?:yo|y/o)\b|\baged?\s+\d{1,2}\b|\b(?:under|over)[\s-]?\d{1,2}s\b"
    r"|\b(?:i'?m|i\s+am|im|(?:he|she|they)(?:'s|\s+is|'re|\s+are)|(?:my|our|his|her)\s+(?:\w+\s+)?(?:son|daughter|boy|girl|kid|child|baby|toddler|grandson|granddaughter"
    r"|nephew|niece|brother|sister|friend|mate)s?(?:\s+(?:is|are)|'s|’s))\s+(?:only\s+|just\s+|nearly\s+|almost\s+|turning\s+)?\d{1,2}\b"
    r"(?!\s*(?:mins?|minutes?|hours?|hrs?|days?|weeks?|months?|%|kg|kilos?|stone|st|cm|m|ft|feet|miles?|km|pounds?|quid|p|am|pm|[:.]\d))",
    re.I,
)
AGE_WORDS = "age ages aged old young minimum limit limits rating ratings restriction restrictions"  # what an article on ages is titled and tagged with ("Ages and supervision", "Age limits")


def tells_an_age(text: str) -> bool:
    """The post tells someone's age as a number (`_AGE`)."""
    return bool(_AGE.search(as_the_rules_read(text)))


# An allergen asked of our food ("does the banana bread have nuts in it", "does the lemon drizzle
# have egg in it", "is the hummus sesame free?"; "the gluten free bread" names a product), or an
# allergy told beside a question ("my son is coeliac, is it safe?"): the folder's article on
# allergens (its title and tags name them: `ALLERGEN_WORDS`) answers, whatever the dish is called.
# The fourteen allergens by their common names; an allergen named without asking of it ("no milk,
# no eggs in my delivery") asks nothing.
_ALLERGENS = (
    r"(?:nuts?|peanuts?|tree\s+nuts|almonds?|hazelnuts?|walnuts?|cashews?|pistachios?|pecans?|eggs?|milk|dairy|lactose|gluten|wheat|soya?|sesame"
    r"|shellfish|crustaceans?|prawns?|molluscs?|celery|mustard|lupin|sulphites?)"
)
_ALLERGEN_ASKED = re.compile(
    rf"\b(?:have|has|contain|contains|got|use|uses|made\s+with)\s+(?:any\s+)?{_ALLERGENS}\b|\b{_ALLERGENS}[\s-]+free(?=\s*(?:[?.!,]|$|options?\b))"
    r"|\ballerg(?:y|ies|ic)\b|\b(?:coeliac|celiac)\b|\bintoleran(?:t|ce)\b",
    re.I,
)
ALLERGEN_WORDS = "allergen allergens allergy allergies allergic nuts gluten dairy intolerance"  # what an article on allergens is titled and tagged with


def asks_about_an_allergen(text: str) -> str:
    """The allergens a post asks whether our food has, or that it tells an allergy of beside a
    question (`_ALLERGEN_ASKED`), as words the article on allergens must use: "nuts", "egg";
    the words of allergies ("allergy allergen…") for an allergy told without naming one; "" for none."""
    plain = as_the_rules_read(text)
    asked = [found.group(0) for found in _ALLERGEN_ASKED.finditer(plain)]
    if not asked or not ("?" in plain or is_question(plain) or re.match(r"\W*(?:does|do|is|are|can|could|has|have)\b", plain, re.I)):
        return ""
    named = [word for found in asked for word in re.findall(_ALLERGENS, found, re.I)]
    return " ".join(named) if named else "allergy allergies allergen allergens"


# Someone of the customer's asked to act for them, or to share what is theirs: "can my husband pick
# up the tools I booked?", "can my husband collect my parcel for me?", "can my wife have her own
# login on my subscription", "can my husband drive the car too", "can my mum see the doorbell on her
# phone too?", "can my brother go to the unit without me". What the article on sharing, or the
# section for someone else, answers ("Someone else collecting", "Adding someone to your account").
# Whether they may come along ("can my mum come with me") or are old enough is another case.
_PROXY = re.compile(
    rf"\b(?:can|could|may|is|are)\s+(?:my|our)\s+(?:\w+\s+)?{PEOPLE}\s+(?:also\s+|too\s+|still\s+|just\s+)?(?:allowed\s+to\s+)?"
    r"(?:collect|pick|drive|use|have|see|view|access|log|sign|book|manage|share|get\s+into|watch|go\s+to\s+the\s+\w+\s+without\s+me|"
    r"go\s+(?:in|instead)\b)",
    re.I,
)
PROXY_WORDS = "share sharing shared household family partner driver drivers extra additional second named"  # what an article on sharing, or on extra drivers, is titled and tagged with


def asks_for_a_proxy(text: str) -> bool:
    """The post asks whether someone of the customer's may act for them or share what is theirs (`_PROXY`)."""
    return bool(_PROXY.search(as_the_rules_read(text)))


# What a question asks the measure of: a price ("how much is plus", "how much is it per month",
# "how much to send a 5kg box to glasgow", "what does an MOT cost", "what's the price of a
# railcard", "what are your card fees"), a time ("how long does referencing take", "how long do
# you keep my videos for"), a distance ("how far can I go on one charge"), how often ("how
# often should I flip it") or where ("where can I find my invoices", "where can I top up my key"). An article answers it when one of its sentences states that measure
# and names the thing (`kb.lexical.LexicalIndex.measured`): such a question is short, so its
# words' nearness says little, and a help centre stating the measure has the sentence. "How much"
# before a noun asks an amount of something else ("how much storage do I get", "how much notice
# do I need"); what is left, owed or worth is no price of ours; "how long has it been" is a wait.
_THING = r"(?P<thing>[^?.!,;:\n]{1,80})"
_PRICE_OF = re.compile(
    # What we charge, asked of us: "how much do you charge per kilo", "what do you charge for a 1 bed?",
    # "how much would you guys charge to assemble a wardrobe".
    r"\b(?:how\s+much|what)\s+(?:do|does|did|will|would|might|could)\s+(?:you|u|ya|y'all|you\s+guys|you\s+lot)\s+charge\s+(?:(?:me|us)\s+)?(?:for\s+|to\s+)?(?P<charged>[^?.!,;:\n]{1,80})|"
    r"\bhow\s+much\s+(?:(?:extra|more)\s+)?(?:(?:is|are|'s|s|was|would|will|might)\s+(?:it\s+|that\s+|one\s+)?(?:be\s+|cost\s+|costs\s+)?(?:(?:to|for)\s+)?|to\s+|for\s+|per\s+|each\s+)"
    + _THING
    + r"|\bhow\s+much\s+(?:does|do|did|will|would|might)\s+(?P<costing>[^?.!,;:\n]{1,60}?)\s+cost\b(?P<rest>[^?.!,;:\n]{0,60})"
    r"|\bwhat\s+(?:does|do|will|would)\s+(?P<costs>[^?.!,;:\n]{1,60}?)\s+cost\b(?P<tail>[^?.!,;:\n]{0,60})"
    r"|\bwhat(?:'s|s|\s+is|\s+are)\s+(?:the\s+)?(?:price|cost|fee|charge|rate)s?\s+(?:of|for)\s+(?P<of>[^?.!,;:\n]{1,80})"
    r"|\bwhat(?:'s|s|\s+is|\s+are)\s+(?:your|ur|the)\s+(?P<kind>[^?.!,;:\n]{1,40}?)\s+(?:prices|fees|charges|rates|price|fee|charge)\b"
    # ... or whether it costs nothing: "are under 5s free?", "is delivery free"
    r"|(?:^|(?<=[.!?,;:\n]))\s*(?:(?:and|so|also|hi|hey)\s+)?(?:is|are|r)\s+(?P<free>[^?.!,;:\n]{1,40}?)\s+free(?:\s+of\s+charge)?(?:\s+(?:on|at|in|for|with|during)\s+[^?.!,;:\n]{1,30})?\s*(?:\?|$)",
    re.I,
)
_NOT_OURS = re.compile(r"^\s*(?:left|remaining|owed|outstanding|due|still\s+owed|in\s+(?:my|the)\s+account)\b|\bworth\b", re.I)
_ASKED_MEASURES = {
    # ... and how far ahead: "how far in advance can I book", "how long before the funeral should I order", "how early can I check in"
    "duration": re.compile(
        r"\bhow\s+(?:long|(?:far|long)\s+(?:in\s+advance|ahead|before(?:hand)?)|early|soon)\s+(?:does|do|will|would|should|can|could|is|are|must)\s+" + _THING,
        re.I,
    ),
    "distance": re.compile(r"\bhow\s+far\s+(?:can|could|does|do|will|would)\s+" + _THING, re.I),
    "frequency": re.compile(r"\bhow\s+often\s+(?:should|do|does|must|can|will|would|is|are)\s+" + _THING, re.I),
    "place": re.compile(r"\bwhere\s+(?:can|do|would|should|could|will)\s+(?:i|we)\s+" + _THING, re.I),
}


def priced_thing(text: str) -> str:
    """The words of what a question asks the price of (`_PRICE_OF`): "how much is plus" → "plus",
    "how much does it cost to charge my car" → "it to charge my car"; "" for a post asking no
    price, or the amount of something else."""
    found = _PRICE_OF.search(as_the_rules_read(text))
    if found is None:
        return ""
    thing = " ".join(part for part in found.groupdict().values() if part)  # the thing's words, in the order written
    return "" if _NOT_OURS.search(thing) else _HOME_SIZE.sub(" ", thing).strip()


_HOME_SIZE = re.compile(r"\b\d+\s*-?\s*bed(?:room)?(?:s|ed)?\b", re.I)  # "a 3 bed semi" is a semi: its size is no kind an article names


# A price asked of no thing but how many of us: "4 of us", "two", "3 adults".
_A_COUNT_OF_US = re.compile(
    r"\s*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a\s+couple)(?:\s+of\s+us|\s+(?:people|persons|adults|players|guests))?\s*", re.I
)


def measured_thing(text: str) -> tuple[str, str]:
    """Which measure a question asks ("price", "duration", "distance", "frequency", "place", or the
    days of ours it asks of: "day", "holiday", `text.days`) and the words
    of what it asks it of: "how long does referencing take" → ("duration", "referencing take"); of
    nothing but us ("how much for 4 of us?", by when: "can you do it by friday?") → (kind, "");
    ("", "") for a post asking none."""
    thing = priced_thing(text)
    if thing:  # ... of nothing but a count of us ("how much is it for 4 of us?"): any price stated
        return "price", "" if _A_COUNT_OF_US.fullmatch(thing) else thing
    plain = as_the_rules_read(text)
    for kind, asked in _ASKED_MEASURES.items():
        if found := asked.search(plain):
            return kind, found.group("thing").strip()
    if asks_by_when(text):  # of no thing: any sentence stating a duration
        return "duration", ""
    kind, _, thing = asked_day(text)  # "do you deliver on sundays?": which days; when we're open is the hours' (`asks_when_we_are_open`)
    return (kind, thing) if kind and not asks_when_we_are_open(text) else ("", "")


# How to complain, or that the customer wants to: "how do I make a formal complaint", "how do I
# complain about a member of staff", "I'd like to make a formal complaint about how my case was
# handled", "who do I escalate this to", "you rejected my complaint, who else can I go to". Every
# help centre says where complaints go (its complaints article, or the contact article that names
# them); what the complaint is about is for the person who reads it.
_COMPLAINT = r"(?:a\s+|an\s+)?(?:formal\s+|official\s+|proper\s+|serious\s+)?complaint"
# Who wants to, or nobody said at a clause's start, as posts drop it: "I want to complain", "want to
# complain, nobody turned up twice", "@Brand need to make a complaint" (a handle is read as nothing).
# (A few spaces at most after the break: a run of 25,000 line breaks is read once, not once per break.)
_WISHER = r"(?:\b(?:i|we)\s+|^\s*|(?<=[.!?,;:\n])\s{0,3})(?:really\s+|just\s+)?"
_COMPLAINING = re.compile(
    rf"\bhow\s+(?:do|can|could|would|should)\s+(?:i|we)\s+(?:go\s+about\s+)?(?:make|making|file|raise|lodge|submit|log|put\s+in|send)\s+{_COMPLAINT}"
    r"|\bhow\s+(?:do|can|could|would|should)\s+(?:i|we)\s+(?:complain|escalate)\b"
    rf"|\b(?:i|we)(?:'?d|\s+would)\s+like\s+to\s+(?:make|file|raise|lodge|submit|log|put\s+in)\s+{_COMPLAINT}"
    rf"|{_WISHER}(?:want|need|wish)\s+to\s+(?:make|file|raise|lodge|submit|log|put\s+in)\s+{_COMPLAINT}"
    rf"|{_WISHER}(?:want|need|wish|would\s+like|'?d\s+like)\s+to\s+(?:complain|escalate\s+(?:this|it|my\s+(?:complaint|case)))\b"
    r"|\bwho\s+(?:do|can|should|could)\s+(?:i|we)\s+(?:complain\s+|escalate\s+(?:this\s+|it\s+)?)to\b"
    r"|\bwhere\s+(?:do|can|should)\s+(?:i|we)\s+(?:complain|send\s+(?:a|my)\s+complaint)\b",
    re.I,
)
# "Who else can I go to" asks where a complaint goes next only beside one: "you rejected my complaint".
_GO_ON_WITH = re.compile(r"\bwho\s+else\s+(?:can|do|should|could)\s+(?:i|we)\s+(?:go|turn|take\s+(?:this|it))\s+to\b", re.I)
_COMPLAINT_SAID = re.compile(r"\bcomplain(?:t|ts|ed|ing)?\b", re.I)


def asks_how_to_complain(text: str) -> bool:
    """The post asks how or where to complain, or says the customer wants to (`_COMPLAINING`); or
    asks who else a complaint can go to (`_GO_ON_WITH`)."""
    plain = as_the_rules_read(text)
    return bool(_COMPLAINING.search(plain) or _GO_ON_WITH.search(plain) and _COMPLAINT_SAID.search(plain))
