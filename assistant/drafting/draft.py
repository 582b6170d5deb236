"""What a drafter returns, and the protocol every drafter follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from assistant.kb.articles import Article
from assistant.kb.index import Hit
from assistant.posts import Post
from assistant.triage import Triage


@dataclass(frozen=True)
class Citation:
    article_id: str
    title: str
    url: str
    score: float

    def as_dict(self) -> dict[str, object]:
        return {"article_id": self.article_id, "title": self.title, "url": self.url, "score": self.score}


@dataclass
class Draft:
    text: str
    citations: list[Citation]
    drafter: str
    no_match: bool = False
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Grounding:
    """The articles retrieved for a post, best first, with their scores."""

    hits: list[Hit]
    articles: dict[str, Article]
    threshold: float

    @property
    def matched(self) -> list[tuple[Article, float]]:
        return [
            (self.articles[hit.article_id], hit.score)
            for hit in self.hits
            if hit.score >= self.threshold and hit.article_id in self.articles
        ]


class Drafter(Protocol):
    name: str

    def draft(self, post: Post, triage: Triage, grounding: Grounding) -> Draft: ...
