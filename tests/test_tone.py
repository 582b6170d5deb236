"""How a reply opens: an apology for harm or a long wait, none for a plain question, and the steps
the customer already took acknowledged and not told again."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.drafting.tone import tone, tried_steps
from assistant.kb.articles import Article
from assistant.posts import Post
from assistant.text.waits import LONG_WAIT_MINUTES, long_wait
from assistant.triage import triage
from tests.conftest import REPO, make_post


def _tone(text: str) -> Any:
    return tone(text, triage(Post("x", "1", "customer", text)))


_PLAIN_QUESTIONS = [
    # "fix" the fixed-price deal is no fault
    "my fix ends next month, what happens then",
    "when my 2-year fix is up, which tariff am I on?",
    "is premium billed twice a year?",
    "is there no charge for delivery?",
    "do you ship to Norway?",
    "how much is Nimbus Plus a month?",
    "can I make a repair reservation online?",
    "does the thermostat work with Alexa",
    "what's your returns policy",
    "is the kettle dishwasher safe?",
    "do you not sell the filter separately?",
    # A fault only supposed, and a why-question about neither the customer's things nor ours.
    "what happens if the app has a bug on my phone?",
    "is the thermostat fixed to the wall or freestanding?",
    "why should I choose Nimbus Plus over the free plan?",
    # The words of a transaction, asked about.
    "how do I cancel my contract?",
    "will I be charged for using data in Spain?",
    "how long does a refund take?",
    "is there a plan that doesn't need a credit check?",
    # Steerwise, read unseen: a service named with a word of fault, and what the customer hasn't
    # done in a while, are no harm.
    "do you do crash courses? need to pass before uni in september",
    "do you sell crash helmets",
    "passed 8 years ago but haven't driven since, do you do lessons for people like me",
    "I haven't flown in years, what do I need to bring",
]
_HARM = [
    "my camera doesn't work, how do I fix it?",
    "why does my app keep closing?",
    "the kettle won't heat up at all",
    "charged twice for one order",
    "my photos are gone after the update",
    "order never arrived. where is it?",
]
# A fault asked about is still a fault; a why-question about the customer's things or ours is a
# complaint, however long the "why"; a judgement or an oath is a grievance in any of its forms.
_HARM += [
    "is there a problem with your website?",
    "how do I fix this autocorrect glitch?",
    "anybody else have an issue with the app deleting songs?",
    "why does my thermostat turn the heating on at night?",
    "whyyy is it so hard to reach you",
    "how come my bill is higher than my plan?",
    "absolutely disgraceful handling of my case",
    "the service today was appalling",
    "this app is crap since the update",
    "what a shitty experience",
    "the incompetence is staggering",
    "£14 in fees on a £45 ticket?? daylight robbery",
    "you lot are a ripoff",
    "these charges are extortion",
    "just got a £25 parking fine but I parked in the zone and took a photo",
    "am left with a cancellation penalty after the driver cancelled",
    # What went wrong, told as a fact inside a question.
    "how do I get a refund for a code I bought that didn't work?",
    "will you refund the users who couldn't stream because of your update?",
    "some items came that I haven't ordered, how can I send them back?",
]
# A wrong a person did to the customer, in any of its words.
_HARM += ["a player kept sending me threats in chat", "someone keeps harassing me", "my son is being bullied in game", "this man is stalking me"]
_HARM += ["got scammed by a seller on your site", "someone is impersonating me", "the driver was racist to me", "the driver assaulted me"]
# Left unanswered.
_HARM += ["you've ignored me for a month and I want it reviewed", "just being ignored for 3 days now", "they ghosted me after the first email"]
# Hurt or taken ill, the customer or theirs.
_HARM += ["my puppy was hit by a car, he's breathing but bleeding", "the wound looks red and a bit swollen", "my wrist is swollen after I fell"]
# Solwick, read unseen: water where it shouldn't be however it is contracted, what can't be put up
# with, and a thing that keeps happening, counted.
# Seaforde, read unseen: "the crossing was horrendous, we were all sick" opened "Hi @customer!".
_HARM += [
    "the crossing was horrendous, we were all sick",
    "a horrific experience at the port",
    "the service was diabolical",
    "woeful customer service",
    "lousy wifi all the way",
]
_HARM += ["water's coming through the bedroom ceiling", "water has been dripping down the wall", "the noise is unbearable", "it's totally unacceptable"]
_HARM += ["you've moved my install date AGAIN. third time now", "2nd time this week the app crashed", "fourth time in a month the bin was missed"]
_HARM += ["she's been vomiting all night", "my dog collapsed on a walk", "I think my cat was poisoned", "he was knocked down by a cyclist"]
# A fault since a change of ours is no choice of the customer's.
_HARM += ["my car hasn't driven right since the service", "haven't been paid since you cancelled my order", "it's not worked since the update"]
# Money taken twice, however it is said: no word of these is a problem word on its own.
_HARM += ["I've been billed twice for this month.", "you double charged me", "Paid twice for one order", "debited 2x this week", "charged me again"]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(_PLAIN_QUESTIONS), st.sampled_from(["", "@Brand ", "Hi! ", "Hey there, "]), st.sampled_from(["", " thanks", " :)"]))
def test_a_plain_question_gets_no_apology(question: str, opening: str, closing: str) -> None:
    assert _tone(f"{opening}{question}{closing}").opening in ("neutral", "positive")


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(_HARM), st.sampled_from(["", "@Brand ", "Hey @Brand "]), st.sampled_from(["", " thanks", " please help"]))
def test_harm_gets_an_apology(problem: str, opening: str, closing: str) -> None:
    assert _tone(f"{opening}{problem}{closing}").opening in ("negative", "waited")


@pytest.mark.parametrize(
    "text",
    [
        "shoutout to the support team, sorted my issue in 5 mins. legends 🙌",
        "looks like it solved the problem! thx for the follow up",
        "the issues resolved over time",
    ],
)
def test_a_fault_said_to_be_over_is_no_harm(text: str) -> None:
    from assistant.drafting.tone import harmed

    assert not harmed(text)


@pytest.mark.parametrize(
    ("text", "waited"),
    [
        ("9 weeks for a screen repair and still waiting", True),
        ("on the phone &gt; 40 min and nobody helped", True),
        ("on hold for 30 minutes now", True),
        ("on hold for 29 minutes now", False),
        ("still waiting after two weeks", True),
        ("my flight from Tenerife is delayed 3 hours, will you still be open??", False),
        ("flight lands 2 hours late, is the desk still open?", False),
        ("I ordered 2 days ago, when will it ship?", False),
        ("the battery lasts 5 hours", False),
        # "still", "been", "took" tell of a wait only beside its duration; sitting or being stuck too.
        ("the ride kept going for another 40 mins, now I've been charged for it", False),
        ("my iPhone 6s has been draining the battery so fast. The phone is about 14 months old", False),
        ("been 3 weeks and nothing", True),
        ("took 2 hours to get through", True),
        ("sat in the airport for 7 hours because of delays", True),
        ("we were stuck at the gate for an hour and a half with no information", True),
        # Stuck on a state is how long a fault lasted; stuck on the tarmac or on hold is a wait.
        ("router light stuck on red for an hour now", False),
        ("stuck on the loading screen at 99% for 2 days now", False),
        ("stuck on the tarmac for 2 hours", True),
        ("stuck on hold for 45 minutes", True),
        # ... and stuck at a reading; stuck at a place is a wait.
        ("the battery has been stuck at 10% for a week", False),
        ("download stuck at 99 percent for 2 hours", False),
        ("stuck at the airport for 7 hours", True),
        # How far a date was moved is no wait (Tillbrook: "completion's been pushed back 2 weeks
        # because of the chain" opened "Sorry you've had such a long wait"); waiting since still is.
        ("completion's been pushed back 2 weeks because of the chain, can you move us to the later date?", False),
        ("the course was moved back a week and nobody told me", False),
        ("they've brought it forward 3 days", False),
        ("been waiting 2 weeks since it was pushed back", True),
        ("my delivery has been pushed back 3 times, been waiting 2 weeks", True),
        # How long the customer is away or booked is no wait (Mopwell: "we're away for 3 weeks in
        # august, can we put the cleans on hold" opened "Sorry you've had such a long wait");
        # booked some time ago, or a booking waited on, is.
        ("we're away for 3 weeks in august, can we put the cleans on hold without losing Ana?", False),
        ("booked 3 hours and the cleaner left after 2. still charged for 3??", False),
        ("we'll be travelling for about two months, on hold till then please", False),
        ("booked 3 weeks ago and still no confirmation", True),
        ("I've been trying to change my flight booking for 4 weeks", True),
    ],
)
def test_a_long_wait_is_half_an_hour_or_more_said_with_waiting(text: str, waited: bool) -> None:
    assert long_wait(text) is waited


@given(st.integers(min_value=1, max_value=600))
def test_the_wait_limit_holds_at_the_minute(minutes: int) -> None:
    assert long_wait(f"I've been on hold for {minutes} minutes") is (minutes >= LONG_WAIT_MINUTES)


@given(
    word=st.sampled_from(["been", "still", "took", "stuck", "sat"]),
    between=st.integers(min_value=0, max_value=12),
    minutes=st.integers(min_value=20, max_value=200),
    filler=st.sampled_from(["the", "at", "gate", "for", "over"]),
)
def test_a_weak_word_of_waiting_counts_only_just_before_the_duration(word: str, between: int, minutes: int, filler: str) -> None:
    """ "still", "been", "took", "stuck", "sat": a wait when at most 8 words before a duration of
    half an hour or more (the word itself among them), whatever stands between; further away they
    tell of something else."""
    from assistant.text.waits import _NEAR_WORDS

    text = f"{word} {' '.join([filler] * between)} {minutes} minutes".replace("  ", " ")
    assert long_wait(text) is (minutes >= LONG_WAIT_MINUTES and between + 1 <= _NEAR_WORDS), text


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("Restarting doesn’t help.", ("restart",)),
        ("Tried logging out and in, restarting the tablet, clearing the cache - nothing", ("restart", "sign_in")),
        ("I've cleaned the port and tried another cable. Help?", ("charger", "clean")),
        ("I️ reset the settings, turned the tablet off and on, still the same.", ("restart", "reset")),
        ("should I restart it?", ()),
        ("I've had it for years, how do I reset it?", ()),
        ("even after a reboot it still crashes", ("restart",)),
        ("internet keeps dropping out, have to restart the router each time", ("restart",)),
        ("I had to reboot it twice today", ("restart",)),
        # "I have to" and "I've got to" say what must be done, not what was.
        ("do I have to pay for a professional clean when I leave?", ()),
        ("I've got to reset it every morning, is that normal", ()),
        ("I have cleaned it twice and it still smells", ("clean",)),
        # "Can I have" asks, and a cleaner is who cleans (Mopwell: "can I have the same cleaner
        # every week?" was thanked "for already cleaning it").
        ("can I have the same cleaner every week?", ()),
        ("could I have a cleaner on saturdays? I've cleaned the flat myself for years", ("clean",)),
        ("I've tried a different cleaner and it's no better", ()),
        # "I've got" tells what the customer has (Glassbright: "I've got a clean driving licence" was
        # thanked "for already cleaning it").
        ("are you hiring? I've got a clean driving licence", ()),
        ("I've got a new router, restarted it twice and still nothing", ("restart",)),
        # ... and "clean" is a step only as a deed: "last week's clean" is our visit (Glassbright).
        ("I think I've paid twice for last week's clean", ()),
        ("I have given it a good clean, still smells", ("clean",)),
    ],
)
def test_steps_the_customer_took_are_found_and_steps_they_ask_about_are_not(text: str, steps: tuple[str, ...]) -> None:
    assert tried_steps(text) == steps


_STEP_SAID = {"restart": ["a restart", "Restarting", "rebooting"], "reset": ["a factory reset", "Resetting"], "reinstall": ["Reinstall", "reinstalling"]}
_DID_NOT = ["does not solve the issue", "didn't fix it", "doesn't help", "did not help at all", "hasn't changed anything", "won't work"]


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(sorted(_STEP_SAID)),
    st.data(),
    st.sampled_from(_DID_NOT),
    st.sampled_from(["", " of the app", " of my phone", " and clearing the cache"]),
    st.sampled_from(["", "My app crashes. ", "@Brand "]),
)
def test_a_step_said_not_to_have_helped_was_tried(step: str, data: st.DataObject, did_not: str, of: str, before: str) -> None:
    said = data.draw(st.sampled_from(_STEP_SAID[step]))
    text = f"{before}{said}{of} {did_not}"
    assert step in tried_steps(text), text


@pytest.mark.parametrize(
    "text", ["does a restart not help with this?", "a reset doesn't delete my data, right?", "a reinstall might help?", "will a reset fix it?"]
)
def test_a_step_asked_about_was_not_tried(text: str) -> None:
    assert tried_steps(text) == ()


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["parcel says delivered but isn't here", "my order is late", "the app keeps crashing", "code rejected"]),
    st.sampled_from([" + ", " & ", " and ", " also ", ". also "]),
    st.sampled_from(["how do I reset my password", "can I restart the order", "do I need to reinstall the app?", "how do I sign out and back in"]),
)
def test_a_step_asked_about_after_another_need_was_not_tried(first: str, join: str, asked: str) -> None:
    """Thanked "for already trying a reset" for asking how to reset a password: the question after
    "+" was read as part of the statement before it."""
    assert tried_steps(f"{first}{join}{asked}") == ()


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["you", "you guys", "they", "the engineer", "your driver", "someone", "he"]),
    st.sampled_from(["", "just ", "already ", "have "]),
    st.sampled_from(["cleaned it", "restarted it", "rebooted the router", "reset my hub", "reinstalled the app", "cleaned the lens"]),
    st.sampled_from(["a button came off when ", "it's worse since ", "", "no idea why "]),
)
def test_a_step_someone_else_took_is_not_thanked_as_the_customers(who: str, adverb: str, step: str, before: str) -> None:
    """ "a button came off my coat when you cleaned it" was thanked "for already cleaning it"."""
    if adverb == "have " and who not in ("you", "you guys", "they"):
        adverb = "has "
    assert tried_steps(f"{before}{who} {adverb}{step}") == ()


def test_the_same_step_told_by_the_customer_is_still_theirs() -> None:
    for text in ["I cleaned it and it still smells", "cleaned the lens, still blurry", "restarted it, no luck", "did a reset on the hub twice"]:
        assert tried_steps(text), text


def _draft(services: Any, text: str, external_id: str) -> Any:
    return services.store.get(services.pipeline.ingest(make_post(external_id, text)).ticket_id).draft


def test_a_draft_thanks_for_a_step_taken_and_does_not_tell_it_again(services: Any) -> None:
    article = services.knowledge.articles["kettle-not-heating"]
    draft = _draft(services, "my kettle won't heat up at all. I already tried a reset, nothing", "tone-1")
    assert [c["article_id"] for c in draft.citations] == ["kettle-not-heating"]
    answer = draft.text.split("Thanks for already trying a reset.")[1]
    assert "reset" not in answer.lower() and article.passage(2)[1] not in answer, "neither the reply nor the Reset section tells it again"
    assert article.passage(3)[1] in answer, "the next step (descaling) is said instead"


# What went wrong told in the customer's own words, with no word of fault: the article answering
# it (one for a fault) tells what it is.
_TOLD = [
    "the kettle clicks off after a few seconds and the water is barely warm",
    "the bot forgot my floor plan overnight",
    "glasses come out with a cloudy white film every time",
    "the picture's black and white even at midday",
    "every photo I upload from my iphone goes sideways",
    "every morning the thermostat shows yesterday's schedule",
]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(_TOLD), st.sampled_from(["", "@Brand ", "Hey @Brand "]), st.sampled_from(["", ".", " 🙃", " lol"]))
def test_what_happened_told_in_its_own_words_gets_an_apology_when_a_faults_article_answers(told: str, opening: str, closing: str) -> None:
    text = f"{opening}{told}{closing}"
    assert tone(text, triage(Post("x", "1", "customer", text)), for_a_fault=True).opening == "negative"
    assert _tone(text).opening in ("neutral", "positive"), "the words alone tell no fault: the article does"


@pytest.mark.parametrize(
    "text",
    [
        "how do I set up the kettle's keep-warm mode?",  # a question
        "is it safe to leave the vacuum on its base all the time",  # a question without its mark
        "send me a new recovery code please",  # a request stated
        "I want to send the camera back, it's just not for us",
        "the app crashed but a restart fixed it, all good now",  # solved
    ],
)
def test_a_question_a_request_or_a_fix_answered_by_a_faults_article_gets_no_apology_for_it(text: str) -> None:
    assert tone(text, triage(Post("x", "1", "customer", text)), for_a_fault=True).opening != "negative"


def test_venting_gets_an_apology() -> None:
    """Frustration told without a question ("3 weeks, 4 emails, zero answers") opened "Hi @…!"."""
    text = "@NimbusHome I want to make a formal complaint. 3 weeks, 4 emails, zero answers. I want a manager."
    assert triage(Post("x", "1", "customer", text)).intent == "venting"
    assert _tone(text).opening == "negative"


@pytest.mark.parametrize(
    ("title", "tags", "faulty"),
    [
        ("Won't charge or charges slowly", ["charge"], True),
        ("Smart Kettle not heating", [], True),
        ("Robot vacuum gets stuck or maps wrongly", ["map"], True),
        ("Reset your password", ["login"], False),
        ("Delivery times and tracking", ["parcel", "courier"], False),
        ("Nimbus Plus", ["subscription", "missing parts"], True),  # a tag tells of a fault
    ],
)
def test_an_article_is_for_a_fault_when_its_title_or_tags_tell_of_one(title: str, tags: list[str], faulty: bool) -> None:
    article = Article(id="a", title=title, reply="r", body="", path="a.md", tags=tuple(tags))
    assert article.for_a_fault is faulty
    assert article.named == f"{title}. {' '.join(tags)}".strip(" .")


def test_a_fault_told_in_its_own_words_opens_with_sorry_in_the_draft(services: Any) -> None:
    draft = _draft(services, "@NimbusHome the bot forgot my floor plan overnight", "tone-told")
    assert [c["article_id"] for c in draft.citations] == ["vacuum-navigation"]
    assert draft.text.startswith("Sorry")


def test_a_neutral_question_opens_without_sorry_and_a_complaint_with_it(services: Any) -> None:
    neutral = _draft(services, "do you ship internationally, to Norway for example?", "tone-2")
    harmed = _draft(services, "my parcel arrived damaged and the kettle is cracked", "tone-3")
    assert neutral.text.startswith("Hi @") and "Sorry" not in neutral.text
    assert harmed.text.startswith("Sorry")


def test_a_solved_problem_is_answered_with_gladness_not_an_article(services: Any) -> None:
    draft = _draft(services, "A hard reset fixed it, the kettle heats again. Thanks!", "tone-4")
    assert draft.citations == [] and draft.text.startswith("Glad to hear it's working again")


_THANKS = ["thanks", "Thank you!", "THANK YOU!!!!", "ok thx", "Yes! Thanks", "ty", "Thanks a lot.", "Ok, thank you so much"]
_PRAISE = ["Amazing, thanks!", "love it, thank you", "great service thanks", "Thank you 😍", "you guys are brilliant", "Perfect, thanks!"]


@given(st.sampled_from(_THANKS), st.sampled_from(["", "@brand ", "@brand @other "]), st.sampled_from(["", " 🙂", "\n"]))
@settings(max_examples=60, deadline=None)
def test_thanks_alone_is_told_apart_from_praise(thanks: str, mention: str, tail: str) -> None:
    """Thanks alone closes a conversation ("Ok! Thanks"): the reply is a "you're welcome", not a
    line saying the post made our day. A word or emoji of praise beside it keeps the praise line."""
    said = triage(Post("x", "1", "customer", f"{mention}{thanks}{tail}"))
    assert said.intent == "praise" and said.thanks_only and not said.solved


_THANKS_ELSEWHERE = [
    "¡Muchas gracias!",
    "Merci beaucoup !",
    "Danke schön!",
    "Muito obrigada!",
    "Grazie mille!",
    "Hartelijk bedankt!",
    "Çok teşekkürler!",
    "ありがとうございます！",
]
_NOT_ONLY_THANKS = [
    "gracias pero sigue sin funcionar",
    "merci, mais ça ne marche toujours pas",
    "danke, aber es geht immer noch nicht",
    "obrigado mas continua sem funcionar",
]


@given(st.sampled_from(_THANKS_ELSEWHERE), st.sampled_from(["", "@brand ", "@brand https://t.co/x "]), st.sampled_from(["", " 🙏", " !!"]))
@settings(max_examples=40, deadline=None)
def test_thanks_alone_in_another_language_is_thanks(thanks: str, around: str, tail: str) -> None:
    said = triage(Post("x", "1", "customer", f"{around}{thanks}{tail}"))
    assert said.intent == "praise" and said.thanks_only


@pytest.mark.parametrize("text", _NOT_ONLY_THANKS)
def test_thanks_beside_anything_triage_cannot_read_is_never_praise(text: str) -> None:
    """Only a post that is thanks and nothing else is taken as thanks in a language triage's word
    rules can't read: thanks beside a problem in that language could be a complaint."""
    assert triage(Post("x", "1", "customer", text)).intent != "praise"


