"""Triage rules: intent, sentiment and priority, each with the reason the card shows."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from assistant.drafting.tone import tone
from assistant.kb.decision import INTENTS
from assistant.posts import Post
from assistant.text.needs import is_solved, states_a_problem
from assistant.triage import triage


def _post(text: str, followers: int = 0) -> Post:
    return replace(Post("x", "1", "customer", text), author_followers=followers)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("loving my nimbus thermostat, heating bill down loads this month 👏", "praise"),
        ("my bill went down £20 this month, thanks!", "praise"),
        ("energy usage down, love it", "praise"),
        ("the app is down again", "venting"),
        ("payment failed and the app is down, my order is stuck", "complaint"),
        ("bill down? no, it went UP. worst", "complaint"),
        ("thanks for nothing, still waiting on my refund for my order", "complaint"),
        ("no worries, thanks for sorting it!", "praise"),
        ("how do I reset my password?", "question"),
        ("earn $500 a day with crypto, dm me for details", "spam"),
    ],
)
def test_intent_follows_what_the_customer_means(text: str, intent: str) -> None:
    assert triage(_post(text)).intent == intent


def test_urgent_wording_and_reach_raise_the_priority_with_reasons() -> None:
    quiet = triage(_post("my order is late, where is it?"))
    loud = triage(_post("my order is late, where is it? charged twice", followers=150_000))
    assert quiet.priority == "normal"
    assert loud.priority == "urgent"
    assert any("charged twice" in reason for reason in loud.reasons)
    assert any("150,000 followers" in reason for reason in loud.reasons)


def test_spam_never_gains_priority_from_reach() -> None:
    result = triage(_post("free followers, click here", followers=1_000_000))
    assert (result.intent, result.priority) == ("spam", "low")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.integers(min_value=0, max_value=10**9))
@example("DM", 0).via("found by this test: a post of one word pointing to a direct message")
@example("Thanks for wasting my time", 0).via("praise that may be sarcasm")
@example("Yes, iOS 11.1", 0).via("an answer to an earlier question")
@example("Same problem here", 0).via("a bare follow-up")
def test_any_text_gets_a_known_intent_priority_and_a_reason(text: str, followers: int) -> None:
    """Known: one of the intents the no-match decision and the drafters are written for."""
    result = triage(_post(text, followers))
    assert result.intent in INTENTS
    assert result.sentiment in {"negative", "neutral", "positive"}
    assert result.priority in {"urgent", "high", "normal", "low"}
    assert result.reasons and result.reasons[0].startswith(result.intent)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_more_followers_never_lowers_the_priority(text: str) -> None:
    order = ["low", "normal", "high", "urgent"]
    ranks = [order.index(triage(_post(text, followers)).priority) for followers in (0, 1_000, 10_000, 100_000)]
    assert ranks == sorted(ranks)


_PROBLEMS = [
    "can't even log in with my account",
    "my battery dies in two hours",
    "storage full",
    "the app keeps crashing",
    "order never arrived",
    "wifi drops constantly",
    "my photos are gone after the update",
    "the kettle won't heat",
    "still no refund",
    "i️ can't type the letter i",
    "charged twice for one order",
]
_THANKS = ["thanks", "thanks a lot!!", "thank you so much", "ty", "thx 🙏", "great job 👏", "love you guys 😍", "Thanks in advance!", "amazing service, really"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_PROBLEMS), st.sampled_from(_THANKS), st.booleans(), st.sampled_from(["", "@Brand ", "so ", "Hi, "]), st.booleans())
def test_thanks_beside_a_problem_is_never_praise(problem: str, thanks: str, thanks_first: bool, opening: str, shout: bool) -> None:
    text = f"{opening}{thanks}. {problem}" if thanks_first else f"{opening}{problem} {thanks}"
    result = triage(_post(text.upper() if shout else text))
    assert result.intent != "praise" and result.sentiment != "positive", text


@pytest.mark.parametrize(
    "text",
    [
        "A full restart fixed it. Took me a while to find out how",
        "That worked, thank you!! 🙌",
        "figured it out thanks",
        "it's working again, thanks for the help",
        "no worries, thanks for sorting it!",
        "hey there, the problem seems to have fixed itself this afternoon- not sure what was going on! Thanks for replying all the same",
        "it appears to have been sorted, thanks",
    ],
)
def test_a_problem_the_customer_says_is_solved_needs_no_answer(text: str) -> None:
    assert triage(_post(text)).intent == "praise"


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["Signing out and in again", "the restart", "Clearing the cache", "that", "your fix"]),
    st.sampled_from(["seems to have worked", "appears to have worked", "looks like it's worked", "seems to have done the trick", "did the trick"]),
    st.sampled_from(["", " for now", " for now, I'll let you know if it happens again", ", thanks!"]),
)
def test_a_fix_said_with_a_hedge_is_a_fix_and_one_denied_is_not(done: str, hedged: str, tail: str) -> None:
    """A real post saying that signing out and in had worked "for now" (and that they would say if it
    came back) was answered as a fault: "Sorry about this" and the sign-in steps again."""
    text = f"{done} {hedged}{tail}"
    assert is_solved(text) and triage(_post(text)).intent == "praise", text
    for denied in ("nothing", "nothing really", "it doesn't", "none of it"):
        said = f"tried everything, {denied} {hedged.replace('seems', 'seem').replace('appears', 'appear') if denied.startswith('it') else hedged}"
        assert not is_solved(said), said


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["found it", "Found it", "just found it", "we found it"]),
    st.sampled_from(["cheaper", "much cheaper", "for less", "a lot less", "elsewhere", "somewhere else", "for £20", "for $15 on amazon", "for 10 less"]),
    st.sampled_from(["I want to cancel my order, I paid 10 mins ago and ", "can I cancel? ", "", "@Brand "]),
)
def test_a_thing_found_at_a_better_price_is_no_problem_solved(found: str, better: str, before: str) -> None:
    """Swapstall's "I want to cancel my order, I paid 10 mins ago and found it cheaper" got "Glad
    to hear it's working again": "found it" read as the customer's problem gone."""
    text = f"{before}{found} {better}"
    assert not is_solved(text) and triage(_post(text)).intent != "praise", text


@pytest.mark.parametrize("text", ["found it! it was in my spam folder, thanks", "found it, thank you", "ignore me, found it 🙈 thanks"])
def test_a_thing_the_customer_found_is_still_their_problem_solved(text: str) -> None:
    assert is_solved(text) and triage(_post(text)).intent == "praise", text


@given(
    st.sampled_from(["great service at the york depot today", "lovely staff", "Dan at the desk was brilliant", "thanks guys"]),
    st.sampled_from(["sorted me out in 5 mins", "sorted us out straight away", "really sorted me out", "sorted him out in no time"]),
    st.sampled_from(["", " 👍", "!", ", thank you"]),
)
def test_someone_sorted_out_is_praise_not_a_fault_gone(praise: str, sorted_out: str, end: str) -> None:
    """ "great service at the york depot today, sorted me out in 5 mins 👍" was answered "Glad to
    hear it's working again": a person helped, no fault said to be over."""
    text = f"{praise}, {sorted_out}{end}"
    assert not is_solved(text), text
    assert triage(_post(text)).intent == "praise", text
    assert is_solved("sorted it myself in the end, thanks")


_FIXES = ["A restart fixed it.", "the update fixed the keyboard,", "Sorted the login issue.", "figured out the wifi thing"]
_STILL_GOING = [
    "But still doesn't work",
    "now my lock screen won't show the clock",
    "it still crashes at night",
    "but it keeps freezing",
    "the app can't open my basket",
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_FIXES), st.sampled_from(_STILL_GOING), st.sampled_from(["", "@Brand ", "Hi, "]), st.sampled_from(["", " thanks", " :/"]))
def test_a_fix_followed_by_a_problem_still_going_on_is_not_news_of_a_fix(fix: str, going: str, opening: str, closing: str) -> None:
    """The last thing told is a problem of now: the customer is not done, whatever was fixed before."""
    text = f"{opening}{fix} {going}{closing}"
    assert not is_solved(text), text
    assert triage(_post(text)).intent != "praise", text


_PAST_FIXES = ["you fixed my oven in september", "The engineer sorted the leak last month", "a restart fixed it on Monday", "your update solved the crashing"]
_COME_BACK = [
    "and it's doing the exact same thing again",
    "but now the same problem is back",
    "then it broke again a week later",
    "now it's leaking again",
    "and it's happened again today",
    "and we're back to square one",
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_PAST_FIXES), st.sampled_from(_COME_BACK), st.sampled_from(["", "@Brand ", "Hi, "]), st.sampled_from(["", " 😡", " thanks"]))
def test_a_fix_whose_fault_came_back_is_not_news_of_a_fix(fix: str, back: str, opening: str, closing: str) -> None:
    """A fault told as come back after its fix ("you fixed my oven in september and it's doing the
    exact same thing again") is a complaint, never answered "Glad to hear it's working again"."""
    text = f"{opening}{fix} {back}{closing}"
    assert not is_solved(text), text
    assert triage(_post(text)).intent != "praise", text


@pytest.mark.parametrize(
    "text",
    [
        "A restart fixed it, it's charging again, thanks again",
        "fixed! back up and running again",
        "sorted, working again 👍",
        "that worked! I'll let you know if it happens again",  # a return supposed, not told
    ],
)
def test_a_state_told_again_after_a_fix_is_still_news_of_a_fix(text: str) -> None:
    assert is_solved(text), text


