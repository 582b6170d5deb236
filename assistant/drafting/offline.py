"""The offline grounded drafter: the best article's approved `reply`, opened to suit the customer's mood."""

from __future__ import annotations

import re

from assistant.conversation import History
from assistant.drafting.draft import Citation, Draft
from assistant.drafting.length import platform_length, split_into_thread
from assistant.drafting.prompts import Prompts
from assistant.kb.articles import Article
from assistant.kb.grounding import Grounding
from assistant.language import detect, mismatch
from assistant.platforms import DEFAULT, Platforms
from assistant.posts import Post, one_line
from assistant.triage import Triage

VENTING = "venting: may not need a reply"
_OPENS_WITH_FEELING = re.compile(r"^(so sorry|sorry|we're sorry|we are sorry|thanks|thank you|we're on it)\b", re.I)


class OfflineDrafter:
    """Needs no network: every sentence comes from `prompts/greetings.yaml` or a cited article."""

    name = "offline"
    instant = True  # no paid or slow call: a post can be drafted before it is stored (see Pipeline.ingest)

    def __init__(self, prompts: Prompts, platforms: Platforms = DEFAULT):
        self.greetings = prompts.greetings
        self.platforms = platforms

    def draft(self, post: Post, triage: Triage, grounding: Grounding, history: History | None = None) -> Draft:
        handle = post.author_handle
        platform = self.platforms(post.platform).title
        if triage.intent == "spam":
            return Draft("", [], self.name, flags=["spam: no reply suggested; dismiss it"])
        if triage.intent == "praise":
            return Draft(self.greetings["praise"].format(handle=handle), [], self.name)
        matched = grounding.matched
        flags = []
        if history is not None and history.replies:
            fresh = history.fresh(matched)
            if matched and not fresh or not matched and history.sent_articles:
                # The same problem after our answer: never send it again; offer the next step.
                flags.append(
                    f"same problem after our {history.replies} repl{'y' if history.replies == 1 else 'ies'}: the answer already sent is not repeated; "
                    "consider escalating, or take it to a DM"
                )
                return Draft(self.greetings["persists"].format(handle=handle, platform=platform), [], self.name, flags=flags)
            skipped = [article.id for article, _ in matched if article.id in history.sent_articles]
            if skipped:
                flags.append(f"follow-up: {', '.join(skipped)} already sent in this conversation, so not again")
            matched = fresh
        if not matched:
            reason = grounding.decided.reason or "no article answers this"
            flags.append(f"no match: {reason}; write a reply or escalate")
            if triage.intent == "venting":
                flags.append(VENTING)
            return Draft("", [], self.name, no_match=True, flags=flags)
        used = {article.id for article, _ in matched}
        questions = [(article, score, part) for article, score, part in grounding.answering if article.id in used]
        answering = [(article, score) for article, score, _ in questions]
        if len(answering) > 1:
            several = self._answer(post, triage, answering, flags)
            if several is not None:
                return several
            # A sentence too long to post even in a thread: answer the first question, name the others.
            flags += [f"also asks “{one_line(part, 80)}”: '{article.id}' answers it; add it or reply again" for article, _, part in questions[1:]]
        one = self._answer(post, triage, (answering or matched)[:1], flags)
        assert one is not None  # one article's reply always fits (articles' replies are at most 230 weighted characters)
        return one

    def _answer(self, post: Post, triage: Triage, answering: list[tuple[Article, float]], flags: list[str]) -> Draft | None:
        """The reply from these articles' approved replies, in the order given. A private answer
        needs the customer's details: the public reply says so in one line and the DM carries it.
        Several answers too long for one post become a numbered thread; None when even that can't
        be done (one sentence too long)."""
        handle = post.author_handle
        articles = [article for article, _ in answering]
        public = [article for article in articles if not article.private]
        private = [article for article in articles if article.private]
        greeting = self.greetings[triage.sentiment].format(handle=handle)
        if public and not private and _OPENS_WITH_FEELING.match(public[0].reply):
            greeting = f"@{handle}"  # the article already apologises or thanks; don't do it twice
        rules = self.platforms(post.platform)
        said: list[str] = []  # in the order asked; the private line stands where the first private answer would
        for article in articles:
            if not article.private:
                line = article.reply.strip()
            elif rules.can_dm:
                line = self.greetings["dm_line"].format(platform=rules.title)
            else:  # no direct messages here: keep the details out of public and point to the article
                line = self.greetings["no_dm_line"].format(platform=rules.title, url=article.url)
            if line not in said:
                said.append(line)
        dm = f"Hi @{handle}, {' '.join(article.reply.strip() for article in private)}" if private and rules.can_dm else ""
        if private and not rules.can_dm:
            flags = [*flags, f"private answer: {rules.title} has no direct messages we can send, so the reply points to the article instead of a DM"]
        if len(articles) == 1:
            reply = said[0]
            link = [] if private else [f"{greeting} {reply} {articles[0].url}".strip()]
            candidates = [*link, f"{greeting} {reply}", f"@{handle} {reply}"]
            text = next((candidate for candidate in candidates if rules.fits(candidate)), candidates[-1])
        else:
            text = " ".join([greeting, *said])
            length, limit, _ = platform_length(text, rules)
            if length > limit:
                if not rules.threads:
                    return None
                threaded = split_into_thread(text, rules)
                if threaded is None:
                    return None
                text = threaded
            flags = [*flags, f"{len(articles)} questions, answered from {', '.join(repr(a.id) for a in articles)} in the order asked"]
        citations = [Citation(article.id, article.title, article.url, score) for article, score in answering]
        return Draft(text, citations, self.name, flags=[*flags, *_article_flags(post, triage, articles)], dm_text=dm)


def _article_flags(post: Post, triage: Triage, articles: list[Article]) -> list[str]:
    """What the agent should know about answering this post from these articles."""
    flags = []
    different = mismatch(detect(post.text), detect(f"{articles[0].title}. {articles[0].reply}"))
    if different:
        flags.append(different)
    flags += [f"specialist topic: '{article.id}' is always handled by a specialist; consider escalating" for article in articles if article.escalate]
    if triage.intent == "venting":
        flags.append(VENTING)
    return flags
