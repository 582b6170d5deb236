from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import requests

from assistant.config import Settings
from assistant.posts import Post
from assistant.services import Services, build_services
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.slack_api import FakeSlackAPI

REPO = Path(__file__).resolve().parents[1]
# Generated-input tests run their stated number of examples; FUZZ_SCALE=10 runs ten times as many.
FUZZ_SCALE = max(1, int(__import__("os").environ.get("FUZZ_SCALE", "1") or 1))

# Fixtures of the replica-process tests (a fake Slack, a fake Mastodon, PostgreSQL, `run` processes).
pytest_plugins = ["tests.replica_world"]


def pytest_configure(config: pytest.Config) -> None:
    """One chunk-vector cache for the whole run, both workers and every process they start: the
    sample folder is embedded once, not once per index a test builds (CHUNK_CACHE_PATH)."""
    import os
    import tempfile

    os.environ.setdefault("CHUNK_CACHE_PATH", str(Path(tempfile.gettempdir()) / "social-reply-tests" / "chunk-vectors.sqlite3"))


# The longest files go to the two workers first (`--dist loadfile --no-loadscope-reorder` hands
# out files in collection order; xdist's own order, by number of tests, put the two one-test files
# of replica processes last, and one worker ran them alone for 26 s at the end of the suite).
LONGEST_FIRST = (  # by measured total time with PostgreSQL (`--durations=0`), longest first, so the two workers finish together
    "test_crashes.py",  # 49 s
    "test_cli.py",  # 45 s
    "test_injection.py",  # 34 s
    "test_asked_things.py",  # 31 s
    "test_cli_evals.py",  # 28 s
    "test_replica_reminders.py",  # 26 s (three `run` processes: not beside the other file of replicas)
    "test_passages.py",  # 27 s
    "test_slack_safety.py",  # 26 s
    "test_replica_processes.py",  # 26 s
    "test_cli_draft_eval.py",  # 24 s
    "test_settings.py",  # 22 s
    "test_channels.py",  # 19 s
    "test_triage.py",  # 19 s
    "test_llm_drafting.py",  # 18 s
    "test_minilm.py",  # 17 s
    "test_scripted_week.py",  # 17 s
    "test_tone.py",  # 17 s
    "test_policy.py",  # 15 s
    "test_replicas.py",  # 15 s
    "test_checks.py",  # 15 s
    "test_schema.py",  # 15 s
    "test_conversations.py",  # 14 s
    "test_poison_items.py",  # 14 s
    "test_privacy.py",  # 14 s
    "test_learning.py",  # 13 s
    "test_questions.py",  # 12 s
    "test_allowlist.py",  # 11 s
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: each file's own order is kept


def examples(count: int) -> int:
    return count * FUZZ_SCALE


SIGNING_SECRET = "test-signing-secret"
INBOX, ESCALATIONS = "CINBOX", "CESCALATE"


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp_path / "data",
        "knowledge_dir": REPO / "knowledge",
        "prompts_dir": REPO / "prompts",
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


class CrashAfterFirst:
    """An intake whose process dies while storing the second post: the first is stored for real."""

    def __init__(self, pipeline: Any):
        self.pipeline = pipeline
        self.stored: list[str] = []

    def ingest(self, post: Any, **kw: Any) -> Any:
        if self.stored:
            raise RuntimeError("process died")
        self.stored.append(post.external_id)
        return self.pipeline.ingest(post, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pipeline, name)


def poll_briefly(run: Callable[..., None], intake: Any, requests: list[Any], settle: float = 0.5) -> bool:
    """Start a poller's `run` with a 10 ms interval, wait for its first request, give it `settle`
    seconds to make more (a spinning poller would), then stop it. True when it stopped."""
    stop = threading.Event()
    worker = threading.Thread(target=run, args=(intake, stop, 0.01))
    worker.start()
    wait_until(lambda: requests, timeout=5)
    time.sleep(settle)
    stop.set()
    worker.join(timeout=5)
    return not worker.is_alive()


def wait_until(check: Callable[[], Any], timeout: float = 15.0) -> Any:
    """Bolt runs listeners after it acks, so effects land shortly after the HTTP response."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"condition not met within {timeout} s")


def run_env(tmp_path: Path, index: Path, slack_api_url: str, **extra: str) -> dict[str, str]:
    """The environment of a `social-reply run` process in a test: the repository's knowledge and
    prompts, a fake Slack, no network or model configured unless `extra` says so."""
    import os

    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DATA_DIR": str(tmp_path / "data"),
        "INDEX_PATH": str(index),
        "KNOWLEDGE_DIR": str(REPO / "knowledge"),
        "PROMPTS_DIR": str(REPO / "prompts"),
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_APP_TOKEN": "",
        "SLACK_INBOX_CHANNEL": INBOX,
        "SLACK_ESCALATION_CHANNEL": "CESCALATE",
        "SLACK_API_URL": slack_api_url,
        "KB_POLL_SECONDS": "0",
        "OPENAI_API_KEY": "",
        "X_BEARER_TOKEN": "",
        "MASTODON_BASE_URL": "",
        "MASTODON_ACCESS_TOKEN": "",
        "BLUESKY_HANDLE": "",
        "BLUESKY_APP_PASSWORD": "",
        "WEBHOOK_SECRETS": "",
        **extra,
    }


def empty_database(url: str) -> str:
    """Nothing left in the database at `url`: every table gone, Alembic's version too (a SQLite file is
    deleted). Returns the URL."""
    import sqlalchemy

    parsed = sqlalchemy.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return url
    engine = sqlalchemy.create_engine(parsed, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sqlalchemy.text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(sqlalchemy.text("CREATE SCHEMA public"))
    finally:
        engine.dispose()
    return url


def postgres_url(name: str) -> str:
    """A PostgreSQL database of this test file's own, per pytest-xdist worker (created on first use),
    on the server TEST_DATABASE_URL names, so two workers never drop each other's tables; the test
    is skipped when no server is configured."""
    import os

    import sqlalchemy

    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set (.ci/run starts a PostgreSQL server when one is installed)")
    url = sqlalchemy.engine.make_url(base)
    # One per test file and pytest-xdist worker: a file's tests may run on both workers at once.
    database = f"test_{name}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    engine = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            if not connection.scalar(sqlalchemy.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": database}):
                try:
                    connection.execute(sqlalchemy.text(f'CREATE DATABASE "{database}"'))
                except sqlalchemy.exc.ProgrammingError:
                    pass  # created meanwhile by the other worker
    finally:
        engine.dispose()
    return url.set(database=database).render_as_string(hide_password=False)


class Clock:
    """A controlled clock: the store (and the scheduler, through it) reads it; the test moves it."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def make_post(external_id: str = "1001", text: str = "How do I reset my password? The app won't let me in", **kw: Any) -> Post:
    return Post(
        platform=kw.pop("platform", "x"),
        external_id=external_id,
        author_handle=kw.pop("author", "sam_k"),
        text=text,
        author_followers=kw.pop("followers", 250),
        **kw,
    )


