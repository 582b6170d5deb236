"""Drafts from any OpenAI-compatible chat endpoint through langchain-openai, grounded in the articles.

The post goes in as quoted data inside a fixed template; the model gets no tools. Whatever the model
answers is checked; anything off (bad JSON, an invented citation, too long, a timeout) falls back to the
offline drafter with a visible flag, so every ticket still gets a card.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator

from assistant.conversation import History
from assistant.drafting.draft import Citation, Draft, Usage
from assistant.drafting.length import split_into_thread
from assistant.drafting.offline import OfflineDrafter
from assistant.drafting.prompts import Prompts
from assistant.kb.articles import version_for
from assistant.kb.grounding import Grounding
from assistant.language import detect
from assistant.platforms import DEFAULT, Platforms
from assistant.posts import Post, one_line
from assistant.retrying import attempts, doubling
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
# How the answer is asked for, best first. A server that refuses one is asked the next way, and that
# is remembered by the drafter (one per server and process): json_schema (validated by the server), JSON mode with
# the keys described in the prompt (validated here), plain text in a fixed format (parsed here).
MODES = ("json_schema", "json_mode", "text")
MODE_NAMES = {"json_schema": "JSON schema", "json_mode": "JSON mode", "text": "plain text"}
_REFUSED = {400, 404, 415, 422, 500, 501}  # what servers answer to a response format they don't support
_RETRIED = {429, 502, 503, 504}  # busy or restarting: worth another try (never after a timeout)

# Added only for a post asking several things, so every other prompt stays as the prompts folder has it.
SEVERAL_QUESTIONS = (
    'The customer asked several things; each article marked "answers_question" answers one of them. '
    "Answer each question from its article, in the order asked, and cite every article you use."
)
# Added only on a network without direct messages (a review site reached through the webhook).
NO_DIRECT_MESSAGES = (
    '{platform} has no direct messages we can send. For a "private": true article, the reply asks the customer not to post '
    'their details here and gives the article\'s "url"; "needs_dm" is false and "dm_text" is "".'
)
PLAIN_FORMAT = """Your answer cannot be JSON here. Answer in plain text, in exactly these four lines:
REPLY: followed by the public reply, on one line
CITED: followed by the ids of the articles you used, separated by commas, or NONE
NEEDS_DM: followed by YES or NO
DM: followed by the DM text, or nothing"""


class LLMDraftRejected(Exception):
    """A model answer that can't be used. The message (for the card) may quote the model; `reason`
    is the kind of failure, the same words every time, for grouping in `stats` and `draft-eval`."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or message


