"""Knowledge: load the FAQ folder, keep the vector index in step, find the articles for a post."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import ConfigError
from assistant.kb.articles import Article, ArticleLimits, ArticleProblem, load_folder

if TYPE_CHECKING:
    from assistant.drafting.draft import Grounding
    from assistant.kb.index import KnowledgeIndex, SyncReport, Thresholds

# Chosen by `social-reply kb eval` on the bundled sample set (knowledge/ and the sample posts) with
# the default MiniLM embeddings. `kb eval --save` calibrates them on your own cases instead.
DEFAULT_DENSE_THRESHOLD = 0.3065
DEFAULT_LEXICAL_THRESHOLD = 1.9594
CALIBRATION_FILE = "calibration.json"


def saved_calibration(settings: Any, knowledge_dir: Path | None = None) -> dict[str, Any]:
    """What `kb eval --save` stored, if it was for this embedding model and knowledge folder."""
    path = Path(settings.data_dir) / CALIBRATION_FILE
    try:
        saved = json.loads(path.read_text()) if path.is_file() else {}
    except ValueError:
        return {}
    folder = str(Path(knowledge_dir or settings.knowledge_dir).resolve())
    if saved.get("embedding_model") != settings.embedding_model or saved.get("knowledge") not in (None, folder):
        return {}
    return saved


def resolve_thresholds(settings: Any, knowledge_dir: Path | None = None) -> "Thresholds":
    """NO_MATCH_* settings win; then a saved calibration for this model and folder; then the defaults."""
    from assistant.kb.index import Thresholds

    saved = saved_calibration(settings, knowledge_dir)
    dense = settings.no_match_threshold
    lexical = settings.no_match_lexical
    return Thresholds(
        dense=dense if dense is not None else float(saved.get("dense", DEFAULT_DENSE_THRESHOLD)),
        lexical=lexical if lexical is not None else float(saved.get("lexical", DEFAULT_LEXICAL_THRESHOLD)),
    )


def open_index(settings: Any, path: Path | None = None) -> "KnowledgeIndex":
    """The installation's index (a Chroma server, or INDEX_PATH), or a local one at `path`; its
    embeddings use the settings' model and keys, so a key in `.env` reaches them too."""
    from assistant.kb.embeddings import make_embeddings
    from assistant.kb.index import KnowledgeIndex

    embeddings = make_embeddings(settings.embedding_model, settings.openai_api_key, settings.openai_base_url)
    if path is not None:
        return KnowledgeIndex(path, model=settings.embedding_model, embeddings=embeddings)
    return KnowledgeIndex(
        settings.index_dir, host=settings.chroma_host, port=settings.chroma_port, model=settings.embedding_model, embeddings=embeddings
    )


class Knowledge:
    """The articles in `folder` and their index. `sync()` re-reads the folder; bad files are reported."""

    def __init__(self, folder: Path, index: "KnowledgeIndex", thresholds: "Thresholds", limits: ArticleLimits | None = None):
        self.folder = folder
        self.index = index
        self.thresholds = thresholds
        self.limits = limits or ArticleLimits()
        self.articles: dict[str, Article] = {}
        self.problems: list[ArticleProblem] = []
        self._lock = threading.Lock()

    def sync(self) -> "SyncReport":
        """Bring the index in step with the folder. A missing folder (unmounted, mistyped) raises
        ConfigError and leaves the index as it was: it never reads as 'every article was deleted'."""
        with self._lock:
            if not self.folder.is_dir():
                raise ConfigError(f"KNOWLEDGE_DIR: {self.folder} is not a folder (any more); the index was left as it was.")
            loaded = load_folder(self.folder, self.limits)
            report = self.index.sync(loaded.articles)
            self.articles, self.problems = loaded.articles, loaded.problems
            return report

    def ground(self, text: str, k: int = 3) -> "Grounding":
        from assistant.drafting.draft import Grounding

        return Grounding(self.index.search(text, k), self.articles, self.thresholds)

    def check(
        self, text: str, dm_text: str, *, platform: str, customer: str, cited_ids: list[str], **options: Any
    ) -> list[Any]:
        """The draft checks (see `drafting.checks`) against the articles with these ids."""
        from assistant.drafting.checks import check_reply_text

        cited = [self.articles[i] for i in cited_ids if i in self.articles]
        return check_reply_text(text, platform=platform, customer=customer, cited=cited, dm_text=dm_text, **options)

    def check_reply(self, ticket: Any, text: str, dm_text: str) -> list[Any]:
        """The draft checks for an agent's text, against the articles the ticket's draft cited (the
        model's notes belong to the model's draft, not to the agent's)."""
        cited_ids = [c["article_id"] for c in (ticket.draft.citations if ticket.draft else [])]
        return self.check(text, dm_text, platform=ticket.post.platform, customer=ticket.post.author_handle, cited_ids=cited_ids)
