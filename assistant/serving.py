"""A waitress server that stops cleanly: the Slack endpoint and the webhook both run on one."""

from __future__ import annotations

from typing import Any


class StoppableServer:
    """`run()` serves until `close()`; `port` is the one bound (ask for 0 to get a free one)."""

    def __init__(self, app: Any, host: str, port: int, **options: Any):
        from waitress.server import create_server

        self.server = create_server(app, host=host, port=port, **options)
        self.port = int(self.server.effective_port)
        self.closing = False

    def run(self) -> None:
        try:
            self.server.run()
        except OSError:
            if not self.closing:  # waitress's loop sees its sockets closed under it when we stop it
                raise

    def close(self) -> None:
        self.closing = True
        self.server.close()