@pytest.mark.parametrize(
    "text", ["can I order the same thing again", "I'd like the same thing again next month", "it's the same thing as last year, can I renew"]
)
def test_a_thing_wanted_again_is_no_fault_come_back(text: str) -> None:
    assert not states_a_problem(text), text


_FAULTS = [
    "card keeps getting declined at checkout",
    "every time I download on 4G it stops",
    "the app can't load my basket",
    "my card got declined at checkout",
]
_ELSEWHERE = [
    "but it works everywhere else",
    "with another card it works",
    "it works with my other card",
    "though it worked on a different phone",
    "it works for others",
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_FAULTS), st.sampled_from(_ELSEWHERE), st.booleans())
def test_it_works_said_of_another_case_is_not_news_of_a_fix(fault: str, elsewhere: str, fault_first: bool) -> None:
    """ "It works" beside a fault that goes on, or said of somewhere else, tells where it doesn't
    fail: a problem post, never answered with "glad it's working again"."""
    text = f"{fault} {elsewhere}" if fault_first else f"{elsewhere.removeprefix('but ').removeprefix('though ')}, but {fault}"
    assert not is_solved(text), text
    assert triage(_post(text)).intent not in ("praise", "mixed"), text


@pytest.mark.parametrize(
    "text",
    [
        "A restart fixed it. Thanks still for the support!",
        "The issue was solved when the patch launched, so now I have no problems in the game",
        "that worked, it still feels a bit slow but fine",
        "it works now from Settings. Thank you!",
    ],
)
def test_a_fix_with_no_problem_after_it_is_still_news_of_a_fix(text: str) -> None:
    assert is_solved(text), text


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("is there no charge for delivery?", "neutral"),
        ("do you not ship to Norway?", "neutral"),
        ("why is my order still not here??", "negative"),
        ("my order is still not here", "negative"),
    ],
)
def test_a_negation_inside_a_plain_question_is_not_a_complaint(text: str, sentiment: str) -> None:
    assert triage(_post(text)).sentiment == sentiment


@pytest.mark.parametrize(
    "text",
    [
        "mine has been broken for weeks too, never got it back to normal, tell me if you figure it out!",
        "can I not just call someone and get this sorted. Useless",
        "the update hasn't fixed it, thanks",
        "please get it fixed, thanks",
        "I want to have it fixed before Friday, thanks",
        "it's supposed to be sorted by now, thanks",
    ],
)
def test_a_wished_for_or_denied_fix_is_not_news_of_one(text: str) -> None:
    assert triage(_post(text)).intent != "praise"


_DM_NAMES = ["DM", "dm", "DMs", "direct message", "private message", "mensaje directo", "message privé", "Privatnachricht"]
_DM_PHRASES = ["Done. See {dm}", "have sent you a {dm}, would you be able to assist? Thanks :)", "please reply to my {dm}", "check your {dm} please"]
_DM_PHRASES += ["can I send the receipt via {dm}?", "I sent you a {dm} with the details", "answer my {dm} when you can"]


@given(st.sampled_from(_DM_PHRASES), st.sampled_from(_DM_NAMES), st.sampled_from(["", "@brand ", "Hi @brand @other "]))
@settings(max_examples=80, deadline=None)
def test_a_post_pointing_to_a_direct_message_is_answered_there(phrase: str, dm: str, opening: str) -> None:
    said = triage(_post(opening + phrase.format(dm=dm)))
    assert said.intent == "dm", (phrase, dm, said.reasons)


@given(st.sampled_from(_DM_PHRASES), st.sampled_from(["my app keeps crashing", "the kettle stopped heating", "still no refund after 3 weeks"]))
@settings(max_examples=30, deadline=None)
def test_a_problem_beside_a_direct_message_is_still_answered(phrase: str, problem: str) -> None:
    """A problem stated beside the DM gets its answer (or no-match) as any post does."""
    assert triage(_post(f"{problem}. {phrase.format(dm='DM')}")).intent != "dm"


@given(
    st.sampled_from(["a guy", "someone", "this account", "people", "scammers", "a player in my last match", "my ex"]),
    st.sampled_from(["kept sending me", "keeps messaging me", "sent me", "is dming me", "has been spamming me", "messaged me"]),
    st.sampled_from(["threats in {dm}", "links in my {dm}", "weird stuff over {dm}", "abuse by {dm}"]),
    st.sampled_from(_DM_NAMES),
    st.sampled_from([", what can I do", ". how do I stop it?", " and I'm scared", ""]),
)
@settings(max_examples=80, deadline=None)
def test_someone_elses_messages_to_the_customer_are_a_report_not_a_move_to_a_direct_message(who: str, verb: str, what: str, dm: str, ending: str) -> None:
    """Whose messages decides: someone sending the customer things in DMs happened there; it is not
    this conversation moving to DM (a bare "send me a DM" or "you sent me a DM" still is: above)."""
    text = f"@brand {who} {verb} {what.format(dm=dm)}{ending}"
    assert triage(_post(text)).intent != "dm", text


@given(st.sampled_from(["send me a {dm}", "can you send me a {dm}", "you sent me a {dm}, answered it", "u sent me a {dm}"]), st.sampled_from(_DM_NAMES))
@settings(max_examples=30, deadline=None)
def test_a_direct_message_between_us_and_the_customer_still_points_there(phrase: str, dm: str) -> None:
    text = "@brand " + phrase.format(dm=dm)
    assert triage(_post(text)).intent == "dm", text


@pytest.mark.parametrize(
    "text", ["the admin panel won't load", "how do I renew at the DMV", "thanks @dm_helper for the tip!", "what does the ADMM setting do?"]
)
def test_words_and_handles_containing_dm_are_not_a_direct_message(text: str) -> None:
    assert triage(_post(text)).intent != "dm"


_STILL_PHRASES = ["I tried that", "did not help", "still not working", "same problem here", "reinstalled the app", "the problem persists"]
_STILL_PHRASES += ["no luck", "I already restarted it", "this did not resolve the issue", "doesn't work", "even logged out and back in", "nothing changed"]
# Still waiting, with nothing said of what for (Printloft's "still waiting", read unseen, got the order article).
_STILL_PHRASES += ["still waiting", "still no reply", "still haven't heard back", "still no word from anyone", "waited and still nothing"]
_TOPICS = ["my kettle", "the thermostat", "Face ID", "the refund", "my playlist", "la app", "wifi"]


@given(
    st.lists(st.sampled_from(_STILL_PHRASES), min_size=1, max_size=3),
    st.sampled_from([". ", ", ", " but ", "! "]),
    st.sampled_from(["", "@brand ", "Hey! "]),
    st.sampled_from(["", " :(", " thanks"]),
)
@settings(max_examples=80, deadline=None)
def test_a_follow_up_saying_only_that_it_still_fails_is_a_follow_up(phrases: list[str], joint: str, opening: str, tail: str) -> None:
    """ "Did the things, even reinstalled the app, but the problem persists": no article can answer
    a problem the post doesn't name."""
    text = opening + joint.join(phrases) + tail
    said = triage(_post(text))
    if any(word in text.lower() for word in ("tried", "not", "n't", "persists", "same", "luck", "nothing", "still")):
        assert said.intent == "follow-up", (text, said.reasons)


@given(st.lists(st.sampled_from(_STILL_PHRASES), min_size=1, max_size=3), st.sampled_from(_TOPICS), st.integers(min_value=0, max_value=3))
@settings(max_examples=60, deadline=None)
def test_a_follow_up_naming_its_problem_goes_the_ordinary_way(phrases: list[str], topic: str, at: int) -> None:
    """Any word beyond the allow-list of follow-up talk (a device, a feature, another language)
    names the problem: the post gets an article or a no-match like any other."""
    words = ", ".join(phrases).split()
    words.insert(min(at, len(words)), topic)
    assert triage(_post(" ".join(words))).intent != "follow-up"


@pytest.mark.parametrize("text", ["reinstalling fixed it, thanks", "I restarted and it works now", "tried again and it's working again", "that sorted it"])
def test_steps_that_solved_it_are_no_follow_up(text: str) -> None:
    assert triage(_post(text)).intent == "praise"


_PARTICLES = ["Yes", "yes,", "Yeah", "Yep.", "Nope,", "No,", "Correct:", "yup"]
_DETAILS = ["in the contacts app the names show up as they should.", "all devices. iOS 11.1.2", "I have done both, thanks.", "it's the 2019 model"]
_DETAILS += ["the phone I received was brand new so the charger is new too.", "both the app and the website", "version 4.2 on Android"]


@given(st.sampled_from(_PARTICLES), st.sampled_from(_DETAILS), st.sampled_from(["", "@brand ", "@brand @other "]))
@settings(max_examples=60, deadline=None)
def test_a_post_answering_an_earlier_question_is_an_answer(particle: str, detail: str, opening: str) -> None:
    """ "Yes, in the contacts app the names show up as they should": it answers a question from
    messages this post doesn't carry; no article can be chosen from it alone."""
    said = triage(_post(f"{opening}{particle} {detail}"))
    assert said.intent == "answer", (particle, detail, said.reasons)


@given(st.sampled_from(_PARTICLES), st.sampled_from(["the keyboard still lags", "it keeps crashing", "how do I reset it?", "can you check my order?"]))
@settings(max_examples=40, deadline=None)
def test_an_answer_with_a_problem_or_a_question_goes_the_ordinary_way(particle: str, rest: str) -> None:
    assert triage(_post(f"{particle} {rest}")).intent != "answer"


@pytest.mark.parametrize("text", ["YES! Thank you so much &lt;3", "Yes! Thanks", "yes, it works now, thanks", "No worries, thanks!"])
def test_yes_and_thanks_is_thanks_not_an_answer(text: str) -> None:
    assert triage(_post(text)).intent == "praise"


