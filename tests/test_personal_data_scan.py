"""Personal data posted by customers never leaves arrival unmasked: not into the database (its WAL
included), the outbox, the logs at DEBUG, Slack, the model, or the CLI."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from assistant.clients.x import TimeoutAdapter, make_x_client
from assistant.config import Settings
from assistant.logs import configure_logging
from assistant.services import build_services
from assistant.sources.replay import replay
from assistant.sources.x import XMentions
from tests.conftest import REPO, SlackHarness
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.x_transport import XTransport, json_body

CARD = "5555 5555 5555 4444"
IBAN = "GB82 WEST 1234 5698 7654 32"
EMAIL = "jörg.müller@bücher.de"
PHONE = "+1 415 555 2671"
NATIONAL_PHONE = "07911 123456"
# Forms a filter of formats misses: split by emoji, spelled, dodging "@", stated, in a link.
SPLIT_CARD = "4539🙂1488🙂0343🙂6467"
DODGED_EMAIL = "jo.baker at example dot com"
PASSWORD = "Kettle!2024x"
BIRTH = "12/03/1985"
STREET = "221 Baker Street"
NINO = "AB 12 34 56 C"
WHATSAPP = "447700900123"
REJECTED_CARD = "4539 1488 0343 6467"
# Every form a leak could take: as written, and with the separators gone.
FORBIDDEN = [
    CARD,
    CARD.replace(" ", ""),
    "5555 5555 5555",
    IBAN,
    IBAN.replace(" ", ""),
    EMAIL,
    "jörg.müller",
    "415 555 2671",
    "4155552671",
    NATIONAL_PHONE,
    "7911123456",
    SPLIT_CARD,
    "4539🙂1488",
    DODGED_EMAIL,
    "jo.baker",
    PASSWORD,
    BIRTH,
    STREET,
    NINO,
    WHATSAPP,
    REJECTED_CARD,
    "4539148803436467",
]


def leaks(blob: str | bytes) -> list[str]:
    text = blob.decode("utf-8", "replace") if isinstance(blob, bytes) else blob
    escaped = json.dumps(text)  # also catch \\u-escaped forms in JSON payloads
    return [value for value in FORBIDDEN if value in text or json.dumps(value)[1:-1] in escaped]


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    root = logging.getLogger()
    root.addHandler(handler)
    levels = {name: logging.getLogger(name).level for name in ("", "tweepy", "urllib3", "slack_sdk", "openai", "httpx")}
    configure_logging("DEBUG")
    yield buffer
    root.removeHandler(handler)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def test_no_raw_personal_data_anywhere(tmp_path: Path, shared_index: Path, captured_logs: io.StringIO) -> None:
    slack_api, llm = FakeSlackAPI(), FakeOpenAI()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=tmp_path / "data",
        index_path=shared_index,
        knowledge_dir=REPO / "knowledge",
        prompts_dir=REPO / "prompts",
        slack_bot_token="xoxb-test",
        slack_signing_secret="secret",
        slack_inbox_channel="CINBOX",
        slack_escalation_channel="CESC",
        slack_api_url=slack_api.url,
        openai_api_key="sk-test",
        openai_base_url=llm.url,
        openai_model="fake-model",
        llm_timeout_seconds=5,
        llm_max_retries=0,
        x_api_key="ck",
        x_api_secret="cs",
        x_access_token="at",
        x_access_token_secret="ats",
    )
    client = make_x_client(settings)
    mentions = {
        "data": [
            {"id": "301", "text": f"@NimbusHome you charged my card twice!! card {CARD}, refund to {IBAN} pls", "author_id": "71"},
            {"id": "302", "text": f"reset my password, email {EMAIL} or call {PHONE}", "author_id": "72"},
            {"id": "303", "text": f"broken mention with no author, my card {CARD}"},
            {
                "id": "304",
                "text": f"@NimbusHome card {SPLIT_CARD}, mail {DODGED_EMAIL}, my password is {PASSWORD}, DOB {BIRTH}, "
                f"I live at {STREET}, NI {NINO}, or https://wa.me/{WHATSAPP}",
                "author_id": "72",
            },
        ],
        "includes": {
            "users": [
                {"id": "71", "username": "sam_k", "name": f"Sam {NATIONAL_PHONE}", "public_metrics": {"followers_count": 10}},
                {"id": "72", "username": "jo", "name": f"Jo ({EMAIL})", "public_metrics": {"followers_count": 10}},
            ]
        },
        "meta": {"result_count": 3},
    }

    def x_api(request: requests.PreparedRequest) -> Any:
        if "/mentions" in (request.url or ""):
            return json_body(mentions)
        if "/dm_conversations/" in (request.url or ""):
            return json_body({"data": {"dm_conversation_id": "1-71", "dm_event_id": "9001"}}, status=201)
        return json_body({"data": {"id": "8001", "text": "ok"}}, status=201)

    adapter = client.session.get_adapter("https://api.twitter.com/")
    assert isinstance(adapter, TimeoutAdapter)
    adapter.inner = XTransport(x_api)
    services = build_services(settings, x_client=client)
    services.knowledge.sync()
    harness = SlackHarness(services, slack_api)
    try:
        llm.script += [
            json.dumps(
                {
                    "reply": "@jo Tap 'Forgot password' on the sign-in screen.",
                    "cited": ["reset-password"],
                    "needs_dm": False,
                    "dm_text": "",
                    "confidence": 0.9,
                    "risk_notes": [],
                }
            )
        ]
        XMentions(client, services.store, user_id="900").poll(services.pipeline)
        replay_file = tmp_path / "posts.jsonl"
        replay_file.write_text(
            json.dumps({"id": "r1", "author": "kim", "name": f"Kim {PHONE}", "text": f"where is my order? text me on {NATIONAL_PHONE}"})
            + "\n"
            + json.dumps({"id": "r2", "text": f"bad followers {CARD}", "followers": "many", "author": "kim"})
            + "\n"
            + f'{{"id": "r3", "text": "not json {EMAIL}\n'
            + json.dumps({"id": "r4", "text": "hi", "created_at": REJECTED_CARD, "author": "kim"})
            + "\n",
            encoding="utf-8",
        )
        replay(replay_file, services.pipeline)
        tickets = services.store.list()
        assert len(tickets) == 4 and len(services.store.rejected()) == 4
        charged = next(t for t in tickets if t.post.external_id == "301")
        assert charged.draft.dm_text, "a private answer: reply and DM"
        outcome = services.desk.approve(charged.id, "UAGENT1")
        assert "DM sent" in outcome.message
        for ticket in tickets:
            services.inbox.refresh(ticket.id)
        services.store.close()

        db = settings.data_dir / "assistant.db"
        stores = {path.name: path.read_bytes() for path in settings.data_dir.glob("assistant.db*")}
        assert db.name in stores
        for name, blob in stores.items():
            assert leaks(blob) == [], f"{name} holds raw personal data"
        assert leaks(captured_logs.getvalue()) == [], "the logs (at DEBUG, libraries included) hold raw personal data"
        assert "Making API request" not in captured_logs.getvalue(), "tweepy's debug lines (with whole pages) are held back"
        assert leaks(json.dumps([call.args for call in slack_api.calls], ensure_ascii=False)) == [], "a Slack payload holds raw personal data"
        assert llm.requests and leaks(json.dumps(llm.requests, ensure_ascii=False)) == [], "an LLM request holds raw personal data"
        outbox = settings.data_dir / "outbox.jsonl"
        assert not outbox.exists() or leaks(outbox.read_bytes()) == []
        sent = [json.loads(r.body) for r in adapter.inner.requests if r.method == "POST"]
        assert len(sent) == 2 and leaks(json.dumps(sent, ensure_ascii=False)) == [], "nothing posted to X repeats it"

        env = {**os.environ, "DATA_DIR": str(settings.data_dir), "KNOWLEDGE_DIR": str(REPO / "knowledge"), "PROMPTS_DIR": str(REPO / "prompts")}
        fresh = dict(env, DATA_DIR=str(tmp_path / "again"))  # replay's own report of the bad lines, into a new store
        replayed = subprocess.run(
            [sys.executable, "-m", "assistant", "replay", str(replay_file), "--json"], capture_output=True, text=True, env=fresh, cwd=tmp_path, timeout=120
        )
        assert replayed.returncode == 0 and "is not an ISO 8601 time" in replayed.stdout and leaks(replayed.stdout + replayed.stderr) == [], (
            "replay --json quotes no raw value"
        )
        # The reading commands in this process (replay above ran as its own): the same commands, no start-up each.
        from typer.testing import CliRunner

        from assistant.cli import app

        runner = CliRunner()
        reading = {key: env[key] for key in ("DATA_DIR", "KNOWLEDGE_DIR", "PROMPTS_DIR")}
        for args in (["tickets", "--json"], ["tickets"], [*("ticket", str(charged.id)), "--json"], ["rejected", "--json"], ["rejected"], ["stats", "--json"]):
            result = runner.invoke(app, args, env=reading)
            assert result.exit_code == 0, result.output
            assert leaks(result.output) == [], f"`social-reply {' '.join(args)}` prints raw personal data"
        masked = json.loads(runner.invoke(app, ["tickets", "--json"], env=reading).output)
        assert any("[card ••••4444]" in t["post"] for t in masked) and any("[email]" in t["post"] for t in masked)
    finally:
        harness.close()
        slack_api.close()
        llm.close()
