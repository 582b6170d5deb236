"""A post that takes the conversation to a direct message, or asks for the answer there: what
triage answers with the DM line instead of an article."""

from __future__ import annotations

import re

from assistant.text.needs import as_the_rules_read, states_a_problem

# A direct message, by the names customers give it ("DM", "DM'd", "inbox" is not one: it is also
# email) in the languages the product has lines in.
_DM = re.compile(
    r"(?<![\w@])(?:dm|dms|dm'?d|dm'?ed|dming|direct messages?|private messages?|mensajes? directos?|mensajes? privados?|messages? privés?|"
    r"mensage(?:m|ns) (?:direta|privada)s?|privatnachricht(?:en)?|direktnachricht(?:en)?)(?!\w)",
    re.I,
)


# A question about the word itself: "What is DM?", "what does dm mean", "whats a DM".
_WHAT_IS = re.compile(r"\b(?:what(?:'?s| is| are| does| do)|mean by|meant by)\W+(?:(?:a|an|the|this|that|your)\W+)?$", re.I)
_MEANS = re.compile(r"^\W*(?:mean|means|stand for|stands for)\b", re.I)


# Someone else's messages to the customer ("a guy kept sending me threats in DMs", "scammers are
# messaging me in DMs"): a report of what happened there, not a move of this conversation to DM.
# Told by the form of the verb: reported (-ing, past, third person) with the customer as its object
# and anyone but us as its subject; a bare "send me a DM" or "DM me" asks us to.
_THEIR_MESSAGES = re.compile(
    r"(?<!\byou )(?<!\bu )(?<!\byall )(?<!\by'all )\b(?:sending|sent|sends|messaging|messaged|messages|texting|texted|dming|dm'?ing|dm'?ed|dms|spamming|spammed)\s+me\b",
    re.I,
)


def points_to_dm(text: str) -> bool:
    """The customer took it to a direct message, or asks for the answer there ("Done. See DM",
    "have sent you a DM, would you be able to assist?", "can I send the receipt via dm?"), and
    states no problem beside it: the answer belongs in the DM, not in an article posted here. A
    question about what a DM is ("What is DM?", "what does dm mean") asks for an explanation."""
    plain = as_the_rules_read(text)  # a handle is no mention of a DM
    # The words just around each mention decide (a fixed window: the post's length costs nothing more).
    named = any(
        not (
            _WHAT_IS.search(plain[max(0, m.start() - 40) : m.start()])
            or _MEANS.search(plain[m.end() : m.end() + 40])
            or _THEIR_MESSAGES.search(plain[max(0, m.start() - 60) : m.end() + 3])  # "… is dming me threats" too
        )
        for m in _DM.finditer(plain)
    )
    return named and not states_a_problem(text)