@pytest.mark.parametrize("text", _PRAISE)
def test_praise_beside_thanks_is_praise(text: str) -> None:
    said = triage(Post("x", "1", "customer", text))
    assert said.intent == "praise" and not said.thanks_only


def test_thanks_alone_gets_the_welcome_line_and_praise_the_praise_line(services: Any) -> None:
    thanks = _draft(services, "Ok! Thanks", "tone-5")
    praise = _draft(services, "Amazing service, thank you!", "tone-6")
    solved = _draft(services, "That worked, thank you!", "tone-7")
    assert thanks.citations == [] and thanks.text.startswith("You're welcome, @") and "made our day" not in thanks.text
    assert praise.text.startswith("Thank you so much, @") and "made our day" in praise.text
    assert solved.text.startswith("Glad to hear it's working again")


@pytest.mark.parametrize("text", ["got back yesterday, all good thanks", "all good, thanks for asking", "checked in fine, all good 👍"])
def test_all_good_without_a_fault_over_is_not_told_it_works_again(services: Any, text: str) -> None:
    """ "got back yesterday, all good thanks" (home from a holiday) was told "Glad to hear it's
    working again": "all good" closes a trip or a chat as often as a fault. "All good now" after
    a fault still gets the line."""
    key = hashlib.sha256(text.encode()).hexdigest()[:8]
    said = _draft(services, text, f"good-{key}")
    assert said.citations == [] and "working again" not in said.text, said.text
    fixed = _draft(services, "the app kept crashing but it's all good now, thanks", f"good-now-{key}")
    assert fixed.text.startswith("Glad to hear it's working again"), fixed.text


