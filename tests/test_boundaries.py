"""Boundaries that mutation testing showed no test would notice moving: each test pins one rule at
its edge (the limit and one past it), so flipping the comparison or dropping the check fails here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from assistant.people import plain
from assistant.policy import TicketState, owner
from assistant.privacy import mask_personal_data
from assistant.scheduler import Scheduler, reminder
from assistant.sla import Targets, parse_targets
from assistant.store import Store
from assistant.store.models import Publication, Ticket, Timer
from tests.conftest import Clock, make_post

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class Inbox:
    """What the scheduler tells Slack, recorded: the thread messages and the cards it redraws."""

    def __init__(self) -> None:
        self.told: list[tuple[int, str]] = []
        self.people: list[str] = []
        self.redrawn: list[int] = []
        self.keys: list[str] = []

    def tell_owner(self, ticket_id: int, text: str, person: str = "", *, key: str = "") -> str:
        self.told.append((ticket_id, text))
        self.people.append(person)
        self.keys.append(key)
        return f"ts-{len(self.told)}"

    def find_said(self, ticket_id: int, key: str) -> str | None:
        return next((f"ts-{n + 1}" for n, said in enumerate(self.keys) if said == key), None)

    def refresh(self, ticket_id: int) -> None:
        self.redrawn.append(ticket_id)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Any:
    opened = Store(
        f"sqlite:///{tmp_path / 'edges.db'}",
        clock=clock,
        reopen_window=timedelta(hours=72),
        sla=Targets(first=parse_targets("urgent=30m,high=1h,normal=4h,low=8h"), next=parse_targets("urgent=1h,high=2h,normal=8h,low=16h")),
    )
    yield opened
    opened.close()


def _answered(store: Store, conversation: str) -> int:
    """A ticket opened in `conversation`, drafted, approved and posted (SENT) at the clock's time."""
    ticket_id = store.arrive(make_post(f"{conversation}-1", conversation_id=conversation)).ticket_id
    assert ticket_id is not None
    store.add_draft(ticket_id, ready=True, text="@sam_k Tap Forgot password.", citations=[], drafter="test")
    store.begin_publication(ticket_id, actor="UAGENT1", text="@sam_k Tap Forgot password.")
    store.finish_publication(ticket_id, status="posted", external_id=f"{conversation}-reply")
    assert store.get(ticket_id).state == TicketState.SENT
    return ticket_id


def test_a_number_with_its_country_code_is_a_phone_even_after_a_word_that_names_codes() -> None:
    for text in ("ref: +44 20 7946 0958", "order #: +1 415 555 2671", "ORD-+44 20 7946 0958"):
        masked = mask_personal_data(text).text
        assert "7946" not in masked and "555 2671" not in masked and "[phone number]" in masked, text
    for text in ("ref: 020 7946 0958", "order #: 415 555 2671"):
        assert mask_personal_data(text).text == text, "without a country code, the word names the number: kept readable"


def test_a_customer_writing_again_at_the_end_of_the_reopen_window_reopens_and_one_second_later_links(store: Store, clock: Clock) -> None:
    at_edge = _answered(store, "c1")
    past_edge = _answered(store, "c2")
    clock.now = START + timedelta(hours=72)
    came = store.arrive(make_post("c1-2", conversation_id="c1"))
    assert (came.how, came.ticket_id) == ("reopened", at_edge)
    assert store.get(at_edge).round == 2 and store.get(at_edge).state == TicketState.NEW
    clock.now = START + timedelta(hours=72, seconds=1)
    came = store.arrive(make_post("c2-2", conversation_id="c2"))
    assert came.how == "opened" and came.previous_ticket_id == past_edge and came.ticket_id != past_edge


def test_the_owner_is_who_holds_it_else_who_sent_the_latest_reply() -> None:
    replies = [
        Publication(kind="reply", round=1, approved_by="UFIRST"),
        Publication(kind="reply", round=2, approved_by="ULATEST"),
        Publication(kind="dm", round=2, approved_by="UDM"),  # a DM is not a reply: it names no owner
        Publication(kind="reply", round=3, approved_by=""),  # nor does a reply nobody approved yet
    ]
    assert owner(Ticket(claimed_by="", publications=replies)) == "ULATEST"
    assert owner(Ticket(claimed_by="UHOLDER", publications=replies)) == "UHOLDER"
    assert owner(Ticket(claimed_by="", publications=[Publication(kind="reply", round=1, approved_by="")])) == ""


