"""Settings from the environment and `.env`; every variable is listed in `.env.example`."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str = ""
    index_path: Path | None = None
    knowledge_dir: Path = Path("knowledge")
    prompts_dir: Path = Path("prompts")
    brand_name: str = "Nimbus Home"
    embedding_model: str = "minilm"
    kb_poll_seconds: float = Field(default=10.0, ge=0)
    chroma_host: str = ""
    chroma_port: int = 8000
    no_match_threshold: float | None = None
    no_match_lexical: float | None = None
    log_level: str = "INFO"

    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_inbox_channel: str = ""
    slack_escalation_channel: str = ""
    slack_api_url: str = ""
    port: int = 3000

    openai_api_key: str = ""
    openai_base_url: str = ""
    openai_model: str = "gpt-4o-mini"
    llm_timeout_seconds: float = 20.0
    llm_max_retries: int = 2

    mastodon_char_limit: int = Field(default=500, gt=0)

    x_bearer_token: str = ""
    x_api_key: str = ""
    x_api_secret: str = ""
    x_access_token: str = ""
    x_access_token_secret: str = ""
    x_poll_seconds: float = Field(default=60.0, gt=0)
    x_timeout_seconds: float = Field(default=15.0, gt=0)

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'assistant.db'}"

    @property
    def index_dir(self) -> Path:
        return self.index_path or self.data_dir / "index"

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key)

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
            raise ConfigError(
                "Missing required setting(s): "
                + ", ".join(missing)
                + ". Set them in the environment or in .env (see .env.example)."
            )

    def require_slack(self) -> None:
        self.require("slack_bot_token", "slack_inbox_channel", "slack_escalation_channel")
        if not self.slack_app_token:
            self.require("slack_signing_secret")


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
