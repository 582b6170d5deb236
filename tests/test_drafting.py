"""Offline drafts: grounded in the cited article, toned to the post, always within X's weighted limit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.drafting.checks import check_reply_text
from assistant.drafting.offline import OfflineDrafter, said_alone
from assistant.drafting.prompts import Prompts
from assistant.errors import InvalidReply
from assistant.kb.evidence import Hit, Thresholds
from assistant.kb.folder import load_folder
from assistant.kb.grounding import Grounding
from assistant.platforms import platform
from assistant.posts import Post
from assistant.review import check_reply
from assistant.text.measure import X_LIMIT, x_weighted_length
from assistant.triage import triage
from tests.conftest import REPO

ARTICLES = load_folder(REPO / "knowledge").articles
DRAFTER = OfflineDrafter(Prompts.load(REPO / "prompts"))


def draft(article_id: str, text: str, handle: str = "sam_k", score: float = 0.8):  # noqa: ANN201
    post = Post("x", "1", handle, text)
    grounding = Grounding([Hit(article_id, score, score, lexical=5.0)], ARTICLES, Thresholds(0.4, 1.0))
    return DRAFTER.draft(post, triage(post), grounding)


def test_every_article_drafts_within_x_limits_even_for_the_longest_handle() -> None:
    for article_id in ARTICLES:
        for text in ("how does this work?", "this is terrible, still broken 😡", "thanks, love it! quick q?"):
            result = draft(article_id, text, handle="a" * 15)
            assert x_weighted_length(result.text) <= X_LIMIT, (article_id, result.text)
            where = result.dm_text if ARTICLES[article_id].private else result.text
            assert ARTICLES[article_id].reply in where, "the substance is in the reply, or in the DM for private articles"
            assert result.citations[0].article_id == article_id


def test_the_greeting_follows_the_customers_mood_without_apologising_twice() -> None:
    assert draft("reset-password", "my password reset is broken, terrible").text.startswith("Sorry about this, @sam_k.")
    assert draft("reset-password", "how do i reset my password?").text.startswith("Hi @sam_k!")
    assert draft("service-status", "app down again, awful").text.startswith("@sam_k Sorry for the trouble!")


def test_a_weak_match_is_flagged_no_match_and_not_answered() -> None:
    result = draft("reset-password", "are you hiring?", score=0.2)
    assert result.no_match and result.text == "" and result.citations == []


def test_specialist_topics_suggest_escalation() -> None:
    result = draft("overheating-safety", "my kettle base is smoking!!")
    assert any("specialist" in flag for flag in result.flags)


def test_the_link_is_kept_only_when_it_fits() -> None:
    short = draft("reset-password", "how do i reset my password?")
    assert short.text.endswith(ARTICLES["reset-password"].url)
    assert x_weighted_length("a" * 200 + " https://help.nimbushome.example.com/" + "x" * 80) == 224, "a URL weighs 23 whatever its length"


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("   ", "empty"), ("😀" * 141, "282 characters as X counts them"), ("日本語" * 47, "282 characters")],
)
def test_agent_replies_are_checked_by_x_rules(text: str, message: str) -> None:
    with pytest.raises(InvalidReply, match=message):
        check_reply(text, platform("x"))


def test_a_reply_at_exactly_the_limit_is_accepted() -> None:
    assert check_reply("😀" * 140, platform("x")) == "😀" * 140


def test_private_articles_say_publicly_why_we_continue_in_a_dm_and_the_dm_carries_the_answer() -> None:
    result = draft("charged-twice", "you charged me twice!!")
    assert "sent you a DM here on X" in result.text and "refund" not in result.text
    # The DM opens with the brand's plain greeting (a sentence of its own, so the answer keeps its capital).
    assert result.dm_text.startswith("Hi @sam_k! Sorry about that! A second charge")


def _from_section(text: str, chunk: str) -> str:
    post = Post("x", "1", "sam_k", text)
    grounding = Grounding([Hit("refund-timeline", 0.8, 0.8, lexical=5.0, chunk_id=f"refund-timeline::{chunk}")], ARTICLES, Thresholds(0.4, 1.0))
    return DRAFTER.draft(post, triage(post), grounding).text


@pytest.mark.parametrize(
    ("text", "troubled"),
    [
        ("how long do refunds take to reach my bank?", False),
        ("When will I see the money for my return?", False),
        ("do refunds go back to the card I paid with", False),
        ("my refund still hasn't arrived, it's been 9 business days", True),
        ("where's my refund?? sent the kettle back ages ago 😤", True),
        ("why is my refund taking so long", True),
    ],
)
def test_a_section_fixing_a_fault_is_said_only_to_a_customer_who_has_one(text: str, troubled: bool) -> None:
    """The closest passage is "Still not there" (what to do when a refund is late): said to a
    customer whose refund is late, not to one asking how refunds work, who gets the reply."""
    late = ARTICLES["refund-timeline"].passage(3)
    assert late[0] == "Still not there"
    said = _from_section(text, "3")
    assert (late[1] in said) is troubled, said
    assert troubled or ARTICLES["refund-timeline"].reply in said


@pytest.mark.parametrize(("platform", "shown"), [("x", "/280 characters as X counts them"), ("mastodon", "/500 characters"), ("bluesky", "/300 graphemes")])
def test_the_terminal_card_counts_the_draft_by_its_platforms_rule(services, platform: str, shown: str) -> None:  # noqa: ANN001
    from rich.console import Console

    from assistant.terminal import render_card

    ticket_id = services.pipeline.ingest(Post(platform, f"len-{platform}", "sam_k", "how do I cancel Nimbus Plus?")).ticket_id
    console = Console(width=200, record=True)
    console.print(render_card(services.store.get(ticket_id), services.platforms(platform)))
    assert shown in console.export_text()


def test_a_section_answering_its_headings_question_is_said_with_its_heading() -> None:
    """Under "Which kettles" the body is only the answer ("Serial numbers start K23…"): the draft
    says the question it answers, and the draft passes every check as the drafter wrote it."""
    kettles = ARTICLES["kettle-recall"]
    number = next(n for n in kettles.passage_numbers() if kettles.passage(n)[0] == "Which kettles")
    post = Post("x", "1", "sam_k", "is my kettle part of the recall? serial starts with K23")
    hit = Hit("kettle-recall", 0.8, 0.8, lexical=5.0, chunk_id=f"kettle-recall::{number}")
    drafted = DRAFTER.draft(post, triage(post), Grounding([hit], ARTICLES, Thresholds(0.4, 1.0)))
    assert f"Which kettles: {kettles.passage(number)[1]}" in drafted.text, drafted.text
    assert check_reply_text(drafted.text, platform="x", customer="sam_k", cited=[kettles], machine_written=True, post=post.text) == []


_QUESTION_WORDS = ["Who", "What", "which", "When", "Where", "Why", "How", "¿Quién", "Qué", "Où", "Comment", "Wer", "Was", "Wie", "Quando", "Onde"]
_BODY = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(str.strip)


@given(word=st.sampled_from(_QUESTION_WORDS), rest=st.sampled_from(["", " can claim", " we need", " to enter a code", " puede reclamar?"]), body=_BODY)
def test_a_question_heading_is_said_before_its_body(word: str, rest: str, body: str) -> None:
    heading = word + rest
    body = "X" + body  # opens with no word of a condition
    said = said_alone(heading, body)
    assert said.startswith(heading.rstrip(" :.?")) and said.endswith(body), said
    assert said == (f"{heading} {body}" if heading.endswith("?") else f"{heading}: {body}")


@given(
    word=st.sampled_from(["Why", "How long", "When", "How", "What", "Where", "¿Por qué", "Pourquoi", "Warum", "Quando"]),
    middle=st.sampled_from(
        [
            "can't I renew",
            "will I wait",
            "do I have to pay",
            "is my order late",
            "I'm charged",
            "should I use my card",
            "no puedo usar mi tarjeta",
            "j'ai payé",
            "muss ich zahlen",
            "eu pago",
        ]
    ),
    body=_BODY,
)
def test_a_heading_asking_the_customers_own_question_is_not_said_back_to_them(word: str, middle: str, body: str) -> None:
    """Readmoor's "Why can't I renew?" (read unseen) opened a draft as "Sorry about this. Why can't I
    renew? An item can't be renewed once…": the brand asking the customer's question back. A
    heading in the customer's voice is what their post asked; its body is said alone."""
    body = "X" + body  # opens with no word pointing back at the heading or stating a condition
    assert said_alone(f"{word} {middle}?", body) == body
    assert said_alone(f"{word} we need", body) == f"{word} we need: {body}", "the brand's own voice still names the question"


