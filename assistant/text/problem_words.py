"""The words that state a problem: something does not work, is gone, fails or is wrong, told in
the words customers use for it (`text.needs.states_a_problem` reads them), and the people a
customer speaks of by what they are to them. English first, then the other languages the product
detects."""

from __future__ import annotations

import functools
import re

from assistant.text.feelings import POSITIVE, THANKS
from assistant.text.leads import word_led

__all__ = ["COME_BACK", "FREEZING", "came_back", "PEOPLE", "PEOPLE_WORDS", "PROBLEM", "PROBLEM_IN"]

# The people a customer speaks of by what they are to them: kin, friends, a partner, a guest.
PEOPLE_WORDS = frozenset(
    "nan nana gran granny grandma grandmother grandad grandpa grandfather mum mom mother dad father son sons daughter daughters wife husband "
    "partner boyfriend girlfriend fiance fiancee friend friends kid kids child children baby toddler brother brothers sister sisters parent "
    "parents family mate mates boss colleague colleagues guest guests carer boy boys girl girls nephew niece grandson granddaughter".split()
)
PEOPLE = "(?:" + "|".join(sorted(PEOPLE_WORDS, key=len, reverse=True)) + ")"  # the same, as a pattern
# The brand's people, by their role (a closed class), as a pattern: "your driver", "the woman on the till".
STAFF = (
    r"(?:driver|courier|engineer|staff|agent|rep|representative|employee|guy|man|woman|lady|"
    r"person|technician|delivery\s+(?:man|guy|driver)|cashier|manager|pilot|crew|attendant|conductor|operator|advisor|adviser|installer|"
    r"instructor|teacher|tutor|trainer|coach|stylist|therapist|nurse|receptionist|examiner|inspector|cleaner|porter|waiter|waitress|barista|host|guide|steward|stewardess|"
    r"locksmith|plumber|electrician|fitter|mechanic|groomer|tailor|seamstress|builder|mover|decorator|painter|gardener)s?"
)


# A fault come back after its fix: "you fixed my oven in september and it's doing the exact same
# thing again", "sorted it, then it broke again", "the same fault is back". A state told again is no
# fault ("working again", "charging again", "thanks again"), nor a thing wanted again ("can I order
# the same thing again"): only what fails again, or the same fault had or back, is.
COME_BACK = re.compile(
    r"\b(?:(?:doing|having|getting)\s+the\s+(?:exact\s+|very\s+)?same\s+(?:\w+\s+)?(?:thing|problem|fault|issue|error|noise|leak)s?"
    r"|the\s+same\s+(?:\w+\s+)?(?:problem|fault|issue|error|noise|leak)s?\s+(?:is|are|was|has|have|came|comes|come)\s+back)\b"
    r"|\b(?:happen\w*|broke|broken|stopped|fail\w*|died|dies|dying|dead|drain\w*|stick(?:s|ing)|stuck|jamm(?:ed|ing)|jams|seiz(?:ed|ing)|slipp(?:ed|ing)|gone|went|playing up|acting up|leak\w*|crash\w*|froze|freez\w*|doing it|doing that|at it)"
    r"\W+(?:\w+\W+)?again\b|\bback to square one\b",
    re.I,
)
SUPPOSED = re.compile(r"\b(?:if|in case|incase|should|whenever|unless)\W+(?:\w+\W+){0,2}$", re.I)  # "I'll let you know if it happens again"


def told(pattern: re.Pattern[str], unless: re.Pattern[str], text: str, before: int) -> bool:
    """A match of `pattern` in `text` with no match of `unless` in the `before` characters up to it:
    told, not supposed ("if it happens again") or asked leave for ("can I collect someone else's")."""
    return any(not unless.search(text[max(0, found.start() - before) : found.start()]) for found in pattern.finditer(text))


def came_back(text: str) -> bool:
    """The text tells of a fault come back (`COME_BACK`), not one supposed ("if it happens again")."""
    return told(COME_BACK, SUPPOSED, text, 30)


# A status that stays the same while time passes: "tracking has said 'label created' since monday",
# "my order has said dispensing for 4 days", "the order page still says 'in the lab'". What a page
# says is no fault ("the app says 3 days for delivery"); the same thing said on and on is.
_SPAN = r"(?:since\s+\w+|for\s+(?:over\s+|nearly\s+|almost\s+|about\s+|more\s+than\s+)?(?:\d+|a|an|one|two|three|four|five|six|seven|several|the\s+(?:last|past))\b)"
_SAYS = r"(?:says|saying|said|shows|showing|shown|showed|reads|reading|displays|displaying)"
_STAYS = re.compile(
    rf"\bstill\s+{_SAYS}\b"
    rf"|\b(?:has|have|had|'s|’s|'ve|’ve)\s+(?:been\s+)?(?:{_SAYS}|sat|sitting|stayed|stuck)\b[^.!?\n]{{0,50}}?\b{_SPAN}"
    rf"|\b(?:been|sat|sitting|stuck)\s+(?:on|at)\b[^.!?\n]{{0,40}}?\b{_SPAN}",
    re.I,
)


def stays_the_same(clause: str) -> bool:
    """The clause tells of a status unchanged while time passes (`_STAYS`), not supposes one."""
    return told(_STAYS, SUPPOSED, clause, 30)


# Another person's things come to the customer: "got someone else's order", "photos of someone
# else's wedding in my envelope", "the card in my gran's flowers had someone else's message on it", "I've been sent another customer's prints", "this parcel is
# somebody else's". Asking leave to have them is no fault ("can I collect someone else's parcel").
_ANOTHERS = (
    r"\b(?:someone|somebody|some\s+one|another\s+(?:person|customer|family|household|guest|passenger|patient|student|member|user))(?:\s+else)?(?:'s|’s)(?!\w)"
)
_NOT_THEIRS = re.compile(
    rf"\b(?:got|getting|received|receiving|sent|delivered|came|come|arrived|had|has|contained|contains|included|includes|printed|there(?:'s|’s|\s+is|\s+are|\s+were|\s+was))\b[^.!?\n]{{0,40}}?{_ANOTHERS}"
    rf"|\b(?:is|are|was|were|it's|it’s)\s+(?:all\s+)?{_ANOTHERS}",
    re.I,
)
_ASKING_LEAVE = re.compile(
    r"(?:\b(?:can|could|may|will|would)\s+(?:i|we|you|u|it|they|this|that|my|our|the)|\b(?:is|are)\s+(?:it|that|this)\s+(?:ok|okay|alright|all\s+right|possible|allowed|fine))\b[^.!?\n]{0,40}$",
    re.I,
)


