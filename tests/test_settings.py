"""Settings written by tired operators: every bad value is one line naming the variable, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.config import Settings, load_settings
from assistant.errors import ConfigError
from tests.conftest import REPO, examples

NUMERIC = {
    "PORT": (1, 65535, int),
    "CHROMA_PORT": (1, 65535, int),
    "KB_POLL_SECONDS": (0, 86_400, float),
    "X_POLL_SECONDS": (0, 86_400, float),  # must be > 0
    "X_TIMEOUT_SECONDS": (0, 600, float),  # must be > 0
    "LLM_TIMEOUT_SECONDS": (0, 600, float),  # must be > 0
    "LLM_MAX_RETRIES": (0, 10, int),
    "MASTODON_CHAR_LIMIT": (1, 100_000, int),
    "KB_MAX_ARTICLE_BYTES": (1, None, int),
    "KB_MAX_SECTIONS": (1, None, int),
    "DRAFT_LEASE_SECONDS": (0, 3600, float),  # must be > 0
}
STRICTLY_POSITIVE = {"X_POLL_SECONDS", "X_TIMEOUT_SECONDS", "LLM_TIMEOUT_SECONDS", "DRAFT_LEASE_SECONDS"}


def from_env(env: dict[str, str]) -> Settings:
    """Settings as the process would read them with these environment variables."""
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        return load_settings(_env_file=None)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def in_range(name: str, value: float) -> bool:
    low, high, _ = NUMERIC[name]
    if value != value or value in (float("inf"), float("-inf")):
        return False
    if name in STRICTLY_POSITIVE and value <= 0:
        return False
    return value >= low and (high is None or value <= high)


env_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


@settings(max_examples=examples(400), deadline=None)
@given(
    name=st.sampled_from(sorted(NUMERIC)),
    raw=st.one_of(
        st.integers(min_value=-(10**6), max_value=10**6).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.sampled_from(["", " ", "0", "-0", "1", "65535", "65536", "86400", "86401", "600", "601", "10", "11", "1e3", "abc", "3000 ", "0x10"]),
        env_text,
    ),
)
def test_a_numeric_setting_is_valid_or_one_line_naming_it(name: str, raw: str) -> None:
    try:
        loaded = from_env({name: raw})
    except ConfigError as exc:
        lines = str(exc).splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"{name}: "), str(exc)
        assert raw != "", "an empty value means the default"
    else:
        value = getattr(loaded, name.lower())
        if raw == "":
            assert value == Settings.model_fields[name.lower()].default, "empty means the documented default"
        else:
            assert in_range(name, float(value)), f"{name}={raw!r} was accepted as {value!r}"


@pytest.mark.parametrize(
    ("name", "good", "bad"),
    [
        ("PORT", "65535", "65536"),
        ("PORT", "1", "0"),
        ("KB_POLL_SECONDS", "86400", "86401"),
        ("KB_POLL_SECONDS", "0", "-0.1"),
        ("X_POLL_SECONDS", "0.01", "0"),
        ("LLM_MAX_RETRIES", "10", "11"),
        ("MASTODON_CHAR_LIMIT", "1", "0"),
    ],
)
def test_limits_are_exact(name: str, good: str, bad: str) -> None:
    assert float(getattr(from_env({name: good}), name.lower())) == float(good)
    with pytest.raises(ConfigError, match=f"^{name}: "):
        from_env({name: bad})


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL: 'LOUD' is not a log level"),
        ({"EMBEDDING_MODEL": "word2vec"}, "EMBEDDING_MODEL: 'word2vec' is not known"),
        ({"PHONE_REGIONS": "GB,XX"}, "PHONE_REGIONS: unknown region code(s) XX"),
        ({"SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL: 'slack.com/api' must be an http(s) URL"),
        ({"NO_MATCH_THRESHOLD": "2"}, "NO_MATCH_THRESHOLD: Input should be less than or equal to 1"),
    ],
)
def test_other_bad_values_name_their_variable(env: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        from_env(env)
    assert str(caught.value).startswith(expected)


def test_log_levels_are_case_insensitive_and_empty_values_mean_the_defaults() -> None:
    loaded = from_env({"LOG_LEVEL": "debug", "INDEX_PATH": "", "NO_MATCH_THRESHOLD": "", "DATA_DIR": "/srv/social"})
    assert loaded.log_level == "DEBUG" and loaded.no_match_threshold is None
    assert loaded.index_dir == Path("/srv/social/index"), "an empty INDEX_PATH is DATA_DIR/index, never the current folder"


def test_several_bad_values_are_all_named() -> None:
    with pytest.raises(ConfigError) as caught:
        from_env({"PORT": "0", "X_POLL_SECONDS": "-1", "LOG_LEVEL": "chatty"})
    assert [line.split(":")[0] for line in str(caught.value).splitlines()] == ["LOG_LEVEL", "PORT", "X_POLL_SECONDS"]


def cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("SLACK_", "X_", "OPENAI_", "DATABASE_", "INDEX_", "KNOWLEDGE_"))}
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, cwd=cwd, env={**clean, **env}, timeout=120)


@pytest.mark.parametrize(
    ("env", "args", "expected"),
    [
        ({"PORT": "99999"}, ["run"], "error: PORT: Input should be less than or equal to 65535"),
        ({"X_POLL_SECONDS": "-5"}, ["run"], "error: X_POLL_SECONDS: Input should be greater than 0"),
        ({"LOG_LEVEL": "verbose"}, ["tickets"], "error: LOG_LEVEL: 'verbose' is not a log level"),
        ({"DATABASE_URL": "postgres//oops"}, ["tickets"], "error: DATABASE_URL: 'postgres//oops' is not a database URL"),
        (
            {"DATABASE_URL": "postgresql+psycopg://bot:hunter2@127.0.0.1:1/social"},
            ["stats"],
            "error: DATABASE_URL: cannot open 'postgresql+psycopg://bot:***@127.0.0.1:1/social'",
        ),
        ({"KNOWLEDGE_DIR": "/nonexistent/faq"}, ["kb", "sync"], "error: KNOWLEDGE_DIR: /nonexistent/faq is not a folder"),
        ({"PROMPTS_DIR": "/nonexistent/prompts"}, ["kb", "sync"], "error: PROMPTS_DIR: /nonexistent/prompts is not a folder"),
    ],
)
def test_the_cli_stops_with_one_line_and_exit_2(tmp_path: Path, env: dict[str, str], args: list[str], expected: str) -> None:
    result = cli(args, {"DATA_DIR": str(tmp_path / "data"), "KNOWLEDGE_DIR": str(REPO / "knowledge"), "PROMPTS_DIR": str(REPO / "prompts"), **env}, tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[0].startswith(expected), result.stderr
    assert "Traceback" not in result.stderr and "hunter2" not in result.stderr


def test_an_unreadable_env_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"BRAND_NAME=Caf\xe9\n")
    result = cli(["tickets"], {}, tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("error: .env: cannot be read") and "Traceback" not in result.stderr


def test_env_example_as_shipped_keeps_everything_in_data_dir(tmp_path: Path) -> None:
    """`.env.example` ships empty values; copied as it is, nothing may land in the current folder."""
    env_file = (REPO / ".env.example").read_text()
    env_file = env_file.replace("KNOWLEDGE_DIR=knowledge", f"KNOWLEDGE_DIR={REPO / 'knowledge'}").replace(
        "PROMPTS_DIR=prompts", f"PROMPTS_DIR={REPO / 'prompts'}"
    )
    (tmp_path / ".env").write_text(env_file)
    loaded = Settings(_env_file=tmp_path / ".env")  # type: ignore[call-arg]
    assert loaded.index_dir == Path("data/index") and loaded.db_url == "sqlite:///data/assistant.db"
    assert loaded.no_match_threshold is None and loaded.chroma_host == "" and loaded.port == 3000


def test_keys_in_env_reach_the_embeddings_client(tmp_path: Path) -> None:
    """A key written only in `.env` (not exported) must reach every client, embeddings included."""
    from assistant.services import build_services
    from tests.fakes.openai_api import FakeOpenAI

    fake = FakeOpenAI()
    try:
        (tmp_path / ".env").write_text(
            f"OPENAI_API_KEY=sk-from-dotenv\nOPENAI_BASE_URL={fake.url}\nEMBEDDING_MODEL=openai:text-embedding-3-small\n"
            f"DATA_DIR={tmp_path / 'data'}\nKNOWLEDGE_DIR={REPO / 'knowledge'}\nPROMPTS_DIR={REPO / 'prompts'}\n"
        )
        assert "OPENAI_API_KEY" not in os.environ
        # No chunk cache: every chunk goes to the server, so the key is seen on every call.
        services = build_services(Settings(_env_file=tmp_path / ".env", chunk_cache_path="off"))  # type: ignore[call-arg]
        services.knowledge.sync()
        embedding_calls = [h for h, r in zip(fake.headers, fake.requests, strict=False) if "input" in r]
        assert embedding_calls and all(h["authorization"] == "Bearer sk-from-dotenv" for h in embedding_calls)
        services.store.close()
    finally:
        fake.close()


def test_torch_threads_default_to_half_the_cpu_budget_and_a_setting_wins(tmp_path: Path) -> None:
    from assistant.kb import embeddings

    assert embeddings.torch_threads(0) == embeddings.torch_threads() == max(1, embeddings.cpu_budget() // 2)
    assert 1 <= embeddings.cpu_budget() <= (os.cpu_count() or 1)
    assert embeddings.torch_threads(3) == 3
    assert embeddings.make_embeddings("minilm", threads=3).threads == 3
    with pytest.raises(ConfigError, match="TORCH_THREADS"):
        load_settings(torch_threads=-1)


def _slack_env(tmp_path: Path, api_url: str, **extra: str) -> dict[str, str]:
    return {
        "DATA_DIR": str(tmp_path / "data"),
        "KNOWLEDGE_DIR": str(REPO / "knowledge"),
        "PROMPTS_DIR": str(REPO / "prompts"),
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "s3cret",
        "SLACK_INBOX_CHANNEL": "C1",
        "SLACK_ESCALATION_CHANNEL": "C2",
        "SLACK_API_URL": api_url,
        **extra,
    }


def _closed_port() -> int:
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def test_an_unreachable_slack_api_url_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = cli(["run"], _slack_env(tmp_path, f"http://127.0.0.1:{_closed_port()}/api/"), tmp_path)
    assert result.returncode == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:") or " ERROR " in line]
    assert len(errors) == 1 and errors[0].startswith("error: SLACK_API_URL: cannot reach Slack"), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("setting", ["PORT", "WEBHOOK_PORT"])
def test_a_port_already_in_use_is_one_line_naming_its_setting_and_exit_2(tmp_path: Path, slack_api: Any, setting: str) -> None:
    import socket

    taken = socket.socket()
    taken.bind(("0.0.0.0", 0))
    taken.listen()
    port = str(taken.getsockname()[1])
    ports = {"PORT": str(_closed_port()), "WEBHOOK_PORT": str(_closed_port()), setting: port}
    try:
        result = cli(["run"], _slack_env(tmp_path, slack_api.url, WEBHOOK_SECRETS="zapier=0123456789abcdef0123", **ports), tmp_path)
    finally:
        taken.close()
    assert result.returncode == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {setting}: port {port} is already in use (another social-reply run, or another program); stop that program or set {setting} to a free port"
    ]
    assert "Traceback" not in result.stderr
