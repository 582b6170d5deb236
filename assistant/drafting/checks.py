"""The checks every draft passes, whichever drafter (or agent) wrote it: `check_reply_text` reads
the draft once and runs every rule of `rules.RULES` in order.

A failed check is a `Problem`: shown on the card with its name and reason, and it blocks Approve
until an agent edits the reply or overrides the check with a reason (which goes into the audit log).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.drafting.allowlist import Brand, Embed
from assistant.drafting.problem import Problem
from assistant.drafting.prompts import Prompts
from assistant.drafting.rules import RULES, Reading
from assistant.kb import Knowledge
from assistant.kb.articles import Article
from assistant.platforms import DEFAULT, Platforms
from assistant.store.models import Ticket


def check_reply_text(
    text: str,
    *,
    platform: str,
    customer: str,
    cited: Sequence[Article],
    dm_text: str = "",
    machine_written: bool = False,
    brand: Brand | None = None,
    notes: Sequence[str] = (),
    post: str = "",
    embed: Embed | None = None,
    platforms: Platforms = DEFAULT,
) -> list[Problem]:
    """Every check on a public reply, its DM and the model's notes. Empty list: nothing blocks Approve.

    A machine-written draft must also say only what is allowed (`allowlist`): its facts and its
    sentences come from the cited articles, the customer's post or the brand's own names and
    phrases. `embed` compares sentences by meaning (the index's model). `platforms`: the
    installation's rules (its limits), the declared ones by default.
    """
    draft = Reading(text, platforms(platform), customer, cited, dm_text, machine_written, brand or Brand(), notes, post, embed)
    return [problem for rule in RULES for problem in rule(draft)]


def blocked_passages(article: Article) -> list[tuple[str, list[str]]]:
    """(passage, problem names) for each passage the offline drafter may send from `article` (every
    language version) that the checks would block: a draft built from it could never be approved
    as it stands, so the editor hears of it (`kb lint`) before an agent does."""
    from assistant.drafting.offline import sayable

    blocked = []
    for version in article.versions():
        for passage in sayable(version):
            if version.private:  # the answer goes in the DM; the public reply says so
                text, dm = "@customer We have sent you a DM to sort this out privately.", f"Hi @customer! {passage}"
            else:
                text, dm = f"@customer {passage} {version.url}".strip(), ""
            problems = check_reply_text(text, platform="x", customer="customer", cited=[version], dm_text=dm)
            if problems:
                blocked.append((passage, [problem.name for problem in problems]))
    return blocked


# The brand's lines that are a whole reply on their own (`OfflineDrafter`), each chosen when no
# article answers: thanks, praise, a solved problem, a follow-up, a post taken to DM, a danger or a fraud reported.
WHOLE_REPLY_LINES = ("praise", "thanks", "solved", "persists", "to_dm", "safety", "gas", "harm", "security")


def blocked_lines(prompts: Prompts, brand: Brand) -> list[tuple[str, str, list[str]]]:
    """(file and line name, the line, problem names) for each whole-reply line of the prompts
    folder, in every language, that the checks would block on X: every draft made of it could
    never be approved, so the editor hears of it (`kb lint`) before an agent does."""
    blocked = []
    for code, lines in [("", prompts.greetings), *prompts.languages.items()]:
        for key in WHOLE_REPLY_LINES:
            line = lines.get(key, "")
            if not line:
                continue
            text = line.format(handle="customer", platform="X", url="https://example.com")
            problems = check_reply_text(text, platform="x", customer="customer", cited=[], brand=brand)
            if problems:
                blocked.append((f"greetings{'.' + code if code else ''}.yaml ({key})", line, [problem.name for problem in problems]))
    return blocked


class DraftChecker:
    """The draft checks as the product runs them: against the knowledge's current articles, with
    the installation's platform rules, comparing sentences with the index's own model."""

    def __init__(self, knowledge: Knowledge, platforms: Platforms = DEFAULT):
        self.knowledge = knowledge
        self.platforms = platforms

    def check(self, text: str, dm_text: str, *, platform: str, customer: str, cited_ids: list[str], **options: Any) -> list[Problem]:
        """The checks against the articles with these ids."""
        # Every language version of each cited article: a reply in Spanish quotes its Spanish text.
        cited = [version for i in cited_ids if i in self.knowledge.articles for version in self.knowledge.articles[i].versions()]
        if options.get("machine_written"):
            options.setdefault("embed", self.knowledge.index.sentences)  # sentences are compared by meaning with the index's model
        return check_reply_text(text, platform=platform, customer=customer, cited=cited, dm_text=dm_text, platforms=self.platforms, **options)

    def check_reply(self, ticket: Ticket, text: str, dm_text: str) -> list[Problem]:
        """The checks for an agent's text, against the articles the ticket's draft cited (the
        model's notes belong to the model's draft, not to the agent's)."""
        cited_ids = [c["article_id"] for c in (ticket.draft.citations if ticket.draft else [])]
        return self.check(text, dm_text, platform=ticket.post.platform, customer=ticket.post.author_handle, cited_ids=cited_ids)
