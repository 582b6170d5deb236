"""People are named where a person reads them outside Slack: the team file's name first, else the
name Slack sent with the person's own request, always beside the id; never markup or a mention."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.naming import NAME_LIMIT, USER_ID, clean_name, names_for, naming, speaker
from assistant.routing import load_team
from assistant.slack import constants as c
from tests.conftest import SlackHarness, make_post, make_settings, wait_until
from tests.test_cli import run_cli

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=120),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "name", "username", "user", "user_id", "user_name"]), inner, max_size=4),
    max_leaves=8,
)


@given(anything)
def test_any_request_body_gives_a_valid_id_and_a_plain_name_or_nothing(body: object) -> None:
    found = speaker(body)
    if found is None:
        return
    user, name = found
    assert USER_ID.match(user)
    assert 0 < len(name) <= NAME_LIMIT and name == name.strip() and "  " not in name
    assert not any(char in name for char in "<>@*`~|&#:/\\[]{}\n\t\r")
    assert all(unicodedata.category(char)[0] in "LMN" or char in " .-'’_()" for char in name)


@given(st.text(max_size=300))
def test_a_cleaned_name_stays_as_it_is_when_cleaned_again(name: str) -> None:
    assert clean_name(clean_name(name)) == clean_name(name)


def test_both_forms_slack_sends_are_read_and_a_mention_or_markup_in_a_name_is_left_out() -> None:
    assert speaker({"user": {"id": "U0ANA", "username": "ana.silva", "name": "ana.silva"}}) == ("U0ANA", "ana.silva")
    assert speaker({"user_id": "W0BOB", "user_name": "bob"}) == ("W0BOB", "bob")
    assert speaker({"user": {"id": "U0ANA", "name": "<@U0BOSS> *Ana*\u202e"}}) == ("U0ANA", "U0BOSS Ana")
    assert speaker({"user": {"id": "u0ana", "name": "ana"}}) is None, "not a Slack id"
    assert speaker({"user": {"id": "U0ANA", "name": "🙂"}}) is None, "nothing left of the name"
    assert speaker({"event": {"user": "U0ANA"}}) is None, "an event names nobody's name"


def test_the_team_files_name_wins_and_every_name_stands_beside_its_id(tmp_path: Path) -> None:
    team_file = tmp_path / "team.yaml"
    team_file.write_text("agents:\n  - id: U0ANA\n    name: Ana Silva\n  - id: U0BOB\n", encoding="utf-8")
    name = naming(load_team(team_file), {"U0ANA": "ana.s", "U0BOB": "bob", "U0CAT": "cat"})
    assert [name(u) for u in ("U0ANA", "U0BOB", "U0CAT", "U0NEW")] == ["Ana Silva (U0ANA)", "bob (U0BOB)", "cat (U0CAT)", "U0NEW"]
    assert naming(None, {})("system") == "system"


def test_a_person_who_clicks_in_slack_is_named_by_the_command_line(slack: SlackHarness, tmp_path: Path) -> None:
    services = slack.services
    ticket_id = services.pipeline.ingest(make_post("named-1")).ticket_id
    assert ticket_id is not None
    slack.click(c.CLAIM, str(ticket_id), user="U0ANA")
    wait_until(lambda: services.store.get(ticket_id).claimed_by == "U0ANA")
    assert services.store.names() == {"U0ANA": "u0ana"}
    slack.answer("mine", user="U0BOB")  # a slash command names its sender too
    assert wait_until(lambda: services.store.names().get("U0BOB")) == "u0bob"
    seen = services.store.names()
    slack.click(c.CLAIM, str(ticket_id), user="U0ANA")  # the same name again: nothing to write
    assert services.store.names() == seen

    env = {"DATA_DIR": str(services.settings.data_dir), "DATABASE_URL": services.settings.database_url, "COLUMNS": "200"}
    listed = run_cli("tickets", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "u0ana (U0ANA)" in " ".join(listed.stdout.split())
    assert json.loads(run_cli("tickets", "--json", env=env).stdout)[0]["claimed_by"] == "U0ANA", "JSON keeps the id"
    team_file = tmp_path / "team.yaml"
    team_file.write_text("agents:\n  - id: U0ANA\n    name: Ana Silva\n", encoding="utf-8")
    assert names_for(make_settings(tmp_path, team_file=team_file), services.store)("U0ANA") == "Ana Silva (U0ANA)"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_replicas_learning_one_persons_name_at_once_keep_one_row(backend: str, tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from assistant.store import Store
    from tests.conftest import empty_database, postgres_url

    url = f"sqlite:///{tmp_path / 'people.db'}" if backend == "sqlite" else empty_database(postgres_url("naming"))
    replicas = [Store(url), Store(url)]  # two processes' stores on one database
    try:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda n: replicas[n % 2].learn_name("U0ANA", "ana"), range(16)))
        assert replicas[0].names() == replicas[1].names() == {"U0ANA": "ana"}
        assert replicas[1].learn_name("U0ANA", "ana.silva") and replicas[0].names() == {"U0ANA": "ana.silva"}, "a new name replaces the old"
    finally:
        for store in replicas:
            store.close()
