"""The separate questions in one post: "where's my order? and can I change my email?" asks two
things, which two articles may answer.

A part is a question (it has a question mark or opens like one); statements around it are its
context and stay with it ("My kettle is broken. How do I return it?" is one question). Words only
rules: nothing is dropped, every word of the post is in exactly one part.
"""

from __future__ import annotations

import re

from assistant.triage import _QUESTION_STARTS

MAX_PARTS = 3  # more than this is a ramble, not a list of questions: the rest stays with the third
MIN_WORDS = 1  # content words a question needs to stand alone ("and?" or "why??" is not a question)

# Sentence ends, line breaks, and the joins people put between two questions.
_SPLIT = re.compile(
    r"(?<=[?!.])\s+|\s*\n+\s*|\s*;\s*|\s+(?=(?:and|also|plus|oh and|&)\s+(?:also\s+)?(?:how|what|when|where|why|can|could|do|does|is|are|will|who|which|should)\b)",
    re.I,
)
_FILLERS = frozenset({"and", "also", "plus", "oh", "so", "ok", "okay", "btw", "but"})
_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP = frozenset(
    "the and also plus you your yours our ours are was were can could does did have has had how what when where why who which "
    "will would should this that these those there their they them for with from about into any anyone just still yet not "
    "but get got its it's i'm i've don't can't won't hey hello please pls thanks thank".split()
)


def _content_words(text: str) -> int:
    return sum(word.lower() not in _STOP for word in _WORD.findall(text))


def _is_question(text: str) -> bool:
    """A question mark, or a clause opening like a question: "how do I…", "my phone was stolen, how
    do I block it", "also what's…" ("what's" opens like "what")."""
    if "?" in text:
        return True
    for clause in re.split(r"[,:]\s*", text.lower()):
        words = [word.removesuffix("'s") for word in re.findall(r"[a-z']+", clause)]  # "what's" opens like "what"; "can't" is no question
        while words and words[0] in _FILLERS:
            words = words[1:]
        if words and words[0] in _QUESTION_STARTS:
            return True
    return False


def question_parts(text: str) -> list[str]:
    """The post's questions, each with the statements before it, in the order asked. One part (the
    whole post) when it asks one thing or none."""
    pieces = [piece.strip() for piece in _SPLIT.split(text or "") if piece and piece.strip()]
    parts: list[str] = []
    context: list[str] = []
    for piece in pieces:
        context.append(piece)
        if _is_question(piece) and _content_words(piece) >= MIN_WORDS:
            parts.append(" ".join(context))
            context = []
    if context:  # statements after the last question belong to it
        if parts:
            parts[-1] = f"{parts[-1]} {' '.join(context)}"
        else:
            parts.append(" ".join(context))
    if len(parts) > MAX_PARTS:
        parts = parts[: MAX_PARTS - 1] + [" ".join(parts[MAX_PARTS - 1 :])]
    return parts or [text]