# What happened against what the customer did: "my streak reset even though I did a lesson", "you
# charged me despite cancelling", "got a fine even though we'd paid". The outcome may be told in
# any words ("reset", "went back to zero"): the customer says it should not have happened. Asking
# leave is no fault ("can I return it even though I've tried it on?").
_AGAINST_WHAT_THEY_DID = re.compile(
    r"(?:\beven\s+though|\beven\s+tho|\beventhough|\balthough|(?<!\bas\s)\bthough|\bdespite\s+the\s+fact\s+that)\s+(?:i|we)(?:'ve|’ve|'d|’d|\s+have|\s+had)?\s+"
    r"(?:already\s+|just\s+|literally\s+|definitely\s+|clearly\s+|only\s+|even\s+)?"
    r"(?:did|done|paid|sent|made|put|took|went|gave|told|set|bought|wrote|spoke|rang|got|kept|left|brought|[^\W\d_]{2,}ed)\b"
    r"|\bdespite\s+(?:me\s+|us\s+|my\s+|our\s+)?(?:already\s+|having\s+)?[^\W\d_]{2,}(?:ing|ed)\b",
    re.I,
)


# ... nor is a concession beside praise ("we love it even though we needed help setting it up").
_PRAISED = rf"\b(?:{'|'.join(sorted(POSITIVE - THANKS))})\b"
_CONCEDED = re.compile(rf"{_ASKING_LEAVE.pattern}|{_PRAISED}", re.I)


def against_what_they_did(clause: str) -> bool:
    """The clause tells of a thing that happened though the customer did what should have kept it
    from happening (`_AGAINST_WHAT_THEY_DID`), not asks leave to do something though they did, nor
    praises though they did."""
    return told(_AGAINST_WHAT_THEY_DID, _CONCEDED, clause, 60)


def not_theirs(clause: str) -> bool:
    """The clause tells of another person's things come to the customer (`_NOT_THEIRS`), not asks leave to have them."""
    return told(_NOT_THEIRS, _ASKING_LEAVE, clause, 45)


