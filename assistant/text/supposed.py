"""The faults a post only supposes: what to do if a thing happens ("what happens if my bag is
damaged?"), and a question asked under a condition ("am I insured if something gets broken in the
van?"). The problem rules (`text.needs`), triage's feeling and the tone read a post without them
(`without_supposed`)."""

from __future__ import annotations

import re

# What to do if a thing happens, asked before it has ("what do we do if we get separated from the
# kids", "what happens if my bag is damaged", "in case the app won't load at the gate"): a section
# for that fault answers it, though the customer states none.
WHAT_IF = re.compile(
    r"\bwhat\s+(?:do|should|can|would)\s+(?:i|we|you|u)\s+do\s+(?:if|when)\b|\bwhat\s+(?:happens|happen)\s+(?:if|when)\b|\bwhat\s+if\b|\bin\s+case\b",
    re.I,
)


# (Told, it tells: "this is what happens when you complain, nothing gets done".)
_WHAT_IF_CLAUSE = re.compile(rf"(?<!\bis\s)(?<!'s\s)(?<!\bwas\s)(?:{WHAT_IF.pattern})[^.?!\n]{{0,300}}", re.I)
# ... and a question asked under a condition: "am I insured if something gets broken in the van?",
# "if I cancel will my thermostat stop working?", "will my electric go off if the credit runs out?".
# The question opens as one asking what is or will be (not "why", "what's the point": those tell
# of a fault); its "if" is no "whether" ("do you know if there's a problem"); the fault from the
# "if" to the question mark is supposed, and so is the whole question when it opens with the "if".
_ASKED_IF = re.compile(
    r"(?:^|(?<=[.!?\n]))(?P<ask>\s*(?:(?:@\w+|and|so|but|hi|hey|also|ok|okay)\W+)*"
    r"(?:(?:am|is|are|will|would|do|does|can|could|should|shall|may|might|how|when|where|which|who)\b[^.?!\n]{0,200}?(?<!know\s)(?<!tell\sme\s)(?<!tell\sus\s)(?<!wondering\s)(?<!wonder\s)(?<!ask\s)(?<!asking\s)(?<!see\s)(?<!check\s)(?<!sure\s)\b(?:if|in\s+case)\b"
    r"|(?:if|in\s+case)\b(?![^.?!\n]{0,200}?\b(?:why|how\s+come)\b)(?=[^.?!\n]{0,200}?\b(?:will|would|do|does|did|can|could|is|are|am|should|shall|what|how|when|where)\b)))[^.?!\n]{0,200}\?",
    re.I,
)


# ... and whether a thing would be a problem: "there's only pay and display on our street, is that
# a problem for the cleaner?", "would it be an issue if we're out?". A problem asked about as
# there ("is there a problem with the app today?") or as ours ("is it an issue your end?") is
# still one the customer has.
_ASKED_WHETHER = re.compile(
    r"\b(?:is|will|would|could|might|does|was)\s+(?:that|this|it)\s+(?:be\s+|going\s+to\s+be\s+|cause\s+)?(?:a|an|any)\s+(?:problem|issue)s?"
    r"(?=\s*(?:\?|for\b|if\b|to\b))[^.?!\n]{0,200}\?",
    re.I,
)


def _asked_without_the_condition(match: re.Match[str]) -> str:
    ask = match.group("ask")
    opened_with_it = re.fullmatch(r"\s*(?:(?:@\w+|and|so|but|hi|hey|also|ok|okay)\W+)*(?:if|in\s+case)", ask, re.I)
    return " ? " if opened_with_it else re.sub(r"\b(?:if|in\s+case)$", "", ask, flags=re.I) + " ? "


def without_supposed(text: str) -> str:
    """The text without the faults it only supposes (`WHAT_IF`, `_ASKED_IF`): what the words of
    harm are read in, by the problem rules and triage's feeling alike (and whether a thing would be a
    problem, `_ASKED_WHETHER`)."""
    lowered = text.lower()
    if "problem" in lowered or "issue" in lowered:
        text = _ASKED_WHETHER.sub(" ? ", text)
    if "if" not in lowered and "when" not in lowered and "case" not in lowered:  # most posts suppose nothing: no regex need read them
        return text
    text = _WHAT_IF_CLAUSE.sub(" ", text)
    return _ASKED_IF.sub(_asked_without_the_condition, text) if "?" in text else text
