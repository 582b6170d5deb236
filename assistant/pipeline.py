"""The one place where a social post becomes a drafted ticket in front of an agent.

post → clean → store (dedupe) → triage → retrieve → draft → awaiting review → card in the inbox
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from assistant.conversation import customer_posts, history_of, unanswered_posts, unseen_parent
from assistant.drafting.allowlist import Brand
from assistant.drafting.checks import DraftChecker
from assistant.drafting.draft import Draft, Drafter
from assistant.errors import IllegalTransition, TicketChanged
from assistant.kb import Knowledge
from assistant.kb.decision import doubt
from assistant.kb.translation import read_as_flag
from assistant.language import detect as detect_language
from assistant.posts import Post, PostRejected, one_line
from assistant.privacy import DEFAULT_REGIONS, masked_kinds, masked_text
from assistant.sources import Ingested
from assistant.store import PostRow, Store, TicketState
from assistant.text.hazard import doubts_a_message
from assistant.text.instructions import suspicious
from assistant.triage import Triage, triage

PARENT_CHARS = 280  # of a replied-to post's text on the card: a whole tweet

log = logging.getLogger(__name__)
# States in which a ticket needs a person, so it must have a card.


class Inbox(Protocol):
    """Where agents see tickets: a Slack channel, or nothing when the terminal queue reads the store."""

    def show(self, ticket_id: int) -> None: ...

    def tell_owner(self, ticket_id: int, text: str) -> None: ...


def post_flags(post: Post) -> list[str]:
    """What the agent should know about the post itself, whatever was drafted."""
    flags = []
    for field, text in (("post", post.text), ("author's name", post.author_name), ("author's handle", post.author_handle)):
        why = suspicious(text)
        if why:
            flags.append(f"suspicious {field}: {why}; it was treated as text only")
    kinds = masked_kinds(f"{post.text} {post.author_name}")
    if kinds:
        flags.append(f"personal data in the post ({', '.join(kinds)}): masked on arrival; nobody sees it, the LLM included. Consider a DM")
    if "card number" in kinds:
        flags.append("card number in the post: move to a DM and never repeat it")
    language = detect_language(post.text)
    if language is not None and language.code != "en":
        flags.append(f"written in {language.name}")
    return flags


def post_from_row(row: PostRow) -> Post:
    return Post(
        platform=row.platform,
        external_id=row.external_id,
        author_handle=row.author_handle,
        text=row.text,
        author_name=row.author_name,
        author_followers=row.author_followers,
        created_at=row.posted_at,
        url=row.url,
        in_reply_to_id=row.in_reply_to_id,
        in_reply_to_text=row.in_reply_to_text or "",
        conversation_id=row.conversation_id,
        author_id=row.author_id or "",
    )


def _triage_fields(verdict: Triage) -> dict[str, Any]:
    return {"intent": verdict.intent, "sentiment": verdict.sentiment, "priority": verdict.priority, "score": verdict.score, "reasons": verdict.reasons}


def _draft_fields(draft: Draft) -> dict[str, Any]:
    """A draft as the store keeps it."""
    usage = draft.usage
    return {
        "text": draft.text,
        "citations": [citation.as_dict() for citation in draft.citations],
        "drafter": draft.drafter,
        "flags": draft.flags,
        "no_match": draft.no_match,
        "dm_text": draft.dm_text,
        "problems": [problem.as_dict() for problem in draft.problems],
        "usage": vars(usage) if usage else None,
        "notes": draft.notes,
        "calls": [vars(call) for call in draft.calls],
    }


class Pipeline:
    def __init__(
        self,
        store: Store,
        knowledge: Knowledge,
        drafter: Drafter,
        inbox: Inbox | None = None,
        brand: Brand | None = None,
        regions: tuple[str, ...] = DEFAULT_REGIONS,
        own_handles: tuple[str, ...] = (),
        checker: DraftChecker | None = None,
    ):
        self.checker = checker or DraftChecker(knowledge)  # the draft checks, with the installation's platform rules
        self.own_handles = {handle.lower().lstrip("@") for handle in own_handles if handle}
        self.brand = brand or Brand()  # what the brand may say beside the articles: its names and pleasantries
        self.store = store
        self.knowledge = knowledge
        self.drafter = drafter
        self.inbox = inbox
        self.regions = regions  # where phone numbers are recognised (PHONE_REGIONS)

    def with_drafter(self, drafter: Drafter) -> Pipeline:
        """The same pipeline (store, knowledge, checks, brand) drafting with `drafter`: how an
        evaluation puts a scripted model in the loop."""
        return Pipeline(self.store, self.knowledge, drafter, self.inbox, self.brand, self.regions, tuple(self.own_handles), self.checker)

    def ingest(self, post: Post, *, source: str = "", raw: str = "", where: str = "", ours: bool = False) -> Ingested:
        """Take one post from any source into its conversation. The same post arriving twice never
        makes a second ticket; one that can't be stored as it is becomes a rejected item (with `raw`,
        masked) instead. `ours`: the source knows it is our own account's post (so does a post by
        one of OWN_HANDLES): recorded in its conversation, never a ticket.

        A post opening a new conversation, with a drafter that costs nothing a call (`instant`), is
        decided first and stored with its draft in one transaction; anything else is stored first
        and drafted after (a model call is never spent on a post before it is safely stored)."""
        cleaned = self._cleaned(post, source=source, raw=raw, where=where)
        if isinstance(cleaned, Ingested):
            return cleaned
        ours = ours or cleaned.author_handle.lower() in self.own_handles
        if not ours and getattr(self.drafter, "instant", False):
            opened = self._open_decided(cleaned)
            if opened is not None:
                return opened
        came = self.store.arrive(cleaned, ours=ours)
        self._follow_up(came, cleaned)
        return Ingested(came.ticket_id, came.created, how=came.how)

    def store_post(self, post: Post, *, source: str = "", raw: str = "", where: str = "", ours: bool = False) -> tuple[Ingested, Callable[[], None]]:
        """`ingest` in two steps: store the post now, and what follows from it (draft, redraft, tell
        the owner, redraw the card) as a call the caller makes when it can (a webhook answers first).
        A stop between the two loses nothing: a stored ticket never drafted is drafted on resume
        or by the next `draft_pending`."""
        cleaned = self._cleaned(post, source=source, raw=raw, where=where)
        if isinstance(cleaned, Ingested):
            return cleaned, lambda: None
        ours = ours or cleaned.author_handle.lower() in self.own_handles
        came = self.store.arrive(cleaned, ours=ours)
        return Ingested(came.ticket_id, came.created, how=came.how), lambda: self._follow_up(came, cleaned)

    def expect(self, posts: list[Post]) -> None:
        """Posts about to be ingested (a poll's page, a stretch of a replay): embed what their drafts
        will search for in one call, not one call each. Saves time only; posts stored already are
        skipped, and `ingest` works the same without it."""
        known = self.store.known([(post.platform, post.external_id) for post in posts])
        texts = []
        for post in posts:
            if (post.platform, post.external_id) in known:
                continue
            try:
                texts.append(post.cleaned(self.regions).text)
            except PostRejected:
                continue
        if texts:
            self.knowledge.expect(texts)

    def _cleaned(self, post: Post, *, source: str, raw: str, where: str) -> Post | Ingested:
        """The post as stored (personal data masked), or the rejected item it became."""
        try:
            return post.cleaned(self.regions)
        except PostRejected as exc:
            return self.reject(source or str(post.platform), str(exc), raw or repr(post), where=where, external_id=str(post.external_id))

    def _open_decided(self, cleaned: Post) -> Ingested | None:
        """A post opening a new conversation: triage, ground, draft and check it, then store post,
        ticket and draft in one transaction and show the card. None when it is not that (seen
        before, part of a conversation) or deciding failed: the caller stores it first, so a
        failure is recorded on its ticket."""
        if self.store.placement(cleaned) != "opens":
            return None
        try:
            verdict, draft = self._decide(self.store.unsaved(cleaned))
        except Exception:  # noqa: BLE001 - stored first and drafted again, where the failure is kept
            log.debug("deciding %s before storing it failed; storing it first", cleaned.external_id, exc_info=True)
            return None
        came = self.store.open_decided(cleaned, triage=_triage_fields(verdict), draft=_draft_fields(draft))
        if came is None or came.ticket_id is None:
            return None
        if came.how == "opened":
            self.show(came.ticket_id)
        return Ingested(came.ticket_id, came.created, how=came.how)

    def _follow_up(self, came: Any, cleaned: Post) -> None:
        if came.how == "opened":
            self._prepare_safely(came.ticket_id)
        elif came.how == "reopened":
            self._prepare_safely(came.ticket_id)
            self._tell_owner(came.ticket_id, f"@{cleaned.author_handle} wrote again after our reply; the ticket is open again with a new draft.")
        elif came.how == "joined":
            try:
                self.redraft(came.ticket_id)
            except Exception:  # noqa: BLE001 - the message is stored and shown; the old draft stands
                log.exception("redrafting ticket %s after a new message failed", came.ticket_id)
            self.show(came.ticket_id)  # the card shows the conversation, redrawn in place
            self._tell_owner(came.ticket_id, f"@{cleaned.author_handle} added a message to this conversation.")
        elif came.how == "ours" and came.ticket_id is not None:
            self.show(came.ticket_id)

    def _tell_owner(self, ticket_id: int | None, text: str) -> None:
        if self.inbox is None or ticket_id is None:
            return
        try:
            self.inbox.tell_owner(ticket_id, text)
        except Exception:  # noqa: BLE001 - the card shows the message anyway
            log.exception("could not tell the owner of ticket %s", ticket_id)

    def _prepare_safely(self, ticket_id: int, *, show: bool = True) -> bool:
        """`prepare`, but a failure while drafting (a model bug, a full disk) never stops the source
        feeding us: the ticket stays NEW with the error in its audit log, and is drafted again by a
        later poll or replay once its lease runs out."""
        try:
            return self.prepare(ticket_id, show=show)
        except Exception as exc:  # noqa: BLE001
            log.exception("drafting ticket %s failed; it stays queued and is tried again later", ticket_id)
            try:
                self.store.note(ticket_id, actor="system", kind="draft_failed", note=f"{type(exc).__name__}: {str(exc)[:300]}")
            except Exception:  # noqa: BLE001 - the store itself may be what failed
                log.exception("could not record the failure on ticket %s", ticket_id)
            return False

    def reject(self, source: str, reason: str, raw: str, *, where: str = "", external_id: str = "") -> Ingested:
        """Keep an item a source could not turn into a post: listed by `social-reply rejected`. The
        reason is masked here, once, for the log, the store and whoever called."""
        reason = masked_text(reason)
        _, created = self.store.add_rejected(source=source, reason=reason, raw=raw, where=where, external_id=external_id)
        if created:
            log.warning("rejected an item from %s%s: %s", source, f" ({where})" if where else "", reason)
        return Ingested(None, False, reason, how="rejected" if created else "duplicate")

    def draft_pending(self) -> int:
        """Draft tickets stored but never drafted (a crash between storing and drafting). Sources call
        this after each batch, so they are picked up by the next poll or replay, not only at start."""
        return sum(self._prepare_safely(ticket_id) for ticket_id in self.store.undrafted())

    def prepare(self, ticket_id: int, *, show: bool = True) -> bool:
        """Triage, retrieve and draft a NEW ticket, then put it in front of an agent. False when another
        worker is drafting it (or already did)."""
        if not self.store.take_for_drafting(ticket_id):
            return False
        try:
            self._write_draft(ticket_id, ready=True)
        except IllegalTransition:
            return False  # dismissed while we drafted: nothing to show
        if show:
            self.show(ticket_id)
        return True

    def redraft(self, ticket_id: int) -> bool:
        """The customer added to a conversation nobody has answered yet: draft again with everything
        they said, unless an agent already wrote the draft. An agent acting meanwhile wins (the draft
        is only saved if the ticket is as we read it)."""
        ticket = self.store.get(ticket_id)
        draft = ticket.draft
        if ticket.state != TicketState.AWAITING_REVIEW or (draft is not None and draft.author not in ("", "system")):
            return False
        try:
            self._write_draft(ticket_id, seen=ticket.version)
        except (IllegalTransition, TicketChanged):
            return False
        return True

    def _write_draft(self, ticket_id: int, *, ready: bool = False, seen: int | None = None) -> None:
        """Triage what the customer said since our last reply, and draft its answer from the
        conversation so far (never repeating an answer already sent)."""
        ticket = self.store.get(ticket_id)
        verdict = self._triage(ticket)
        self.store.record_triage(ticket_id, **_triage_fields(verdict))
        draft = self._draft(ticket, verdict)
        self.store.add_draft(ticket_id, ready=ready, seen=seen, **_draft_fields(draft))

    def _decide(self, ticket: Any) -> tuple[Triage, Draft]:
        verdict = self._triage(ticket)
        return verdict, self._draft(ticket, verdict)

    @staticmethod
    def _triage(ticket: Any) -> Triage:
        """Triage of what the customer said since our last reply (read together when several)."""
        post = post_from_row(customer_posts(ticket)[-1])  # the message this round answers
        unanswered = unanswered_posts(ticket)
        return triage(replace(post, text="\n".join(row.text for row in unanswered)) if len(unanswered) > 1 else post, unseen=bool(unseen_parent(ticket)))

    def _draft(self, ticket: Any, verdict: Triage) -> Draft:
        """The round's draft from the conversation so far, with its flags and checks."""
        history = history_of(ticket)
        said = customer_posts(ticket)
        post = post_from_row(said[-1])
        # A later message ("still broken", "it's NH-48213") is about what the conversation is
        # about: it is read with the customer's earlier messages.
        grounding = self.knowledge.ground("\n".join(row.text for row in said[-3:]), verdict.intent)
        if verdict.hazard:  # a danger or a fraud is never answered with a routine fix: only an article about it may answer it
            grounding = grounding.for_a_hazard(verdict.hazard_kind)
        elif doubts_a_message(post.text):  # "got an email saying my domain expires, is that you?": only an article about scams
            grounding = grounding.for_a_hazard("doubted")
        draft = self.drafter.draft(post, verdict, grounding, history)
        if grounding.read_as:  # whichever drafter wrote it, the agent sees how the post was understood
            draft.flags.insert(0, read_as_flag(grounding.read_as))
        unsure = doubt(grounding.verdict) if draft.citations else ""
        if unsure:  # whichever drafter wrote it: the decision gave it an article it is unsure of
            draft.flags.append(unsure)
        unread = self.knowledge.unread_language(post.text) if draft.no_match else None
        if unread is not None:  # "no match" may only mean the post was read in a language the folder lacks
            draft.flags.append(
                f"the folder has no text in {unread.name} and retrieval reads English: an article may still answer it "
                "(a translation of that article, or TRANSLATE_URL, lets posts in it be read)"
            )
        parent = unseen_parent(ticket)
        if parent:
            # masked when the post was stored: here only put on one line and cut
            quoted = f": “{one_line(parent.text, PARENT_CHARS, masked=False)}”" if parent.text.strip() else ""
            draft.flags.append(
                f"replies to a post this conversation doesn't hold ({post.platform} post {parent.external_id}{quoted}): read it before answering"
            )
        for row in unanswered_posts(ticket):  # what the agent must know about each message waiting for this answer
            draft.flags += [flag for flag in post_flags(post_from_row(row)) if flag not in draft.flags]
        if draft.text:
            draft.problems = self.checker.check(
                draft.text,
                draft.dm_text,
                platform=post.platform,
                customer=post.author_handle,
                cited_ids=[c.article_id for c in draft.citations],
                machine_written=True,
                brand=self.brand,
                notes=draft.notes,
                post=post.text,
            )
        return draft

    def show(self, ticket_id: int) -> None:
        if self.inbox is None:
            return
        try:
            self.inbox.show(ticket_id)
        except Exception:
            # The ticket is safe in the store; `resume()` posts the card again on the next start.
            log.exception("could not show ticket %s in the inbox; it stays queued", ticket_id)

    def resume(self) -> dict[str, int]:
        """Take over what a replica that is gone left unfinished (this one before a restart, or another):
        settle its interrupted sends, draft what it stored but did not draft, show the cards it did
        not show. Runs at start-up and then periodically, by whichever replica holds the recovery
        duty; a live replica's work is never touched."""
        interrupted = self.store.recover_interrupted()
        drafted = [ticket_id for ticket_id in self.store.undrafted() if self._prepare_safely(ticket_id, show=False)]
        shown = 0
        if self.inbox is not None:
            for ticket_id in drafted + self.store.unshown():  # a live replica shows its own
                self.show(ticket_id)
                shown += 1
            for ticket_id in interrupted["dms"]:
                self.show(ticket_id)  # a SENT card redrawn to say its DM is uncertain
        return {"uncertain_sends": len(interrupted["replies"]), "uncertain_dms": len(interrupted["dms"]), "drafted": len(drafted), "cards_shown": shown}
