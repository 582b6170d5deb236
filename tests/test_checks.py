"""Every draft passes the same checks; a hostile post never gets its way."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.drafting.checks import WHOLE_REPLY_LINES, check_reply_text
from assistant.drafting.evaluate import HOSTILE_MARKERS
from assistant.drafting.length import platform_length, split_into_thread
from assistant.drafting.wording import is_redirect_only
from assistant.kb.folder import load_folder
from assistant.platforms import platform
from assistant.sources.replay import sample_posts_path
from assistant.text.instructions import suspicious
from assistant.text.measure import graphemes
from tests.conftest import REPO, make_post

ARTICLES = load_folder(REPO / "knowledge").articles
HOSTILE = [json.loads(line) for line in (sample_posts_path().parent / "hostile.jsonl").read_text().splitlines()]


def names(text: str, cited: tuple[str, ...] = ("reset-password",), dm: str = "", platform: str = "x") -> list[str]:
    return [p.name for p in check_reply_text(text, platform=platform, customer="sam_k", cited=[ARTICLES[c] for c in cited], dm_text=dm)]


def test_a_substantive_reply_with_its_articles_link_passes() -> None:
    assert names(f"Hi @sam_k! Tap 'Forgot password' on the sign-in screen; the link lasts an hour. {ARTICLES['reset-password'].url}") == []


@pytest.mark.parametrize(
    "reply",
    [
        "@sam_k Please DM us and we'll take a look.",
        "Hi @sam_k! Sorry to hear that. Please contact support.",
        "@sam_k Thanks for reaching out. Visit our website for help.",
        "@sam_k We're here to help. Submit a ticket and the team will get back to you.",
    ],
)
def test_redirect_only_replies_are_refused(reply: str) -> None:
    assert is_redirect_only(reply)
    assert "redirect only" in names(reply)


def test_a_redirect_with_an_answer_is_fine_and_a_private_article_with_a_dm_draft_may_redirect() -> None:
    assert not is_redirect_only("@sam_k Orders ship in 1 day and arrive in 2-5. If tracking is stuck, DM us.")
    assert names("@sam_k This needs your order details, so we've sent you a DM.", ("order-status",), dm="Hi! Orders ship in 1 day.") == []
    assert "redirect only" in names("@sam_k This needs your order details, so we've sent you a DM.", ("order-status",))


@pytest.mark.parametrize(
    "reply",
    ["@sam_k Reply with your email address and we'll check.", "@sam_k What's your phone number?", "@sam_k Tell us your card number so we can refund it."],
)
def test_asking_for_personal_data_in_public_is_refused(reply: str) -> None:
    assert "asks for personal data in public" in names(reply)


def test_asking_for_details_in_a_dm_is_allowed() -> None:
    assert "asks for personal data in public" not in names("@sam_k Please send us your order number by DM and we'll chase it.")


def test_only_links_from_cited_articles_are_allowed() -> None:
    assert "link not from a cited article" in names("@sam_k Reset it at https://evil.example/reset")
    assert "link not from a cited article" in names("@sam_k See bit.ly/3xEvil")
    assert names(f"@sam_k Live status: status.nimbushome.example.com. {ARTICLES['service-status'].url}", ("service-status",)) == []


def test_only_the_customer_is_mentioned() -> None:
    assert "mentions someone else" in names("@sam_k Tap Forgot password. cc @RivalBrand")


def test_promises_need_an_article_that_makes_them() -> None:
    assert "unbacked promise" in names("@sam_k Tap Forgot password. We'll refund your order as a goodwill gesture.")
    assert "unbacked promise" in names("@sam_k We'll send you a £20 voucher for the trouble.")
    assert "unbacked promise" not in names(
        "@sam_k Refunds are issued within 2 business days of your return reaching us; we'll refund to your card.", ("refund-timeline",)
    )


def test_blaming_other_teams_is_refused() -> None:
    assert "blames others" in names("@sam_k Sorry, that's the courier's fault, not ours.")
    assert "blames others" in names("@sam_k The warehouse messed up, it's not our fault.")


def test_length_follows_each_platforms_rules() -> None:
    assert platform_length("😀" * 140, platform("x"))[0] == 280 and "too long" not in names("@sam_k " + "😀" * 136)
    assert "too long" in names("@sam_k " + "😀" * 137)
    assert "too long" not in names("a" * 500, platform="mastodon") and "too long" in names("a" * 501, platform="mastodon")
    family = "👩\u200d👩\u200d👧\u200d👦"
    assert graphemes(family * 300) == 300 and graphemes("e\u0301" * 10) == 10 and graphemes("🇬🇧🇫🇷") == 2
    assert "too long" not in names(family * 300, platform="bluesky") and "too long" in names("a" * 301, platform="bluesky")


_PIECES = [
    "Reset",
    "the",
    " ",
    "\n",
    "nimbus.example.com",
    "https://help.nimbushome.example.com/reset?x=1",
    "www.",
    "x.co",
    "a.",
    "1.",
    "é.",
    "😀",
    "👩\u200d👩\u200d👧",
    "日本語",
    "e\u0301",
    "@sam_k",
    "#tag",
    ".",
    "/",
    ":",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=60).map("".join))
def test_x_length_is_twitter_texts_for_any_text_without_an_impossible_host(text: str) -> None:
    """The X length is twitter-text's own, except inside a dotted run too long to be a host."""
    import unicodedata
    import warnings

    from assistant.text.measure import HOST_MAX, x_weighted_length

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from twitter_text import parse_tweet
    normal = unicodedata.normalize("NFC", text)
    runs = re.findall(r"[^\s./:@]+(?:\.[^\s./:@]+)+", normal)
    if all(len(run) <= HOST_MAX for run in runs):
        assert x_weighted_length(text) == parse_tweet(normal).weightedLength


