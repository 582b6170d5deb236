"""What retrieval found for a post: the articles, best first, with the no-match verdict decided on
the same evidence, and, for a post asking several things, the article answering each."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from assistant.kb.articles import CHUNKS_PER_VERSION, Article
from assistant.kb.decision import Decision, Verdict, as_decision
from assistant.kb.evidence import Evidence, Hit, Thresholds
from assistant.text.hazard import REPORTED, speaks_of


@dataclass(frozen=True)
class PartAnswer:
    """One question of a post that asks several, and the article that answers it."""

    part: str
    article_id: str
    confidence: float
    chunk_id: str = ""  # the article's passage closest to this need ("article::number")


@dataclass(frozen=True)
class Grounding:
    """The articles retrieved for a post, best first, with their scores, and the no-match verdict
    (`Knowledge.ground` decides it from the full evidence; otherwise it is decided from the hits).
    `answers` is set when the post asks two or three things that different articles answer."""

    hits: list[Hit]
    articles: dict[str, Article]
    decision: Decision | Thresholds
    verdict: Verdict | None = None
    answers: tuple[PartAnswer, ...] = ()
    read_as: str = ""  # the post in English, when the translation step read it (`kb.translation`)
    said: dict[str, str] = field(default_factory=dict)  # article → the chunk to say, where not its closest (`KnowledgeIndex.passage`)
    # The chunks said whose heading names the post's case far more than the article's title and
    # reply do (`kb.passages.points_at`): said even to a post that tells no fault in words.
    pointed: frozenset[str] = frozenset()

    @property
    def decided(self) -> Verdict:
        return self.verdict or as_decision(self.decision).decide(Evidence.of_hits(self.hits))

    @property
    def matched(self) -> list[tuple[Article, float]]:
        """Articles to answer from (at most three), best first, with their confidence; none when
        the post is not answerable. The best-ranked article leads; runners-up must pass the
        decision's floor themselves."""
        if not self.decided.answerable:
            return []
        decision = as_decision(self.decision)
        best, rest = self.hits[0], self.hits[1:3]
        chosen = [(answer.article_id, answer.confidence) for answer in self.answers]
        chosen += [(hit.article_id, hit.confidence) for hit in [best] + [hit for hit in rest if decision.passes(hit)]]
        ids = list(dict.fromkeys(article_id for article_id, _ in chosen if article_id in self.articles))[:3]
        confidence = dict(reversed(chosen))  # an article's first (best) confidence
        return [(self.articles[article_id], confidence[article_id]) for article_id in ids]

    def for_a_hazard(self, kind: str) -> Grounding:
        """The same grounding with only the articles that themselves speak of hazards of `kind`
        (`text.hazard.speaks_of`): what may answer a post reporting one. Not answerable when none
        was found."""

        def safe(article_id: str) -> bool:
            article = self.articles.get(article_id)
            return article is not None and speaks_of(kind, " ".join([article.title, *article.tags, article.reply, article.body]))

        kept = [hit for hit in self.hits if safe(hit.article_id)]
        answers = tuple(answer for answer in self.answers if safe(answer.article_id))
        said = {article_id: _of_the_hazard(self.articles[article_id], chunk_id, kind) for article_id, chunk_id in self.passages.items() if safe(article_id)}
        if kept == self.hits and answers == self.answers and said == {a: c for a, c in self.passages.items() if a in said}:
            return self
        verdict = self.decided if kept else Verdict(False, f"{REPORTED[kind]} is reported, and no article about it answers it")
        return replace(self, hits=kept, answers=answers if len(answers) > 1 else (), verdict=verdict, said={**self.said, **said})

    @property
    def passages(self) -> dict[str, str]:
        """For each article found, the chunk closest to what the post (or its need) asks."""
        chosen = {hit.article_id: hit.chunk_id for hit in self.hits if hit.chunk_id}
        chosen.update(self.said)
        chosen.update({answer.article_id: answer.chunk_id for answer in self.answers if answer.chunk_id})
        return chosen

    @property
    def answering(self) -> list[tuple[Article, float, str]]:
        """For a post asking several things: each question's article, its confidence and the
        question, in the order asked (empty for a post asking one thing)."""
        return [(self.articles[a.article_id], a.confidence, a.part) for a in self.answers if a.article_id in self.articles]


def _of_the_hazard(article: Article, chunk_id: str, kind: str) -> str:
    """The passage of `article` to say for a post reporting a hazard of `kind`: the one chosen when
    it speaks of the hazard, else a section headed for it ("In danger now" for "someone keeps
    turning up outside my work, I'm scared", not "Meeting safely", which MiniLM put nearer)."""
    number = chunk_id.rsplit("::", 1)[-1]
    if not number.isdigit():
        return chunk_id
    about_it = speaks_of(kind, f"{article.title} {' '.join(article.tags)}")
    if about_it and (kind == "doubted" or int(number) % CHUNKS_PER_VERSION == 1):
        # An article all about the hazard answers it in its reply ("We never ask for your bank details
        # by email …" for an email asking for them), and a doubted message from any passage; a
        # section chosen for a danger must be the one on it ("In danger now", not "Meeting safely").
        return chunk_id
    heading, text = article.passage(int(number))
    if speaks_of(kind, f"{heading} {text or article.reply}"):
        return chunk_id
    headed = [n for n in article.passage_numbers() if speaks_of(kind, article.passage(n)[0])]
    if headed:
        return f"{article.id}::{headed[0]}"
    # ... else its reply when that speaks of it ("We never ask for your master password by email").
    reply = int(number) // CHUNKS_PER_VERSION * CHUNKS_PER_VERSION + 1  # the reply of the version the chunk is in
    return f"{article.id}::{reply}" if speaks_of(kind, article.reply) else chunk_id
