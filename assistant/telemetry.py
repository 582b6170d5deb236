"""This process's own measurements, kept where any module may record them (the pollers, the Slack
endpoint) without importing the rest: `observe.Operations` registers them beside the team's counts
it reads from the store."""

from __future__ import annotations

from prometheus_client import Gauge, Histogram

# This process's own, registered into each Operations' registry (never the global one).
ACK_SECONDS = Histogram(
    "social_reply_slack_ack_seconds",
    "Time from a Slack request arriving to its acknowledgement leaving (Slack gives up at 3 s).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0),
    registry=None,
)
POLLED = Gauge(
    "social_reply_poller_last_success_timestamp_seconds",
    "When this replica's poller of a network last fetched successfully (Unix time; absent if it never polled).",
    ["network"],
    registry=None,
)


def polled(network: str) -> None:
    """A poller fetched successfully (called by `sources.poll_forever`)."""
    POLLED.labels(network=network).set_to_current_time()