def test_thanks_to_our_people_for_sorting_something_gets_the_praise_line(services: Any) -> None:
    """ "the night manager sorted out our noisy neighbours in minutes, please pass on our thanks"
    was told "Glad to hear it's working again": nothing stopped working; our people did well."""
    for n, text in enumerate(
        [
            "the night manager in glasgow sorted out our noisy neighbours in minutes, please pass on our thanks",
            "your engineer fixed the boiler in ten minutes, brilliant",
        ]
    ):
        praised = _draft(services, text, f"people-{n}")
        assert praised.citations == [] and "made our day" in praised.text and "working again" not in praised.text, text


def test_a_language_without_a_thanks_line_thanks_with_its_praise_line(tmp_path: Path) -> None:
    import shutil

    from assistant.drafting.prompts import Prompts

    shutil.copytree(REPO / "prompts", tmp_path / "prompts")
    spanish = tmp_path / "prompts" / "greetings.es.yaml"
    spanish.write_text(
        "".join(line for line in spanish.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("thanks:")), encoding="utf-8"
    )
    prompts = Prompts.load(tmp_path / "prompts")
    lines = prompts.greetings_in("es")
    assert lines is not None and lines["thanks"] == lines["praise"]
    assert Prompts.load(REPO / "prompts").greetings_in("es")["thanks"].startswith("¡De nada")  # type: ignore[index]


