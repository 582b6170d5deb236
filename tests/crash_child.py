"""A worker the crash tests kill with SIGKILL at a random moment (run as `python -m tests.crash_child`).

Modes:
  ingest FILE     replay FILE through the pipeline (store, triage, retrieve, draft)
  publish         approve every ticket waiting for review, replies and DMs through a slow outbox
  sync            sync the knowledge folder into the index
It prints "ready" once set up, so the parent times its kill from there, not from the imports.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from assistant.config import load_settings
from assistant.errors import AssistantError
from assistant.publish import Outbox, PublishResult
from assistant.services import build_services


class SlowOutbox(Outbox):
    """The outbox at a platform's pace: a pause before and after each write, where a kill can land."""

    def _write(self, record: dict[str, object]) -> None:
        time.sleep(0.015)
        super()._write(record)
        time.sleep(0.015)

    def publish(self, **kwargs: Any) -> PublishResult:
        return super().publish(**kwargs)


def main(mode: str, *args: str) -> None:
    settings = load_settings()
    services = build_services(settings)
    if mode == "ingest":
        from assistant.sources.replay import replay

        services.knowledge.sync()
        services.knowledge.index.search("warm up the model", 1)
        print("ready", flush=True)
        replay(Path(args[0]), services.pipeline)
    elif mode == "publish":
        services.publishers.outbox = SlowOutbox(services.publishers.outbox.path)
        print("ready", flush=True)
        for ticket in services.store.list(states=["awaiting_review"]):
            try:
                services.desk.approve(ticket.id, "UAGENT")
            except AssistantError:
                pass  # nothing to send (no draft, or blocked by a check)
    elif mode == "sync":
        from assistant.kb.embeddings import load_minilm

        load_minilm()
        print("ready", flush=True)
        services.knowledge.sync()
    print("done", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
