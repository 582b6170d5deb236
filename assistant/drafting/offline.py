"""The offline grounded drafter: the best article's approved `reply`, opened to suit the customer's mood."""

from __future__ import annotations

import re

from assistant.conversation import History
from assistant.drafting.draft import Citation, Draft, Grounding
from assistant.drafting.limits import fits_x
from assistant.drafting.prompts import Prompts
from assistant.language import detect, mismatch
from assistant.posts import Post
from assistant.triage import Triage

PLATFORM_NAMES = {"x": "X", "mastodon": "Mastodon", "bluesky": "Bluesky"}
_OPENS_WITH_FEELING = re.compile(r"^(so sorry|sorry|we're sorry|we are sorry|thanks|thank you|we're on it)\b", re.I)


class OfflineDrafter:
    """Needs no network: every sentence comes from `prompts/greetings.yaml` or a cited article."""

    name = "offline"

    def __init__(self, prompts: Prompts):
        self.greetings = prompts.greetings

    def draft(self, post: Post, triage: Triage, grounding: Grounding, history: History | None = None) -> Draft:
        handle = post.author_handle
        platform = PLATFORM_NAMES.get(post.platform, post.platform)
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
                flags.append("venting: may not need a reply")
            return Draft("", [], self.name, no_match=True, flags=flags)
        article, score = matched[0]
        citation = Citation(article.id, article.title, article.url, score)
        different = mismatch(detect(post.text), detect(f"{article.title}. {article.reply}"))
        if different:
            flags.append(different)
        if article.escalate:
            flags.append(f"specialist topic: '{article.id}' is always handled by a specialist; consider escalating")
        if triage.intent == "venting":
            flags.append("venting: may not need a reply")
        if article.private:
            # The answer needs the customer's details: say so publicly in one line, help in the DM.
            dm_line = self.greetings["dm_line"].format(platform=platform)
            public = f"{self.greetings[triage.sentiment].format(handle=handle)} {dm_line}"
            dm = f"Hi @{handle}, {article.reply}"
            return Draft(public if fits_x(public) else f"@{handle} {dm_line}", [citation], self.name, flags=flags, dm_text=dm)
        greeting = self.greetings[triage.sentiment].format(handle=handle)
        if _OPENS_WITH_FEELING.match(article.reply):
            greeting = f"@{handle}"  # the article already apologises or thanks; don't do it twice
        minimal = f"@{handle} {article.reply}"
        candidates = [f"{greeting} {article.reply} {article.url}".strip(), f"{greeting} {article.reply}", minimal]
        # Articles' replies are at most 230 weighted characters, so the last candidate always fits.
        text = next((candidate for candidate in candidates if fits_x(candidate)), minimal)
        return Draft(text, [citation], self.name, flags=flags)
