"""The checks every draft passes, whichever drafter (or agent) wrote it: `check_reply_text` reads
the draft once and runs every rule of `rules.RULES` in order.

A failed check is a `Problem`: shown on the card with its name and reason, and it blocks Approve
until an agent edits the reply or overrides the check with a reason (which goes into the audit log).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.drafting.allowlist import Brand, Embed
from assistant.drafting.problem import Problem
from assistant.drafting.rules import RULES, Reading
from assistant.kb.articles import Article


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
) -> list[Problem]:
    """Every check on a public reply, its DM and the model's notes. Empty list: nothing blocks Approve.

    A machine-written draft must also say only what is allowed (`allowlist`): its facts and its
    sentences come from the cited articles, the customer's post or the brand's own names and
    phrases. `embed` compares sentences by meaning (the index's model).
    """
    draft = Reading(text, platform, customer, cited, dm_text, machine_written, brand or Brand(), notes, post, embed)
    return [problem for rule in RULES for problem in rule(draft)]
