"""The compose topology, tested as an operator would: `docker compose up` (PostgreSQL, a Chroma
server, two replicas, nginx), a post sent in through the one webhook port reaches a fake Slack as a
card, one replica is killed (SIGKILL) and a second post still comes through the same port, handled
by the other. Prints each step's time and writes build/compose-check.json; exit 1 on any failure.

Run by `ops/compose-check.sh` (`make compose-check`) after the images are built.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from assistant.sources.webhook import PATH, sign
from tests.fakes.slack_api import FakeSlackAPI

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "social-reply-check"
PORTS = {
    "PG_PORT": 55440,
    "CHROMA_PORT": 8040,
    "PROXY_PORT": 3100,
    "PROXY_WEBHOOK_PORT": 3200,
    "BOT1_PORT": 3101,
    "BOT2_PORT": 3102,
    "BOT1_WEBHOOK_PORT": 3201,
    "BOT2_WEBHOOK_PORT": 3202,
}
SECRET = "compose-check-" + secrets.token_hex(8)
INBOX = "CINBOX"


class Failed(Exception):
    pass


def wait(what: str, check: Callable[[], Any], timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except requests.RequestException:
            value = None
        if value:
            return value
        time.sleep(0.5)
    raise Failed(f"{what}: not within {timeout:.0f} s")


def compose(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", "compose", "-p", PROJECT, "-f", str(ROOT / "compose.yaml"), *args], env=env, text=True, capture_output=True, check=check)


def post(number: int) -> requests.Response:
    body = json.dumps(
        {"platform": "trustpilot", "id": f"check-{number}", "author": f"customer_{number}", "text": f"How do I reset my password? (check {number})"}
    )
    stamp = str(int(time.time()))
    headers = {"X-Source": "zapier", "X-Signature-Timestamp": stamp, "X-Signature": sign(SECRET, stamp, body.encode()), "Content-Type": "application/json"}
    return requests.post(f"http://127.0.0.1:{PORTS['PROXY_WEBHOOK_PORT']}{PATH}", data=body, headers=headers, timeout=10)


def card(slack: FakeSlackAPI, number: int) -> bool:
    return any(f"(check {number})" in json.dumps(m.get("blocks")) for m in slack.of("chat.postMessage") if not m.get("thread_ts"))


def ready(port: int) -> bool:
    return requests.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200


def metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="Leave the topology running afterwards.")
    args = parser.parse_args(argv)
    slack = FakeSlackAPI()
    env = {
        **os.environ,
        **{name: str(port) for name, port in PORTS.items()},
        "POSTGRES_PASSWORD": secrets.token_hex(12),
        "SLACK_API_URL": slack.url,
        "SLACK_BOT_TOKEN": "xoxb-compose-check",
        "SLACK_SIGNING_SECRET": "compose-check-signing-secret",
        "SLACK_INBOX_CHANNEL": INBOX,
        "SLACK_ESCALATION_CHANNEL": "CESCALATE",
        "WEBHOOK_SECRETS": f"zapier={SECRET}",
        "LEASE_SECONDS": "6",
    }
    steps: list[tuple[str, float]] = []
    started = time.monotonic()

    def step(name: str) -> None:
        steps.append((name, round(time.monotonic() - started, 1)))
        print(f"[compose-check] {steps[-1][1]:6.1f} s  {name}", file=sys.stderr, flush=True)

    ok = False
    try:
        compose("down", "-v", "--remove-orphans", env=env, check=False)
        up = compose("up", "-d", "--no-build", env=env, check=False)
        if up.returncode != 0:
            raise Failed(f"docker compose up failed: {up.stderr[-2000:]}")
        step("compose up: postgres, chroma, bot-1, bot-2, proxy")
        wait("both replicas ready (/readyz)", lambda: ready(PORTS["BOT1_PORT"]) and ready(PORTS["BOT2_PORT"]), 420)
        wait("ready through the proxy", lambda: ready(PORTS["PROXY_PORT"]), 30)
        step("both replicas ready, and through the one port")
        answer = wait("post 1 accepted (202)", lambda: (response := post(1)).status_code == 202 and response, 30)  # noqa: F841
        wait("card 1 in Slack", lambda: card(slack, 1), 120)
        step(f"post 1 in through the proxy ({answer.status_code}), its card in Slack")
        killed = compose("kill", "-s", "SIGKILL", "bot-1", env=env, check=False)
        if killed.returncode != 0:
            raise Failed(f"could not kill bot-1: {killed.stderr[-500:]}")
        step("bot-1 killed (SIGKILL)")
        wait("post 2 accepted (202) with bot-1 dead", lambda: post(2).status_code == 202, 60)
        wait("card 2 in Slack", lambda: card(slack, 2), 120)
        step("post 2 in through the same port, its card in Slack: bot-2 carried on")
        text = wait(
            "one replica alive in /metrics",
            lambda: (
                (m := requests.get(f"http://127.0.0.1:{PORTS['PROXY_PORT']}/metrics", timeout=5).text) and metric(m, "social_reply_replicas_alive") == 1 and m
            ),
            60,
        )
        received = metric(text, "social_reply_posts_received_total")
        if received != 2:
            raise Failed(f"/metrics counts {received} posts received, not 2")
        step("/metrics: 2 posts received, 1 replica alive")
        ok = True
    except (Failed, requests.RequestException, subprocess.SubprocessError) as exc:
        print(f"[compose-check] FAILED: {exc}", file=sys.stderr)
        logs = compose("logs", "--no-color", "--tail", "60", env=env, check=False)
        print(logs.stdout[-12000:], file=sys.stderr)
    finally:
        if not args.keep:
            compose("down", "-v", "--remove-orphans", env=env, check=False)
        slack.close()
    result = {"ok": ok, "steps": [{"step": name, "seconds": seconds} for name, seconds in steps], "seconds": round(time.monotonic() - started, 1)}
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "compose-check.json").write_text(json.dumps(result, indent=2) + "\n")
    print("| seconds | step |\n|---:|---|\n" + "\n".join(f"| {s} | {n} |" for n, s in steps))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
