"""Prompt templates and the brand voice, read from the `prompts/` folder so they change without code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.errors import ConfigError

_GREETING_KEYS = ("negative", "neutral", "positive", "praise", "dm_line")


@dataclass(frozen=True)
class Prompts:
    voice: str
    system: str
    user: str
    greetings: dict[str, str]

    @classmethod
    def load(cls, folder: Path) -> "Prompts":
        def read(name: str) -> str:
            path = folder / name
            try:
                return path.read_text(encoding="utf-8")
            except OSError:
                raise ConfigError(f"Prompt file {path} is missing; set PROMPTS_DIR to the folder holding it.") from None

        greetings = yaml.safe_load(read("greetings.yaml")) or {}
        missing = [key for key in _GREETING_KEYS if not isinstance(greetings.get(key), str)]
        if missing:
            raise ConfigError(f"{folder / 'greetings.yaml'} needs text for: {', '.join(missing)}")
        return cls(
            voice=read("voice.md").strip(),
            system=read("draft_system.txt"),
            user=read("draft_user.txt"),
            greetings=greetings,
        )
