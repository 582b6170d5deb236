"""What states a problem: the word rules triage, tone and the cutting into needs read
(`text.needs.states_a_problem`), generated over the forms customers use, with what is no fault
beside each (a date, a purpose, a thing not used yet, praise)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.text.needs import states_a_need, states_a_problem


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(
        [
            "booked a bulky collection 3 weeks ago and {x}",
            "waited in all day, {x}",
            "{x}. useless",
            "black mould all over the bedroom wall, {x}",
        ]
    ),
    st.sampled_from(
        [
            "nobody's come",
            "nobody came",
            "no one has ever answered",
            "no-one got back to me",
            "nobody even called",
            "reported it twice",
            "chased 3 times",
            "called five times this week",
            "emailed you every day",
            "got a parking ticket",
            "the box came warm again",
            "my food arrived cold",
            "parcel turned up open",
        ]
    ),
)
def test_nobody_coming_asking_again_and_again_and_a_ticket_are_problems(form: str, told: str) -> None:
    """ "booked a bulky collection 3 weeks ago and nobody's come", "black mould … reported it twice"
    and "got a parking ticket outside my own house" opened "Hi": none stated a problem; nor did "box
    came warm again", a thing that came in a bad state."""
    assert states_a_problem(form.format(x=told)), form.format(x=told)
    for plain in [
        "nobody asked lol",
        "anyone free on sunday",
        "I reported it yesterday",
        "called it a day",
        "what's a ticket to leeds",
        "pizza arrived hot and fresh",
        "it came back on",
    ]:
        assert not states_a_problem(plain), plain


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["you've", "the update", "ios 11 just", "this app has", "they", "Dear #ios11 you’ve", "whoever did this"]),
    st.sampled_from(
        [
            "fucked up my battery",
            "messed up my storage",
            "screwed my phone up",
            "killed my battery",
            "wrecked the screen",
            "destroyed my photos",
            "bricked our router",
            "fried the charger",
            "COMPLETELY SCREWED UP the podcast app",
        ]
    ),
    st.sampled_from(["", " 🙂💔", " again", ", fix it"]),
)
def test_harm_done_to_a_thing_is_a_problem(who: str, harm: str, end: str) -> None:
    """ "Dear #ios11 you’ve fucked up my battery 🙂💔 it goes for 100 to 0 real quick" stated no
    problem, so its clause was no need and the post's second need (charging) had nothing to stand
    beside; "ios 11.0.2 just killed my iphone 7 plus battery" was triaged a neutral question."""
    assert states_a_problem(f"{who} {harm}{end}"), f"{who} {harm}{end}"


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["my battery", "the charger", "my phone screen", "our router", "the app"]),
    st.sampled_from([" is", " was", "'s", " seems", " got"]),
    st.sampled_from(["", " completely", " totally", " now"]),
    st.sampled_from(["borked", "bricked", "busted", "knackered", "faulty", "defective", "messed up", "wrecked", "kaput"]),
)
def test_a_thing_said_to_be_broken_in_other_words_is_a_problem(thing: str, verb: str, how: str, state: str) -> None:
    """ "my battery is borked", "charger's faulty": the state of a thing, in the words people use."""
    assert states_a_problem(f"{thing}{verb}{how} {state}")
    for plain in [
        "you killed it today",
        "you guys killed it with this update",
        "you destroyed the competition",
        "the update fixed my battery",
        "tidied up my storage",
    ]:
        assert not states_a_problem(plain), plain


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["sofa cushions are completely flat after 4 months", "my phone gets really hot when charging", "the dog sleeps 18 hours a day", ""]),
    st.sampled_from([", ", ". ", " - ", " "]),
    st.sampled_from(
        ["is that normal", "is this normal", "Is it normal", "is that really normal", "is it actually normal", "is this expected", "is that supposed to happen"]
    ),
    st.sampled_from(["", "?", "??", " for a new one?"]),
)
def test_asking_whether_it_is_normal_reports_what_was_seen(seen: str, join: str, ask: str, end: str) -> None:
    """ "sofa cushions are completely flat after 4 months, is that normal??" stated no problem, so the
    section for cushions losing shape was held back as a fix for a fault the customer didn't have."""
    text = f"{seen}{join if seen else ''}{ask}{end}"
    assert states_a_problem(text), text
    for plain in ["is the paid tier necessary", "is it worth it", "is that the normal price", "what's the normal delivery time", "is it a normal plug"]:
        assert not states_a_problem(plain), plain


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["internet", "broadband", "wifi", "the website", "your app", "the servers", "my landline", "the network", "email"]),
    st.sampled_from(["'s", " is", " was", " has been", " went", " keeps going", " is still", " has been completely"]),
    st.sampled_from(["down", "offline"]),
    st.sampled_from(["", " again", " all day", " since 6am", " for 3 days"]),
)
def test_a_service_that_is_down_is_a_need(service: str, verb: str, state: str, when: str) -> None:
    """ "my home broadband has been down all day too" was context, so a second need went unanswered."""
    text = f"{service}{verb} {state}{when}"
    assert states_a_need(text), text


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["broadband", "internet", "power", "the electricity", "hot water", "heating", "our gas", "tv"]),
    st.sampled_from(["", "'s been", " has been", " is still", " was"]),
    st.sampled_from([" since monday", " for 3 days", " all weekend", " again", " since this morning"]),
)
def test_a_service_off_for_a_while_is_a_need_and_one_turned_off_is_not(service: str, verb: str, when: str) -> None:
    """ "broadband off since monday. 4 days." opened "Hi"; "I turned the wifi off for the night" tells of no fault."""
    assert states_a_need(f"{service}{verb} off{when}"), f"{service}{verb} off{when}"
    assert not states_a_need(f"I turned the {service.split()[-1]} off{when}")


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(
        [
            "my annual pass runs out {x}, is there a discount for renewing",
            "can I set it to top up automatically so I don't run out",
            "bought a pass last week and haven't used it {y}, can I get my money back",
            "is there somewhere to get the kids measured so they don't cry in the queue",
            "can I book ahead so I don't have to wait",
            "any way to pay monthly so my son doesn't miss out",
            "my membership runs out {x}",
            "I've never opened the box, can I return it",
        ]
    ),
    st.sampled_from(["next month", "on friday", "in 2 weeks", "at the end of june", "soon", "tomorrow"]),
    st.sampled_from(["", "yet", "at all"]),
)
def test_a_date_a_purpose_and_a_thing_not_used_yet_are_no_fault(form: str, x: str, y: str) -> None:
    """ "my annual pass runs out next month, is there a discount for renewing", "so they don't cry
    in the queue" and "haven't used it, can I get my money back" opened "Sorry about this"."""
    text = form.format(x=x, y=y)
    assert not states_a_problem(text), text


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(
        [
            "my data ran out again",
            "my data runs out every month",
            "I never used it and you charged me",
            "the app crashed so I don't know if it paid",
            "So I don't know what the people on the phone did but they got rid of all my orders",
            "it froze so I don't trust it",
            "my pass runs out next month and the app won't let me renew",
        ]
    ),
    st.sampled_from(["", "!!", " 😡"]),
)
def test_a_fault_beside_them_is_still_a_fault(text: str, end: str) -> None:
    """A thing run out now, a charge for a thing not used, and a sentence opening "So I don't know"
    stay problems: only a date, a purpose and a thing the customer hasn't used yet are their own."""
    assert states_a_problem(text + end), text + end


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["Late openings and fireworks", "late check-out", "Late night opening", "late checkin", "Late nights", "is there late night shopping"]),
    st.sampled_from(["", "?", " on saturdays"]),
)
def test_late_before_what_is_open_or_kept_late_is_a_service(service: str, end: str) -> None:
    """A section headed "Late openings and fireworks" was held back from "are the fireworks included
    in a normal ticket" as a fix for a fault the customer didn't have ("late")."""
    assert not states_a_problem(service + end), service + end
    for fault in ["my delivery is late", "the train was late again", "late for work because of you", "you're late with my refund"]:
        assert states_a_problem(fault), fault


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["what happens if", "What if", "what do we do if", "what should I do if", "in case", "what happens when"]),
    st.sampled_from(
        ["my bag is damaged", "my card is declined", "the app won't load at the gate", "it breaks", "they don't sell", "we get separated from the kids"]
    ),
    st.sampled_from(["?", "", ", is there a warranty"]),
)
def test_a_fault_only_supposed_is_none_told(ask: str, fault: str, end: str) -> None:
    """ "what happens if my bag is damaged?" opened "Sorry about this" and was triaged a complaint."""
    text = f"{ask} {fault}{end}"
    assert not states_a_problem(text), text
    assert states_a_problem(f"my flight was cancelled, {text}"), text


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(
        ["am I insured {c}?", "will you pay for it {c}?", "do I get a refund {c}?", "{c}, will you replace it?", "{c} can I claim?", "what happens {c}?"]
    ),
    st.sampled_from(
        ["if something gets broken in the van", "if my sofa is damaged", "in case the parcel goes missing", "if the show is cancelled", "if it's stolen"]
    ),
    st.sampled_from(["", "@Brand ", "hi @Brand "]),
)
def test_a_question_asked_under_a_condition_tells_no_fault(question: str, condition: str, opening: str) -> None:
    """ "am I insured if something gets broken in the van?" (Tillbrook, read unseen) was triaged a
    complaint and opened "Sorry about this": the fault is only supposed. A fault told beside the
    question still counts, and "if" meaning whether ("can you tell me if something is wrong") supposes nothing."""
    from assistant.drafting.tone import tone
    from assistant.posts import Post
    from assistant.triage import triage

    if question.startswith("{c}"):
        condition = condition[0].upper() + condition[1:] if not opening else condition
    text = opening + question.format(c=condition)
    said = triage(Post("x", "1", "c", text))
    assert not states_a_problem(text) and said.intent != "complaint" and tone(text, said).opening == "neutral", text
    assert states_a_problem(f"{opening}my sofa arrived smashed. {question.format(c=condition)}"), text
    assert states_a_problem(f"{opening}can you tell me if something is wrong with my account? I can't log in")
    why = f"{opening}if I'm listening to a podcast, why does a song show on my lock screen?"  # a why-question tells
    assert tone(why, triage(Post("x", "1", "c", why))).opening == "negative"


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["the lamp", "my mum's vase", "the mirror", "our glass table", "it"]),
    st.sampled_from(
        ["'s in bits", " is in pieces", " was smashed to bits", " arrived in pieces", " fell to pieces when they moved it", " is now in smithereens"]
    ),
)
def test_a_thing_in_bits_is_broken(thing: str, told: str) -> None:
    """ "your cleaner knocked my mum's lamp off the side and it's in bits" (Mopwell, read unseen)
    stated no problem. Broken to bits, in any of its words, is harm; how a thing is sent ("does
    the wardrobe come in pieces?") and a person in bits are not."""
    assert states_a_problem(f"@Brand {thing}{told}"), thing + told
    assert not states_a_problem("@Brand does the wardrobe come in pieces?")
    assert not states_a_problem("@Brand I'm in bits watching your advert")


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["there's only pay and display on our street", "we have two cats", "our lift is out of use this week", "we'll be out all day"]),
    st.sampled_from(["is that a problem for the cleaner?", "will that be an issue?", "would it be a problem if she comes at 8?", "is this an issue for you?"]),
)
def test_asking_whether_a_thing_is_a_problem_tells_none(told: str, asked: str) -> None:
    """ "there's only pay and display on our street, is that a problem for the cleaner?" (Mopwell,
    read unseen) opened "Sorry about this": whether a thing would be a problem is asked, not told.
    A problem asked about as there, or as ours, is one the customer has."""
    from assistant.drafting.tone import tone
    from assistant.posts import Post
    from assistant.triage import triage

    text = f"@Brand {told}, {asked}"
    assert not states_a_problem(text) and tone(text, triage(Post("x", "1", "c", text))).opening == "neutral", text
    assert states_a_problem("@Brand is there a problem with the app today?")
    assert states_a_problem(f"@Brand the app keeps crashing, {asked}")


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["we got separated from the kids", "got separated from my little son", "lost sight of my daughter"]),
    st.sampled_from(["", "!!", " at the gate"]),
)
def test_someone_lost_is_a_problem(told: str, end: str) -> None:
    assert states_a_problem(told + end), told + end


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(
        ["my latte was stone cold", "lukewarm chips again", "the chicken was undercooked", "honestly inedible", "burger was stone-cold when it got here"]
    ),
    st.sampled_from(["", ".", " 🤢", " by the time they handed it over"]),
)
def test_food_served_in_a_bad_state_is_a_problem(told: str, end: str) -> None:
    """ "my latte was stone cold by the time they handed it over" opened "Hi"."""
    assert states_a_problem(told + end), told + end
    for plain in ["is the water cold in the pool", "iced latte please", "can I get it warm"]:
        assert not states_a_problem(plain), plain


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["asked for", "ordered", "paid for", "booked"]),
    st.sampled_from(["a flat white", "a medium", "2 tickets", "a double room", "the vegan box"]),
    st.sampled_from(["and got", "but received", "and they gave me", "& got", "but was sent"]),
    st.sampled_from(["a cappuccino", "a large", "1", "a twin", "the meat one"]),
    st.sampled_from(["", ", again", " 🙄"]),
)
def test_given_another_thing_than_the_one_asked_for_is_a_problem(asked: str, thing: str, got: str, other: str, end: str) -> None:
    """ "asked for a flat white and got a cappuccino, again" was triaged a neutral question."""
    text = f"{asked} {thing} {got} {other}{end}"
    assert states_a_problem(text), text
    assert not states_a_problem(f"{asked} {thing} {got.replace('a cappuccino', '')} it quickly, thanks"), "what was asked for, got"


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["I asked for", "asked for", "wanted", "booked"]),
    st.sampled_from(["a trim", "an inch off", "a light fringe", "just the ends"]),
    st.sampled_from([" and", ",", " but"]),
    st.sampled_from(["she took off 4 inches", "he took 6 inches off", "the stylist chopped off half my hair", "she cut 5 inches", "got a buzz cut"]),
    st.sampled_from(["", ". I'm devastated.", " 😭", "!!"]),
)
def test_more_done_to_the_customer_than_they_asked_for_is_a_problem(asked: str, thing: str, joined: str, done: str, end: str) -> None:
    """ "I asked for a trim and she took off 4 inches. I'm devastated." (Shearline, read unseen) was
    no problem: what was done is told by who did it, not as what the customer got."""
    text = f"{asked} {thing}{joined} {done}{end}"
    assert states_a_problem(text), text
    for plain in [
        f"{asked} {thing} and she took her time, lovely",
        f"{asked} {thing} and she cut it beautifully",
        f"{asked} {thing} and he did a great job",
        "she took 4 inches off, exactly as I asked",
    ]:
        assert not states_a_problem(plain), plain


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["my gift card says", "the card shows", "balance reading", "app is showing"]),
    st.sampled_from(["£0", "0", "$0.00", "€0", "a balance of £0"]),
    st.sampled_from(["", " but my aunt put £20 on it", "!!"]),
)
def test_a_balance_that_shows_nothing_is_a_problem(said: str, zero: str, end: str) -> None:
    text = f"{said} {zero}{end}"
    assert states_a_problem(text), text
    for plain in ["my gift card says £20", "the card shows 10.50", "it says 0800 on the back, is that free to call"]:
        assert not states_a_problem(plain), plain


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["home charger", "the charger at Leeds", "my camera", "the printer", "router", "the card reader", "our doorbell"]),
    st.sampled_from(
        [
            "{x} went offline after we changed broadband provider",
            "app says {x} is offline",
            "{x} keeps going offline",
            "{x} shows as offline in the app",
            "{x} has gone offline again",
            "{x} just beeps at it",
            "{x} beeped at me twice and did nothing",
            "{x} is flashing red",
            "{x} blinking amber since monday",
            "there's a red light on {x}",
            "the cables on {x} are too heavy for me to lift",
            "{x} is too high up for my mum to reach",
        ]
    ),
)
def test_a_thing_offline_refusing_by_its_signals_or_out_of_reach_is_a_problem(thing: str, form: str) -> None:
    """ "home charger went offline after we changed broadband provider" and "new charge card came but
    the charger just beeps at it" were told the article's sales line ("Our home charger costs £899")
    instead of the section on their fault: neither stated a problem, so a section headed by a fault
    was no answer for them. Nor did "the cables are too heavy for me to lift"."""
    told = form.format(x=thing)
    assert states_a_problem(told), told


