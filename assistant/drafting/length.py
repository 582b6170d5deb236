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


MARKER_ROOM = 8  # " (12/12)" after each part


def split_into_thread(text: str | list[str], rules: Platform) -> str | None:
    """A reply too long for one post as numbered parts, cut only between sentences.

    `text` may be the reply's blocks (one answer each, in order): a part then holds whole answers
    where they fit, so no answer is cut across two posts unless it is too long for one alone.
    Returns the parts joined by THREAD_SEPARATOR, or None when one sentence alone is too long
    (then the caller offers the article's link instead; a sentence is never cut).
    """
    blocks = [" ".join(block.split()) for block in ([text] if isinstance(text, str) else text) if block.strip()]
    parts: list[str] = []
    current = ""
    for block in blocks:
        joined = f"{current} {block}".strip()
        if _fits(joined, rules):
            current = joined
            continue
        if current:
            parts.append(current)
        pieces = [block] if _fits(block, rules) else _by_sentence(block, rules)
        if pieces is None:
            return None
        parts += pieces[:-1]
        current = pieces[-1]
    if current:
        parts.append(current)
    if len(parts) == 1:
        return parts[0]
    return THREAD_SEPARATOR.join(f"{part} ({number}/{len(parts)})" for number, part in enumerate(parts, start=1))


def _fits(text: str, rules: Platform) -> bool:
    return platform_length(text, rules)[0] + MARKER_ROOM <= rules.limit


def _by_sentence(text: str, rules: Platform) -> list[str] | None:
    """Whole sentences packed into as few parts as fit; None when one sentence alone is too long."""
    parts: list[str] = []
    current = ""
    for sentence in (s.strip() for s in _SENTENCE.split(text) if s.strip()):
        candidate = f"{current} {sentence}".strip()
        if _fits(candidate, rules):
            current = candidate
            continue
        if not current or not _fits(sentence, rules):
            return None
        parts.append(current)
        current = sentence
    return [*parts, current] if current else parts or None
