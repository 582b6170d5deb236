"""Sources: one module per platform, each turning what arrives into `Post`s for an `Intake`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from assistant.pipeline import Ingested
    from assistant.posts import Post


class Intake(Protocol):
    """Where a source hands its items: the pipeline. Every item ends as a ticket or a rejected item."""

    def ingest(self, post: "Post", *, source: str = "", raw: str = "", where: str = "", ours: bool = False) -> "Ingested": ...

    def reject(self, source: str, reason: str, raw: str, *, where: str = "", external_id: str = "") -> "Ingested": ...

    def draft_pending(self) -> int: ...