def test_offline_as_a_way_of_using_a_thing_or_a_person_offline_is_no_problem() -> None:
    for plain in [
        "can I listen offline",
        "is offline mode free",
        "is offline listening included in the family plan",
        "I went offline for a week, what did I miss",
        "we're going offline for the holidays",
        "your account will show offline to your friends",
        "can the app be used offline",
        "the light turns green when it's done",
        "flashing green, is that right",
        "too good for words",
    ]:
        assert not states_a_problem(plain), plain


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["got charged", "you charged me", "they've billed us", "I was billed", "been charged", "u charged me"]),
    st.sampled_from(["£20 on top of my charge", "extra for the bag", "an additional £30", "50p extra", "€4.10 more than the app said", "more"]),
    st.sampled_from(["", "??", " for 'overstay'?? I was having lunch", ". why"]),
)
def test_charged_more_than_expected_is_a_problem_and_asking_whether_it_would_be_is_not(who: str, what: str, end: str) -> None:
    """ "got charged £20 on top of my charge for 'overstay'?? I was in the services having lunch"
    opened "Hi": being charged more than expected, told as done, is a grievance."""
    told = f"{who} {what}{end}"
    assert states_a_problem(told), told
    for asked in ["will I be charged extra for a second bag?", "how much more will I be charged", "is there an additional fee", "do you charge extra at night"]:
        assert not states_a_problem(asked), asked


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(
        [
            "got a screw in my tyre",
            "there's a nail in the tyre",
            "found a hair in my toastie",
            "glass in my salad",
            "found a bug in the app",
            "a piece of metal in my burger",
        ]
    ),
    st.sampled_from(["", ", can it be repaired", " 🤢", ". what do I do"]),
)
def test_a_thing_stuck_in_the_customers_or_found_in_it_is_a_problem(told: str, end: str) -> None:
    """ "got a screw in my tyre, can it be repaired or do I need a new one" was told how new tyres are
    fitted: the section on punctures was held back as a fix for a fault the customer hadn't stated."""
    assert states_a_problem(told + end), told + end
    for plain in ["found a parcel in my letterbox", "how do I find a store in my area", "is there a screw size in the manual", "found it in my inbox"]:
        assert not states_a_problem(plain), plain


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["oven arrived with", "the fridge came with", "opened the box and it's got", "table turned up with", "new vac has"]),
    st.sampled_from(
        ["a big dent in the side", "a huge dent on it", "a massive scratch right across the top", "scratches all over the door", "a scuffed corner"]
    ),
    st.sampled_from(["", " 😞", "!", ", what now"]),
)
def test_a_thing_come_dented_or_scratched_is_a_problem(came: str, damage: str, end: str) -> None:
    """ "oven arrived with a big dent in the side" was triaged a neutral question: damage told in
    the words for its marks is damage."""
    assert states_a_problem(f"{came} {damage}{end}"), f"{came} {damage}{end}"


