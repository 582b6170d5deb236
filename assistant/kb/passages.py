"""Which passage of the right article to say: a section whose heading names the customer's case.

Retrieval says an article's reply unless one of its sections is clearly the nearest chunk
(`KnowledgeIndex.passage`). But a post near the article's title ("signal in my flat is terrible,
calls keep dropping" and "No signal or poor coverage") gets the reply even when a section's heading
names the customer's own case ("Signal at home is weak"). Editors write headings as the case they
answer ("Card says we called but nobody knocked", "No printer", "Items you can't return"), so a
section is said when its heading alone is nearer the post than the article's title is, and the
section is clearly nearer the post than the reply.

Chosen on the passages labelled in seven evaluation sets (docs/drafts.md): the labelled passage is
said for 160 of 182 posts against 153 before; on the four older sets 86 of 95 against 82, on the
three written later 74 of 87 against 71. A heading far nearer the post than both the title and the
reply is said even when its text is not (`HEADING_OVER_ALL`): over every labelled set, 519 of 559
labelled passages against 518, three drafts changed.

A heading also names the case in the post's own words: "Saver rates" for "booked a saver rate by
mistake, can I still cancel it", "Early check-in" for "any chance of getting the room early?",
where MiniLM finds the reply ("Flexible rates cancel free…") or another section nearer. A section
whose heading names more of the post's words than the section said does, words that the title,
the tags and the reply never use, is said when its heading is about as near the post as the title
(`NAMED_HEADING_OVER_TITLE`). On the fourteen sets labelled with passages: 367 of 401 against 361,
none lost; over the samples, Brightline and the three real sets two drafts change, both on posts
no article fits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from assistant.kb.articles import CHUNKS_PER_VERSION, SENTENCE_BREAK, Article
from assistant.kb.cases import case_section, owed_section
from assistant.kb.lateness import _HAS_NOT_COME, _NOT_COME_HEADING, _SAID_CUT, _late_section, came_against
from assistant.text.direction import against, same_way
from assistant.text.money_told import rose
from assistant.text.needs import is_question, states_a_request
from assistant.text.problem_words import away_from_home, lacks_a_thing
from assistant.text.query import names_the_post, word_prefixes

HEADING_OVER_TITLE = 0.1  # the heading's cosine to the post at least this above the title's
SECTION_OVER_REPLY = 0.1  # and the section's (heading and text) at least this above the reply's
# A heading far nearer the post than the title and the reply both names its case, however near its
# text is: "The engineer didn't turn up" (0.66) for "took a day off work for the engineer and nobody
# came", whose section's text (0.41) is no nearer than the reply's (0.40).
HEADING_OVER_ALL = 0.2
# A heading that names the post's own words, which nothing else in the article names, is said when
# it is about as near the post as the title is: no more than this below it.
NAMED_HEADING_OVER_TITLE = -0.05
# ... and no more than this below the nearest section heading (below the reply too was tried: 3 passages of 71 sets gained, 3 lost).
NAMED_HEADING_UNDER_BEST = 0.2


def texts_of(article: Article, sections: list[tuple[int, str, str]] | None = None) -> list[str]:
    """What the choice compares with the post: the title, the reply, each headed section's heading,
    and each such section's heading with its text (`sections`: the article's, when already found)."""
    sections = _sections(article) if sections is None else sections
    return [article.title, article.reply, *(heading for _, heading, _ in sections), *(f"{heading}. {body}" for _, heading, body in sections)]


def _sections(article: Article) -> list[tuple[int, str, str]]:
    headed = [(n, *article.passage(n)) for n in article.passage_numbers()]
    return [(n, heading, body) for n, heading, body in headed if heading and body]


class PassageVectors:
    """The vectors of every article's `texts_of`, embedded once when the folder is synced (one batch,
    read from and kept in the chunk-vector cache), so choosing a passage for a post embeds nothing:
    a page of posts costs one embedding call, its own."""

    def __init__(self, lasting: Callable[[list[str]], Any]):
        self._lasting = lasting
        self._held: dict[str, Any] = {}

    def prepare(self, articles: Iterable[Article]) -> None:
        """Embed, in one call, the texts of `articles` not held yet; forget those no article has."""
        wanted = list(dict.fromkeys(text for article in articles for text in texts_of(article)))
        fresh = [text for text in wanted if text not in self._held]
        held = {text: self._held[text] for text in wanted if text in self._held}
        if fresh:
            held.update(zip(fresh, self._lasting(fresh), strict=True))
        self._held = held

    def of(self, texts: list[str]) -> Any:
        import numpy as np

        missing = [text for text in texts if text not in self._held]
        if missing:  # an article synced by another process since: embedded now, then held
            self._held.update(zip(missing, self._lasting(missing), strict=True))
        vectors = np.asarray([self._held[text] for text in texts], dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def headed_section(
    held: PassageVectors,
    query_vector: Any,
    article: Article,
    chosen: str,
    stems: Callable[[str], set[str]] | None = None,
    post: str = "",
    otherwise: str = "",
) -> str:
    """The chunk id to say from `article` for the post whose vector is `query_vector` (`_headed`),
    never a section headed for the other way of the change the post asks (`text.direction`): the
    one headed for the post's way instead, else the reply. "how do I upgrade to business" is not
    told how a downgrade works. Nor a heading for a thing that came, to a post saying it hasn't
    (`lateness.came_against`): the reply instead."""
    said = _headed(held, query_vector, article, chosen, stems, post, otherwise)
    number = said.rsplit("::", 1)[-1]
    if not post or not number.isdigit() or int(number) >= CHUNKS_PER_VERSION:
        return said
    heading = article.passage(int(number))[0]
    if came_against(heading, post):  # "meant to arrive today … nothing" is not "Arrived after the date you chose"
        return f"{article.id}::1"
    if not against(heading, post):
        return said
    same = [numbered for numbered, other, _ in _sections(article) if same_way(other, post)]
    return f"{article.id}::{same[0] if len(same) == 1 else 1}"


def _headed(
    held: PassageVectors,
    query_vector: Any,
    article: Article,
    chosen: str,
    stems: Callable[[str], set[str]] | None = None,
    post: str = "",
    otherwise: str = "",
) -> str:
    """The chunk id to say from `article` for the post whose vector is `query_vector`: the section
    whose heading names the post's case (module docstring), else `chosen`. Only for the article as
    written: a translation's chunk keeps `chosen`. `stems` (the word index's stems of a text) and
    `post` let a heading name the post's own words (`_named_section`).

    `otherwise`: the chunk to say instead when `chosen` is a section only a little nearer the post
    than the reply (`index.POINTED_SECTION_MARGIN`), unless its heading points at the post: it
    names the post's own words (`_named`), or it is `HEADING_OVER_TITLE` nearer the post than the
    title. "night footage is just a white blur" is the night-vision reply (infrared, a white haze),
    not "Picture stays black and white in the day" that MiniLM puts 0.04 ahead; "I keep getting 'something went wrong'
    when I try to like someone" is still "Something went wrong error", and "can I do an out of
    warranty replacement with a newer model" still "Replacement model" (`names_the_post`)."""
    import numpy as np

    number = chosen.rsplit("::", 1)[-1]
    if not number.isdigit() or int(number) >= CHUNKS_PER_VERSION:  # a translation's chunk
        return otherwise or chosen
    sections = _sections(article)
    if not sections:
        return otherwise or chosen
    cosines = _cosines(held, query_vector, article, sections)
    title, reply = float(cosines[0]), float(cosines[1])
    headings, whole = cosines[2 : 2 + len(sections)], cosines[2 + len(sections) :]
    best = int(np.argmax(headings))
    heading = float(headings[best])
    said = next((n for n, (numbered, _, _) in enumerate(sections) if str(numbered) == number), None)
    if otherwise and said is not None:
        pointed = (
            float(headings[said]) - title >= HEADING_OVER_TITLE
            or names_the_post(sections[said][1], post)
            or bool(stems is not None and post and _named(article, sections, stems, post)[said])
        )
        if not pointed:
            chosen, said = otherwise, None
    elif otherwise:
        chosen = otherwise
    # A heading near the post names its case, unless the section retrieval chose is nearer as a whole
    # than that heading and its section: "I didn't send the parcel in time and now the order's gone"
    # shares "parcel" with "Parcel too big for the size chosen" (heading 0.49, section 0.54), but
    # "Missed the 5 days" says what happened (0.56). "why did I pay £3.20 more than the price" is
    # still "Paid more than the item price" (0.62) over "Boosting a listing" (0.50).
    nearer = said is not None and said != best and float(whole[said]) > max(heading, float(whole[best]))
    # The one heading for the thing the post says hasn't come comes first: "client paid on monday and
    # the money still isn't in my account" is "Payout hasn't arrived", whatever words "A client paid
    # the wrong amount" shares with it.
    # (A post asking what it is owed for it keeps the section on what is owed.)
    late = _late_section(sections, post, article.title) if owed_section(sections, post) is None else None
    if late is not None:
        return f"{article.id}::{late}"
    if (
        not nearer
        and heading - title >= HEADING_OVER_TITLE
        and (float(whole[best]) - reply >= SECTION_OVER_REPLY or heading - max(title, reply) >= HEADING_OVER_ALL)
    ):
        return f"{article.id}::{sections[best][0]}"
    owed = case_section(sections, post, article.title)
    if owed is None:
        owed = _change_section(sections, post, article.title, " ".join(article.tags))
    if owed is not None:
        return f"{article.id}::{owed}"
    if stems is not None and post:
        named = _named(article, sections, stems, post)
        # A heading for what didn't come is no case of a post saying nothing is missing: "your owl is
        # sending me 6 notifications a day" is not "Reminders not coming", whatever words they share.
        if not _HAS_NOT_COME.search(post):
            named = [0 if _NOT_COME_HEADING.search(heading) else count for count, (_, heading, _) in zip(named, sections, strict=True)]
        pick = max(range(len(sections)), key=lambda n: (named[n], float(whole[n])))
        # ... and not far below another section's heading in meaning ("loud calls all day in the quiet
        # zone": "Dogs" 0.04 to the post, "Someone being noisy" 0.44).
        if (
            named[pick] > (named[said] if said is not None else 0)
            and float(headings[pick]) - title >= NAMED_HEADING_OVER_TITLE
            and float(headings[pick]) >= heading - NAMED_HEADING_UNDER_BEST
        ):
            return f"{article.id}::{sections[pick][0]}"
    return chosen