# Something does not work, is gone, fails or is wrong ("drops WiFi constantly", "messages don't
# appear", "keyboard lags", "can't even log in"). A statement without any of it tells what
# happened before ("I updated last night", "did a reset"), or is thanks.
# Something that freezes is a fault ("the app froze", "keeps freezing", "my account is frozen",
# "started to freeze"); freezing one's own thing is an action ("froze my membership", "how do I
# freeze my card", "a way to freeze without paying"), and so is a freeze asked about. A freezer is
# a thing ("the cost of a fridge freezer").
FREEZING = (
    r"freez(?!ers?\b|er'?s\b)(?:(?!e\b)\w*|e\b(?<!the freeze)(?<!a freeze)(?<!to freeze)(?!\s+(?:my|the|your|it|this|that|our|his|her|their|a|an)\b))"
    r"|(?:start\w*|began|begins?|tends?|continues?|seems?) to freeze|froze\b(?!\s+(?:my|our|the|your|his|her|their|a|an|it)\b)"
    r"|(?<=\w\s)(?<!\bi\s)(?<!\bwe\s)(?<!\band\s)(?<!\bthen\s)(?<!\bjust\s)(?<!\balready\s)froze\b|frozen\w*"
)
# A thing dropping ("wifi keeps dropping", "calls drop", "signal dropped out", "dropped my phone in
# the pool"), not a deed of dropping something off ("can I drop the car off in Paris", "where do I
# drop off the keys", "we dropped our son off") nor people who no longer come ("3 have dropped out").
DROPPING = (
    r"(?:(?<!\bi\s)(?<!\bwe\s)(?<!\byou\s)(?<!\bu\s)(?<!\bto\s)(?<!'ll\s)drop|drops|dropp(?:ed|ing))"
    r"(?!\s+(?:[\w']+\s+){1,3}off\b)(?!\s+by\b)"
    r"(?!(?<=\bhave\sdropped)\s+out\b)(?!(?<=\bhas\sdropped)\s+out\b)(?!(?<=\bhad\sdropped)\s+out\b)(?!(?<='ve\sdropped)\s+out\b)"
    r"(?!(?<=\bshe\sdropped)\s+out\b)(?!(?<=\bhe\sdropped)\s+out\b)(?!(?<=\bthey\sdropped)\s+out\b)(?!(?<=\bwho\sdropped)\s+out\b)"
)
PROBLEM = word_led(
    r"\b(?:not|no|none|never|nothing|nowhere|can'?t|cannot|won'?t|doesn'?t|don'?t|didn'?t|isn'?t|aren'?t|wasn'?t|weren'?t|haven'?t|hasn'?t|"
    rf"couldn'?t|wouldn'?t|stop|stopped|stops|fail\w*|broke\w*|crash\w*|{FREEZING}|lag|lags|lagg\w*|slow\w*|drain\w*|dies|died|"
    rf"dying|dead|{DROPPING}|glitch\w*|bug\w*|error\w*|stuck|missing|lost|lose|loses|losing|loss|losses|gone|deleted|disappear\w*|vanish\w*|full|empty|r[au]n(?:s|ning)? out|used up|ruin\w*|damaged|"
    rf"cracked|dent(?:s|ed)?|(?<!from )scratch(?:ed|es)?(?!\s*cards?\b)|scuff(?:s|ed)?|(?:black|blank|white|grey|gray) screen|flat (?:tyre|tire|battery)|puncture\w*|burst|flood(?:ed|ing|s)?|smash\w*|shatter\w*|written off|write-off|wrong|out of (?:order|service|action|sync)|waste of (?:my |our |an? |the |a whole |an entire )?(?:time|money|evening|day|night|afternoon|morning|weekend|trip|journey|ticket|\w+day)|wasted|problem\w*|issue\w*|keeps(?!\s+(?:my|our|your|his|her|their|an eye|in touch|up|lost property)\b)|keep(?!\s+(?:my|our|your|his|her|their|an eye|in touch|up|lost property|a|an|the|some|any|them|these|those|hold|copies|spare)\b)|unable|locked|leak\w*|takes? (?:for ?ever|ages)|delayed|late(?!\s+(?:'s\s+)?{PEOPLE})|overdue|cancell?ed|postponed|missed|rude|abused|"
    # A program refusing, in the words its messages use: "connection timed out", "password
    # incorrect", "emails bounce back", "the page hangs", "site unreachable", "keeps buffering".
    r"tim(?:ed|es|ing)\s+out|incorrect|bounc(?:e|es|ing)\s+back|hangs(?!\s+out)|unreachable|unresponsive|inaccessible|buffer(?:s|ing)|"
    r"overcharged|stolen|refused|declined|denied|rejected|bounced|invalid|out of pocket|forg(?:ot|otten) (?:me|us|about (?:me|us|my|our))|fined|(?:parking|speeding|late) fine|penalty(?: charge)?|"
    # What the customer is going through, told with the verb ("experiencing a green line at the
    # side of my phone", "I experience delay in my loan"); the noun ("a great experience") tells nothing.
    r"experiencing(?!\s+(?:a\s+|an\s+|the\s+)?(?:great|good|amazing|wonderful|brilliant|lovely|fantastic|excellent|nice)\b)|(?<=\bi\s)experienced?\s+(?=\w)(?!(?:a|an|the)\s+(?:great|good|amazing|wonderful|brilliant|lovely|fantastic|excellent|nice)\b)|"
    # A wrong a person did to the customer: "kept sending me threats", "being bullied", "got scammed",
    # "someone stole a parcel off my doorstep", "we were burgled", "got mugged" ("what a steal" is a bargain).
    r"(?<![?&=/])(?:stole|(?<!\ba\s)steal(?:s|ing)?|burgl\w*|robbed|robbery|mugged|thie(?:f|ves)|theft)|"
    r"threat(?:s|en\w*)?|harass\w*|bull(?:ied|ying)|stalk(?:ed|ing|s)|scamm(?:ed|ing)|impersonat\w*|racist|sexist|abusive|assault\w*|"
    # ... or left a thing where it's no one's to clear: "someone's dumped a mattress in the lane", "fly-tipped rubble".
    r"dumped|fly[\s-]?tipped|"
    # ... or a thing broken to bits: "the lamp's in bits", "smashed to pieces", "arrived in pieces"
    # ("does it come in pieces?" asks how it is sent). (What is "all over my" rug was tried too:
    # "lily pollen all over my white tablecloth, how do I get it out" is dirt to clean, not harm.)
    r"(?:it'?s|it\s+is|it\s+was|is|was|were|are|'s|now|arrived|came)\s+(?:now\s+|all\s+|just\s+)?in\s+(?:bits|pieces|smithereens)|"
    r"(?:smashed|broken|fell|blown|ripped|torn)\s+(?:in)?to\s+(?:bits|pieces|smithereens)|"
    # Left unanswered: "you've ignored me for a month", "4 emails, zero answers", "ghosted".
    r"ignored|ignoring|ghosted|zero (?:answers?|repl(?:y|ies)|responses?|help|communication|contact)|"
    # Hurt or taken ill, whoever it happened to: "bleeding", "the wound looks swollen", "hit by a car".
    # What happened, not a topic: "Injury or pregnancy" heads a section on freezing a membership.
    r"bleeding|bled|injured|hurt|swollen|limping|vomit(?:ing|ed)|throwing up|made (?:me|us|him|her|them|my \w+) (?:ill|sick|unwell|poorly)|(?:had|having|has) (?:a )?seizures?|collapsed|poisoned|unconscious|"
    r"(?:not|isn'?t|can'?t|cannot) breath\w*|(?:hit|knocked (?:down|over)|run over) by (?:a|an|the) (?:car|van|bus|bike|lorry|truck|cyclist|scooter))\b"
    # ... or a thing of the customer's stopped by whoever runs it: "my account has been suspended",
    # "card got blocked", "site suspended", "says 'suspended'". Done to it, not by the customer ("I
    # blocked him", "how do I disable alerts"); a person is disabled, an account was disabled.
    r"|\b(?:is|are|was|were|been|got|gets|getting|'s|has\s+been|have\s+been|had\s+been)\s+(?:now\s+|just\s+|suddenly\s+|randomly\s+|permanently\s+|temporarily\s+|also\s+)?"
    r"(?:suspended|blocked|banned|deactivated|restricted|terminated|taken\s+down|shut\s+down|flagged)\b"
    r"|\b(?:was|were|been|got|gets|has\s+been|have\s+been|had\s+been)\s+(?:now\s+|just\s+|suddenly\s+|randomly\s+)?disabled\b"
    r"|\b(?:account|acct|site|website|card|listing|profile|page|number|sim|line|service|domain|e-?mail|mailbox|server|store|shop)\s+"
    r"(?:suspended|blocked|banned|disabled|deactivated|restricted|terminated)\b"
    r"|\b(?:says?|saying|shows?|showing)\W+(?:suspended|blocked|banned|disabled|deactivated|restricted|terminated|locked)\b"
    # ... or a thing left in a bad state, said of it ("the windows are streaky again", "the onions
    # came mouldy", "flowers arrived wilted"): an allow-list of spoilt states; "do you clean dirty
    # windows" names a kind of thing, not a state it was left in.
    r"|\b(?:is|are|was|were|been|came|come|arrived|look|looks|looked|looking|left|still|all|bit|very|really|so|totally|completely)\s+"
    r"(?:streaky|smeary|smeared|smudged|smudgy|dirty|filthy|grubby|stained|mouldy|moldy|soggy|stale|burnt|faded|patchy|blotchy|sticky|cloudy|"
    r"discolou?red|smelly|sour|rotten|mushy|undercooked|overcooked|lukewarm|squashed|crushed|melted|warped|frayed|wilted|wilting|bruised)\b"
    # ... or a thing that came after the day it was for: "came the day AFTER our anniversary",
    # "arrived 2 days after the party", "delivered a week late".
    r"|\b(?:came|arrived|delivered|turned\s+up|showed\s+up|got\s+here)\s+(?:the\s+day|a\s+day|an\s+hour|a\s+week|(?:\d+|two|three|four|five|six|a\s+few|several)\s+(?:days?|hours?|weeks?))\s+(?:after|late)\b"
    r"(?!\s+(?:(?:i|we|you)\s+(?:ordered|order|paid|bought|booked|placed)|ordering|buying|booking|paying|placing|dispatch|posting)\b)"
    # ... or its status code or error name: "getting a 404 on my homepage", "ERR_CONNECTION_REFUSED"
    # (three parts or more, or one of them an error: "NHS_UK" is a name).
    # (Only codes no price or count is written as: "got a 500 bill" is no error.)
    r"|\b(?:getting|get|gets|got|shows?|showing|says|saying|returns?|returning|throws?|throwing|gives?|giving)\s+(?:me\s+)?(?:an?\s+|the\s+)?(?:401|403|404|408|429|502|503|504|508)\b"
    r"|(?-i:\b(?:[A-Z]{2,}(?:_[A-Z0-9]+){2,}|ERR_[A-Z0-9_]+|[A-Z][A-Z0-9]*_(?:ERROR|FAILED|FAILURE))\b)"
    # A service that is down, however long: "broadband has been down all day", "internet's down",
    # "the app went down again", "site is offline". A price or a bill that went down is good news,
    # so the subject is a service.
    r"|(?<!\bof )(?<!\bof the )\b(?:internet|broadband|wi-?fi|web\s?site|site|app|apps|servers?|service|network|connection|line|lines|signal|system|systems|platform|portal|"
    r"e-?mail|tv|landline|phone\s+lines?)(?:'s|\s+(?:is|was|are|were|has\s+been|have\s+been|had\s+been|been|went|goes|keeps\s+going|kept\s+going))?"
    r"(?:\s+(?:still|completely|totally|just|now|again|back))?\s+(?:down|offline)\b(?!\s+(?:to|by|from)\b)"
    # ... and anything else gone offline, whatever it is: "home charger went offline", "the charger
    # shows offline in the app", "camera keeps going offline". Offline as a way of using a thing is
    # no fault ("can I listen offline", "is offline mode free"), nor is a person offline ("I went
    # offline for a week"), nor what a thing would show ("your account will show offline to friends").
    r"|(?<!\bi )(?<!\bwe )(?<!\bi'm )(?<!\bim )(?<!\bwe're )(?<!\bwere )(?<!\byou )(?<!\byou're )(?<!\bthey )(?<!\bthey're )(?<!\bwill )(?<!\bwould )(?<!\bcan )(?<!\bcould )(?<!\bshould )(?<!\bmay )(?<!\bto )\b(?:went|goes|going|gone|go|is|was|are|were|'s|been|shows?|showing|shown|says|saying|appears?|appearing|dropped|drops|dropping|fell|falls|falling)"
    r"\s+(?:still\s+|completely\s+|now\s+|just\s+|again\s+|as\s+)?offline\b"
    r"(?!\s+(?:mode|listening|playback|access|use|maps?|downloads?|content|viewing|reading|available|possible|allowed|supported|included|too)\b)"
    # ... or off, and has been for a while: "broadband off since monday", "power's been off for 3
    # days", "hot water off again". Turned off by someone is no fault ("I turned the wifi off for
    # the night").
    r"|(?<!\bturned )(?<!\bswitched )(?<!\bturn )(?<!\bswitch )(?<!\bturned my )(?<!\bswitched my )(?<!\bturn my )(?<!\bturn the )(?<!\bturned the )"
    r"\b(?:internet|broadband|wi-?fi|tv|landline|power|electricity|electric|water|hot\s+water|gas|heating)(?:'s(?:\s+been)?|\s+(?:is|was|has\s+been|had\s+been|been))?(?:\s+(?:still|completely|now))?\s+off"
    r"\s+(?:since|for\s+(?:\d+|a|an|one|two|three|four|five|six|several|over|nearly|almost)|all\s+(?:day|night|week|weekend|morning)|again)\b"
    # A call or a stream cut off, as it happened: "each time cut off after 20 mins on hold", "got cut
    # off", "keeps cutting off", "they cut me off"; a machine cutting out: "boiler gurgled then cut out
    # during the frost", "engine cuts out when I brake". ("An appropriate cut off" is a limit; "just cut out sugar" a choice.)
    r"|\b(?:got|get|gets|getting|was|were|been|being)\s+cut\s+off\b|\bcut\s+(?:me|us)\s+off\b|\bcutting\s+(?:me\s+|us\s+)?off\b|\bkeeps?\s+cutting\s+out\b"
    r"|\bcut(?:s|ting)?\s+(?:off|out)\s+(?:after|mid|halfway|every|each|when|whenever|while|as\s+soon|before|again|during|randomly|constantly|completely|twice|on\s+(?:me|us|its\s+own|the))\b"
    r"|\b(?:then|suddenly|it|it's|its|has|had|just|randomly)\s+cut(?:s|ting)?\s+out(?=\s*(?:[.!?,;:\n]|$|and\b|then\b|last\b|this\b|yesterday\b|today\b|again\b))"
    # A thing coming apart: "the coating is peeling off", "lens fell out", "strap is fraying", "the
    # arm's gone loose", "sole came apart", "a button came off", "table wobbles". (Not "the update came out".)
    r"|\bpeel(?:s|ed|ing)\b|\bflaking\b|\bfray(?:ed|ing|s)\b|\bwobbl\w*"
    r"|\b(?:fell|falls|falling|fallen|popped|pops|popping)\s+(?:out|apart|off)\b|\b(?:coming|came|come|comes)\s+(?:apart|off(?!\s+(?:the\s+)?(?:total|bill|price|invoice)\b))"
    r"|\b(?:is|are|was|were|gone|going|goes|went|come|came|comes|coming|'s|been|feels?|feel)\s+(?:(?:a\s+bit|already|now|still|really|very|all|quite|slightly|so|too)\s+){0,2}loose\b"
    r"|\b(?:slid(?:e|es|ing)?|slip(?:s|ped|ping)?)\s+(?:down|off|out)\b"
    # What the customer sees or feels wrong: "everything is blurry", "seeing double", "I get a
    # headache", "eyes are sore", "makes me dizzy".
    r"|\b(?:is|are|was|were|'s|'re|a|an|total|complete|absolute|utter|such\s+a|hot)\s+mess\b(?!\s+(?:hall|halls|tin|tins|kit|room|deck))|\bmess(?:ed|es|ing)?\s+up\b|\bmessed\b"
    r"|\bblurr(?:y|ed|ing)\b|\bfuzzy\b|\bfoggy\b|\bfogg(?:s|ed|ing)\s+up\b|\bdistorted\b|\bdouble\s+vision\b|\bseeing\s+double\b"
    r"|\bhead\s*aches?\b|\bmigraines?\b|\bdizz(?:y|iness)\b|\bnause(?:a|ous|ated)\b|\bpainful\b|\bin\s+pain\b|\bitchy\b|\brash\b(?!\s+(?:decision|move|choice|promise|purchase))"
    r"|\b(?:eyes?|head|ears?|nose|skin|neck|back)\s+(?:is\s+|are\s+|feels?\s+|keeps?\s+|started\s+|have\s+been\s+|has\s+been\s+)?"
    r"(?:hurts?|hurting|aching|aches|ached|sore|stinging|stings|burning|burns|itch\w*|watering|streaming)\b|\bsore\s+(?:eyes?|ears?|nose|head|throat)\b"
    # Working only just: "the front brake barely works", "hardly charges", "barely holds a charge",
    # "can barely shut the drawers".
    r"|\b(?:barely|hardly|scarcely)\s+(?:\w+\s+)?(?:works?|working|charges?|charging|holds?|lasts?|moves?|loads?|connects?|turns?|stops?|brakes?)\b"
    r"|\b(?:can|could)\s+(?:barely|hardly|scarcely)\b"
    # Asking whether what they see is normal reports it: "cushions are flat after 4 months, is that
    # normal??", "is it normal for it to get this hot". ("Is the paid tier necessary?" asks no such thing.)
    r"|\bis\s+(?:this|that|it)\s+(?:(?:really|actually|even)\s+)?(?:normal|expected|meant\s+to\s+happen|supposed\s+to\s+happen)\b"
    # A thing that came without a part of it: "box arrived without the screws", "came without a
    # charger", "delivered without the instructions". Coming without a scratch, a hitch or a
    # problem is no fault, nor is "sent without a signature", nor what may be ("can it be sent
    # without the box?", "can I get it delivered without the packaging"), nor what a thing
    # comes without as sold ("it comes without a charger").
    r"|(?<!\bbe\s)(?<!\bget\s)(?<!\bget\sit\s)(?<!\bhave\sit\s)\b(?:arrived|came|delivered|turned\s+up|showed\s+up|shipped|sent|got\s+(?:it|them|mine))\s+(?:\w+\s+){0,2}?without\s+"
    r"(?!(?:a|any)\s+(?:scratch|hitch|problem|issue|fuss|hassle|mark|dent|damage|delay|signature)\w*\b)(?:the|a|an|any|its|my|our|their|his|her)\b"
    # A thing taken off or open by force: "doorbell got ripped off the wall", "letterbox was prised
    # open", "wing mirror torn off"; and a customer "ripped off" (cheated) is wronged too. Pulling
    # off a thing is no harm ("they pulled off a great show"), nor is opening what it came in ("tore
    # off the tags", "ripped open the packaging").
    r"|\b(?:ripped|torn|tore|yanked|wrenched|prised|pried|jemmied|forced)\s+(?:(?:it|them|mine)\s+)?(?:off|open|out)\b"
    r"(?!\s+(?:the\s+|its\s+|all\s+the\s+)?(?:tags?|labels?|packaging|plastic|film|seals?|wrapping|wrappers?|stickers?|cellophane|box)\b)"
    # A thing left behind: "left my glasses in the room", "forgot my charger on the train".
    r"|\b(?:left|forgot)\s+(?:my|our|his|her|their)\s+(?:[\w-]+\s+){0,3}?(?:in|on|at|behind)\b"
    # Money taken twice or more than agreed: "billed twice", "double charged", "debited 2x", "charged me again".
    r"|\b(?:charged|billed|debited|deducted|taken|paid)\W+(?:me\W+|for\W+(?:it|this|that)\W+)?(?:twice|double|two times|2x|again)\b"
    r"|\bdouble[- ]?(?:charged|billed|debited|payment)\b"
    # Money taken after it should have stopped: "charged after cancelling", "billed after the trial".
    r"|\b(?:charged|billed|debited|taken|paid)\s+(?:me\s+|us\s+)?(?:again\s+)?after\b"
    # A collision, however it is told: "someone went into the back of me", "reversed into my car",
    # "had a bump in a car park", "got rear-ended". ("By accident" is how, not what happened.)
    r"|\b(?:went|drove|reversed|backed|crashed|ran|bumped|smashed|ploughed|driven|reversing)\s+into\s+(?:the\s+(?:back|side)\s+of\s+)?(?:me|my|us|our)\b"
    r"|\bhit\s+(?:me|us|my\s+car|our\s+car)\b|\brear[- ]ended\b|\b(?:had|in|been\s+in)\s+(?:a|an)\s+(?:\w+\s+)?(?:bump|accident|collision|prang|crash|smash)\b"
    # Money the brand took, told to the brand: "you've taken two payments off me", "you charged me
    # £40", "they took another £15 from my account". Taking a customer's money unasked of is a grievance
    # whatever words follow (a refund given back is "refunded", and "thanks for taking it" is thanks).
    # Nobody came, nobody answered: "waited in all day and nobody came", "booked 3 weeks ago and
    # nobody's come", "no one ever answers the phone", "nobody got back to me".
    r"|\b(?:nobody|no\s*one|no-one)(?:'s|\s+has|\s+have|\s+had)?\s+(?:ever\s+|even\s+|actually\s+)?(?:came|come|showed|shown|turned\s+up|knocked|arrived|"
    r"called|rang|answered|answers|replied|replies|responded|got\s+back|gets\s+back|bothered|fixed|been)\b"
    # Told us again and again: "reported it twice", "chased 3 times", "called five times this week",
    # "emailed you every day". What was asked more than once was not done.
    r"|\b(?:reported|chased|called|rang|phoned|emailed|messaged|complained|asked|told\s+(?:you|u))\s+(?:it\s+|this\s+|them\s+|you\s+|u\s+|about\s+it\s+)?"
    r"(?:twice|three\s+times|four\s+times|five\s+times|\d+\s*(?:times|x)|several\s+times|multiple\s+times|so\s+many\s+times|every\s+(?:day|week))\b"
    # ... and a thing that keeps happening, counted: "you've moved my install date AGAIN. third time
    # now", "2nd time this week", "fourth time in a month" (not "my second time ordering").
    r"|\b(?:second|third|fourth|fifth|sixth|seventh|umpteenth|nth|2nd|3rd|[4-9]th|\d+th)\s+time\s+(?:now|in\s+a\s+row|running|today|"
    r"this\s+(?:week|month|year|morning|afternoon|evening)|in\s+(?:a|one|\d+|two|three|four)\s+(?:days?|weeks?|months?|years?))\b"
    # Rot, mould and pests where people live or what they bought: "mould in the bathroom", "mouldy
    # strawberries", "mice in the kitchen", "bed bugs in room 12". And a thing damaged in shape:
    # "dented", "scratched", "torn", "buckled", "chipped", "shrunk".
    r"|\b(?:mould|mouldy|mold|moldy|rot|rotten|rotting|infest\w*|cockroach\w*|bed\s?bugs|mice|rats|maggots|pests|vermin)\b"
    # Damp and water where it shouldn't be: "damp all up the back wall", "my mattress is soaked",
    # "water coming through the roof", "water dripping into the unit".
    r"|\b(?:dampness|condensation|soaked|sodden|drenched|waterlogged)\b"
    # Damp as a thing found, or a state a place or thing is in ("a damp cloth" is a tool, not a fault).
    r"|\b(?:there'?s|there\s+is|got|have|has|some|the|of|with|for)\s+damp\b|\bdamp\s+(?:in|on|all|up|patch\w*|walls?|problem\w*|coming|spreading|everywhere|again)\b"
    r"|\b(?:is|are|was|were|gone|goes|feels?|smells?|got|getting|gets|been)\s+(?:\w+\s+)?damp\b"
    r"|\bwater(?:'s|\s+is|\s+was|\s+has\s+been|\s+keeps)?\s+(?:coming|pouring|dripping|getting|running|seeping|leaking)\s+(?:in|through|into|down|from|under)\b"
    r"|\b(?:dented|scratched|torn|buckled|chipped|snapped|crushed|squashed|shrunk|shrank|shrunken)\b"
    # Not there yet, put the other way: "my package is far from delivered", "far from fixed".
    r"|\bfar\s+from\s+(?:being\s+)?(?:delivered|arrived|working|fixed|ready|sorted|resolved|done|complete|finished|over)\b"
    # A thing that came in a bad state: "box came warm again", "food arrived cold", "turned up open".
    r"|\b(?:arrived|came|turned\s+up|showed\s+up|was\s+delivered|got\s+delivered)\s+(?:\w+\s+)?(?:warm|cold|lukewarm|soggy|wet|soaked|open|opened|crushed|squashed|"
    r"melted|defrosted|thawed|leaking|stale|empty|half\s+empty|smashed|broken|damaged|late)\b"
    # Harm done to a thing, in the words people use for it: "you've fucked up my battery", "the
    # update messed my phone up", "ios 11 wrecked my phone", "my battery is borked", "charger's
    # faulty". Killing or destroying is harm only to a thing ("you killed it today" is praise).
    r"|\b(?:mess|fuck|screw|cock|bugger|balls)(?:ed|es|s|ing)?\s+(?:(?:it|this|that|them|everything|things|(?:my|our|the|your)\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+)?up\b"
    r"|\b(?:killed|kills|killing|wrecked|wrecks|wrecking|destroyed|destroys|destroying|trashed|bricked|nuked|fried|fucked)\s+(?:my|our|his|her|their|the)\s+(?!competition\b)"
    r"|\b(?:is|was|are|were|'s|got|gets|been|seems|looks)\s+(?:completely\s+|totally\s+|now\s+|just\s+|all\s+|so\s+|really\s+)?"
    r"(?:borked|bricked|busted|knackered|fried|screwed|fucked|trashed|wrecked|kaput|faulty|defective|(?:messed|screwed|fucked)\s+up)\b"
    # Someone of the customer's lost: "got separated from the kids", "lost sight of my son".
    rf"|\b(?:separated|split\s+up)\s+from\s+(?:my|our|the)\s+(?:little\s+|youngest\s+|eldest\s+)?{PEOPLE}\b|\blost\s+sight\s+of\b"
    # Food or drink served in a bad state, however it came: "my latte was stone cold", "lukewarm
    # chips", "the chicken was undercooked", "inedible".
    r"|\bstone[- ]cold\b|\blukewarm\b|\bundercooked\b|\binedible\b"
    # Given another thing than the one asked for: "asked for a flat white and got a cappuccino",
    # "ordered a medium but received a large", "paid for 2 and got 1", "asked for a trim, got a buzz
    # cut"; or, done to the customer, more taken than asked: "I asked for a trim and she took off 4
    # inches", "wanted an inch off but he cut 6".
    r"|\b(?:asked\s+for|ordered|paid\s+for|requested|booked|wanted)\s+(?:[\w'£$€.-]+\s+){0,5}?[\w'£$€.-]+(?:\s*,|\s+(?:and|but|&))\s+"
    r"(?:(?:(?:i\s+|we\s+|they\s+)?(?:only\s+)?(?:got|received|was\s+given|were\s+given|got\s+given|gave\s+(?:me|us)|was\s+sent|were\s+sent|sent\s+(?:me|us))"
    r"|(?:she|he|they|you|the\s+\w+)\s+(?:cut|chopped|shaved|hacked)(?:\s+off)?)\s+"
    r"(?!(?:it|them|this|that|one|back|through|there|in|home|here|a\s+(?:reply|response|refund|confirmation|email|text|call))\b)[\w£$€]"
    r"|(?:she|he|they|you|the\s+\w+)\s+took\s+(?:off\s+[\w£$€]|(?:[\w'-]+\s+){1,3}?off\b))"
    # A balance or a card that shows nothing: "my gift card says £0", "zero balance", "balance shows 0.00".
    r"|\b(?:says|shows|showing|said|reads|reading)\s+(?:a\s+)?(?:balance\s+of\s+)?[£$€]?\s?0(?:\.00)?(?![\d.,])|\bzero\s+balance\b"
    # A thing refusing by its signals: "the charger just beeps at it", "router flashing red", "a red
    # light on the meter".
    r"|\b(?:beeps?|beeping|beeped)\s+at\s+(?:me|it|us|them|the\s+\w+|my\s+\w+)\b|\b(?:flash\w*|blink\w*)\s+(?:a\s+)?(?:red|orange|amber)\b"
    r"|\b(?:red|orange|amber)\s+(?:flashing\s+|blinking\s+)?light\b"
    # An obstacle the customer can't get past: "the cables are too heavy for me to lift", "too high up
    # for my mum to reach", "the print is too small for me to read".
    r"|\btoo\s+(?:\w+\s+){1,2}?for\s+(?:me|us|him|her|them|my\s+\w+|our\s+\w+)\s+to\s+\w+"
    # Charged more than expected, as it happened: "got charged £20 on top of my charge", "you charged
    # me extra", "billed an additional £30" (not "will I be charged extra for a bag?", a question).
    r"|\b(?:got|been|was|were|you|they|u|you've|they've|youve)\s+(?:just\s+|also\s+|now\s+)?(?:charged|billed)\s+(?:me\s+|us\s+)?(?:an?\s+)?"
    r"(?:extra|additional|more\b|(?:[£$€]\s?\d[\d.,]*|\d[\d.,]*\s*(?:p|quid|pounds|dollars|euros)\b)\s*(?:extra|more|on\s+top))"
    r"|\b(?:charged|billed|taken|deducted)\s+(?:me\s+|us\s+)?(?:an?\s+)?(?:[£$€]\s?\d[\d.,]*|\d[\d.,]*\s*(?:p|quid|pounds|dollars|euros)\b)\s*on\s+top\b"
    # A thing stuck in the customer's, or found in it: "got a screw in my tyre", "a nail in the tyre",
    # "glass in my salad", "found a hair in my toastie", "found a bug in the app".
    r"|\b(?:a|an|some)\s+(?:nail|screw|bolt|stone|shard|splinter|(?:piece|bit|shard)\s+of\s+(?:glass|metal|plastic|wire))s?\s+(?:stuck\s+)?in\s+(?:my|our|the|his|her|their)\b"
    r"|\b(?:glass|metal|plastic)\s+in\s+(?:my|our|the)\s+(?:food|meal|salad|sandwich|drink|dinner|lunch|breakfast|order|burger|pizza|toastie)\b"
    r"|\bfound\s+(?:a|an|some|two|\d+)\s+(?:[\w-]+\s+){0,2}?in\s+(?:my|our|the)\s+(?!(?:post|mail|letterbox|inbox|account|garden|attic|loft)\b)[\w-]+"
    # A parking or speeding ticket is a fine: "got a parking ticket outside my own house".
    r"|\b(?:parking|speeding)\s+ticket\b|\bpcn\b"
    r"|\b(?:you|they|u)(?:'ve| have| just| already)? (?:charged|billed|debited|deducted|withdrawn|withdrew)\b"
    r"|\b(?:you|they|u)(?:'ve| have| just| already)? (?:taken|took) (?:[\w£$€.,]+ ){0,3}?(?:money|payments?|[£$€]\s?\d[\d.,]*|\d[\d.,]*\s?(?:quid|pounds|dollars|euros))",
    re.I,
)


