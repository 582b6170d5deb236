"""The offline grounded drafter: for each need, the passage of its article that answers it (the
section closest to what was asked, or the article's approved `reply`), opened to suit what
happened to the customer (`tone`)."""

from __future__ import annotations

import re

from assistant.conversation import History
from assistant.drafting.draft import Citation, Draft
from assistant.drafting.length import platform_length, split_into_thread
from assistant.drafting.prompts import Prompts
from assistant.drafting.tone import Tone, thanks_our_people, tone
from assistant.kb.articles import MAX_REPLY_CHARS, SENTENCE_BREAK, Article, of_article, version_for
from assistant.kb.grounding import Grounding
from assistant.language import Language, detect, mismatch, of_reply
from assistant.platforms import DEFAULT, Platforms
from assistant.posts import Post, one_line
from assistant.text.codes import codes_in
from assistant.text.loss import tells_of_a_death
from assistant.text.needs import ASKS_HOW_TO, HANDLES, asks_what_if, states_a_problem, tells_of_a_fix
from assistant.text.problem_words import heads_money_taken
from assistant.text.query import names_the_post, word_prefixes
from assistant.triage import Triage

VENTING = "venting: may not need a reply"
# A passage that apologises or thanks, however it is put and wherever it does ("We're very sorry.",
# "Our apologies", "Many thanks", "Lo sentimos", "If we didn't arrive in your slot, we're sorry:
# …"): the reply's own opening would say it twice.
_DEGREE = r"(?:(?:so|very|really|truly|terribly|deeply|extremely|awfully) )?"
_SAYS_FEELING = re.compile(
    rf"(?<![\w'’])(?:(?:we(?:'re| are) |I'm |I am ){_DEGREE}sorry|{_DEGREE}sorry|we {_DEGREE}apologi[sz]e|(?:our |my |many |sincere )*apologies|(?:many )?thanks(?!\s+to\b)|"
    r"thank you|we're on it|(?:lo )?sentimos|lo siento|disculp\w*|perdón|(?:nous sommes )?désolée?s?|pardon|es tut (?:uns|mir) leid|entschuldig\w*|"
    r"lamentamos|desculp\w*|gracias|merci|danke|obrigad[oa])\b(?![-'’])",
    re.I,
)
# An apology or thanks that says nothing else ("Sorry about that.", "So sorry for the trouble!"),
# opening an article's reply: in a reply of several answers, said once.
_CONDOLES = re.compile(r"\bsorry\b|\bcondolences?\b|\bsympathy\b", re.I)  # a passage that says it for us, to a customer who lost someone
_BARE_FEELING = re.compile(
    r"^(?:(?:so |we're |we are )?sorry(?: about (?:that|this)| for (?:that|this|the (?:trouble|hassle|inconvenience)))?|thanks for (?:that|your patience))[.!]+\s+",
    re.I,
)