@pytest.mark.parametrize(
    "text",
    [
        "no internet/ service disruption in my area. Please help",
        "no signal in the whole street since Monday",
        "nope the app still crashes",
        "Yes and it keeps crashing",
    ],
)
def test_a_problem_after_yes_or_no_is_no_answer(text: str) -> None:
    """Only "No," with its punctuation is an answer: "no internet in my area" states the problem."""
    assert triage(_post(text)).intent not in ("answer", "praise")


@pytest.mark.parametrize(
    "harm", ["Abused by cabin staff", "delayed and now we have missed our connection", "flight cancelled", "overcharged again", "card declined"]
)
def test_thanks_beside_a_harm_is_a_complaint(harm: str) -> None:
    assert triage(_post(f"thanks guys, {harm}")).intent != "praise"


# Things thanks may be for that the allow-list of help has never heard of: what sarcasm thanks for.
# Written as a class, not copied from the rules: verbs of harm, waits, charges and losses, none of
# them a word triage lists.
_DONE_TO_US = ["making me wait three hours", "wasting my time", "charging me twice", "ruining my weekend", "losing my bags again"]
_DONE_TO_US += ["cancelling my flight an hour before", "deleting all my playlists", "sending the wrong size twice", "keeping me on hold"]
_DONE_TO_US += ["double-billing me", "bricking my phone with the update", "the 6 week delay", "the mouldy bread", "turning off my heating"]
_SARCASTIC_OPENINGS = ["Thanks for {x}", "Thank you so much for {x}", "Cheers for {x}", "Great, thanks for {x}", "Love how you keep {x}"]
_SARCASTIC_OPENINGS += ["Amazing how {x}, every single time", "Wow. Thanks a lot for {x} 👏", "Brilliant, thank you again for {x}!!", "Kudos for {x}"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(_SARCASTIC_OPENINGS),
    st.sampled_from(_DONE_TO_US),
    st.sampled_from(["", "@Brand ", "Hi @Brand, "]),
    st.sampled_from(["", " Really appreciate it.", " #service", " 😊"]),
)
def test_thanks_for_a_harm_is_never_answered_as_praise(opening: str, harm: str, handle: str, closing: str) -> None:
    """'Thanks for wasting my time' has no word of problem in it: the praise line would answer
    sarcasm with a smile. What the thanks are for is not on the allow-list of help, so a person
    reads the tone first."""
    text = handle + opening.format(x=harm) + closing
    said = triage(_post(text))
    assert said.intent not in ("praise",), (text, said.reasons)


_HAPPENED = ["ordered a black dress, got a green one", "parcel arrived soaking wet", "third email today saying nothing", "the app logged me out again"]
_HAPPENED += ["my train was cancelled", "waited in all day, nobody came", "size 12 sent instead of 8"]


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(_HAPPENED),
    st.sampled_from(
        [
            "great",
            "Great",
            "perfect",
            "brilliant",
            "just brilliant",
            "oh great",
            "Amazing",
            "lovely",
            "love that for me",
            "Love this for us",
            "so great for me",
            "just perfect for us all",
        ]
    ),
    st.sampled_from([". {w}.", ". {w}!!", "... {w}", ", {w}."]),
    st.booleans(),
    st.sampled_from(["", "thanks", "Thanks Brand", "cheers", "thank you!!", "ty"]),
)
def test_a_bare_word_of_praise_beside_what_happened_is_never_answered_as_praise(happened: str, word: str, form: str, first: bool, sign_off: str) -> None:
    """'ordered a black dress, got a green one. great.' got the praise line: a word of praise that
    names nothing it praises praises whatever happened, and a person reads the tone. A sign-off in
    a sentence of its own changes nothing ("'up to 900mb' and I get 12. love that for me. thanks")."""
    text = f"{word}{form[0]} {happened}" if first else happened + form.format(w=word)
    if sign_off:
        text = f"{text.rstrip('.!')}. {sign_off}"
    assert triage(_post(text)).intent != "praise", text


@pytest.mark.parametrize(
    "text",
    [
        "Great, thanks. I'll try that tonight",
        "Perfect! Thanks so much",
        "Thanks! Perfect.",
        "Got the replacement today. Brilliant. Thank you",
        "sorted it out quickly. great, thanks",
    ],
)
def test_thanks_beside_praise_or_help_stays_praise(text: str) -> None:
    """The other side: praise in the sentence that thanks is a sign-off, and a bare word of praise
    beside help received ("got the replacement today") praises the help."""
    assert triage(_post(text)).intent == "praise", (text, triage(_post(text)).reasons)


@pytest.mark.parametrize(
    "text",
    [
        "obsessed with my new coat 😍",
        "great service, thank you",
        "The crew were friendly and professional. Brilliant.",
        "Cheaper and much nicer than the old one. Perfect!",
        "Kudos to the team. Amazing!",
        "I know, you guys are awesome",
        "Parcel came early. Love you guys",
        "loved the bin crew singing this morning 😂",  # a happy word as said, not only its dictionary form
        "always a pleasure, you lot are fab",
        "enjoyed every minute of the tour, the guide was a star",
        "absolutely chuffed with the new sofa",
        # Pride and joy are praise words too (Splashwick, read unseen: "my son got his 25m badge
        # today!! so proud 🥹" was a complaint, answered "Sorry about this").
        "so proud of the team at the pool, Lily finally swam a width",
        "overjoyed with how the lessons went",
    ],
)
def test_praise_that_names_what_is_good_is_praise(text: str) -> None:
    assert triage(_post(text)).intent == "praise", text


def test_pride_beside_tears_is_read_by_a_person_not_answered_with_sorry() -> None:
    said = triage(_post("my son got his 25m badge today!! so proud 🥹"))
    assert said.intent == "mixed" and said.sentiment == "positive", said


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("@AmericanAir thank you Lee on flight 1154 SDQ to MIA . A little help went a long way! ❤️🛫", "praise"),
        ("your agent Jov is terrific! Please thank her for her help setting up our new router.", "praise"),
        ("you've been a great help, thank you", "praise"),
        ("such a big help from the crew today, thanks", "praise"),
        ("need help with my booking", "question"),
        ("can you help me change my seat", "question"),
        ("love the app, would appreciate your help moving to the family plan", "question"),
        ("help my account is locked", "complaint"),
    ],
)
def test_help_had_is_no_request_and_help_asked_for_is(text: str, intent: str) -> None:
    """ "thank you Lee on flight 1154… A little help went a long way! ❤️" was triaged a question and
    given an article: "help" was read as a request. Help someone gave, or help praised ("a little
    help went", "her help", "a great help"), asks for nothing."""
    assert triage(_post(text)).intent == intent, (text, triage(_post(text)).reasons)


_DOING = ["paying 300 a month for a tiny flat", "waiting in all day for an engineer", "being on hold for 2 hours", "getting charged twice"]
_DOING += ["spending my weekend on the phone to you", "reading the same email three times", "driving to the depot for nothing"]


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["Love {x}", "loving {x} lol", "really enjoying {x}, cheers", "I just adore {x}. thanks"]),
    st.sampled_from(_DOING),
    st.sampled_from(["", "@Brand ", "Hi @Brand, "]),
)
def test_praise_of_doing_something_unpleasant_is_never_answered_as_praise(opening: str, doing: str, handle: str) -> None:
    """'love paying 200 a month for a 1 bed flat, cheers' is praise of doing something: what it is
    for is read as thanks for it is, against the allow-list of help."""
    text = handle + opening.format(x=doing)
    assert triage(_post(text)).intent != "praise", text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="bcdfgjklmnqrsvwxz", min_size=4, max_size=9), min_size=1, max_size=4),
    st.sampled_from(["Thanks for", "Thank you for", "Love how"]),
)
def test_thanks_for_any_word_off_the_allow_list_is_read_by_a_person(words: list[str], opening: str) -> None:
    """An allow-list, not a list of today's harms: made-up words are not help."""
    text = f"{opening} {' '.join(words)}"
    said = triage(_post(text))
    assert said.intent == "mixed", (text, said.reasons)
    assert "may be sarcasm" in said.reasons[0]


_HELP_RECEIVED = ["the quick reply", "your help", "all your help and patience", "getting back to me so fast", "sorting it out", "the heads up"]
_HELP_RECEIVED += ["the lovely invite", "a great flight", "the speedy refund", "your time", "fixing my order", "the smoothest trip ever"]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(["Thanks for {x}", "Thank you so much for {x}!", "Cheers for {x} 👍", "Big thanks to Jenna for {x}"]), st.sampled_from(_HELP_RECEIVED))
def test_thanks_for_help_or_for_something_praised_is_praise(opening: str, thing: str) -> None:
    text = "@Brand " + opening.format(x=thing)
    assert triage(_post(text)).intent == "praise", text