# The same, in the other languages the product detects and the languages set measures: a negation
# (the commonest way to say something does not work, in every language), a word of failure, or
# money taken twice. Only for a post detected in that language: Spanish "los" or German "dies"
# ("this") are not English problem words, and English "die" or "pas" are not these.
PROBLEM_IN = {
    code: re.compile(pattern, re.I)
    for code, pattern in {
        "es": r"\b(?:no|nunca|nada|ningun[oa]?|ningún)\b|\b(?:error\w*|problema\w*|rot[oa]s?|falla\w*|dañad\w*|estropead\w*|bloquead\w*|dos veces)\b",
        "fr": r"\b(?:ne|n'|pas|jamais|rien|aucun\w*)(?!\w)|\b(?:panne|cass[ée]\w*|erreur\w*|problème\w*|bloqu[ée]\w*|plant[ée]\w*|endommag\w*|abîm\w*|deux fois)\b",
        "de": r"\b(?:nicht|kein\w*|nie|niemals|nichts)\b|\b(?:kaputt\w*|defekt\w*|fehler\w*|problem\w*|stürzt\w*|abgestürzt|beschädigt\w*|zweimal|doppelt)\b",
        "pt": r"\b(?:não|nao|nunca|nada|nenhum\w*)\b|\b(?:erro\w*|problema\w*|quebrad\w*|danificad\w*|travad\w*|duas vezes)\b",
        "it": r"\b(?:non|mai|niente|nessun\w*)\b|\b(?:errore\w*|problem[ai]\w*|rott[oaie]|danneggiat\w*|bloccat\w*|due volte)\b",
        "nl": r"\b(?:niet|geen|nooit|niets|niks)\b|\b(?:kapot|fout\w*|probleem\w*|crasht\w*|beschadigd|twee keer|dubbel)\b",
        # A verb's negative suffix inside a word of reasonable length (bounded: a 25,000-letter
        # "word" is read in linear time).
        "tr": r"\b\w{1,30}?(?:m[ıiuü]yor|m[aeıi]d[ıi]|m[ae]z)\w{0,12}\b|\b(?:değil|yok|bozuk\w*|hata\w*|sorun\w*|iki kez|iki defa)\b",
        "ja": r"ません|ない|なかった|できな|エラー|落ち|壊れ|二重",
    }.items()
}


