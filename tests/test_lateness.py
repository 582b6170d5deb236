"""What a post says is late, and which section (and which article) is for it (`kb.lateness`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

THINGS = [
    "delivery",
    "order",
    "samples",
    "engineer",
    "parcel",
    "refund",
    "driver",
    "box",
    "bag",
    "kit",
]  # three letters name a thing too (Clearsight's try-on box)


@given(
    st.sampled_from(
        [
            "{thing} was meant to arrive 3 weeks ago and still nothing",
            "love waiting in all day for a {thing} that never turns up",
            "waited in all day for the {thing} and nobody came",
            "slot was 6-7, it's now 8:15 and no sign of the {thing}",
            "the {thing} still hasn't come",
            "{thing} is running 2 hours late",
            "sent it back 10 days ago and still no {thing}",
            "the {thing} didn't turn up",
            "put in a claim about the {thing} 6 days ago and heard nothing",
            "nobody has called me back about the {thing}. absolute joke",
            "been waiting 2 hours for {thing} recovery, where are they??",
            "waiting over a week on the {thing} now",
            "haven't heard back about my {thing}",
            "asked about the {thing} on monday, no reply yet",
            "reported the {thing} 3 weeks ago and nobody has come. useless",
            "I'm not getting my {thing} anymore",  # what used to come and has stopped (Wordnest's daily reminder)
            "stopped receiving the {thing} last week",
            "the {thing} never comes through",  # told as it goes on (Swapstall's verification code)
            "the {thing} doesn't arrive, tried twice",
            "my {thing} won't come through at all",
        ]
    ),
    st.sampled_from(
        [
            "If the {thing} didn't arrive",
            "A delayed {thing}",
            "Late {thing}",
            "{Thing} not arrived",
            "The {thing} didn't turn up",
            "{Thing}s not arriving",
            "A {thing} taking too long",
            "How long until the {thing} arrives",
            "{Thing}s not coming",
            "{Thing} not getting through",
        ]
    ),
    st.sampled_from(THINGS),
    st.sampled_from(THINGS),
)
def test_what_is_late_or_did_not_come_is_the_one_section_headed_so(post: str, heading: str, thing: str, other: str) -> None:
    """ "sofa was meant to arrive 3 weeks ago and still no new date" got the lead times, and "a
    delivery that never turns up" how deliveries go; each article's section for the late case
    answers it, when the post names what its heading is about (or the heading names nothing: "When
    it's very late"). A post saying nothing is late keeps MiniLM's choice, as does an article with
    two such sections."""
    from assistant.kb.lateness import _late_section

    late = post.format(thing=thing)

    def headed(about: str) -> list[tuple[int, str, str]]:
        return [(1, "Changing your delivery date", "Change it in your account."), (2, heading.format(thing=about, Thing=about.capitalize()), "We rebook it.")]

    assert _late_section(headed(thing), late) == 2, (late, heading)
    for naming_nothing in ["When it's very late", "How long until help arrives", "Taking too long"]:
        assert _late_section([(1, "Changing your delivery date", "Change it."), (2, naming_nothing, "We refund it.")], late) == 2, naming_nothing
    if other[:5] not in late.lower():
        assert _late_section(headed(other), late) is None, (late, heading, other)
    for plain in [
        "what time will my delivery come tomorrow",
        "how long do made to order sofas take",
        "can I move my delivery",
        "came late to the party lol",
        "is it too late to add assembly",
        "how do I get a refund",
        "no reply needed, just wanted to say the driver was lovely",
        "how long until the sale starts",
        "nobody has ever been this helpful",
        "I don't get why it costs more",
        "not getting anywhere with this form",
        "does it come with a charger",
        "I don't come here often but the delivery was great",
        "won't come back to this shop",
    ]:
        assert _late_section(headed(thing), plain) is None, plain
    # Beside another heading saying "late": MiniLM's choice, unless the post tells no lateness and
    # this heading is for what never came.
    from assistant.kb.lateness import _NOT_COME_HEADING, _TOLD_LATE

    never = bool(_NOT_COME_HEADING.search(heading.format(thing=thing, Thing=thing.capitalize()))) and not _TOLD_LATE.search(late)
    assert _late_section([*headed(thing), (3, f"Late {thing} returns", "£5 a day.")], late) == (2 if never else None)


def test_when_a_thing_comes_is_said_only_for_a_post_naming_that_thing() -> None:
    """ "the 17:42 was 35 mins late AGAIN. can I get money back" got "Claims are paid within 20
    working days": the train was late, not a claim."""
    from assistant.kb.lateness import _late_section

    sections = [(1, "Who can claim", "Anyone on the train."), (2, "How long a claim takes", "20 working days.")]
    assert _late_section(sections, "the 17:42 to leeds was 35 mins late AGAIN. can I get money back") is None
    assert _late_section(sections, "sent my claim 5 weeks ago and still nothing") == 2
    refunds = [(1, "Items you can't return", "Earrings."), (2, "When your refund arrives", "5 working days.")]
    assert _late_section(refunds, "sent it back 10 days ago and still no refund") == 2
    assert _late_section(refunds, "sent it back 10 days ago and the parcel still hasn't arrived") is None
    for heading in ["How long a refund takes", "Refund timing"]:
        assert _late_section([(1, "Items you can't return", "Earrings."), (2, heading, "5 working days.")], "still waiting for my refunds") == 2


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["engineer", "driver", "plumber", "fitter", "courier", "meter reader"]),
    st.sampled_from(["didn't turn up", "never showed up", "didn't come", "hasn't arrived"]),
    st.sampled_from(["payment", "refund", "credit"]),
    st.sampled_from(["is there a {x} for that", "do I get a {x}", "can I claim a {x}?"]),
)
def test_what_is_late_is_what_the_post_tells_of_not_what_it_asks_for(who: str, late: str, thing: str, ask: str) -> None:
    """ "your engineer didn't turn up for the appointment, is there a payment for that" was told how
    to claim a payment that hasn't come: the engineer didn't come; the payment is asked about. Still
    waiting for a sum of money ("still haven't had the £50") is a payment that hasn't come."""
    from assistant.kb.lateness import _late_section

    sections = [(1, "How payments work", "We pay £50."), (2, f"{thing.capitalize()} not received", "Claim it within 3 months.")]
    assert _late_section(sections, f"your {who} {late} for the appointment, {ask.format(x=thing)}") is None
    assert _late_section(sections, f"the {who} {late} and I still haven't had the £50") == 2
    assert _late_section(sections, f"still haven't had my {thing} after 5 weeks") == 2


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(THINGS),
    st.sampled_from(THINGS),
    st.sampled_from(["my {thing} has been open since august. still waiting", "the {thing} still hasn't come", "3 weeks and still no {thing}"]),
)
def test_which_article_is_for_what_is_late_is_told_by_a_heading_naming_the_late_thing(thing: str, other: str, post: str) -> None:
    """An article whose heading (or title and tags) is for the thing the post says is late is the
    post's; one for another thing, or naming nothing late, says nothing of which article."""
    from assistant.kb.lateness import names_what_is_late

    late = post.format(thing=thing)
    assert names_what_is_late(["Making a change", f"A {thing} taking too long"], late)
    assert names_what_is_late([f"Where is my {thing}?"], late)
    assert names_what_is_late([f"{thing.capitalize()}s. {thing} late {thing}"], late)  # a title with its tags
    # ... whose lateness is the thing's beside it, not every tag's (Tillbrook: "still waiting on
    # exchange 🙄 can I hold a date" and "Changing or cancelling your move" tagged "completion delayed").
    tagged = f"Changing or cancelling. cancel change date move date postpone {thing} delayed chain"
    assert names_what_is_late([tagged], late)
    assert not names_what_is_late([tagged], "still waiting on exchange 🙄 can I hold a date or change the date?")
    assert not names_what_is_late(["When it's very late", "How long until help arrives"], late)
    if other[:5] not in late.lower():
        assert not names_what_is_late([f"A {other} taking too long"], late)
    assert not names_what_is_late([f"A {thing} taking too long"], f"how do I get a {thing}")


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["refund", "replacement card", "repair quote", "voucher"]),
    st.sampled_from(["flight", "clean", "engineer", "parcel"]),
    st.sampled_from(["still waiting on the {x} you promised for the cancelled {y}", "still no {x} for my missed {y}", "no sign of my {x} for the {y} yet"]),
)
def test_what_is_late_is_the_thing_waited_for_not_what_it_was_for(waited: str, reason: str, post: str) -> None:
    """ "its been 3 weeks and still no refund for my cancelled flight" (SkyLark) was told the
    cancelled-flight article: its tags say "delayed flight", and the post names the flight. The
    refund is what is late; the flight is what it is for. A post naming nothing waited for keeps
    every thing it tells."""
    from assistant.kb.lateness import names_what_is_late

    text = post.format(x=waited, y=reason)
    assert names_what_is_late([f"Where is my {waited}?"], text), text
    assert not names_what_is_late([f"Cancelled. cancelled {reason} delayed {reason}"], text), text
    assert names_what_is_late([f"Cancelled. cancelled {reason} delayed {reason}"], f"the {reason} is still not here, been 3 weeks")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["box", "bag", "app", "fee", "kit", "the", "and", "you", "not", "how", "won", "don", "our", "refunds", "late"]), min_size=1, max_size=8
    )
)
def test_a_word_of_three_letters_names_a_thing_unless_it_names_nothing(words: list[str]) -> None:
    """ "ordered a try on box on monday and still nothing" named no box (words of four letters or
    more only), so "Try-on box not arrived" was no heading for it and the orders article led."""
    from assistant.text.query import _SHORT_FUNCTION_WORDS, word_prefixes

    assert word_prefixes(" ".join(words)) == {word[:5] for word in words if word not in _SHORT_FUNCTION_WORDS}
    # ... and its plural names it: "Bags not arriving" is for "my bag never came".
    assert word_prefixes(" ".join(f"{word}s" for word in words if len(word) == 3)) >= {
        word for word in words if len(word) == 3 and word not in _SHORT_FUNCTION_WORDS
    }