def test_thanks_alone_is_answered_in_the_language_of_its_word_of_thanks(services: Any) -> None:
    """A post too short for the detector to be sure ("¡Muchas gracias!") still says its language by
    its word of thanks: the reply is the brand's line in it, or English with a flag where the
    prompts have no lines in that language."""
    spanish = _draft(services, "¡Muchas gracias!", "tone-8")
    french = _draft(services, "@brand Merci beaucoup !", "tone-9")
    italian = _draft(services, "Grazie mille!", "tone-10")
    assert spanish.text.startswith("¡De nada, @") and french.text.startswith("Avec plaisir, @")
    assert italian.text.startswith("You're welcome, @") and any("Italian" in flag for flag in italian.flags), italian.flags


def test_a_post_pointing_to_a_direct_message_gets_the_dm_line_and_no_article(services: Any) -> None:
    draft = _draft(services, "@NimbusHome hi, have sent you a DM about my thermostat, would you be able to assist? Thanks :)", "tone-11")
    assert draft.citations == [] and draft.text == "Thanks, @sam_k! We'll pick this up with you in DM."
    assert any(flag.startswith("the customer took it to a direct message") for flag in draft.flags), draft.flags
    spanish = _draft(services, "Hola, os he enviado un mensaje directo con el número de pedido, ¿podéis mirarlo?", "tone-12")
    assert spanish.citations == [] and spanish.text.startswith("¡Gracias, @"), spanish.text


def test_a_follow_up_without_its_problem_is_asked_for_details_not_given_an_article(services: Any) -> None:
    draft = _draft(services, "@NimbusHome Did the things, even reinstalled the app, but the problem persists :(", "tone-13")
    assert draft.citations == [] and draft.text.startswith("Sorry this still isn't sorted, @sam_k. Please send us a DM")
    assert any(flag.startswith("a follow-up without its problem") for flag in draft.flags), draft.flags
    assert not draft.problems, "the brand's own line for it is never blocked as a redirect"


def test_a_section_is_said_only_when_clearly_closer_than_the_articles_reply(services: Any) -> None:
    """The reply is the editor's answer to the article's question: "won't connect to the wifi" gets
    it (2.4 GHz, hold the button), not the "Light colours" section a shared word puts barely ahead;
    "solid red when pairing" is that section's own question and gets it."""
    wifi = services.knowledge.articles["wifi-setup"]
    general = _draft(services, "my new thermostat won't connect to the wifi, tried 5 times 😩", "tone-14")
    specific = _draft(services, "light on the thermostat is solid red when pairing, what does that mean", "tone-15")
    lights = next(text for heading, text in map(wifi.passage, wifi.passage_numbers()) if heading == "Light colours")
    assert wifi.reply in general.text and lights not in general.text
    assert lights in specific.text


@pytest.mark.parametrize("beyond", [0.0, 1e-6])
def test_the_section_margin_is_exact(services: Any, monkeypatch: pytest.MonkeyPatch, beyond: float) -> None:
    from assistant.kb import index as index_module
    from assistant.kb.index import _unit
    from assistant.text.query import clean_query

    knowledge = services.knowledge
    text = "my new thermostat won't connect to the wifi, tried 5 times 😩"
    best = next(hit for hit in knowledge.index.evidence(text).hits if hit.article_id == "wifi-setup")
    number = int(best.chunk_id.rsplit("::", 1)[-1])
    chunks = dict(knowledge.index._chunk_vectors(["wifi-setup"])["wifi-setup"])
    vector = _unit(knowledge.index.query_vector(clean_query(text)))
    lead = float(chunks[number] @ vector) - float(chunks[number - number % 1000 + 1] @ vector)
    assert 0 < lead < index_module.SECTION_MARGIN, "the section leads the reply, by less than the margin"
    monkeypatch.setattr(index_module, "SECTION_MARGIN", lead + beyond)
    said = knowledge.index.passage("wifi-setup", text, best.chunk_id)
    assert said == (best.chunk_id if beyond == 0.0 else f"wifi-setup::{number - number % 1000 + 1}")


@pytest.mark.parametrize("text", ["@NimbusHome Done. See DM", "@NimbusHome Did the things, even reinstalled the app, but the problem persists :("])
def test_on_a_network_without_direct_messages_no_draft_promises_one(services: Any, text: str) -> None:
    """A Facebook comment can't be answered in a DM from here: no line saying we'll continue there,
    and the flag says to write the reply."""
    on_x = _draft(services, text, f"tone-dm-x-{len(text)}")
    on_facebook = services.store.get(services.pipeline.ingest(make_post(f"tone-dm-fb-{len(text)}", text, platform="facebook")).ticket_id).draft
    assert "DM" in on_x.text and on_facebook.text == "" and on_facebook.citations == []
    assert any("Facebook has no direct messages" in flag for flag in on_facebook.flags), on_facebook.flags


def test_an_answer_to_an_earlier_question_gets_no_draft_and_a_flag_to_read_the_conversation(services: Any) -> None:
    draft = _draft(services, "@NimbusHome Yes, in the app the thermostat shows up as it should.", "tone-16")
    assert draft.text == "" and draft.citations == []
    assert any(flag.startswith("answers a question from earlier messages") for flag in draft.flags), draft.flags


@pytest.mark.parametrize(
    "text",
    [
        "@NimbusHome Thanks for making me wait three weeks for a thermostat 👏",
        "@NimbusHome Love how the app logs me out every single morning. Thanks!",
        "@NimbusHome Best part of the conversation is it had a priority tag on it",
        "@NimbusHome the best bit was when they hung up on me",
    ],
)
def test_praise_words_that_may_be_sarcasm_get_neither_the_praise_line_nor_an_article(services: Any, text: str) -> None:
    """Either would answer sarcasm with a smile or with something it did not ask: a person reads
    the tone and writes the reply. A real tweet, "Best part of the conversation is it had a priority
    tag on it", was answered "Thank you so much! That made our day"."""
    draft = _draft(services, text, f"tone-mixed-{len(text)}")
    assert draft.text == "" and draft.citations == []
    assert any("may be sarcasm" in flag and "no reply suggested" in flag for flag in draft.flags), draft.flags


@pytest.mark.parametrize(
    "text", ["Tengo una pregunta sobre los planes familiares.", "Hola, me encantan los nuevos colores de la app", "Los envíos a Canarias, ¿cuánto cuestan?"]
)
def test_a_post_in_another_language_gets_no_apology_from_an_english_word_rule(text: str) -> None:
    """'los' is Spanish for 'the', not a loss."""
    assert _tone(text).opening == "neutral", _tone(text)


@pytest.mark.parametrize("text", ["I keep losing my playlists", "we lose signal every evening", "total loss of data after the update"])
def test_losing_something_is_harm(text: str) -> None:
    assert _tone(text).opening == "negative"