class OfflineDrafter:
    """Needs no network: every sentence comes from `prompts/greetings.yaml` or a cited article."""

    name = "offline"
    instant = True  # no paid or slow call: a post can be drafted before it is stored (see Pipeline.ingest)

    def __init__(self, prompts: Prompts, platforms: Platforms = DEFAULT):
        self.prompts = prompts
        self.greetings = prompts.greetings
        self.platforms = platforms

    def draft(self, post: Post, triage: Triage, grounding: Grounding, history: History | None = None) -> Draft:
        handle = post.author_handle
        language = detect(post.text)
        if triage.intent == "spam":
            return Draft("", [], self.name, flags=["spam: no reply suggested; dismiss it"])
        if triage.intent == "dm":
            return self._in_dm(post, "to_dm", ["the customer took it to a direct message: answer there (the reply only says so)"])
        if triage.intent == "answer":
            why = triage.reasons[0].split(": ", 1)[-1] if triage.reasons else "answers a question from earlier messages"
            return Draft("", [], self.name, flags=[f"{why}: read the conversation, then write the reply"])
        if triage.intent == "mixed":  # neither the praise line nor an article: either could answer sarcasm with a smile
            return Draft("", [], self.name, flags=[f"{triage.reasons[0]}; no reply suggested"])
        if triage.intent == "follow-up":
            return self._in_dm(
                post, "persists", ["a follow-up without its problem: look for the customer's earlier messages; the reply asks for details in DM"]
            )
        if triage.intent == "praise":
            lines, flags = self._whole_reply_lines(post, Language(triage.thanks_in) if triage.thanks_in else None)
            line = (
                "praise_loss"  # "the staff who looked after my wife in her last days were angels": never "You're welcome!"
                if tells_of_a_death(post.text)
                else "solved"
                if triage.solved and tells_of_a_fix(post.text) and not thanks_our_people(post.text)
                else "thanks"
                if triage.thanks_only
                else "praise"
            )
            return Draft(lines[line].format(handle=handle), [], self.name, flags=flags)
        matched = grounding.matched
        if triage.hazard and not matched:
            kind = triage.hazard_kind
            return self._in_dm(post, kind, [f"{kind} report (“{triage.hazard}”): no routine fix is suggested; escalate it to a specialist"])
        flags = []
        if history is not None and history.replies:
            fresh = history.fresh(matched)
            if matched and not fresh or not matched and history.sent_articles:
                # The same problem after our answer: never send it again; offer the next step.
                flags.append(
                    f"same problem after our {history.replies} repl{'y' if history.replies == 1 else 'ies'}: the answer already sent is not repeated; "
                    "consider escalating, or take it to a DM"
                )
                return self._in_dm(post, "persists", flags)
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
        # Each article as this customer reads it: its translation into the post's language, if it has one.
        chunks = grounding.passages
        matched = [(version_for(article, language, chunks.get(article.id, "")), score) for article, score in matched]
        questions = [
            (version_for(article, language, chunks.get(article.id, "")), score, part) for article, score, part in grounding.answering if article.id in used
        ]
        answering = [(article, score) for article, score, _ in questions]
        said = Said(tone(post.text, triage, for_a_fault=matched[0][0].for_a_fault), grounding.passages, post.text, grounding.pointed)
        if len(answering) > 1:
            several = self._answer(post, triage, answering, flags, said)
            if several is not None:
                return several
            # A sentence too long to post even in a thread: answer the first question, name the others.
            flags += [f"also asks “{one_line(part, 80)}”: '{article.id}' answers it; add it or reply again" for article, _, part in questions[1:]]
        one = self._answer(post, triage, (answering or matched)[:1], flags, said)
        assert one is not None  # one article's reply always fits (articles' replies are at most 230 weighted characters)
        return one

    def _answer(self, post: Post, triage: Triage, answering: list[tuple[Article, float]], flags: list[str], said_as: Said) -> Draft | None:
        """The reply from these articles' passages (`Said.line`), in the order given. A private answer
        needs the customer's details: the public reply says so in one line and the DM carries it.
        Several answers too long for one post become a numbered thread; None when even that can't
        be done (one sentence too long)."""
        handle = post.author_handle
        articles = [article for article, _ in answering]
        public = [article for article in articles if not article.private]
        private = [article for article in articles if article.private]
        greetings, flags = self._lines(articles[0], flags)
        greeting = greetings[said_as.tone.opening].format(handle=handle)
        lines = {article.id: said_as.line(article) for article in public}
        if public and not private and (_CONDOLES if said_as.tone.opening == "loss" else _SAYS_FEELING).search(lines[public[0].id]):
            greeting = f"@{handle}"  # the article already apologises or thanks (condoles, for a loss); don't do it twice
        tried = said_as.tried(greetings)
        rules = self.platforms(post.platform)
        said: list[str] = []  # in the order asked; the private line stands where the first private answer would
        for article in articles:
            if not article.private:
                line = lines[article.id]
            elif rules.can_dm:
                line = greetings["dm_line"].format(platform=rules.title)
            else:  # no direct messages here: keep the details out of public and point to the article
                line = greetings["no_dm_line"].format(platform=rules.title, url=article.url)
            if said:  # a bare "Sorry about that." is said once a reply: the opening, or the first answer, said it
                line = _BARE_FEELING.sub("", line, count=1) or line
            if line not in said:
                said.append(line)
        # The DM opens with the brand's plain greeting, in the language of the text it carries.
        dm = " ".join([greetings["neutral"].format(handle=handle), *(article.reply.strip() for article in private)]) if private and rules.can_dm else ""
        if private and not rules.can_dm:
            flags = [*flags, f"private answer: {rules.title} has no direct messages we can send, so the reply points to the article instead of a DM"]
        if len(articles) == 1:
            reply = said[0]
            opened = [" ".join(filter(None, [greeting, tried])), greeting] if tried else [greeting]
            link = [] if private else [f"{opening} {reply} {articles[0].url}".strip() for opening in opened]
            candidates = [*link, *(f"{opening} {reply}" for opening in opened), f"@{handle} {reply}"]
            text = next((candidate for candidate in candidates if rules.fits(candidate)), candidates[-1])
        else:
            text = " ".join(filter(None, [greeting, tried, *said]))
            length, limit, _ = platform_length(text, rules)
            if length > limit:
                if not rules.threads:
                    return None
                # One answer a part where it fits: the opening stays with the first answer.
                threaded = split_into_thread([" ".join(filter(None, [greeting, tried, said[0]])), *said[1:]], rules)
                if threaded is None:
                    return None
                text = threaded
            flags = [*flags, f"{len(articles)} questions, answered from {', '.join(repr(a.id) for a in articles)} in the order asked"]
        citations = [Citation(article.id, article.title, article.url, score) for article, score in answering]
        return Draft(text, citations, self.name, flags=[*flags, *_article_flags(post, articles)], dm_text=dm)

    def _in_dm(self, post: Post, key: str, flags: list[str]) -> Draft:
        """A reply that takes the conversation to a direct message (the brand's line `key`), or, on
        a network with none (a review site), no draft and a flag saying why."""
        rules = self.platforms(post.platform)
        if not rules.can_dm:
            return Draft("", [], self.name, flags=[*flags, f"{rules.title} has no direct messages: write the reply here"])
        lines, missing = self._whole_reply_lines(post, key=key)
        return Draft(lines[key].format(handle=post.author_handle, platform=rules.title), [], self.name, flags=[*flags, *missing])

    def _whole_reply_lines(self, post: Post, known: Language | None = None, key: str = "") -> tuple[dict[str, str], list[str]]:
        """The brand's lines for a reply that is one of them (thanks for praise, a follow-up), in
        the post's language when it is sure (`of_reply`, or `known`: the language of a post of
        thanks alone, by its word of thanks) and the prompts have it (and its line `key`, when
        given), else English with a flag saying so."""
        said_in = known or of_reply(post.text)
        lines = self.prompts.greetings_in(said_in.code if said_in else None)
        return (lines, []) if lines is not None and (not key or lines.get(key)) else (self.greetings, [_no_lines(said_in)])

    def _lines(self, article: Article, flags: list[str]) -> tuple[dict[str, str], list[str]]:
        """The brand's lines in the language of the article's text being sent: a translation is
        opened and closed in its own language (greetings.<code>.yaml), or by the handle alone when
        the prompts folder has no lines in that language; never in English around foreign text."""
        lines = self.prompts.greetings_in(article.lang or None)
        if lines is not None:
            return lines, flags
        bare = {key: ("@{handle}" if key in ("negative", "neutral", "positive", "waited", "loss") else "") for key in self.greetings}
        bare["dm_line"], bare["no_dm_line"] = self.greetings["dm_line"], self.greetings["no_dm_line"]
        return bare, [*flags, _no_lines(Language(article.lang), "the reply opens with the handle alone")]


