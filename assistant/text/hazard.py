"""A post that reports a danger to people or property: something caught fire, smoked, melted,
sparked, exploded, swelled or gave a shock. Such a post is never answered with a routine fix
(lint in a charging port for a charger that caught fire): only an article that itself speaks of
a danger may answer it (`speaks_of_danger`), else the brand's safety line does.

An allow-list of the ways people say it, by phrase rather than by word: "burnt hash browns", a
"Sparks card", "Smoke & Mirrors", "you guys are on fire" or "what shocked me was…" report no
danger. English, and the commonest phrases of the other languages the brand has lines in.
"""

from __future__ import annotations

import re

_THING = r"(?:plug|socket|cable|cord|wire|charger|adapter|port|base|dock|case|casing|plastic|battery|outlet|power bank)"
_ENGLISH = (
    r"(?:caught|catch(?:es|ing)?) (?:on )?fire|(?:burst into|went up in) flames|set (?:itself |the \w+ )?on fire|fire hazard",
    r"(?:started|starts|was|is|were|are|keeps?) smoking|smoke (?:came|comes|coming|pouring|from|out of)|smoking (?:from|out of)|smelt? (?:of )?burning|burning smell|smell of burning|smells? like (?:it'?s )?burning",
    rf"{_THING}s? (?:has |had |is |was |looks? |looked |got |are |were )?(?:melted|melting|scorched)|(?:melted|scorched) {_THING}|scorch marks?",
    r"burn(?:ed|t) (?:my|his|her|their|our|the (?:kid|child|baby)'?s?) (?:hand|finger|fingers|skin|arm|leg|face|palm)",
    r"(?:saw|see|seeing|seen|gave off|giving off|throws?|threw) sparks|sparks? (?:came|coming|flew|flying|from|out of)|sparking",
    r"explod(?:ed|es|ing)(?! with)",
    r"(?:swollen|swelling|bulging|puffed up) battery|battery (?:is |has )?(?:swollen|swelling|bulging|puffed up)",
    r"electric(?:al)? shock|gave (?:me|him|her|them|us) a shock|(?:got|get|getting) shocked by",
    r"too hot to (?:touch|hold)",
)
# Other languages the prompts folder has lines in: fire, flames, smoke, sparks, exploded.
_OTHERS = (
    r"(?:se )?incendi[óo]|(?:echa|echaba|sale|salía) humo|en llamas|chispas|explot[óo]",  # es
    r"(?:a |ont )?pris feu|en flammes|(?:de la )?fumée (?:sort|sortait)|des étincelles|a explosé",  # fr
    r"(?:hat |hatte )?Feuer gefangen|in Flammen|qualmt|Funken|explodiert",  # de
    r"pegou fogo|em chamas|(?:saiu|saindo|sai) fumaça|faíscas|explodiu",  # pt
)
_HAZARD = re.compile(r"\b(?:" + "|".join(_ENGLISH + _OTHERS) + r")(?!\w)", re.I)


def reports_a_hazard(text: str) -> str:
    """The words in which the post reports a danger ("caught on fire", "started smoking"), or ''."""
    found = _HAZARD.search(text.replace("’", "'"))
    return found.group(0) if found else ""


# What an article written by the brand says when it is about a danger: editors write plainly
# ("smoke, sparks, burning smell or overheating", "stop using a swollen battery"), so a word is
# enough here, where a customer's post needs a phrase.
_DANGER_WORDS = re.compile(
    r"\b(?:fire|flames?|smok(?:e|es|ing|ed)|sparks?|sparking|burn(?:s|ing|ed|t)?|melt(?:s|ed|ing)?|scorch\w*|explod\w*|explosion|"
    r"swollen|swelling|bulging|electric(?:al)? shock|overheat\w*|unsafe|dangerous)\b",
    re.I,
)


def speaks_of_danger(text: str) -> bool:
    """An article's text (title, tags, reply, body) is about a danger: it may answer a post
    reporting one."""
    return bool(_DANGER_WORDS.search(text))
