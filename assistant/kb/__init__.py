"""Knowledge: load the FAQ folder, keep the vector index in step, find the articles for a post."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import ConfigError
from assistant.kb.articles import CHUNKS_PER_VERSION, Article, ArticleLimits, ArticleProblem, chunk_kind
from assistant.kb.decision import (
    DEFAULT_DECISION,
    ThresholdDecision,
    as_decision,
    calibration_path,
    load_learned,
)
from assistant.kb.embeddings import ChunkCache, make_embeddings
from assistant.kb.evidence import COMPLAINT_WORDS, PROMISED_CASES, Evidence, Hit, Thresholds
from assistant.kb.folder import ReadCache, load_folder
from assistant.kb.grounding import Grounding, PartAnswer
from assistant.kb.index import POINTED_SECTION_MARGIN, SECTION_MARGIN, KnowledgeIndex
from assistant.kb.offers import offered_deed
from assistant.kb.passages import PassageVectors, headed_section, points_at
from assistant.kb.questions import ADDED, MAX_PARTS, joined_to_another, need_parts, question_parts, stated_needs
from assistant.kb.translation import Translator, translator_for
from assistant.language import Language, detect
from assistant.text.asks import ASKS_WHERE_TO_WRITE, asks_how_to_complain, measured_thing, tells_of_conduct
from assistant.text.instructions import without_instructions
from assistant.text.money_told import REFUND_SAID, asks_money_back
from assistant.text.needs import is_question, states_a_problem
from assistant.text.query import clean_query

if TYPE_CHECKING:
    from assistant.kb.decision import Decision
    from assistant.kb.evidence import Thresholds
    from assistant.kb.index import KnowledgeIndex, SyncReport

# The thresholds used when neither a learned decision nor NO_MATCH_* settings apply (another embedding
# model than the one the shipped decision was learned with): chosen by `kb eval` on the samples.
DEFAULT_DENSE_THRESHOLD = 0.3065
DEFAULT_LEXICAL_THRESHOLD = 1.9594
CALIBRATION_FILE = "calibration.json"  # an earlier release's saved thresholds (still honoured)


def saved_calibration(settings: Any, knowledge_dir: Path | None = None) -> dict[str, Any]:
    """Thresholds an earlier release's `kb eval --save` stored, if for this model and folder."""
    path = Path(settings.data_dir) / CALIBRATION_FILE
    try:
        saved = json.loads(path.read_text()) if path.is_file() else {}
    except ValueError:
        return {}
    folder = str(Path(knowledge_dir or settings.knowledge_dir).resolve())
    if not isinstance(saved, dict) or saved.get("embedding_model") != settings.embedding_model or saved.get("knowledge") not in (None, folder):
        return {}
    return saved


def resolve_decision(settings: Any, knowledge_dir: Path | None = None) -> tuple[Decision, str]:
    """The no-match decision this installation uses, and where it came from. In order: NO_MATCH_*
    settings; the decision `kb eval --save` learned for this knowledge folder and embedding model;
    an earlier release's saved thresholds; the shipped decision (learned on the bundled sets' posts,
    for its embedding model); the default thresholds."""
    folder = Path(knowledge_dir or settings.knowledge_dir)
    if settings.no_match_threshold is not None or settings.no_match_lexical is not None:
        dense = settings.no_match_threshold if settings.no_match_threshold is not None else DEFAULT_DENSE_THRESHOLD
        lexical = settings.no_match_lexical if settings.no_match_lexical is not None else DEFAULT_LEXICAL_THRESHOLD
        return ThresholdDecision(Thresholds(dense, lexical)), "NO_MATCH_* settings"
    saved_path = calibration_path(settings.data_dir, folder, settings.embedding_model)
    learned = load_learned(saved_path) if saved_path.is_file() else None
    if learned is not None:
        return learned, f"learned by `kb eval --save` ({saved_path})"
    saved = saved_calibration(settings, folder)
    if saved:
        return ThresholdDecision(
            Thresholds(float(saved.get("dense", DEFAULT_DENSE_THRESHOLD)), float(saved.get("lexical", DEFAULT_LEXICAL_THRESHOLD)))
        ), "thresholds saved by an earlier release"
    shipped = load_learned(DEFAULT_DECISION)
    if shipped is not None and shipped.trained_on.get("embedding_model") == settings.embedding_model:
        return shipped, "the shipped decision (learned on the bundled sample posts)"
    return ThresholdDecision(Thresholds(DEFAULT_DENSE_THRESHOLD, DEFAULT_LEXICAL_THRESHOLD)), "the default thresholds"


