"""Reading a post in a language the folder has no text in: an optional translation step, so
retrieval finds the article (MiniLM reads English). The translation is only read, never sent: the
reply is drafted from the article as written, and the card says the post's language differs.

Any OpenAI-compatible server with a completions endpoint does (TRANSLATE_URL, TRANSLATE_MODEL): a
packaged base model such as Gemma 3 270M on llama.cpp's server, on this machine, translates from a
few examples; measured in docs/drafts.md. A failed or empty answer leaves the post as written."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from assistant.language import Language

log = logging.getLogger(__name__)

# A few generic support messages and their English: the model continues the pattern for one line.
EXAMPLES = (
    ("Spanish", "mi pedido no ha llegado y ya pasaron dos semanas", "my order has not arrived and two weeks have passed"),
    ("French", "je n'arrive pas à me connecter à mon compte", "I can't log in to my account"),
    ("German", "Die Lieferung war beschädigt, was soll ich tun?", "The delivery was damaged, what should I do?"),
    ("Italian", "come posso cambiare il mio indirizzo email?", "how can I change my email address?"),
    ("Dutch", "mijn bestelling is nog steeds niet verzonden", "my order still has not been shipped"),
    ("Turkish", "siparişim hala gelmedi", "my order still has not arrived"),
    ("Japanese", "パスワードを忘れました", "I forgot my password"),
)
MAX_TRANSLATED_CHARS = 600


def prompt(text: str, language: Language) -> str:
    shots = "".join(f"{name}: {said}\nEnglish: {english}\n\n" for name, said, english in EXAMPLES)
    line = " ".join(text.split())[:1000]  # one line: the model's answer ends at its line break
    return f"Translate each customer message into English.\n\n{shots}{language.name}: {line}\nEnglish:"


class Translator:
    """Posts into English through an OpenAI-compatible completions endpoint. After a failure it
    rests (`REST_SECONDS`): a page of foreign posts never waits on a dead server post by post."""

    REST_SECONDS = 60.0
    KEPT = 1024  # translations kept per process: a post is grounded more than once

    def __init__(self, url: str, model: str, *, api_key: str = "", timeout: float = 10.0, clock: Callable[[], float] = time.monotonic):
        from openai import OpenAI

        self.model = model
        self.client: Any = OpenAI(base_url=url, api_key=api_key or "not-needed", timeout=timeout, max_retries=1)
        self.clock = clock
        self.resting_until = 0.0
        self._kept: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def to_english(self, text: str, language: Language) -> str:
        """The post in English, or '' when the server fails, says nothing, or is resting after a failure."""
        key = (text, language.code)
        with self._lock:
            if key in self._kept:
                return self._kept[key]
            if self.clock() < self.resting_until:
                return ""
        try:
            answer = self.client.completions.create(model=self.model, prompt=prompt(text, language), max_tokens=80, temperature=0, stop=["\n"], seed=1)
            said = str(answer.choices[0].text or "").strip()[:MAX_TRANSLATED_CHARS] if answer.choices else ""
        except Exception as exc:  # noqa: BLE001 - a translation is a help to retrieval, never a failed ticket
            log.warning("translation step failed (%s); posts are read as written for %.0f s", type(exc).__name__, self.REST_SECONDS)
            with self._lock:
                self.resting_until = self.clock() + self.REST_SECONDS
            return ""
        with self._lock:
            if len(self._kept) >= self.KEPT:
                self._kept.clear()
            self._kept[key] = said
        return said


def read_as_flag(read_as: str) -> str:
    """What the card says when a post was read through the translation step (whichever drafter)."""
    said = " ".join(read_as.split())
    return f"read through the translation step as “{said[:120]}{'…' if len(said) > 120 else ''}”: the articles were found from that"


def translator_for(settings: Any) -> Translator | None:
    """The installation's translation step (TRANSLATE_URL), or None when it has none."""
    if not getattr(settings, "translate_url", ""):
        return None
    return Translator(settings.translate_url, settings.translate_model, api_key=settings.translate_api_key, timeout=settings.translate_timeout_seconds)
