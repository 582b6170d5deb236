"""Prompt templates and the brand voice, read from the `prompts/` folder so they change without code."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ConfigError
from assistant.kb.folder import file_stamp

_GREETING_KEYS = ("negative", "neutral", "positive", "praise", "dm_line")
# Optional lines, with what is used when a prompts folder from an earlier release lacks them.
_OPTIONAL_GREETINGS = {
    "persists": "Sorry this still isn't sorted, @{handle}. Please send us a DM here on {platform} with what you see, so a specialist can look into your case.",
    "no_dm_line": "This needs your account details, so please don't post them here: {url} shows how to sort it out privately.",
    "waited": "Sorry you've had such a long wait, @{handle}.",
    "loss": "We're so sorry for your loss, @{handle}.",
    "praise_loss": "Thank you so much for your kind words, @{handle}, and we're so sorry for your loss. We'll pass them on to the team.",
    "solved": "Glad to hear it's working again, @{handle}! Thanks for letting us know.",
    "thanks": "You're welcome, @{handle}! We're here if you need anything else.",
    "to_dm": "Thanks, @{handle}! We'll pick this up with you in DM.",
    "safety": "Sorry to hear this, @{handle}. For your safety, please stop using it and keep it unplugged, and send us a DM here on {platform} so a specialist can look into it with you.",
    "gas": "Sorry to hear this, @{handle}. If you can smell gas or a carbon monoxide alarm is sounding, please leave the building, don't use switches or flames, and call your gas emergency line; then send us a DM here on {platform} so a specialist can follow up.",
    "harm": "Sorry to hear this, @{handle}. If you're in danger, please call your local emergency number. Please don't reply to them or send money; send us a DM here on {platform} and our safety team will help.",
    "security": "Sorry to hear this, @{handle}. Please don't post any card or account details here: send us a DM here on {platform} and a specialist will help you secure your account.",
    "tried_restart": "Thanks for already trying a restart.",
    "tried_reset": "Thanks for already trying a reset.",
    "tried_reinstall": "Thanks for already trying a reinstall.",
    "tried_charger": "Thanks for already trying another charger.",
    "tried_sign_in": "Thanks for already signing out and back in.",
    "tried_clean": "Thanks for already cleaning it.",
    "tried_several": "Thanks for everything you've already tried.",
}


# A greetings file in another language (`greetings.es.yaml`) needs every line a whole reply may be;
# the optional openings fall back to its own lines, never to English.
_LANGUAGE_KEYS = (*_GREETING_KEYS, "persists", "no_dm_line")
_LANGUAGE_FALLBACKS = {"waited": "negative", "solved": "positive", "thanks": "praise", "loss": "negative", "praise_loss": "praise"}


@dataclass(frozen=True)
class Prompts:
    voice: str
    system: str
    user: str
    greetings: dict[str, str]
    phrases: tuple[str, ...] = ()  # phrasebook.yaml: pleasantries any draft may carry (optional file)
    languages: dict[str, dict[str, str]] = field(default_factory=dict)  # greetings.<code>.yaml, by language code

    def greetings_in(self, code: str | None) -> dict[str, str] | None:
        """The offline drafter's lines in language `code`: greetings.yaml for English (or no language),
        greetings.<code>.yaml for another, None when the folder has no file for that language."""
        if code in (None, "", "en"):
            return self.greetings
        return self.languages.get(code)

    @property
    def all_greetings(self) -> list[str]:
        """Every greeting line in every language: what the brand may say beside its articles."""
        return [*self.greetings.values(), *(line for lines in self.languages.values() for line in lines.values())]

    @classmethod
    def load(cls, folder: Path) -> Prompts:
        """Read and check the templates; any problem is a ConfigError naming PROMPTS_DIR and the file.
        Read once per process while no file in the folder changes (size, times, inode)."""
        try:
            stamps = tuple(sorted((entry.name, file_stamp(entry.path)) for entry in os.scandir(folder) if entry.is_file()))
        except OSError:
            stamps = ()
        key = (str(folder), stamps)
        if stamps and (known := _LOADED.get(key)) is not None:
            return known
        loaded = cls._read(folder)
        if stamps:
            if len(_LOADED) >= 16:
                _LOADED.clear()
            _LOADED[key] = loaded
        return loaded

    @classmethod
    def _read(cls, folder: Path) -> Prompts:

        def read(name: str) -> str:
            path = folder / name
            try:
                return path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"PROMPTS_DIR: {path} cannot be read ({type(exc).__name__}); set PROMPTS_DIR to the folder holding it.") from None

        greetings = _lines_file(folder / "greetings.yaml", _GREETING_KEYS)
        phrases: tuple[str, ...] = ()
        if (folder / "phrasebook.yaml").is_file():
            try:
                book = yaml.safe_load(read("phrasebook.yaml")) or {}
            except yaml.YAMLError as exc:
                raise ConfigError(f"PROMPTS_DIR: {folder / 'phrasebook.yaml'} is not valid YAML: {str(exc).splitlines()[0]}") from None
            if not isinstance(book, dict) or not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in book.values()):
                raise ConfigError(f'PROMPTS_DIR: {folder / "phrasebook.yaml"} must map group names to lists of sentences (closings: ["Hope this helps!"]).')
            phrases = tuple(phrase.strip() for group in book.values() for phrase in group if phrase.strip())
        prompts = cls(
            voice=read("voice.md").strip(),
            system=read("draft_system.txt"),
            user=read("draft_user.txt"),
            greetings={**_OPTIONAL_GREETINGS, **{key: value for key, value in greetings.items() if isinstance(value, str)}},
            phrases=phrases,
            languages={code: _language_greetings(folder, code) for code in _greeting_languages(folder)},
        )
        checks = [(prompts.greetings[key], f"greetings.yaml ({key})", _GREETING_FIELDS) for key in (*_GREETING_KEYS, *_OPTIONAL_GREETINGS)]
        checks += [(text, f"greetings.{code}.yaml ({key})", _GREETING_FIELDS) for code, lines in prompts.languages.items() for key, text in lines.items()]
        checks += [(prompts.system, "draft_system.txt", _SYSTEM_FIELDS), (prompts.user, "draft_user.txt", _USER_FIELDS)]
        for template, name, fields in checks:
            _check_template(template, folder / name.split(" ")[0], name, fields)
        return prompts


# Prompts read by this process, by folder and the stamps of its files (`Prompts.load`).
_LOADED: dict[tuple[str, tuple[Any, ...]], Prompts] = {}


def _lines_file(path: Path, required: tuple[str, ...], why: str = "") -> dict[Any, Any]:
    """A greetings file as names → texts, with every `required` name; any problem is a ConfigError naming the file."""
    try:
        lines = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"PROMPTS_DIR: {path} cannot be read ({type(exc).__name__}); set PROMPTS_DIR to the folder holding it.") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"PROMPTS_DIR: {path} is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(lines, dict):
        raise ConfigError(f'PROMPTS_DIR: {path} must map names to texts (negative: "...").')
    missing = [key for key in required if not isinstance(lines.get(key), str)]
    if missing:
        raise ConfigError(f"PROMPTS_DIR: {path} needs text for: {', '.join(missing)}{why}")
    return lines


def _greeting_languages(folder: Path) -> list[str]:
    from assistant.language import NAMES

    codes = (path.name.removeprefix("greetings.").removesuffix(".yaml") for path in folder.glob("greetings.*.yaml"))
    return sorted(code for code in codes if code in NAMES and code != "en")


def _language_greetings(folder: Path, code: str) -> dict[str, str]:
    """greetings.<code>.yaml: the keys of greetings.yaml in that language (see _LANGUAGE_KEYS)."""
    path = folder / f"greetings.{code}.yaml"
    lines = _lines_file(path, _LANGUAGE_KEYS, " (a reply in this language must not fall back to English)")
    unknown = sorted(set(lines) - set(_GREETING_KEYS) - set(_OPTIONAL_GREETINGS))
    if unknown:
        raise ConfigError(f"PROMPTS_DIR: {path} has lines greetings.yaml doesn't know: {', '.join(map(str, unknown))}")
    known = {key: value for key, value in lines.items() if isinstance(value, str)}
    optional = {key: known.get(key, known[_LANGUAGE_FALLBACKS[key]] if key in _LANGUAGE_FALLBACKS else "") for key in _OPTIONAL_GREETINGS}
    return {**optional, **known}


_GREETING_FIELDS: dict[str, object] = {"handle": "sam", "platform": "X", "url": "https://help.example.com/a"}
_SYSTEM_FIELDS: dict[str, object] = {"brand": "B", "platform": "X", "voice": "v", "max_chars": 280, "handle": "sam"}
_USER_FIELDS: dict[str, object] = {"articles": "[]", "handle": "sam", "name": "Sam", "post": '"text"', "conversation": "(none)", "language": "English"}


def _check_template(template: str, path: Path, name: str, fields: dict[str, object]) -> None:
    """A template may use only the placeholders we fill; a typo would otherwise fail on every draft."""
    try:
        template.format(**fields)
    except (KeyError, IndexError, ValueError) as exc:
        known = ", ".join("{" + field + "}" for field in fields)
        raise ConfigError(
            f"PROMPTS_DIR: {path} ({name}) has a placeholder we don't fill ({type(exc).__name__}: {exc}); "
            f"use only {known}, and double braces {{{{ }}}} for literal ones."
        ) from None