def test_a_vented_problem_an_article_answers_is_not_flagged_as_maybe_needing_no_reply(services: Any) -> None:
    """'Venting' is triage's word for frustration without a question; when an article answers the
    problem, the card says nothing that invites leaving the customer unanswered."""
    vented = _draft(services, "kettle still won't heat. 3rd day now. no hot water, nothing", "tone-vent-1")
    assert vented.citations, vented.flags
    assert not any("may not need a reply" in flag for flag in vented.flags), vented.flags
    unanswered = _draft(services, "ugh. just ugh. worst week ever", "tone-vent-2")
    assert unanswered.citations == [] and any("may not need a reply" in flag for flag in unanswered.flags), unanswered.flags


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(
        [
            "your driver",
            "the delivery guy",
            "your engineer",
            "the rep",
            "one of your staff",
            "the lady in your shop",
            "your installer",
            "my instructor",
            "the stylist",
            "our tour guide",
        ]
    ),
    st.sampled_from(["", "literally ", "just "]),
    st.sampled_from(
        [
            "threw my parcel over the gate",
            "hung up on me",
            "left the door open",
            "parked across my drive",
            "told me to ring someone else",
            "dumped it in the rain",
            "was on his phone the whole lesson",
            "cut it way too short",
        ]
    ),
    st.sampled_from(["", "@Brand ", "so "]),
    st.sampled_from(["", ", I have it on my doorbell camera", ". Unreal", " 🙃"]),
)
def test_what_the_brands_people_did_told_without_praise_gets_an_apology(who: str, how: str, did: str, opening: str, closing: str) -> None:
    """ "your driver literally threw my parcel over the gate" opened "Hi": it has no word of fault,
    but it tells the brand what its people did to the customer."""
    text = f"{opening}{who} {how}{did}{closing}"
    assert _tone(text).opening == "negative", text


@pytest.mark.parametrize(
    "text",
    [
        "thank you so much, the driver waited while I got to the door with my crutches ❤️",
        "did your engineer leave a form? I can't find one",
        "the agent explained it all, thanks",
        "what time will the driver come tomorrow?",
    ],
)
def test_praise_of_the_brands_people_or_a_question_about_them_is_no_grievance(text: str) -> None:
    assert _tone(text).opening != "negative" or "can't" in text, text


_SUBJECTS = ["I ", "I've ", "we ", "I already ", "just ", "I have just ", ""]
_DEEDS = [("cancelled", "cancel"), ("updated", "update"), ("exported", "export"), ("checked", "check"), ("booked", "book"), ("tried", "try")]
_DEEDS += [("stopped", "stop"), ("froze", "freeze"), ("sent", "send"), ("paid", "pay"), ("reset", "reset"), ("topped", "top")]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(_SUBJECTS),
    st.sampled_from(_DEEDS),
    st.sampled_from(["", " my membership", " the app", " it"]),
    st.sampled_from(["", " yesterday", " twice"]),
)
def test_what_the_customer_did_is_read_whatever_the_deed(subject: str, deed: tuple[str, str], thing: str, when: str) -> None:
    """A deed told in the past, after "I", "we", "already" or opening the post, is what the customer
    did; the same words asked about are not."""
    from assistant.drafting.tone import done_deeds

    said, base = deed
    told = f"@PulsefitHelp {subject}{said}{thing}{when}, still the same"
    assert base in {verb for verb, _ in done_deeds(told)}, told
    assert done_deeds(f"@PulsefitHelp should I have {said}{thing}?") == ()


@pytest.mark.parametrize(
    ("post", "passage", "repeats"),
    [
        ("cancelled in october and you took money again", "Cancel in the app under Membership > Cancel.", True),
        ("cancelled in october and you took money again", "The one payment after you cancel is your notice month.", False),
        ("I opened the app and my notes are gone", "Open Settings > Trash: deleted notes stay there for 30 days.", False),
        ("I opened the app and my notes are gone", "Open the app and tap Sync.", True),
        ("I've checked my spam folder, nothing", "Check your spam folder if it hasn't arrived.", True),
        ("texted PAC yesterday, nothing came back", "A PAC lasts 30 days. Text PAC to 65075 again for a new one.", False),
        ("how do I cancel?", "Cancel in the app under Membership > Cancel.", False),
    ],
)
def test_a_passage_repeats_a_step_when_it_tells_the_same_deed_to_the_same_thing(post: str, passage: str, repeats: bool) -> None:
    """The boundaries: another thing opened is another step, a step the article says to do "again" is
    meant, and a step asked about was not taken."""
    assert _tone(post).repeats_a_step(passage) is repeats


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["Turn", "Switch", "Power", "turn", "switch"]),
    st.sampled_from(["the router", "it", "the TV box", "your hub", "the box"]),
    st.sampled_from([" off at the wall for a minute, then back on.", " off and on again.", " off for 30 seconds and back on.", " off and on."]),
    st.sampled_from(["", "If not, ", "Then "]),
)
def test_a_restart_is_a_restart_however_the_article_words_it(verb: str, thing: str, rest: str, before: str) -> None:
    """ "restarted the router like 10 times" was told "turn the router off at the wall for a minute,
    then back on" again: the article names the step in its own words."""
    passage = f"Check the status page. {before}{verb.lower() if before else verb} {thing}{rest}"
    assert _tone("restarted the router like 10 times, still nothing").repeats_a_step(passage), passage
    assert not _tone("how do I set up parental controls").repeats_a_step(passage)


@pytest.mark.parametrize(
    "passage",
    [
        "If the status page shows no outage and a restart didn't help, run the line test in the app.",
        "Once you've restarted, run the line test in the app.",
        "When a reboot doesn't fix it: book a repair.",
        "Turn off Wi-Fi Assist, then turn on mobile data.",
    ],
)
def test_a_step_named_as_a_condition_or_another_switch_is_no_repeat(passage: str) -> None:
    """The section for a customer a restart didn't help names the restart as its condition; it
    tells them to do something else."""
    assert not _tone("restarted the router like 10 times, still nothing").repeats_a_step(passage)


def test_a_heading_names_a_case_and_tells_no_one_to_do_anything() -> None:
    said = _tone("topped up £20 an hour ago and it's still not there")
    assert not said.repeats_a_step("Card top-ups show within 15 minutes.", "Top-up not showing")
    assert said.repeats_a_step("Top up in the app or at any shop.")


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["We're {d}sorry", "We are {d}sorry", "{D}sorry", "We {d}apologise", "We {d}apologize", "Our apologies", "Many thanks", "Lo sentimos"]),
    st.sampled_from(["", "very ", "so ", "really ", "truly "]),
    st.sampled_from([". Tell us the date.", ", that shouldn't happen.", " for the wait.", ": chat with us."]),
    st.sampled_from(["", "If we didn't arrive in your slot, ", "When an order is late, ", "Cuando llega tarde, "]),
)
def test_a_passage_that_apologises_however_and_wherever_it_is_put_is_known_to(form: str, degree: str, rest: str, before: str) -> None:
    """ "Sorry about this, @customer. We're very sorry. Tell us…": the opening apologised twice,
    since only "We're sorry" was known as an apology; and "Sorry about this. If we didn't arrive in
    your slot, we're sorry: …", since only an apology the passage opened with was."""
    from assistant.drafting.offline import _SAYS_FEELING

    said = form.format(d=degree, D=degree.capitalize())
    passage = before + (said[0].lower() + said[1:] if before else said) + rest
    assert _SAYS_FEELING.search(passage), passage
    for plain in ["Sorted in 5 minutes", "Sorrento trains", "Thanks to our partner, it's free", "Our sorry-looking vans are being replaced"]:
        assert not _SAYS_FEELING.search(before + plain + rest), plain


def test_an_apologising_passage_gets_no_second_apology(settings: Any, tmp_path: Path) -> None:
    from tests.conftest import drafting_in

    names = ["assistance.md", "bikes.md", "lost-property.md"]
    folder = REPO / "assistant" / "samples" / "northline" / "knowledge"
    with drafting_in(settings, tmp_path / "knowledge", {name: (folder / name).read_text(encoding="utf-8") for name in names}) as (_, draft):
        ticket = draft("booked assistance for my dad and NOBODY turned up at the station. he was stranded on the platform for 40 mins", "assist")
        assert "We're very sorry" in ticket.draft.text and ticket.draft.text.lower().count("sorry") == 1, ticket.draft.text