def open_knowledge(settings: Any) -> Knowledge:
    """The installation's knowledge as `run` has it (folder, index, no-match decision, article
    limits), not yet synced; for `build_services` and for commands that need nothing else."""
    settings.require_knowledge_dir()
    decision, _ = resolve_decision(settings)
    return Knowledge(settings.knowledge_dir, open_index(settings), decision, ArticleLimits.from_settings(settings), translator_for(settings))


def open_index(settings: Any, path: Path | None = None) -> KnowledgeIndex:
    """The installation's index (a Chroma server, or INDEX_PATH), or a local one at `path`; its
    embeddings use the settings' model and keys, so a key in `.env` reaches them too."""
    embeddings = make_embeddings(settings.embedding_model, settings.openai_api_key, settings.openai_base_url, settings.torch_threads)
    cache = ChunkCache(settings.chunk_cache, settings.embedding_model, settings.openai_base_url) if settings.chunk_cache is not None else None
    if path is not None:
        return KnowledgeIndex(path, model=settings.embedding_model, embeddings=embeddings, chunk_cache=cache)
    return KnowledgeIndex(
        settings.index_dir, host=settings.chroma_host, port=settings.chroma_port, model=settings.embedding_model, embeddings=embeddings, chunk_cache=cache
    )


def evaluation_index_path(settings: Any, folder: Path) -> Path:
    """Where evaluations (`kb eval`, `draft-eval`, `kb learn`) keep the index of `folder`: one per
    folder and embedding model under DATA_DIR, reused while the folder is unchanged, never the live one."""
    key = hashlib.sha256(f"{folder.resolve()}|{settings.embedding_model}".encode()).hexdigest()[:12]
    return Path(settings.data_dir) / "eval-index" / key