def _without_limits(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {key: _without_limits(value) for key, value in schema.items() if key not in ("maxLength", "maxItems", "minimum", "maximum")}
    if isinstance(schema, list):
        return [_without_limits(value) for value in schema]
    return schema


class _Refused(Exception):
    """The server refused the way the answer was asked for."""


@dataclass
class ModelCall:
    """One request to the model, whatever came of it: what `stats` and `draft-eval` count."""

    model: str
    mode: str
    latency_ms: int
    prompt_tokens: int = 0
    completion_tokens: int = 0
    outcome: str = "failed"  # accepted, no answer, rejected, unsupported, failed
    reason: str = ""


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
        seed: int | None = None,
        platforms: Platforms = DEFAULT,
    ):
        from langchain_openai import ChatOpenAI

        self.prompts = prompts
        self.platforms = platforms
        self.brand = brand
        self.model = model
        self.timeout = timeout
        self.max_retries = max_retries
        self.server = f"{base_url or 'https://api.openai.com/v1'}|{model}"
        self.chat = ChatOpenAI(
            model=model,
            api_key=api_key,
            base_url=base_url or None,
            timeout=timeout,
            max_retries=0,  # retried here, and never after a timeout: that request may still be running
            temperature=0.2,
            seed=seed,
            # Always bounded: a small model left unbounded runs on until the timeout. langchain-openai
            # sends OpenAI's newer `max_completion_tokens`, which other OpenAI-compatible servers
            # (llama.cpp's among them) ignore; they get the classic `max_tokens` instead.
            **({"extra_body": {"max_tokens": max_tokens}} if base_url else {"max_tokens": max_tokens}),
        )
        self.fallback = OfflineDrafter(prompts, platforms)
        self._mode = 0  # the first of MODES this server has not refused (only ever moves on)
        self._mode_lock = threading.Lock()
        self.name = f"llm:{model}"

    @property
    def mode(self) -> str:
        """The way the answer is asked for now, for this server."""
        with self._mode_lock:
            return MODES[self._mode]

    def draft(self, post: Post, triage: Triage, grounding: Grounding, history: History | None = None) -> Draft:
        matched = grounding.matched
        if history is not None and history.replies:
            matched = history.fresh(matched)  # what we already sent is not offered again
        if triage.intent == "spam" or not matched:
            # Nothing (new) to ground a reply in: no model call, the offline drafter says why.
            return self.fallback.draft(post, triage, grounding, history)
        # Each article in the customer's language when it has a translation: the model answers from that text.
        language = detect(post.text)
        matched = [(version_for(article, language, grounding.passages.get(article.id, "")), score) for article, score in matched]
        calls: list[ModelCall] = []
        try:
            questions = {article.id: part for article, _, part in grounding.answering}
            answer = self._ask(post, matched, history, calls, questions)
            if not answer.cited and not answer.reply.strip():
                # The model said, as asked, that no article answers the post: a no-match card, not an error.
                calls[-1].outcome = "no answer"
                flag = "no match: the model found no answer to this post in the articles it was given; write a reply or escalate"
                draft = Draft("", [], self.name, no_match=True, flags=[flag])
            else:
                draft = self._check(answer, post, matched)
                calls[-1].outcome = "accepted"
        except LLMDraftRejected as exc:
            if calls:
                calls[-1].outcome, calls[-1].reason = "rejected", exc.reason
            return self._fall_back(post, triage, grounding, f"LLM draft rejected: {exc}", history, calls)
        except Exception as exc:  # network, timeout, 429 after retries, provider errors
            reason = calls[-1].reason if calls and calls[-1].reason else _why(exc, self.timeout)
            return self._fall_back(post, triage, grounding, f"LLM unavailable: {reason}", history, calls)
        last = calls[-1]
        draft.usage = Usage(self.model, sum(c.latency_ms for c in calls), sum(c.prompt_tokens for c in calls), sum(c.completion_tokens for c in calls))
        draft.calls = calls
        if draft.text:
            draft.notes = [one_line(note, 300) for note in answer.risk_notes if note.strip()]
            if answer.confidence < 0.5:
                draft.flags.append(f"the model is unsure these articles answer the post (confidence {answer.confidence:.2f})")
        if last.mode != MODES[0]:
            draft.flags.append(f"the model answered in {MODE_NAMES[last.mode]} (its server does not support {MODE_NAMES[MODES[0]]})")
        return draft

    def _messages(self, post: Post, matched: list[tuple[Any, float]], history: History | None, mode: str, questions: dict[str, str] | None = None) -> list[Any]:
        from langchain_core.messages import HumanMessage, SystemMessage

        # A post asking several things: each article says which of the customer's questions it
        # answers (their words, JSON-quoted like the post).
        articles = "\n".join(
            json.dumps(
                {"id": a.id, "title": a.title, "reply": a.reply, "url": a.url, "private": a.private, "details": a.body[:1200]}
                | ({"answers_question": questions[a.id]} if questions and a.id in questions else {}),
                ensure_ascii=False,  # a translation's letters as letters, not escapes a small model copies
            )
            for a, _ in matched[:3]
        )
        # Everything the customer controls (post, handle, display name) goes in JSON-quoted, on one
        # line, capped: it can't close the quote markers or fake a new section. Personal data was
        # masked when the post arrived, so none of it leaves for the model.
        handle = json.dumps("@" + one_line(post.author_handle, 64, masked=False), ensure_ascii=False)
        name = json.dumps(one_line(post.author_name, 64), ensure_ascii=False)
        rules = self.platforms(post.platform)
        system = self.prompts.system.format(brand=self.brand, platform=rules.title, voice=self.prompts.voice, max_chars=rules.limit, handle=handle)
        quoted = json.dumps(post.text, ensure_ascii=False)
        conversation = (history or History()).quoted()
        language = detect(post.text)
        user = self.prompts.user.format(
            articles=articles,
            handle=handle,
            name=name,
            post=quoted,
            conversation=conversation,
            language=language.name if language else "the customer's language",
        )
        if questions:
            user += "\n\n" + SEVERAL_QUESTIONS
        if not rules.can_dm:
            user += "\n\n" + NO_DIRECT_MESSAGES.format(platform=rules.title)
        if mode == "text":
            user += "\n\n" + PLAIN_FORMAT
        return [SystemMessage(system), HumanMessage(user)]

    def _ask(self, post: Post, matched: list[tuple[Any, float]], history: History | None, calls: list[ModelCall], questions: dict[str, str]) -> LLMAnswer:
        """Ask the best way this server supports; a refused way is recorded, remembered and the next tried."""
        while True:
            mode = self.mode
            try:
                return self._call(mode, self._messages(post, matched, history, mode, questions), calls, [article.id for article, _ in matched[:3]])
            except _Refused:
                if mode == MODES[-1]:
                    raise
                with self._mode_lock:
                    self._mode = max(self._mode, MODES.index(mode) + 1)

    def _call(self, mode: str, messages: list[Any], calls: list[ModelCall], ids: list[str] | None = None) -> LLMAnswer:
        """One answer, retried while the server is busy; every request is recorded in `calls`. `ids`:
        the articles given, which JSON mode's schema allows as the only citations."""
        runnable: Any = {
            "json_schema": lambda: self.chat.with_structured_output(LLMAnswer, method="json_schema", include_raw=True),
            # The keys go in the prompt; servers that constrain JSON mode with a schema (llama.cpp's)
            # also get one without length limits (its grammar chokes on maxLength): checked here instead.
            "json_mode": lambda: self.chat.bind(response_format={"type": "json_object", "schema": loose_schema(ids or [])}),
            "text": lambda: self.chat,
        }[mode]()
        for attempt in attempts(doubling(self.max_retries)):
            started = time.monotonic()
            call = ModelCall(self.model, mode, 0)
            calls.append(call)
            try:
                result = runnable.invoke(messages)
            except ValidationError as exc:  # the client validates a JSON schema answer itself
                call.latency_ms = int((time.monotonic() - started) * 1000)
                return _invalid(exc)
            except Exception as exc:
                call.latency_ms = int((time.monotonic() - started) * 1000)
                status = getattr(exc, "status_code", None)
                if status in _REFUSED and mode != MODES[-1] and not _is_timeout(exc):
                    call.outcome, call.reason = "unsupported", f"the server doesn't support {MODE_NAMES[mode]} (server error {status})"
                    raise _Refused() from exc
                call.reason = _why(exc, self.timeout)
                if status in _RETRIED or _is_connection(exc):
                    if attempt < self.max_retries:
                        continue  # the server is busy: again, after a wait
                raise
            call.latency_ms = int((time.monotonic() - started) * 1000)
            raw = result.get("raw") if isinstance(result, dict) else result
            usage = getattr(raw, "usage_metadata", None) or {}
            call.prompt_tokens, call.completion_tokens = int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0))
            return _parse(mode, result)
        raise AssertionError("unreachable")  # pragma: no cover

    def _check(self, answer: LLMAnswer, post: Post, matched: list[tuple[Any, float]]) -> Draft:
        given = {article.id: (article, score) for article, score in matched[:3]}
        # Small models cite a given article by its URL or title instead of its id: the same article.
        known = {key.strip().lower(): article.id for article, _ in matched[:3] for key in (article.id, article.url, article.title) if key}
        answer.cited = [known.get(cited.strip().lower(), cited) for cited in answer.cited]
        invented = [cited for cited in answer.cited if cited not in given]
        if invented:
            raise LLMDraftRejected(
                f"it cites {', '.join(one_line(cited, 40) for cited in invented)}, which it was not given", "it cites an article it was not given"
            )
        if not answer.reply.strip() or not answer.cited:
            raise LLMDraftRejected("it wrote a reply without citing an article" if answer.reply.strip() else "it cited articles but wrote no reply")
        text = " ".join(answer.reply.split())
        rules = self.platforms(post.platform)
        if not rules.fits(text):
            # Too long for one post: numbered parts, cut only between sentences; else the offline draft.
            threaded = split_into_thread(text, rules) if rules.threads else None
            if threaded is None:
                why = "a sentence alone" if rules.threads else f"{rules.title} takes one reply and this one"
                raise LLMDraftRejected(f"it is {rules.length(text)} {rules.unit} and {why} is too long for {rules.title}", f"too long for {rules.title}")
            text = threaded
        citations = [Citation(cid, given[cid][0].title, given[cid][0].url, given[cid][1]) for cid in dict.fromkeys(answer.cited)]
        dm = answer.dm_text.strip() if answer.needs_dm and rules.can_dm else ""
        return Draft(text, citations, self.name, dm_text=dm)

    def _fall_back(self, post: Post, triage: Triage, grounding: Grounding, reason: str, history: History | None, calls: list[ModelCall]) -> Draft:
        draft = self.fallback.draft(post, triage, grounding, history)
        draft.flags.insert(0, reason + "; this is the offline draft")
        draft.calls = calls
        return draft