def _cosines(held: PassageVectors, query_vector: Any, article: Article, sections: list[tuple[int, str, str]]) -> Any:
    """The post's cosine to each of `texts_of(article, sections)`: title, reply, headings, sections."""
    import numpy as np

    query = np.asarray(query_vector, dtype=np.float32)
    return held.of(texts_of(article, sections)) @ (query / max(float(np.linalg.norm(query)), 1e-12))


def points_at(held: PassageVectors, query_vector: Any, article: Article, chunk: str) -> bool:
    """The chunk is a section whose heading is `HEADING_OVER_ALL` nearer the post than the article's
    title and reply both: it names the post's case, however the post tells it ("client only paid
    £400 of a £500 invoice" and "A client paid the wrong amount": 0.64 against 0.23 and 0.35)."""

    number = chunk.rsplit("::", 1)[-1]
    if not number.isdigit() or int(number) >= CHUNKS_PER_VERSION:
        return False
    sections = _sections(article)
    said = next((n for n, (numbered, _, _) in enumerate(sections) if str(numbered) == number), None)
    if said is None:
        return False
    cosines = _cosines(held, query_vector, article, sections)
    return float(cosines[2 + said]) - max(float(cosines[0]), float(cosines[1])) >= HEADING_OVER_ALL


# Asking to change a thing, in the words people use for it ("can I move my delivery to saturday",
# "need to reschedule", "rearrange the visit", "push it back a week"): a heading that says
# "Changing your delivery date" names it.
_CHANGE_ASK = re.compile(
    r"\b(?:move|reschedul\w*|rearrang\w*|rebook\w*|amend\w*|alter|push\s+(?:it|this|that|the\s+\w+)\s+back|bring\s+(?:it|this|that|the\s+\w+)\s+forward"
    # ... or to go from one plan, tariff or option to another: "can I go from self to monitored",
    # "switch to the annual plan", "swap my contract", "downgrade to basic".
    r"|switch\w*|swap\w*|upgrad\w*|downgrad\w*|(?:go|going|move|moving|change|changing)\s+from\s+(?:the\s+|my\s+)?[\w-]+\s+(?:plan\s+|tariff\s+)?to)\b",
    re.I,
)


