"""What each network allows, declared once per network and read everywhere; fediverse handles."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.drafting.checks import check_reply_text
from assistant.drafting.links import find_links
from assistant.errors import InvalidReply
from assistant.platforms import Platforms, declared, platform
from assistant.privacy import mask_personal_data
from assistant.review import check_dm, check_reply
from assistant.services import Services
from assistant.slack import constants as c
from assistant.slack.modals import edit_modal
from assistant.text.measure import graphemes, mastodon_length
from tests.conftest import make_post

USER = st.from_regex(r"[a-z][a-z0-9_]{0,14}", fullmatch=True)
DOMAIN = st.from_regex(r"[a-z][a-z0-9]{1,10}\.(social|org|com|net|xyz|online)", fullmatch=True)


def test_every_network_declares_its_rules_once_as_data() -> None:
    rules = declared()
    assert {"x", "mastodon", "bluesky"} <= set(rules)
    assert (rules["x"].limit, rules["mastodon"].limit, rules["bluesky"].limit) == (280, 500, 300)
    assert all(rules[name].can_dm and rules[name].threads for name in ("x", "mastodon", "bluesky"))
    assert not rules["facebook"].can_dm and not rules["facebook"].threads, "comments through the webhook: no DMs, one reply"
    assert rules["bluesky"].unit == "graphemes" and rules["bluesky"].dm_limit == 1000


@given(st.from_regex(r"[a-z0-9][a-z0-9._-]{0,31}", fullmatch=True))
@hsettings(deadline=None)
def test_a_network_nobody_declared_gets_xs_length_and_no_dms_or_threads(name: str) -> None:
    rules = platform(name)
    if name in declared():
        assert rules == declared()[name]
        return
    assert (rules.name, rules.limit, rules.can_dm, rules.threads) == (name, 280, False, False)
    assert rules.length("😀" * 140) == 280  # X's weighting


def test_mastodon_counts_links_as_23_and_remote_mentions_by_their_name() -> None:
    link = "https://help.nimbushome.example.com/a/very/long/path/that/goes/on/and/on"
    assert mastodon_length(link) == 23
    assert mastodon_length("@ines@fosstodon.org hi") == len("@ines hi")
    for room, expected in ((500, False), (501, True)):
        text = "@ines@fosstodon.org " + "a" * (room - len("@ines ") - 24) + " " + link
        assert mastodon_length(text) == room
        assert ("too long" in [p.name for p in check_reply_text(text, platform="mastodon", customer="ines@fosstodon.org", cited=[])]) is expected


def test_bluesky_counts_graphemes_up_to_300() -> None:
    flags = "🇫🇷" * 150  # 300 flags' worth of code points, 150 graphemes
    assert graphemes(flags) == 150
    assert check_reply("é" * 300, platform("bluesky")) and graphemes("e\u0301" * 300) == 300
    with pytest.raises(InvalidReply, match="301 graphemes; Bluesky allows 300"):
        check_reply("e\u0301" * 301, platform("bluesky"))


def test_a_network_without_dms_or_threads_refuses_them_with_the_reason() -> None:
    with pytest.raises(InvalidReply, match="Trustpilot has no direct messages"):
        check_dm("Hi, your order is on its way", platform("trustpilot"))
    assert check_dm("", platform("trustpilot")) == ""
    with pytest.raises(InvalidReply, match="Trustpilot takes one reply, not a thread"):
        check_reply("first part\n---\nsecond part", platform("trustpilot"))
    assert check_reply("first part\n---\nsecond part", platform("x"))
    problems = check_reply_text("@sam first part\n---\nsecond part", platform="trustpilot", customer="sam", cited=[])
    assert "thread not possible" in [p.name for p in problems]


@given(USER, DOMAIN)
@hsettings(max_examples=60, deadline=None)
def test_a_fediverse_handle_is_a_mention_not_an_email_or_a_link(user: str, domain: str) -> None:
    handle = f"@{user}@{domain}"
    post = f"{handle} my order never came"
    assert mask_personal_data(post).text == post
    assert mask_personal_data(f"mail me at {user}@{domain} please").kinds == ("email",)
    assert find_links(f"Hi {handle}!") == []
    reply = f"Hi {handle}! Orders ship within 1 business day."
    assert check_reply_text(reply, platform="mastodon", customer=f"{user}@{domain}", cited=[]) == []
    other = check_reply_text(f"Hi {handle} and @{user}@x{domain}!", platform="mastodon", customer=f"{user}@{domain}", cited=[])
    assert [p.name for p in other] == ["mentions someone else"]


def test_a_private_answer_on_a_network_without_dms_points_to_the_article(services: Services) -> None:
    asked = "Where is my order? I ordered a kettle ten days ago and nothing has arrived"
    review = services.store.get(services.pipeline.ingest(make_post("tp-1", asked, platform="trustpilot", author="Dana")).ticket_id)
    on_x = services.store.get(services.pipeline.ingest(make_post("x-1", asked, platform="x", author="dana")).ticket_id)
    assert review.draft is not None and on_x.draft is not None
    assert on_x.draft.dm_text and "DM here on X" in on_x.draft.text
    assert review.draft.dm_text == "" and "DM" not in review.draft.text
    cited = review.draft.citations[0]
    assert cited["url"] in review.draft.text and "please don't post them here" in review.draft.text
    assert any("Trustpilot has no direct messages" in flag for flag in review.draft.flags)
    assert review.draft.problems == []
    blocks = {block.block_id for block in edit_modal(review, platform(review.post.platform)).blocks}
    assert c.DM_BLOCK not in blocks and c.DM_BLOCK in {block.block_id for block in edit_modal(on_x, platform(on_x.post.platform)).blocks}


@given(USER, DOMAIN)
@example("ass", "a0.social")  # a CI seed: the handle's first label read as profanity in the greeting
@example("dickens", "bsky.social")
@hsettings(max_examples=40, deadline=None)
def test_a_bluesky_handle_is_a_mention_not_a_link(user: str, domain: str) -> None:
    customer = f"{user}.{domain}"
    assert find_links(f"Hi @{customer}!") == []
    assert check_reply_text(f"Hi @{customer}! Orders ship within 1 business day.", platform="bluesky", customer=customer, cited=[]) == []
    other = check_reply_text(f"Hi @{customer} and @{user}.x{domain}!", platform="bluesky", customer=customer, cited=[])
    assert [p.name for p in other] == ["mentions someone else"]


def test_a_limit_the_server_said_wins_over_the_settings(settings) -> None:  # noqa: ANN001
    from assistant.services import build_services

    built = build_services(settings.model_copy(update={"mastodon_char_limit": 700}), learned_limits={"mastodon": 1000})
    built.store.close()
    assert built.platforms("mastodon").limit == 1000, "`run` connects Mastodon first and hands its instance's limit to the services"
    assert built.pipeline.checker.platforms("mastodon").limit == 1000 and built.desk.platforms("mastodon").limit == 1000
    alone = build_services(settings.model_copy(update={"mastodon_char_limit": 700}))
    alone.store.close()
    assert alone.platforms("mastodon").limit == 700 and platform("mastodon").limit == 500
    assert Platforms({"mastodon": 0}, {"mastodon": -5})("mastodon").limit == 500, "a limit that is not positive is ignored"


X_HANDLE = st.builds(
    lambda word, tail: (word + tail)[:15],
    st.sampled_from(["ass", "Dick", "idiot", "sh1t", "crap", "wtf", "fuck", "bastard", "loser", "sam"]),
    st.from_regex(r"[A-Za-z0-9_]{0,10}", fullmatch=True),
)


@given(X_HANDLE)
@hsettings(max_examples=60, deadline=None)
def test_a_customers_handle_is_never_our_profanity(handle: str) -> None:
    """Whatever the customer's handle spells, greeting them by it is not an insult of ours; the same
    word in our own text still is."""
    said = check_reply_text(f"@{handle} Orders ship within 1 business day.", platform="x", customer=handle, cited=[])
    assert [p for p in said if p.name == "insult or profanity"] == []
    ours = check_reply_text(f"@{handle} You idiot, orders ship within 1 business day.", platform="x", customer=handle, cited=[])
    assert [p.name for p in ours if p.name == "insult or profanity"] == ["insult or profanity"]