def _no_lines(language: Language | None, instead: str = "the reply is the brand's English line") -> str:
    name = language.name if language else "this language"
    code = language.code if language else "xx"
    return f"no greetings in {name}: {instead}; add prompts/greetings.{code}.yaml for the brand's own lines in {name}"


_SENTENCE_END = re.compile(r"[.!?)]$")


class Said:
    """What the offline drafter says for each article: the passage closest to the customer's need
    (a section, when one matched better than the title or the reply), never a step the customer
    says they already took when the article has another passage, never a fix for a fault to a
    customer who states none ("Do I need to print my boarding pass?" is not told what to do when it
    won't load); and the opening's tone."""

    def __init__(self, chosen: Tone, passages: dict[str, str], post: str = "", pointed: frozenset[str] = frozenset()):
        self.tone = chosen
        self.passages = passages  # article id → its chunk closest to the need ("id::number")
        self.post = post
        self.pointed = pointed  # chunks whose heading names the post's case (`kb.passages.points_at`)

    def line(self, article: Article) -> str:
        number = self.passages.get(article.id, "").rsplit("::", 1)[-1]
        closest = article.passage(int(number)) if number.isdigit() else ("", "")
        others = [article.passage(n) for n in article.passage_numbers()]
        reply = article.reply.strip()  # approved whole when the folder was read (`articles.validate`): said as it is
        options = [
            (heading, fitted)
            for heading, text in [closest, ("", reply), *others]
            for fitted in [reply if text == reply else fitting(heading, text, self.post)]
            if fitted
        ]
        if not self.tone.troubled and not asks_what_if(self.post):  # a section headed by a fault ("Boarding pass won't load") fixes it
            # unless its heading names the customer's own case ("No smartphone" for "my nan doesn't have a smartphone")
            # ... or its text quotes the code the customer quotes ("what does E21 mean" and "Error codes": "E21 and E22 mean…")
            # ... or its heading names the post's case far more than the article does ("client only paid
            # £400 of a £500 invoice" and "A client paid the wrong amount": `kb.passages.points_at`).
            pointed = closest if self.passages.get(article.id, "") in self.pointed else None
            options = [
                option
                for option in options
                if not (states_a_problem(option[0]) or heads_money_taken(option[0]))
                or names_the_post(option[0], self.post)
                or opens_with_the_asked_deed(option[0], self.post)
                or quotes_the_posts_code(option[1], self.post)
                or (pointed is not None and option[0] == pointed[0])
            ] or options
        # Instead of a passage that tells them again a troubleshooting step they took (a restart, a
        # reinstall), the article's next one. Instead of one that tells them again a thing they did
        # ("reported my missed bin 5 days ago" and "Report a missed bin …"): the reply, or a section
        # written for a customer who did it ("Charged after cancelling"). A section on another case
        # is no answer: they are not told why a crew leaves a bin whose lid won't close.
        # A closest passage whose first sentences tell them a step they took is said from after it:
        # "checked with next door" is told "Still nothing? Tell us and we'll reprint it or refund
        # you.", not "Check with neighbours …" nor another passage.
        if options and options[0][1] != reply and self.tone.repeats_a_step(options[0][1], options[0][0]):
            # ... read in the whole section, not only the sentences fitted to one post: "topped it up
            # twice now" is told "If it drops again within a week there's a leak", which follows "Top it up …".
            whole = closest[1] if options[0][0] == closest[0] and closest[0] else options[0][1]
            later = _after_the_steps(options[0][0], whole, self.tone)
            options[0] = (options[0][0], later) if later else options[0]
        troubleshooting = bool(options) and self.tone.repeats_a_named_step(options[0][1], options[0][0])
        fresh = (
            said_alone(heading, text)
            for n, (heading, text) in enumerate(options)
            if not self.tone.repeats_a_step(text, heading) and (n == 0 or troubleshooting or text == reply or self.tone.follows_a_step(text, heading))
        )
        return next(fresh, said_alone(*options[0]) if options else reply)

    def tried(self, greetings: dict[str, str]) -> str:
        steps = self.tone.tried
        key = f"tried_{steps[0]}" if len(steps) == 1 else "tried_several" if steps else ""
        return greetings.get(key, "") if key else ""


