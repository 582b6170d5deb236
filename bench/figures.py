"""How the bench sums up a section's times, one rule for every section that reports shapes."""

from __future__ import annotations

import statistics
from typing import Any


def slowest_and_median(times: dict[str, float], prefix: str = "") -> dict[str, Any]:
    """The slowest shape of `times` (seconds by shape) in ms, which shape it was, and the median
    in ms, keyed `<prefix>slowest_ms`, `<prefix>slowest_unit` and `<prefix>median_ms`."""
    slowest = max(times, key=lambda unit: times[unit])
    return {
        f"{prefix}slowest_ms": round(times[slowest] * 1000, 1),
        f"{prefix}slowest_unit": slowest,
        f"{prefix}median_ms": round(statistics.median(times.values()) * 1000, 1),
    }