@contextlib.contextmanager
def drafting_in(settings: Settings, folder: Path, articles: dict[str, str]) -> Iterator[tuple[Services, Callable[[str, str], Any]]]:
    """A scratch installation whose knowledge folder holds only `articles` (file name: text), and a
    function that ingests one post by @dana and returns its drafted ticket."""
    from assistant.services import scratch_services

    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    with scratch_services(settings, folder) as services:
        services.knowledge.sync()

        def draft(text: str, post_id: str) -> Any:
            return services.store.get(services.pipeline.ingest(Post("x", post_id, "dana", text)).ticket_id)

        yield services, draft


@pytest.fixture(scope="session")
def shared_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index of the repo's knowledge folder for the whole session; embedding it once saves minutes."""
    return tmp_path_factory.mktemp("index")


@pytest.fixture(scope="module")
def built_index(shared_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's index of the knowledge folder, brought in step (at once if another test on this
    worker built it); a test that starts a process on it works on its own copy."""
    services = build_services(make_settings(tmp_path_factory.mktemp("replica-build"), index_path=shared_index))
    services.knowledge.sync()
    services.store.close()
    return shared_index


@pytest.fixture
def slack_api() -> Iterator[FakeSlackAPI]:
    fake = FakeSlackAPI()
    yield fake
    fake.close()


@pytest.fixture
def settings(tmp_path: Path, shared_index: Path, slack_api: FakeSlackAPI) -> Settings:
    return make_settings(
        tmp_path,
        index_path=shared_index,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SIGNING_SECRET,
        slack_inbox_channel=INBOX,
        slack_escalation_channel=ESCALATIONS,
        slack_api_url=slack_api.url,
    )


def module_services(tmp_path_factory: pytest.TempPathFactory, name: str, **overrides: Any) -> Iterator[Services]:
    """Services with one store for a whole test module (tests there use post ids of their own),
    over an index of its own beside the others; for `scope="module"` fixtures."""
    built = build_services(make_settings(tmp_path_factory.mktemp(name), index_path=tmp_path_factory.getbasetemp() / f"{name}-index", **overrides))
    built.knowledge.sync()
    yield built
    built.store.close()


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    built = build_services(settings)
    built.knowledge.sync()
    yield built
    built.store.close()


class SlackHarness:
    """The real Bolt app behind waitress on loopback, and a way to send it signed Slack requests."""

    def __init__(self, services: Services, api: FakeSlackAPI):
        from assistant.slack.app import build_app, http_server
        from tests.fakes.slack_api import SignedSlackClient

        self.services = services
        self.api = api
        self.app = build_app(services)
        self.server = http_server(self.app, host="127.0.0.1", port=0)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.port}/slack/events"
        self.client = SignedSlackClient(self.url, SIGNING_SECRET)
        self.post = self.client.post
        self.payload = self.client.payload
        self.event = self.client.event

    def click(self, action_id: str, value: str, *, user: str = "UAGENT1", channel: str = INBOX, ts: str = "", block_id: str = "actions") -> requests.Response:
        return self.client.click(action_id, value, user=user, channel=channel, ts=ts, block_id=block_id)

    def submit(
        self,
        callback_id: str,
        ticket_id: str,
        values: dict[str, dict[str, str]],
        *,
        user: str = "UAGENT1",
        view_id: str = "V1",
        blocks: list[Any] | None = None,
    ) -> requests.Response:
        """A modal submission; `ticket_id` is sent as the modal's metadata, as our modals carry it."""
        state = {block: {action: {"type": "plain_text_input", "value": text} for action, text in inputs.items()} for block, inputs in values.items()}
        platform = "x"
        if ticket_id.isdigit():
            try:
                platform = self.services.store.get(int(ticket_id)).post.platform
            except Exception:  # noqa: BLE001 - an unknown ticket is what some tests send
                pass
        metadata = json.dumps({"ticket": int(ticket_id) if ticket_id.isdigit() else ticket_id, "platform": platform})
        return self.client.submit(callback_id, metadata, state, user=user, view_id=view_id, blocks=blocks)

    def command(self, text: str, *, user: str = "UAGENT1") -> requests.Response:
        return self.post(
            urlencode(
                {
                    "token": "legacy",
                    "team_id": "T1",
                    "channel_id": INBOX,
                    "user_id": user,
                    "user_name": user.lower(),  # Slack sends the person's name with every command
                    "command": "/social",
                    "text": text,
                    "response_url": self.api.server.url + "/respond/1",
                    "trigger_id": "555.666.ghi",
                }
            )
        )

    def answer(self, text: str, *, user: str = "UAGENT1") -> str:
        """Run `/social text` and wait for its answer, which arrives on the response URL."""
        before = len(self.api.of("respond"))
        response = self.command(text, user=user)
        assert response.status_code == 200
        return wait_until(lambda: self.api.of("respond")[before:])[0]["text"]

    def modal_result(self, view_id: str = "V1", count: int = 1) -> dict[str, Any]:
        """The `count`-th views.update of a modal: how its submission went."""
        return wait_until(lambda: len(updates := [u for u in self.api.of("views.update") if u.get("view_id") == view_id]) >= count and updates)[count - 1][
            "view"
        ]

    def close(self) -> None:
        from assistant.slack.app import drain

        self.server.close()
        drain(self.app)


@pytest.fixture
def slack(services: Services, slack_api: FakeSlackAPI) -> Iterator[SlackHarness]:
    harness = SlackHarness(services, slack_api)
    yield harness
    harness.close()


@pytest.fixture
def llm() -> Iterator[FakeOpenAI]:
    """A fake OpenAI-compatible server on loopback, for the real openai client."""
    fake = FakeOpenAI()
    yield fake
    fake.close()


@pytest.fixture
def llm_services(settings: Settings, llm: FakeOpenAI) -> Iterator[Services]:
    """Services drafting through the LLM path, against `llm` (2 s timeout, no retries)."""
    configured = settings.model_copy(
        update={"openai_api_key": "sk-test", "openai_base_url": llm.url, "openai_model": "fake-model", "llm_timeout_seconds": 2.0, "llm_max_retries": 0}
    )
    built = build_services(configured)
    built.knowledge.sync()
    yield built
    built.store.close()


def outbox_lines(services: Services) -> list[dict[str, Any]]:
    path = services.publishers.outbox.path
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
