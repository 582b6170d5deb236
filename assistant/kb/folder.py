"""The knowledge folder on disk: every article file found, read (once per change, with `cache`)
and parsed, each problem reported for its path; translation files joined to their articles."""

from __future__ import annotations

import dataclasses
import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from assistant.kb.articles import (
    Article,
    ArticleError,
    ArticleLimits,
    ArticleProblem,
    KnowledgeFolder,
    Translation,
    _language_name,
    _line_of,
    parse_article,
    parse_translation,
    translation_of,
)


def article_paths(root: Path, problems: list[ArticleProblem]) -> list[Path]:
    """Every `*.md` under `root` (hidden folders and READMEs aside), without following symlinked
    folders; symlinked files only when they point inside `root`."""
    inside = root.resolve()
    found = []
    for folder, subfolders, files in os.walk(root, followlinks=False):
        here = Path(folder)
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in subfolders:
            if os.path.islink(os.path.join(folder, name)):
                problems.append(
                    ArticleProblem(
                        str((here / name).relative_to(root)), 0, "is a symlinked folder; it is not followed. Put the articles in the knowledge folder itself."
                    )
                )
        for name in sorted(files):
            if not name.endswith(".md") or name.lower() == "readme.md" or name.startswith("."):
                continue
            path = here / name
            if os.path.islink(os.path.join(folder, name)) and not path.resolve().is_relative_to(inside):
                problems.append(ArticleProblem(str(path.relative_to(root)), 0, "links outside the knowledge folder; skipped"))
                continue
            found.append(path)
    return found


