"""People are mentioned in Slack only where our code named them, never where text looks like an id."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from assistant.people import person, plain
from assistant.slack.text import say

ids = st.from_regex(r"[UW][A-Z0-9]{2,10}", fullmatch=True)
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@given(text=text, someone=ids)
def test_text_that_carries_an_id_never_becomes_a_mention(text: str, someone: str) -> None:
    for written in (f"{text} {someone}", f"@{someone} {text}", f"<@{someone}> {text}", f"{text}\ue000{someone}\ue001"):
        said = say(written)
        assert "<@" not in said and "<!" not in said, said


@given(text=text, someone=ids, other=ids)
def test_a_person_we_named_is_one_mention_and_nothing_else_is(text: str, someone: str, other: str) -> None:
    said = say(f"Reply posted to @{other} by {person(someone)}: {text} {other}")
    assert re.findall(r"<@([^>]*)>", said) == [someone]
    assert plain(f"by {person(someone)}") == f"by {someone}"


def test_a_name_that_is_not_a_slack_id_is_said_as_text() -> None:
    assert say(f"Claimed by {person('terminal <b>')}.") == "Claimed by terminal &lt;b&gt;."
    assert say("x" * 5000 + person("UAGENT1")).endswith(" …") and "\ue000" not in say("x" * 5000 + person("UAGENT1"))


@given(st.lists(ids, min_size=1, max_size=5), text)
def test_an_overlong_message_is_cut_without_leaving_half_a_mark(people: list[str], text: str) -> None:
    said = say(" ".join(person(p) for p in people) + " " + text * 30, limit=60)
    assert "\ue000" not in said and "\ue001" not in said and len(said) <= 60 + 2
