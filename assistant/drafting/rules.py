"""The rules every draft is read against, whichever drafter (or agent) wrote it: one small named
function each, in one list (`RULES`), run in that order by `checks.check_reply_text`.

Each rule reads a `Reading`: the reply and its DM after NFKC and lookalike folding (so
"ｅｖｉｌ.example", "＠Rival" or a Cyrillic "а" can't slip past), with what it cites. The last
rules apply to machine drafts only: they must say only what is allowed (`allowlist`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from assistant.drafting.allowlist import (
    Brand,
    Embed,
    Sources,
    quotes_instructions,
    sentences,
    unsourced_facts,
    unsupported_sentences,
)
from assistant.drafting.length import dm_too_long, length_problems
from assistant.drafting.links import (
    _MENTION,
    SHORTENERS,
    _customer_handle,
    allowed_links,
    find_links,
)
from assistant.drafting.problem import Problem
from assistant.drafting.secrets import asks_for_secret
from assistant.drafting.wording import (
    AMOUNT,
    ASK_PUBLIC,
    CONTENT_WORD,
    DISCLOSURE,
    OTHERS_ACCOUNT,
    PRIVATE_CHANNEL,
    REVIEWER,
    approved_words,
    blame,
    dictated_echo,
    grounded_share,
    is_redirect_only,
    profane,
    said_by,
    sentences_of,
    unapproved,
    unbacked_promise_of,
)
from assistant.kb.articles import Article
from assistant.platforms import Platform
from assistant.privacy import PLACEHOLDER
from assistant.text.lookalikes import fold, plain


@dataclass
class Reading:
    """A draft as every rule reads it."""

    text: str
    rules: Platform
    customer: str
    cited: Sequence[Article]
    dm_text: str = ""
    machine_written: bool = False
    brand: Brand = field(default_factory=Brand)
    notes: Sequence[str] = ()
    post: str = ""
    embed: Embed | None = None

    @cached_property
    def both(self) -> str:
        return f"{self.text}\n{self.dm_text}"

    @cached_property
    def folded(self) -> str:
        return fold(self.both)

    @cached_property
    def links(self) -> list:
        return find_links(self.both)

    @cached_property
    def allowed(self) -> set[str]:
        return allowed_links(self.cited)

    @cached_property
    def foreign(self) -> list[str]:
        """Links the cited articles don't give."""
        return [link.text for link in self.links if link.normal not in self.allowed]

    @cached_property
    def is_brand_line(self) -> bool:
        """The whole reply is one of the brand's own lines (greetings.yaml: thanks, a follow-up
        asking for details in DM), its placeholders filled in: text the brand approved as a reply
        on its own, chosen when no article can answer."""
        said = " ".join(self.text.split())
        filled = {"handle": re.escape(self.customer.lstrip("@")), "platform": re.escape(self.rules.title), "url": r"\S+"}
        for phrase in self.brand.phrases:
            pattern = re.sub(r"\\\{(\w+)\\\}", lambda slot: filled.get(slot.group(1), r"(?!)"), re.escape(" ".join(phrase.split())))
            if re.fullmatch(pattern, said):
                return True
        return False

    @cached_property
    def approved_text(self) -> str:
        """What the brand stands behind: the cited articles (every language version) and its lines."""
        return " ".join([*(f"{v.title}. {v.reply} {v.body}" for a in self.cited for v in a.versions()), *self.brand.phrases])

    @cached_property
    def approved(self) -> str:
        """`approved_text` as the phrase rules compare it (`wording.said_by`): a phrase a rule
        objects to ("never share your password", "the API key for", "in the Trash") is the brand's
        own when an article says it in the same words, not the draft's invention."""
        return approved_words(self.approved_text)

    @cached_property
    def mentioned(self) -> list[str]:
        """Handles mentioned besides the customer's (never those inside a link), and besides those
        the cited articles or the brand's lines give ("tag @BrandHelp")."""
        own = _customer_handle(self.customer)
        given = set(_MENTION.findall(fold(self.approved_text)))
        handles = {handle for handle in _MENTION.findall(self.folded) if not any(handle in link.text for link in self.links)}
        return sorted(handle for handle in handles if handle != own and handle not in given)

    @cached_property
    def backing(self) -> str:
        return fold(" ".join(f"{a.title} {a.reply} {a.body}" for a in self.cited))

    @cached_property
    def revealed(self) -> re.Match[str] | None:
        """Talk of instructions or secrets. A phrase an article says in the same words ("the API
        key for the integration is in Settings") is the brand's; a key itself ("sk-…") never is."""
        said = (
            m for m in DISCLOSURE.finditer(self.folded) if not (_WORDS_ONLY.fullmatch(m.group(0)) and said_by(self.folded, m.start(), m.end(), self.approved))
        )
        return next(said, None)

    @cached_property
    def sources(self) -> Sources:
        return Sources(self.cited, post=self.post, customer=self.customer, brand=self.brand.terms, phrasebook=self.brand.phrases)


