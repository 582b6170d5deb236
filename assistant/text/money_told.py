"""What the customer pays, told: an amount gone up on them ("bill has gone from £40 to £210", "my
direct debit doubled"), or a thing they bought costing less since ("bought mine 2 weeks ago and
now it's £150 cheaper"). Read by `text.needs` (a problem stated), the passages and the triage."""

from __future__ import annotations

import re

from assistant.text.problem_words import SUPPOSED, told

# An amount that went up, in the words people use for it ("bill has gone from £40 to £210", "my
# direct debit doubled", "prices shot up again").
_RISE = re.compile(
    r"\b(?:(?:gone|went|going|goes|shot|jumped|crept|creeping|gone\s+way|put\s+(?:it|my\s+\w+|the\s+\w+))\s+up|doubled|tripled|quadrupled|increased|risen|rose|"
    r"skyrocketed|spiked|hiked|more\s+than\s+(?:doubled|double|twice))\b",
    re.I,
)
_FROM_TO = re.compile(r"\bfrom\s+[£$€]?\s?(\d[\d,]*(?:\.\d+)?)\s*(?:to|->|→)\s*[£$€]?\s?(\d[\d,]*(?:\.\d+)?)", re.I)


def _up_by_numbers(text: str) -> bool:
    """ "From £40 to £210": an amount said to go from one number to a larger one."""
    return any(float(after.replace(",", "")) > float(before.replace(",", "")) for before, after in _FROM_TO.findall(text))


def rose(text: str) -> bool:
    """The text says an amount went up: in words (`_RISE`) or "from £40 to £210"."""
    return bool(_RISE.search(text)) or _up_by_numbers(text)


# What the customer pays, gone up on them: "bill has doubled this month", "my direct debit went up
# again", "renewal has gone up £300", "premium went from £420 to £610". A rise of anything else is
# no fault ("my followers doubled"). A question about one ("have your prices gone up?") is read as
# any question is: the tone and the two-need rules take no harm as told from it.
WHAT_THEY_PAY = (
    r"bills?|price|prices|payments?|premiums?|rent|tariffs?|fees?|costs?|charges?|direct\s+debits?|dd|subscriptions?|renewals?|quotes?|"
    r"plan|contract|membership|instal?ments?"
)
_WHAT_THEY_PAY = re.compile(rf"\b(?:{WHAT_THEY_PAY})\b", re.I)


# What the customer bought, cheaper since: "bought mine 2 weeks ago and now it's £150 cheaper in your
# sale", "the price dropped a week after I ordered", "it's half price now". They paid more than it
# costs now. A price asked about ("is it cheaper on black friday?") tells nothing that happened.
_BOUGHT = re.compile(r"\b(?:bought|ordered|paid|purchased|booked|got\s+(?:mine|it|one|ours))\b", re.I)
_CHEAPER = re.compile(
    r"\b(?:now|since|already|today|just)\b[^.!?\n]{0,30}?\b(?:cheaper|reduced|on\s+sale|in\s+the\s+sale|half\s+price|less)\b"
    r"|\b(?:cheaper|reduced|half\s+price|on\s+sale|in\s+the\s+sale)\s+(?:now|since|already|today)\b"
    r"|\bprice\s+(?:has\s+|had\s+)?(?:dropped|fell|gone\s+down|went\s+down|come\s+down|came\s+down|been\s+(?:cut|reduced|dropped|lowered))\b",
    re.I,
)


def price_fell(clause: str) -> bool:
    """The clause tells of a thing the customer bought costing less since (`_CHEAPER`), not asks."""
    return bool(_BOUGHT.search(clause)) and told(_CHEAPER, SUPPOSED, clause, 30) and not clause.rstrip().endswith("?")


def paying_more(clause: str) -> bool:
    """The clause tells of what the customer pays gone up (`_WHAT_THEY_PAY` before a rise)."""
    return any(_WHAT_THEY_PAY.search(clause[max(0, found.start() - 40) : found.start()]) for found in _RISE.finditer(clause)) or (
        bool(_WHAT_THEY_PAY.search(clause)) and _up_by_numbers(clause)
    )


# An amount or a fee asked back in words other than a refund's: "can I get my £15 back?", "can I
# have the deposit back". The passage said is one speaking of refunds (`REFUND_SAID`), which the
# post's words can't find: "Entry fees can't be refunded …" for "£15 back", not the reply stating
# the £15. (A post saying "refund" or "my money back" finds its passage by its words.)
_MONEY_BACK = re.compile(
    r"\b(?:get|have|want|need|getting|give|giving|send)\s+(?:me\s+)?(?:my|our|the|their|his|her|a)\s+(?:\S+\s+){0,2}?"
    r"(?:[£$€]\s?\d[\d,.]*|\d[\d,.]*\s?(?:pounds|quid|dollars|euros)|fee|fees|deposit|payment)\s+back\b",
    re.I,
)
REFUND_SAID = re.compile(r"\brefund\w*|\bmoney\s+back\b|\breimburs\w*|\brepaid\b", re.I)


def asks_money_back(text: str) -> bool:
    """The post asks for an amount or a fee back in words other than a refund's (`_MONEY_BACK`)."""
    return bool(_MONEY_BACK.search(text)) and not REFUND_SAID.search(text)