@pytest.mark.parametrize(
    "text",
    [
        "someone went into the back of me at a roundabout, how do I claim",
        "just had a bump in a car park, what do I need to do?? bit shaken",
        "a van reversed into my car outside Tesco",
        "got rear-ended on the M62 this morning",
        "pipe burst in the loft and water's coming through the ceiling HELP",
        "someone smashed my window and took my laptop bag",
        "the kitchen flooded overnight",
        "got a flat tyre on the M6 in your car, what do I do",
        "picked up a puncture on the way to the airport",
        "my car was written off and you won't give me a courtesy car??",
        "so you can't deliver on Sundays?",
        "no car for 3 days, how am I meant to get to work",
    ],
)
def test_a_collision_damage_or_a_refusal_opens_with_an_apology(text: str) -> None:
    """Harm in words the fault rules didn't know: a collision however it is told, a burst pipe, a
    smashed window, a write-off, and a question telling what the brand won't do."""
    assert _tone(text).opening in ("negative", "waited"), text


@pytest.mark.parametrize(
    "text",
    [
        "new insurer wants proof of my no claims, how do I get it",
        "is it worth protecting my no claims bonus",
        "do you have a no-fee account?",
        "what should I do after an accident?",
        "does the policy cover accidental damage?",
        "I ordered two by accident, can I cancel one?",
        "can you send me a quote?",
        "is my phone locked to you? want to use a local sim on holiday",
        "is my number blocked from calling abroad?",
        "whats your returns policy, got the vacuum as a gift and don't need it",
        "changed jobs and don't need my season ticket anymore, can I get some money back",
        "can't travel tomorrow anymore, can I get a refund on my ticket",
        "leaving for another network and don't want to keep my number. what do I do",
        "do you offer installation? I do not want to wire the thermostat myself",
        "can we check out late on sunday, our flight isn't till 6pm",
        "is my renewal due? it's not until march I think",
        "my nan doesn't have a smartphone, can she get a paper ticket",
        "I don't own a printer, can I show the ticket on my phone?",
    ],
)
def test_a_product_named_with_no_and_a_question_about_harm_open_plainly(text: str) -> None:
    """ "proof of my no claims" opened "Sorry about this": a no-claims discount and a no-fee account
    are products, a question about what to do after an accident is a plain question, and what the
    customer no longer needs, would rather not do or a plan they can't keep is their own choice,
    and when a thing is due ("isn't till 6pm") is a time, not a fault."""
    assert _tone(text).opening == "neutral", (text, _tone(text).reason)


@pytest.mark.parametrize(
    "text",
    [
        "spent a lot of money and do not want to be out of pocket",
        "don't want to assume but I think you've forgotten me. 3 weeks now",
        "you forgot about my order, it's been 2 hours",
        "I don't want to keep my number but the app won't let me leave",
        "my flight isn't till 6pm and the app won't load my boarding pass",
        "the room doesn't have a kettle or hot water",
        "I don't have a choice, you're forcing me to pay this fee",
    ],
)
def test_a_harm_beside_a_wish_or_a_time_still_opens_with_an_apology(text: str) -> None:
    """Money out of pocket, a customer the brand forgot, or a fault beside a wish or a time."""
    assert _tone(text).opening in {"negative", "waited"}, (text, _tone(text).reason)


_TOLD_HARM = [
    "i got charged twice for the starter pack",
    "my tickets still aren't in the app",
    "the code says not valid",
    "you charged £96 for fuel when I brought it back full",
    "card keeps getting rejected on amazon but works in shops",
    "it says my account is locked",
    "2227 and 2307 trains from Bath cancelled",
]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(_TOLD_HARM), st.sampled_from(["?", "??", "?!", "???", " ?"]), st.sampled_from(["", "@Brand ", "hey @Brand "]))
def test_harm_told_with_a_question_mark_is_still_harm(harm: str, marks: str, opening: str) -> None:
    """A statement said in disbelief ("i got charged twice for the starter pack??") is asked by its
    mark alone: the harm in it gets the apology a full stop would."""
    assert _tone(f"{opening}{harm}{marks}").opening in ("negative", "waited"), (harm, marks)


@pytest.mark.parametrize(
    "text",
    [
        "is it ok if my parcel is late?",
        "my tickets might not be in the app by friday if I buy today?",
        "don't you need to follow me for me to reply?",
        "isn't this backwards?",
        "the layover is 1hr, we don't need to collect our bags is that correct?",
        "I don't know who you are so yes?",
        "when would it be possible to play songs offline, but aren't in a playlist?",
    ],
)
def test_a_supposition_a_tag_or_a_negative_question_asks_and_opens_plainly(text: str) -> None:
    """The same mark on what only supposes harm, asks to confirm, or opens with a negative verb
    ("don't you need…") asks a question: no apology."""
    assert _tone(text).opening == "neutral", (text, _tone(text).reason)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Injury or pregnancy", False),  # a heading naming a case: said to "I'm pregnant, can I freeze for free"
        ("Swelling and bruising after surgery", False),
        ("I injured my knee, can I freeze my membership", True),
        ("her face is swollen after the sting", True),
        ("he's been vomiting since lunch", True),
    ],
)
def test_hurt_is_what_happened_not_a_topic(text: str, problem: bool) -> None:
    from assistant.text.needs import states_a_problem

    assert states_a_problem(text) is problem


# What customers put between a problem and a question they add after it, its mark often left off.
_JOINS = [" + ", ". ", "\n", " and also ", "; ", " & ", ". also ", "!! "]
_ASKED_AFTER = ["how do I cancel my care plan", "is there a phone number", "what time is check out", "can I switch to paying monthly"]
_ASKED_AFTER += ["when is my rent due this month", "do you deliver on bank holidays", "where do I send the form", "how much is a day pass"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_HARM), st.sampled_from(_JOINS), st.sampled_from(_ASKED_AFTER), st.sampled_from(["", "?"]))
def test_harm_told_before_a_question_added_after_it_gets_an_apology(problem: str, join: str, asked: str, mark: str) -> None:
    """ "my gums keep bleeding + how do I cancel my care plan" opened "Hi" once its question was read
    as one: the harm told before a question is harm still."""
    assert _tone(f"@Brand {problem}{join}{asked}{mark}").opening in ("negative", "waited")


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([q.rstrip("?") for q in _PLAIN_QUESTIONS]), st.sampled_from(_JOINS), st.sampled_from(_ASKED_AFTER))
def test_two_plain_questions_get_no_apology(first: str, join: str, asked: str) -> None:
    assert _tone(f"@Brand {first}{join}{asked}").opening in ("neutral", "positive")


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["want to", "I want to", "I'd like to", "I would like to", "need to", "I need to", "trying to", "how to", "planning to"]),
    st.sampled_from(["cancel", "get a refund for", "cancel and refund"]),
    st.sampled_from(["my subscription", "thursday's appointment", "my order", "plus"]),
    st.sampled_from(["", " please", ". also how much is whitening", " + can I still download lessons"]),
)
def test_a_transaction_the_customer_wants_gets_no_apology(want: str, deed: str, thing: str, tail: str) -> None:
    """ "want to cancel plus + can I still download lessons until it ends?" opened "Sorry about
    this": "cancel" and "refund" were counted as grievances in any statement, a want included."""
    assert _tone(f"@Brand {want} {deed} {thing}{tail}").opening == "neutral"


@pytest.mark.parametrize(
    "text",
    ["I need my refund", "you need to refund me now", "they need to refund me and they won't", "the kettle broke and I want to cancel my order"],
)
def test_a_refund_owed_or_a_want_beside_harm_still_gets_an_apology(text: str) -> None:
    assert _tone(f"@Brand {text}").opening == "negative"


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["can I smoke", "can we smoke", "are we allowed to smoke", "can my husband smoke", "is it ok to smoke", "where can I smoke"]),
    st.sampled_from(["in the car if the windows are open", "anywhere in the park", "on the balcony", "outside the hotel", ""]),
)
def test_asking_leave_to_smoke_gets_no_apology(ask: str, where: str) -> None:
    """ "Can I smoke in the car if the windows are open" opened "Sorry about this": smoke counted as
    a grievance in a question, as smoke from a charger does in a statement."""
    assert _tone(f"@Brand {ask} {where}".strip()).opening == "neutral"