def test_the_first_response_and_a_later_response_have_their_own_targets(store: Store, clock: Clock) -> None:
    targets = store.sla()
    assert targets.target("high", 1) == timedelta(hours=1) and targets.target("high", 2) == timedelta(hours=2)
    ticket_id = _answered(store, "c3")
    clock.now = START + timedelta(hours=1)
    store.arrive(make_post("c3-2", conversation_id="c3"))  # round 2: the customer waits from now
    store.record_triage(ticket_id, intent="complaint", sentiment="negative", priority="high", score=60, reasons=["test"])
    due = {t.kind: t.due_at.replace(tzinfo=UTC) for t in store.timers(ticket_id, status="pending")}
    assert due["sla_breach"] == clock.now + timedelta(hours=2), "the next-response target, not the first"
    assert due["sla_warning"] == clock.now + timedelta(hours=2) * targets.warn_at
    first = store.arrive(make_post("c4-1", conversation_id="c4")).ticket_id
    assert first is not None
    store.record_triage(first, intent="complaint", sentiment="negative", priority="high", score=60, reasons=["test"])
    breach = next(t for t in store.timers(first, status="pending") if t.kind == "sla_breach")
    assert breach.due_at.replace(tzinfo=UTC) == clock.now + timedelta(hours=1), "the first-response target"


def test_a_breach_and_a_follow_up_redraw_the_card_and_a_warning_does_not(store: Store, clock: Clock) -> None:
    ticket_id = store.arrive(make_post("c5-1", conversation_id="c5")).ticket_id
    assert ticket_id is not None
    store.record_triage(ticket_id, intent="question", sentiment="neutral", priority="high", score=40, reasons=["test"])
    store.follow_up(ticket_id, START + timedelta(minutes=50), actor="UAGENT1", note="check it worked")
    inbox = Inbox()
    scheduler = Scheduler(store, inbox, worker="edges")
    clock.now = START + timedelta(minutes=45)  # the warning (75% of 1 h)
    assert scheduler.tick() == 1 and inbox.redrawn == [] and "SLA" in inbox.told[-1][1]
    clock.now = START + timedelta(minutes=50)  # the follow-up
    assert scheduler.tick() == 1 and inbox.redrawn == [ticket_id] and "Follow-up due" in inbox.told[-1][1]
    clock.now = START + timedelta(hours=1)  # the breach
    assert scheduler.tick() == 1 and inbox.redrawn == [ticket_id, ticket_id] and "SLA missed" in inbox.told[-1][1]


def test_a_timer_of_an_earlier_round_says_nothing_in_a_later_one(store: Store, clock: Clock) -> None:
    ticket_id = _answered(store, "c6")
    clock.now = START + timedelta(hours=1)
    store.arrive(make_post("c6-2", conversation_id="c6"))
    store.record_triage(ticket_id, intent="question", sentiment="neutral", priority="high", score=40, reasons=["test"])
    ticket = store.get(ticket_id)
    assert ticket.round == 2 and ticket.waiting_since is not None
    for kind in ("sla_warning", "sla_breach"):
        stale = Timer(ticket_id=ticket_id, kind=kind, round=1, due_at=clock.now)
        assert reminder(store, stale, ticket) is None, f"a round-1 {kind} is over"
        current = Timer(ticket_id=ticket_id, kind=kind, round=2, due_at=clock.now)
        assert reminder(store, current, ticket), f"this round's {kind} is said"


def test_a_follow_up_is_refused_only_on_a_dismissed_ticket() -> None:
    from assistant.policy import Action, refusal

    for state in TicketState:
        said = refusal(Ticket(id=7, state=state, claimed_by=""), Action.FOLLOW_UP, "UAGENT1")
        assert bool(said) is (state is TicketState.DISMISSED), state


def test_a_reply_that_may_be_out_offers_only_close_escalate_and_follow_up_and_a_failed_one_offers_a_resend() -> None:
    from assistant.policy import Action, offered
    from assistant.store.models import Draft, PostRow

    def send_failed(status: str) -> Ticket:
        return Ticket(
            id=9,
            state=TicketState.SEND_FAILED,
            claimed_by="",
            round=1,
            post=PostRow(platform="x", author_handle="sam_k"),
            drafts=[Draft(round=1, text="@sam_k Tap Forgot password.", problems=[], citations=[], flags=[])],
            publications=[Publication(kind="reply", round=1, status=status, approved_by="UAGENT1")],
        )

    maybe_out = offered(send_failed("uncertain"))
    assert set(maybe_out) == {Action.CLOSE, Action.ESCALATE, Action.FOLLOW_UP}, maybe_out
    refused = offered(send_failed("failed"))
    assert {Action.APPROVE, Action.EDIT, Action.CLOSE, Action.ESCALATE} <= set(refused), "nothing went out: it may be sent again"


