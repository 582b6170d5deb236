"""Business hours and holidays: parsed or refused with the form to use; the SLA clock runs only in
open hours (checked at the edges, across a weekend, a holiday and a DST change, and on generated
schedules); a ticket's timers and card follow them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.hours import DAYS, HoursError, parse_hours
from assistant.services import Services
from tests.conftest import examples, make_post

LONDON = parse_hours("mon-fri 08:00-20:00", "2026-12-25, 2026-12-26", "Europe/London")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    "written, target, due",
    [
        (utc(2026, 11, 27, 19, 55), timedelta(minutes=15), utc(2026, 11, 30, 8, 10)),  # Friday evening → Monday
        (utc(2026, 11, 27, 19, 45), timedelta(minutes=15), utc(2026, 11, 27, 20, 0)),  # the limit: due at closing
        (utc(2026, 11, 27, 19, 46), timedelta(minutes=15), utc(2026, 11, 30, 8, 1)),  # limit + 1 minute
        (utc(2026, 11, 28, 3, 0), timedelta(hours=4), utc(2026, 11, 30, 12, 0)),  # Saturday night: from Monday's opening
        (utc(2026, 11, 30, 7, 59), timedelta(minutes=1), utc(2026, 11, 30, 8, 1)),  # before opening
        (utc(2026, 12, 24, 19, 0), timedelta(hours=2), utc(2026, 12, 28, 9, 0)),  # Christmas and Boxing Day closed
        (utc(2027, 3, 26, 19, 30), timedelta(hours=1), utc(2027, 3, 29, 7, 30)),  # clocks go forward: 08:30 BST is 07:30 UTC
    ],
)
def test_a_deadline_counts_only_open_hours(written: datetime, target: timedelta, due: datetime) -> None:
    assert LONDON is not None
    assert LONDON.add(written, target) == due
    assert LONDON.open_between(written, due) == target


def test_hours_are_read_as_people_write_them_and_refused_with_the_form_to_use() -> None:
    night = parse_hours("fri-mon 22:00-06:00", tz="America/New_York")
    assert night is not None and night.describe().startswith("mon 00:00-06:00 22:00-24:00")
    assert parse_hours("") is None and parse_hours("24/7") is None
    assert parse_hours("mon 00:00-24:00").add(utc(2026, 11, 30, 23), timedelta(hours=2)) == utc(2026, 12, 7, 1)  # type: ignore[union-attr]
    least = parse_hours("sun 10:00-11:00")  # the least a week may open: the longest target is still found
    assert least is not None and least.open_between(utc(2026, 1, 1), least.add(utc(2026, 1, 1), timedelta(days=30))) == timedelta(days=30)
    for wrong, says in (
        ("weekdays 9-5", "like 'mon-fri 08:00-20:00'"),
        ("mon-fri 08:00-25:00", "not a time of day"),
        ("mon-fri 08:60-20:00", "not a time of day"),
        ("mon 09:00-09:00", "same time"),
        ("xyz 09:00-17:00", "days:"),
        ("mon 00:00-00:15", "15 minutes open a week"),
    ):
        with pytest.raises(HoursError, match=says):
            parse_hours(wrong)
    with pytest.raises(HoursError, match="not a date"):
        parse_hours("mon-fri 08:00-20:00", "25/12/2026")
    with pytest.raises(HoursError, match="needs BUSINESS_HOURS"):
        parse_hours("", "2026-12-25")
    with pytest.raises(HoursError, match="time zone"):
        parse_hours("mon-fri 08:00-20:00", tz="../../etc/passwd")


@given(st.text(max_size=60))
@settings(max_examples=examples(400), deadline=None)
def test_any_text_is_hours_or_a_clear_refusal(text: str) -> None:
    try:
        parse_hours(text)
    except HoursError as exc:
        assert "BUSINESS_HOURS" in str(exc)


clauses = st.lists(
    st.tuples(st.sampled_from(DAYS), st.sampled_from(DAYS), st.integers(0, 95), st.integers(1, 96)).filter(lambda c: c[2] != c[3] % 96),
    min_size=1,
    max_size=4,
)


@given(
    clauses,
    st.sampled_from(["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]),
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 1, 1), timezones=st.just(UTC)),
    st.integers(1, 3 * 24 * 60),
)
@settings(max_examples=examples(300), deadline=None)
def test_a_deadline_is_exactly_the_target_of_open_time_on_generated_schedules(clauses, zone, start, minutes) -> None:  # noqa: ANN001
    text = "; ".join(f"{a}-{b} {s // 4:02d}:{s % 4 * 15:02d}-{e // 4:02d}:{e % 4 * 15:02d}" for a, b, s, e in clauses)
    try:
        hours = parse_hours(text, tz=zone)
    except HoursError as exc:
        assert "minutes open a week" in str(exc)  # too few to meet any target: refused, not slow
        return
    assert hours is not None
    target = timedelta(minutes=minutes)
    due = hours.add(start, target)
    assert due >= start + target * 0 and hours.open_between(start, due) == target
    assert hours.add(start, target + timedelta(minutes=1)) > due, "a longer target is due later"


def test_a_tickets_timers_and_card_follow_the_teams_hours(services: Services) -> None:
    from dataclasses import replace

    from assistant.slack.inbox import card_context

    store = services.store
    store.default_sla = replace(store.default_sla, hours=LONDON)
    written = utc(2026, 11, 27, 19, 0)  # Friday 19:00: an hour of the 4 h target today, the rest on Monday

    class Clock:
        def __call__(self) -> datetime:
            return written + timedelta(minutes=2)

    store.clock = Clock()
    ticket_id = services.pipeline.ingest(make_post("h1", created_at=written)).ticket_id
    due = {t.kind: t.due_at.replace(tzinfo=UTC) for t in store.timers(ticket_id)}
    assert due == {"sla_warning": utc(2026, 11, 30, 10, 0), "sla_breach": utc(2026, 11, 30, 11, 0)}, "no breach overnight or at the weekend"
    context = card_context(store, store.get(ticket_id))
    assert context.sla_due == utc(2026, 11, 30, 11, 0) and "in business hours" in context.sla_target
    assert "business hours: mon-fri 08:00-20:00 (Europe/London); 2 holiday(s)" in store.sla().summary()
    assert date(2026, 12, 25) in LONDON.holidays  # type: ignore[union-attr]
