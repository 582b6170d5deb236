"""What spam looks like: a post that promotes something rather than asks for help.

Spam offers something, or sends readers elsewhere ("earn $500 a day", "DM me for", "follow back").
An earnings claim is a sum made in a stretch of time ("Make £500 a week from home", "earn up to $3k
per month", "gana 300€ a la semana"), in the languages the brand may be written to in. What is often
promoted (crypto, forex, an investment) is spam beside such an offer or a link, or when the post
neither asks nor tells of a problem ("Make $$$ from home, link in bio #crypto"): a customer may well
ask "can I buy bitcoin in the app?".
"""

from __future__ import annotations

import re

_MONEY = r"(?:[$£€]\s?\d[\d,.]*k?|\d[\d,.]*k?\s?(?:[$£€]|dollars|pounds|euros|usd|gbp|eur))"
_EARNINGS = (
    # offered, not told: at the start of a sentence or after "you can" ("I make £400 a week and
    # can't pay this" is a customer's income)
    r"(?:(?<![\w@])(?:you can|you could|how to|start to|start|and) |(?:^|(?<=[.!?\n]))(?:[^\w@]|@\w+){0,12})"
    rf"(?:make|making|earn|earning|gana|ganar|gagnez|gagner|verdiene|verdienen|ganhe|ganhar)(?: (?:up to|hasta|jusqu'à|bis zu|até))? {_MONEY}"
    r"(?:(?: \w+){0,3} (?:a|per|every|each|al|a la|par|pro|por) |\s?/\s?|\s?p/?)(?:day|week|month|hour|hr|wk|día|semana|mes|jour|semaine|mois|Tag|Woche|Monat|dia|mês)"
)
_SPAM = re.compile(
    rf"\b(airdrop|giveaway|onlyfans|follow (?:me|back)|dm me for|link in (?:my )?bio|follow (?:and|&|\+|n) (?:retweet|rt|share)|(?:retweet|rt|share) (?:and|&|\+) follow|(?:retweet|rt|share|follow) to win|earn \$?\d+|whatsapp me|click here|free followers|make money)\b|{_EARNINGS}\b",
    re.IGNORECASE,
)
# The author's own offer, with a call to come to them: "GET SHREDDED FAST with my 12 week plan, dm me",
# "check out my channel", "my coaching programme, link in bio". A customer's "my plan" is the
# brand's (a tariff), and a customer asks the brand to DM them ("my page won't load, dm me"): only
# what the author sells, beside a call to readers, in a post that neither asks nor tells of a
# problem, is an offer.
_OWN_OFFER = re.compile(
    r"\bmy (?:[\w-]+ ){0,3}(?:program|programme|course|coaching|channel|shop|store|ebook|e-book|podcast|newsletter|masterclass|method|"
    r"page|blog|vlog|youtube|tiktok|insta|instagram|workouts?|training plan|meal plan|\d+[- ]?week plan|(?:referral|promo|discount|invite|affiliate) (?:code|link))s?\b",
    re.IGNORECASE,
)
_CALL = re.compile(
    r"\b(?:dm me|message me|link in (?:my )?bio|check (?:it |me )?out|subscribe|follow me|join (?:me|now)|order now|book now|sign up now|"
    r"get \d+\s?% off|use (?:my )?(?:code|link))\b",
    re.I,
)
_PROMOTED = re.compile(r"\b(crypto|bitcoin|btc|nft|forex|investment)\b", re.IGNORECASE)
_OFFER = re.compile(
    r"https?://|www\.|\b(?:profit|returns?|earn\w*|join|signal|invest now|guaranteed|per (?:day|week)|a day|daily|dm me|contact me)\b", re.IGNORECASE
)


def promotes(text: str, *, asks_or_tells: bool) -> bool:
    """The post promotes something: a word or earnings claim spam uses, or a topic spam promotes
    beside an offer or a link, or alone in a post that neither asks (`asks_or_tells`: asks a
    question or tells of a problem) nor complains."""
    promoted = bool(_PROMOTED.search(text)) and (bool(_OFFER.search(text)) or not asks_or_tells)
    own_offer = bool(_OWN_OFFER.search(text)) and bool(_CALL.search(text)) and not asks_or_tells
    return bool(_SPAM.search(text)) or promoted or own_offer