# A heading for money taken, opening with the taking: "Charged for a renewal", "Billed twice",
# "Debited after cancelling". Like a heading for a fault, it is a case that happened to the
# customer, no answer to one asking how something works ("how do I stop it renewing"). ("Paid
# through the App Store" is a way of paying.)
_MONEY_TAKEN_HEADING = re.compile(r"^\W*(?:charged|billed|debited|overcharged|double[\s-]charged)\b", re.I)


def heads_money_taken(heading: str) -> bool:
    """The heading opens with money taken from the customer (`_MONEY_TAKEN_HEADING`)."""
    return bool(_MONEY_TAKEN_HEADING.match(heading))


# What a move or a delivery may do to a thing, said of it ("broken", "damaged") and as a noun ("a scratch").
_HARMED = r"broken|damaged|scratched|chipped|dented|marked|smashed|cracked|lost|missing|scuffed"
_HARM_DONE = r"damage|breakages?|scratch(?:es)?|marks?|dents?|chips?|scuffs?|losses|cracks?"

# A fault said not to have happened is good news: "10 months in and not one false alarm", "never
# had a problem with it", "zero issues", "not a single crash since". The nouns of a fault, after
# words that count them as none. ("No signal" and "never had a reply" tell of a thing missing; a
# bare "no problem" or "not a problem" is as often a figure of speech: "you had no problem taking
# my miles", "with Google fiber it's not a problem".)
NO_FAULT = re.compile(
    r"\b(?:not\s+(?:one|a\s+single|had\s+(?:a|any|one|a\s+single))|zero|never\s+(?:once\s+)?had\s+(?:a|any|one|a\s+single)|without\s+(?:a\s+single|one))\s+"
    r"(?:(?:false|real|major|big|little)\s+)?"
    r"(?:false\s+alarms?|problems?|issues?|faults?|complaints?|glitch(?:es)?|hiccups?|crash(?:es)?|breakdowns?|hitch(?:es)?|trouble|bother|errors?|outages?|dramas?|niggles?|defects?)\b"
    # ... and a fault it never has, as a habit: "best vpn I've used, never drops", "never crashes",
    # "never lets me down". (What never came is missing: "never arrived", "never got back to me".)
    r"|\bnever\s+(?:once\s+|ever\s+)?(?:drops?|crash(?:es)?|fails?|freezes|lags|buffers|disconnects|glitch(?:es)?|stutters|dies|"
    # ("Never fails: my flights are always delayed" says what always goes wrong.)
    r"breaks?\s+down|slows?\s+down|lets?\s+(?:me|us|you)\s+down|stops?\s+working)\b(?!\s*[:;–—-])(?![^.!?\n]{0,20}?\b(?:until|till|now|anymore|any\s+more|but)\b)"
    # ... and harm said not to have been done, as a move or a delivery goes well: "nothing broken",
    # "none of it was damaged", "not a scratch on anything", "no damage at all", "arrived without a
    # mark", "they lost nothing". (Whatever else the post says still counts: "nothing broken but
    # the sofa is missing".)
    rf"|\b(?:nothing|none(?:\s+of\s+(?:it|them|our\s+\w+|my\s+\w+))?|not\s+(?:a|one|a\s+single)\s+(?:thing|item|box|piece)|no\s+(?:single\s+)?(?:thing|item|box|piece))\s+"
    rf"(?:(?:was|were|is|got|has\s+been|had\s+been|have\s+been)\s+)?(?:{_HARMED})\b"
    rf"|\b(?:not|without)\s+(?:a|one|a\s+single|any)\s+(?:{_HARM_DONE})\b|\bno\s+(?:{_HARM_DONE})\b"
    rf"|\b(?:lost|broke|damaged|scratched|marked|smashed)\s+(?:absolutely\s+)?nothing\b"
    # ... and speed, told with "no": "sorted him out in no time".
    r"|\bin\s+(?:next\s+to\s+)?no\s+time\b",
    re.I,
)


