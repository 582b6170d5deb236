"""Knowledge: load the FAQ folder, keep the vector index in step, find the articles for a post."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.kb.articles import Article, ArticleProblem, load_folder

if TYPE_CHECKING:
    from assistant.drafting.draft import Grounding
    from assistant.kb.index import KnowledgeIndex, SyncReport


class Knowledge:
    """The articles in `folder` and their index. `sync()` re-reads the folder; bad files are reported."""

    def __init__(self, folder: Path, index: "KnowledgeIndex", threshold: float):
        self.folder = folder
        self.index = index
        self.threshold = threshold
        self.articles: dict[str, Article] = {}
        self.problems: list[ArticleProblem] = []
        self._lock = threading.Lock()

    def sync(self) -> "SyncReport":
        with self._lock:
            loaded = load_folder(self.folder)
            report = self.index.sync(loaded.articles)
            self.articles, self.problems = loaded.articles, loaded.problems
            return report

    def ground(self, text: str, k: int = 3) -> "Grounding":
        from assistant.drafting.draft import Grounding

        return Grounding(self.index.search(text, k), self.articles, self.threshold)
