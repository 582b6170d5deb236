"""Settings from the environment and `.env`; every variable is listed in `.env.example`.

A bad value stops the program with the variable's name and what is wrong with it (`ConfigError`),
never a traceback and never a silent fallback. An empty value, as `.env.example` ships them, means
the documented default.
"""

from __future__ import annotations

import math
import re
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError
from assistant.hours import HoursError, parse_holidays, parse_hours, zone
from assistant.outbound import parse_callback_hosts
from assistant.sla import SLAError, Targets, describe, parse_duration, parse_targets

if TYPE_CHECKING:
    from assistant.routing import Team
    from assistant.sla import Targets

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Where customers of a typical brand write from; phone numbers in their national formats are found.
DEFAULT_PHONE_REGIONS = "GB,US,CA,AU,NZ,IE,IN,DE,FR,ES,IT,NL,BE,CH,AT,SE,NO,DK,FI,PL,PT,BR,MX,JP,ZA,SG"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True)

    data_dir: Path = Path("data")
    database_url: str = ""
    index_path: Path | None = None
    # Article chunks' vectors by text, reused by every index built here (kb.embeddings.ChunkCache);
    # "off" turns it off. Default: DATA_DIR/chunk-vectors.sqlite3.
    chunk_cache_path: str = ""
    knowledge_dir: Path = Path("knowledge")
    prompts_dir: Path = Path("prompts")
    brand_name: str = Field(default="Nimbus Home", min_length=1, max_length=100)
    brand_terms: str = Field(default="", max_length=4000)  # product and shop names a draft may use (comma-separated)
    embedding_model: str = "minilm"
    torch_threads: int = Field(default=0, ge=0, le=256)  # 0: half the CPUs this process may use (see kb.embeddings)
    kb_poll_seconds: float = Field(default=10.0, ge=0, le=86_400)
    kb_max_article_bytes: int = Field(default=200_000, gt=0)
    desk_relearn_hours: float = Field(default=0.0, ge=0, le=24 * 90)  # 0: off; `kb learn` on the desk's labels this often in `run`
    # At most 990: an article's chunks (title, reply, intro, sections) are numbered within a thousand per language (kb.articles.CHUNKS_PER_VERSION).
    kb_max_sections: int = Field(default=200, gt=0, le=990)
    chroma_host: str = ""
    chroma_port: int = Field(default=8000, ge=1, le=65535)
    no_match_threshold: float | None = Field(default=None, ge=-1.0, le=1.0)
    no_match_lexical: float | None = Field(default=None, ge=0.0)
    log_level: str = "INFO"
    draft_lease_seconds: float = Field(default=120.0, gt=0, le=3600)
    # Replicas on one database: one silent this long is gone, and its duties (pollers, knowledge
    # sync, recovery) and unfinished work pass to another within it.
    lease_seconds: float = Field(default=30.0, ge=3, le=600)
    phone_regions: str = DEFAULT_PHONE_REGIONS

    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_inbox_channel: str = ""
    slack_escalation_channel: str = ""
    slack_api_url: str = ""
    port: int = Field(default=3000, ge=1, le=65535)

    openai_api_key: str = ""
    openai_base_url: str = ""
    openai_model: str = "gpt-4o-mini"
    llm_timeout_seconds: float = Field(default=20.0, gt=0, le=600)
    llm_max_retries: int = Field(default=2, ge=0, le=10)
    llm_seed: int | None = Field(default=None, ge=0, le=2**31 - 1)
    # A translation step for posts in a language the folder has no text in (kb.translation): an
    # OpenAI-compatible completions endpoint, e.g. llama.cpp's server with a packaged model.
    translate_url: str = ""
    translate_model: str = "translate"
    translate_api_key: str = ""
    translate_timeout_seconds: float = Field(default=10.0, gt=0, le=120)

    # Mastodon: the server's address and an access token (Preferences → Development → New
    # application, scopes read:notifications read:statuses write:statuses). The limit is the
    # instance's own once connected; this one is used until then, and for the outbox.
    mastodon_base_url: str = ""
    mastodon_access_token: str = ""
    mastodon_poll_seconds: float = Field(default=30.0, gt=0, le=86_400)
    mastodon_char_limit: int = Field(default=500, gt=0, le=100_000)

    # Bluesky: the account's handle and an app password (Settings → Privacy and security → App
    # passwords; tick direct messages to let the bot send them).
    bluesky_handle: str = ""
    bluesky_app_password: str = ""
    bluesky_service_url: str = "https://bsky.social"
    bluesky_poll_seconds: float = Field(default=30.0, gt=0, le=86_400)

    x_bearer_token: str = ""
    x_api_key: str = ""
    x_api_secret: str = ""
    x_access_token: str = ""
    x_access_token_secret: str = ""
    x_poll_seconds: float = Field(default=60.0, gt=0, le=86_400)
    x_timeout_seconds: float = Field(default=15.0, gt=0, le=600)

    # The signed webhook (POST /webhooks/posts) for networks we don't poll: name=secret, one per sender.
    webhook_secrets: str = ""
    webhook_port: int = Field(default=3001, ge=1, le=65535)
    # Hosts each sender's callback_url may name: sender=host [host …], comma-separated per sender.
    webhook_callback_hosts: str = ""

    # Conversations, SLAs, follow-ups and who manages.
    own_handles: str = ""  # our accounts' handles (comma-separated): their posts are ours, never tickets
    reopen_window_hours: float = Field(default=72.0, ge=0, le=24 * 365)
    sla_first_response: str = "urgent=15m,high=1h,normal=4h,low=24h"
    sla_next_response: str = "urgent=15m,high=1h,normal=4h,low=24h"
    sla_warn_at: float = Field(default=0.75, gt=0, lt=1)
    # When the team answers: the SLA clock runs only then (empty: around the clock). See assistant/hours.py.
    holidays: str = ""
    team_timezone: str = "UTC"
    business_hours: str = ""  # read after the two above, which it needs
    timer_poll_seconds: float = Field(default=15.0, gt=0, le=3600)
    # A claim whose holder has done nothing on the ticket for this long lapses (anyone may pick it up).
    claim_lapse: str = "1h"
    # Reminders on tickets nobody owns ping the channel (@here) in one digest at most this often.
    here_digest_every: str = "10m"
    # Who works on what: a YAML file of agents, shifts and skills (assistant/routing.py). Empty: no routing.
    team_file: Path | None = None
    managers: str = ""  # Slack user ids (U…) and user groups (S…) who manage; empty: everyone may

    @field_validator("sla_first_response", "sla_next_response")
    @classmethod
    def _sla(cls, value: str) -> str:
        try:
            return describe(parse_targets(value, "targets"))
        except SLAError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("knowledge_dir", "prompts_dir")
    @classmethod
    def _folder(cls, value: Path, info: ValidationInfo) -> Path:
        """A folder named in the settings must be one: a mistyped KNOWLEDGE_DIR or PROMPTS_DIR is
        named at once, by every command. Left at its default (./knowledge, ./prompts), only the
        commands that read it require it (a `tickets` from another directory still works)."""
        if value != Path(str(info.field_name).removesuffix("_dir")) and not value.is_dir():
            what = (
                "your FAQ articles (the bundled ones are in knowledge/)"
                if info.field_name == "knowledge_dir"
                else "the prompts (the bundled ones are in prompts/)"
            )
            raise ValueError(f"{value} is not a folder; point it at {what}")
        return value

    @field_validator("holidays")
    @classmethod
    def _holidays(cls, value: str, info: ValidationInfo) -> str:
        try:
            parse_holidays(value)
        except HoursError as exc:
            raise ValueError(str(exc)) from None
        return value.strip()

    @field_validator("team_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            return zone(value)
        except HoursError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("business_hours")
    @classmethod
    def _hours(cls, value: str, info: ValidationInfo) -> str:
        try:
            parse_hours(value, info.data.get("holidays", ""), info.data.get("team_timezone", "UTC"))
        except HoursError as exc:
            raise ValueError(str(exc)) from None
        return value.strip()

    @field_validator("claim_lapse", "here_digest_every")
    @classmethod
    def _durations(cls, value: str, info: ValidationInfo) -> str:
        try:
            parse_duration(value, str(info.field_name).upper())
            return value.strip()
        except SLAError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("webhook_secrets")
    @classmethod
    def _webhook_secrets(cls, value: str) -> str:
        names: list[str] = []
        for number, pair in enumerate((part.strip() for part in value.split(",") if part.strip()), start=1):
            name, sep, secret = pair.partition("=")
            name = name.strip()
            if not sep or not re.fullmatch(r"[a-z0-9_-]{1,32}", name):
                raise ValueError(f"entry {number} must be name=secret, the name in lowercase letters, digits, - or _ (like zapier=…)")
            if len(secret.strip()) < 16:
                raise ValueError(f"the secret for {name!r} is shorter than 16 characters; use a long random one (openssl rand -hex 32)")
            if name in names:
                raise ValueError(f"{name!r} is named twice")
            names.append(name)
        return value

    @field_validator("webhook_callback_hosts")
    @classmethod
    def _webhook_callback_hosts(cls, value: str, info: ValidationInfo) -> str:
        senders = {part.partition("=")[0].strip() for part in str(info.data.get("webhook_secrets", "")).split(",")}
        unknown = sorted(set(parse_callback_hosts(value)) - senders)
        if unknown:
            raise ValueError(f"names {', '.join(unknown)}, which WEBHOOK_SECRETS does not; name each sender as it is named there")
        return value

    @property
    def callback_hosts(self) -> dict[str, tuple[Any, ...]]:
        """Sender name → the hosts its callback URLs may name (`outbound.AllowedHost`)."""
        return parse_callback_hosts(self.webhook_callback_hosts)

    @property
    def brand_term_list(self) -> tuple[str, ...]:
        """BRAND_NAME and BRAND_TERMS: the names a machine draft may use besides the articles' own."""
        return tuple(dict.fromkeys([self.brand_name, *(term.strip() for term in self.brand_terms.split(",") if term.strip())]))

    @property
    def webhook_sources(self) -> dict[str, str]:
        """Sender name → its secret."""
        pairs = (part.strip().partition("=") for part in self.webhook_secrets.split(",") if part.strip())
        return {name.strip(): secret.strip() for name, _, secret in pairs}

    @field_validator("managers")
    @classmethod
    def _managers(cls, value: str) -> str:
        ids = [part.strip() for part in value.replace(" ", ",").split(",") if part.strip()]
        wrong = [part for part in ids if not re.fullmatch(r"[USW][A-Z0-9]{2,20}", part)]
        if wrong:
            raise ValueError(f"{', '.join(wrong)[:80]} not Slack user ids (U…/W…) or user group ids (S…); separate them with commas")
        return ",".join(ids)

    @field_validator("own_handles")
    @classmethod
    def _own_handles(cls, value: str) -> str:
        handles = [part.strip().lstrip("@") for part in value.split(",") if part.strip()]
        wrong = [h for h in handles if not re.fullmatch(r"[\w.@-]{1,256}", h)]
        if wrong:
            raise ValueError(f"{', '.join(wrong)[:80]} not handles; write them like NimbusHome,nimbus@mastodon.social")
        return ",".join(handles)

    @field_validator("*", mode="after")
    @classmethod
    def _finite(cls, value: Any) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"{value!r} is not a log level; use one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("embedding_model")
    @classmethod
    def _embedding_model(cls, value: str) -> str:
        value = value.strip()
        if value != "minilm" and not (value.startswith("openai:") and len(value) > len("openai:")):
            raise ValueError(f"{value!r} is not known; use 'minilm' or 'openai:<model>'")
        return value

    @field_validator("phone_regions")
    @classmethod
    def _phone_regions(cls, value: str) -> str:
        import phonenumbers

        regions = [region.strip().upper() for region in value.split(",") if region.strip()]
        unknown = [region for region in regions if region not in phonenumbers.SUPPORTED_REGIONS]
        if unknown or not regions:
            raise ValueError(f"unknown region code(s) {', '.join(unknown) or '(none given)'}; use ISO codes like GB,US,DE")
        return ",".join(regions)

    @field_validator("slack_api_url", "openai_base_url", "mastodon_base_url", "bluesky_service_url", "translate_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} must be an http(s) URL")
        return value

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.local_database}"

    @property
    def local_database(self) -> Path | None:
        """The SQLite file the store uses when DATABASE_URL is empty (None with a database server)."""
        return None if self.database_url else self.data_dir / "assistant.db"

    @property
    def index_dir(self) -> Path:
        return self.index_path or self.data_dir / "index"

    @property
    def chunk_cache(self) -> Path | None:
        if self.chunk_cache_path.strip().lower() == "off":
            return None
        return Path(self.chunk_cache_path) if self.chunk_cache_path.strip() else self.data_dir / "chunk-vectors.sqlite3"

    @property
    def sla(self) -> Targets:
        hours = parse_hours(self.business_hours, self.holidays, self.team_timezone)
        return Targets(parse_targets(self.sla_first_response), parse_targets(self.sla_next_response), self.sla_warn_at, hours)

    @property
    def claim_lapse_after(self) -> timedelta:
        return parse_duration(self.claim_lapse)

    @property
    def here_digest_interval(self) -> timedelta:
        return parse_duration(self.here_digest_every)

    @property
    def manager_ids(self) -> tuple[str, ...]:
        return tuple(part for part in self.managers.split(",") if part)

    @property
    def own_handle_list(self) -> tuple[str, ...]:
        return tuple(part for part in self.own_handles.split(",") if part)

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(self.phone_regions.split(","))

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key)

    @property
    def mastodon_enabled(self) -> bool:
        """Connected when both are set; one without the other is refused (`require_platforms`)."""
        return bool(self.mastodon_base_url and self.mastodon_access_token)

    @property
    def bluesky_enabled(self) -> bool:
        return bool(self.bluesky_handle and self.bluesky_app_password)

    def require_platforms(self) -> None:
        """A network half configured is a mistake to name, not a silent OFF."""
        for wanted, pair in (("Mastodon", ("mastodon_base_url", "mastodon_access_token")), ("Bluesky", ("bluesky_handle", "bluesky_app_password"))):
            given = [name for name in pair if getattr(self, name)]
            if given and len(given) < len(pair):
                missing = [name.upper() for name in pair if name not in given]
                raise ConfigError(
                    f"{', '.join(missing)}: required to connect {wanted}, because {given[0].upper()} is set. Set it, or empty {given[0].upper()}."
                )

    @property
    def x_read_enabled(self) -> bool:
        return bool(self.x_bearer_token) or self.x_write_enabled

    @property
    def x_write_enabled(self) -> bool:
        return all([self.x_api_key, self.x_api_secret, self.x_access_token, self.x_access_token_secret])

    def require(self, *names: str) -> None:
        """Fail with the variable names of every missing setting among `names`."""
        missing = [name.upper() for name in names if not getattr(self, name)]
        if missing:
            raise ConfigError(", ".join(missing) + ": required but not set. Set them in the environment or in .env (see .env.example).")

    def require_slack(self) -> None:
        self.require("slack_bot_token", "slack_inbox_channel", "slack_escalation_channel")
        if not self.slack_app_token:
            self.require("slack_signing_secret")

    def team(self) -> Team:
        """The team routing assigns to (TEAM_FILE; none: an empty team, nothing is assigned)."""
        from assistant.routing import TeamError, load_team

        try:
            return load_team(self.team_file if self.team_file and str(self.team_file).strip() else None, zone=self.team_timezone)
        except TeamError as exc:
            message = str(exc)
            raise ConfigError(message if message.startswith("TEAM_FILE") else f"TEAM_FILE: {message}") from None

    def require_knowledge_dir(self, folder: Path | None = None) -> Path:
        """The knowledge folder must exist: a missing one would otherwise empty the index."""
        folder = folder or self.knowledge_dir
        if not folder.is_dir():
            raise ConfigError(
                f"KNOWLEDGE_DIR: {folder} is not a folder. Point KNOWLEDGE_DIR at your FAQ articles "
                "(the bundled ones are in knowledge/); the index was left as it was."
            )
        return folder


def describe_validation_error(error: ValidationError) -> str:
    """`NAME: what is wrong` for each invalid setting, in one line each."""
    lines = []
    for problem in error.errors():
        name = str(problem["loc"][0]).upper() if problem["loc"] else "SETTINGS"
        message = str(problem["msg"]).removeprefix("Value error, ")
        given = problem.get("input")
        if any(word in name.lower() for word in ("secret", "token", "key", "password")):
            given = None  # never echo a credential into a log or a terminal
        quoted = isinstance(given, (str, int, float)) and str(given) in message
        shown = f" (got {given!r})" if isinstance(given, (str, int, float)) and not quoted and len(repr(given)) < 80 else ""
        lines.append(f"{name}: {message}{shown}")
    return "\n".join(lines)


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and `.env`; raises ConfigError naming each invalid variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc)) from None
    except (UnicodeDecodeError, OSError) as exc:
        raise ConfigError(f".env: cannot be read ({type(exc).__name__}: {exc}); save it as UTF-8 text.") from None