def test_a_dotted_run_too_long_for_a_host_is_weighed_by_its_characters_and_read_once() -> None:
    """twitter-text looks for a host at every dot of "a.a.a…" and reads to the run's end: 3,000
    characters took 12 s, this 8,000 would take minutes. A host of 253 characters is a link (23);
    at 254 it can't be one, and counts its characters."""
    from assistant.text.measure import x_weighted_length

    assert x_weighted_length("a." * 4000) == 8000
    assert x_weighted_length("1.a" * 2000 + " see https://nimbus.example.com/reset") == 6000 + 1 + 3 + 1 + 23
    for extra, weight in ((0, 23), (1, 254)):
        host = "a" * (61 + extra) + "." + ".".join(["b" * 59] * 3) + ".example.com"
        assert len(host) == 253 + extra and x_weighted_length(host) == weight


_SHAPES = ["a.", "1.", "www.", "é.", " ", "\n", "\t", "'", "1.a", "x'", "@a ", "(", ". "]


@pytest.mark.parametrize("unit", _SHAPES)
def test_the_checks_read_a_long_run_of_one_shape_like_any_text(unit: str) -> None:
    """Rules that retried from every character (X's length on "a.a.a…", a line-start rule on line
    breaks, a defanged-dot rule on blanks) or listed every run of a number's groups took from 5 s
    to hours on these; `make bench` (hostile) times them, this only reads them: an agent's edit as
    long as Slack allows gets a clear message, and a hostile post of 25,000 characters leaves a
    model's plain draft as it was."""
    from assistant.slack.modals import INPUT_MAX

    cited = [ARTICLES["reset-password"]]
    edit = ("@sam_k " + unit * (INPUT_MAX // len(unit) + 1))[: INPUT_MAX - 4] + " end"
    problems = check_reply_text(edit, platform="x", customer="sam_k", cited=cited, dm_text=edit)
    assert "too long" in {problem.name for problem in problems}
    draft = f"Hi @sam_k! {ARTICLES['reset-password'].reply}"
    post = ("@NimbusHome " + unit * 100_000)[:100_000]  # four times the longest post: a rule that reads it again per character would take minutes
    alone = check_reply_text(draft, platform="x", customer="sam_k", cited=cited, machine_written=True, post="how do I reset my password?")
    assert check_reply_text(draft, platform="x", customer="sam_k", cited=cited, machine_written=True, post=post) == alone


def test_a_long_answer_is_split_between_sentences_or_not_at_all() -> None:
    text = " ".join(f"Sentence number {n} explains one more step of the reset in plain words." for n in range(12))
    thread = split_into_thread(text, platform("x"))
    assert thread is not None
    parts = thread.split("\n---\n")
    assert len(parts) > 1 and all(platform_length(part, platform("x"))[0] <= 280 for part in parts)
    assert " ".join(part.rsplit(" (", 1)[0] for part in parts) == text, "nothing lost, nothing cut"
    assert split_into_thread("x" * 400, platform("x")) is None


_SENTENCES = st.builds(
    lambda words, end: " ".join(words).capitalize() + end,
    st.lists(st.sampled_from(["reset", "the", "kettle", "app", "café", "👩‍👩‍👧", "Settings"]), min_size=1, max_size=40),
    st.sampled_from([".", "!", "?"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_SENTENCES, min_size=1, max_size=6).map(" ".join), min_size=1, max_size=4), st.sampled_from(["x", "mastodon", "bluesky"]))
def test_a_thread_keeps_each_answer_whole_where_it_fits_and_loses_nothing(answers: list[str], network: str) -> None:
    from assistant.drafting.length import MARKER_ROOM

    rules = platform(network)
    thread = split_into_thread(answers, rules)
    sentences = [sentence for answer in answers for sentence in re.split(r"(?<=[.!?])\s+", answer)]
    if thread is None:
        assert any(platform_length(sentence, rules)[0] + MARKER_ROOM > rules.limit for sentence in sentences)
        return
    parts = thread.split("\n---\n")
    bare = [part.rsplit(" (", 1)[0] if len(parts) > 1 else part for part in parts]
    assert all(platform_length(part, rules)[0] <= rules.limit for part in parts)
    assert " ".join(bare) == " ".join(answers), "nothing lost, nothing cut, in the order given"
    for answer in answers:
        if platform_length(answer, rules)[0] + MARKER_ROOM <= rules.limit:
            assert any(answer in part for part in bare), "an answer that fits a part is never cut across two"


def test_an_answer_at_the_part_limit_stays_whole_and_one_past_it_is_cut() -> None:
    from assistant.drafting.length import MARKER_ROOM

    rules = platform("mastodon")
    room = rules.limit - MARKER_ROOM
    first = "Intro here."
    for extra, whole in ((0, True), (1, False)):
        second = "A" * (room - len(" Two.") + extra - 1) + ". Two."
        assert len(second) == room + extra
        parts = split_into_thread([first + " " + "b" * 450 + ".", second], rules)
        assert parts is not None
        bare = [part.rsplit(" (", 1)[0] for part in parts.split("\n---\n")]
        assert (second in bare) is whole, bare


def test_every_hostile_post_is_flagged_suspicious_and_no_ordinary_sample_is() -> None:
    from assistant.pipeline import post_flags
    from assistant.posts import Post, clean_text

    assert len(HOSTILE) >= 212
    unflagged = [
        case["id"]
        for case in HOSTILE
        if not any(
            flag.startswith("suspicious")
            for flag in post_flags(Post("x", case["id"], case["author"], clean_text(case["text"]), author_name=case.get("name", "")))
        )
    ]
    assert unflagged == [], "every attack, in the post or in the author's name, is flagged"
    samples = [json.loads(line)["text"] for line in sample_posts_path().read_text().splitlines()]
    assert [text for text in samples if suspicious(clean_text(text))] == []


def test_no_draft_follows_a_hostile_post(services) -> None:  # noqa: ANN001
    # The offline drafter on the first 62 attacks; draft-eval runs it on all of them (and an obeying model).
    for case in [case for case in HOSTILE if case["class"] == "original"]:
        ticket = services.store.get(
            services.pipeline.ingest(make_post(case["id"], case["text"], author=case["author"], author_name=case.get("name", ""))).ticket_id
        )
        draft = ticket.draft
        said = f"{draft.text} {draft.dm_text}"
        assert any(flag.startswith("suspicious") for flag in draft.flags), case["text"]
        for forbidden in HOSTILE_MARKERS:
            assert forbidden.lower() not in said.lower(), (case["text"], said)
        assert draft.problems == [], (case["text"], draft.problems)


def test_the_mastodon_limit_comes_from_the_installations_settings_and_stays_its_own(tmp_path) -> None:  # noqa: ANN001
    from assistant.platforms import platform
    from assistant.services import build_services
    from tests.conftest import make_settings

    built = build_services(make_settings(tmp_path, mastodon_char_limit=1000, index_path=tmp_path / "idx"))
    try:
        assert built.platforms("mastodon").limit == 1000
        fits = check_reply_text("a" * 900, platform="mastodon", customer="ann", cited=[], platforms=built.platforms)
        over = check_reply_text("a" * 1001, platform="mastodon", customer="ann", cited=[], platforms=built.platforms)
        assert "too long" not in [p.name for p in fits] and "too long" in [p.name for p in over]
        assert platform("mastodon").limit == 500, "another installation in the same process keeps the declared limit"
        assert "too long" in names("a" * 900, platform="mastodon")
    finally:
        built.store.close()


@pytest.mark.parametrize(
    "folder", ["knowledge", "assistant/samples/brightline/knowledge", "assistant/samples/devices/knowledge", "assistant/samples/streaming/knowledge"]
)
def test_every_passage_of_the_bundled_folders_can_be_approved_as_it_stands(folder: str) -> None:
    """What the offline drafter may send from any bundled article, in every language version, passes
    every check: the brand's own approved text never blocks Approve."""
    from assistant.drafting.checks import blocked_passages

    articles = load_folder(REPO / folder).articles
    assert {article_id: blocked for article_id, article in articles.items() if (blocked := blocked_passages(article))} == {}


def test_a_translation_quoted_after_the_handle_alone_is_not_asking_for_a_secret() -> None:
    """Without greetings in a language, a reply opens with the handle alone ("@dana Toca 'He olvidado
    mi contraseña'…"): quoting the article is not asking for the password; asking still is."""
    spanish = ARTICLES["reset-password"].in_language("es")
    assert spanish is not None
    quoted = check_reply_text(f"@dana {spanish.reply}", platform="x", customer="dana", cited=[spanish])
    assert "asks for a secret" not in {p.name for p in quoted}, spanish.reply
    asking = check_reply_text("@dana Envíanos tu contraseña y lo revisamos.", platform="x", customer="dana", cited=[spanish])
    assert "asks for a secret" in {p.name for p in asking}


@pytest.mark.parametrize("platform", ["x", "mastodon", "bluesky"])
def test_every_whole_reply_line_of_the_brand_can_be_approved_as_it_stands(platform: str) -> None:
    """The replies that are one of the brand's lines (thanks, praise, solved, a follow-up asking for
    details in DM, a post taken to DM), in every language of the prompts folder, pass every check:
    the drafter never offers a reply its own checks would block. Only the whole line counts: the
    same redirect with another handle, or cut short, is still a redirect."""
    from assistant.drafting.allowlist import Brand
    from assistant.drafting.prompts import Prompts
    from assistant.platforms import DEFAULT

    prompts = Prompts.load(REPO / "prompts")
    brand = Brand(phrases=(*prompts.all_greetings, *prompts.phrases))
    title = DEFAULT(platform).title
    for code, lines in [("en", prompts.greetings), *prompts.languages.items()]:
        for key in WHOLE_REPLY_LINES:
            reply = lines[key].format(handle="dana", platform=title, url="https://help.example.com/a")
            problems = check_reply_text(reply, platform=platform, customer="dana", cited=[], brand=brand)
            assert problems == [], (code, key, reply, problems)
    persists = prompts.greetings["persists"].format(handle="dana", platform=title)
    assert "redirect only" in {p.name for p in check_reply_text(persists.split(". ", 1)[1], platform=platform, customer="dana", cited=[], brand=brand)}


@pytest.mark.parametrize("extra", [0, 1])
def test_folding_keeps_only_texts_up_to_its_limit_and_reads_every_length_alike(extra: int) -> None:
    """The checks fold the cited articles once, not once per draft (a bounded cache), but a hostile
    25,000-character post is folded each time and never kept: at the limit it is kept, one past it
    not, and both read the same as an unkept fold."""
    from assistant.text.lookalikes import FOLD_CACHE_CHARS, _fold, _folded, fold

    text = ("Pay at pаypal.com now " * 2000)[: FOLD_CACHE_CHARS + extra]  # a Cyrillic "а" in "paypal"
    _folded.cache_clear()
    assert fold(text) == _fold(text) and "paypal.com" in fold(text)
    assert _folded.cache_info().currsize == (1 if extra == 0 else 0)