@pytest.mark.parametrize(
    "text", ["smoke coming out of the back of my charger", "the room stank of smoke all night", "why is there smoke coming from the kettle base"]
)
def test_smoke_told_or_asked_why_is_still_harm(text: str) -> None:
    assert _tone(f"@Brand {text}").opening == "negative"


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["the kettle", "the dress", "it", "the jacket", "my order"]),
    st.sampled_from(["still in the box", "still in its original packaging", "still sealed", "still unopened", "still has the tags on", "still brand new"]),
    st.sampled_from(["can I get my money back?", "can I return it", "how do I send it back"]),
)
def test_a_thing_still_as_it_came_is_no_wait(thing: str, state: str, ask: str) -> None:
    """ "changed my mind about the kettle, still in the box. can I get my money back?" opened "Sorry
    about this": its "still" was read as a wait."""
    assert _tone(f"@Brand changed my mind, {thing} is {state}. {ask}").opening == "neutral"


@pytest.mark.parametrize("text", ["still waiting for my refund", "my order is still not here", "it's still new and already broken", "still no sign of the box"])
def test_still_waiting_or_broken_while_new_is_still_harm(text: str) -> None:
    assert _tone(f"@Brand {text}").opening == "negative"


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["my photo book from you in 2019", "the kettle I bought in 2015", "our sofa", "this jacket", "the app"]),
    st.sampled_from(["is still", "still", "is still looking", "still looks", "still works"]),
    st.sampled_from(["perfect", "amazing", "lovely", "brand new", "like new", "going strong", "as good as the day it came", "like a dream"]),
    st.sampled_from(["", ", great quality", " after all these years", " 😍"]),
)
def test_a_thing_still_good_is_no_grievance(thing: str, still: str, good: str, tail: str) -> None:
    """ "my photo book from you in 2019 is still perfect, great quality" (Printloft, read unseen) was
    triaged a complaint and answered "Sorry about this" with the photo book article: its "still"
    was read as a wait, which outweighed the praise. A thing still good is praise or nothing."""
    text = f"@Brand {thing} {still} {good}{tail}"
    assert triage(Post("x", "1", "c", text)).intent != "complaint", text
    assert _tone(text).opening != "negative", text


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["my refund", "the order", "my photo book", "the app"]),
    st.sampled_from(["still isn't great", "is still not perfect", "still never arrived, lovely", "still hasn't come, great service", "still broken, amazing"]),
)
def test_still_not_good_or_still_broken_beside_praise_is_still_a_grievance(thing: str, state: str) -> None:
    """The good words after "still" are read only when nothing negates them: "still isn't great"
    and "still broken, amazing" stay grievances."""
    text = f"@Brand {thing} {state}"
    assert triage(Post("x", "1", "c", text)).sentiment == "negative", text


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["what's the best", "which is the best", "is there a quick", "what's the perfect", "what would be the best"]),
    st.sampled_from(["printer for photos at home", "way to make a complaint", "oil for a 2012 corsa", "gift for a new driver"]),
    st.sampled_from(["", "?", " please"]),
)
def test_a_word_of_praise_asked_about_is_no_praise(asked: str, thing: str, mark: str) -> None:
    """ "what's the best printer for printing photos at home" (Printloft, read unseen) opened
    "Thanks, @cust045!": its "best" was counted as praise. In a question it is what is asked about."""
    text = f"@Brand {asked} {thing}{mark}"
    assert triage(Post("x", "1", "c", text)).sentiment == "neutral", text
    assert _tone(text).opening == "neutral", text


@pytest.mark.parametrize(
    "text",
    [
        "@Brand @Delta is the best!",
        "@Brand what music do you play in the cafés, it's great",
        "Oh @Brand, how I love Ricardo at the desk!",
        "why are you so great",
    ],
)
def test_praise_beside_a_question_or_exclaimed_like_one_is_still_praise(text: str) -> None:
    assert triage(Post("x", "1", "c", text)).sentiment == "positive"


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["want to cancel my unlimited", "thinking of leaving my contract", "can I pause my membership", "I'd like to upgrade my plan"]),
    st.sampled_from([", it's been 14 months", ", been a member 8 months now", ". it's been 2 months with you"]),
)
def test_how_long_the_customer_has_had_what_they_pay_for_is_no_wait(ask: str, held: str) -> None:
    """ "want to cancel my unlimited, it's been 14 months" (Lumen, read unseen) opened "Sorry you've
    had such a long wait": a membership's length read as a wait."""
    assert not long_wait(f"@Brand {ask}{held}")


@pytest.mark.parametrize(
    "text",
    [
        "my account has been locked for 3 days",
        "ordered my sofa, been 3 weeks",
        "been waiting 3 weeks for my contract",
        "my membership card has been blocked for 2 days",
    ],
)
def test_a_wait_beside_what_they_pay_for_is_still_a_wait(text: str) -> None:
    assert long_wait(f"@Brand {text}")


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(
        ["we had a power cut for 4 hours last night", "the wifi was down for 2 days", "we were away for 3 weeks", "the heating was off for an hour"]
    ),
    st.sampled_from([", was the alarm still working?", ". did the cameras still record", ", were the sensors still on??", ". does it still count"]),
)
def test_a_question_whether_a_thing_still_worked_through_an_event_is_no_wait(event: str, asked: str) -> None:
    """ "we had a power cut for 4 hours last night, was the alarm still working?" (Watchfield, read
    unseen) opened "Sorry you've had such a long wait": "still", asked of how a thing was, read as
    "2 days and still nothing". A wait told beside it still counts."""
    assert not long_wait(f"@Brand {event}{asked}")
    assert long_wait(f"@Brand {event}{asked} been waiting 3 days for a reply")


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["you took £49.99 twice for the", "I'm on the", "sitting here with my", "can I cancel the", "bought a"]),
    st.sampled_from(["6 month", "12-month", "3 day", "two week", "24 hour"]),
    st.sampled_from(["plan", "contract", "pass", "old daughter", "membership", "trial"]),
    st.sampled_from(["", "?", " please", ", thanks"]),
)
def test_a_duration_before_the_thing_it_measures_is_no_wait(told: str, duration: str, thing: str, end: str) -> None:
    """Kindred, read unseen: "you took £49.99 twice for the 6 month plan" opened "Sorry you've had
    such a long wait"."""
    assert not long_wait(f"{told} {duration} {thing}{end}")


@pytest.mark.parametrize(
    "text",
    [
        "a 40 minute wait on hold and nobody answered",
        "2 hour delay at the gate, waiting since 6",
        "Two day shipping and still haven't received my package",
        "you expect me to wait all day on day 3. it's a 2 day delivery",
        "waited 3 hours for the engineer",
    ],
)
def test_a_wait_named_or_told_beside_a_duration_is_still_a_wait(text: str) -> None:
    assert long_wait(text)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["I want to send the camera back", "can we return it", "I'd like to cancel", "hoping to exchange the jacket"]),
    st.sampled_from(["", ", it's been 10 days", ". it's been 3 weeks", ", been a month now"]),
    st.sampled_from(
        [
            "it's just not for us",
            "honestly not really my style",
            "didn't like the colour",
            "we don't really like it",
            "it doesn't suit me",
            "not quite our cup of tea",
            "didn't love the fit",
        ]
    ),
    st.sampled_from(["", "?", ", thanks", " tbh"]),
)
def test_a_taste_is_no_fault_and_how_long_a_returned_thing_was_had_is_no_wait(ask: str, held: str, taste: str, end: str) -> None:
    """Porchlight, read unseen: "I want to send the camera back, it's been 10 days and it's just not
    for us" opened "Sorry you've had such a long wait" ("not" read as a fault, 10 days as a wait)."""
    text = f"@Brand {ask}{held} and {taste}{end}"
    assert not long_wait(text), text
    assert _tone(text).opening in {"neutral", "positive"}, (text, _tone(text).reason)  # no apology ("Thanks, @x!" closes a thanks)
    assert not _tone(text).troubled, text