def test_scratch_cards_and_starting_from_scratch_are_no_damage() -> None:
    for text in ("do you sell scratch cards", "can I start my profile from scratch", "is there a scratchcard this week"):
        assert not states_a_problem(text), text


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["my direct debit", "the payment", "my email to you", "the rent"]),
    st.sampled_from([" bounced", " has bounced", " bounced this month"]),
    st.sampled_from(["", ", what do I do?", " again"]),
)
def test_a_payment_or_an_email_bounced_is_a_problem(what: str, bounced: str, end: str) -> None:
    assert states_a_problem(f"{what}{bounced}{end}"), f"{what}{bounced}{end}"


@given(
    st.sampled_from(["the show", "my flight", "our delivery", "the match", "my appointment", "the gig"]),
    st.sampled_from(["got postponed", "was postponed", "has been postponed again", "postponed"]),
)
def test_a_date_moved_on_the_customer_is_a_problem_as_a_cancellation_is(thing: str, moved: str) -> None:
    """ "the show got postponed + what time are doors on the new date" stated no problem, so the
    postponed show was no need of its own beside the question about doors."""
    assert states_a_problem(f"{thing} {moved}")
    assert states_a_problem(f"{thing} got cancelled"), "the class it joins"


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["my bill", "the direct debit", "our rent", "my premium", "the price", "my renewal", "monthly payment", "prices"]),
    st.sampled_from(["has doubled", "went up again", "has gone up £300", "shot up", "increased", "went from £40 to £210", "went up to £90"]),
    st.sampled_from(["", " this month", " without any warning"]),
)
def test_what_the_customer_pays_gone_up_is_a_problem(paid: str, rise: str, when: str) -> None:
    """ "bill has doubled this month + can I switch to paying monthly" stated no problem, so the bill
    was no need of its own beside the question."""
    assert states_a_problem(f"{paid} {rise}{when}")


