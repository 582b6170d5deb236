"""Drafts from any OpenAI-compatible chat endpoint through langchain-openai, grounded in the articles.

The post goes in as quoted data inside a fixed template; the model gets no tools. Whatever the model
answers is checked; anything off (bad JSON, an invented citation, too long, a timeout) falls back to the
offline drafter with a visible flag, so every ticket still gets a card.
"""

from __future__ import annotations

import json
import time
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator

from assistant.conversation import History
from assistant.drafting.checks import split_into_thread
from assistant.drafting.draft import Citation, Draft, Grounding, Usage
from assistant.drafting.limits import X_LIMIT, fits_x, x_weighted_length
from assistant.drafting.offline import OfflineDrafter
from assistant.drafting.prompts import Prompts
from assistant.posts import Post
from assistant.posts import one_line
from assistant.triage import Triage



class LLMAnswer(BaseModel):
    """The structured answer the model must give (validated; anything else is rejected)."""

    reply: str = Field(description="The public reply, starting with @handle.", max_length=2000)
    cited: list[str] = Field(description="Ids of the articles the reply is based on.", max_length=5)
    needs_dm: bool = Field(description="True when the answer needs the customer's private details.")
    dm_text: str = Field(default="", description="When needs_dm: the DM that carries the answer.", max_length=4000)
    confidence: float = Field(default=0.5, description="How sure the articles answer the post, from 0 to 1.")
    risk_notes: list[str] = Field(default_factory=list, description="Anything the agent should double-check.", max_length=5)

    @field_validator("confidence", mode="after")
    @classmethod
    def _clamped(cls, value: float) -> float:
        """Small models answer 1.5 or 85: 2 to 100 is read as a percentage, anything else outside 0..1 is clamped."""
        if value != value:  # NaN
            return 0.0
        if value > 1.0:
            value = value / 100.0 if 2.0 <= value <= 100.0 else 1.0
        return min(1.0, max(0.0, value))


# A reply (at most 2,000 characters), a DM (at most 4,000) and the rest fit in this many tokens.
MAX_TOKENS = 1200


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
        max_tokens: int = MAX_TOKENS,
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
            # Always bounded: a small model left unbounded runs on until the timeout. langchain-openai
            # sends OpenAI's newer `max_completion_tokens`, which other OpenAI-compatible servers
            # (llama.cpp's among them) ignore; they get the classic `max_tokens` instead.
            **({"extra_body": {"max_tokens": max_tokens}} if base_url else {"max_tokens": max_tokens}),
        )
        # Structured output: the schema goes to the model; the answer comes back parsed and validated.
        self.structured = self.chat.with_structured_output(LLMAnswer, method="json_schema", include_raw=True)
        self.fallback = OfflineDrafter(prompts)
        self.name = f"llm:{model}"

    def draft(self, post: Post, triage: Triage, grounding: Grounding, history: History | None = None) -> Draft:
        matched = grounding.matched
        if history is not None and history.replies:
            matched = history.fresh(matched)  # what we already sent is not offered again
        if triage.intent == "spam" or not matched:
            # Nothing (new) to ground a reply in: no model call, the offline drafter says why.
            return self.fallback.draft(post, triage, grounding, history)
        started = time.monotonic()
        try:
            answer, tokens = self._ask(post, matched, history)
            if not answer.cited and not answer.reply.strip():
                # The model said, as asked, that no article answers the post: a no-match card, not an error.
                flag = "no match: the model found no answer to this post in the articles it was given; write a reply or escalate"
                return Draft("", [], self.name, no_match=True, flags=[flag], usage=Usage(self.model, int((time.monotonic() - started) * 1000), *tokens))
            draft = self._check(answer, post, matched)
        except LLMDraftRejected as exc:
            return self._fall_back(post, triage, grounding, f"LLM draft rejected: {exc}", history)
        except (ValidationError, ValueError) as exc:  # the client parses the schema itself and may raise
            reason = f"the answer was not the JSON asked for ({type(exc).__name__})"
            return self._fall_back(post, triage, grounding, f"LLM draft rejected: {reason}", history)
        except Exception as exc:  # network, timeout, 429 after retries, provider errors
            return self._fall_back(post, triage, grounding, f"LLM unavailable: {_why(exc)}", history)
        draft.usage = Usage(self.model, int((time.monotonic() - started) * 1000), *tokens)
        draft.notes = [one_line(note, 300) for note in answer.risk_notes if note.strip()]
        if answer.confidence < 0.5:
            draft.flags.append(f"the model is unsure these articles answer the post (confidence {answer.confidence:.2f})")
        return draft

    def _ask(self, post: Post, matched: list[tuple[Any, float]], history: History | None = None) -> tuple[LLMAnswer, tuple[int, int]]:
        from langchain_core.messages import HumanMessage, SystemMessage

        articles = "\n".join(
            json.dumps({"id": a.id, "title": a.title, "reply": a.reply, "url": a.url, "private": a.private, "details": a.body[:1200]})
            for a, _ in matched[:3]
        )
        # Everything the customer controls (post, handle, display name) goes in JSON-quoted, on one
        # line, capped: it can't close the quote markers or fake a new section. Personal data was
        # masked when the post arrived, so none of it leaves for the model.
        handle = json.dumps("@" + one_line(post.author_handle, 64, masked=False), ensure_ascii=False)
        name = json.dumps(one_line(post.author_name, 64), ensure_ascii=False)
        system = self.prompts.system.format(brand=self.brand, platform=post.platform, voice=self.prompts.voice, max_chars=X_LIMIT, handle=handle)
        quoted = json.dumps(post.text, ensure_ascii=False)
        conversation = (history or History()).quoted()
        user = self.prompts.user.format(articles=articles, handle=handle, name=name, post=quoted, conversation=conversation)
        result = self.structured.invoke([SystemMessage(system), HumanMessage(user)])
        raw, answer = result.get("raw"), result.get("parsed")
        if answer is None:
            error = result.get("parsing_error")
            raise LLMDraftRejected(f"the answer was not the JSON asked for ({type(error).__name__ if error else 'empty'})")
        usage = getattr(raw, "usage_metadata", None) or {}
        return answer, (int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0)))

    def _check(self, answer: LLMAnswer, post: Post, matched: list[tuple[Any, float]]) -> Draft:
        given = {article.id: (article, score) for article, score in matched[:3]}
        invented = [cited for cited in answer.cited if cited not in given]
        if invented:
            raise LLMDraftRejected(f"it cites {', '.join(one_line(cited, 40) for cited in invented)}, which it was not given")
        if not answer.reply.strip() or not answer.cited:
            raise LLMDraftRejected("it wrote a reply without citing an article" if answer.reply.strip() else "it cited articles but wrote no reply")
        text = " ".join(answer.reply.split())
        if not fits_x(text):
            # Too long for one post: numbered parts, cut only between sentences; else the offline draft.
            threaded = split_into_thread(text, post.platform)
            if threaded is None:
                raise LLMDraftRejected(f"it is {x_weighted_length(text)} weighted characters and a sentence alone is too long for X")
            text = threaded
        citations = [Citation(cid, given[cid][0].title, given[cid][0].url, given[cid][1]) for cid in answer.cited]
        dm = answer.dm_text.strip() if answer.needs_dm else ""
        return Draft(text, citations, self.name, dm_text=dm)

    def _fall_back(self, post: Post, triage: Triage, grounding: Grounding, reason: str, history: History | None = None) -> Draft:
        draft = self.fallback.draft(post, triage, grounding, history)
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
