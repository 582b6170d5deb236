"""What a drafter returns, and the protocol every drafter follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from assistant.conversation import History

from assistant.drafting.problem import Problem
from assistant.kb.grounding import Grounding
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
class Usage:
    """What one model call cost, recorded per draft."""

    model: str
    latency_ms: int
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass
class Draft:
    """A proposed public reply (and, when the answer needs private details, a DM carrying it)."""

    text: str
    citations: list[Citation]
    drafter: str
    no_match: bool = False
    flags: list[str] = field(default_factory=list)  # information for the agent
    dm_text: str = ""
    problems: list[Problem] = field(default_factory=list)  # failed checks: they block Approve
    usage: Usage | None = None
    notes: list[str] = field(default_factory=list)  # the model's own risk notes: its words, checked, never guidance
    calls: list[Any] = field(default_factory=list)  # every model request made for it (`llm.ModelCall`), accepted or not


class Drafter(Protocol):
    name: str

    def draft(self, post: Post, triage: Triage, grounding: Grounding, history: History | None = None) -> Draft: ...