# Help done to the problem itself: the thing named was the problem, and the help says it is over.
# Verbs of help, things that go wrong in several trades, and how soon, none of them copied from the rules.
_HELP_VERBS = ["fixing", "sorting", "repairing", "replacing", "sorting out", "resolving"]
_BROKEN_THINGS = ["the leak on our road", "the burst pipe", "my broken boiler", "the cracked screen", "our flooded drain"]
_BROKEN_THINGS += ["the faulty router", "the damaged parcel", "my frozen account", "the pothole on elm road", "the dead streetlight"]


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["Thanks for {x}", "thank you so much for {x}", "Cheers for {x}", "Big thanks to the crew for {x}"]),
    st.sampled_from(_HELP_VERBS),
    st.sampled_from(_BROKEN_THINGS),
    st.sampled_from(["", " so quickly yesterday", " within the hour", " today"]),
    st.sampled_from(["", ", great team 👏", "! You're stars", ". Much appreciated"]),
)
def test_thanks_for_fixing_a_problem_is_praise_not_a_complaint(opening: str, verb: str, thing: str, when: str, closing: str) -> None:
    """'Thanks for fixing the leak on our road so quickly' names a leak, a problem, yet the help
    done to it says it is over: answered 'Sorry about this' and how to report a leak, it would read
    the thanks as the complaint it ended."""
    text = "@Brand " + opening.format(x=f"{verb} {thing}{when}") + closing
    said = triage(_post(text))
    assert said.intent == "praise", (text, said.reasons)
    assert tone(text, said).opening == "positive", text
    if "great" in closing:  # praise of the team beside the thanks: answered with the praise line, not "you're welcome"
        assert not said.thanks_only, text


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["Big thanks to {who} {rel} {x}", "thanks to {who} {rel} {x}", "massive thanks to {who} {rel} {x}", "kudos to {who} {rel} {x}"]),
    st.sampled_from(["Sam", "the engineer", "Priya in the shop", "the two lads", "your technician Dave"]),
    st.sampled_from(["who", "that"]),
    st.sampled_from(["fixed", "sorted", "repaired", "replaced", "sorted out", "resolved"]),
    st.sampled_from(_BROKEN_THINGS + ["our wasps", "the mice in the loft", "my refund"]),
    st.sampled_from(["", " in 10 minutes flat", " today", " so quickly yesterday 🐝", "!!"]),
)
def test_thanks_to_someone_who_fixed_a_problem_is_praise_not_a_request(opening: str, who: str, rel: str, verb: str, thing: str, when: str) -> None:
    """ "big thanks to Sam who sorted our wasps in 10 minutes flat" (Kestrel, read unseen) was a
    question: the fix told of whom the thanks are to read as one wished for ("to … sorted"), and
    the article on wasps was drafted to it. What someone is thanked for is over, told with "who"
    or "that" as with "for"."""
    text = "@Brand " + opening.format(who=who, rel=rel, x=f"{verb} {thing}{when}")
    said = triage(_post(text))
    assert said.intent == "praise", (text, said.reasons)
    undone = "@Brand " + opening.format(who=who, rel=rel, x=f"never {verb} {thing}{when}")
    assert triage(_post(undone)).intent != "praise", undone


@pytest.mark.parametrize("manner", ["gentle", "patient", "caring", "reassuring", "thorough", "calm", "welcoming"])
def test_thanks_for_how_someone_was_with_the_customer_is_praise(manner: str) -> None:
    """ "thanks to the hygienist Priya for being so gentle today 😊" was held as possible sarcasm:
    how someone was with the customer, in a word of praise, is what the thanks are for."""
    said = triage(_post(f"@Brand thanks to the hygienist Priya for being so {manner} today 😊"))
    assert said.intent == "praise", said.reasons
    assert triage(_post(f"@Brand thanks for being so {manner}... NOT")).intent != "praise"


@pytest.mark.parametrize("person", ["Jess in chat was brilliant", "the engineer was amazing", "Sam on the phone was superb"])
def test_thanks_for_help_beside_praise_of_a_person_is_praise_not_bare_thanks(person: str) -> None:
    """ "thanks for sorting my bill out yesterday, Jess in chat was brilliant": the praise is passed on."""
    said = triage(_post(f"@Brand thanks for sorting my bill out yesterday, {person}"))
    assert said.intent == "praise" and not said.thanks_only


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["Thanks for {x}", "thank you for {x}", "Cheers for {x}"]),
    st.sampled_from(["fixing nothing", "not fixing {t}", "'fixing' {t}", "“sorting” {t}", "never fixing {t}", "half fixing {t}", "finally fixing {t}"]),
    st.sampled_from(_BROKEN_THINGS),
)
def test_thanks_for_help_undone_in_its_own_words_is_never_praise(opening: str, undone: str, thing: str) -> None:
    """The words of the thanks undo the help ("fixing nothing", "'fixing' it", "finally fixing"): sarcasm or a long wait, never praise."""
    text = "@Brand " + opening.format(x=undone.format(t=thing))
    said = triage(_post(text))
    assert said.intent != "praise", (text, said.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Thanks to @Rail I have 0 minutes to get from one train to another. 🤔🙃👏",
        "Y'all really the best company ever..... NOOOOTTTT",
        "Best service ever 🙃",
        "Great update, love it 🤔",
    ],
)
def test_praise_beside_irony_is_read_by_a_person(text: str) -> None:
    said = triage(_post(text))
    assert said.intent == "mixed" and "irony" in said.reasons[0], said.reasons


@pytest.mark.parametrize(
    "text",
    [
        "I would love to know which driver is keeping me from my new phone",
        "it would be great if you would actually provide the service I pay for. Thx",
        "TV is great except for live sports. It's like buffering the whole time. Any ideas",
        "Thank you for the quick fix earlier! One more thing, would be nice to know when the app update lands",
    ],
)
def test_a_wish_or_a_request_beside_praise_is_asked_not_praised(text: str) -> None:
    assert triage(_post(text)).intent not in ("praise", "mixed"), text


def test_what_someone_is_thanked_for_is_not_what_they_are_asked_for() -> None:
    """'fix' and 'help' are words of a request, but not inside the thanks."""
    assert triage(_post("Thank you for the quick fix, love it!")).intent == "praise"
    assert triage(_post("Thanks for all the help, you are legends")).intent == "praise"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Wann geht die Serie endlich weiter 😁", "mixed"),  # a question, read by its smile alone
        ("Quand est-ce que la série revient 😊", "mixed"),
        ("¡Muchísimas gracias al equipo! Llegó en un día 😍", "praise"),  # a word of thanks says it
        ("Merci beaucoup pour votre aide 😊", "praise"),
    ],
)
def test_a_smile_alone_in_another_language_is_not_taken_for_praise(text: str, intent: str) -> None:
    assert triage(_post(text)).intent == intent, triage(_post(text)).reasons


@given(
    st.sampled_from(["What is {dm}?", "what does {dm} mean", "whats a {dm} lol", "What do you mean by {dm}?", "what's an {dm}"]),
    st.sampled_from(_DM_NAMES),
    st.sampled_from(["", "@brand ", "hi @brand "]),
)
@settings(max_examples=60, deadline=None)
def test_a_question_about_what_a_direct_message_is_is_not_one(question: str, dm: str, opening: str) -> None:
    text = opening + question.format(dm=dm)
    assert triage(_post(text)).intent != "dm", text


@pytest.mark.parametrize("unit", ["'", "@", ".", "#", "a.", "x'", "thanks for ", "what is", "dm ", "ı", "iyor", "restart ", "!", "whyyy "])
def test_a_long_run_of_one_shape_is_read_like_any_post(unit: str) -> None:
    """A rule that retried from every character took 30 s on 'what is' and 400 apostrophes; the
    longest posts of each shape are timed in `make bench` (hostile posts), this only reads them."""
    from assistant.drafting.tone import tone
    from assistant.text.direct_messages import points_to_dm

    text = ("what is" + unit * 600)[:1200]
    said = triage(_post(text))
    assert said.intent in INTENTS and tone(text, said).opening in ("negative", "neutral", "positive", "waited")
    assert points_to_dm(text) in (True, False)


# Every unhappy face, by what its Unicode name says, not only the faces someone listed.
_UNHAPPY = sorted(
    ch
    for ch in map(chr, [*range(0x2600, 0x27C0), *range(0x1F300, 0x1FB00)])
    if re.search(r"\b(?:FROWNING|CRYING|DISAPPOINTED|WORRIED|PENSIVE|FACE PALM)\b", unicodedata.name(ch, ""))
)


@given(st.sampled_from(_UNHAPPY), st.sampled_from(["I'll miss you ❤️ flying with @Other today", "Great flight, love the crew", "Thanks!"]))
def test_praise_beside_an_unhappy_face_is_never_praise(face: str, praise: str) -> None:
    assert triage(Post("x", "1", "c", f"@Brand {praise} {face}")).intent != "praise"


_TEARFUL = sorted(
    ch for ch in map(chr, [*range(0x2600, 0x27C0), *range(0x1F300, 0x1FB00)]) if re.search(r"\b(?:CRYING|HOLDING BACK TEARS)\b", unicodedata.name(ch, ""))
)


@given(
    st.sampled_from(_TEARFUL),
    st.sampled_from(["best night of my life, thank you", "Thank you so much", "you found my ring!! amazing", "book arrived and it's gorgeous, my mum cried"]),
    st.sampled_from(["", "❤️", "😍", "🙌"]),
)
def test_tears_beside_praise_go_to_a_person_never_to_an_apology(face: str, praise: str, heart: str) -> None:
    """ "best night of my life, thank you stagepass 🥹" was triaged a complaint and would have been
    told "Sorry about this": tears beside praise may be of joy or of sorrow, so a person reads it
    (no praise line, no apology). Tears of laughter (😂) are no tears here. Praise may be a happy
    face alone beside words triage has no praise in ("it's gorgeous, my mum cried 😭❤️", Printloft)."""
    from assistant.drafting.tone import tone

    text = f"@Brand {praise} {face}{heart}"
    said = triage(Post("x", "1", "c", text))
    assert said.intent == "mixed" and tone(text, said).opening != "negative", text


