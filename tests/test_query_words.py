"""Social text read as search text in an article's words: the weather as people tell it, and being
in as being home (Glassbright, read unseen: "it's chucking it down, are you still coming today?",
"what happens if it's too windy on my day?" and "do I need to be in when you clean?")."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assistant.text.query import clean_query


@given(st.sampled_from(["chucking", "tipping", "bucketing", "pouring", "lashing"]), st.sampled_from(["it's ", "its ", "been ", ""]))
def test_heavy_rain_by_its_idioms_is_raining(idiom: str, before: str) -> None:
    assert "raining" in clean_query(f"{before}{idiom} it down, are you still coming?")


def test_water_pouring_is_no_rain_and_the_weathers_adjectives_keep_their_nouns_beside_them() -> None:
    assert "raining" not in clean_query("water pouring through the ceiling")
    assert clean_query("too windy today").split() == ["too", "windy", "wind", "today"]
    assert clean_query("a foggy, icy morning").split() == ["a", "foggy", "fog,", "icy", "ice", "morning"]
    assert clean_query("see you on sunday") == "see you on sunday"


def test_being_in_is_being_home_only_for_someone_who_would_be_there() -> None:
    assert clean_query("do I need to be in when you clean?") == "do I need to be home when you clean?"
    assert clean_query("I won't be in for the delivery") == "I won't be home for the delivery"
    assert clean_query("will someone be in?") == "will someone be home?"
    for kept in ["will be in touch", "my car will be in for a service", "the part won't be in for 2 weeks", "need to be in the app"]:
        assert clean_query(kept) == kept
