"""A reply's length and thread rules on its network, in one place: the checks, the review desk, the
drafters and the cards all measure through here."""

from __future__ import annotations

import re

from assistant.drafting.problem import Problem
from assistant.platforms import Platform
from assistant.text.measure import THREAD_SEPARATOR, graphemes, thread_parts

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def platform_length(text: str, rules: Platform) -> tuple[int, int, str]:
    """(length as the platform counts it, the platform's limit, the unit)."""
    return rules.length(text), rules.limit, rules.unit


def length_problems(text: str, rules: Platform) -> list[Problem]:
    """What breaks a network's length rules in a reply (a thread is parts separated by a line holding
    only `---`): a thread where the network takes one reply, and each part over the limit."""
    parts = thread_parts(text)
    problems: list[Problem] = []
    if len(parts) > 1 and not rules.threads:
        problems.append(
            Problem("thread not possible", f"{rules.title} takes one reply, not a thread: remove the --- lines and keep it to {rules.limit} {rules.unit}.")
        )
    split = ", or split it with a line holding only ---" if rules.threads else ""
    for number, part in enumerate(parts, start=1):
        length = rules.length(part)
        if length > rules.limit:
            where = f"Part {number} of the thread" if len(parts) > 1 else "The reply"
            problems.append(
                Problem("too long", f"{where} is {length} {rules.unit}; {rules.title} allows {rules.limit}. Shorten it by {length - rules.limit}{split}.")
            )
    return problems


def dm_too_long(text: str, rules: Platform) -> str:
    """Why a private message is too long for the network, or ''."""
    length = rules.dm_measure(text) if text else 0
    if length > rules.dm_limit:
        return f"the DM is {length} {'graphemes' if rules.dm_measure is graphemes else 'characters'}; {rules.title} allows {rules.dm_limit}"
    return ""


def split_into_thread(text: str, rules: Platform) -> str | None:
    """A reply too long for one post as numbered parts, cut only between sentences.

    Returns the parts joined by THREAD_SEPARATOR, or None when one sentence alone is too long
    (then the caller offers the article's link instead; a sentence is never cut).
    """
    sentences = [s.strip() for s in _SENTENCE.split(" ".join(text.split())) if s.strip()]
    _, limit, _ = platform_length("", rules)
    marker_room = 8  # " (12/12)"
    parts: list[str] = []
    current = ""
    for sentence in sentences:
        candidate = f"{current} {sentence}".strip()
        if platform_length(candidate, rules)[0] + marker_room <= limit:
            current = candidate
            continue
        if not current or platform_length(sentence, rules)[0] + marker_room > limit:
            return None
        parts.append(current)
        current = sentence
    if current:
        parts.append(current)
    if len(parts) == 1:
        return parts[0]
    return THREAD_SEPARATOR.join(f"{part} ({number}/{len(parts)})" for number, part in enumerate(parts, start=1))
