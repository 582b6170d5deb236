"""The numbers, checked against a fixture conversation set worked out by hand (see each figure's
comment), and the parsers people type into, fuzzed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.metrics import Touch, compute, describe, edit_distance, parse_since, rate
from assistant.sla import (
    SLAError,
    parse_duration,
    parse_targets,
    parse_when,
    promised_follow_up,
)
from tests.conftest import examples

UTC = UTC


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


FIXTURE = [
    # Ticket 1: answered as drafted in 12 min; the customer wrote again; our second reply was edited
    # ("Check" → "Please check": 7 characters inserted, 1 changed = distance 8 of 55).
    Touch(1, at(2, 10, 0), "system", "received"),
    Touch(1, at(2, 10, 1), "system", "drafted", "@ann Tap Forgot password on the sign-in screen."),
    Touch(1, at(2, 10, 12), "U1", "posted", "@ann Tap Forgot password on the sign-in screen."),
    Touch(1, at(2, 10, 20), "@ann", "message"),
    Touch(1, at(2, 10, 20), "system", "reopened"),
    Touch(1, at(2, 10, 21), "system", "drafted", "@ann Check your spam folder for the reset email."),
    Touch(1, at(2, 10, 50), "U1", "posted", "@ann Please check your spam folder for the reset email."),
    # Ticket 2: escalated by U2, returned, rewritten by the manager and sent after 60 min (distance 10 of 10).
    Touch(2, at(3, 9, 0), "system", "received"),
    Touch(2, at(3, 9, 1), "system", "drafted", "aaaaaaaaaa"),
    Touch(2, at(3, 9, 5), "U2", "escalated"),
    Touch(2, at(3, 9, 30), "UBOSS", "returned"),
    Touch(2, at(3, 10, 0), "UBOSS", "posted", "bbbbbbbbbb"),
    # Ticket 3: dismissed by U1, never answered.
    Touch(3, at(4, 12, 0), "system", "received"),
    Touch(3, at(4, 12, 1), "system", "drafted", "@cy Yes."),
    Touch(3, at(4, 12, 10), "U1", "dismissed"),
    # Ticket 4: opened before the period, answered as drafted inside it: counts for drafts and agents only.
    Touch(4, at(30, 23, 0, month=10), "system", "received"),
    Touch(4, at(30, 23, 1, month=10), "system", "drafted", "@di Hi."),
    Touch(4, at(1, 1, 0), "U1", "posted", "@di Hi."),
    # Ticket 5: opened inside the period, answered after it: an interaction, not yet answered.
    Touch(5, at(7, 23, 0), "system", "received"),
    Touch(5, at(7, 23, 1), "system", "drafted", "@ed Hello."),
    Touch(5, at(8, 0, 30), "U1", "posted", "@ed Hello."),
    Touch(5, at(7, 23, 30), "system", "sla_breached"),
]


def test_the_numbers_of_a_fixture_set_match_the_hand_worked_ones() -> None:
    numbers = compute(FIXTURE, at(1, 0), at(8, 0))
    assert numbers["interactions"] == 4  # tickets 1, 2, 3, 5 were opened in the period
    assert numbers["answered"] == 2  # 1 and 2
    assert numbers["first_response_minutes"] == {"median": 36.0, "p90": 60.0}  # 12 and 60; nearest rank of 2 values
    assert numbers["responses_per_interaction"] == 1.5  # (2 + 1) / 2
    assert numbers["resolved_in_one_reply"] == 0.5  # ticket 2 only (ticket 1 took two)
    # Replies out in the period: 1 as drafted, 1 edited (8), 2 rewritten (10), 4 as drafted.
    assert numbers["drafts"] == {"as_drafted": 2, "edited": 1, "rewritten": 1, "mean_edit_distance": 4.5}  # (0 + 8 + 10 + 0) / 4
    assert numbers["escalation_rate"] == 0.25  # ticket 2 of 4
    assert numbers["sla_breaches"] == 1
    assert numbers["agents"] == {
        "U1": {"replies": 3, "as_drafted": 2, "edited": 1, "rewritten": 0, "escalated": 0, "dismissed": 1},
        "U2": {"replies": 0, "as_drafted": 0, "edited": 0, "rewritten": 0, "escalated": 1, "dismissed": 0},
        "UBOSS": {"replies": 1, "as_drafted": 0, "edited": 0, "rewritten": 1, "escalated": 0, "dismissed": 0},
    }
    # One definition each: the agents' verdicts add up to the overall line, and the words agree.
    for verdict in ("as_drafted", "edited", "rewritten"):
        assert sum(a[verdict] for a in numbers["agents"].values()) == numbers["drafts"][verdict]
    lines = describe(numbers, name=lambda actor: f"Agent {actor}")
    assert "Replies: 2 as drafted, 1 edited, 1 rewritten" in lines[4]
    assert "Escalated: 1 of 4 (25%) conversations" in lines[5]
    assert lines[-1] == "  Agent UBOSS: 1 replies (0 as drafted, 0 edited, 1 rewritten), 0 escalated, 0 dismissed"


def test_a_small_share_is_never_rounded_to_zero_beside_its_count() -> None:
    assert rate(1, 211) == "1 of 211 (0.5%)" and rate(0, 211) == "0 of 211 (0%)" and rate(3, 4) == "3 of 4 (75%)" and rate(0, 0) == "—"
    assert rate(22, 211) == "22 of 211 (10%)" and rate(20, 211) == "20 of 211 (9.5%)"


def test_an_empty_period_has_no_numbers_rather_than_zeros() -> None:
    numbers = compute(FIXTURE, at(20, 0), at(27, 0))
    assert numbers["interactions"] == 0 and numbers["first_response_minutes"] == {"median": None, "p90": None}
    assert numbers["responses_per_interaction"] is None and numbers["escalation_rate"] is None


@given(st.text(max_size=40), st.text(max_size=40))
@settings(max_examples=examples(200), deadline=None)
def test_edit_distance_is_a_metric_on_generated_texts(a: str, b: str) -> None:
    assert edit_distance(a, a) == 0
    assert edit_distance(a, b) == edit_distance(b, a) <= max(len(a), len(b))
    assert edit_distance(a, b) >= abs(len(a) - len(b))


@given(st.text(max_size=30))
@settings(max_examples=examples(300), deadline=None)
def test_typed_periods_and_durations_parse_or_are_refused_with_the_form_to_use(text: str) -> None:
    try:
        assert parse_since(text) > timedelta(0)
    except ValueError as exc:
        assert "7d" in str(exc)
    try:
        assert timedelta(0) < parse_duration(text) <= timedelta(days=30)
    except SLAError as exc:
        assert "15m" in str(exc) or "30 days" in str(exc)
    _when_is_read_or_refused(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("30d", timedelta(days=30)),
        ("30.001d", None),
        ("0m", None),
        ("1m", timedelta(minutes=1)),
        ("720h", timedelta(days=30)),
        ("721h", None),
    ],
)
def test_duration_limits(text: str, expected: timedelta | None) -> None:
    if expected is None:
        with pytest.raises(SLAError):
            parse_duration(text)
    else:
        assert parse_duration(text) == expected


def test_follow_up_times_at_their_limits() -> None:
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    assert parse_when("tomorrow", now) == now + timedelta(days=1)
    assert parse_when("2026-12-01", now) == datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert parse_when("2026-12-01 14:30", now) == datetime(2026, 12, 1, 14, 30, tzinfo=UTC)
    assert parse_when(str(int((now + timedelta(hours=2)).timestamp())), now) == now + timedelta(hours=2)
    assert parse_when("2027-02-24 12:00", now) == now + timedelta(days=90)
    for refused in ("2027-02-24 12:01", "2026-11-26 12:00", "yesterday", "", "300000000000", "99999999999", "١٢h"):
        with pytest.raises(SLAError):
            parse_when(refused, now)


def test_sla_targets_need_every_priority_once() -> None:
    assert parse_targets("urgent=15m,high=1h,normal=4h,low=24h")["high"] == timedelta(hours=1)
    for wrong in (
        "urgent=15m,high=1h,normal=4h",
        "urgent=15m,urgent=1h,normal=4h,low=1d",
        "urgent=15m,high=1h,normal=4h,low=forever",
        "vip=1m,urgent=15m,high=1h,normal=4h,low=24h",
    ):
        with pytest.raises(SLAError):
            parse_targets(wrong)


@pytest.mark.parametrize(
    "reply, expected",
    [
        ("@sam We'll get back to you within 2 hours.", timedelta(hours=2)),
        ("@sam I’ll update you tomorrow once the team has checked.", timedelta(hours=24)),
        ("@sam We will follow up in 3 days.", timedelta(days=3)),
        ("@sam We'll keep you posted.", timedelta(hours=24)),
        ("@sam Tap Forgot password on the sign-in screen.", None),
        ("@sam Could you get back to us with your order number?", None),
        ("@sam Let us know if that works!", None),
    ],
)
def test_a_reply_that_promises_to_get_back_sets_a_follow_up(reply: str, expected: timedelta | None) -> None:
    assert promised_follow_up(reply) == expected


@given(st.text(max_size=300))
@settings(max_examples=examples(300), deadline=None)
def test_promise_detection_never_fails_on_generated_replies(text: str) -> None:
    found = promised_follow_up(text)
    assert found is None or timedelta(0) < found <= timedelta(days=30)


@given(
    st.one_of(
        st.integers(min_value=0, max_value=10**13).map(str),
        st.from_regex(r"\A[0-9]{1,4}(\.[0-9]{0,4})?\s?(s|m|min|h|d|w|y)\Z"),
        st.from_regex(r"\A20[0-9]{2}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2})?\Z"),
    )
)
@settings(max_examples=examples(300), deadline=None)
def test_numbers_dates_and_durations_at_any_size_are_read_or_refused_never_crash(text: str) -> None:
    _when_is_read_or_refused(text)


def _when_is_read_or_refused(text: str) -> None:
    """A follow-up time is in (now, now + 90 days], or refused with a reason; nothing else."""
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    try:
        due = parse_when(text, now)
        assert now < due <= now + timedelta(days=90)
    except SLAError as exc:
        assert str(exc)