# A heading for making that change ("Move or cancel an appointment", "Changing your delivery date",
# "Switching plans"): said for a post asking for it ("need to move my eye test tomorrow"), however
# far MiniLM puts its words (0.17 against the title's 0.66), when whatever else the heading names
# the post or the article's title and tags name too (an appointment is what "Booking an eye test"
# is about). Only one such section, as for lateness.
_CHANGE_HEADING = re.compile(
    r"^\s*(?:chang(?:e|ing)|mov(?:e|ing)|reschedul\w*|rearrang\w*|rebook\w*|amend\w*|alter(?:ing)?|switch(?:ing)?|swap(?:ping)?|postpon\w*|upgrad\w*|downgrad\w*)\b",
    re.I,
)
_CHANGE_WORDS = word_prefixes(
    "change changing move moving reschedule rearrange rebook amend alter altering switch switching swap swapping postpone upgrade "
    "upgrading downgrade downgrading cancel cancelling canceling your the my our a an or and to from "
    # ... and what moving a thing changes: "Changing your delivery date" for "can I move my delivery to saturday".
    "date dates time times day days slot when"
)


def _change_section(sections: list[tuple[int, str, str]], post: str, title: str, tags: str = "") -> int | None:
    """The one section headed for the change a clause of the post asks for (`_CHANGE_ASK`, asked or
    requested), whose other words the post or the article's `title` and `tags` name. Not in an
    article whose title is itself for the change ("Changing your booking"): its reply answers the
    change, its sections other cases of it ("Changing the guest's name")."""
    if _CHANGE_HEADING.search(title):
        return None
    if not any(_CHANGE_ASK.search(clause) and (is_question(clause) or states_a_request(clause)) for clause in _SAID_CUT.split(post)):
        return None
    named = word_prefixes(f"{post} {title} {tags}")
    found = [number for number, heading, _ in sections if _CHANGE_HEADING.search(heading) and word_prefixes(heading) - _CHANGE_WORDS <= named]
    return found[0] if len(found) == 1 else None