# The deed a post asks how to do: "how do I stop my ex seeing my notebook" asks how to stop.
_ASKED_DEED = re.compile(rf"\b{ASKS_HOW_TO}\s+([^\W\d_]+)", re.I)


def opens_with_the_asked_deed(heading: str, post: str) -> bool:
    """The heading opens with the deed the post asks how to do: "Stop sharing" for "how do I stop my
    ex seeing my shared notebook" is how to, whatever fault its word may tell elsewhere."""
    asked = _ASKED_DEED.search(post)
    first = re.match(r"\W*([^\W\d_]+)", heading)
    return bool(asked and first and word_prefixes(asked.group(1)) == word_prefixes(first.group(1)))


def quotes_the_posts_code(text: str, post: str) -> bool:
    """The text says a code the post says, letter for letter ("E21")."""
    codes = codes_in(post)
    return bool(codes) and bool(codes & codes_in(text))


def sayable(article: Article) -> list[str]:
    """Every passage the offline drafter may send from this article (this language version): its
    approved reply, and each section that reads as a reply on its own."""
    passages = [
        said_alone(heading, fitted) for heading, text in map(article.passage, article.passage_numbers()) for fitted in [fitting(heading, text)] if fitted
    ]
    return list(dict.fromkeys([article.reply.strip(), *passages]))


