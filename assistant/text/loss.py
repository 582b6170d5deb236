"""A death told: someone close to the customer, or their pet, has died ("my mum passed away in
march", "since dad died there in may", "the staff who looked after my wife in her last days", "my
late husband's account"). Read by the reply's opening, which gives condolences before anything else,
and by the reply to praise. A machine that died ("my phone died", "dad's laptop died") is a fault,
and someone lost in a crowd ("lost my son near the log flume") is no death."""

from __future__ import annotations

import functools
import re

# Who may be told to have died: family, partners, friends, pets. An allow-list: a death is read only
# of these, so no gadget, battery or car ever is.
CLOSE = (
    r"(?:mum|mam|mom|mommy|mummy|mother|dad|daddy|father|husband|hubby|wife|partner|son|daughter|child|baby|"
    r"brother|sister|nan|nana|nanna|nanny|gran|granny|grandma|grandmother|grandad|granddad|grandpa|grandfather|"
    r"grandson|granddaughter|aunt|auntie|aunty|uncle|cousin|niece|nephew|friend|fianc[eé]e?|"
    r"step-?(?:dad|mum|mom|father|mother|son|daughter)|(?:mother|father|brother|sister|son|daughter)[- ]in[- ]law|"
    r"loved one|family member|dog|cat|pet|puppy|kitten|pup)"
)
_WHOSE = r"(?:my|our|his|her|their|your)\s+(?:(?:late|dear|beloved|lovely|little|old|best|elderly|young|twin|older|younger|eldest|youngest)\s+)*"
_ADVERBS = r"(?:(?:has|had|have|just|sadly|suddenly|recently|unexpectedly|peacefully|tragically|unfortunately)\s+)*"
_DIED = r"(?:died|passed\s+away|passed\s+on|was\s+put\s+to\s+sleep|had\s+to\s+be\s+put\s+(?:to\s+sleep|down)|lost\s+(?:his|her|their)\s+(?:fight|battle))"
_MONTHS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_WHEN = rf"(?:to\s+(?:cancer|covid|dementia|a\s+\w+)|in\s+{_MONTHS}|in\s+(?:19|20)\d\d|last\s+(?:year|month|week|night)|this\s+(?:year|month|week)|yesterday|recently|suddenly)"
_DEATH = re.compile(
    rf"\b(?:{_WHOSE})?{CLOSE}s?\b(?:\s+(?:who|that))?\s+{_ADVERBS}{_DIED}\b"  # "my mum passed away", "since dad died", "my husband who died"
    rf"|\b{_WHOSE}late\s+{CLOSE}\b"  # "my late husband's account"
    rf"|\blost\s+{_WHOSE}{CLOSE}s?\s+{_WHEN}"  # "lost my dad to cancer", "lost our dog last week" ("lost my son near the log flume" is no death)
    rf"|\b(?:death|loss|funeral|passing)\s+of\s+{_WHOSE}{CLOSE}\b"  # "the death of my father"
    rf"|\b(?:{_WHOSE})?{CLOSE}(?:'s|’s)\s+(?:death|funeral|passing|memorial)\b"  # "mum's funeral", "my dad's death"
    rf"|\b(?:in|during)\s+(?:his|her|their)\s+(?:last|final)\s+(?:days|weeks|hours|months)\b"  # "looked after my wife in her last days"
    rf"|\b(?:recently\s+)?bereaved\b|\b(?:rest\s+in\s+peace|rip)\s+{CLOSE}\b"
    rf"|\b(?:he|she)\s+{_ADVERBS}(?:died|passed\s+away|passed\s+on)\b"  # "cancel my father in law's subscription, he died last week"
    rf"|\b(?:is|are)\s+no\s+longer\s+with\s+us\b",
    re.I,
)


# Words one of whose forms every death told holds: a text with none is read in one quick scan
# (a hostile post of 25,000 characters is read by many rules, many times).
_HINT = re.compile(r"die|pass|sleep|put\s+down|fight|battle|late|lost|death|loss|funeral|memorial|last|final|bereave|peace|\brip\b|no\s+longer", re.I)


@functools.lru_cache(maxsize=512)  # asked of one post by triage, the tone and the rules reading faults
def tells_of_a_death(text: str) -> bool:
    """The post tells that someone close to the customer (or their pet) has died."""
    return bool(_HINT.search(text)) and bool(_DEATH.search(text))


# "My late husband": the word of someone who died, never of a delay.
_THE_LATE = re.compile(rf"\b((?:my|our|his|her|their|your)\s+)late\s+(?={CLOSE}s?\b)", re.I)


def without_the_late(text: str) -> str:
    """The text without the "late" of someone who died ("my late husband's account" is "my
    husband's account"): read by triage's sentiment and by retrieval, which would take it for a delay."""
    return _THE_LATE.sub(r"\1", text)


def without_deaths(text: str) -> str:
    """The text without the deaths it tells ("my dad died at the hospice last week, the nurses
    were wonderful" is "at the hospice last week, …"): someone who died is no fault of a thing and
    no one lost, so the rules reading faults and lost people read what is left."""
    return _DEATH.sub(" ", text) if _HINT.search(text) else text