def test_a_short_words_plural_names_it_and_a_singular_ending_in_s_is_kept() -> None:
    from assistant.text.query import word_prefixes

    assert word_prefixes("boxes cards lenses buses plans") == word_prefixes("box card lens bus plan")
    assert word_prefixes("lens glass bonus status") == {"lens", "glass", "bonus", "statu"}


@given(st.sampled_from(["stop", "drop", "plan", "ship", "shop", "skip", "chat", "tap", "rub", "jog"]), st.sampled_from(["ed", "ing"]))
def test_a_short_verb_whose_ending_doubles_its_last_letter_names_it(verb: str, ending: str) -> None:
    """Kindleaf: "I've stopped paying tax since I retired" is the case of the section "If you stop
    paying tax", which "stopp" didn't name; a natural double ("called", "added") stays as written."""
    from assistant.text.query import names_the_post, word_prefixes

    assert word_prefixes(f"{verb}{verb[-1]}{ending}") == word_prefixes(verb)
    assert names_the_post("If you stop paying tax", "I've stopped paying tax since I retired")
    assert word_prefixes("called added") == {"calle", "added"}


@given(
    st.sampled_from(["teacher", "engineer", "instructor", "driver", "cleaner"]),
    st.sampled_from(["the {p} didn't turn up today and nobody told us", "{p} never came", "no sign of the {p}, we've been waiting an hour"]),
    st.sampled_from(["If your {p} cancels", "When the {p} is ill", "If your {p} is away"]),
)
def test_a_heading_for_one_of_our_people_who_cant_come_is_for_them_not_coming(person: str, post: str, heading: str) -> None:
    """Tunefield (read unseen): "teacher didn't turn up today and nobody told us" was given "Our
    teachers" (their DBS checks), named by "teacher", not the missed-lessons article's section "If
    your teacher cancels"."""
    from assistant.kb.lateness import names_what_is_late

    late = post.format(p=person)
    assert names_what_is_late(["Missed and cancelled lessons", heading.format(p=person)], late)
    assert not names_what_is_late(["Our people", heading.format(p=person)], f"how do I become a {person}")  # nothing late told