def said_in_part(article: Article) -> list[tuple[str, int, int]]:
    """Each section of `article` (every language version) too long for one post: (its heading, its
    length, the length of what a draft says of it: its leading whole sentences, 0 when not even the
    first fits). For `kb lint`: an editor hears that a draft says only the start, or none of it."""
    found = []
    for version in article.versions():
        for number in version.passage_numbers():
            heading, text = version.passage(number)
            if text and not _sendable(said_alone(heading, text)) and len(said_alone(heading, text)) > MAX_REPLY_CHARS:
                found.append((heading or "(intro)", len(text), len(fitting(heading, text))))
    return found


MAX_SENTENCES = 200  # of a section read for what to say: a wall of text is said from its start


def fitting(heading: str, text: str, post: str = "") -> str:
    """The section's text as a reply may say it (`said_alone` adds the heading where it is needed):
    all of it when it fits one post, else the whole sentences in a row that do: those naming most of
    the post's words (`post`; "what do you do in a full service?" is told the sentence on a full
    service), the leading ones on a tie or without a post ("A slight chlorine taste is normal … Keep
    a jug of water in the fridge and the taste fades." of a paragraph too long for a post; the
    article's link carries the rest); "" when no sentence reads as a reply alone."""
    if not text:
        return ""
    if _sendable(said_alone(heading, text)):
        return text
    sentences = SENTENCE_BREAK.split(text)[:MAX_SENTENCES]
    asked = word_prefixes(HANDLES.sub(" ", post)) if post else set()  # "@WheelwrightBikes" names no wheel
    named = [word_prefixes(sentence) & asked for sentence in sentences]
    fits = []
    for start in range(len(sentences)):  # a window grows only while it can fit: linear in a long section
        said: set[str] = set()
        for end in range(start + 1, len(sentences) + 1):
            window = " ".join(sentences[start:end])
            if len(window) > MAX_REPLY_CHARS:
                break
            said |= named[end - 1]
            if _sendable(said_alone(heading, window)):
                fits.append((-len(said), start, -len(window), window))
    return min(fits)[3] if fits else ""