_WORDS_ONLY = re.compile(r"[^\W\d_]+(?:[\s'’]+[^\W\d_]+)*")  # a phrase, not a token such as a key

Rule = Callable[[Reading], list[Problem]]


def _one(name: str, reason: str | None) -> list[Problem]:
    return [Problem(name, reason)] if reason else []


# -- the rules, in the order the card lists their problems -------------------------------------


def not_grounded(draft: Reading) -> list[Problem]:
    if not (draft.machine_written and draft.cited):
        return []
    share = grounded_share(draft.both, draft.cited, draft.brand.phrasebook)
    return _one("not grounded", f"only {share:.0%} of its words come from the cited articles" if share < 0.5 else None)


def no_answer(draft: Reading) -> list[Problem]:
    short = draft.machine_written and len(CONTENT_WORD.findall(_MENTION.sub(" ", fold(draft.text)))) < 4
    return _one("no answer in it", "a machine draft of under four words can't be an answer; write one" if short else None)


def too_long(draft: Reading) -> list[Problem]:
    return length_problems(draft.text, draft.rules) + _one("too long", dm_too_long(draft.dm_text, draft.rules))


def redirect_only(draft: Reading) -> list[Problem]:
    private = any(article.private for article in draft.cited)
    only = is_redirect_only(draft.text) and not (private and draft.dm_text.strip()) and not draft.is_brand_line
    return _one("redirect only", "it only sends the customer elsewhere; answer the question (or cite a private article and draft the DM)" if only else None)


def asks_personal_data_in_public(draft: Reading) -> list[Problem]:
    for sentence in sentences_of(fold(draft.text)):
        asked = unapproved(ASK_PUBLIC.finditer(sentence), sentence, draft.approved)  # "never share your password" is a warning an article gives
        if asked and not PRIVATE_CHANNEL.search(sentence):
            return [Problem("asks for personal data in public", f"“{asked.group(0).strip()}”: ask for it in a DM instead")]
    return []


def foreign_link(draft: Reading) -> list[Problem]:
    return _one("link not from a cited article", ", ".join(dict.fromkeys(draft.foreign[:3])))


def shortened_link(draft: Reading) -> list[Problem]:
    shortened = [link.text for link in draft.links if link.host in SHORTENERS and link.normal not in draft.allowed]
    return _one("shortened link", f"{shortened[0]}: it hides where it goes" if shortened else None)


def mentions_others(draft: Reading) -> list[Problem]:
    others = draft.mentioned
    return _one("mentions someone else", ", ".join("@" + handle for handle in others[:3]) + ": only the customer may be mentioned" if others else None)


def unbacked_promise(draft: Reading) -> list[Problem]:
    return _one("unbacked promise", unbacked_promise_of(draft.folded, draft.backing))


def unbacked_amount(draft: Reading) -> list[Problem]:
    backing = re.sub(r"\s", "", draft.backing)
    amounts = [m.group(0) for m in AMOUNT.finditer(draft.folded) if re.sub(r"\s", "", m.group(0)) not in backing]
    return _one("amount not from a cited article", f"{amounts[0]}: money and percentages must come from the articles" if amounts else None)


def blames_others(draft: Reading) -> list[Problem]:
    blamed = blame(draft.folded, draft.approved, draft.brand.terms)
    return _one("blames others", f"“{blamed}”: own the problem instead" if blamed else None)


def insult_or_profanity(draft: Reading) -> list[Problem]:
    rude = profane(sentences_of(plain(draft.both)), draft.approved)
    return _one("insult or profanity", f"“{rude}”" if rude else None)


def talks_about_instructions(draft: Reading) -> list[Problem]:
    revealed = draft.revealed
    return _one("talks about its instructions or secrets", f"“{revealed.group(0)}”: a reply answers the customer, nothing else" if revealed else None)