# What each card offers, by state, unclaimed and claimed (the holder sees Release instead of Claim;
# a claimed open ticket offers managers Take over).
OFFERED = {
    "awaiting": (
        {"approve", "claim", "dismiss", "edit", "escalate", "follow_up"},
        {"approve", "dismiss", "edit", "escalate", "follow_up", "release", "take_over"},
    ),
    "blocked": (
        {"claim", "dismiss", "edit", "escalate", "follow_up", "override"},
        {"dismiss", "edit", "escalate", "follow_up", "override", "release", "take_over"},
    ),
    "escalated": ({"approve", "close", "edit", "return"}, {"approve", "close", "edit", "return", "take_over"}),
    "failed": ({"approve", "claim", "close", "edit", "escalate", "follow_up"}, {"approve", "close", "edit", "escalate", "follow_up", "release", "take_over"}),
    "uncertain": ({"close", "escalate", "follow_up"}, {"close", "escalate", "follow_up", "take_over"}),
    "sent": ({"follow_up"}, {"follow_up", "release"}),
    "dismissed": (set(), {"release"}),
    "closed": ({"follow_up"}, {"follow_up", "release"}),
    "new": ({"dismiss", "follow_up"}, {"dismiss", "follow_up", "release"}),
}


@pytest.mark.parametrize("case", sorted(OFFERED))
def test_each_card_offers_exactly_the_actions_its_state_allows(case: str) -> None:
    from assistant.policy import offered
    from assistant.store.models import Draft, PostRow

    state, status = {
        "awaiting": ("awaiting_review", None),
        "blocked": ("awaiting_review", None),
        "failed": ("send_failed", "failed"),
        "uncertain": ("send_failed", "uncertain"),
        "sent": ("sent", "posted"),
    }.get(case, (case, None))
    problems = [{"name": "too long", "reason": "over the limit"}] if case == "blocked" else []
    for claimed, expected in zip(("", "UAGENT9"), OFFERED[case], strict=True):
        ticket = Ticket(
            id=1,
            state=state,
            claimed_by=claimed,
            round=1,
            post=PostRow(platform="x", author_handle="sam_k"),
            drafts=[Draft(round=1, text="@sam_k Tap Forgot password.", problems=problems, citations=[], flags=[])],
            publications=[Publication(kind="reply", round=1, status=status, approved_by="UAGENT1")] if status else [],
        )
        assert {action.value for action in offered(ticket)} == expected, (case, claimed)


def test_release_approve_and_override_are_refused_exactly_when_the_rules_say() -> None:
    from assistant.policy import Action, refusal
    from assistant.store.models import Draft, PostRow

    def ticket(claimed: str = "", text: str = "@sam_k Tap Forgot password.", blocked: bool = False, status: str | None = None) -> Ticket:
        problems = [{"name": "too long", "reason": "over"}] if blocked else []
        return Ticket(
            id=4,
            state="send_failed" if status else "awaiting_review",
            claimed_by=claimed,
            round=1,
            post=PostRow(platform="mastodon", author_handle="sam_k"),
            drafts=[Draft(round=1, text=text, problems=problems, citations=[], flags=[])],
            publications=[Publication(kind="reply", round=1, status=status, approved_by="UAGENT1")] if status else [],
        )

    assert refusal(ticket(claimed="UAGENT1"), Action.RELEASE, "UAGENT1") == ""
    assert "not claimed by you" in refusal(ticket(claimed="UAGENT1"), Action.RELEASE, "UAGENT2")
    assert "not claimed by you" in refusal(ticket(), Action.RELEASE, "")
    assert "may already be on mastodon" in refusal(ticket(status="uncertain"), Action.APPROVE, "UAGENT1")
    assert "may already be on mastodon" in refusal(ticket(status="uncertain"), Action.EDIT, "UAGENT1")
    assert refusal(ticket(status="failed"), Action.APPROVE, "UAGENT1") == ""
    assert "no drafted reply" in refusal(ticket(text="   "), Action.APPROVE, "UAGENT1")
    assert refusal(ticket(text="   "), Action.EDIT, "UAGENT1") == "", "an agent writes the reply an empty draft lacks"
    assert "Approve is blocked" in refusal(ticket(blocked=True), Action.APPROVE, "UAGENT1")
    assert refusal(ticket(blocked=True), Action.OVERRIDE, "UAGENT1") == ""
    assert "no failed checks to override" in refusal(ticket(), Action.OVERRIDE, "UAGENT1")