@pytest.mark.parametrize("text", ["my order never came, so sad", "really upset, the app deleted my notes", "gutted, the concert got cancelled"])
def test_sadness_said_in_words_is_unhappy(text: str) -> None:
    assert triage(Post("x", "1", "c", f"@Brand {text}")).sentiment == "negative"


# Signs of heat, hype or a celebration are no feeling of their own: fire, sparkles, a trophy.
_HYPE = [unicodedata.lookup(name) for name in ("FIRE", "SPARKLES", "TROPHY", "PARTY POPPER", "GLOWING STAR", "HUNDRED POINTS SYMBOL", "FLEXED BICEPS")]


@given(st.sampled_from(_HYPE), st.sampled_from(["day 365 today 🦉{} thank you", "100 day streak {} thank you so much", "{} best app ever, thank you"]))
def test_a_sign_of_hype_beside_thanks_is_praise(sign: str, thanks: str) -> None:
    """ "day 365 today 🦉🔥 thank you wordnest" (Wordnest, read unseen) was venting, with no reply:
    🔥 was listed among the unhappy faces. An emoji's feeling is read from its Unicode name (a face
    that frowns or cries), and fire is no face."""
    said = triage(Post("x", "1", "c", "@Brand " + thanks.format(sign)))
    assert said.intent == "praise" and said.sentiment == "positive"


@pytest.mark.parametrize("face", [":(", ":-(", ":'(", ">:(", "=(", ":/", ":[", ":((("])
def test_a_sad_face_typed_as_text_is_read_like_the_emoji(face: str) -> None:
    post = triage(Post("x", "1", "c", f"@Brand work is sending me on another airline today, I'll miss you ❤️ {face}"))
    assert post.intent != "praise" and post.sentiment == "negative"


@pytest.mark.parametrize("text", ["Thanks, see https://example.com/help ❤️", "Thanks for the 10:30 slot ❤️", "Love it :D"])
def test_a_link_a_time_or_a_laugh_is_no_sad_face(text: str) -> None:
    assert triage(Post("x", "1", "c", text)).sentiment == "positive"


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["where is my order", "can I get a refund", "how long does a refund take", "返金にはどのくらいかかりますか", "¿dónde está mi pedido"]),
    st.sampled_from(["?", "？", "؟", "❓", "﹖", "⁇"]),
)
def test_every_question_mark_asks(question: str, mark: str) -> None:
    """A full-width "？" (Japanese, Chinese), the Arabic "؟" or a question emoji asks as "?" does:
    a Japanese question was read as venting, at low priority."""
    assert triage(_post(question + mark)).intent in ("question", "complaint")


@pytest.mark.parametrize(
    "text",
    [
        "me habéis cobrado dos veces el mismo pedido",
        "ma bouilloire ne chauffe plus du tout",
        "Paket wurde als zugestellt markiert, ist aber nicht da",
        "a encomenda chegou danificada, a caixa estava esmagada",
        "il mio bollitore non scalda più",
        "mijn waterkoker wordt niet meer warm",
        "uygulama açılır açılmaz kapanıyor",
        "アプリを開くとすぐに落ちます",
    ],
)
def test_a_problem_told_in_another_language_is_a_complaint_not_venting(text: str) -> None:
    """What tells venting from a complaint (a few words, "my order") is read in English: in another
    language a stated problem is a complaint, at normal priority, never "may not need a reply"."""
    said = triage(_post(text))
    assert said.intent == "complaint" and said.priority != "low", (text, said.reasons)


# Replies written for these tests, of the kinds real conversations hold: a detail asked for, a
# reference, "me too", a step reported done.
_CONTEXT = [
    "It's the Smart Kettle 2, bought in March, firmware 4.1",
    "Using the Android app, version 7.3, on a Pixel 6.",
    "the order number was NH-48213",
    "Same here, hope you sort it soon",
    "Done that twice now.",
    "that was for the billing address",
    "the one in the hallway, next to the boiler",
]
_ASKS_OR_STATES = [
    "Can you put the old firmware back on my thermostat please?",
    "the vacuum maps half the flat, I'm really let down.",
    "Will my saved rooms go if I reset the app?",
    "the app still won't open",
    "my refund never arrived",
    "how do I reset my password",
]


@given(
    text=st.one_of(st.sampled_from(_CONTEXT + _ASKS_OR_STATES), st.text(max_size=160)),
    opening=st.sampled_from(["", "@NimbusHome ", "@NimbusHome @jo_w "]),
)
@settings(max_examples=300, deadline=None)
def test_a_reply_to_a_post_we_cannot_see_is_read_as_an_answer_only_when_it_asks_nothing(text: str, opening: str) -> None:
    """Beside a post this tool never saw, what the customer adds may only make sense with it: a
    reply that neither asks nor states a problem is an answer to earlier messages. Anything else
    keeps the intent it has on its own."""
    post = Post("x", "1", "sam_k", opening + text)
    alone, replying = triage(post), triage(post, unseen=True)
    if replying.intent != alone.intent:
        assert replying.intent == "answer" and "doesn't hold" in replying.reasons[0]
        assert alone.intent in {"question", "complaint", "venting"} and alone.sentiment != "negative", alone
    if text in _ASKS_OR_STATES:
        assert replying.intent == alone.intent != "answer"


@pytest.mark.parametrize("text", _CONTEXT)
def test_context_replying_to_an_unseen_post_is_an_answer(text: str) -> None:
    post = Post("x", "1", "sam_k", f"@NimbusHome {text}")
    assert triage(post, unseen=True).intent == "answer"
    assert triage(post).intent != "answer"


_PROMOTED_TOPICS = ["bitcoin", "crypto", "BTC", "an NFT", "forex", "investment"]


@given(
    topic=st.sampled_from(_PROMOTED_TOPICS),
    asked=st.sampled_from(["can I buy {} in the app?", "my {} payment was declined", "do you allow {} transfers", "is {} covered by the guarantee"]),
    opening=st.sampled_from(["", "@LedgerlyHelp ", "hey @Brand "]),
)
def test_a_customer_asking_about_a_topic_spam_promotes_is_no_spammer(topic: str, asked: str, opening: str) -> None:
    assert triage(Post("x", "1", "sam_k", opening + asked.format(topic))).intent != "spam"


@given(
    topic=st.sampled_from(_PROMOTED_TOPICS),
    offer=st.sampled_from(["earn £300 a day with {}", "{} signals, guaranteed returns", "join my {} group, DM me", "{} profit daily https://t.co/x1"]),
)
def test_a_topic_beside_an_offer_or_a_link_is_spam(topic: str, offer: str) -> None:
    assert triage(Post("x", "1", "promo99", offer.format(topic))).intent == "spam"


@given(
    verb=st.sampled_from(["Make", "make", "Earn", "earn up to", "Start making", "You can earn", "Gana", "Gagnez", "Verdiene", "Ganhe"]),
    amount=st.sampled_from(["£500", "$3k", "€250", "1,200 dollars", "300€"]),
    period=st.sampled_from(["a week", "per day", "every month", "a week from home", "per month working online"]),
    opening=st.sampled_from(["", "@Brand ", "🔥🔥 ", "Hi all. "]),
    closing=st.sampled_from(["", "!!! DM me 💰", " link in bio", " no experience needed"]),
)
def test_an_offer_of_earnings_is_spam_whatever_follows_it(verb: str, amount: str, period: str, opening: str, closing: str) -> None:
    """ "Make £500 a week from home!!! DM me" was read as a customer taking it to a DM, and answered
    "We'll pick this up with you in DM"."""
    text = f"{opening}{verb} {amount} {period}{closing}"
    assert triage(Post("x", "1", "promo99", text)).intent == "spam", text


@given(
    offered=st.sampled_from(
        ["my 12 week plan", "my coaching programme", "my new YouTube channel", "my online course", "my meal plans", "my shop", "my referral code ZIP-4411"]
    ),
    opening=st.sampled_from(["GET SHREDDED FAST with {}", "Transform your body with {}", "{} is live", "Results guaranteed with {}", "Places open on {}"]),
    call=st.sampled_from(
        [", dm me 💪💪", ". Link in bio", " - check it out!", ", subscribe", ". Message me", " follow me for more", ". Get 50% off 🔥🔥", ", use my code"]
    ),
)
def test_the_authors_own_offer_with_a_call_to_readers_is_spam(offered: str, opening: str, call: str) -> None:
    """ "GET SHREDDED FAST with my 12 week plan, dm me 💪💪" was read as a customer taking it to a
    DM and answered "We'll pick this up with you in DM"."""
    text = "@PulsefitHelp " + opening.format(offered) + call
    assert triage(Post("x", "1", "promo99", text)).intent == "spam", text


@given(
    prize=st.sampled_from(["Win a FREE iPhone 17!!", "GIVEAWAY TIME 🎁", "£500 voucher up for grabs", "We're giving away 3 PS5s"]),
    call=st.sampled_from(["just follow and retweet", "follow & RT", "retweet and follow to enter", "RT to win", "share to win!"]),
)
def test_a_prize_for_following_and_sharing_is_spam(prize: str, call: str) -> None:
    """ "Win a FREE iPhone 17!! just follow and retweet 🎁🎁" was a question to draft."""
    text = f"@NorthlineHelp {prize} {call} 🎁🎁"
    assert triage(Post("x", "1", "promo99", text)).intent == "spam", text


@pytest.mark.parametrize(
    "text",
    [
        "my page won't load, dm me please",
        "can you check out my order? dm me",
        "I'm on the 12 month plan, can you dm me the price to leave",
        "my course booking vanished, message me",
        "is my 30 day plan still active? dm me",
        "my referral code didn't work, I was meant to get 50% off",
        "can I use my promo code on a day pass?",
    ],
)
def test_a_customer_asking_to_be_messaged_about_their_own_things_is_no_spammer(text: str) -> None:
    assert triage(Post("x", "1", "sam_k", f"@Brand {text}")).intent != "spam"