@pytest.mark.parametrize(
    "text",
    [
        "I don't like it when the app logs me out every day",
        "returned it, been 3 weeks and no refund",
        "I want to send it back, it's been 10 days and it still won't connect",
        "not for me to say, but the app keeps crashing",
        "sent the camera back, it's been 3 weeks",
    ],
)
def test_a_fault_or_a_wait_beside_a_taste_or_a_return_still_counts(text: str) -> None:
    assert _tone(text).opening in {"negative", "waited"} or _tone(text).troubled, (text, _tone(text).reason)


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["the coating on my lenses", "the strap", "my new glasses", "the sole of my boot", "the handle", "this table"]),
    st.sampled_from(
        [
            "is peeling off",
            "keeps peeling",
            "is fraying already",
            "fell apart after a week",
            "popped out on the bus",
            "has gone really loose",
            "is already loose",
            "wobbles every time I touch it",
            "keeps sliding down",
            "came apart in my hands",
            "came off after one wash",
            "has shrunk",
            "shrank in the wash",
            "makes everything blurry",
            "gives me a headache",
            "is such a mess",
            "made my eyes sore",
            "makes me dizzy",
        ]
    ),
    st.sampled_from(["", " 😩", ", had it since march", ". 4 months old"]),
)
def test_a_thing_coming_apart_or_a_symptom_is_a_fault(thing: str, fault: str, end: str) -> None:
    """Clearsight, read unseen: "the coating on my lenses is peeling off", "everything is blurry"
    and "I get a headache every afternoon" opened "Hi", a fault not read as one."""
    from assistant.text.needs import states_a_problem

    text = f"@Brand {thing} {fault}{end}"
    assert states_a_problem(text), text
    assert _tone(text).opening == "negative", (text, _tone(text).reason)


@pytest.mark.parametrize(
    "text",
    [
        "love the bigger flakes in the new cereal",
        "the new update came out today, love it",
        "can I peel the sticker off the lens?",
        "that was a rash decision, can I change my order",
        "can I mess around with the settings",
        "do you have a mess hall on site",
    ],
)
def test_words_near_coming_apart_or_a_symptom_tell_no_fault(text: str) -> None:
    from assistant.text.needs import states_a_problem

    assert not states_a_problem(text), text


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["never bought glasses online", "I've never used the app", "never ordered from you", "we've never booked a flight", "never shopped here"]),
    st.sampled_from([" before", " before lol", " before tbh"]),
    st.sampled_from(["how do I know what size to get?", "is delivery free?", "where do I start", "any tips?"]),
)
def test_a_first_time_told_with_never_is_no_fault(first: str, before: str, asked: str) -> None:
    """Clearsight, read unseen: "how do I know what size frame to get? never bought glasses online
    before" opened "Sorry about this". What never happened before to a thing is still a fault."""
    from assistant.text.needs import states_a_problem

    text = f"@Brand {asked} {first}{before}"
    assert not states_a_problem(text), text
    assert _tone(text).opening == "neutral", (text, _tone(text).reason)
    assert states_a_problem(f"@Brand never had this problem before, now it won't charge. {first}{before}")


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["my boss has", "I have", "my son's got", "my mum suffers from", "we both have"]),
    st.sampled_from(["terrible", "really bad", "severe", "awful", "such bad", "chronic"]),
    st.sampled_from(["hay fever", "asthma", "allergies", "back pain", "eczema", "insomnia"]),
    st.sampled_from([", which flowers won't set her off", ", which bouquet is safe?", ". what do you recommend", ", can you help"]),
)
def test_how_bad_a_persons_condition_is_opens_no_apology(who: str, how: str, condition: str, ask: str) -> None:
    """Petalry, read unseen: "my boss has terrible hay fever, which flowers won't set her off"
    opened "Sorry about this": how bad a person's health is, told as context, is no grievance
    against us. What we did to their health still is ("your flowers made me ill")."""
    text = f"{who} {how} {condition}{ask}"
    said = triage(Post("x", "1", "dana", text))
    assert said.sentiment != "negative" and not tone(text, said).opening.startswith("negative"), text
    harmed = "terrible hay fever since your flowers came, they made me ill"
    assert tone(harmed, triage(Post("x", "2", "dana", harmed))).opening == "negative"


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(
        ["why does the app need {x}", "why do you want {x}?", "why do you guys need {x}", "why does your website ask for {x}", "Why would it require {x}"]
    ),
    st.sampled_from(["my location all the time", "my date of birth", "access to my contacts", "my passport number"]),
)
def test_asking_why_we_ask_for_something_gets_no_apology(form: str, thing: str) -> None:
    """Stridewell, read unseen: "why does the app need my location all the time" opened "Sorry
    about this": why we ask for something is our reason, no fault of the customer's. Why their
    thing fails still is one."""
    assert _tone(form.format(x=thing)).opening == "neutral"
    assert _tone("why does my app keep closing").opening == "negative"


@pytest.mark.parametrize("text", ["this is my second time ordering from you, love it", "third time lucky!", "my second time using the app"])
def test_a_count_of_times_without_a_period_is_no_harm(text: str) -> None:
    from assistant.drafting.tone import harmed

    assert not harmed(text)


@pytest.mark.parametrize(
    "text",
    [
        "water's coming through the bedroom ceiling",
        "the noise is unbearable",
        "you've moved my install date AGAIN. third time now",
        "2nd time this week the app crashed",
    ],
)
def test_a_harm_told_in_unlisted_words_gets_an_apology(text: str) -> None:
    """Solwick, read unseen: each opened "Hi @customer!", read as a plain question."""
    assert _tone(text).opening == "negative"


@pytest.mark.parametrize("word", ["within", "during", "since", "until", "around", "across", "past", "per"])
def test_a_word_of_when_or_where_after_a_deed_is_no_thing_it_was_done_to(word: str) -> None:
    """ "cancelled within a week of signing up, do I get my money back?" read the deed as done to
    "within", and so did the 14-day section's "Cancel within 14 days … and we refund everything":
    a step told again, so the draft fell back to the reply on how to cancel."""
    from assistant.drafting.tone import done_deeds

    assert ("cancel", "") in done_deeds(f"@QuillmarkHelp cancelled {word} a week, do I get my money back?")


@pytest.mark.parametrize(
    ("passage", "repeats"),
    [
        ("Cancel within 14 days of subscribing and we refund everything you've paid.", False),
        ("Cancel by Sunday and you'll not be charged for the next month.", False),
        ("Cancel in Account > Subscription, or in chat.", True),
        ("Cancel it in the app. We refund the rest within 5 days.", True),
    ],
)
def test_a_deed_that_is_the_condition_of_what_we_do_is_no_step_told_again(passage: str, repeats: bool) -> None:
    """To "cancelled within a week of signing up, do I get my money back?" the section "Cancel within
    14 days of subscribing and we refund everything you've paid" answers: its deed is the condition
    of the refund, not a step to take again."""
    assert _tone("@QuillmarkHelp cancelled within a week of signing up, do I get my money back?").repeats_a_step(passage) is repeats


@given(
    st.sampled_from(["do you", "can you", "will you", "do u"]),
    st.sampled_from(["zips on coats", "iphone screens", "punctures", "bike chains", "zips", "laptop hinges", "a zip on a leather jacket"]),
)
def test_asking_whether_we_fix_a_kind_of_thing_is_no_harm(asking: str, kind: str) -> None:
    """Hemline, read unseen: "do you fix zips on coats?" opened "Sorry about this": fixing a kind
    of thing is a service asked about. Fixing the customer's own thing tells of its fault."""
    assert _tone(f"{asking} fix {kind}?").opening == "neutral"


@pytest.mark.parametrize("text", ["can you fix my phone?", "can you fix it?", "can you fix the heel on my boot?", "how do I fix this?", "do you fix this"])
def test_asking_us_to_fix_the_customers_own_thing_tells_of_a_fault(text: str) -> None:
    assert _tone(text).opening == "negative"