class Knowledge:
    """The articles in `folder` and their index. `sync()` re-reads the folder; bad files are reported."""

    def __init__(
        self, folder: Path, index: KnowledgeIndex, decision: Decision | Thresholds, limits: ArticleLimits | None = None, translator: Translator | None = None
    ):
        self.folder = folder
        self.index = index
        self.translator = translator  # posts in a language the folder has no text in are read through it (`kb.translation`)
        self.languages: set[str] = set()  # the languages the folder has text in
        self.decision = decision  # the no-match decision (see `kb.decision`)
        self.limits = limits or ArticleLimits()
        self.articles: dict[str, Article] = {}
        self.problems: list[ArticleProblem] = []
        self._lock = threading.Lock()
        self._read: ReadCache = {}  # each file as last read: an unchanged one is not parsed again
        self.synced = False  # the index was brought in step with the folder at least once
        self.passage_vectors = PassageVectors(index.sentences.lasting)  # for the passage a post is answered from (`kb.passages`)

    def sync(self) -> SyncReport:
        """Bring the index in step with the folder. A missing folder (unmounted, mistyped) raises
        ConfigError and leaves the index as it was: it never reads as 'every article was deleted'."""
        with self._lock:
            if not self.folder.is_dir():
                raise ConfigError(f"KNOWLEDGE_DIR: {self.folder} is not a folder (any more); the index was left as it was.")
            loaded = load_folder(self.folder, self.limits, self._read)
            report = self.index.sync(loaded.articles)  # chunks embedded are told to whoever watches (`progress`)
            self.articles, self.problems = loaded.articles, loaded.problems
            self.passage_vectors.prepare(loaded.articles.values())
            self.languages = {version.lang or "en" for article in loaded.articles.values() for version in article.versions()}
            self.synced = True
            report.problems = [str(problem) for problem in loaded.problems]
            return report

    def ground(self, text: str, intent: str = "question") -> Grounding:
        """The articles for a post and the no-match verdict, decided on the same evidence (ten
        articles, both retrievers, the post's words, triage's intent) as `kb eval` scores. An
        instruction to the assistant in the post is not read (`text.instructions.without_instructions`)."""
        text = without_instructions(text)
        read_as, evidence = self._read_clean(text)
        decision = as_decision(self.decision)
        verdict = decision.decide(evidence, intent)
        if verdict.article:  # the decision names the article to cite (a post asking how to reach us): it leads, alone
            evidence = replace(evidence, hits=[hit for hit in evidence.hits if hit.article_id == verdict.article])
        answers = self._answers(read_as or text, decision, evidence) if verdict.answerable and not verdict.article else ()
        said = {hit.article_id: self._passage(hit.article_id, read_as or text, hit.chunk_id) for hit in evidence.hits[:3]} if verdict.answerable else {}
        query = clean_query(read_as or text)
        # The chunks the post points at: a heading naming its case, or the one sentence stating what it
        # asks when the reply doesn't ("do you take old car seats?" and "What we can't take": "We can't
        # sell car seats …"; a reply stating it, as "we don't file your Self Assessment return", answers).
        pointed = frozenset(
            chunk
            for article_id, chunk in said.items()
            if article_id in self.articles
            and query
            and (
                _stated_beside_the_reply(chunk, self._stating(article_id, query))
                or points_at(self.passage_vectors, self.index.query_vector(query), self.articles[article_id], chunk)
            )
        )
        return Grounding(evidence.hits, self.articles, self.decision, verdict, answers, read_as=read_as, said=said, pointed=pointed)

    def _passage(self, article_id: str, text: str, chunk_id: str) -> str:
        """The chunk of an article to say for `text`: the nearest one (`KnowledgeIndex.passage`),
        or a section whose heading names the post's case (`kb.passages`); for a question asking a
        price or another measure, one whose sentence states it for the thing asked
        (`LexicalIndex.measuring_chunks`: "how much for the block of 20" and "Block bookings"); for
        one asking whether we do or take a thing, one whose sentence says we do (`stating_chunks`);
        for one asking where to write to us, one giving a postal address (`_stating`); for an amount
        asked back in other words than a refund's, one speaking of refunds."""
        clear, chosen = self.index.passages(article_id, text, chunk_id, (SECTION_MARGIN, POINTED_SECTION_MARGIN))
        article, query = self.articles.get(article_id), clean_query(text)
        if article is None or not query:
            return clear
        lexical, asked = self.index.lexical(), measured_thing(query)
        read = lexical.read_in(query) if asked[0] else set()
        stating = self._stating(article_id, query)
        if stating:
            return next((chunk for chunk in (clear, chosen) if chunk in stating), stating[0])
        said = headed_section(
            self.passage_vectors, self.index.query_vector(query), article, chosen, lexical.query_stems, query, otherwise=clear if clear != chosen else ""
        )
        # A question how long or how soon, told a passage stating no time at all, is told the first that
        # does, the reply first: "how soon can someone come and look at my boiler" is "usually within 3
        # working days", not who must be in for the visit.
        timed = lexical.chunks_stating("duration", article_id, read) if asked[0] == "duration" else []
        said = said if not timed or said in timed else timed[0]
        # Money asked back in other words than a refund's ("can I get my £15 back?"), told a passage
        # saying nothing of refunds, is told the first that does: "Entry fees can't be refunded …",
        # not the reply stating the £15.
        # (In the article as written: a translation's passage is kept.)
        number = said.rsplit("::", 1)[-1]
        as_written = number.isdigit() and int(number) < CHUNKS_PER_VERSION
        if asks_money_back(query) and as_written and not REFUND_SAID.search(self._chunk_text(article, said)):
            return next((chunk for chunk, text in self._chunk_texts(article_id) if REFUND_SAID.search(text)), said)
        return said

    def _stating(self, article_id: str, query: str) -> list[str]:
        """The chunks of an article that state what a question asks, when it asks where to write to us
        (those giving a postal address), a price or another measure (`LexicalIndex.measuring_chunks`),
        whether we do or take a thing (`stating_chunks`) or how to complain (the sections headed for
        complaints); [] for any other question."""
        lexical, article = self.index.lexical(), self.articles[article_id]
        writes, asked, doing, complains = _what_is_asked(query)
        if writes:  # "what's your postal address?": the chunk giving one, not the phone numbers
            return [chunk for chunk, text in self._chunk_texts(article_id) if _POSTAL_ADDRESS.search(text)]
        if asked[0]:
            return lexical.measuring_chunks(*asked, article_id, lexical.read_in(query))
        if doing[1]:  # "do you take cash?": the chunk whose sentence says we do
            return lexical.stating_chunks(*doing, article_id, lexical.read_in(query))
        if complains:  # "I want to complain": the section headed for complaints, not the phone number
            complaints = lexical.query_stems(COMPLAINT_WORDS)
            return [f"{article_id}::{n}" for n in article.passage_numbers() if lexical.query_stems(article.passage(n)[0]) & complaints]
        return []

    def _chunk_texts(self, article_id: str) -> list[tuple[str, str]]:
        """The chunks of an article a passage may be said from, with their text: the reply, then each section (with its heading)."""
        article = self.articles[article_id]
        return [
            (f"{article_id}::{article.first_chunk + 1}", article.reply),
            *((f"{article_id}::{n}", " ".join(article.passage(n))) for n in article.passage_numbers()),
        ]

    @staticmethod
    def _chunk_text(article: Article, chunk: str) -> str:
        """The text of one of `_chunk_texts`' chunks; "" for the title or a chunk of no number."""
        number = chunk.rsplit("::", 1)[-1]
        if not number.isdigit():
            return ""
        return article.reply if int(number) == article.first_chunk + 1 else " ".join(article.passage(int(number)))

    def unread_language(self, text: str) -> Language | None:
        """The language of a post retrieval can't read: one the folder has no text in, with no
        translation step to read it through (None for English, a post too short to tell, or one
        the folder or the translation step reads)."""
        language = detect(text)
        if language is None or language.code == "en" or language.code in self.languages or self.translator is not None:
            return None
        return language

    def read(self, text: str) -> tuple[str, Evidence]:
        """What retrieval finds for a post, read as `ground` reads it: in English through the
        translation step (`kb.translation`) when the post is in a language the folder has no text
        in and one is set, else as written, without its instructions to the assistant. Returns the
        translation ('' when none) and the evidence."""
        return self._read_clean(without_instructions(text))

    def _read_clean(self, text: str) -> tuple[str, Evidence]:
        """`read` for a post already without its instructions."""
        read_as = ""
        if self.translator is not None:
            language = detect(text)
            if language is not None and language.code not in self.languages:
                read_as = self.translator.to_english(text, language)
        return read_as, self.index.evidence(read_as or text)

    def expect(self, texts: list[str]) -> None:
        """Posts `ground` will be asked about soon: their queries (and each question of a post
        asking several) are embedded in one batch, so each `ground` finds its vectors ready."""
        queries = list(texts)
        for text in texts:
            queries += [part for parts in (question_parts(text), need_parts(text)) if len(parts) > 1 for part in parts]
        self.index.expect(queries)

    def _answers(self, text: str, decision: Decision, whole: Evidence) -> tuple[PartAnswer, ...]:
        """For a post that asks for two or three things, the article answering each need, in the
        order written; empty unless at least two different articles answer.

        Questions first (`question_parts`): each is answered by its best article when the decision
        says so on the question's own evidence, or when that article is close enough in meaning.
        Otherwise the post's clauses (`need_parts`): a clause whose own best article is not the
        post's is a second need only on strong evidence (see `SecondNeed`); any other clause is
        context of the need before it. The post's best article that no clause finds first is a
        blend of its needs, not one of them (`_clause_needs`)."""
        parts = question_parts(text)
        clauses = need_parts(text)
        # Only a clause that looks like a need is asked about; the others are context, whatever they retrieve.
        needing = stated_needs(clauses)
        asked = [part for part in parts if len(parts) > 1] + [clause for clause, need in zip(clauses, needing, strict=True) if len(clauses) > 1 and need]
        if not asked:
            return ()
        self.index.expect(asked)  # one batch: a batch costs a fraction per text of embeddings one by one
        found: list[PartAnswer] = []
        if len(parts) > 1:
            for part in parts:
                evidence = self.index.evidence(part)
                if found and self._says_all_of(found[-1].article_id, part):  # "when is rhyme time and do I have to book": the same thing
                    continue
                if evidence.hits and (decision.close_in_meaning(evidence.hits[0]) or decision.decide(evidence, "question").answerable):
                    best = evidence.hits[0]
                    if best.article_id in self.articles and all(best.article_id != answer.article_id for answer in found):
                        found.append(PartAnswer(part, best.article_id, best.confidence, self._passage(best.article_id, part, best.chunk_id)))
            if len(found) > 1:
                return tuple(found)
        if len(clauses) < 2 or not whole.hits:
            return ()
        if whole.told_of in PROMISED_CASES:  # "you replaced the gearbox … and the handle's gone floppy again": one case
            return self._case_and_a_question(clauses, whole, decision)
        top = whole.hits[0]
        read = [self.index.evidence(clause) if need else Evidence.of_hits([], clause) for clause, need in zip(clauses, needing, strict=True)]
        leads = {evidence.hits[0].article_id for evidence in read if evidence.hits}
        # The post's best article that no clause finds first is a blend of its needs ("my drink was
        # missing. also how do I cancel plus?" is nearest cancelling an order): each clause is then
        # weighed against the other clauses' articles only, and the blend is no need of its own.
        blend = top.article_id not in leads and len(leads) > 1
        found_needs = self._clause_needs(text, clauses, read, decision, whole, blend=blend)
        if blend and len({need[1] for need in found_needs}) < 2:
            found_needs = self._clause_needs(text, clauses, read, decision, whole, blend=False)
        merged: dict[str, tuple[str, float, str]] = {}
        for clause, article_id, confidence, _, chunk_id in found_needs:  # a need placed before its clause was seen
            merged[article_id] = (f"{merged[article_id][0]} {clause}", *merged[article_id][1:]) if article_id in merged else (clause, confidence, chunk_id)
        if len(merged) < 2 or (top.article_id not in merged and not blend):
            return ()
        return tuple(
            PartAnswer(part, article_id, confidence, self._passage(article_id, part, chunk_id))
            for article_id, (part, confidence, chunk_id) in list(merged.items())[:MAX_PARTS]
        )

    def _case_and_a_question(self, clauses: list[str], whole: Evidence, decision: Decision) -> tuple[PartAnswer, ...]:
        """A case of our work or our promise (`PROMISED`) is one need, whatever clauses tell it; a
        question in a later clause ("the zip you replaced has broken already + where's the Milltown
        shop?") is a second, when its own best article is another that the decision answers."""
        case = next((hit for hit in whole.hits if hit.article_id == whole.told), None)
        if case is None:
            return ()
        for number, clause in enumerate(clauses[1:], 1):
            evidence = self.index.evidence(clause) if is_question(clause) else Evidence.of_hits([], clause)
            best = evidence.hits[0] if evidence.hits else None
            if best and best.article_id != whole.told and best.article_id in self.articles and decision.decide(evidence, "question").answerable:
                told = " ".join(clauses[:number])
                return (
                    PartAnswer(told, case.article_id, case.confidence, self._passage(case.article_id, told, case.chunk_id)),
                    PartAnswer(clause, best.article_id, best.confidence, self._passage(best.article_id, clause, best.chunk_id)),
                )
        return ()

    def _says_all_of(self, article_id: str, question: str) -> bool:
        """Every content word of a later question is one the article answering the question before
        it uses: "do I have to book" after "when is rhyme time" asks about the same thing, which
        that article answers ("need no booking"), not about reserving books."""
        query = clean_query(question)
        lexical = self.index.lexical()
        stems = {stem for _, stem in lexical.words(query)}
        return bool(stems) and stems <= lexical.article_stems(article_id, lexical.read_in(query))

    def _titled(self, clause: str, article_id: str) -> bool:
        """The clause's own words name the article's title or tags more than any other's ("+ how do I
        get rid of the old one" names "old appliance" of the delivery article)."""
        named = self.index.lexical().naming(clean_query(clause))
        best = named.get(article_id, 0.0)
        return best > 0 and all(share < best for other, share in named.items() if other != article_id)

    def _clause_needs(
        self, text: str, clauses: list[str], read: list[Evidence], decision: Decision, whole: Evidence, *, blend: bool
    ) -> list[tuple[str, str, float, dict[str, float], str]]:
        """Each clause's need in order (clause(s), article, confidence, the clause's cosines, its
        chunk): a clause finding the article of a need already seen joins it; one finding the
        post's best article, or another on strong evidence (`SecondNeed`), is a need; any other
        clause is context of the need before it. `blend`: the post's best article is no clause's
        own, so it is neither weighed against nor added."""
        top = whole.hits[0]
        ranked = [hit.article_id for hit in whole.hits]
        needs: list[tuple[str, str, float, dict[str, float], str]] = []  # clause(s), article, confidence, the clause's cosines, its chunk
        waiting: list[str] = []
        for position, (clause, evidence) in enumerate(zip(clauses, read, strict=True)):
            # The article a clause asks for by what it is leads it ("and is there a number I can ring": the contact article).
            asked_for = evidence.asked_for
            lead = next((hit for hit in evidence.hits if hit.article_id in asked_for), evidence.hits[0] if evidence.hits else None)
            cosines = {hit.article_id: hit.confidence for hit in evidence.hits}
            at = next((n for n, need in enumerate(needs) if lead is not None and need[1] == lead.article_id), None)
            if lead is not None and at is not None:
                needs[at] = (f"{needs[at][0]} {clause}", *needs[at][1:])
            elif lead is not None and lead.article_id == top.article_id:
                needs.append((" ".join([*waiting, clause]), lead.article_id, lead.confidence, cosines, lead.chunk_id))
                waiting = []
            elif (
                lead is not None
                and lead.article_id in self.articles
                and SECOND_NEED.holds(
                    lead,
                    decision.decide(evidence, "question"),
                    ranked,
                    cosines,
                    [*([] if blend else [top.article_id]), *(need[1] for need in needs)],
                    added=bool(ADDED.match(clause)) and is_question(clause),
                    in_the_post={hit.article_id: hit.confidence for hit in whole.retrieved[: SECOND_NEED.context_rank]},
                    stated=states_a_problem(clause) and joined_to_another(clauses, position),
                    named=lead.article_id in asked_for,
                    titled=self._titled(clause, lead.article_id),
                )
            ):
                needs.append((" ".join([*waiting, clause]), lead.article_id, lead.confidence, cosines, lead.chunk_id))
                waiting = []
            elif needs:
                needs[-1] = (f"{needs[-1][0]} {clause}", *needs[-1][1:])
            else:
                waiting.append(clause)
        if waiting or (not blend and all(need[1] != top.article_id for need in needs)):  # the post's best article answers what no clause named alone
            needs.insert(0, (" ".join(waiting) or text, top.article_id, top.confidence, {}, top.chunk_id))
        return needs