@pytest.mark.parametrize(
    "text",
    ["my followers doubled", "my bill went from £40 to £30", "went up to the top floor", "the heating went up to 30 degrees", "we doubled our order"],
)
def test_a_rise_of_anything_else_or_a_fall_is_no_problem(text: str) -> None:
    assert not states_a_problem(text)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["got", "received", "I've been sent", "there's", "you delivered", "just arrived:"]),
    st.sampled_from(["someone else's", "somebody else's", "another customer's", "someone else’s", "another family's"]),
    st.sampled_from(["order", "photos", "medicine in my parcel", "shopping", "prints in my envelope"]),
    st.sampled_from(["", "!!", "??", " how is that even possible"]),
)
def test_another_persons_things_come_to_the_customer_is_a_fault(verb: str, whose: str, thing: str, tail: str) -> None:
    """ "there's photos of someone else's wedding in my envelope??" (Printloft, read unseen) opened
    "Hi": no word of it is a problem word. Another person's things sent to the customer are a
    wrong item however it is said."""
    from assistant.drafting.tone import tone
    from assistant.posts import Post
    from assistant.text.needs import states_a_problem
    from assistant.triage import triage

    text = f"@Brand {verb} {whose} {thing}{tail}"
    assert states_a_problem(text), text
    assert tone(text, triage(Post("x", "1", "c", text))).opening == "negative", text


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["can I collect", "could I pick up", "is it ok to use", "can we get", "may I sign for"]),
    st.sampled_from(["someone else's", "another customer's", "somebody else's"]),
    st.sampled_from(["parcel", "login", "prescription", "order"]),
)
def test_asking_leave_to_have_another_persons_things_is_no_fault(ask: str, whose: str, thing: str) -> None:
    from assistant.text.needs import states_a_problem

    assert not states_a_problem(f"@Brand {ask} {whose} {thing}?")
    assert not states_a_problem(f"@Brand can it be sent to {whose} address?")
    assert not states_a_problem(f"@Brand could I have it delivered to {whose} house instead")
    assert states_a_problem(f"@Brand my {thing} was sent to {whose} address"), "told, not asked"


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["my streak reset", "it went back to zero", "you still took the payment", "got a fine", "the booking disappeared", "it says I missed it"]),
    st.sampled_from(["even though", "even tho", "although", "though", "despite the fact that"]),
    st.sampled_from(["I did a lesson", "we paid on time", "I'd already cancelled", "I've renewed it", "I sent the form", "I finished it before midnight"]),
    st.sampled_from(["", "!!", " 🙃", ". what's going on"]),
)
def test_what_happened_against_what_the_customer_did_is_a_fault(outcome: str, though: str, deed: str, tail: str) -> None:
    """ "flew to tokyo and my streak reset even though I did a lesson on the plane" (Wordnest, read
    unseen) opened "Hi" and was told how streaks grow: "reset" is no problem word. What happened
    though the customer did what should have kept it from happening is a fault, however the outcome
    is worded."""
    from assistant.drafting.tone import tone
    from assistant.posts import Post
    from assistant.triage import triage

    text = f"@Brand {outcome} {though} {deed}{tail}"
    assert states_a_problem(text), text
    assert tone(text, triage(Post("x", "1", "c", text))).opening == "negative", text


