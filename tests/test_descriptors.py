"""File descriptors: an evaluation lets go of each set's index, and the HTTP server keeps answering
in a process that holds more than 1,023 of them.

A CI run failed when one test worker had opened ~90 scratch installations (each kept Chroma's
files open) and a fake server's select() then met a descriptor numbered past 1023: its thread died
and every request to it timed out."""

from __future__ import annotations

import os
import threading
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from assistant.serving import StoppableServer

_PROC_FD = Path("/proc/self/fd")
_ARTICLE = """---
id: hours
title: Opening hours
tags: [hours, open]
reply: "We're open 9am to 5pm on weekdays."
url: https://shop.example/help/hours
---
## Bank holidays
We're closed on bank holidays.
"""


def _open_descriptors() -> int:
    return len(os.listdir(_PROC_FD))


@pytest.mark.skipif(not _PROC_FD.is_dir(), reason="counts descriptors in /proc")
def test_an_evaluation_lets_go_of_each_sets_index(settings: Any, tmp_path: Path) -> None:
    from assistant.services import scratch_services

    def one_set(name: str) -> None:  # each set has its own folder, so its own index
        folder = tmp_path / name
        folder.mkdir()
        (folder / "hours.md").write_text(_ARTICLE, encoding="utf-8")
        with scratch_services(settings, folder) as services:
            services.knowledge.sync()
            assert services.knowledge.ground("are you open on bank holidays?").hits

    one_set("first")  # the model is loaded once
    before = _open_descriptors()
    for n in range(5):
        one_set(f"set-{n}")
    assert _open_descriptors() - before <= 2, "each scratch installation keeps descriptors open"


@pytest.mark.skipif(not _PROC_FD.is_dir(), reason="counts descriptors in /proc")
def test_the_server_answers_while_the_process_holds_descriptors_past_1023() -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 1200
    if soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            pytest.skip(f"the descriptor limit ({hard}) is below {wanted}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    held: list[int] = []
    try:
        while not held or held[-1] < 1100:
            held.append(os.open(os.devnull, os.O_RDONLY))

        def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]

        server = StoppableServer(app, "127.0.0.1", 0)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/", timeout=10) as answer:
                assert answer.status == 200 and answer.read() == b"ok"
        finally:
            server.close()
            thread.join(timeout=10)
    finally:
        for fd in held:
            os.close(fd)
        if soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
