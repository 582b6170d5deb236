"""Knowledge articles: one Markdown file each, YAML front matter then body (format in the README)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from assistant.drafting.limits import x_weighted_length

MAX_REPLY_CHARS = 230
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")
_KNOWN_KEYS = {"id", "title", "tags", "reply", "url", "private", "escalate"}


@dataclass(frozen=True)
class Chunk:
    article_id: str
    number: int
    heading: str
    text: str


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    reply: str
    body: str
    path: str
    tags: tuple[str, ...] = ()
    url: str = ""
    private: bool = False
    escalate: bool = False

    @property
    def content_hash(self) -> str:
        """Changes whenever anything that is indexed or drafted from changes."""
        parts = [self.id, self.title, self.reply, self.body, self.url, str(self.private), str(self.escalate), *self.tags]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]

    def chunks(self) -> list[Chunk]:
        """Small, focused chunks: title and tags, the reply, the intro, then one per `## ` section.

        A short post matches a short chunk best, so the title (often phrased as the customer's
        question) and the reply (the answer itself) each stand alone instead of being diluted.
        """
        sections = re.split(r"(?m)^## +", self.body)
        intro, rest = sections[0].strip(), sections[1:]
        texts = [(self.title, f"{self.title}. {' '.join(self.tags)}".strip(" .")), (self.title, f"{self.title}: {self.reply}")]
        if intro:
            texts.append((self.title, f"{self.title}: {intro}"))
        for section in rest:
            heading, _, text = section.partition("\n")
            texts.append((heading.strip(), f"{self.title}: {heading.strip()}\n{text.strip()}"))
        return [Chunk(self.id, number, heading, text) for number, (heading, text) in enumerate(texts)]


@dataclass(frozen=True)
class ArticleProblem:
    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass
class KnowledgeFolder:
    articles: dict[str, Article] = field(default_factory=dict)
    problems: list[ArticleProblem] = field(default_factory=list)


def _line_of(source: str, key: str) -> int:
    match = re.search(rf"(?m)^{re.escape(key)}\s*:", source)
    return source.count("\n", 0, match.start()) + 1 if match else 1


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "article"


def parse_article(path: Path, source: str, root: Path | None = None) -> Article:
    """Parse one article; raises ArticleError with the line at fault."""
    shown = str(path.relative_to(root)) if root else str(path)
    if not source.lstrip("\ufeff").startswith("---"):
        raise ArticleError(ArticleProblem(shown, 1, "no front matter: the file must start with a line '---'"))
    try:
        post = frontmatter.loads(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1  # the front matter text keeps the newline after '---'
        raise ArticleError(ArticleProblem(shown, line, f"front matter is not valid YAML: {exc.problem or exc}")) from None
    except (yaml.YAMLError, ValueError) as exc:
        raise ArticleError(ArticleProblem(shown, 1, f"front matter could not be read: {exc}")) from None
    meta = post.metadata
    if not meta:
        raise ArticleError(ArticleProblem(shown, 1, "front matter is empty or not closed with '---'"))

    def fail(key: str, reason: str) -> ArticleError:
        return ArticleError(ArticleProblem(shown, _line_of(source, key), reason))

    article_id = meta.get("id", path.stem if _ID.match(path.stem) else _slug(path.stem))
    if isinstance(article_id, int):
        article_id = str(article_id)
    if not isinstance(article_id, str) or not _ID.match(article_id):
        raise fail("id", f"id {article_id!r} must be letters, digits, dots, dashes or underscores (like reset-password)")
    title, reply = meta.get("title"), meta.get("reply")
    if not isinstance(title, str) or not title.strip():
        raise fail("title", "title is missing or not text")
    if not isinstance(reply, str) or not reply.strip():
        raise fail("reply", "reply is missing or not text (a complete answer of at most 230 characters)")
    reply = " ".join(reply.split())
    if len(reply) > MAX_REPLY_CHARS:
        raise fail("reply", f"reply is {len(reply)} characters; the limit is {MAX_REPLY_CHARS}")
    if x_weighted_length(reply) > MAX_REPLY_CHARS:
        raise fail("reply", f"reply weighs {x_weighted_length(reply)} on X (emoji and CJK count 2); keep it within {MAX_REPLY_CHARS}")
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [tag.strip() for tag in tags.split(",") if tag.strip()]  # "account, login" is meant as a list
    if not isinstance(tags, list) or not all(isinstance(tag, (str, int, float)) for tag in tags):
        raise fail("tags", "tags must be a list of words, like [account, login]")
    tags = [str(tag) for tag in tags]
    url = meta.get("url") or ""
    if not isinstance(url, str) or (url and not re.match(r"^https?://\S+$", url)):
        raise fail("url", f"url {url!r} must be a full http(s) link")
    flags = {}
    for key in ("private", "escalate"):
        value = meta.get(key, False)
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
            value = value.strip().lower() in ("true", "yes")
        if not isinstance(value, bool):
            raise fail(key, f"{key} must be true or false, not {value!r}")
        flags[key] = value
    unknown = sorted(set(meta) - _KNOWN_KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_KNOWN_KEYS))}")
    return Article(
        id=article_id,
        title=title.strip(),
        reply=reply,
        body=post.content.strip(),
        path=shown,
        tags=tuple(tag.strip().lower() for tag in tags),
        url=url,
        **flags,
    )


class ArticleError(ValueError):
    def __init__(self, problem: ArticleProblem):
        super().__init__(str(problem))
        self.problem = problem


def load_folder(root: Path) -> KnowledgeFolder:
    """Read every `*.md` under `root`. Bad files are reported and skipped, never fatal."""
    folder = KnowledgeFolder()
    if not root.is_dir():
        folder.problems.append(ArticleProblem(str(root), 0, "knowledge folder does not exist"))
        return folder
    for path in sorted(root.rglob("*.md")):
        if any(part.startswith(".") for part in path.relative_to(root).parts) or path.name.lower() == "readme.md":
            continue
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            folder.problems.append(ArticleProblem(str(path.relative_to(root)), 0, f"cannot be read as UTF-8: {exc}"))
            continue
        try:
            article = parse_article(path, source, root)
        except ArticleError as exc:
            folder.problems.append(exc.problem)
            continue
        if article.id in folder.articles:
            first = folder.articles[article.id].path
            folder.problems.append(
                ArticleProblem(article.path, _line_of(source, "id"), f"duplicate id {article.id!r}, already used by {first}")
            )
            continue
        folder.articles[article.id] = article
    return folder