def repeats_personal_data(draft: Reading) -> list[Problem]:
    placeholder = PLACEHOLDER.search(draft.both)
    return _one("repeats personal data", f"{placeholder.group(0)}: masked personal data from a post never goes back out" if placeholder else None)


def another_persons_account(draft: Reading) -> list[Problem]:
    others = unapproved(OTHERS_ACCOUNT.finditer(draft.folded), draft.folded, draft.approved)  # "admins can reset another user's password"
    return _one("another person's account", f"“{others.group(0)}”: we only discuss the customer's own account, with them, in a DM" if others else None)


def repeats_the_post(draft: Reading) -> list[Problem]:
    if not (draft.machine_written and draft.post):
        return []
    articles = " ".join(f"{a.title} {a.reply} {a.body} {a.url}" for a in draft.cited) + " " + draft.brand.phrasebook
    echoed = dictated_echo(draft.post, draft.both, articles)
    return _one("repeats the post", f"“{echoed}” comes from the customer's post, not from an article" if echoed else None)


def asks_for_a_secret(draft: Reading) -> list[Problem]:
    secret = asks_for_secret(draft.both, [f"{a.title}. {a.reply} {a.body}" for a in draft.cited])
    return _one("asks for a secret", f"“{secret}”: nobody at the brand needs a customer's password, code, PIN or card number" if secret else None)


def unsourced_fact(draft: Reading) -> list[Problem]:
    """Machine drafts: every number, link, name, code or command comes from an allowed source."""
    if not draft.machine_written:
        return []
    reported = {token.lower() for token in draft.foreign} | {"@" + handle for handle in draft.mentioned}  # said above already
    facts = [fact for fact in unsourced_facts(draft.both, draft.sources) if fact.token.lower() not in reported]
    said = "; ".join(map(str, facts[:4])) + ": every number, link, name, code or command must come from a cited article, the post or the brand's terms"
    return _one("fact not from a cited article", said if facts else None)


def unsupported_sentence(draft: Reading) -> list[Problem]:
    """Machine drafts: every sentence says what an article (or the phrasebook) says."""
    if not draft.machine_written:
        return []
    unsupported = unsupported_sentences(draft.both, draft.sources, draft.embed)
    if not unsupported:
        return []
    sentence, why = unsupported[0]
    more = f" (and {len(unsupported) - 1} more)" if len(unsupported) > 1 else ""
    return [Problem("unsupported sentence", f"“{sentence[:120]}”: {why}{more}")]


def quotes_its_instructions(draft: Reading) -> list[Problem]:
    """Machine drafts: six words in a row from the prompt templates (unless an article says them)."""
    if not draft.machine_written or draft.revealed:
        return []
    leaked = quotes_instructions(draft.both, draft.brand, draft.sources)
    return _one(
        "talks about its instructions or secrets",
        f"“{leaked}” is from the model's instructions: a reply answers the customer, nothing else" if leaked else None,
    )


def _said_plainly(sentence: str) -> str:
    """A sentence without the handles it opens with, lower case, single spaces."""
    return " ".join(re.sub(r"^(?:\s*@[\w.]+)+", "", sentence).lower().split())


def speaks_to_the_reviewer(draft: Reading) -> list[Problem]:
    """Words addressed to whoever approves the draft. A sentence a cited article says word for word
    is the article talking to customers ("You can get pre-approved in the Support app"), not a note
    to the agent; every other sentence is read."""
    article = " ".join(fold(draft.sources.article_text).lower().split())
    for where, words in (("the reply", draft.both), ("the model's notes", "\n".join(draft.notes))):
        own = " ".join(sentence for sentence in sentences(fold(words)) if _said_plainly(sentence).strip(" .!?") not in article)
        addressed = REVIEWER.search(own)
        if addressed:
            return [Problem("speaks to the reviewer", f"{where} says “{addressed.group(0)}”: a draft talks to the customer, never to whoever approves it")]
    return []


RULES: list[Rule] = [
    not_grounded,
    no_answer,
    too_long,
    redirect_only,
    asks_personal_data_in_public,
    foreign_link,
    shortened_link,
    mentions_others,
    unbacked_promise,
    unbacked_amount,
    blames_others,
    insult_or_profanity,
    talks_about_instructions,
    repeats_personal_data,
    another_persons_account,
    repeats_the_post,
    asks_for_a_secret,
    unsourced_fact,
    unsupported_sentence,
    quotes_its_instructions,
    speaks_to_the_reviewer,
]