def read_article_source(path: Path, limits: ArticleLimits) -> str:
    """The file's text, refusing what an article can't be: devices, FIFOs, huge or binary files."""
    fd = os.open(path.resolve(), os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block the sync
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("is not a regular file (a device, pipe or socket); skipped")
        if info.st_size > limits.max_bytes:
            raise ValueError(f"is {info.st_size:,} bytes; the limit is KB_MAX_ARTICLE_BYTES={limits.max_bytes:,}")
        data = handle.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise ValueError(f"is over KB_MAX_ARTICLE_BYTES={limits.max_bytes:,} bytes")
    if b"\x00" in data:
        raise ValueError("looks like a binary file (it contains NUL bytes), not Markdown")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValueError(f"line {line}: not UTF-8 text (byte {data[exc.start]:#04x}); save it as UTF-8") from None
    # The checks read an article as NFKC spells it out, where one character may become eighteen
    # ("ﷺ"): the limit holds for the text as read, so a draft citing the article stays quick.
    read = len(unicodedata.normalize("NFKC", text).encode("utf-8"))
    if read > limits.max_bytes:
        widest = max(set(text), key=lambda char: len(unicodedata.normalize("NFKC", char)))
        raise ValueError(
            f"reads as {read:,} bytes once characters such as “{widest}” are spelled out (NFKC), "
            f"over KB_MAX_ARTICLE_BYTES={limits.max_bytes:,}; write them as plain letters"
        )
    return text


@dataclass(frozen=True)
class _Read:
    """One file as last read: its article (and the line of its `id`) or the problem with it."""

    stamp: tuple[int, ...]
    article: Article | None
    problem: ArticleProblem | None
    id_line: int = 1
    translation: Translation | None = None  # a translation file (`reset-password.es.md`), with `of`
    of: str = ""


# Path → how the file was last read; load_folder's `cache` (kept by whoever syncs the folder).
ReadCache = dict[str, _Read]

# Every file this process has read, by path, root, stamp and limits: a second index of the same
# folder (an evaluation's, a test's) parses none of its unchanged files again. Bounded: dropped whole.
_PARSED: dict[tuple[str, str, tuple[int, ...], ArticleLimits], _Read] = {}
PARSED_KEPT = 20_000


def file_stamp(path: Path | str) -> tuple[int, ...] | None:
    """What changes whenever a file's content may have: size, modification and change times, inode."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _read_one(path: Path, root: Path, limits: ArticleLimits, stamp: tuple[int, ...]) -> _Read:
    shown = str(path.relative_to(root))
    translated = translation_of(path)
    try:
        source = read_article_source(path, limits)
        if translated is not None:
            return _Read(stamp, None, None, translation=parse_translation(path, source, root, limits, *translated), of=translated[0])
        article = parse_article(path, source, root, limits)
    except ArticleError as exc:
        return _Read(stamp, None, exc.problem)
    except (OSError, ValueError) as exc:
        reason = str(exc) if isinstance(exc, ValueError) else f"cannot be read: {exc.strerror or exc}"
        line = int(reason.split(":")[0].removeprefix("line ")) if reason.startswith("line ") else 0
        return _Read(stamp, None, ArticleProblem(shown, line, reason.split(": ", 1)[1] if line else reason))
    except Exception as exc:  # noqa: BLE001 - one careless file must never take the knowledge base down
        return _Read(stamp, None, ArticleProblem(shown, 0, f"could not be read ({type(exc).__name__}: {str(exc)[:200]})"))
    return _Read(stamp, article, None, _line_of(source, "id"))


def _parsed(path: Path, root: Path, limits: ArticleLimits, stamp: tuple[int, ...]) -> _Read:
    """`_read_one`, once per process for a file as it is (its stamp)."""
    key = (str(path), str(root), stamp, limits)
    known = _PARSED.get(key)
    if known is None:
        known = _read_one(path, root, limits, stamp)
        if len(_PARSED) >= PARSED_KEPT:
            _PARSED.clear()
        _PARSED[key] = known
    return known


def load_folder(root: Path, limits: ArticleLimits | None = None, cache: ReadCache | None = None) -> KnowledgeFolder:
    """Read every `*.md` under `root`. Whatever is wrong with one file is reported for that path and
    the rest still load; nothing in one article can stop the others.

    With a `cache` (the same dict each time, for the same `limits`), a file whose size, times and
    inode are as they were is not read again: a sync of an unchanged folder only lists it."""
    limits = limits or ArticleLimits()
    folder = KnowledgeFolder()
    if not root.is_dir():
        folder.problems.append(ArticleProblem(str(root), 0, "knowledge folder does not exist"))
        return folder
    seen: set[str] = set()
    translations: list[_Read] = []
    for path in article_paths(root, folder.problems):
        key = str(path)
        seen.add(key)
        stamp = file_stamp(path)
        known = cache.get(key) if cache is not None else None
        if known is None or stamp is None or known.stamp != stamp:
            known = _read_one(path, root, limits, stamp or ()) if stamp is None else _parsed(path, root, limits, stamp)
            if cache is not None and stamp is not None:
                cache[key] = known
        if known.problem is not None:
            folder.problems.append(known.problem)
            continue
        if known.translation is not None:
            translations.append(known)
            continue
        article = known.article
        assert article is not None
        if article.id in folder.articles:
            first = folder.articles[article.id].path
            folder.problems.append(ArticleProblem(article.path, known.id_line, f"duplicate id {article.id!r}, already used by {first}"))
            continue
        folder.articles[article.id] = article
    if cache is not None:
        for gone in set(cache) - seen:
            del cache[gone]
    _attach(folder, translations)
    return folder


def _attach(folder: KnowledgeFolder, files: list[_Read]) -> None:
    """Each translation file joins its article; one that has no article, or a language the article
    already has, is reported for its path and left out (the article itself is unaffected)."""
    added: dict[str, list[Translation]] = {}
    for read in files:
        translation = read.translation
        assert translation is not None
        article = folder.articles.get(read.of)
        name = _language_name(translation.lang)
        if article is None:
            reason = f"is the {name} translation of {read.of!r} (its name says so), but no article has the id {read.of!r}; add that article or rename this file"
            folder.problems.append(ArticleProblem(translation.path, 1, reason))
            continue
        have = {t.lang: t.path for t in [*article.translations, *added.get(article.id, [])]}
        if translation.lang == article.lang or translation.lang in have:
            where = article.path if translation.lang == article.lang else have[translation.lang]
            folder.problems.append(ArticleProblem(translation.path, 1, f"{article.id!r} already has its {name} text in {where}; keep one"))
            continue
        added.setdefault(article.id, []).append(translation)
    for article_id, more in added.items():
        article = folder.articles[article_id]
        folder.articles[article_id] = dataclasses.replace(article, translations=tuple(sorted([*article.translations, *more], key=lambda t: t.lang)))
