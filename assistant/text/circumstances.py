"""The customer's own circumstances, told with a word the fault rules read as one: who they are not
("I'm not a UK taxpayer", "we're not members yet"), what they have no room for or don't use, own
or do ("just don't have room", "I don't drive", "we no longer live there"), and what they stopped
doing of their own accord ("I've stopped paying tax since I retired"), and their own lateness
("stuck in traffic, going to be 20 mins late for pickup"). No thing of ours failed: the
problem rules (`text.needs.states_a_problem`), triage's feeling and the reply's opening read a post
without them (`without_circumstances`).

Allow-lists, each: who the customer may be, what they may lack room for, what they may stop doing.
"I don't have internet", "I'm not getting emails" and "it stopped working" stay faults, and so do
"I don't want the slug" and "I don't have time for your forms"."""

from __future__ import annotations

import re

_WHO = (
    r"(?:(?:uk|british|english|scottish|irish|welsh|eu|us|local|new|existing|current|registered|full[- ]time|part[- ]time|higher[- ]rate|basic[- ]rate)\s+)*"
    r"(?:tax\s?payers?|members?|customers?|students?|residents?|citizens?|drivers?|home\s?owners?|subscribers?|locals?|pensioners?|"
    r"parents?|carers?|business(?:es)?|company|charity|vegans?|vegetarians?|account\s+holders?|patients?|volunteers?|employees?|"
    r"landlords?|tenants?|teachers?|nurses?|smokers?)"
)
_CIRCUMSTANCE = re.compile(
    # Who they are not: "I'm not a UK taxpayer", "we're not members yet", "I am not an existing customer".
    rf"\b(?:i'?m|i\s+am|we'?re|we\s+are|im)\s+not\s+(?:(?:a|an|yet|really|actually|currently)\s+)*{_WHO}\b"
    # What they have no room for ("just don't have room": whoever has none, it is theirs) ...
    r"|\b(?:(?:i|we)\s+)?(?:just\s+|really\s+|simply\s+|actually\s+|currently\s+)?(?:don'?t|do\s+not|dont|no\s+longer)\s+have\s+(?:the\s+|enough\s+|any\s+)?(?:room|space)\b"
    # ... or, said of themselves, don't use, own or do: "I don't drive", "we no longer live there".
    # (Not "want", "need" or "have time": "I don't have time for your forms" and "I do not need your
    # poor help" are complaints.)
    rf"|\b(?:i|we)\s+(?:just\s+|really\s+|simply\s+|actually\s+|currently\s+)?(?:don'?t|do\s+not|dont|no\s+longer)\s+"
    r"(?:use|drive|own|live|smoke|drink|work|pay\s+(?:uk\s+)?tax)\b"
    # What they stopped doing of their own accord: "I've stopped paying tax since I retired".
    r"|\b(?:i|we)(?:'ve|\s+have|\s+had)?\s+(?:stopped|quit|gave\s+up|given\s+up)\s+"
    r"(?:paying\s+(?:uk\s+|income\s+)?tax|working|smoking|drinking|driving|commuting|travelling|traveling|shopping\s+there)\b"
    # Their own lateness: "stuck in traffic, going to be 20 mins late for pickup", "I'm running late".
    r"|\b(?:i'?m|i\s+am|im|we'?re|we\s+are|i'?ll\s+be|we'?ll\s+be|(?:i'?m\s+|we'?re\s+)?(?:going\s+to|gonna)\s+be|(?:i\s+|we\s+)?might\s+be)\s+"
    r"(?:running\s+)?(?:a\s+(?:bit|little)\s+|about\s+|around\s+|\d+\s*(?:mins?|minutes|hours?|hrs?)\s+)?late\b"
    r"|\b(?:i'?m|i\s+am|we'?re|we\s+are|im)?\s*(?:stuck|sat)\s+in\s+(?:traffic|a\s+(?:queue|jam|traffic\s+jam))\b",
    re.I,
)


# A word one of whose forms every circumstance told holds: a text with none is read in one quick scan.
_HINT = re.compile(r"not|n't|dont|no\s+longer|stopped|quit|gave\s+up|given\s+up|late|stuck|sat\s+in", re.I)


def without_circumstances(text: str) -> str:
    """The text without the customer's circumstances it tells (see the module's doc)."""
    plain = text.replace("’", "'")
    return _CIRCUMSTANCE.sub(" ", plain) if _HINT.search(plain) else plain