@given(heading=st.sampled_from(["Still not there", "Light colours", "Whole orders", "Howard's tips", "Wholesale", "Refunds", ""]), body=_BODY)
def test_a_heading_that_asks_nothing_is_not_said(heading: str, body: str) -> None:
    body = "X" + body  # opens with no word pointing back at the heading
    assert said_alone(heading, body) == body


@given(
    opening=st.sampled_from(["Change either in", "They need", "Both are", "Either works", "Neither is", "Send them to", "Keep both for", "Use either."]),
    heading=st.sampled_from(["Changing your email or username", "Someone else collecting", "Cabin bags", ""]),
    body=_BODY,
)
def test_a_body_pointing_back_at_its_heading_is_said_after_it(opening: str, heading: str, body: str) -> None:
    """ "Change either in Settings > Profile." (Wordnest, read unseen) was said alone: either what?
    A body opening with a word that points back at its heading is said after the heading. "It" and
    a determiner ("Use either card", "Check these settings") point at nothing."""
    text = f"{opening} {body}"
    assert said_alone(heading, text) == (f"{heading}: {text}" if heading else text)
    for plain in ["It can take up to 3 weeks.", "Use either card at the till.", "Check these settings first.", "One carer goes free."]:
        assert said_alone(heading or "Cards", plain) == plain