# A thing the customer no longer has or can't reach ("I don't have access to my old work email any
# more", "no longer have that number", "can't get into my old email"): a heading or an opening that
# says "Email address changed" or "Can't reach the email you subscribed with?" names it
# (`kb.passages`), where the reply tells them to use it. (A phone lost is a device gone, which a
# heading says its own way: "Lost your two-factor device".)
_LACKING = re.compile(
    r"\b(?:don'?t|do\s+not|doesn'?t|no\s+longer|not\s+any\s*more)\s+(?:have|got|use)\s+(?:access\s+to\s+)?(?:my|the|that|this|our)\b"
    r"|\b(?:can'?t|cannot|unable\s+to|couldn'?t)\s+(?:access|reach|get\s+into|open|get\s+to)\s+(?:my|the|that|our)\s+(?:old\s+)?(?:e-?mail|number|inbox|account)\b"
    r"|\bno\s+(?:longer\s+)?(?:access|have\s+access)\s+to\b|\b(?:lost|changed)\s+(?:my|the)\s+(?:old\s+)?(?:e-?mail|number|sim)\b",
    re.I,
)


def lacks_a_thing(text: str) -> bool:
    """The customer says they no longer have, or can't reach, a thing of theirs (`_LACKING`)."""
    return bool(_LACKING.search(text))


