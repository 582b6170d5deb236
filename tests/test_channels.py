"""`social-reply run` pointed at Mastodon, Bluesky, X and the webhook at once, as an operator starts it."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests

from assistant.slack import constants as c
from assistant.sources.webhook import PATH, sign
from tests.conftest import SIGNING_SECRET, run_env, wait_until
from tests.fakes.bluesky_api import (
    OWN_HANDLE,
    PASSWORD,
    FakeBluesky,
    author,
    notification,
)
from tests.fakes.mastodon_api import FakeMastodon, account, mention, status
from tests.fakes.slack_api import FakeSlackAPI, SignedSlackClient

WEBHOOK_SECRET = "zapier-secret-0123456789abcdef"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _env(tmp_path: Path, shared_index: Path, slack_api: FakeSlackAPI, **extra: str) -> dict[str, str]:
    return run_env(tmp_path, shared_index, slack_api.url, **extra)


def _card_for(slack_api: FakeSlackAPI, platform_text: str) -> dict[str, Any] | None:
    return next((card for card in slack_api.of("chat.postMessage") if platform_text in json.dumps(card.get("blocks"))), None)


def _approve(client: SignedSlackClient, card: dict[str, Any]) -> Any:
    try:
        return client.click(c.APPROVE, card["blocks"][-1]["elements"][0]["value"])
    except OSError:
        return None


def test_run_takes_and_answers_posts_from_mastodon_bluesky_and_the_webhook_at_once_and_logs_what_is_live(tmp_path, shared_index, slack_api) -> None:  # noqa: ANN001
    mastodon, bluesky = FakeMastodon(max_characters=1000), FakeBluesky()
    mastodon.add(mention(1, status("5001", "<p>@NimbusHome how do I reset my password? the app won't let me in</p>", account(1))))
    bluesky.add(notification("3kgiftcard0001", "@nimbushome.bsky.social do gift cards expire?", author(1)))
    port, hook_port = _free_port(), _free_port()
    log = tmp_path / "run.log"
    env = _env(
        tmp_path,
        shared_index,
        slack_api,
        PORT=str(port),
        WEBHOOK_PORT=str(hook_port),
        WEBHOOK_SECRETS=f"zapier={WEBHOOK_SECRET}",
        MASTODON_BASE_URL=mastodon.url,
        MASTODON_ACCESS_TOKEN="token-1",
        MASTODON_POLL_SECONDS="0.5",
        BLUESKY_HANDLE=OWN_HANDLE,
        BLUESKY_APP_PASSWORD=PASSWORD,
        BLUESKY_SERVICE_URL=bluesky.url,
        BLUESKY_POLL_SECONDS="0.5",
        X_BEARER_TOKEN="bearer-that-reaches-nothing",
        X_POLL_SECONDS="3600",
        DESK_RELEARN_HOURS="0.0005",  # every 1.8 s: the desk's labels, too few here, are tried and logged
    )
    with log.open("w") as output:
        bot = subprocess.Popen([sys.executable, "-m", "assistant", "run"], cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until(lambda: "LIVE webhook" in log.read_text() or bot.poll() is not None, timeout=120)
        body = json.dumps({"platform": "trustpilot", "id": "tp-77", "author": "Dana", "text": "Where is my order? Ordered a kettle ten days ago"}).encode()
        stamp = str(int(time.time()))
        answer = wait_until(lambda: _send(f"http://127.0.0.1:{hook_port}{PATH}", body, stamp), timeout=30)
        assert answer.status_code == 202, answer.text
        cards = wait_until(
            lambda: all(_card_for(slack_api, text) for text in ("customer1@fosstodon.org", "customer1.bsky.social", "Dana")) or bot.poll() is not None,
            timeout=120,
        )
        assert cards is True, log.read_text()
        client = SignedSlackClient(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET)
        for text in ("customer1@fosstodon.org", "customer1.bsky.social"):
            assert wait_until(lambda: _approve(client, _card_for(slack_api, text)), timeout=30).status_code == 200
        wait_until(lambda: mastodon.posted and bluesky.created, timeout=60)
        relearned = Path(env["DATA_DIR"]) / "desk-learning.json"
        assert wait_until(lambda: relearned.is_file() and any(e["labels"] == 2 for e in json.loads(relearned.read_text())), timeout=30), log.read_text()
    finally:
        bot.send_signal(signal.SIGTERM)
        try:
            bot.wait(timeout=60)
        finally:
            bot.kill()
            mastodon.close()
            bluesky.close()
    started = log.read_text()
    for line in (
        f"LIVE Mastodon: @NimbusHome on {mastodon.url}, replies up to 1000 characters (its own limit)",
        f"LIVE Bluesky: @{OWN_HANDLE} on {bluesky.url}",
        f"LIVE webhook: POST :{hook_port}{PATH} from zapier",
        "LIVE X: mentions polling every 3600 s, replies to the outbox (set the four user keys to post)",
        "replies: live platforms: bluesky, mastodon; webhook posts with a callback URL are answered there (zapier)",
        "LIVE desk relearning: the no-match decision is relearned on agents' actions every 0.0005 h (kept only when not worse)",
        "desk relearning on 2 labels: too few labels (2 answerable, 0 with no article; 20 in all and 5 of each at least)",
    ):
        assert line in started, started
    last = json.loads((Path(env["DATA_DIR"]) / "desk-learning.json").read_text())[-1]
    assert last["by"].startswith("run (") and not last["kept"], "one replica relearned, and kept nothing from too few labels"
    [reply] = mastodon.posted
    assert reply["in_reply_to_id"] == "5001" and "@customer1@fosstodon.org" in reply["text"] and reply["visibility"] == "public"
    [created] = bluesky.created
    assert created["record"]["reply"]["parent"]["uri"].endswith("/3kgiftcard0001") and "never expire" in created["record"]["text"]
    assert "/1000 characters" in json.dumps(_card_for(slack_api, "customer1@fosstodon.org")), "the card counts by the limit the server said"
    review_card = json.dumps(_card_for(slack_api, "Dana"), ensure_ascii=False)
    assert "characters by X's rule" in review_card and "please don't post them here" in review_card and "sent you a DM" not in review_card


def _send(url: str, body: bytes, stamp: str) -> requests.Response | None:
    headers = {"X-Source": "zapier", "X-Signature-Timestamp": stamp, "X-Signature": sign(WEBHOOK_SECRET, stamp, body), "Content-Type": "application/json"}
    try:
        return requests.post(url, data=body, headers=headers, timeout=10)
    except requests.ConnectionError:
        return None


def test_a_network_half_configured_or_refusing_its_password_stops_the_start_with_the_setting_to_fix(tmp_path, shared_index, slack_api) -> None:  # noqa: ANN001
    half = subprocess.run(
        [sys.executable, "-m", "assistant", "run"],
        cwd=tmp_path,
        env=_env(tmp_path, shared_index, slack_api, MASTODON_BASE_URL="https://mastodon.example"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert half.returncode != 0 and "MASTODON_ACCESS_TOKEN: required to connect Mastodon, because MASTODON_BASE_URL is set" in half.stderr + half.stdout
    bluesky = FakeBluesky()
    try:
        refused = subprocess.run(
            [sys.executable, "-m", "assistant", "run"],
            cwd=tmp_path,
            env=_env(tmp_path, shared_index, slack_api, BLUESKY_HANDLE=OWN_HANDLE, BLUESKY_APP_PASSWORD="wrong-pass-word-xx", BLUESKY_SERVICE_URL=bluesky.url),
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        bluesky.close()
    said = refused.stderr + refused.stdout
    assert refused.returncode != 0 and "BLUESKY_APP_PASSWORD: " in said and "refused the login" in said
    assert "wrong-pass-word-xx" not in said, "a password is never echoed"
