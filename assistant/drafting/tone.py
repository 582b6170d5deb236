"""How a reply opens: an apology where the customer was harmed or kept waiting, none for a plain
question, and a word for the steps the customer says they already tried.

The words said come only from `prompts/greetings.yaml` (the brand's own lines), never from the
post: the post only decides which line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.kb.questions import clauses
from assistant.text.loss import tells_of_a_death
from assistant.text.needs import (
    HANDLES,
    asks_why,
    cut_before_questions,
    is_question,
    is_solved,
    speaks_of_a_fault,
    states_a_problem,
    states_a_request,
    told_with_a_question_mark,
)
from assistant.text.praise import passes_on_thanks, without_thanks
from assistant.text.problem_words import STAFF, TAKEN_ILL, UNSURE_WHICH
from assistant.text.supposed import without_supposed
from assistant.text.waits import long_wait, moves_a_date
from assistant.text.waits import plain as _plain
from assistant.triage import Triage, asks_something

# Steps a customer says they took, and the name of each in `greetings.yaml` (`tried_<step>`).
# Past tense, or "tried …", or "… doesn't help": a step they plan or ask about is not one they tried.
_TRIED = {
    "restart": r"\b(?:restarted|rebooted|power(?:ed)? (?:it )?off|turned (?:it|my \w+|the \w+) (?:off and (?:back )?on|on and off|on/off|off/on)|"
    r"tried (?:a |to )?(?:restart\w*|reboot\w*)|(?:restart|reboot)(?:ing)? (?:it )?(?:doesn'?t|didn'?t|does not|did not|won'?t) (?:help|work|fix)|"
    r"(?:have|had|having|keep having) to (?:restart|reboot)(?! (?:it|the \w+|my \w+)? ?(?:to|before|so)\b))",
    "reset": r"\b(?:i (?:have |'?ve )?reset|did a (?:\w+ )?reset|tried (?:a |to )?reset\w*|resetting (?:it )?(?:doesn'?t|didn'?t|does not|did not) help|after (?:a )?reset\w*)",
    "reinstall": r"\b(?:re-?installed|tried (?:a |to )?re-?install\w*|deleted and re-?(?:downloaded|installed)|re-?install(?:ing)? (?:doesn'?t|didn'?t) help)",
    "charger": r"\b(?:tried|used|with|using) (?:another|a different|a new|other|different) (?:charger|cable|adapter|plug|outlet)",
    "sign_in": r"\b(?:sign(?:ed)? out and (?:back )?in|logged out and (?:back )?in|re-?logg?(?:ed|ing)|tried (?:re-?)?log+ing)",
    "clean": r"\b(?:i (?:have |'?ve )?cleaned|cleaned (?:everything|it|the \w+))",
}
_TRIED_PATTERNS = {step: re.compile(pattern, re.I) for step, pattern in _TRIED.items()}
# A step someone else took is not the customer's: "a button came off when you cleaned it", "the
# engineer rebooted it twice", "they reset my router".
_SUBJECT_SPAN = 60  # characters before a deed that hold its subject and two adverbs
_OTHERS_DID = re.compile(
    r"\b(?:you(?:\s+(?:guys|all|lot))?|u|ya|they|he|she|someone|somebody|(?:the|your|our|a|an)\s+[a-z]+)\s+(?:(?:just|already|also|then|have|had|'ve|has)\s+){0,2}$",
    re.I,
)
_STEP_WORDS = {  # how an article's sentence names the same step (so it isn't told again)
    # However the article words it: "restart", "power cycle", "turn the router off at the wall for a
    # minute, then back on", "switch it off and on again".
    "restart": re.compile(
        r"\b(?:restart|reboot|power[- ]?cycl)\w*|\b(?:turn|switch|power)\w*\s+(?:[\w'-]+\s+){0,3}?off\b[^.;!?]{0,60}?\b(?:back\s+on|on\s+again|and\s+on)\b",
        re.I,
    ),
    "reset": re.compile(r"\breset\b", re.I),
    "reinstall": re.compile(r"\bre-?install\w*", re.I),
    "charger": re.compile(r"\b(?:another|different) (?:cable|charger|adapter)\b", re.I),
    "sign_in": re.compile(r"\bsign(?:ing)? (?:out|back in)\b", re.I),
    "clean": re.compile(r"\bclean\w*\b", re.I),
}
# A condition names a step without telling anyone to take it: "If a restart didn't help, …",
# "once you've restarted, …" (up to its comma or colon).
_CONDITION = re.compile(r"\b(?:if|when|once|unless|after)\b[^,.;:!?]*[,:]", re.I)
_SENTENCE = re.compile(r"(?<=[.!?;\n])\s*")
_COMMA = re.compile(r",\s+(?=\w)")
_CLAUSE = re.compile(f"{_SENTENCE.pattern}|{_COMMA.pattern}")  # both cuts at once
# "Tried logging out and in, restarting the tablet, updating…": every step named after "tried" (or "already")
# up to the end of the sentence was tried.
# ("I have to pay for a clean" and "I've got to" are what must be done, not what was, and "I've got a
# clean driving licence" what the customer has.)
# ("Can I have the same cleaner" asks; "I have" after a verb of asking tells of nothing done.)
_TRIED_SPAN = re.compile(
    r"\b(?:tried|already|(?<!\bcan\s)(?<!\bcould\s)(?<!\bdo\s)(?<!\bmay\s)(?<!\bwill\s)(?<!\bwould\s)(?<!\bshould\s)(?<!\bshall\s)"
    r"(?:i'?ve|i have)(?!\s+(?:got|to)\b)|even)\b([^.!?\n]*)",
    re.I,
)
_STEP_NAMES = {
    "restart": re.compile(r"\b(?:restart\w*|reboot\w*|turn\w* (?:it |my \w+ |the \w+ )?(?:off and on|on and off|on/off|off/on))", re.I),
    "reset": re.compile(r"\breset\w*", re.I),
    "reinstall": re.compile(r"\bre-?install\w*|\bre-?download\w*", re.I),
    "charger": re.compile(r"\b(?:another|a different|a new|other|different) (?:charger|cable|adapter|plug|outlet)", re.I),
    "sign_in": re.compile(r"\bre-?log\w*|\b(?:sign\w*|log\w*) (?:out and (?:back )?in|in again)", re.I),
    # A deed, not "cleaner" (who cleans, or what with), "already clean" (a state) or "last week's clean" (our visit).
    "clean": re.compile(
        r"\bclean(?:ed|ing|s\s+(?:it|them|the))\b|\bclean\s+(?:it|them|the|my|this|that|out|off|up)\b|\b(?:gave|given|give)\s+(?:it|them|the\s+\w+)\s+a\s+(?:good\s+)?clean\b",
        re.I,
    ),
}


# What the customer says they did, whatever the deed: a verb in the past after "I", "we", "already"
# or "just", or opening the post ("cancelled in october and you've taken money again", "I've exported
# it twice", "already updated the app"), with the thing it was done to when one follows. A passage
# whose sentence tells them to do that ("Cancel in the app…", "Update the app…") is not said when the
# article has another. Regular pasts are read by their ending; the irregular ones are English's own.
_IRREGULAR_PASTS = {
    "froze": "freeze", "frozen": "freeze", "sent": "send", "paid": "pay", "took": "take", "taken": "take", "made": "make", "did": "do",
    "done": "do", "bought": "buy", "got": "get", "put": "put", "set": "set", "reset": "reset", "gave": "give", "given": "give",
    "wrote": "write", "written": "write", "rang": "ring", "rung": "ring", "went": "go", "left": "leave", "chose": "choose",
    "chosen": "choose", "held": "hold", "found": "find", "told": "tell", "spoke": "speak", "spoken": "speak", "read": "read",
    "brought": "bring", "kept": "keep", "shut": "shut", "ran": "run", "run": "run", "logged": "log", "signed": "sign",
}  # fmt: skip
_DID = re.compile(
    r"(?:\b(?:i have|we have|i had|we had|i've|we've|i'd|we'd|i|we)\s+(?:(?:already|just|even|also|then|since|literally)\s+){0,2}"
    r"|\b(?:already|just)\s+|^)([a-z]+)\b(?:\s+(?:my|the|our|it|a|an|this|that|all|every|both)\b)?\s*([a-z]+)?",
    re.I,
)
_NOT_A_THING = frozenset(
    "in on at from for to with under by before after about into onto over up down out off back again already yesterday today "
    "tonight last this that these those and but so or twice once as like via through without because "
    "within during since until till around across near past behind beyond among between against towards toward upon inside "
    "outside throughout along despite except than per".split()
)
_AGAIN = re.compile(r"[^.!?;:]*\b(?:again|once more)\b")
# What follows a deed in its sentence when the deed is a condition of what we do: "Cancel within 14
# days of subscribing and we refund everything", "Book by noon and you'll have it tomorrow".
_CONSEQUENCE = re.compile(r"[^.!?;:]*?\band\s+(?:we|we'll|we\s+will|you'll|you\s+will|you\s+get|it'll|it\s+will)\b", re.I)
_IMPERATIVE = re.compile(r"(?:^|(?<=[.!?:;])\s+|\bthen\s+)([A-Z]?[a-z]+)\b(?:\s+(?:your|the|a|an|it|this|that|any|all|every)\b)?\s*([A-Za-z]+)?")


def _base_forms(word: str) -> set[str]:
    """The bases a past form may come from ("cancelled": cancel, cancell; "updated": update, updat)."""
    word = word.lower()
    if word in _IRREGULAR_PASTS:
        return {_IRREGULAR_PASTS[word]}
    if len(word) < 5 or not word.endswith("ed"):
        return set()
    stem = word[:-2]
    bases = {stem, word[:-1]}
    if len(stem) > 2 and stem[-1] == stem[-2]:
        bases.add(stem[:-1])  # "cancelled", "stopped"
    if stem.endswith("i"):
        bases.add(stem[:-1] + "y")  # "tried", "applied"
    return bases


def done_deeds(text: str) -> tuple[tuple[str, str], ...]:
    """What the customer says they did: (the verb's base, the thing it was done to or ""), read from
    each clause that is not a question."""
    deeds = []
    for clause in _CLAUSE.split(HANDLES.sub(" ", _plain(text)).strip()):
        if is_question(clause):
            continue
        for match in _DID.finditer(clause.strip()):
            thing = (match.group(2) or "").lower()
            for base in _base_forms(match.group(1)):
                deeds.append((base, "" if thing in _NOT_A_THING else thing.rstrip("s")))
    return tuple(dict.fromkeys(deeds))


@dataclass(frozen=True)
class Tone:
    opening: str  # the greetings.yaml key the reply opens with
    tried: tuple[str, ...] = ()  # steps the customer already took (greetings.yaml `tried_<step>`)
    reason: str = ""
    troubled: bool = True  # the customer has a fault or a grievance (else a section fixing one is not said)
    done: tuple[tuple[str, str], ...] = ()  # what the customer says they did (`done_deeds`)

    def repeats_a_step(self, passage: str, heading: str = "") -> bool:
        """The passage (under `heading`) tells the customer to do a step they already did: one of
        the named steps, or a sentence opening with what they did, done to the same thing (or to
        none, both). A heading names a case ("Top-up not showing"); it tells no one to do anything."""
        if self.repeats_a_named_step(passage, heading):
            return True
        for match in _IMPERATIVE.finditer(passage):
            if _AGAIN.match(passage[match.end() :]):  # "Text PAC to 65075 again": a step to repeat, on purpose
                continue
            if _CONSEQUENCE.match(passage[match.end() :]):  # "Cancel within 14 days and we refund everything": a condition, not a step
                continue
            verb, thing = match.group(1).lower(), (match.group(2) or "").lower()
            thing = "" if thing in _NOT_A_THING else thing.rstrip("s")
            if any(verb == base and did_to == thing for base, did_to in self.done):
                return True
        return False

    def repeats_a_named_step(self, passage: str, heading: str = "") -> bool:
        """The passage tells again one of the named troubleshooting steps the customer took (a
        restart, a reset, a reinstall…): an article lists others to try instead."""
        told = _CONDITION.sub(" ", passage)  # "If a restart didn't help, run the line test" tells them to run the test
        return any(_STEP_WORDS[step].search(f"{heading}: {told}") for step in self.tried)

    def follows_a_step(self, passage: str, heading: str = "") -> bool:
        """The passage (under `heading`) is written for a customer who took a step they say they
        took: it names the step, as its case or its condition ("Charged after cancelling", "If a
        restart didn't help, run the line test")."""
        said = f"{heading}: {passage}"
        if any(_STEP_WORDS[step].search(said) or _STEP_NAMES[step].search(said) for step in self.tried):
            return True
        return any(re.search(rf"\b{re.escape(base)}", said, re.I) for base, _ in self.done if len(base) >= 4)


def harmed(text: str) -> bool:
    """Something went wrong for the customer: a problem stated outright, asked about with "why"
    ("why does my app keep closing?"), or a fault spoken of (`speaks_of_a_fault`: "is there a
    problem with your website?", "how do I fix this?"); a plain question is not harm ("is there no
    charge?", "what happens if my bag is damaged?")."""
    # What the customer thanks us for having fixed ("thanks for fixing the leak on our road") is over.
    # A fault only supposed ("if something gets broken in the van, will you replace it?") is none.
    for sentence in _SENTENCE.split(without_supposed(HANDLES.sub(" ", _plain(without_thanks(text, helped_only=True))))):
        # A statement in disbelief is told by its whole sentence: in "when would it be possible to
        # play songs, but aren't in a playlist?" the mark is the question's.
        disbelief = told_with_a_question_mark(sentence)
        for comma in _COMMA.split(sentence):
            # ... each piece before a question asked after a break on its own (`cut_before_questions`).
            pieces = cut_before_questions(comma)
            for clause in pieces:
                # Three words at least ("not really" says no problem), two before a question ("app broken + how do I get a
                # refund"); a script without spaces (Japanese) by its length.
                words = len(clause.split())
                sized = words >= 3 or words == 2 and len(pieces) > 1 or words == 1 and len(clause.strip()) >= 6
                told = not is_question(clause) or disbelief or asks_why(clause) or _REFUSED.search(clause)
                if sized and (states_a_problem(clause) and told or speaks_of_a_fault(clause)):
                    return True
                if sized and _NO_WAY.search(clause):
                    return True
    return False


# A question that tells what the brand won't do ("you won't give me a courtesy car??", "so you can't
# deliver on Sundays?") is indignation, as "why" is; "how am I meant to get to work" tells of harm
# with no word of fault.
_REFUSED = re.compile(r"\b(?:you|u|they)\s+(?:still\s+|just\s+)?(?:won'?t|can'?t|cannot|don'?t|didn'?t|wouldn'?t|refuse[sd]?|never)\b", re.I)
_NO_WAY = re.compile(r"\bhow\s+(?:am\s+i|are\s+we|is\s+(?:she|he|anyone))(?:\s+even)?\s+(?:meant|supposed|expected)\s+to\b", re.I)


# The brand's people, named by their role, and something they did, told as past: "your driver
# literally threw my parcel over the gate", "the rep acted like we hadn't called", "the guy told
# us in the store it was 55 a month", "my instructor was on his phone the whole lesson". Told to the
# brand without praise, it is a grievance, whatever words it uses: the roles are a closed class, the
# deeds are not listed.
_STAFF_DID = re.compile(
    r"\b(?:your|ur|the|a|one of your|my|our)\s+(?:\w+\s+)?"
    + STAFF
    + r"(?:\s+(?:in|at|from|on)\s+(?:your|the)\s+\w+)?\s+(?:(?:\w+ly|just|then|also|again|even|actually|basically|apparently)\s+)?(?:\w{2,}ed|threw|left|broke|took|told|said|kept|lost|put|dropped|hung|ran|drove|stole|ate|shut|slammed|kicked|"
    r"yelled|shouted|swore|refused|gave|sent|made|did|got|was|were|cut|hit|set)\b",
    re.I,
)


def staff_did(text: str) -> bool:
    """The post tells, in a statement, of something the brand's people did (`_STAFF_DID`)."""
    return any(_STAFF_DID.search(clause) and not is_question(clause) for clause in _CLAUSE.split(_plain(text)))


def thanks_our_people(text: str) -> bool:
    """The customer thanks our people for what they did ("the night manager sorted out our noisy
    neighbours in minutes, please pass on our thanks"): the praise line answers it, not the line
    for a problem that went away ("Glad to hear it's working again")."""
    return passes_on_thanks(text) or staff_did(text)


def _until_a_question(span: str) -> str:
    """A span's clauses up to the first that asks something ("I've had it for years, how do I reset it")."""
    kept = []
    for clause in span.split(","):
        if is_question(clause):
            break
        kept.append(clause)
    return ",".join(kept)


# A step named, then said not to have helped within a few words: "Reinstall of app does not solve
# the issue", "a restart of the phone didn't fix it", "clearing the cache and a reinstall did not help".
_NOT_HELPED = re.compile(
    r"(?:doesn'?t|didn'?t|does not|did not|won'?t|hasn'?t|has not|haven'?t|have not|isn'?t|wasn'?t) (?:help|work|fix|solve|resolve|change|do anything)", re.I
)
_WORDS_AFTER = 6  # words between the step and "didn't help" at most, counting both
_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def _did_not_help(after: str) -> bool:
    """The first few words after a step say it did not help (read word by word: linear in the post)."""
    words = _TOKEN.findall(after[:200])[: _WORDS_AFTER + 2]
    return bool(_NOT_HELPED.search(" ".join(words)))


def _others_did(text: str, at: int) -> bool:
    """Someone other than the customer is the subject of the deed at `at` (`_OTHERS_DID`), read in
    the few words before it only: a post of thousands of deeds is not read again for each."""
    return bool(_OTHERS_DID.search(text[max(0, at - _SUBJECT_SPAN) : at]))


def tried_steps(text: str) -> tuple[str, ...]:
    plain = _plain(text)
    spans = " | ".join(_until_a_question(match.group(1)) for match in _TRIED_SPAN.finditer(plain) if not _others_did(plain, match.start()))
    # "how do I reset it?" is no step taken, nor is it after "+" or "and" ("… + how do I reset my password")
    said = " | ".join(" ".join(part for part in clauses(clause) if not is_question(part)) for clause in _CLAUSE.split(plain))
    return tuple(
        step
        for step, pattern in _TRIED_PATTERNS.items()
        if any(not _others_did(said, found.start()) for found in pattern.finditer(said))
        or _STEP_NAMES[step].search(spans)
        or any(_did_not_help(plain[m.end() :]) for m in _STEP_NAMES[step].finditer(plain))
    )


def tone(text: str, triage: Triage, *, for_a_fault: bool = False) -> Tone:
    """How to open the reply to this post, and why (shown to no one; tests and evaluations read it).
    `for_a_fault`: the article answering it is for a fault (its title or tags tell of one)."""
    tried, done = tried_steps(text), done_deeds(text)
    if tells_of_a_death(text):  # condolences before anything: "since dad died" is never "Sorry about this"
        return Tone("loss", tried, "someone close to the customer has died", troubled=states_a_problem(text), done=done)
    if long_wait(text):
        return Tone("waited", tried, "the customer waited long", done=done)
    if triage.sentiment == "negative" or triage.intent in ("complaint", "venting") or triage.hazard or harmed(text):
        return Tone("negative", tried, "something went wrong for the customer", done=done)
    if for_a_fault and tells_what_happened(text):
        return Tone("negative", tried, "tells what happened, and a fault's article answers it", done=done)
    if triage.sentiment == "positive":
        return Tone("positive", tried, "the customer is pleased", troubled=states_a_problem(text), done=done)
    if staff_did(text):
        return Tone("negative", tried, "the customer tells what our people did", done=done)
    # No apology due, and the post states no fault even as a question ("why won't it charge?" does).
    return Tone(
        "neutral",
        tried,
        "a question",
        troubled=states_a_problem(text) or bool(_A_CASE_NOT_HARM.search(text)) or moves_a_date(text),
        done=done,
    )


def tells_what_happened(text: str) -> bool:
    """The post tells something, in its own words, and asks nothing: no question, no request
    stated, nothing solved ("the kettle clicks off after a few seconds and the water is barely
    warm", "the bot forgot my floor plan overnight"). Answered by an article for a fault, what it
    tells is that fault, whatever words it uses."""
    return not (asks_something(text) or states_a_request(text) or is_solved(text))  # a question mark asks (`is_question`)


# A slip of the customer's own is no harm to apologise for, but a case a section answers: "booked the
# 8pm by mistake, meant the 6pm" is told "Booked the wrong time or film", not the article's reply
# (and so is a date moved, `waits.moves_a_date`, not knowing which to choose, and someone taken ill).
# ("No idea what size I need" is told "Not sure what size you need", "he was sick" the tummy bugs.)
_BY_MISTAKE = r"\b(?:by (?:mistake|accident)|mistakenly|accident(?:al)?ly|accidently)\b"
_A_CASE_NOT_HARM = re.compile(f"{_BY_MISTAKE}|{UNSURE_WHICH}|{TAKEN_ILL}", re.I)