# The customer was not at home when we came, or won't be ("driver came at 6 and i wasn't in",
# "nobody was home", "we'll be away that week", "I was out"); not "I was in all day".
_AWAY = re.compile(
    r"\b(?:i|we|he|she|they)\s+(?:wasn'?t|weren'?t|was\s+not|were\s+not|won'?t\s+be|will\s+not\s+be|am\s+not|are\s+not|aren'?t|isn'?t|is\s+not)\s+(?:in|home|at\s+home|around|in\s+the\s+house)\b"
    r"|\b(?:i'?m|we're|i'?ll\s+be|we'?ll\s+be)\s+not\s+(?:in|home|at\s+home|around)\b"
    r"|\b(?:i|we|i'?m|we're|i'?ll|we'?ll)\s+(?:was\s+|were\s+|am\s+|are\s+|be\s+|will\s+be\s+)?(?:out|away)\b(?!\s+of\b)"
    r"|\b(?:nobody|no\s*-?\s*one)\s+(?:was\s+|is\s+|'s\s+|will\s+be\s+)?(?:in|home|at\s+home|around|in\s+the\s+house)\b",
    re.I,
)
# ... and a heading saying it to them ("Delivery while you're out", "If you're not in", "Away on holiday").
_AWAY_HEADING = re.compile(
    r"\byou(?:'re|\s+are|'ll\s+be|\s+will\s+be)?\s+(?:not\s+(?:in|home|at\s+home|around)|out|away)\b(?!\s+of\b)|^\W*away\b|\bnobody\s+(?:home|in)\b", re.I
)