@pytest.mark.parametrize("condition", ["If", "When", "Once", "Unless", "Si", "Wenn", "Quand"])
def test_a_body_stating_its_own_condition_is_said_alone(condition: str) -> None:
    body = f"{condition} your order hasn't arrived 45 minutes after the latest time, ask for a refund."
    assert said_alone("When it's very late", body) == body


# Sentences a help centre's paragraph is made of (addresses, sums and decimals inside them), joined into
# sections longer than one post: what a careless editor writes.
_SENTENCES = [
    "A slight chlorine taste or smell is normal: we add a small amount to keep water safe.",
    "Keep a jug of water in the fridge and the taste fades within a day.",
    "Check the live map at example.com/live with your postcode before you call.",
    "Refunds of £1.50 or more go back to the card you paid with within 5 working days.",
    "Tell us if it lasts more than 2 days, and we'll send someone to test it.",
    "(Customers on the Priority Services Register get a visit the same day.)",
    "Our team is available from 8am to 8pm, Monday to Saturday, on 0800 123 4567.",
]


@given(st.lists(st.sampled_from(_SENTENCES), min_size=2, max_size=7), st.sampled_from(["Taste and smell", "Who can claim", "When it's late"]))
def test_a_section_too_long_for_a_post_is_said_by_its_leading_whole_sentences(sentences: list[str], heading: str) -> None:
    """A section longer than a post was never said: the draft fell back to the article's fixed reply
    ("the water tastes like a swimming pool" was told about cloudy water). Its leading whole
    sentences that fit are said instead, never a sentence cut short."""
    from assistant.drafting.offline import fitting
    from assistant.kb.articles import MAX_REPLY_CHARS

    body = " ".join(sentences)
    said = fitting(heading, body)
    assert said and body.startswith(said), (body, said)
    assert len(said_alone(heading, said)) <= MAX_REPLY_CHARS
    cut = len(said)
    assert cut == len(body) or body[cut] == " " and said.endswith((".", ")")), said
    if len(said_alone(heading, body)) <= MAX_REPLY_CHARS:
        assert said == body
    else:  # as many sentences as fit: the next one would not
        following = body[cut:].strip()
        nxt = next(s for s in _SENTENCES if following.startswith(s))
        assert len(said_alone(heading, f"{said} {nxt}")) > MAX_REPLY_CHARS


