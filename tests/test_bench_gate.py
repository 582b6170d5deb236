"""The hostile bench's gate (`python -m bench --fail-over`, run by CI as `make bench-hostile`)."""

from __future__ import annotations

from bench.__main__ import too_slow

_HOSTILE = {
    "slowest_ms": 739.3,
    "slowest_unit": "a.",
    "checks": {"edit_slowest_ms": 370.6, "edit_slowest_unit": "ﷺ", "model_slowest_ms": 715.5, "model_slowest_unit": "ﷺ"},
}


def test_the_gate_names_each_figure_over_the_limit_and_passes_at_it() -> None:
    """At the session start a run of full stops took 170 s in triage and nothing failed: the bench
    had no gate, and it was not run after the rule that read to the end was added."""
    assert too_slow(_HOSTILE, 10_000) == []
    assert too_slow(_HOSTILE, 739.3) == [], "at the limit is not over it"
    slow = too_slow({**_HOSTILE, "slowest_ms": 170_211.4, "slowest_unit": "."}, 10_000)
    assert slow == ["the pipeline: 170,211 ms on '.' repeated, over 10,000 ms"]
    assert len(too_slow(_HOSTILE, 500)) == 2  # the pipeline and the model's draft; the edit is under
    assert too_slow(_HOSTILE, 0) == [], "0 turns the gate off"