@pytest.mark.parametrize(
    "text",
    [
        "can I return it even though I've tried it on?",
        "could we still cancel even though we booked the saver rate",
        "is it ok to book even though I paid with a voucher last time?",
        "it looks as though I booked for friday, can I change it",
        "we love it even though we needed help setting it up",
    ],
)
def test_asking_leave_though_the_customer_did_something_is_no_fault(text: str) -> None:
    assert not states_a_problem(f"@Brand {text}")


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["how does the {x} work", "how do {x}s work?", "how does your {x} actually work??", "hi, how does a {x} work."]),
    st.sampled_from(["streak freeze", "price freeze", "crash cover", "lost property service", "missed delivery service", "damage waiver", "error report"]),
)
def test_a_question_how_a_thing_works_names_the_thing(ask: str, thing: str) -> None:
    """ "how does the streak freeze work" (Wordnest, read unseen) was answered "Sorry about this": a
    fault word in the name of the thing asked about ("freeze", "crash", "lost", "damage") tells no
    fault. A fault told beside it, or a question how to make a broken thing work, still does."""
    from assistant.drafting.tone import tone
    from assistant.posts import Post
    from assistant.text.needs import speaks_of_a_fault
    from assistant.triage import triage

    asked = f"@Brand {ask.format(x=thing)}"
    assert not states_a_problem(asked) and not speaks_of_a_fault(asked)
    assert tone(asked, triage(Post("x", "1", "c", asked))).opening != "negative", asked
    assert states_a_problem(f"@Brand my app keeps crashing. {ask.format(x=thing)}")
    assert states_a_problem("@Brand how do I get my broken phone to work again")


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["leak", "smoke", "flood", "theft", "breakdown", "damage"]),
    st.sampled_from(["sensor", "detector", "alarm", "cover", "waiver", "protection", "alerts"]),
    st.sampled_from(["does the {x} alert me even when the alarm is off?", "how much is the {x}", "is the {x} included?", "can I add a {x} to my plan"]),
)
def test_a_word_of_fault_naming_a_device_or_cover_tells_no_fault(fault: str, device: str, ask: str) -> None:
    """ "does the leak sensor alert me even when the alarm is off?" (Watchfield, read unseen) opened
    "Sorry about this": "leak" before "sensor" names the sensor. The same thing that doesn't work,
    or the fault itself, still tells one."""
    thing = f"{fault} {device}"
    assert not states_a_problem(f"@Brand {ask.format(x=thing)}")
    assert states_a_problem(f"@Brand my {thing} isn't working")
    assert states_a_problem("@Brand there's a leak under the sink and the kitchen is flooded")


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(
        [
            "someone stole a parcel off my doorstep",
            "we were burgled last night",
            "got mugged outside the station",
            "thieves took the bike from my shed",
            "my card details were stolen",
            "identity theft on my account",
        ]
    ),
    st.sampled_from(["", ", how do I get the video to the police", ". what do I do", "!!"]),
)
def test_a_crime_against_the_customer_is_a_fault(crime: str, tail: str) -> None:
    """ "someone stole a parcel off my doorstep, how do I get the video to the police" (Watchfield,
    read unseen) opened "Hi": only "stolen" was a word of harm. A theft, a burglary or a mugging is
    one however it is told; a bargain ("what a steal") and a link's text are not."""
    from assistant.drafting.tone import tone
    from assistant.posts import Post
    from assistant.triage import triage

    text = f"@Brand {crime}{tail}"
    assert states_a_problem(text), text
    assert tone(text, triage(Post("x", "1", "c", text))).opening == "negative", text
    assert not states_a_problem("@Brand got the annual plan for £40, what a steal")
    assert not states_a_problem("@Brand see https://evil.example/login?steal=1")


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["someone's", "somebody has", "people have", "a van", "your driver"]),
    st.sampled_from(["dumped", "fly-tipped", "fly tipped"]),
    st.sampled_from(["a mattress and fridge in the lane", "rubble on the verge", "the box in the rain", "a scooter across the pavement"]),
    st.sampled_from(["", " behind our houses", ", can you move it", "!!"]),
)
def test_a_thing_dumped_where_it_is_nobodys_to_clear_is_a_fault(who: str, deed: str, what: str, tail: str) -> None:
    """ "someone's dumped a mattress and fridge in the lane behind our houses" (Bramblecote, read
    unseen) opened "Hi": a thing dumped or fly-tipped is something gone wrong, however it is told;
    asking how to report fly-tipping is not."""
    from assistant.drafting.tone import tone
    from assistant.posts import Post
    from assistant.triage import triage

    text = f"@Brand {who} {deed} {what}{tail}"
    assert states_a_problem(text), text
    assert tone(text, triage(Post("x", "1", "c", text))).opening == "negative", text
    assert not states_a_problem("@Brand how do I report fly-tipping?") and not states_a_problem("where can I report fly tipping")


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        # Keeping a thing is holding on to it; a thing that keeps doing something is a fault.
        ("do you keep a spare key for my padlock", False),
        ("can I keep the car an extra 2 days", False),
        ("the buyers want to keep the alarm, what do I need to do", False),
        ("app keeps crashing every time I open it", True),
        ("the keypad keeps chirping every minute", True),
        # A late person is one who has died; a late train is a fault.
        ("is it ok to store my late dad's papers", False),
        ("sorting out my late husband's account", False),
        ("train was late again", True),
        # Damp and water where it shouldn't be, a thing crushed, and not there yet put the other way.
        ("there's damp all up the back wall of my unit", True),
        ("water coming through the roof into my unit!!", True),
        ("opened my unit today and my mattress is soaked", True),
        ("the bin lorry crushed my wheelie bin", True),
        ("my package is far from delivered 4 days on", True),
        ("is a dehumidifier worth it to keep the air dry", False),
        ("wipe it with a damp cloth", False),
        ("my boxes are damp", True),
    ],
)
def test_what_a_word_tells_depends_on_the_words_around_it(text: str, fault: bool) -> None:
    """Stowbay, read unseen: "do you keep a spare key", "can I keep a few tins of paint" and "my late
    dad's papers" were read as faults, "there's damp all up the back wall" and "water coming
    through the roof" were not."""
    assert states_a_problem(f"@Brand {text}") is fault


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["my", "the", "our", ""]),
    st.sampled_from(["box", "order", "parcel", "doorbell", "phone", "kit"]),
    st.sampled_from(["arrived", "came", "was delivered", "turned up", "showed up", "got shipped"]),
    st.sampled_from(["the screws", "a charger", "any instructions", "its bracket", "the sauce"]),
    st.sampled_from(["", ".", " again", ", typical"]),
)
def test_a_thing_that_came_without_a_part_of_it_is_a_problem(mine: str, thing: str, came: str, part: str, end: str) -> None:
    """ "box arrived without the screws or the bracket" was no fault, so the drafter dropped the
    section "Missing part in the box" for the article's reply on delivery times."""
    assert states_a_problem(f"{mine} {thing} {came} without {part}{end}".strip())