def test_a_long_sections_leading_sentences_are_what_the_draft_says_and_every_check_passes(tmp_path) -> None:  # noqa: ANN001
    """On a folder whose section is longer than a post, the draft for the post it answers says that
    section's first sentences, and the draft passes every check as written."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "taste.md").write_text(
        "---\nid: taste\ntitle: Discoloured water\ntags: [brown water]\n"
        'reply: "Brown water is usually harmless sediment: run your cold kitchen tap for 20 minutes."\n'
        "url: https://example.com/help/taste\n---\n## Taste and smell\n" + " ".join(_SENTENCES[:5]) + "\n",
        encoding="utf-8",
    )
    articles = load_folder(folder).articles
    post = Post("x", "1", "sam_k", "the water tastes like a swimming pool lately")
    hit = Hit("taste", 0.8, 0.8, lexical=5.0, chunk_id="taste::2")
    drafted = DRAFTER.draft(post, triage(post), Grounding([hit], articles, Thresholds(0.4, 1.0)))
    assert _SENTENCES[0] in drafted.text and articles["taste"].reply not in drafted.text, drafted.text
    assert check_reply_text(drafted.text, platform="x", customer="sam_k", cited=[articles["taste"]], machine_written=True, post=post.text) == []


def test_the_articles_approved_reply_is_said_whole_whatever_characters_it_holds(tmp_path) -> None:  # noqa: ANN001
    """A reply holding "##002#" (a dial code) read as Markdown, so the drafter left it and said the
    PIN section to "how do I check my voicemail". The reply was approved whole when the folder was read."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    reply = "Call 1571 to listen to and set up voicemail. To switch it off, dial ##002# and press call."
    (folder / "voicemail.md").write_text(
        f'---\nid: voicemail\ntitle: Voicemail\nreply: "{reply}"\n---\n## PIN\nReset your voicemail PIN in the app under Settings > Voicemail.\n',
        encoding="utf-8",
    )
    articles = load_folder(folder).articles
    post = Post("x", "1", "sam_k", "how do I check my voicemail")
    hit = Hit("voicemail", 0.8, 0.8, lexical=5.0, chunk_id="voicemail::1")
    drafted = DRAFTER.draft(post, triage(post), Grounding([hit], articles, Thresholds(0.4, 1.0)))
    assert reply in drafted.text and "PIN" not in drafted.text, drafted.text


@pytest.mark.parametrize(
    ("post", "says"),
    [
        ("@WheelwrightBikes what do you actually do in a full service?", "A full service also"),
        ("@WheelwrightBikes what's in a standard service", "A standard service checks"),
        ("@WheelwrightBikes do you charge for parts on top", "Parts are charged on top"),
        ("", "A standard service checks"),  # without a post: the leading sentences
    ],
)
def test_a_long_section_is_said_by_the_sentences_naming_what_was_asked(post: str, says: str) -> None:
    """ "what do you actually do in a full service?" was told what a standard service does: the
    section's first sentence. The sentences in a row that fit and name most of the post's words
    are said (the post's handle names nothing: "@WheelwrightBikes" is no wheel)."""
    from assistant.drafting.offline import fitting

    body = (
        "A standard service checks and adjusts your gears and brakes, trues the wheels, checks the headset and bottom bracket, and oils the chain. "
        "A full service also strips and cleans the drivetrain, replaces cables and brake pads where needed, and bleeds hydraulic brakes. "
        "Parts are charged on top, and we call you before fitting anything over £20."
    )
    said = fitting("What a service includes", body, post)
    assert says in said and said in body, said


def test_a_wall_of_text_is_said_from_its_start() -> None:
    """A section of thousands of sentences (a careless paste) is read only as far as MAX_SENTENCES,
    and a window grows only while it can fit a post: what is said comes from its start."""
    from assistant.drafting.offline import MAX_SENTENCES, fitting

    sentences = [f"Step {n} is to check the valve number {n}." for n in range(5000)]
    said = fitting("What to do", " ".join(sentences), "which valve is number 4999")
    assert said and said in " ".join(sentences[:MAX_SENTENCES]), said[:80]