@functools.lru_cache(maxsize=256)  # asked of one post for each section of each article it may be answered from
def away_from_home(text: str, *, heading: bool = False) -> bool:
    """The customer says they or their household weren't in when we came, or won't be (`_AWAY`);
    `heading`: a heading says it to them (`_AWAY_HEADING`)."""
    return bool((_AWAY_HEADING if heading else _AWAY).search(text))


# Which to choose the customer doesn't know: "no idea what level my daughter is at", "no idea what
# size I need", "not a clue which plan to get". No fault (`needs._OWN_CHOICE`), but a case a section
# answers ("Not sure what size you need": the tone marks it troubled). Not knowing what happened to
# a thing of theirs is still a fault ("no idea what happened to my order").
UNSURE_WHICH = (
    r"\b(?:no|not\s+a(?:ny)?)\s+(?:idea|clue)\s+(?:what|which)\s+(?:[\w'-]+\s+){0,4}?"
    r"(?:(?:i|we)\s+(?:need|should|want)|to\s+(?:book|get|choose|pick|buy|order)|(?:is|are|'s)\s+at)\b"
)


# Someone taken ill ("he was sick last night, ok to swim?", "feeling poorly"): no harm of ours to
# apologise for, but a case a section answers ("Verrucas and tummy bugs": the tone marks it
# troubled). Sick of something is fed up ("sick of waiting"), which the feeling words read.
TAKEN_ILL = r"\b(?:was|were|been|got|is|are|'s|feeling|felt)\s+(?:really\s+|very\s+|so\s+)?(?:sick|ill|unwell|poorly)\b(?!\s+(?:of|and\s+tired)\b)"