@dataclass(frozen=True)
class SecondNeed:
    """When a clause that is not a question is a need of its own: its best article (not the
    post's best) is likely enough to answer it on its own evidence, close enough in meaning,
    among the post's own best articles, and clearly closer to the clause than the articles the
    post's other needs have. A clause that is context of the main need ("I updated last night",
    "did a reset") fails one of these. Chosen on the bundled two-question sets and the labelled
    real posts (docs/checks.md)."""

    probability: float = 0.5
    cosine: float = 0.45
    rank: int = 5
    margin: float = 0.15
    context_rank: int = 3  # an added question's article among the whole post's first this many

    def holds(
        self,
        best: Hit,
        verdict: Any,
        ranked: list[str],
        cosines: dict[str, float],
        others: list[str],
        *,
        added: bool = False,
        in_the_post: dict[str, float] | None = None,
        stated: bool = False,
        named: bool = False,
        titled: bool = False,
    ) -> bool:
        """`added`: a question the customer added with "also", "plus", "+" or "btw" needs only the
        decision's own verdict, not `probability`: they said it is another need. Its words may lean
        on the rest of the post ("…and also can I transfer one to my brother": one ticket): its
        article is then likely when the whole post finds it among its first `context_rank`, as
        close as `cosine` (`in_the_post`: those articles and the whole post's cosines); or, when the
        decision is sure of it (`probability`), however near the clause's own words come.

        `stated`: a problem the customer stated and joined to another need with "and", "also" or
        "+" ("half the order missing / and the driver was 2 hours late", "returned it 2 hours late
        and got charged a whole extra day + my deposit still hasn't come back"): two problems said
        as two. Its article is likely when the decision says so on the clause's own evidence and
        the whole post finds it among its first `context_rank`, however near in meaning. A problem
        restated in a sentence of its own ("nothing works. no calls no data") is not joined.

        `named`: the article is the one the clause asks for by what it is, whatever its words'
        nearness ("+ is there a number to call at night" and the contact article: `Evidence.reach`).

        `titled`: the clause's words name the article's title or tags, and no other article's as
        much. An added question that does leans on its own words as on the post's: "fridge came
        with a dent in the door + how do I get rid of the old one" (delivery, whose tags say "old
        appliance", at 0.33) had been answered on the dent alone. It needs no `margin` either: "need
        to cancel thursday's clean. also do you do oven cleaning as an extra?" names the prices
        article's "oven" and "extras", 0.07 nearer it than the cancelling article."""
        post = in_the_post or {}
        leaning = added and (post.get(best.article_id, 0.0) >= self.cosine or titled) or stated and best.article_id in post and (verdict.answerable or titled)
        sure = named or verdict.answerable and (verdict.probability is None or verdict.probability >= self.probability)
        likely = leaning or sure or verdict.answerable and added
        among = named or best.article_id in ranked[: self.rank]
        apart = named or added and titled or all(best.confidence - cosines.get(other, 0.0) >= self.margin for other in others)
        return bool(likely and (best.confidence >= self.cosine or leaning or added and sure or named) and among and apart)


