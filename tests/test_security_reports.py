"""A post reporting someone else at the customer's money or account (a payment they didn't make, a
card used by a stranger, a hacked account) is a security hazard: only an article about fraud may
answer it, else the brand's security line takes it to a DM, and the ticket is urgent. A billing
complaint, an insult or a question about scams is none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.posts import Post
from assistant.routing import needs
from assistant.text.hazard import hazard_in, speaks_of
from assistant.triage import triage
from tests.conftest import drafting_in


def kind_of(text: str) -> str:
    hazard = hazard_in(text)
    return hazard.kind if hazard else ""


_WHO = ["someone", "somebody", "someone's", "someone has", "somebody just", "a stranger", "some random person", "hackers have", "a thief"]
# "changed" and "reset": Keyward, read unseen ("someone changed my master password, I didn't do it!").
_DID = ["used", "spent money on", "taken 200 quid from", "logged into", "got into", "made payments with", "cloned", "accessed", "changed", "reset"]
_HELD = ["card", "debit card", "account", "bank account", "PayPal", "Apple ID", "savings", "password", "master password"]
_WHERE = ["", " in Lagos", " last night", ", I'm in Leeds!!", " and I can't get in", "?"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_WHO), st.sampled_from(_DID), st.sampled_from(_HELD), st.sampled_from(_WHERE), st.sampled_from(["", "@Bank ", "help "]), st.booleans())
def test_a_stranger_at_the_account_is_read_however_it_is_put(who: str, did: str, held: str, where: str, opening: str, shout: bool) -> None:
    text = f"{opening}{who} {did} my {held}{where}"
    assert kind_of(text.upper() if shout else text) == "security", text


_DENIED = [
    "I didn't make this payment",
    "i did not authorise that transaction",
    "never made these purchases",
    "there's a charge I didn't authorize",
    "payments that I don't recognise",
    "I don't recognise this card payment",
    "an unauthorized credit card charge from you guys",
    "fraudulent charges on my card",
    "reporting some fraudulent activity on my debit card",
    "my account was hacked",
    "@Brand account hacked, 48h later still no reply",
    "my Instagram has been compromised",
    "hackers got into my account",
    "my card has been cloned",
    "there are orders on my account I never made",
    "I think I've been hacked",
    "I was a victim of fraud",
]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(_DENIED), st.sampled_from(["", "@Brand ", "URGENT: "]), st.sampled_from(["", ".", " please help", " 😡"]))
def test_a_payment_denied_or_an_account_broken_into_is_read(said: str, opening: str, closing: str) -> None:
    assert kind_of(opening + said + closing) == "security", said


@pytest.mark.parametrize(
    "text",
    [
        "me han hackeado la cuenta",
        "alguien ha usado mi tarjeta en otro país",
        "no reconozco este cargo de 50 euros",
        "compte piraté",
        "quelqu'un a utilisé ma carte",
        "je n'ai pas fait ce paiement",
        "Mein Konto wurde gehackt",
        "jemand hat mit meiner Karte bezahlt",
        "diese Abbuchung habe ich nicht getätigt",
        "alguém usou meu cartão",
        "não reconheço essa compra",
        "invadiram minha conta",
    ],
)
def test_a_report_in_a_language_the_brand_has_lines_in_is_read(text: str) -> None:
    assert kind_of(text) == "security"


# Billing complaints: the brand took the money, not a stranger. Whoever "they" are, however it's put.
@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["they", "you", "you guys", "the app", "Netflix", "my bank"]),
    st.sampled_from(["charged", "took money from", "billed", "debited", "charged twice"]),
    st.sampled_from(["me", "my card", "my account", "my savings"]),
    st.sampled_from(["", " twice", " after I cancelled", " again this month", " for a plan I never used"]),
)
def test_a_billing_complaint_is_no_hazard(who: str, did: str, whom: str, when: str) -> None:
    assert kind_of(f"{who} {did} {whom}{when}") == ""


@pytest.mark.parametrize(
    "text",
    [
        "Amazon is a fraud",
        "you are a bunch of scammers #fraud #scam",
        "is this text a scam?",
        "got a phishing email, is it from you?",
        "life hack: turn it off and on again",
        "caught this guy hacking in ranked, please ban him",
        "I used to love my card design",
        "didn't make it to the gate in time",
        "that didn't make sense to me",
        "my card was declined at the shop",
        "my package was stolen from the porch",
        "can my son use my account on his phone?",
        "you stole my heart with this update",
    ],
)
def test_the_same_words_in_another_sense_are_no_hazard(text: str) -> None:
    assert kind_of(text) == ""


def test_a_fraud_is_urgent_says_why_and_asks_for_the_security_skill() -> None:
    said = triage(Post("x", "1", "dana", "someone's spent money on my card in Lagos, I'm in Leeds!!"))
    assert said.priority == "urgent" and said.hazard_kind == "security"
    assert any(reason.startswith("security: reports") for reason in said.reasons)
    assert "security" in needs("x", "my account was hacked", "complaint", [], [])
    assert "security" not in needs("x", "you charged me twice", "complaint", [], [])


def test_a_danger_and_a_fraud_in_one_post_is_read_as_the_danger() -> None:
    assert kind_of("someone used my card and now the charger caught fire") == "safety"


def test_what_an_article_about_fraud_says() -> None:
    assert speaks_of("security", "A payment I don't recognise. Freeze your card in the app first.")
    assert speaks_of("security", "Someone else is using my account: tags hacked, compromised")
    assert speaks_of("security", "Signing in. If you see orders you didn't place, reset your password and tell us in the chat.")
    # A heading telling of someone else at the account, in any of the ways a post says it.
    assert speaks_of("security", "Someone else signed in. Change your password now and tap Sign out everywhere.")
    assert speaks_of("security", "Somebody else has been logging into my account")
    assert not speaks_of("security", "Ask someone else to sign for the parcel.")
    assert not speaks_of("security", "Paying abroad: we charge no fee in euros.")
    assert not speaks_of("safety", "A payment I don't recognise")


_ABROAD = """---
id: abroad
title: Using your card abroad
tags: [abroad, travel, foreign, spending abroad]
reply: "Your card works in every country that takes Mastercard, with no fee on card payments abroad."
url: https://bank.example/help/abroad
---
Cash withdrawals abroad are free up to 200 a month.
"""
_UNKNOWN = """---
id: unknown-payment
title: A payment I don't recognise
tags: [unknown payment, fraud, unauthorised payment]
reply: "Freeze your card in the app first, then we'll look at the payment with you in a DM."
url: https://bank.example/help/unknown-payment
private: true
---
Shops sometimes appear under another name on your statement.
"""


def test_a_fraud_gets_the_security_line_not_the_routine_answer(settings: Any, tmp_path: Path) -> None:
    """The folder's only article is about spending abroad: it answers a question about fees
    abroad, and is withheld from a stranger spending on the card abroad."""
    with drafting_in(settings, tmp_path / "knowledge", {"abroad.md": _ABROAD}) as (_, draft):
        routine = draft("is there a fee for paying with my card abroad?", "fee")
        assert [c["article_id"] for c in routine.draft.citations] == ["abroad"]
        fraud = draft("someone has been spending on my card abroad, I'm at home!!", "fraud")
        assert fraud.priority == "urgent"
        assert fraud.draft.citations == [] and "Mastercard" not in fraud.draft.text
        assert "secure your account" in fraud.draft.text and "@dana" in fraud.draft.text
        assert fraud.draft.problems == []  # the brand's own line: Approve can take it as it stands
        assert any(flag.startswith("security report") for flag in fraud.draft.flags)
        spanish = draft("alguien ha usado mi tarjeta en el extranjero, yo estoy en casa", "es")
        assert spanish.draft.citations == [] and "proteger tu cuenta" in spanish.draft.text


def test_an_article_about_fraud_answers_the_report(settings: Any, tmp_path: Path) -> None:
    with drafting_in(settings, tmp_path / "knowledge", {"abroad.md": _ABROAD, "unknown-payment.md": _UNKNOWN}) as (_, draft):
        ticket = draft("there's a payment on my card I didn't make, from a shop abroad", "f1")
        assert [c["article_id"] for c in ticket.draft.citations] == ["unknown-payment"]
        assert "Freeze your card" in ticket.draft.dm_text


_SIGNING_IN = """---
id: signing-in
title: Signing in and two-step verification
tags: [sign in, log in, password, verification code]
reply: "Tap Forgot password on the sign-in screen and follow the link we email you; it lasts 1 hour."
url: https://cams.example/help/signing-in
---
## Someone else signed in
Change your password now and tap Sign out everywhere in Account > Security.
"""
_RETURNS = """---
id: returns
title: Returns, warranty and replacements
tags: [return, refund, warranty, faulty, device, stolen doorbell]
reply: "You can return a device within 30 days for a full refund, and every device has a 2-year warranty."
url: https://cams.example/help/returns
---
## Doorbell stolen
Report the theft to the police and send us the crime reference number: we replace a stolen doorbell once.
"""


def test_someone_in_the_account_is_answered_by_the_article_whose_heading_tells_of_it(settings: Any, tmp_path: Path) -> None:
    """ "I think someone's logged into my account, there's a device on there I don't know" was
    answered with returning a device: the article headed "Someone else signed in" was not read as
    about someone at the account, and the one on a stolen doorbell was (it says "stolen")."""
    files = {"signing-in.md": _SIGNING_IN, "returns.md": _RETURNS}
    with drafting_in(settings, tmp_path / "knowledge", files) as (_, draft):
        ticket = draft("I think someone's logged into my account, there's a device on there I don't know", "s1")
        assert ticket.priority == "urgent"
        assert [c["article_id"] for c in ticket.draft.citations] == ["signing-in"]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["got an email", "received a text", "had a call", "someone just texted me", "a guy rang", "got a weird letter"]),
    st.sampled_from([" saying my domain expires today and to pay at this link", " about a refund", "", " asking me to confirm my address"]),
    st.sampled_from([", is that you?", ". is it real?", " - legit?", ", is that really from you?", ", is that you guys?", " real or fake?"]),
)
def test_a_message_the_customer_doubts_is_ours_is_read(came: str, said: str, doubt: str) -> None:
    """Hostmoor, read unseen: "got an email saying my domain expires today and to pay at
    hostmoor-renewals.net, is that you?" was told how to renew a domain. Doubting a message is no
    hazard (nothing is urgent yet), but it is read; the customer's own messages, and what our own
    site says, are not doubted."""
    from assistant.text.hazard import doubts_a_message

    text = f"{came}{said}{doubt}"
    assert doubts_a_message(text), text
    assert kind_of(text) == ""
    for plain in [
        "did you get my email? is it you who deals with refunds",
        "I sent you an email last week, is that the right address?",
        "your website says 3 days, is that real?",
        "my delivery text says friday, is that right?",
        "is that you? the parcel is here",
    ]:
        assert not doubts_a_message(plain), plain


def test_a_message_the_customer_doubts_is_answered_only_from_an_article_about_scams(settings: Any, tmp_path: Path) -> None:
    """The renewal the message spoke of is no answer: the article saying how to tell a message is
    ours is, and without one there is no article to cite."""
    from tests.conftest import REPO

    folder = REPO / "assistant" / "samples" / "hostmoor" / "knowledge"
    articles = {name: (folder / name).read_text(encoding="utf-8") for name in ("domains.md", "contact.md", "billing.md", "account.md")}
    doubted = "got an email saying my domain expires today and to pay at hostmoor-renewals.net, is that you?"
    with drafting_in(settings, tmp_path / "knowledge", articles) as (_, draft):
        ticket = draft(doubted, "doubted")
        assert [c["article_id"] for c in ticket.draft.citations] == ["contact"], ticket.draft.text
        assert "Forward anything suspicious" in ticket.draft.text and ticket.priority != "urgent"
        renewal = draft("does my domain renew automatically?", "renewal")
        assert [c["article_id"] for c in renewal.draft.citations] == ["domains"]
    # An article all about fake messages answers from the passage nearest the post, here its reply:
    # not its section on what to do once paid ("Call your bank").
    fakes = {"fake-texts.md": (REPO / "assistant" / "samples" / "parcelwing" / "knowledge" / "fake-texts.md").read_text(encoding="utf-8")}
    with drafting_in(settings, tmp_path / "fakes", {**fakes, "domains.md": articles["domains.md"]}) as (_, draft):
        text = draft("got a text saying I need to pay £1.45 to rearrange my delivery, is this you?", "fee").draft
        assert "We never charge a fee to redeliver" in text.text and "Call your bank" not in text.text, text.text
    without = {name: text for name, text in articles.items() if name != "contact.md"}
    with drafting_in(settings, tmp_path / "other", without) as (_, draft):
        ticket = draft(doubted, "doubted")
        assert ticket.draft.citations == [] and ticket.no_match, ticket.draft.text


def test_an_article_all_about_scams_answers_a_report_from_its_reply(settings: Any, tmp_path: Path) -> None:
    """Tallybook, read unseen: "got an email from 'Tallybook' asking me to confirm my bank details,
    is that you?" is someone at the account (a message asking for bank details), and the security
    article's reply ("We never ask for your password or bank details by email") answers it; it was
    told its section on someone else signing in, the reply naming no fraud word."""
    from tests.conftest import REPO

    folder = REPO / "assistant" / "samples" / "tallybook" / "knowledge"
    articles = {name: (folder / name).read_text(encoding="utf-8") for name in ("security.md", "bank-feeds.md", "account.md")}
    with drafting_in(settings, tmp_path / "knowledge", articles) as (_, draft):
        ticket = draft("got an email from 'Tallybook' asking me to confirm my bank details, is that you?", "email")
        assert [c["article_id"] for c in ticket.draft.citations] == ["security"], ticket.draft.text
        assert "We never ask for your password or bank details" in ticket.draft.text


def test_a_doubted_message_asking_for_details_is_answered_from_what_the_article_says_of_such_messages(settings: Any, tmp_path: Path) -> None:
    """Keyward, read unseen: "got an email from keyward support asking for my master password to
    verify my account, is that real?" (a message asking for a password: someone at the account)
    was told the security article's section on someone else signing in; its reply says "We never
    ask for your master password by email". And "someone changed my master password, I didn't do
    it!" was told how to change a master password, read as no one at the account."""
    from tests.conftest import REPO

    folder = REPO / "assistant" / "samples" / "keyward" / "knowledge"
    articles = {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))}
    with drafting_in(settings, tmp_path / "knowledge", articles) as (_, draft):
        email = draft("got an email from keyward support asking for my master password to verify my account, is that real?", "email").draft
        assert [c["article_id"] for c in email.citations] == ["security"], email.text
        assert "We never ask for your master password" in email.text and "Sign out everywhere" not in email.text
        changed = draft("someone changed my master password, I didn't do it!", "changed")
        assert changed.priority == "urgent" and "change it in Settings" not in changed.draft.text.lower(), changed.draft.text