@pytest.mark.parametrize(
    "text",
    [
        "can it be sent without the box?",
        "can I get it delivered without the packaging",
        "it comes without a charger, right?",
        "it was sent without a signature",
        "the sofa came without a hitch",
        "arrived without any delay, thank you",
    ],
)
def test_what_may_come_without_a_thing_and_what_came_without_a_hitch_are_no_fault(text: str) -> None:
    assert not states_a_problem(text)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["my doorbell got", "the letterbox was", "wing mirror", "someone", "they've"]),
    st.sampled_from(["ripped", "torn", "prised", "yanked", "wrenched", "forced"]),
    st.sampled_from(["off the wall", "open", "off", "out of the frame"]),
    st.sampled_from(["", " last night", ". what do I do", " again!!"]),
)
def test_a_thing_taken_off_or_open_by_force_is_a_problem(who: str, verb: str, where: str, end: str) -> None:
    """ "my doorbell got ripped off the wall last night. what do I do" was a neutral question: the
    drafter dropped "Doorbell stolen" (a section headed by a fault) and opened "Hi"."""
    assert states_a_problem(f"{who} {verb} {where}{end}")


@pytest.mark.parametrize(
    "text",
    [
        "I tore off the tags, can I still return it?",
        "ripped open the packaging and it's lovely",
        "they pulled off a great show",
        "tear off the label before recycling",
    ],
)
def test_opening_what_a_thing_came_in_is_no_fault(text: str) -> None:
    assert not states_a_problem(text)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["tracking", "my order", "the app", "the courier's site", "our account", "the order page", "it"]),
    st.sampled_from([" has said", "'s said", " has been showing", " has shown", " has been stuck on", " has sat at", "'s been on"]),
    st.sampled_from(["'label created'", "dispensing", "processing", "'in the lab'", "pending", "1%"]),
    st.sampled_from(["since monday", "for 4 days", "for a week", "since yesterday", "for over a fortnight", "for the last 3 days"]),
)
def test_a_status_that_stays_the_same_while_time_passes_is_a_problem(thing: str, says: str, status: str, span: str) -> None:
    """ "tracking has said 'label created' since monday" stated no problem, so the section for
    tracking that hasn't changed was not said (a fault's section is for a customer who tells one)."""
    assert states_a_problem(f"{thing}{says} {status} {span}")
    assert states_a_problem(f"{thing} still says {status}"), "told with still, and no span"


@pytest.mark.parametrize(
    "text",
    [
        "the app says 3 days for delivery",
        "it says delivered",
        "is the event still on for tomorrow",
        "my order says dispensing, what does that mean",
        "I'll let you know if it has said pending for a week",
        "the website has said for years you deliver on sundays, love that",
    ],
)
def test_what_a_page_says_once_or_a_status_supposed_is_no_problem(text: str) -> None:
    assert not states_a_problem(text)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["bought mine 2 weeks ago", "I ordered the sofa on friday", "we paid full price last month", "got mine yesterday", "booked it in march"]),
    st.sampled_from(
        [" and now it's £150 cheaper", ", now it's half price", " and it's in the sale now", " and the price has dropped", ", today it's £40 less"]
    ),
    st.sampled_from(["", " 🙃", "!!", " in your sale", ". typical"]),
)
def test_a_thing_bought_that_costs_less_since_is_a_problem(bought: str, fell: str, tail: str) -> None:
    """ "bought mine 2 weeks ago and now it's £150 cheaper in your sale" stated no problem, so the
    section "Price dropped after you bought" was not said."""
    assert states_a_problem(f"{bought}{fell}{tail}")


