"""A waitress server that stops cleanly: the Slack endpoint and the webhook both run on one."""

from __future__ import annotations

from typing import Any

from assistant.errors import ConfigError


class StoppableServer:
    """`run()` serves until `close()`; `port` is the one bound (ask for 0 to get a free one)."""

    def __init__(self, app: Any, host: str, port: int, *, setting: str = "PORT", **options: Any):
        import errno

        from waitress.server import create_server

        # poll(), not select(): select() can't watch a descriptor numbered past 1023, and a process
        # holding that many (a long evaluation, many clients) would see its server thread die.
        options.setdefault("asyncore_use_poll", True)
        try:
            self.server = create_server(app, host=host, port=port, **options)
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
                why = (
                    "is already in use (another social-reply run, or another program)" if exc.errno == errno.EADDRINUSE else f"can't be opened ({exc.strerror})"
                )
                raise ConfigError(f"{setting}: port {port} {why}; stop that program or set {setting} to a free port") from None
            raise
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
