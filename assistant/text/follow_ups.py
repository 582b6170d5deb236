"""Posts that carry on a conversation this post doesn't hold: a problem that remains after what
was tried, an answer to our earlier question, or only a reference given. Word rules, English, read
as `text.needs` reads them; triage leaves such posts without an article."""

from __future__ import annotations

import re

from assistant.privacy import MASKED
from assistant.text.needs import as_the_rules_read, is_question, is_solved, states_a_problem

# What a follow-up says when it only reports that the problem remains: the steps taken, that they
# did not help, and words that carry nothing else. An allow-list: a post with any other word (a
# device, a feature, a symptom, another language) names its problem and goes the ordinary way.
_FOLLOW_UP_WORDS = frozenset(
    "i i'm i've im ive it it's its this that these those the a an and but or so then now yet just even also already all both too "
    "hey hi hello ok okay well please pls thanks thank thx again still yes yeah yep nope no not nothing none don't doesn't didn't does did do done isn't wasn't hasn't haven't won't "
    "can't cannot is are was were be been has have had am me my we you your guys dude man sadly unfortunately really same here "
    "for of on to with after before from at as by in out back up off "
    "work works worked working help helps helped fix fixed resolve resolved solve solved sort sorted change changed happen happens "
    "happening issue issues problem problems thing things everything anything steps step suggested said told advice luck persists "
    "persist persisting try tried trying restart restarted restarting reboot rebooted rebooting reset resetting reinstall "
    "reinstalled reinstalling uninstall uninstalled uninstalling install installed delete deleted deleting update updated "
    "updating clear cleared clearing cache log logged logging sign signed signing app device phone "
    "wait waiting waited hear heard reply replied response answer answered news word yet anyone someone".split()
)
_STILL = re.compile(
    r"\b(?:still|persists?|persisting|no luck|same (?:problem|issue|thing)|tried|nothing (?:changed|worked|helped))\b|"
    r"(?:\bnot|n't|\bno) (?:\w+ )?(?:help|work|fix|resolve|solve|sort|change)\w*",
    re.I,
)
_FOLLOW_UP_LETTERS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def bare_follow_up(text: str) -> bool:
    """The customer says the problem remains after what they tried, or that they are still waiting,
    without saying what it is ("This did not resolve the issue.", "Did the things, even reinstalled
    the app, but the problem persists :(", "Same problem here", "still waiting", "still no reply"):
    a follow-up to a conversation this post doesn't carry."""
    plain = re.sub(r"https?://\S+", " ", as_the_rules_read(text))
    words = _FOLLOW_UP_LETTERS.findall(plain.lower())
    return bool(words) and all(word in _FOLLOW_UP_WORDS for word in words) and bool(_STILL.search(plain)) and not is_solved(text)


# "Yes …", or "No, …" / "Nope." with its punctuation: "no internet in my area" is a problem, not an answer.
_ANSWER_OPENING = re.compile(
    r"^\W*(?:(?:yes|yeah|yep|yup|yea|correct|exactly)\b|(?:no|nope|nah)(?!\W+(?:worries|problem|prob|rush|bother)\b)\s*(?:[,.!:;]|$))", re.I
)


def answers_earlier_question(text: str) -> bool:
    """The post opens as an answer ("Yes, in the contacts app the names show up as they should",
    "Yes all devices. iOS 11.1.2") and neither asks anything nor states a problem: it answers a
    question from messages this post doesn't carry, and no article can be chosen from it alone."""
    rest = answer_rest(text)
    return rest is not None and not is_question(rest) and not states_a_problem(rest) and not is_solved(rest)


# The words a reference comes with when a customer gives it ("it's order PP-58213", "policy no.
# SW-48213", "booking ref: 4821 thanks"): an allow-list, so a post saying anything else is read as usual.
_WITH_A_REFERENCE = frozenset(
    "it's its it is my the here here's that's this that order orders number no nr ref reference policy booking claim account "
    "ticket case id and thanks thank you ta sure ok okay for of a an our under email mobile postcode tenancy membership flight "
    "reservation customer invoice tracking parcel".split()
)
_REFERENCE_TOKEN = re.compile(r"[^\s,.:;!?()]+")
_REFERENCE_WORDS = frozenset("ref reference no nr number id".split())
_BEING = frozenset("is was are it's its".split())
_REFERENCE = re.compile(r"[a-z0-9]+(?:[-/_][a-z0-9]+)*")  # "pp-58213", "406-7146672-3776353", "vt-271017-0356"


def gives_only_a_reference(text: str) -> bool:
    """The post is a reference and nothing else ("it's order PP-58213", "AA3361"): an order, policy
    or booking number given in answer to an earlier question, with no ask or problem of its own."""
    # A number masked on arrival ("my card number is [number]") was a reference as the customer wrote it.
    plain = MASKED.sub(" 0000 ", re.sub(r"https?://\S+", " ", as_the_rules_read(text)))
    tokens = [token.strip("'\"#*-").lower() for token in _REFERENCE_TOKEN.findall(plain)]
    tokens = [token for token in tokens if token]
    references = [token for token in tokens if _REFERENCE.fullmatch(token) and any(c.isdigit() for c in token) and sum(c.isalnum() for c in token) >= 4]
    # What the reference is, named just before "ref", "no" or "number", or before "is" and the
    # reference ("tenancy ref LW-20931", "membership no 4821", "my test is ref 4821", "my card is 4821").
    naming = {
        before
        for before, after, then in zip(tokens, tokens[1:], [*tokens[2:], ""], strict=False)
        if before.isalpha() and (after in _REFERENCE_WORDS or after in _BEING and (then in _REFERENCE_WORDS or then in references))
    }
    return bool(references) and all(token in _WITH_A_REFERENCE or token in references or token in naming for token in tokens)


def answer_rest(text: str) -> str | None:
    """What follows the opening "Yes"/"No," of a post that opens as an answer (None for any other
    post): "No, in the app it shows up fine" says no problem, whatever its "no" does to word rules."""
    plain = as_the_rules_read(text)
    opening = _ANSWER_OPENING.search(plain)
    return plain[opening.end() :] if opening else None