SECOND_NEED = SecondNeed()


# A postal address as an article writes one: a UK postcode ("HG2 7QL"), a US state and ZIP code
# ("CA 94105"), a PO box or a Freepost address.
_POSTAL_ADDRESS = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b|\bP\.?\s?O\.?\s+Box\s+\d+|\bFreepost\b")


@functools.lru_cache(maxsize=64)  # asked of one post for each article retrieval found, by the passage and by `ground`
def _what_is_asked(query: str) -> tuple[bool, tuple[str, str], tuple[str, list[str]], bool]:
    """What a question asks that a sentence may state: where to write to us, a measure, whether we
    do or take a thing, how to complain. Read once per post: on a hostile post of 25,000
    characters the four readings cost 25–35 ms together."""
    # (A post telling how our people behaved asks where complaints go, as `kb.decision` answers it.)
    return bool(ASKS_WHERE_TO_WRITE.search(query)), measured_thing(query), offered_deed(query), asks_how_to_complain(query) or tells_of_conduct(query)


def _stated_beside_the_reply(chunk: str, stating: list[str]) -> bool:
    """`chunk` states what the post asks, and the article's reply doesn't."""
    return chunk in stating and not any(chunk_kind(int(stated.rsplit("::", 1)[1])) == "reply" for stated in stating)
