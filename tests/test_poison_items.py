"""One bad item never stops a feed: any replay line or X mention becomes a ticket or a rejected item
with a reason; never an exception, never a stopped poll, never a cursor stuck behind it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.clients.x import TimeoutAdapter, make_x_client
from assistant.services import Services, build_services
from assistant.sources import CLOCK_SKEW
from assistant.sources.items import items_at
from assistant.sources.replay import replay
from assistant.sources.x import CURSOR, XMentions, snowflake_time
from tests.conftest import examples, make_settings
from tests.fakes.x_transport import XTransport

OWN_ID = "900"


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """One store for many generated cases: ids are unique per case, so they never collide."""
    root = tmp_path_factory.mktemp("poison")
    built = build_services(
        make_settings(
            root,
            index_path=tmp_path_factory.getbasetemp() / "poison-index",
            x_api_key="ck",
            x_api_secret="cs",
            x_access_token="at",
            x_access_token_secret="ats",
        )
    )
    built.knowledge.sync()
    yield built
    built.store.close()


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(["", " ", "\u200b", "how do I reset my password?", "where is my order??", "2026-11-20T08:00:00+00:00", "x", "mastodon"]),
)
values = st.recursive(scalars, lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3), max_leaves=6)
FIELDS = ["id", "text", "author", "name", "followers", "created_at", "platform", "url", "in_reply_to_id", "author_id", "expected"]
records = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
broken_lines = st.one_of(
    st.binary(max_size=80).filter(lambda b: b"\n" not in b),
    st.just(b'{"id": "1", "text": "deep", "x": ' + b"[" * 3000 + b"]" * 3000 + b"}"),
    st.just(b'{"id": "2", "text": "big", "followers": ' + b"9" * 6000 + b"}"),
    st.just(b'{"id": "3", "text": "caf\xe9 au lait"}'),
    st.just(b'{"id": "4", "text": "\\ud800 lone surrogate"}'),
    st.just(b'{"id": "5", "text": "nul \\u0000 inside"}'),
    st.just(b'{"id": "' + b"7" * 300 + b'", "text": "long id"}'),
    st.just(b'{"id": "6", "text": "' + b"a" * 30_000 + b'"}'),
    st.just(b"[1, 2, 3]"),
    st.just(b'{"id": "8", "text": "NaN followers", "followers": NaN}'),
)
case_counter = iter(range(10**9))


@settings(max_examples=examples(80), deadline=None, suppress_health_check=list(HealthCheck))  # each example goes through the pipeline; FUZZ_SCALE for more
@given(st.lists(st.one_of(records.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")), broken_lines), min_size=1, max_size=5))
def test_any_replay_line_becomes_a_ticket_or_a_rejected_item(services: Services, tmp_path_factory: pytest.TempPathFactory, lines: list[bytes]) -> None:
    case = next(case_counter)
    # Ids are made unique per case so a generated id never meets one from an earlier case.
    lines = [line.replace(b'"id": "', f'"id": "c{case}-'.encode()) for line in lines]
    path = tmp_path_factory.mktemp("replay") / "posts.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    tickets_before, rejected_before = len(services.store.list()), len(services.store.rejected())
    report = replay(path, services.pipeline)

    def blank(number: int, line: bytes) -> bool:
        line = line.removeprefix(b"\xef\xbb\xbf") if number == 0 else line  # a byte-order mark is not content
        try:
            return not line.decode("utf-8").strip()
        except UnicodeDecodeError:
            return False

    non_blank = sum(not blank(number, line) for number, line in enumerate(path.read_bytes().split(b"\n")))
    assert report.posts + len(report.problems) == non_blank, "every line is a post or a problem"
    assert len(services.store.list()) - tickets_before == report.new_tickets
    assert len(services.store.rejected()) - rejected_before <= len(report.problems), "rejected lines are kept (once each)"
    assert all(problem.reason for problem in report.problems)


tweet_ids = st.integers(1, 2**63 - 1).map(str)


@st.composite
def mentions_pages(draw: st.DrawFn) -> tuple[bytes, list[Any]]:
    """A mentions page: good tweets, malformed ones, and raw items that break JSON as a whole."""
    users = [{"id": str(100 + n), "username": f"user{n}", "name": f"User {n}", "public_metrics": {"followers_count": n}} for n in range(3)]
    items: list[str] = []
    expected: list[Any] = []
    for tweet_id in draw(st.lists(tweet_ids, min_size=1, max_size=6, unique=True)):
        kind = draw(st.sampled_from(["good", "good", "own", "generated", "no_text", "no_author", "raw"]))
        tweet: Any
        if kind == "good":
            tweet = {
                "id": tweet_id,
                "text": draw(st.sampled_from(["@NimbusHome where is my order?", "@NimbusHome how do I reset my password", "@NimbusHome &amp; hello"])),
                "author_id": str(100 + draw(st.integers(0, 2))),
            }
        elif kind == "own":
            tweet = {"id": tweet_id, "text": "@sam thanks", "author_id": OWN_ID}
        elif kind == "no_text":
            tweet = {"id": tweet_id, "author_id": "100"}
        elif kind == "no_author":
            tweet = {"id": tweet_id, "text": "hello"}
        elif kind == "generated":
            tweet = draw(st.dictionaries(st.sampled_from(["id", "text", "author_id", "created_at", "conversation_id"]), values, max_size=5))
        else:
            raw = draw(
                st.sampled_from(
                    [
                        '{"id": "%s", "text": "deep", "author_id": "100", "x": ' + "[" * 2000 + "]" * 2000 + "}",
                        '{"id": "%s", "text": "big", "author_id": "100", "n": ' + "9" * 5000 + "}",
                        '{"id": "%s", "text": "broken \\udc80 bytes", "author_id": "100"}',
                        '{"id": "%s", "text": "nan", "author_id": "100", "n": NaN}',
                    ]
                )
            )
            items.append(raw % tweet_id if "%s" in raw else raw)
            expected.append(("raw", tweet_id))
            continue
        items.append(json.dumps(tweet, ensure_ascii=False))
        expected.append((kind, tweet))
    body = '{"data": [' + ", ".join(items) + '], "includes": {"users": ' + json.dumps(users) + '}, "meta": {"result_count": ' + str(len(items)) + "}}"
    return body.encode("utf-8", "surrogateescape"), expected


@settings(max_examples=examples(60), deadline=None, suppress_health_check=list(HealthCheck))  # each page goes through the poller and the pipeline
@given(mentions_pages())
def test_any_mentions_page_is_stored_or_kept_aside_and_the_cursor_moves_past_it(services: Services, page: tuple[bytes, list[Any]]) -> None:
    body, expected = page
    client = make_x_client(services.settings)
    adapter = client.session.get_adapter("https://api.twitter.com/")
    assert isinstance(adapter, TimeoutAdapter)
    adapter.inner = XTransport(lambda request: (200, {"content-type": "application/json"}, body))
    services.store.set_cursor(CURSOR, "1")
    tickets_before, rejected_before = len(services.store.list()), len(services.store.rejected())
    count = XMentions(client, services.store, user_id=OWN_ID).poll(services.pipeline)
    latest = datetime.now(UTC) + CLOCK_SKEW
    past = lambda tweet_id: snowflake_time(str(tweet_id)) <= latest  # noqa: E731 - ids X could have made by now
    own = sum(1 for kind, tweet in expected if kind == "own" and past(tweet["id"]))  # ours dated in the future is kept aside
    new_tickets = len(services.store.list()) - tickets_before
    new_rejected = len(services.store.rejected()) - rejected_before
    # The count is of items new to the store: one served again (an earlier example's) is not counted.
    assert new_tickets + new_rejected <= count <= len(expected) - own
    good = {tweet["id"] for kind, tweet in expected if kind == "good"}
    stored = {t.post.external_id for t in services.store.list()}
    assert {i for i in good if past(i)} <= stored, "a good mention is stored whatever its neighbours are"
    assert not {i for i in good if not past(i)} & stored, "a mention dated in the future is kept aside, not stored"
    ids = [int(tweet["id"]) for kind, tweet in expected if kind in ("good", "own", "no_text", "no_author")]
    ids += [int(tweet) for kind, tweet in expected if kind == "raw"]
    cursor = services.store.get_cursor(CURSOR)
    if any(past(i) for i in ids):
        assert int(cursor or 0) >= max(i for i in ids if past(i)), "the cursor moves past every mention it saw"
    assert cursor is None or past(cursor), "the cursor never moves to a position in the future"


def test_the_item_splitter_agrees_with_json_on_valid_documents() -> None:
    document = {"data": [{"id": "1", "t": 'a, b ] } " x'}, [1, [2, {"k": "v"}]], "s", 3.5, None], "meta": {"next": "x"}}
    text = json.dumps(document)
    assert [json.loads(item) for item in items_at(text, ("data",))] == document["data"]
    assert items_at(text, ("meta",)) == [] and items_at(text, ("missing",)) == []


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.recursive(scalars, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=4), c, max_size=3), max_leaves=8), max_size=6))
def test_items_at_splits_any_array_like_json_does(data: list[Any]) -> None:
    text = json.dumps({"meta": {"a": [1, "]"]}, "data": data, "z": "}"}, ensure_ascii=False)
    assert [json.loads(item) for item in items_at(text, ("data",))] == json.loads(text)["data"]


def test_a_failing_poll_backs_off_and_keeps_polling(services: Services) -> None:
    """A page X garbles completely (not even an array) rejects nothing, raises nothing, moves nothing."""
    import threading

    client = make_x_client(services.settings)
    answers = iter([(200, {}, b"\xff\xfe garbage"), (502, {}, b"bad gateway"), (200, {"content-type": "application/json"}, b'{"data": [], "meta": {}}')])
    calls: list[str] = []

    def responder(request: requests.PreparedRequest) -> Any:
        calls.append(request.url or "")
        return next(answers, (200, {"content-type": "application/json"}, b'{"data": [], "meta": {}}'))

    adapter = client.session.get_adapter("https://api.twitter.com/")
    adapter.inner = XTransport(responder)
    stop = threading.Event()
    source = XMentions(client, services.store, user_id=OWN_ID)
    worker = threading.Thread(target=source.run, args=(services.pipeline, stop, 0.01))
    worker.start()
    try:
        deadline = __import__("time").monotonic() + 20
        while len(calls) < 3 and __import__("time").monotonic() < deadline:
            __import__("time").sleep(0.01)
    finally:
        stop.set()
        worker.join(timeout=5)
    assert len(calls) >= 3 and not worker.is_alive(), "the poller outlives garbage and server errors"


@pytest.mark.parametrize(("field", "limit"), [("id", 128), ("author", 256), ("text", 25_000), ("in_reply_to_id", 128), ("url", 2048)])
def test_limits_are_exact_and_the_same_on_every_database(services: Services, tmp_path: Path, field: str, limit: int) -> None:
    """limit fits and is stored whole; limit+1 is refused with a message, never cut (PostgreSQL
    enforces column sizes, SQLite does not: the check is ours, so both behave the same)."""

    def record(size: int) -> dict[str, Any]:
        base = {"id": f"lim-{field}-{size}", "text": "where is my order?", "author": "kim"}
        filler = {"id": "9" * size, "author": "k" * size, "text": "w" * size, "in_reply_to_id": "8" * size, "url": "https://x.com/" + "u" * (size - 14)}[field]
        return {**base, field: filler}

    path = tmp_path / "limits.jsonl"
    path.write_text("\n".join(json.dumps(record(size)) for size in (limit, limit + 1)) + "\n")
    report = replay(path, services.pipeline)
    assert report.new_tickets == 1 and len(report.problems) == 1
    reason = report.problems[0].reason
    assert f"is {limit + 1:,} characters; at most {limit:,} are kept, and it is never cut" in reason, reason
