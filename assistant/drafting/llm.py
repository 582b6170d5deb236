"""Drafts from any OpenAI-compatible chat endpoint through langchain-openai, grounded in the articles.

The post goes in as quoted data inside a fixed template; the model gets no tools. Whatever the model
answers is checked; anything off (bad JSON, an invented citation, too long, a timeout) falls back to the
offline drafter with a visible flag, so every ticket still gets a card.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from assistant.drafting.draft import Citation, Draft, Grounding
from assistant.drafting.limits import X_LIMIT, fits_x, x_weighted_length
from assistant.drafting.offline import OfflineDrafter
from assistant.drafting.prompts import Prompts
from assistant.posts import Post
from assistant.triage import Triage

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")
_LINK = re.compile(r"https?://\S+")


class LLMAnswer(BaseModel):
    reply: str = Field(max_length=2000)
    cited: list[str] = Field(default_factory=list, max_length=5)
    needs_dm: bool = False


class LLMDraftRejected(Exception):
    pass


class LLMDrafter:
    name = "llm"

    def __init__(
        self,
        prompts: Prompts,
        *,
        api_key: str,
        model: str,
        base_url: str = "",
        timeout: float = 20.0,
        max_retries: int = 2,
        brand: str = "our company",
    ):
        from langchain_openai import ChatOpenAI

        self.prompts = prompts
        self.brand = brand
        self.model = model
        self.chat = ChatOpenAI(
            model=model,
            api_key=api_key,
            base_url=base_url or None,
            timeout=timeout,
            max_retries=max_retries,
            temperature=0.2,
        )
        self.fallback = OfflineDrafter(prompts)
        self.name = f"llm:{model}"

    def draft(self, post: Post, triage: Triage, grounding: Grounding) -> Draft:
        matched = grounding.matched
        if triage.intent == "spam" or not matched:
            # Nothing to ground a reply in: no model call, the offline drafter says why.
            return self.fallback.draft(post, triage, grounding)
        started = time.monotonic()
        try:
            answer = self._ask(post, matched)
            draft = self._check(answer, post, matched)
        except LLMDraftRejected as exc:
            return self._fall_back(post, triage, grounding, f"LLM draft rejected: {exc}")
        except Exception as exc:  # network, timeout, 429 after retries, provider errors
            return self._fall_back(post, triage, grounding, f"LLM unavailable: {_why(exc)}")
        draft.flags.append(f"drafted by {self.model} in {time.monotonic() - started:.1f}s")
        return draft

    def _ask(self, post: Post, matched: list[tuple[Any, float]]) -> LLMAnswer:
        from langchain_core.messages import HumanMessage, SystemMessage

        articles = "\n".join(
            json.dumps({"id": a.id, "title": a.title, "reply": a.reply, "url": a.url, "details": a.body[:1200]})
            for a, _ in matched[:3]
        )
        system = self.prompts.system.format(
            brand=self.brand, platform=post.platform, voice=self.prompts.voice, max_chars=X_LIMIT, handle=post.author_handle
        )
        # The post is JSON-escaped so it cannot close the quote markers or fake a new section.
        quoted = json.dumps(post.text, ensure_ascii=False)
        user = self.prompts.user.format(articles=articles, handle=post.author_handle, post=quoted)
        response = self.chat.invoke([SystemMessage(system), HumanMessage(user)])
        content = response.content if isinstance(response.content, str) else json.dumps(response.content)
        try:
            return LLMAnswer.model_validate(json.loads(_FENCE.sub("", content.strip())))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise LLMDraftRejected(f"the answer was not the JSON asked for ({type(exc).__name__})") from None

    def _check(self, answer: LLMAnswer, post: Post, matched: list[tuple[Any, float]]) -> Draft:
        given = {article.id: (article, score) for article, score in matched[:3]}
        invented = [cited for cited in answer.cited if cited not in given]
        if invented:
            raise LLMDraftRejected(f"it cites {', '.join(invented)}, which it was not given")
        if not answer.reply.strip() or not answer.cited:
            raise LLMDraftRejected("it found no answer in the articles")
        text = " ".join(answer.reply.split())
        allowed = {given[cited][0].url for cited in answer.cited}
        foreign = [link for link in _LINK.findall(text) if link.rstrip(".,)") not in allowed]
        if foreign:
            raise LLMDraftRejected("it links to pages outside the cited articles")
        if not fits_x(text):
            raise LLMDraftRejected(f"it is {x_weighted_length(text)} weighted characters; X allows {X_LIMIT}")
        citations = [Citation(cid, given[cid][0].title, given[cid][0].url, given[cid][1]) for cid in answer.cited]
        return Draft(text, citations, self.name)

    def _fall_back(self, post: Post, triage: Triage, grounding: Grounding, reason: str) -> Draft:
        draft = self.fallback.draft(post, triage, grounding)
        draft.flags.insert(0, reason + "; this is the offline draft")
        return draft


def _why(exc: Exception) -> str:
    """A short, human reason for a failed model call (the client wraps errors in its own classes)."""
    names = " ".join(cls.__name__ for cls in type(exc).__mro__)
    status = getattr(exc, "status_code", None)
    if "RateLimit" in names:
        return "rate limited (429)"
    if "Timeout" in names:
        return "timed out"
    if "APIConnectionError" in names:
        return "cannot connect"
    if status:
        return f"server error {status}"
    return type(exc).__name__