# A heading that names a question its section answers without asking it in full ("Who can claim",
# "What we need", "Where to enter a code", "Qui peut réclamer", "Was Sie brauchen"): the body may
# be only the answer's noun phrase. The question words of the languages the brand may write in.
_ANSWERED_HEADING = re.compile(
    r"(?i)^[¿¡]?(?:who|whom|whose|what|what's|which|when|where|why|how"  # English
    r"|quién|quiénes|qué|cuál|cuáles|cuándo|dónde|por qué|cómo|cuánto|cuánta"  # Spanish
    r"|qui|que|quoi|quel|quelle|quels|quelles|quand|où|pourquoi|comment|combien"  # French
    r"|wer|wen|was|welche|welcher|welches|wann|wo|wohin|warum|wie"  # German
    r"|quem|qual|quais|quando|onde|porque|por que|como|quanto)\b"  # Portuguese
)
# A heading asking in the customer's own voice ("Why can't I renew?", "How long will I wait?", "Why
# do I have to pay?") is the customer's question, which their post already asked; its body answers
# in full. Said before the answer it would be the brand asking the customer's question back.
_ASKED_AS_CUSTOMER = re.compile(
    r"(?i)\b(?:i|i'm|i've|i'd|i'll|me|my|mine"  # English
    r"|yo|mí|mi|mis"  # Spanish
    r"|je|j'|moi|mon|ma|mes"  # French
    r"|ich|mich|mir|mein|meine|meinen"  # German
    r"|eu|meu|minha|meus|minhas)(?![\w'])|\bj'(?=\w)"  # Portuguese; French "j'ai"
)
# A body that states its own condition ("If your order hasn't arrived…", "Si tu pedido…") is a
# whole sentence.
_CONDITION = re.compile(r"(?i)^(?:if|when|whenever|once|after|before|unless|until|si|cuando|quand|lorsque|wenn|falls|sobald|quando|caso)\b")


def _after_the_steps(heading: str, text: str, tone: Tone) -> str:
    """The sentences of a passage after those telling a step the customer took, when they read as a
    reply alone and tell none of it again; "" when none do."""
    sentences = SENTENCE_BREAK.split(text)[:MAX_SENTENCES]
    for start in range(1, len(sentences)):
        later = " ".join(sentences[start:])
        if not tone.repeats_a_step(later, heading) and _sendable(said_alone(heading, later)):
            return later
    return ""


# A body opening with a word that points back at its heading ("Changing your email or username" /
# "Change either in Settings > Profile.", "Someone else collecting" / "They need the collection
# code…") says nothing alone. ("It" and "one" often point at nothing: "It can take 3 weeks".)
_BODY_POINTS_BACK = re.compile(r"(?i)^(?:they|both|either|neither)\b|^\w+\s+(?:them\b|(?:either|both)(?=\s+(?:in|on|at|from|with|by|to|for|of)\b|[.,;:!?]|$))")


def said_alone(heading: str, text: str) -> str:
    """A section as a reply says it: its body, or "Heading: body" where the heading is the question
    the body answers ("Who can claim: Passengers whose flight arrived more than 3 hours late…"),
    since its body alone may be half a sentence, or where the body points back at it ("Changing
    your email or username: Change either in Settings > Profile.")."""
    if not text or not heading.strip() or not (_ANSWERED_HEADING.match(heading) or _BODY_POINTS_BACK.match(text)) or _CONDITION.match(text):
        return text
    if _ASKED_AS_CUSTOMER.search(heading) and not _BODY_POINTS_BACK.match(text):  # "Why can't I renew?": the post asked it
        return text
    return f"{heading} {text}" if heading.rstrip().endswith("?") else f"{heading.rstrip(' :.')}: {text}"


def _sendable(passage: str) -> bool:
    """A passage that reads as a reply on its own: whole sentences, short enough, no Markdown."""
    return len(passage.split()) >= 6 and len(passage) <= MAX_REPLY_CHARS and bool(_SENTENCE_END.search(passage)) and not re.search(r"[#*`\[\]|]", passage)


def _article_flags(post: Post, articles: list[Article]) -> list[str]:
    """What the agent should know about answering this post from these articles."""
    flags = []
    different = mismatch(detect(post.text), of_article(articles[0]))
    if different:
        flags.append(different)
    # (No "may not need a reply" here: a problem an article answers needs its answer, vented or not.)
    flags += [f"specialist topic: '{article.id}' is always handled by a specialist; consider escalating" for article in articles if article.escalate]
    return flags