@pytest.mark.parametrize(
    "text",
    ["is it cheaper on black friday?", "will it be on sale now that it's december?", "is it half price now?", "it's on sale now, worth a look"],
)
def test_a_price_asked_about_or_a_fall_with_nothing_bought_is_no_problem(text: str) -> None:
    assert not states_a_problem(text)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["filezilla says", "outlook keeps saying", "the browser shows", "getting", "the app just says", "my site is giving me"]),
    st.sampled_from(
        [
            "connection timed out",
            "request times out",
            "password incorrect",
            "it hangs on loading",
            "unreachable",
            "a 404",
            "a 503",
            "ERR_CONNECTION_REFUSED",
            "DNS_PROBE_FINISHED_NXDOMAIN",
            "SSL_ERROR",
            "keeps buffering",
            "emails bounce back",
        ]
    ),
    st.sampled_from(["", " every time", " since this morning", "?", " 🙃"]),
)
def test_a_program_refusing_in_its_own_words_is_a_problem(who: str, said: str, end: str) -> None:
    """Hostmoor, read unseen: "filezilla says connection timed out every time" stated no problem in
    the words triage knew, so the section for it was held back. A program's refusal, in the words
    its messages use; a setting, a bill and a name that share them are no fault."""
    text = f"{who} {said}{end}".strip()
    assert states_a_problem(text), text
    for plain in [
        "how do I set the timeout for sessions?",
        "got a 500 pound bill for the year",
        "my cat hangs out on the bed all day",
        "taking some time out next week",
        "NHS_UK is great",
        "404 followers and counting",
    ]:
        assert not states_a_problem(plain), plain


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["my account", "our site", "the card", "my listing", "my number", "my domain"]),
    st.sampled_from([" has been", " got", " was", " is now", "'s been", ""]),
    st.sampled_from(["suspended", "blocked", "banned", "deactivated", "restricted", "terminated"]),
    st.sampled_from(["", " for no reason", ", I paid everything!", " ??", " overnight"]),
)
def test_a_thing_stopped_by_whoever_runs_it_is_a_problem(thing: str, verb: str, state: str, end: str) -> None:
    """Hostmoor, read unseen: "my site says 'suspended', I paid everything!" was read as a neutral
    question and opened "Hi @customer!". What was done to the customer's thing, however it is put;
    what the customer does, and a person's state, are no fault."""
    text = f"{thing}{verb} {state}{end}"
    assert states_a_problem(text), text
    assert states_a_problem(f"it says '{state}' when I log in"), state
    for plain in [
        "I suspended my membership last month, how do I restart it",
        "I blocked him",
        "how do I disable notifications",
        "my son is disabled, is there step free access",
    ]:
        assert not states_a_problem(plain), plain


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["one of my clients is a friend, ", "it's a gift, ", "", "quick one: "]),
    st.sampled_from(
        [
            "I don't want the reminders going to him",
            "we don't want my mum to see the price",
            "I don't want them knowing it's from me",
            "I'd rather not get emails",
            "we'd rather not receive the newsletter",
        ]
    ),
    st.sampled_from(["", ", can I change that?", ". can I turn that off", "?"]),
)
def test_what_the_customer_would_rather_didnt_happen_is_no_fault(before: str, wish: str, ask: str) -> None:
    """Tallybook, read unseen: "one of my clients is a friend, I don't want the reminders going to
    him" opened "Sorry about this". A wish that something not happen is a request; a thing unwanted,
    what a thing keeps doing, and our suggestion turned down stay complaints."""
    assert not states_a_problem(f"{before}{wish}{ask}"), f"{before}{wish}{ask}"
    for told in ["I don't want the slug", "I don't want the app to keep logging me out", "I'd rather not. This happens constantly and I've done this before"]:
        assert states_a_problem(told), told


@pytest.mark.parametrize("person", ["my accountant", "my nan", "a friend", "someone"])
def test_a_person_who_has_no_such_thing_is_a_circumstance(person: str) -> None:
    """Keyward, read unseen: "need to send a password to my accountant who doesn't use keyward"
    opened "Sorry about this". A person without a thing is a circumstance; a thing that doesn't do
    what it should is a fault, said with "that" or without."""
    assert not states_a_problem(f"need to send a password to {person} who doesn't use keyward")
    assert not states_a_problem(f"can I share it with {person} who doesn't have an account?")
    assert states_a_problem("the app that doesn't have dark mode anymore") and states_a_problem("the extension doesn't work")


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["", "I ", "we ", "my dad ", "my mum "]),
    st.sampled_from(["can't really have anyone round at the moment", "can't drive", "can't be in on thursday", "can't walk far", "cannot lift the sofa"]),
    st.sampled_from(["do you do video surveys? {x}", "{x}, can you collect it?", "{x}. is there help getting on?"]),
)
def test_what_the_customer_cannot_do_themselves_is_a_circumstance(who: str, cannot: str, post: str) -> None:
    """ "do you do video surveys? can't really have anyone round at the moment" (Tillbrook, read
    unseen) opened "Sorry about this": what a person can't do is their circumstance, no fault of
    ours. What our things or people don't let them do still is one."""
    from assistant.drafting.tone import tone
    from assistant.posts import Post
    from assistant.triage import triage

    text = "@Brand " + post.format(x=who + cannot)
    assert not states_a_problem(text) and tone(text, triage(Post("x", "1", "c", text))).opening == "neutral", text
    for fault in ["can't log in", "can't get through to you", "cannot afford this after your fee"]:
        assert states_a_problem("@Brand " + post.format(x=who + fault)), fault


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["I", "we", "my mum", "my husband"]),
    st.sampled_from(["never carry cash", "never use the app", "rarely drive", "never wear it indoors", "never keep receipts"]),
    st.sampled_from(["can I tip through the app? {x}", "{x}, can I pay another way?", "{x}. is there a card option?"]),
)
def test_what_the_customer_never_does_is_a_habit_not_a_fault(who: str, habit: str, post: str) -> None:
    """ "can I tip Marta through the app? I never carry cash" (Mopwell, read unseen) was a complaint
    and opened "Sorry about this": what a person never does is their habit. What never happens to
    them is still a fault."""
    from assistant.drafting.tone import tone
    from assistant.posts import Post
    from assistant.triage import triage

    text = "@Brand " + post.format(x=f"{who} {habit}")
    assert not states_a_problem(text) and tone(text, triage(Post("x", "1", "c", text))).opening == "neutral", text
    for fault in ["never get the texts", "never have signal", "never got my refund"]:
        assert states_a_problem("@Brand " + post.format(x=f"{who} {fault}")), fault


