"""Routing: the team file read or refused with where and why; the choice (on shift, under the cap,
skills first, in turn) checked on generated teams; assignment in the store, once per ticket, moved
off an agent whose shift ended, shown on the card and in `/social mine`."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.errors import ConfigError
from assistant.routing import Agent, Team, TeamError, choose, parse_team
from assistant.scheduler import Scheduler
from tests.conftest import Clock, SlackHarness, examples, make_post, make_settings, wait_until

MONDAY_NOON = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
TEAM = """
max_open: 3
agents:
  - id: U0ANA
    shift: mon-fri 08:00-14:00
    skills: [es, billing]
  - id: U0BEN
    shift: mon-fri 08:00-14:00
  - id: U0CAL
    shift: mon-fri 14:00-20:00
    skills: mastodon
"""


def test_a_team_file_is_read_and_each_mistake_is_named() -> None:
    team = parse_team(TEAM)
    assert [a.id for a in team.agents] == ["U0ANA", "U0BEN", "U0CAL"] and team.max_open == 3
    assert team.skills == {"es", "billing", "mastodon"}
    assert [a.on_shift(MONDAY_NOON) for a in team.agents] == [True, True, False]
    assert [a.on_shift(MONDAY_NOON + timedelta(hours=2)) for a in team.agents] == [False, False, True], "14:00: the late shift's"
    for text, says in (
        ("agents: [{id: nope}]", "agent 1: id 'nope' is not a Slack user id"),
        ("agents: [{id: U0A1}, {id: U0A1}]", "agent 2: U0A1 is listed twice"),
        ("agents: [{id: U0A1, shift: 'weekdays'}]", "agent 1 (U0A1): shift:"),
        ("agents: [{id: U0A1, skills: ['Spanish speaker!']}]", "skill 'spanish speaker!'"),
        ("agents: [{id: U0A1, role: lead}]", "unknown key 'role'"),
        ("max_open: 0", "max_open must be a whole number from 1 to 1000"),
        ("maxopen: 3", "unknown key 'maxopen'"),
        ("agents: {id: U0A1}", "agents must be a list"),
        ("agents: [", "line"),
        ("- just a list", "expected `max_open:` and `agents:`"),
    ):
        with pytest.raises(TeamError, match=says.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
            parse_team(text, source="team.yaml")


@given(st.text(max_size=200))
@settings(max_examples=examples(300), deadline=None)
def test_any_team_file_text_is_a_team_or_a_refusal_naming_the_file(text: str) -> None:
    try:
        parse_team(text, source="team.yaml")
    except TeamError as exc:
        assert str(exc).startswith("team.yaml")


def test_a_broken_team_file_stops_the_settings_with_its_name(tmp_path: Path) -> None:
    broken = tmp_path / "team.yaml"
    broken.write_text("agents: [{id: lowercase}]")
    with pytest.raises(ConfigError, match=r"^TEAM_FILE: .*team.yaml: agent 1: id 'lowercase'"):
        make_settings(tmp_path, team_file=broken).team()
    with pytest.raises(ConfigError, match="TEAM_FILE: .* does not exist"):
        make_settings(tmp_path, team_file=tmp_path / "missing.yaml").team()
    assert make_settings(tmp_path).team().agents == ()


agents = st.lists(
    st.tuples(st.booleans(), st.frozensets(st.sampled_from(["es", "fr", "x", "billing"]), max_size=2)),
    min_size=1,
    max_size=6,
)


@given(agents, st.frozensets(st.sampled_from(["es", "fr", "x", "billing", "order_status"]), max_size=3), st.lists(st.integers(0, 4), min_size=6, max_size=6))
@settings(max_examples=examples(400), deadline=None)
def test_the_choice_is_on_shift_under_the_cap_and_skilled_when_it_can_be(spec, wants, loads) -> None:  # noqa: ANN001
    always, never = None, parse_team("agents: [{id: U0X, shift: 'sun 10:00-12:00'}]").agents[0].shift  # off at Monday noon
    team_agents = tuple(Agent(f"U0A{n}", always if on else never, skills) for n, (on, skills) in enumerate(spec))
    team = Team(team_agents, 3, frozenset(s for a in team_agents for s in a.skills))
    load = {a.id: loads[n] for n, a in enumerate(team_agents)}
    choice = choose(team, frozenset(wants), load, {}, MONDAY_NOON)
    free = [a for a in team_agents if a.on_shift(MONDAY_NOON) and load[a.id] < 3]
    if not free:
        assert choice.agent == "" and choice.why
        return
    picked = team.agent(choice.agent)
    assert picked in free, "only an agent on shift and under the cap"
    if any(a.skills & wants for a in free):
        assert picked is not None and picked.skills & wants, "a skilled agent when one is free"


def test_in_turn_the_load_is_even() -> None:
    team = parse_team("max_open: 100\nagents: [{id: U0A1}, {id: U0A2}, {id: U0A3}]")
    load: Counter[str] = Counter()
    last: dict[str, int] = {}
    for n in range(30):
        agent = choose(team, frozenset({"x"}), dict(load), last, MONDAY_NOON).agent  # one pass: the same moment throughout
        load[agent] += 1
        last[agent] = n
    assert sorted(load.values()) == [10, 10, 10]


def test_tickets_are_routed_once_evenly_with_skills_and_moved_when_a_shift_ends(slack: SlackHarness) -> None:
    services = slack.services
    clock = Clock(MONDAY_NOON)
    services.store.clock = clock
    team = parse_team(TEAM)
    spanish = services.pipeline.ingest(
        make_post("r-es", "hola, olvidé mi contraseña y el correo para restablecerla no llega", author="lucia", created_at=MONDAY_NOON)
    ).ticket_id
    english = [services.pipeline.ingest(make_post(f"r{n}", author=f"en_{n}", created_at=MONDAY_NOON)).ticket_id for n in range(4)]
    claimed = services.pipeline.ingest(make_post("r-claimed", author="held", created_at=MONDAY_NOON)).ticket_id
    services.desk.claim(claimed, "U0BEN")
    one, two = (Scheduler(services.store, services.inbox, worker=f"replica-{n}", team=team) for n in (1, 2))
    assert one.assign() + two.assign() == 5, "each waiting ticket once, whichever replica routes it"
    owners = {t: services.store.get(t).assigned_to for t in [*english, spanish]}
    assert owners[spanish] == "U0ANA", "the Spanish post goes to the agent with es"
    assert Counter(owners.values()) == {"U0ANA": 3, "U0BEN": 2}, "in turn, up to max_open=3 each (U0BEN also holds one)"
    assert services.store.get(claimed).assigned_to == "", "a held ticket is left to its holder"
    [event] = [e for e in services.store.get(spanish).events if e.kind == "assigned"]
    assert (event.text, event.note) == ("U0ANA", "has es")

    card = json.dumps(slack.api.of("chat.update")[-1]["blocks"])
    assert "assigned to <@U0" in card
    said = [m["text"] for m in slack.api.of("chat.postMessage") if m.get("thread_ts") and "Assigned to" in m["text"]]
    assert len(said) == 5 and any("<@U0ANA> (has es)" in line for line in said)
    mine = slack.answer("mine", user="U0ANA")
    assert mine.startswith("Your queue (3)") and f"#{spanish}" in mine
    assert "Nothing is assigned" in slack.answer("mine", user="U0CAL")

    clock.now = MONDAY_NOON + timedelta(hours=2)  # 14:00: the early shift ends, the late one starts
    services.desk.claim(english[0], owners[english[0]])  # one of them is being worked on: it stays
    assert one.assign() == 3, "four to move, but the late shift's one agent takes max_open=3"
    moved = Counter(services.store.get(t).assigned_to for t in [*english[1:], spanish])
    assert moved["U0CAL"] == 3 and services.store.get(spanish).assigned_to == "U0CAL", "the longest wait first"
    assert one.assign() == 0, "the fourth waits for room"

    services.desk.is_manager = lambda user: user == "UBOSS"
    before = len(slack.api.of("views.publish"))
    slack.event({"type": "app_home_opened", "user": "U0CAL", "tab": "home"}, event_id="EvHomeRouted")
    home = json.dumps(wait_until(lambda: slack.api.of("views.publish")[before:])[0]["view"]["blocks"])
    assert "Your conversations" in home and f"#{spanish}" in home, "the Home tab is the agent's queue: what was assigned to them"
    assert services.store.get(english[0]).assigned_to == owners[english[0]]
    assert any("off shift" in e.note for e in services.store.get(spanish).events if e.kind == "assigned")


def test_nobody_on_shift_leaves_tickets_unassigned_and_reminders_go_to_the_assignee(slack: SlackHarness) -> None:
    services = slack.services
    clock = Clock(MONDAY_NOON + timedelta(hours=10))  # 22:00: nobody is on shift
    services.store.clock = clock
    team = parse_team(TEAM)
    ticket_id = services.pipeline.ingest(make_post("n1", created_at=clock.now)).ticket_id
    scheduler = Scheduler(services.store, services.inbox, team=team)
    assert scheduler.assign() == 0 and services.store.get(ticket_id).assigned_to == ""
    clock.now = MONDAY_NOON + timedelta(days=1, hours=-3)  # Tuesday 09:00
    assert scheduler.assign() == 1
    assignee = services.store.get(ticket_id).assigned_to
    clock.now += timedelta(hours=4)  # the ticket's 4 h target is long gone: a breach
    assert scheduler.tick() >= 1
    breach = [m["text"] for m in slack.api.of("chat.postMessage") if m.get("thread_ts") and "SLA missed" in m["text"]]
    assert breach and breach[-1].startswith(f"<@{assignee}>"), "the assignee is told, not the channel"


def test_the_example_team_file_is_a_team() -> None:
    team = parse_team((Path(__file__).parent.parent / "docs" / "team.example.yaml").read_text(), zone="Europe/London")
    assert len(team.agents) == 4 and team.max_open == 8 and {"es", "fr", "mastodon"} <= team.skills