# An amount that went up (`text.money_told.rose`): a heading that says "A bill higher than
# usual", "Price increases" or "Why your payment rose" names it.
_RISE_WORDS = "higher increase increases increased rise rises rose more up"


# Something that goes on arriving when the customer doesn't want it ("sold the car 2 years ago and
# I still get MOT reminders", "keep getting emails from you", "won't stop texting me"): a heading
# that says "Stopping reminders" or "Unsubscribe from emails" names it.
_UNWANTED = re.compile(
    r"\b(?:still|keep|keeps|kept|constantly)\s+(?:getting|get|gets|receiving|receive|being\s+sent)\b|\b(?:won'?t|doesn'?t|don'?t|never)\s+stop\s+(?:sending|texting|emailing|calling|ringing)\b",
    re.I,
)
_STOPPING_WORDS = "stop stopping turn off unsubscribe opt out"


# A thing the customer no longer has (`text.problem_words.lacks_a_thing`) is named by a heading
# that says "Email address changed" or an opening "Can't reach the email you subscribed with?".
_LACKING_WORDS = "changed change reach access longer"


# A span of time tells how long something took or was had ("returned my mattress a week ago",
# "coming apart after 8 months", "waited in all day"), not which case it is: "Your body needs a few weeks" and "the
# normal softening of foam over the first months" are no more the post's case for sharing its unit.
# A unit that names a thing stays ("a yearly renewal I forgot about" and "We refund a yearly plan").
_DURATION = re.compile(
    r"\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|couple(?:\s+of)?|several|some|many|all|every|each)\s+"
    r"(?:(?:working|business|full|whole|calendar|clear)\s+)?(?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|fortnights?|months?|years?|yrs?)\b",
    re.I,
)


def _named(article: Article, sections: list[tuple[int, str, str]], stems: Callable[[str], set[str]], post: str) -> list[int]:
    """For each section, how many of the post's words its heading or its first sentence names that
    the title, the tags and the reply don't, or its later sentences that no other section does:
    "Saver rates" names "saver" of "booked a saver rate by mistake, can I still cancel it" (the
    reply speaks of flexible rates), "Email address changed"
    nothing of "the reset email hasn't come" (the reply speaks of the reset email). Editors put the
    case a section answers in its heading or open its text with it: "Punctures" opens "Most
    punctures in the middle of the tread can be repaired", which names "repaired" of "got a screw
    in my tyre, can it be repaired"."""
    asked = stems(_DURATION.sub(" ", post)) | (stems("change") if _CHANGE_ASK.search(post) else set()) | (stems(_RISE_WORDS) if rose(post) else set())
    asked |= stems(_STOPPING_WORDS) if _UNWANTED.search(post) else set()
    asked |= stems(_LACKING_WORDS) if lacks_a_thing(post) else set()
    elsewhere = stems(f"{article.title} {' '.join(article.tags)} {article.reply}")
    away = away_from_home(post)
    # A section's own spans of time name no case either: "replies within 3 working days", "every day".
    texts = [(heading, _DURATION.sub(" ", body)) for _, heading, body in sections]
    opening = [(stems(heading) | stems(SENTENCE_BREAK.split(body, maxsplit=1)[0])) - elsewhere for heading, body in texts]
    whole = [stems(f"{heading} {body}") - elsewhere for heading, body in texts]
    counts = []
    for n in range(len(sections)):
        # ... or, further in, says of the post's words and no other section does: "Nor are glass,
        # bulbs and filters after 6 months" names "glass" of "the glass shelf cracked after 8
        # months, is that covered" for "What the guarantee doesn't cover", not "Extending your cover".
        only_here = whole[n] - set().union(*(whole[m] for m in range(len(sections)) if m != n))
        # A customer who wasn't in is named by a heading saying so ("Delivery while you're out", "Nobody home").
        counts.append(len(opening[n] & asked) + len((only_here - opening[n]) & asked) + (away and away_from_home(sections[n][1], heading=True)))
    return counts
