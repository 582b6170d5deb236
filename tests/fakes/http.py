"""The loopback server lives in the package (the Slack bench uses it too)."""

from assistant.loopback import LoopbackServer, json_response

__all__ = ["LoopbackServer", "json_response"]
