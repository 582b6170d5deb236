"""A ticket's card is seen once in the inbox: one posted by a replica that died before recording it
is found and redrawn, not posted again; one nobody can look for is posted again rather than never;
and of two posted at once (a replica starved past its lease while another showed its tickets) the
first recorded stays and the other is withdrawn. In-process, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.slack.inbox import CARD
from assistant.store import Store
from tests.conftest import INBOX, make_post
from tests.fakes.slack_api import FakeSlackAPI
from tests.replica_pair import Clock, beat_for, clock, inbox_of, pair, url  # noqa: F401  (fixtures)


def _cards(slack_api: FakeSlackAPI) -> list[str]:
    return [
        str(call.args["ts"]) if call.method == "chat.update" else "new"
        for call in slack_api.calls
        if call.method in ("chat.postMessage", "chat.update") and not call.refused
    ]


def test_a_card_posted_by_a_replica_that_died_before_recording_it_is_redrawn_not_posted_again(
    pair: tuple[Store, Store], clock: Clock, slack_api: FakeSlackAPI
) -> None:
    one, two = pair
    posted, unposted = (one.add_post(make_post(number).cleaned())[0] for number in ("6", "7"))
    for ticket_id in (posted, unposted):
        assert one.take_for_drafting(ticket_id)
        one.add_draft(ticket_id, text="@sam_k Try this.", citations=[], drafter="offline", ready=True)
    inbox_of(one, slack_api).show(posted)
    [message] = slack_api.messages[INBOX]
    one.set_card(posted, "", "")  # killed after Slack took the card, before its ts was stored
    assert _cards(slack_api) == ["new"]
    beat_for([two], clock, 25)
    assert two.unshown() == [posted, unposted]
    slack_api.refuse_next["conversations.history"] = "ratelimited"
    with pytest.raises(SlackApiError):
        inbox_of(two, slack_api).show(posted)  # nobody can tell whether it is there: nothing is posted
    assert _cards(slack_api) == ["new"] and two.unshown() == [posted, unposted]
    for ticket_id in two.unshown():
        inbox_of(two, slack_api).show(ticket_id)
    assert two.get(posted).card_ts == message["ts"], "found by its metadata and kept"
    assert _cards(slack_api) == ["new", message["ts"], "new"], "redrawn in place; the one never posted is posted once"
    assert two.unshown() == [] and len(slack_api.messages[INBOX]) == 2


@pytest.mark.parametrize("after", [0, 199, 200, 201, 450])
def test_a_card_is_found_however_many_messages_came_after_it_and_another_deployments_is_not_taken(
    pair: tuple[Store, Store], clock: Clock, slack_api: FakeSlackAPI, after: int
) -> None:
    """The inbox channel is busy: the card is looked for page by page (200 a page, newest first),
    found at the page's edge and past it, and a card for the same ticket number of another
    deployment sharing the channel (another post) is not taken for it."""
    one, two = pair
    ticket_id, _ = one.add_post(make_post("9").cleaned())
    assert one.take_for_drafting(ticket_id)
    one.add_draft(ticket_id, text="@sam_k Try this.", citations=[], drafter="offline", ready=True)
    inbox_of(one, slack_api).show(ticket_id)
    [card] = slack_api.messages[INBOX]
    one.set_card(ticket_id, "", "")  # killed after Slack took the card, before its ts was stored
    client = WebClient(token="xoxb-test", base_url=slack_api.url)
    for n in range(after):  # other cards since, one of them another deployment's ticket of the same number
        payload = {"ticket": str(ticket_id), "post": "x:elsewhere"} if n == after // 2 else {"ticket": str(1000 + n), "post": f"x:{n}"}
        client.chat_postMessage(channel=INBOX, text=f"card {n}", metadata={"event_type": CARD, "event_payload": payload})
    beat_for([two], clock, 25)
    reads = len(slack_api.of("conversations.history"))
    inbox_of(two, slack_api).show(ticket_id)
    assert two.get(ticket_id).card_ts == card["ts"] and len(slack_api.messages[INBOX]) == after + 1, "found, not posted again"
    assert len(slack_api.of("conversations.history")) - reads == after // 200 + 1, "read page by page until found"


def test_a_card_nobody_can_look_for_is_posted_again_rather_than_never(
    pair: tuple[Store, Store], clock: Clock, slack_api: FakeSlackAPI, caplog: pytest.LogCaptureFixture
) -> None:
    one, two = pair
    ticket_id, _ = one.add_post(make_post("8").cleaned())
    assert one.take_for_drafting(ticket_id)
    one.add_draft(ticket_id, text="@sam_k Try this.", citations=[], drafter="offline", ready=True)
    inbox_of(one, slack_api).show(ticket_id)
    one.set_card(ticket_id, "", "")  # killed after Slack took the card, before its ts was stored
    beat_for([two], clock, 25)
    slack_api.refuse_next["conversations.history"] = "not_in_channel"  # the bot was never invited: it never will know
    inbox_of(two, slack_api).show(ticket_id)
    assert _cards(slack_api) == ["new", "new"] and two.get(ticket_id).card_ts == slack_api.messages[INBOX][-1]["ts"]
    assert "invite the bot" in caplog.text and "perhaps a second time" in caplog.text


def _drafted_by(store: Store, number: str) -> int:
    ticket_id, _ = store.add_post(make_post(number).cleaned())
    assert store.take_for_drafting(ticket_id)
    store.add_draft(ticket_id, text="@sam_k Try this.", citations=[], drafter="offline", ready=True)
    return ticket_id


@pytest.mark.parametrize("first", ["taker", "starved"])
def test_of_two_cards_posted_at_once_the_first_recorded_stays_and_the_other_is_withdrawn(
    pair: tuple[Store, Store], clock: Clock, slack_api: FakeSlackAPI, first: str
) -> None:
    """Replica one drafted the ticket and was starved past its lease (alive, but silent) while its
    card was on its way; replica two took it for gone and showed the ticket meanwhile. Both cards
    reach Slack; whichever is recorded first stays, and the other replica deletes its own."""
    one, two = pair
    ticket_id = _drafted_by(one, "31")
    beat_for([two], clock, 25)
    assert two.unshown() == [ticket_id], "one is silent: its ticket is two's to show"
    meanwhile = {"done": False}

    def two_shows_it(method: str, args: dict) -> None:
        """While one's card is in flight, two shows the ticket: in full (recorded first), or up to
        Slack taking its card (recorded after one's)."""
        if method != "chat.postMessage" or meanwhile["done"]:
            return
        meanwhile["done"] = True
        if first == "taker":
            inbox_of(two, slack_api).show(ticket_id)
        else:
            assert inbox_of(two, slack_api).find_card(two.get(ticket_id)) is None, "one's card is not in the channel yet"
            posted = WebClient(token="xoxb-test", base_url=slack_api.url).chat_postMessage(
                channel=INBOX, text="two's card", metadata={"event_type": CARD, "event_payload": {"ticket": str(ticket_id), "post": "x:31"}}
            )
            meanwhile["two"] = posted["ts"]

    slack_api.hook = two_shows_it
    inbox_of(one, slack_api).show(ticket_id)
    slack_api.hook = None
    if first == "starved":  # two's card reached Slack after one's, and two records it now
        inbox_of(two, slack_api)._keep(two.get(ticket_id), INBOX, meanwhile["two"])
    twos, ones = (call.ts for call in slack_api.calls if call.method == "chat.postMessage")  # two's reached Slack inside one's call
    kept = one.get(ticket_id).card_ts
    assert kept == (twos if first == "taker" else ones), "the card recorded first is kept"
    assert [m["ts"] for m in slack_api.messages[INBOX]] == [kept], "agents see one card"
    assert slack_api.of("chat.delete") == [{"channel": INBOX, "ts": ones if kept == twos else twos}], "its poster withdrew the other"
    inbox_of(one, slack_api).refresh(ticket_id)
    assert slack_api.of("chat.update")[-1]["ts"] == kept, "redrawn in place from then on"


@pytest.mark.parametrize(("error", "noted"), [("message_not_found", False), ("ratelimited", True)])
def test_a_second_card_already_gone_is_fine_and_one_slack_will_not_delete_is_recorded(
    pair: tuple[Store, Store], slack_api: FakeSlackAPI, error: str, noted: bool, caplog: pytest.LogCaptureFixture
) -> None:
    one, _ = pair
    ticket_id = _drafted_by(one, "32")
    inbox_of(one, slack_api).show(ticket_id)
    kept = one.get(ticket_id).card_ts
    slack_api.refuse_next["chat.delete"] = error
    inbox_of(one, slack_api)._keep(one.get(ticket_id), INBOX, "1700000000.000099")  # another card of the ticket, posted late
    assert one.get(ticket_id).card_ts == kept, "the card recorded first stays"
    refusals = [event.note for event in one.get(ticket_id).events if event.kind == "slack_refused"]
    assert refusals == ([f"chat_delete of a second card 1700000000.000099: {error}"] if noted else [])
    assert ("could not be deleted" in caplog.text) is noted
