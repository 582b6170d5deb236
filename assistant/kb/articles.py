"""Knowledge articles: one Markdown file each, YAML front matter then body (format in the README)."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from assistant.language import Language, detect
from assistant.text.languages import NAMES
from assistant.text.measure import x_weighted_length

# Where one sentence of an article's text ends and the next begins ("… on its way to you. Keep a jug
# …"); not inside an address ("rivermere.example/ban") or a number ("£1.50").
SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][)\"”’]))\s+(?=[\"“‘(]?[A-Z0-9£$€])")

MAX_REPLY_CHARS = 230
MAX_TITLE_CHARS = 200
MAX_TAGS = 50
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")
_KNOWN_KEYS = {"id", "title", "tags", "reply", "url", "private", "escalate", "lang", "translations"}
# A translation (a `translations:` entry, or the file `reset-password.es.md`) says what the customer
# reads; whether an answer is private or for a specialist is the article's, in every language.
_TRANSLATION_KEYS = {"id", "lang", "title", "tags", "reply", "url"}
_LANG = re.compile(r"^[a-z]{2,3}$")
# A translation's chunks are numbered from CHUNKS_PER_VERSION × its place (1000, 1001, ... for the
# first): a chunk's number says which language version it is, and chunk `n × 1000` is always a title.
CHUNKS_PER_VERSION = 1000


def version_number(code: str) -> int:
    """Where a translation's chunks start, in thousands: the same for a language in every article
    (Spanish is always 1000 × the same number), so a chunk's number says its language."""
    return 1 + sorted(NAMES).index(code)


def tells_of_faults(named: str) -> bool:
    """An article's title and tags (`Article.named`) tell of faults, in the words a post telling one
    uses (`PROBLEM`): the article is for what went wrong, not for a thing or a service."""
    from assistant.text.problem_words import PROBLEM

    return PROBLEM.search(named) is not None


def chunk_version(chunk_id: str) -> int:
    """Which language version a chunk ("reset-password::8002") belongs to: 0 for the article as
    written, else its language's thousand."""
    number = chunk_id.rsplit("::", 1)[-1]
    return int(number) // CHUNKS_PER_VERSION if number.isdigit() else 0


def chunk_kind(number: int) -> str:
    """Which part of an article chunk `number` is: "title" (and tags), "reply" or "section"."""
    return {0: "title", 1: "reply"}.get(number % CHUNKS_PER_VERSION, "section")