@pytest.mark.parametrize(
    "unsure", ["no idea what level my daughter is at", "no idea what size I need", "not a clue which plan to get", "no idea which one we should book"]
)
def test_not_knowing_which_to_choose_is_a_circumstance(unsure: str) -> None:
    """ "no idea what level my daughter is at … which class do we book?" (Splashwick, read unseen)
    and "no idea what size I need" (Stowbay) opened "Sorry about this". Not knowing what happened
    to a thing of theirs is still a fault."""
    from assistant.drafting.tone import tone
    from assistant.posts import Post
    from assistant.triage import triage

    text = f"@Brand {unsure}, can you help me pick?"
    assert not states_a_problem(text) and tone(text, triage(Post("x", "1", "c", text))).opening == "neutral", text
    assert states_a_problem("@Brand no idea what happened to my order, it's been 2 weeks")


@pytest.mark.parametrize("told", ["I'm 38 and never learned", "I never learnt to swim", "we've never learned how"])
def test_what_the_customer_never_learned_is_a_circumstance(told: str) -> None:
    """ "do you do lessons for adults? I'm 38 and never learned" (Splashwick, read unseen) opened
    "Sorry about this". What a child of theirs never learned from us is still a fault."""
    from assistant.drafting.tone import tone
    from assistant.posts import Post
    from assistant.triage import triage

    text = f"@Brand do you do lessons for adults? {told}"
    assert not states_a_problem(text) and tone(text, triage(Post("x", "1", "c", text))).opening == "neutral", text
    assert states_a_problem("@Brand my son never learned to swim in 2 years of your lessons")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Hi, I received my new phone today. Experiencing a green line at the right side of my phone. What to do?", True),
        ("I am experiencing poor game connections, other games are running fine", True),
        ("i experience delay in my loan plz help", True),
        ("we're experiencing issues with the app", True),
        ("had an amazing experience with your crew today", False),
        ("experiencing great service as always", False),
        ("what was your experience of the new app?", False),
    ],
)
def test_what_the_customer_is_experiencing_is_a_fault(text: str, problem: bool) -> None:
    """ "Experiencing a green line at the right side of my phone. What to do?" (a real post) opened
    "Hi": what a customer says they are experiencing is a fault; an experience had is not."""
    assert states_a_problem(f"@Brand {text}") is problem, text


@given(
    st.sampled_from(("can I drop {x} off", "where do I drop off {x}", "can we drop {x} at the depot", "I'll drop {x} off tomorrow", "we dropped {x} off at 9")),
    st.sampled_from(("the car", "the keys", "my parcel", "our son", "the kids", "my dry cleaning")),
    st.sampled_from(("", "?", " in Paris?", " please")),
)
def test_dropping_something_off_is_a_deed_not_a_fault(form: str, x: str, end: str) -> None:
    """ "can I drop the car off in Paris" was read as a fault (the wifi that drops), and its reply
    opened "Sorry about this"."""
    text = form.format(x=x) + end
    assert not states_a_problem(text), text


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("3 have dropped out of the party", False),  # people who no longer come
        ("she dropped out of the course", False),
        ("the wifi keeps dropping", True),
        ("calls drop all the time", True),
        ("my broadband keeps dropping out every evening", True),
        ("signal drops off after 9pm", True),
        ("dropped my phone in the pool and it won't turn on", True),
    ],
)
def test_a_thing_that_drops_is_a_fault_and_people_who_drop_out_are_not(text: str, fault: bool) -> None:
    assert states_a_problem(text) is fault, text


@given(
    st.sampled_from(["the windows", "kitchen floor", "the onions", "flowers", "the cake", "my room"]),
    st.sampled_from(["are", "is", "came", "arrived", "still", "looked", "were all"]),
    st.sampled_from(["streaky", "sticky", "mouldy", "wilted", "squashed", "filthy", "stained", "mushy"]),
    st.sampled_from(["", " again", " after the clean", ". not happy"]),
)
def test_a_thing_left_in_a_spoilt_state_is_a_problem(thing: str, verb: str, state: str, end: str) -> None:
    """Glassbright: "windows are streaky again and I still haven't got the payment link" asks two
    things, and its first was read as none: a spoilt state said of a thing is a fault."""
    assert states_a_problem(f"{thing} {verb} {state}{end}")


def test_a_kind_of_thing_named_by_its_state_is_no_problem() -> None:
    for text in ["do you clean dirty windows", "can you wash stained carpets?", "is the bread stale?"]:
        assert not states_a_problem(text), text