def loose_schema(ids: list[str]) -> dict[str, Any]:
    """LLMAnswer's schema without length limits, every key required, and the citations limited to
    the ids of the articles given: a server that constrains its output with it (llama.cpp turns it
    into a grammar) can then only cite what it was given. The answer is still checked here."""
    schema = _without_limits(LLMAnswer.model_json_schema())
    schema["required"] = list(LLMAnswer.model_fields)
    if ids:
        schema["properties"]["cited"]["items"] = {"type": "string", "enum": ids}
    return schema


def _parse(mode: str, result: Any) -> LLMAnswer:
    """The model's answer as an LLMAnswer, or LLMDraftRejected saying in plain words what was wrong."""
    if mode == "json_schema":
        if result.get("parsed") is not None:
            return result["parsed"]
        return _from_json(str(getattr(result.get("raw"), "content", "") or ""))
    content = str(getattr(result, "content", "") or "")
    return _from_json(content) if mode == "json_mode" else _from_text(content)


def _from_json(content: str) -> LLMAnswer:
    text = content.strip()
    fenced = re.search(r"\{.*\}", text, re.S)  # models wrap JSON in ``` fences or a sentence
    if not fenced:
        raise LLMDraftRejected(f"the answer was not the JSON asked for: “{one_line(text, 80) or 'empty'}”", "the answer was not the JSON asked for")
    try:
        return LLMAnswer.model_validate_json(fenced.group(0))
    except ValidationError as exc:
        return _invalid(exc)