def test_a_card_touching_a_link_is_masked_and_names_its_own_last_four() -> None:
    assert mask_personal_data("card 4111 1111 1111 1111https://shop.example/p").text == "card [card ••••1111]https://shop.example/p"
    assert mask_personal_data("card 4111 1111 1111 1111 22 thanks").text == "card [card ••••1111] 22 thanks", "a short group after it is not its tail"


def test_a_stated_secrets_digits_are_masked_to_the_end_of_their_run() -> None:
    for text in ("pin:4111 1111 1111 1111", "PIN: 4242 4242 4242 4242", "code: 123 456", "my pin is 4821"):
        masked = mask_personal_data(text).text
        assert "[secret]" in masked and not any(ch.isdigit() for ch in masked), (text, masked)
    assert mask_personal_data("my pin is 4821 and my order is 12345").text == "my pin is [secret] and my order is 12345"


def _luhn(length: int) -> str:
    """A Luhn-valid number of `length` digits."""
    from assistant.privacy import luhn_valid

    base = "4" + "1" * (length - 2)
    return next(base + digit for digit in "0123456789" if luhn_valid(base + digit))


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # A card in a link's value: 13 to 19 Luhn-valid digits; outside that a long number.
        (f"https://shop.example/p?card={_luhn(12)}", "https://shop.example/p?card=[number]"),
        (f"https://shop.example/p?card={_luhn(13)}", f"https://shop.example/p?card=[card ••••{_luhn(13)[-4:]}]"),
        (f"https://shop.example/p?card={_luhn(19)}", f"https://shop.example/p?card=[card ••••{_luhn(19)[-4:]}]"),
        (f"https://shop.example/p?card={_luhn(20)}", "https://shop.example/p?card=[number]"),
        ("https://shop.example/p?ref=1234567", "https://shop.example/p?ref=[number]"),
        ("https://shop.example/p?ref=123456", "https://shop.example/p?ref=123456"),
        # The shortest IBAN (Norway's, 15 characters), and one character short of it.
        ("my iban NO9386011117947 thanks", "my iban [IBAN ••••7947] thanks"),
        ("my iban NO938601111794 thanks", "my iban NO938601111794 thanks"),
        # An email written in words needs a real top-level domain.
        ("jo at example dot com", "[email]"),
        ("jo at example dot notatld", "jo at example dot notatld"),
        # Numbers spelled out: a card by its checksum, a phone from seven digits.
        ("four one one one one one one one one one one one nine", "[card ••••1119]"),
        ("call seven seven double oh nine one two", "call [phone number]"),
        ("call seven seven double oh nine one", "call seven seven double oh nine one"),
    ],
)
def test_personal_data_kinds_at_their_boundaries(text: str, masked: str) -> None:
    assert mask_personal_data(text).text == masked


def test_the_kinds_masked_are_read_back_from_the_placeholders() -> None:
    from assistant.privacy import masked_kinds

    masked = mask_personal_data("mail jo@example.com card 4111 1111 1111 1111")
    assert masked.kinds == ("card number", "email") and masked_kinds(masked.text) == masked.kinds
    assert masked_kinds("nothing personal here, order 12345") == ()


def test_a_draft_or_an_override_on_a_stale_card_changes_nothing(store: Store) -> None:
    from assistant.errors import InvalidReply, TicketChanged

    ticket_id = store.arrive(make_post("c7-1", conversation_id="c7")).ticket_id
    assert ticket_id is not None
    store.add_draft(ticket_id, ready=True, text="@sam_k first", citations=[], drafter="test", problems=[{"name": "too long", "reason": "over"}])
    seen = store.get(ticket_id).version
    with pytest.raises(TicketChanged):
        store.add_draft(ticket_id, seen=seen - 1, text="@sam_k stale", citations=[], drafter="test")
    with pytest.raises(TicketChanged):
        store.override_checks(ticket_id, actor="UAGENT1", reason="checked", seen=seen - 1)
    assert store.get(ticket_id).draft.text == "@sam_k first" and store.get(ticket_id).version == seen
    store.override_checks(ticket_id, actor="UAGENT1", reason="checked by hand", seen=seen)
    overridden = store.get(ticket_id)
    assert (overridden.draft.override_by, overridden.draft.override_reason) == ("UAGENT1", "checked by hand") and overridden.version > seen
    store.add_draft(ticket_id, seen=overridden.version, text="@sam_k fixed", citations=[], drafter="test", author="UAGENT1")
    with pytest.raises(InvalidReply, match="no failed checks"):
        store.override_checks(ticket_id, actor="UAGENT1", reason="again")