@dataclass(frozen=True)
class Translation:
    """One article in another language: what a customer writing that language reads."""

    lang: str
    title: str
    reply: str
    body: str = ""
    url: str = ""  # the translated page; the article's own when empty
    tags: tuple[str, ...] = ()
    path: str = ""  # the translation's own file, or the article's for a `translations:` entry


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
    lang: str = ""  # the language it is written in (`lang:`); "" when the editor didn't say
    translations: tuple[Translation, ...] = ()  # by language code
    first_chunk: int = 0  # where this version's chunk numbers start (a translation's: 1000, 2000...)

    @functools.cached_property
    def content_hash(self) -> str:
        """Changes whenever anything that is indexed or drafted from changes, the chunks themselves
        included: how a release cuts and numbers them (a translation's thousand follows the
        languages known) is part of what is indexed, so an index an earlier release built is
        brought in step by the next sync instead of answering from chunk ids that mean another
        language now."""
        parts = [self.id, self.title, self.reply, self.body, self.url, str(self.private), str(self.escalate), *self.tags, self.lang]
        for t in self.translations:
            parts += [t.lang, t.title, t.reply, t.body, t.url, *t.tags]
        parts += [f"{chunk.number}\x1e{chunk.heading}\x1e{chunk.text}" for chunk in self.chunks()]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]

    def in_language(self, code: str) -> Article | None:
        """This article as a customer writing `code` reads it: itself when it is written in that
        language, its translation when it has one, else None."""
        if code == self.lang:
            return self
        for t in self.translations:
            if t.lang == code:
                return Article(
                    id=self.id,
                    title=t.title,
                    reply=t.reply,
                    body=t.body,
                    path=t.path or self.path,
                    tags=t.tags or self.tags,
                    url=t.url or self.url,
                    private=self.private,
                    escalate=self.escalate,
                    lang=t.lang,
                    first_chunk=version_number(t.lang) * CHUNKS_PER_VERSION,
                )
        return None

    def versions(self) -> list[Article]:
        """The article and each of its translations, as articles: everything a draft may quote."""
        return [self, *(version for t in self.translations if (version := self.in_language(t.lang)) is not None)]

    @property
    def named(self) -> str:
        """What the article is for, as its title chunk says it: the title, then the tags."""
        return f"{self.title}. {' '.join(self.tags)}".strip(" .")

    @property
    def for_a_fault(self) -> bool:
        """The title or tags tell of a fault ("Won't charge or charges slowly", "Kettle not heating"),
        as a post telling one does (`tells_of_faults`)."""
        return tells_of_faults(self.named)

    def chunks(self) -> list[Chunk]:
        """This version's chunks (`_chunks`), then each translation's, numbered from its own thousand."""
        own = self._chunks()
        return own + [chunk for version in self.versions()[1:] for chunk in version._chunks()]

    def passage_numbers(self) -> range:
        """The numbers of this version's own passages (its intro and sections), for `passage`."""
        return range(self.first_chunk + 2, self.first_chunk + len(self._chunks()))

    def _chunks(self) -> list[Chunk]:
        """Small, focused chunks: title and tags, the reply, the intro, then one per `## ` section.

        A short post matches a short chunk best, so the title (often phrased as the customer's
        question) and the reply (the answer itself) each stand alone instead of being diluted.
        """
        sections = re.split(r"(?m)^## +", self.body)
        intro, rest = sections[0].strip(), sections[1:]
        texts = [(self.title, self.named), (self.title, f"{self.title}: {self.reply}")]
        if intro:
            texts.append((self.title, f"{self.title}: {intro}"))
        for section in rest:
            heading, _, text = section.partition("\n")
            texts.append((heading.strip(), f"{self.title}: {heading.strip()}\n{text.strip()}"))
        return [Chunk(self.id, self.first_chunk + number, heading, text) for number, (heading, text) in enumerate(texts)]

    def passage(self, number: int) -> tuple[str, str]:
        """The heading and body text of chunk `number` as the customer would read it (the intro, or
        a section), from whichever language version the number belongs to; ("", "") for the title
        and the reply, which are not body text."""
        version = number // CHUNKS_PER_VERSION
        if version != self.first_chunk // CHUNKS_PER_VERSION:
            found = [v for v in self.versions() if v.first_chunk // CHUNKS_PER_VERSION == version and v is not self]
            return found[0].passage(number) if found else ("", "")
        number -= self.first_chunk
        sections = re.split(r"(?m)^## +", self.body)
        intro, rest = sections[0].strip(), sections[1:]
        passages = ([("", intro)] if intro else []) + [(heading.strip(), text.strip()) for heading, _, text in (s.partition("\n") for s in rest)]
        index = number - 2
        if not 0 <= index < len(passages):
            return "", ""
        heading, text = passages[index]
        return heading, " ".join(text.split())


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


def _line_of(source: str, key: str, indented: bool = False) -> int:
    indent = r"[ \t]*" if indented else ""
    match = re.search(rf"(?m)^{indent}{re.escape(key)}\s*:", source)
    return source.count("\n", 0, match.start()) + 1 if match else 1


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "article"


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster


class _StrictLoader(_FAST_LOADER):  # type: ignore[misc, valid-type]
    """YAML for front matter written by hand: no duplicate keys (YAML would silently keep the
    last) and keys are plain words. Aliases are refused before loading (see `_front_matter`)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} must be a word like title", key_node.start_mark)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} appears twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _front_matter(text: str) -> Any:
    """Front matter as data. Anchors and aliases are refused first: an alias bomb expands to
    gigabytes, and hand-written metadata never needs them."""
    for event in yaml.parse(text, Loader=_FAST_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "anchors and aliases (& and *) are not allowed", event.start_mark)
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a safe loader


class _FrontMatter(frontmatter.YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        return _front_matter(fm)


def _parse(path: Path, source: str, root: Path | None) -> tuple[str, Any, Any]:
    """The shown path, the front matter (a non-empty mapping) and the post; raises ArticleError."""
    shown = str(path.relative_to(root)) if root else str(path)
    source = source.removeprefix("\ufeff")  # a byte-order mark from a Windows editor is fine
    if not source.startswith("---"):
        raise ArticleError(ArticleProblem(shown, 1, "no front matter: the file must start with a line '---'"))
    try:
        post = frontmatter.loads(source, handler=_FrontMatter())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1  # the front matter text keeps the newline after '---'
        raise ArticleError(ArticleProblem(shown, line, f"front matter is not valid YAML: {exc.problem or exc}")) from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise ArticleError(ArticleProblem(shown, 1, f"front matter could not be read: {type(exc).__name__}: {str(exc)[:200]}")) from None
    if not post.metadata:
        raise ArticleError(ArticleProblem(shown, 1, "front matter is empty or not closed with '---'"))
    if not isinstance(post.metadata, dict):
        raise ArticleError(ArticleProblem(shown, 1, "front matter must be fields (title: ...), not a list or a value"))
    return shown, post.metadata, post


Fail = Callable[[str, str], "ArticleError"]


def _words(meta: dict[str, Any], fail: Fail) -> tuple[str, str, list[str], str]:
    """Title, reply, tags and url, checked the same way for an article and for each translation."""
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
    if len(title) > MAX_TITLE_CHARS:
        raise fail("title", f"title is {len(title)} characters; keep it under {MAX_TITLE_CHARS}")
    if len(tags) > MAX_TAGS or any(len(tag) > 60 for tag in tags):
        raise fail("tags", f"tags must be at most {MAX_TAGS} short words")
    return title.strip(), reply, [tag.strip().lower() for tag in tags], url


def _language_name(code: str) -> str:
    return NAMES.get(code, code)


def _translations(meta: dict[str, Any], fail: Fail, lang: str, shown: str, source: str) -> tuple[Translation, ...]:
    """The `translations:` block: language code → title, reply and optionally tags and url."""
    block = meta.get("translations")
    if block is None:
        return ()
    if not isinstance(block, dict):
        raise fail("translations", "translations must map a language code to its title and reply, like es: {title: ..., reply: ...}")
    found = []
    for code, entry in block.items():
        line = _line_of(source, str(code), indented=True)

        def fail_in(key: str, reason: str, code: str = str(code), line: int = line) -> ArticleError:
            return ArticleError(ArticleProblem(shown, line, f"translations: {code}: {reason}"))

        if str(code) not in NAMES:
            raise fail_in("", f"a translation's key is a language code we know, in lower case: {', '.join(sorted(NAMES))}")
        if code == lang:
            raise fail_in("", f"the article itself is in {_language_name(lang)} (lang: {lang}); a translation is into another language")
        if not isinstance(entry, dict):
            raise fail_in("", "give the translation's title and reply, like {title: ..., reply: ...}")
        unknown = sorted(set(entry) - {"title", "reply", "tags", "url"})
        if unknown:
            raise fail_in("", f"unknown field(s) {', '.join(unknown)}; a translation has title, reply, tags and url")
        title, reply, tags, url = _words(entry, fail_in)
        found.append(Translation(str(code), title, reply, "", url, tuple(tags), shown))
    return tuple(sorted(found, key=lambda t: t.lang))


def parse_article(path: Path, source: str, root: Path | None = None, limits: ArticleLimits | None = None) -> Article:
    """Parse one article; raises ArticleError with the line at fault."""
    limits = limits or ArticleLimits()
    shown, meta, post = _parse(path, source, root)

    def fail(key: str, reason: str) -> ArticleError:
        return ArticleError(ArticleProblem(shown, _line_of(source, key), reason))

    article_id = meta.get("id", path.stem if _ID.match(path.stem) else _slug(path.stem))
    if isinstance(article_id, int):
        article_id = str(article_id)
    if not isinstance(article_id, str) or not _ID.match(article_id):
        raise fail("id", f"id {article_id!r} must be letters, digits, dots, dashes or underscores (like reset-password)")
    title, reply, tags, url = _words(meta, fail)
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
    lang = meta.get("lang") or ""
    if not isinstance(lang, str) or (lang and not _LANG.match(lang)):
        raise fail("lang", f"lang {lang!r} must be a language code in lower case, like en or es")
    sections = len(re.findall(r"(?m)^## +", post.content))
    if sections > limits.max_sections:
        raise ArticleError(ArticleProblem(shown, 1, f"{sections} '## ' sections; the limit is KB_MAX_SECTIONS={limits.max_sections}. Split the article."))
    return Article(
        id=article_id,
        title=title,
        reply=reply,
        body=post.content.strip(),
        path=shown,
        tags=tuple(tags),
        url=url,
        lang=lang,
        translations=_translations(meta, fail, lang, shown, source),
        **flags,
    )


def translation_of(path: Path) -> tuple[str, str] | None:
    """(article id, language code) when the file's name says it is a translation: `reset-password.es.md`
    is the Spanish of the article `reset-password` (a code we know, between the id and `.md`)."""
    base, _, code = path.name.removesuffix(".md").rpartition(".")
    return (base, code) if base and code in NAMES and _ID.match(base) else None


def parse_translation(path: Path, source: str, root: Path | None, limits: ArticleLimits, of: str, code: str) -> Translation:
    """One translation file (`reset-password.es.md`): title and reply, optionally tags, url and a body."""
    shown, meta, post = _parse(path, source, root)

    def fail(key: str, reason: str) -> ArticleError:
        return ArticleError(ArticleProblem(shown, _line_of(source, key), reason))

    unknown = sorted(set(meta) - _TRANSLATION_KEYS)
    if unknown:
        why = " (whether an answer is private or escalated is the article's own, in every language)" if set(unknown) & {"private", "escalate"} else ""
        raise fail(unknown[0], f"unknown field(s) {', '.join(unknown)} in a translation; allowed: {', '.join(sorted(_TRANSLATION_KEYS))}{why}")
    if meta.get("id", of) != of:
        raise fail("id", f"this file is the {_language_name(code)} translation of {of!r} (its name says so), but its id is {meta.get('id')!r}")
    if meta.get("lang", code) != code:
        raise fail("lang", f"this file's name says {code} ({_language_name(code)}), but its lang is {meta.get('lang')!r}")
    title, reply, tags, url = _words(meta, fail)
    sections = len(re.findall(r"(?m)^## +", post.content))
    if sections > limits.max_sections:
        raise ArticleError(ArticleProblem(shown, 1, f"{sections} '## ' sections; the limit is KB_MAX_SECTIONS={limits.max_sections}. Split the article."))
    return Translation(code, title, reply, post.content.strip(), url, tuple(tags), shown)


class ArticleError(ValueError):
    def __init__(self, problem: ArticleProblem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class ArticleLimits:
    """How big one article may be (KB_MAX_ARTICLE_BYTES, KB_MAX_SECTIONS)."""

    max_bytes: int = 200_000
    max_sections: int = 200

    @classmethod
    def from_settings(cls, settings: Any) -> ArticleLimits:
        return cls(settings.kb_max_article_bytes, settings.kb_max_sections)


def of_article(article: Article) -> Language | None:
    """The language an article is written in: its `lang` when the editor gave one, else detected."""
    return Language(article.lang) if article.lang else detect(f"{article.title}. {article.reply}")


def version_for(article: Article, post: Language | None, matched: str) -> Article:
    """The article as this post's customer reads it: its translation into the post's language, when
    it has one and the post matched that translation's text (`matched`, the chunk id closest to
    the post, "reset-password::2001"); else the article as written. Both must agree: a short
    English post the detector calls French ("how do i reset my password?") still matches the
    English text best, and is answered in English."""
    if post is None:
        return article
    version = article.in_language(post.code)
    number = matched.rsplit("::", 1)[-1]
    if version is None or version is article or not number.isdigit():
        return article
    return version if int(number) // CHUNKS_PER_VERSION == version.first_chunk // CHUNKS_PER_VERSION else article