def _from_text(content: str) -> LLMAnswer:
    fields: dict[str, str] = {}
    key = None
    for line in content.splitlines():
        found = re.match(r"[\s*_#>-]*(REPLY|CITED|NEEDS[_ ]DM|DM)[\s*_]*:[\s*_]*(.*)$", line, re.I)  # markdown bold too
        if found:
            key = found.group(1).upper().replace(" ", "_")
            fields[key] = found.group(2).strip()
        elif key == "REPLY" or key == "DM":
            fields[key] += " " + line.strip()
    if "REPLY" not in fields or "CITED" not in fields:
        raise LLMDraftRejected(
            f"the answer was not in the REPLY / CITED format asked for: “{one_line(content, 80) or 'empty'}”",
            "the answer was not in the REPLY / CITED format asked for",
        )
    cited_text = fields["CITED"].strip().strip("[]")
    cited = [] if cited_text.upper() in ("", "NONE") else [part.strip(" \"'`<>") for part in cited_text.split(",") if part.strip(" \"'`<>")]
    try:
        return LLMAnswer(
            reply=fields["REPLY"], cited=cited, needs_dm=fields.get("NEEDS_DM", "").upper().startswith("Y"), dm_text=fields.get("DM", ""), confidence=0.5
        )
    except ValidationError as exc:
        return _invalid(exc)


def _invalid(exc: ValidationError) -> LLMAnswer:
    fields = sorted({str(error["loc"][0]) for error in exc.errors() if error["loc"]})
    raise LLMDraftRejected(
        "the answer was not the JSON asked for" + (f" (wrong or missing: {', '.join(fields)})" if fields else ""), "the answer was not the JSON asked for"
    )


def _is_timeout(exc: Exception) -> bool:
    return any("Timeout" in cls.__name__ for cls in type(exc).__mro__)


def _is_connection(exc: Exception) -> bool:
    return any(cls.__name__ == "APIConnectionError" for cls in type(exc).__mro__) and not _is_timeout(exc)


def _why(exc: Exception, timeout: float = 0.0) -> str:
    """A short, plain reason for a failed model call (the client wraps errors in its own classes)."""
    status = getattr(exc, "status_code", None)
    if status == 429:
        return "rate limited (429)"
    if _is_timeout(exc):
        return f"timed out (no answer within {timeout:g} s)" if timeout else "timed out"
    if _is_connection(exc):
        return "cannot connect to the server"
    if status:
        return f"server error {status}"
    if "LengthFinishReason" in type(exc).__name__:
        return "the answer was cut off at the token limit"
    detail = one_line(str(exc), 80)
    return f"the request failed ({detail})" if detail else "the request failed"