@pytest.mark.parametrize("text", ["Earn £300/day driving for my delivery app, DM me 🚗💷", "make $500/week from home", "earn up to £40/hr working online"])
def test_an_offer_of_earnings_per_slash_period_is_spam(text: str) -> None:
    """ "Earn £300/day … DM me" was answered "We'll pick this up with you in DM"."""
    assert triage(Post("x", "1", "promo99", f"@RoadhopHelp {text}")).intent == "spam", text


@pytest.mark.parametrize(
    "text",
    [
        "I make £500 a week and can't afford this bill",
        "we earn about €2,000 a month, is there a cheaper tariff?",
        "I pay £90 a month and my bill is still high",
        "can I make 2 payments a month?",
        "my husband makes $600 a week, do we qualify?",
    ],
)
def test_a_customer_telling_their_income_or_payments_is_no_spammer(text: str) -> None:
    assert triage(Post("x", "1", "sam_k", f"@Brand {text}")).intent != "spam"


@pytest.mark.parametrize(
    "text",
    [
        "please freeze my card",
        "how do I freeze my card?",
        "found my card, can I undo the freeze?",
        "can you freeze the account",
        "@PulsefitHelp froze my membership till march but I'm back early, how do I unfreeze",
        "I'm pregnant, is there any way to freeze without paying",
        "went on holiday and froze my membership",
        "I froze my card yesterday, can I undo it",
        "@BrokenRecordsHelp when is the next release out",
        "can I spread the cost of a fridge freezer over a year",  # a freezer is a thing
        "do you deliver freezers on sundays",
        "is the freezer's bottom drawer sold separately",
    ],
)
def test_freezing_a_card_is_an_action_and_a_freezer_a_thing_not_a_fault(text: str) -> None:
    from assistant.text.needs import states_a_problem

    assert not states_a_problem(text)


@pytest.mark.parametrize(
    "text",
    [
        "my app keeps freezing",
        "the screen froze again",
        "freezer is turning into a glacier, can barely shut the drawers",
        "my freezer is freezing up",
        "phone freezes on boot",
        "my account is frozen",
        "the freezing is tedious",
        "you froze my account for no reason",
        "Ledgerly froze my account",
        "my phone started to freeze",
        "@PulsefitHelp the app froze",
    ],
)
def test_something_that_freezes_is_a_fault(text: str) -> None:
    from assistant.text.needs import states_a_problem

    assert states_a_problem(text)


@given(
    what=st.sampled_from(["data", "credit", "my allowance", "minutes", "ink", "storage", "gas credit"]),
    form=st.sampled_from(
        [
            "{what} ran out",
            "ran out of {what}",
            "{what} has run out",
            "I've run out of {what}",
            "{what} runs out every week",
            "running out of {what} already",
            "used up all my {what}",
            "my {what} is empty",
        ]
    ),
)
def test_running_out_of_something_is_a_fault_and_a_need_of_its_own(what: str, form: str) -> None:
    """Exhaustion is a problem stated: "data ran out already, and do you have international calls?"
    asks two things."""
    from assistant.text.needs import states_a_need, states_a_problem

    said = form.format(what=what)
    assert states_a_problem(said) and states_a_need(said)


@given(
    greeting=st.sampled_from(["hey", "Hi", "hello", "Hiya", "yo"]),
    handle=st.sampled_from(["", " @Brand", " @NimbusHome"]),
    question=st.sampled_from(["do you ship to Canada", "can I reverse the update", "why is it taking so long", "how can one line be on 2 phones"]),
)
def test_a_greeting_before_a_question_leaves_it_a_question(greeting: str, handle: str, question: str) -> None:
    from assistant.text.needs import is_question

    assert is_question(f"{greeting}{handle} {question}")


# A state with nothing wrong in its words, and how long it has gone on or how often it comes back.
_STATES = ["showers have been cold", "the pool is closed", "the lift at my club is out", "my class shows as full", "the music is blasting"]
_STATES += ["the turnstile beeps at me", "tracking says at hub", "the heating is on full blast", "la ducha está fría"]
_LASTINGS = ["for a week now", "for 3 days", "since monday", "since the 4th", "all weekend", "again", "every single time", "for weeks"]
_LASTINGS += ["for two whole months", "for ages", "for like a week", "for about 3 days", "for the past two weeks"]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(_STATES),
    st.sampled_from(_LASTINGS),
    st.sampled_from([". thanks pulsefit", ", cheers", ". Thanks!!", ". thank you so much", " thx"]),
    st.sampled_from(["", "@PulsefitHelp "]),
)
def test_thanks_beside_something_that_has_gone_on_is_never_answered_as_praise(state: str, lasting: str, thanks: str, handle: str) -> None:
    """'showers have been cold for a week now. thanks pulsefit' got "You're welcome": no word of it
    is a fault, but a state that has lasted or come back, thanked for nothing, may be sarcasm."""
    text = f"{handle}{state} {lasting}{thanks}"
    said = triage(_post(text))
    assert said.intent != "praise", (text, said.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "thanks again for the help",
        "parcel arrived 2 days ago, thanks",
        "Thanks, submitted a report",
        "Just sent, thank you!",
        "been a member for 3 years and love it, thanks!",
    ],
)
def test_thanks_beside_news_or_named_praise_stays_praise(text: str) -> None:
    """The boundary: "again" after thanks, a time "ago", and praise named beside the lasting."""
    assert triage(_post(text)).intent == "praise", (text, triage(_post(text)).reasons)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["you", "You've", "they", "u", "you have", "you just"]),
    st.sampled_from(["charged me {}", "taken {} off me", "took {} from my account", "billed me {}", "debited {}", "taken another {}"]),
    st.sampled_from(["£39.99", "two payments", "$15", "the money", "40 quid", "3 payments this month"]),
)
def test_money_the_brand_took_is_a_grievance(subject: str, took: str, amount: str) -> None:
    """ "you've taken two payments for november off me" opened "Hi" and was given the failed-payment
    reply: taking a customer's money, told to the brand, is a grievance whatever words follow."""
    from assistant.text.needs import states_a_problem

    text = f"@PulsefitHelp {subject} {took.format(amount)}"
    assert states_a_problem(text), text


@pytest.mark.parametrize(
    "text",
    ["since 2007 when you took over", "thanks for taking my call", "you refunded me £20 yesterday", "how much will you take each month?", "you took my advice"],
)
def test_what_the_brand_took_that_is_not_money_is_no_grievance(text: str) -> None:
    from assistant.text.needs import states_a_problem

    assert not states_a_problem(text), text


@pytest.mark.parametrize(
    "text",
    [
        "half the treadmills at leeds central have been out of order for 2 weeks",
        "both ticket machines are out of service this morning",
        "the lift is out of action again",
    ],
)
def test_something_out_of_order_is_a_fault(text: str) -> None:
    from assistant.text.needs import states_a_problem

    assert states_a_problem(text) and triage(_post(text)).intent in ("complaint", "venting"), text