def test_escalating_and_returning_hand_the_ticket_on_and_finishing_it_ends_the_wait(store: Store) -> None:
    from assistant.errors import IllegalTransition, InvalidReply, TicketChanged

    ticket_id = store.arrive(make_post("c8-1", conversation_id="c8")).ticket_id
    assert ticket_id is not None
    store.record_triage(ticket_id, intent="question", sentiment="neutral", priority="high", score=40, reasons=["test"])
    store.add_draft(ticket_id, ready=True, text="@sam_k hi", citations=[], drafter="test")
    store.claim(ticket_id, actor="UAGENT1", manager=False)
    with pytest.raises(InvalidReply) as claimed:
        store.transition(ticket_id, TicketState.DISMISSED, actor="UAGENT2", kind="dismissed", claimant="UAGENT2")
    assert "claimed by UAGENT1" in plain(str(claimed.value))
    with pytest.raises(TicketChanged):
        store.transition(ticket_id, TicketState.ESCALATED, actor="UAGENT1", kind="escalated", seen=store.get(ticket_id).version - 1)
    store.transition(ticket_id, TicketState.ESCALATED, actor="UAGENT1", kind="escalated", note="wants a manager", claimant="UAGENT1")
    escalated = store.get(ticket_id)
    assert (escalated.claimed_by, escalated.escalation_reason) == ("", "wants a manager"), "handed on: nobody holds it"
    with pytest.raises(InvalidReply, match="Only a manager can claim"):
        store.claim(ticket_id, actor="UAGENT1", manager=False)  # a stale card's click: refused in the update itself
    store.claim(ticket_id, actor="UBOSS", manager=True)
    store.transition(ticket_id, TicketState.AWAITING_REVIEW, actor="UBOSS", kind="returned")
    assert store.get(ticket_id).claimed_by == "", "returned: nobody holds it"
    assert {t.status for t in store.timers(ticket_id) if t.kind.startswith("sla")} == {"pending"}
    store.transition(ticket_id, TicketState.DISMISSED, actor="UAGENT1", kind="dismissed")
    finished = store.get(ticket_id)
    assert finished.waiting_since is None and {t.status for t in store.timers(ticket_id) if t.kind.startswith("sla")} == {"cancelled"}
    with pytest.raises(IllegalTransition):
        store.transition(ticket_id, TicketState.SENDING, actor="UAGENT1", kind="approved")


def test_a_follow_up_names_who_set_it_and_the_loop_fires_until_stopped(store: Store, clock: Clock) -> None:
    import threading

    ticket_id = store.arrive(make_post("c9-1", conversation_id="c9")).ticket_id
    assert ticket_id is not None
    store.record_triage(ticket_id, intent="question", sentiment="neutral", priority="high", score=40, reasons=["test"])
    store.follow_up(ticket_id, START + timedelta(minutes=10), actor="UAGENT1")
    other = store.arrive(make_post("c10-1", conversation_id="c10", author="ann")).ticket_id
    assert other is not None
    store.follow_up(other, START + timedelta(minutes=10), actor="system", note="the reply promised it")
    inbox = Inbox()
    clock.now = START + timedelta(minutes=50)  # both follow-ups and the SLA warning (45 min) are due
    stop = threading.Event()
    loop = threading.Thread(target=Scheduler(store, inbox, worker="edges").run, args=(stop, 0.01))
    loop.start()
    try:
        deadline = datetime.now(UTC) + timedelta(seconds=10)
        while len(inbox.told) < 3 and datetime.now(UTC) < deadline:
            stop.wait(0.01)
    finally:
        stop.set()
        loop.join(timeout=5)
    assert not loop.is_alive() and len(inbox.told) == 3
    said = dict(zip((text for _, text in inbox.told), inbox.people, strict=True))
    assert [person for text, person in said.items() if "Follow-up" in text and "promised" not in text] == ["UAGENT1"], "who set it is told"
    assert [person for text, person in said.items() if "promised" in text] == [""], "the system's own follow-up names nobody"
    assert [person for text, person in said.items() if "SLA" in text] == [""]
