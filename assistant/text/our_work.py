"""Our work and our promise on it, as a post tells or asks of them: a fault come back on a thing
we fixed ("the screen you fitted 3 months ago has stopped responding again"), and whether a harm
told is covered ("dropped it again and cracked the new screen, is that covered?"). The post's
words are the thing's and its fault's, which the article on the thing's faults names better than
the article on our promise (`kb.evidence.promise_article` finds that one by its title, tags or
headings)."""

from __future__ import annotations

import re

from assistant.text.problem_words import STAFF, came_back

__all__ = ["asks_if_covered", "back_after_our_work", "badly_done", "harmed_by_us", "names_the_thing_by_a_fix"]

# Work of ours on the customer's thing, told: "the screen you fitted 3 months ago", "you fixed my
# oven in september", "your engineer replaced the pump", "since the repair". An allow-list of the
# deeds a repair, a service or a treatment is told with, done by us (you, your people, the
# engineer): "I fixed it myself" and "you sold me" are no work of ours on it.
_OUR_WORK = re.compile(
    r"\b(?:you|your\s+(?:engineer|technician|tech|team|guys?|man|men|fitters?|plumber|electrician|cleaners?|staff|store|shop|mechanics?|garage|people)"
    r"|the\s+(?:engineer|technician|tech|fitter|plumber|electrician|mechanic))(?:'ve|’ve|'d|\s+have|\s+had)?\s+(?:only\s+|just\s+|already\s+|originally\s+|recently\s+)?(?:have\s+|had\s+)?"
    r"(?:fixed|fitted|repaired|replaced|installed|serviced|treated|cleaned|mended|re-?fitted|put\s+in|sprayed|cut|altered|shortened|hemmed|took\s+up|taken\s+up|"
    r"dyed|coloured|colored|styled|groomed|painted|washed|pressed)\b"
    r"|\b(?:since|after)\s+(?:the|your|its|their|my|our)\s+(?:last\s+|recent\s+)?(?:repair|fix|service|treatment|installation|fitting)\b",
    re.I,
)


# ... or a fault of our work told as come too soon: "the zip you replaced has broken already".
_FAILED_ALREADY = re.compile(
    r"\b(?:broken|broke|failed|stopped\s+working|died|leaking|leaks|come\s+(?:off|loose|undone|apart)|fallen\s+off|fell\s+off|split|snapped|gone)\s+already\b"
    r"|\balready\s+(?:broken|broke|failed|stopped\s+working|died|leaking|come\s+(?:off|loose|undone|apart)|fallen\s+off|fell\s+off|split|snapped)\b",
    re.I,
)


# A fault of workmanship in what we did ("the hem is wonky on one leg", "you've cut it too short",
# "streaks all over the windows you cleaned"), told beside our work or the thing collected from us
# ("picked up my trousers and …"): an allow-list of how work is badly done, not what a thing lacks.
_BADLY_DONE = re.compile(
    r"\b(?:wonky|uneven|crooked|lopsided|patchy|streaky|streaks|smears?|smeary|puckered|frayed|fraying|sloppy|shoddy|botched|bodged|"
    r"not\s+straight|(?:way\s+|far\s+|much\s+|a\s+bit\s+|slightly\s+)?too\s+(?:short|long|tight|loose|baggy|dark|light)|wrong\s+(?:length|colou?r|shade)|"
    r"missed\s+(?:bits|spots|a\s+bit|some|loads|half)|not\s+done\s+properly|half\s+done|coming\s+(?:apart|undone))\b",
    re.I,
)
_COLLECTED = re.compile(r"\b(?:picked\s+up|collected|got\s+back)\b|\bpicked\s+(?:my|our|his|her|the)\s+(?:[a-z'-]+\s+){1,2}?up\b", re.I)


def badly_done(text: str) -> bool:
    """The post tells of a fault of workmanship (`_BADLY_DONE`) in our work, or in a thing collected from us."""
    return bool(_BADLY_DONE.search(text)) and bool(_OUR_WORK.search(text) or _COLLECTED.search(text))


def back_after_our_work(text: str) -> bool:
    """A fault come back (`came_back`), or come already (`_FAILED_ALREADY`), on a thing we worked
    on (`_OUR_WORK`): "you fixed my oven in september and it's doing the exact same thing again"."""
    return (came_back(text) or bool(_FAILED_ALREADY.search(text))) and bool(_OUR_WORK.search(text))