@pytest.mark.parametrize("text", ["how long do you keep lost property for", "where is the lost and found at york station", "is there a lost & found?"])
def test_lost_property_is_a_place_to_ask_about_not_a_fault(text: str) -> None:
    from assistant.drafting.tone import tone
    from assistant.text.needs import states_a_problem

    said = triage(_post(text))
    assert said.intent == "question" and tone(text, said).opening == "neutral", (text, said.reasons)
    assert states_a_problem(text.replace("lost property", "lost my bag").replace("lost and found", "lost bag").replace("lost & found", "lost bag"))


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("can I keep my mobile number if I join you", False),
        ("we keep an eye on the app", False),
        ("keep up the good work", False),
        ("my phone keeps randomly restarting", True),
        ("the app keeps crashing", True),
        ("I keep getting logged out", True),
        ("it keeps on freezing", True),
        ("none of the seat reservations are showing on this train", True),
        ("your 4G signal is none existent", True),
    ],
)
def test_keeping_something_is_no_fault_but_something_that_keeps_happening_is(text: str, fault: bool) -> None:
    """ "keep" said a fault on its own: "can I keep my number" opened with an apology. Keeping one's
    own things, an eye on something, in touch or up is no fault; anything else that keeps is."""
    from assistant.text.needs import states_a_problem

    assert states_a_problem(text) is fault, text


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["been on hold for 50 minutes", "waited 2 hours for the engineer", "3 weeks waiting for my refund", "still waiting after 4 days"]),
    st.sampled_from(["fantastic service", "brilliant work guys", "amazing 👏", "love it", "great job"]),
    st.sampled_from([". ", ", ", "!! "]),
)
def test_praise_beside_a_long_wait_is_never_answered_as_praise(wait: str, praise: str, join: str) -> None:
    """ "been on hold for 50 minutes trying to report an accident. fantastic service" got "Thank you so
    much! That made our day": praise beside a long wait may be sarcasm, and a person reads it."""
    text = f"@KeystoneHelp {wait}{join}{praise}"
    assert triage(_post(text)).intent != "praise", text
    assert triage(_post(f"@KeystoneHelp sorted in 5 minutes{join}{praise}")).intent == "praise"


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(
        ["the guy at the bristol desk was so helpful today", "the engineer who fitted my meter was brilliant", "Dave on the Leeds route is a legend"]
    ),
    st.sampled_from(["please pass on my thanks", "please thank him", "pls send our thanks", "please give a big thank you to the team", "please thank Dave"]),
    st.sampled_from([", ", ". ", "! "]),
)
def test_asking_us_to_pass_praise_on_is_praise(praise: str, pass_on: str, join: str) -> None:
    """ "the engineer who fitted my meter today was brilliant, please thank him" got a meter-reading
    article: "please" made it a request for help."""
    text = f"@VoltwiseHelp {praise}{join}{pass_on}"
    assert triage(_post(text)).intent == "praise", text
    assert triage(_post(f"@VoltwiseHelp my meter is broken{join}please help")).intent != "praise"


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["can you say thanks to", "could you say a big thank you to", "can you pass on our thanks to", "would you send my thanks to"]),
    st.sampled_from(["the driver of the 23 at 5pm who waited for my nan", "the nurses on ward 3", "the lad who found my purse"]),
    st.sampled_from(["", ", so kind", " 🙏", "!"]),
)
def test_thanks_asked_to_be_passed_on_is_praise_answered_with_passing_it_on(ask: str, whom: str, end: str) -> None:
    """ "can you say thanks to the driver of the 23 at 5pm who waited for my nan, so kind" (Glidebus,
    read unseen) was a question, given the late-buses article: asking for thanks to be passed on is
    no question, and no sarcasm (nobody asks for that to be passed on). Its line says we'll pass it on,
    not "You're welcome". A complaint beside it, or "thanks to" a fault, is no praise."""
    text = f"@GlideBus {ask} {whom}{end}"
    verdict = triage(_post(text))
    assert verdict.intent == "praise" and not verdict.thanks_only, text
    assert triage(_post(f"@GlideBus {ask} the driver? he was rude to me")).intent != "praise"
    assert triage(_post("@GlideBus thanks to your driver my bag is in a puddle")).intent != "praise"


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("if I cancel plus do I lose the courses I'm halfway through", True),
        ("if my flight is late will you hold the car", True),
        ("if you're going to sell on PRICE - DO IT", False),
        ("If you can't do something right, I think it's better not to", False),
        # An auxiliary before an -ing word asks ("does refreshing the page lose my place"); a
        # wh-word before one may not ("When typing the keyboard lags", "what amazing service").
        ("does refreshing the queue page lose my place", True),
        ("is anyone having trouble logging in", True),
        ("When typing the keyboard lags", False),
        ("what amazing service from the team", False),
    ],
)
def test_a_condition_then_what_happens_asked_verb_first_is_a_question(text: str, asks: bool) -> None:
    """ "if I cancel plus do I lose the courses…" has no question mark and opened "Sorry about this"."""
    from assistant.text.needs import is_question

    assert is_question(text) is asks, text


_VERB_FIRST = ["would you", "did you", "have you", "has anyone", "may I", "shall I", "was I", "were you", "might it", "did it"]
_DROPPED_SUBJECT = ["did a reset and", "have tried everything but", "has been broken since", "was charged twice and", "were told it", "would love it if"]


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(_VERB_FIRST + _DROPPED_SUBJECT),
    st.sampled_from(["give my data to the police", "get my email from monday", "send the parcel back"]),
    st.sampled_from(["", "@Brand ", "hi @Brand ", "ok "]),
)
def test_a_verb_before_its_subject_asks_and_a_verb_without_one_tells(opening: str, rest: str, handle: str) -> None:
    """ "would you give my data to the police" had no question mark and opened "Sorry about this";
    tweets drop their subject ("did a reset and …", "was charged twice"), which asks nothing, and
    "so was she", "as am I" agree."""
    from assistant.text.needs import is_question

    text = f"{handle}{opening} {rest}"
    assert is_question(text) is (opening in _VERB_FIRST), text
    assert not is_question(f"{handle}so was she") and not is_question(f"{handle}as am I. very disappointed")


# Phrases of when or where a question may open with, and questions asked verb first after them;
# statements with their subject first after the same phrases. Written as classes, not from the rule.
_LEADS = ["during the hosepipe ban", "after the update", "on sundays", "in the new app", "before my flight", "while I'm abroad", "this weekend"]
_LEADS += ["over christmas", "with the basic plan", "from next month", "at the leeds store", "once it's fitted", "until the repair"]
_ASKED = ["can I still wash my car", "do I need to pair it again", "is there a later train", "will you deliver to my flat"]
_ASKED += ["are you open till 10", "should we bring our own bags", "could I pay by card", "does it work offline"]
_TOLD = ["my car still won't start", "the app crashed twice", "nobody answered the phone", "I paid by card", "we waited 2 hours"]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(_LEADS), st.sampled_from(_ASKED), st.sampled_from(["", "@Brand ", "hi @Brand "]), st.sampled_from([True, False]))
def test_a_question_after_a_phrase_of_when_or_where_is_a_question(lead: str, asked: str, handle: str, question: bool) -> None:
    """ "during the hosepipe ban can I still wash my car with a bucket" has no question mark, and its
    "still" made it a complaint that opened "Sorry about this"."""
    from assistant.text.needs import is_question

    text = f"{handle}{lead} {asked if question else _TOLD[len(lead) % len(_TOLD)]}"
    assert is_question(text) is question, text


@pytest.mark.parametrize(
    "text", ["just a black screen when I press play", "blank screen after the update", "Charged after the free trial", "billed me again after I cancelled"]
)
def test_a_blank_screen_and_money_taken_after_it_should_stop_are_faults(text: str) -> None:
    from assistant.text.needs import states_a_problem

    assert states_a_problem(text), text


@pytest.mark.parametrize(
    ("text", "praised"),
    [
        ("Best part of the conversation is it had a priority tag on it", False),
        ("the best bit was when they hung up on me", False),
        ("best part about today has to be that nobody answered", False),
        ("Best part is you lot still haven't refunded me", False),
        ("the best part of the trip was the crew, thank you!", True),
        ("best part of my week is my oat latte from you lot", True),
    ],
)
def test_the_best_part_told_of_what_happened_may_be_sarcasm(text: str, praised: bool) -> None:
    """ "The best part is…" told of what happened is the commonest turn of phrase for what went
    wrong: a real tweet, "Best part of the conversation is it had a priority tag on it", was
    thanked with the praise line. The best part named as a thing ("the crew") is praise."""
    assert (triage(Post("x", "1", "c", text)).intent == "praise") is praised


# A statement, then a question after a break with its mark left off; and sentences after the same
# breaks that open with a question's word and ask nothing. Written as classes, not from the rule.
_STATED = ["the show got postponed", "my parcel hasn't moved in 2 weeks", "mould is back in the bathroom", "bill went up this month"]
_STATED += ["can't log in", "the barrier wouldn't open for ages", "my top up hasn't arrived"]
_BREAKS = [" + ", ". ", "\n", "; ", " & ", "! ", ". also ", " and also ", " + so "]
_ASKED_AFTER_A_BREAK = ["what time are doors on the new date", "how do I renew my pass", "who do I complain to", "where do I go now"]
_ASKED_AFTER_A_BREAK += ["is there a phone number", "can someone explain", "will I still get a refund", "how much is a monthly ticket", "what's the number"]
_OPENS_AND_ASKS_NOTHING = ["Will wait", "Will be cancelling all accounts in the morning", "What a disaster", "What utter rubbish", "When I call they say no"]
_OPENS_AND_ASKS_NOTHING += ["Which is a joke", "Where I live there's no signal", "How annoying", "Who knew", "Can be tricky to find"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_STATED), st.sampled_from(_BREAKS), st.data())
def test_a_question_asked_after_a_break_without_its_mark_is_a_question(stated: str, join: str, data: st.DataObject) -> None:
    """ "the show got postponed + what time are doors on the new date" was read as venting: a
    question after "+", a full stop or a line break was never looked for."""
    from assistant.text.needs import is_question

    asked = data.draw(st.sampled_from(_ASKED_AFTER_A_BREAK))
    assert is_question(f"@Brand {stated}{join}{asked}"), (stated, join, asked)
    told = data.draw(st.sampled_from(_OPENS_AND_ASKS_NOTHING))
    assert not is_question(f"@Brand {stated}{join}{told}"), (stated, join, told)


@given(st.sampled_from(["AppleCare+", "Disney+", "Canal+", "C++", "M&S", "AT&T"]), st.sampled_from(["can I get a refund", "how do I cancel", "is it worth it"]))
def test_a_plus_or_ampersand_glued_to_a_name_joins_nothing(name: str, asked: str) -> None:
    """ "my iPhone still has AppleCare+ can I get a refund" is one question, not a statement ending
    in "still has AppleCare" (a complaint, by its "still") and a question after "+"."""
    from assistant.text.needs import cut_before_questions

    text = f"if I trade in my phone which still has {name} {asked}"
    assert cut_before_questions(text) == [text]


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["sound was out of sync for the whole film", "the app crashed again", "2 hours on hold", "parcel still not here"]),
    st.sampled_from([", ", ". ", "... "]),
    st.sampled_from(["what a waste of an evening", "what a joke", "how rude", "how embarrassing for you", "what an absolute shambles"]),
)
def test_an_exclamation_opening_like_a_question_asks_nothing(told: str, join: str, exclaimed: str) -> None:
    """ "sound was out of sync for the whole film last night, what a waste of an evening" (Lumen,
    read unseen) was a question and opened "Hi": "what a …" and "how" before any word "how" asks
    with exclaim, and a waste of an evening or the sound out of sync is a fault."""
    from assistant.drafting.tone import tone
    from assistant.text.needs import is_question

    text = f"@Brand {told}{join}{exclaimed}"
    assert not is_question(text), text
    said = triage(Post("x", "1", "c", text))
    assert tone(text, said).opening in ("negative", "waited"), text