# A harm we did to the customer's thing, told or supposed: "you've lost my suit jacket", "you shrank
# my wool coat", "your driver scratched the table", "my dress came back stained", "what happens if
# you damage my dress?". An allow-list of harms to a thing, done by us (you, your people, our work
# returning it); what is lost that is no thing ("you've lost my custom", "you ruined my weekend") is
# none.
_HARMED = (
    r"(?:lost|damaged|ruined|shrank|shrunk|broke|broken|ripped|tore|torn|burnt|burned|scorched|stained|scratched|dented|cracked|snapped|"
    r"scuffed|chipped|smashed|wrecked|destroyed|melted|bleached|misplaced|butchered|botched|mangled)"
)
_HARM = r"(?:lose|damage|ruin|shrink|break|rip|tear|burn|scorch|stain|scratch|dent|crack|snap|scuff|chip|smash|wreck|destroy|melt|bleach|misplace|mangle)"
_BY_US = rf"(?:you|u|y'?all|you\s+(?:guys|lot|people)|your\s+(?:{STAFF}|team|shop|store|people|lot|company|workers?|men|lads)|the\s+{STAFF})"
_NO_THING = r"(?!(?:custom|business|trust|faith|patience|respect|day|week|weekend|holiday|birthday|christmas|evening|night|life|plans?|trip|experience|mood|heart|time)\b)"
_HARMED_BY_US = re.compile(
    rf"\b{_BY_US}(?:'ve|’ve|\s+have|\s+had)?\s+(?:(?:somehow|completely|totally|just|now|also|actually|gone\s+and|went\s+and)\s+)*"
    rf"(?:{_HARMED}|(?:managed|seem)\s+to\s+(?:have\s+)?(?:{_HARM}|{_HARMED}))\s+(?:my|our|his|her|their|the|both|all)\s+{_NO_THING}"
    rf"|\bif\s+{_BY_US}\s+(?:(?:ever|accidentally|somehow)\s+)?(?:{_HARM}|{_HARMED})\s+(?:my|our|his|her|their|the|it|them|something|anything)\b\s*{_NO_THING}"
    rf"|\b(?:my|our|his|her|their)\s+(?:[a-z'-]+\s+){{1,3}}?(?:came|come|was|got)\s+back\s+(?:(?:all|completely|totally|badly)\s+)?"
    rf"(?:{_HARMED}|with\s+(?:a\s+)?(?:holes?|stains?|rips?|tears?|burns?|marks?|scratches?))\b",
    re.I,
)


def harmed_by_us(text: str) -> bool:
    """The post tells of, or asks what if, a harm we did to the customer's thing (`_HARMED_BY_US`)."""
    return bool(_HARMED_BY_US.search(text))


# A fix told as which thing it is, not as news: "the coat you fixed last month", "the boiler your
# engineer repaired", "the screen that was fixed in may". A relative clause: a thing named (a
# determiner and up to three words, none of them joining clauses), then who fixed it, just before
# the fix's word; and no object after that word, as the thing named before is its object ("my zip
# broke and you fixed it" tells a fix).
_JOINS = r"(?:and|but|so|then|because|when|after|before|until|since|til|till|or|if|it|i|we)"
_WHO_FIXED = re.compile(
    rf"\b(?:the|this|that|my|our|his|her|their)\s+(?:(?!{_JOINS}\b)[a-z'-]+\s+){{1,3}}?"
    r"(?:(?:(?:that|which)\s+)?(?:you|u|your\s+[a-z]+|the\s+[a-z]+)(?:'ve|’ve|\s+have|\s+had)?|(?:that|which)\s+(?:was|were|got|had\s+been|has\s+been))"
    r"\s+(?:just\s+|only\s+|already\s+|recently\s+|supposedly\s+)?$",
    re.I,
)
_OBJECT_AFTER = re.compile(r"^\s+(?:it|this|that|them|those|these|the|my|our|your|his|her|a|an|everything|things|all|me|us)\b", re.I)


def names_the_thing_by_a_fix(text: str, start: int, end: int) -> bool:
    """The fix's word at text[start:end] is said in a relative clause naming the thing fixed
    (`_WHO_FIXED`): "zip broke again on the coat you fixed last month" tells no fix now."""
    return bool(_WHO_FIXED.search(text[max(0, start - 60) : start])) and not _OBJECT_AFTER.match(text[end:])


# Whether what the post tells of is covered, asked of it by a pronoun: "is that covered?", "would
# it be covered", "you'll cover it right?", "does the warranty cover this", "am I covered". A place
# covered ("do you cover Bolton?", "is the place covered by cctv"), a thing covered in something
# ("lenses covered in scratches") or where a thing is covered ("is my car covered to drive in
# France", a policy's reach) is no such question.
_ASKS_IF_COVERED = re.compile(
    r"\b(?:is|are|was|were|would|will|'ll|should|could)\s+(?:that|it|this|these|those|they)\s+(?:be\s+|still\s+|also\s+)*covered\b(?!\s+(?:in|by)\b)"
    r"|\b(?:am\s+i|are\s+we)\s+(?:still\s+)?covered\b(?!\s+in\b)"
    r"|\b(?:(?:will|would|do|does|can|could)\s+(?:you|u|the\s+(?:warranty|guarantee|insurance|plan|cover))|(?:you|u)\s*(?:'ll|'d|will|would))\s+(?:still\s+)?cover\s+(?:it|that|this|them|the\s+(?:repair|damage|cost|bill))\b",
    re.I,
)


def asks_if_covered(text: str) -> bool:
    """The post asks whether what it tells of is covered (`_ASKS_IF_COVERED`)."""
    return bool(_ASKS_IF_COVERED.search(text))