@pytest.mark.parametrize(
    "text", ["how do I cancel", "how long is the wait", "how much is it", "how can I get a refund", "what a day is the sale on", "how come it's late"]
)
def test_how_and_what_asking_are_still_questions(text: str) -> None:
    from assistant.text.needs import is_question

    assert is_question(f"@Brand {text}") is (text != "what a day is the sale on")


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["10 months in and {x}", "{x} since we got it", "2 years and {x}", "{x} in 3 years"]),
    st.sampled_from(["not one false alarm", "never had a problem", "not a single crash", "zero issues", "never once had a fault", "not had one glitch"]),
    st.sampled_from([", great system", ", love it", "! brilliant service", ". fab service 👏"]),
)
def test_a_fault_said_not_to_have_happened_beside_praise_is_praise(when: str, none: str, praise: str) -> None:
    """ "10 months in and not one false alarm, great system" (Watchfield, read unseen) was venting and
    got "Sorry about this" with the false alarms article: "not" was read as a fault. A fault counted
    as none is good news; one that came after it still counts."""
    text = f"@Brand {when.format(x=none)}{praise}"
    said = triage(Post("x", "1", "c", text))
    assert said.intent == "praise", text
    assert triage(Post("x", "1", "c", f"@Brand {when.format(x=none)} until today, now it won't turn on")).intent != "praise"


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(
        ["massive thanks to the crew today, {x}", "{x}, brilliant job", "moved in yesterday and {x}! the crew were brilliant", "{x} 🙌 thank you team"]
    ),
    st.sampled_from(
        [
            "nothing broken",
            "nothing was damaged",
            "none of it got scratched",
            "not a single box damaged",
            "no damage at all",
            "not a scratch on anything",
            "without a single mark",
            "they lost nothing",
            "no breakages",
        ]
    ),
)
def test_harm_said_not_to_have_been_done_beside_praise_is_praise(praise: str, none: str) -> None:
    """ "massive thanks to Dave and the team today, nothing broken and they even made us laugh"
    (Tillbrook, read unseen) was venting and got no thanks: "broken" was read as harm done. Harm
    counted as none is good news; harm that came with it still counts."""
    text = f"@Brand {praise.format(x=none)}"
    assert triage(Post("x", "1", "c", text)).intent == "praise", text
    assert triage(Post("x", "1", "c", f"@Brand {none} but the sofa arrived smashed")).intent not in {"praise", "mixed"}


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["", "@Brand ", "Hi @Brand ", "hey, "]),
    st.sampled_from(
        [
            "I want to send the camera back",
            "I'd like to cancel my plan",
            "we would like to change the delivery address",
            "I need to update my card",
            "just want a refund for the broken lamp",
            "I really need a copy of my invoice",
            "also I want to move my booking to friday",
        ]
    ),
    st.sampled_from([", thanks", " thanks!", ". Thank you", ", cheers", " thx", ". Many thanks :)", ", thanks in advance", " 🙏"]),
)
def test_thanks_closing_a_request_stated_is_no_praise(opening: str, request: str, thanks: str) -> None:
    """ "I want to send the camera back, thanks" was triaged as praise (and so answered "Thank you
    so much!"): thanks closing a request stated, not asked, is politeness."""
    text = f"{opening}{request}{thanks}"
    assert triage(Post("x", "1", "c", text)).intent not in {"praise", "mixed"}, text


@pytest.mark.parametrize(
    "text",
    [
        "@Brand just wanted to say thanks, the driver was lovely",
        "I want to let you know Sam at the desk was brilliant, thank you!",
        "we'd like to pass on our thanks to the whole team",
        "I want to thank you all for sorting my order so fast",
    ],
)
def test_wanting_to_tell_us_thanks_is_still_praise(text: str) -> None:
    assert triage(Post("x", "1", "c", text)).intent in {"praise", "mixed"}, text


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["I'm useless with", "we're hopeless at", "I'm so bad at", "im rubbish with", "I am completely clueless with", "we're a disaster at"]),
    st.sampled_from(["flat pack", "DIY", "tech", "this stuff", "apps"]),
    st.sampled_from(["can you build the bed for me?", "how do I set it up?", "do you offer assembly?"]),
    st.booleans(),
)
def test_what_the_customer_says_of_themselves_is_no_grievance(self: str, thing: str, ask: str, first: bool) -> None:
    """Nestbed, read unseen: "can you build the bed for me? I'm useless with flat pack" was a
    complaint, answered "Sorry about this". Said of us, the same word is one."""
    said = f"{self} {thing}"
    text = f"{said}, {ask}" if first else f"{ask} {said}"
    assert triage(Post("x", "1", "c", text)).sentiment != "negative", text
    assert triage(Post("x", "1", "c", f"{ask} you're useless")).sentiment == "negative"


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["best vpn I've used, {x}", "{x}, love it", "3 years in and it {x}", "{x} 🙌"]),
    st.sampled_from(["never drops", "never crashes", "never lets me down", "never once fails", "never breaks down", "never buffers"]),
)
def test_a_fault_it_never_has_is_good_news(form: str, none: str) -> None:
    """Veilport, read unseen: "best vpn I've used, never drops 🙌" was venting and got "Sorry about
    this" with the kill-switch article: "drops" was read as a fault. What never went wrong is still
    a fault when it has now, and "Never fails:" says what always goes wrong."""
    from assistant.text.needs import states_a_problem

    text = f"@Brand {form.format(x=none)}"
    assert not states_a_problem(text), text
    assert states_a_problem(f"@Brand {none.replace('never once ', 'never ')} until today, now it won't connect")
    assert triage(Post("x", "1", "c", "@JetBlue Never fails: my flights are always delayed")).sentiment == "negative"


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["how do I stop {x}", "can I stop {x}", "I want to stop {x}", "is there a way to stop {x}"]),
    st.sampled_from(["it renewing", "my policy auto renewing", "all these emails", "my Plus membership"]),
)
def test_stopping_a_thing_oneself_is_no_fault(form: str, thing: str) -> None:
    """Veilport, read unseen: "how do I stop it renewing" was read as telling a fault ("stop"), so
    the section on being charged for a renewal was said instead of the reply's "Turn off
    auto-renewal". Stopping a fault is still one."""
    from assistant.text.needs import states_a_problem

    assert not states_a_problem(f"@Brand {form.format(x=thing)}")
    assert states_a_problem(f"@Brand {form.format(x='my phone crashing')}")
    assert states_a_problem("@Brand the app stopped working")


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["thanks to Dan who {v}", "big thanks to the engineer that {v}", "thank you for {v}", "cheers to the lads who {v}"]),
    st.sampled_from(
        [
            "came out at 2am",
            "came straight round",
            "came out so quickly",
            "got us back in",
            "came to the rescue",
            "coming out at 2am",
            "coming round on a sunday",
        ]
    ),
    st.sampled_from(["", ", total lifesaver 🙏", "!", " last night"]),
)
def test_a_visit_to_help_is_help_thanked(opening: str, visit: str, end: str) -> None:
    """Boltwise (read unseen): "thanks to Dan who came out at 2am, total lifesaver 🙏" was held as
    possible sarcasm, as "came out" was not on the allow-list of help: in a trade that comes out to
    the customer, a visit is help as a fix is anywhere."""
    text = "@Brand " + opening.format(v=visit.replace("came", "coming").replace("got", "getting") if opening.endswith("for {v}") else visit) + end
    assert triage(_post(text)).intent == "praise", text


@pytest.mark.parametrize(
    "text",
    ["thanks to the engineer who came out and did nothing", "thanks for coming out and charging me £200 for nothing", "thanks to the driver who came at 9pm"],
)
def test_a_visit_undone_or_not_a_visit_to_help_is_still_read_by_a_person(text: str) -> None:
    assert triage(_post(text)).intent in ("mixed", "complaint", "venting"), text


@given(
    st.sampled_from(["thanks to {w}", "big thanks to {w}", "thank you so much to {w}", "cheers to {w}"]),
    st.sampled_from(["Dan", "Priya", "the crew", "your driver", "the engineer", "our cleaner"]),
    st.sampled_from(["", " who came out at 2am", " for sorting it", " today, total lifesaver"]),
)
def test_thanks_to_someone_of_ours_is_praise_to_pass_on_not_a_thank_you_to_answer(opening: str, whom: str, end: str) -> None:
    """Boltwise (read unseen): "thanks to Dan who came out at 2am, total lifesaver 🙏" was answered
    "You're welcome!", as if the thanks were to whoever replies; they are Dan's, to pass on."""
    text = "@Brand " + opening.format(w=whom) + end
    said = triage(_post(text))
    assert said.intent == "praise" and not said.thanks_only, (text, said)


@pytest.mark.parametrize("text", ["thanks!", "thank you so much", "thanks to you all", "thanks to you guys", "thanks everyone"])
def test_thanks_to_us_alone_stays_a_thank_you(text: str) -> None:
    assert triage(_post("@Brand " + text)).thanks_only, text


def test_a_lifesaver_is_praise_and_a_games_hero_is_none() -> None:
    for text in [
        "thank you!! got all my notes back, you're lifesavers",
        "thanks for opening the barrier so quickly last night, lifesaver 🙏",
        "an absolute godsend",
    ]:
        said = triage(_post("@Brand " + text))
        assert said.intent == "praise" and not said.thanks_only, (text, said)
    assert triage(_post("@PixelforgeHelp the new hero is way overpowered, nerf her")).intent != "praise"
