"""The fake Slack Web API lives in the package, where `make bench` uses it too."""

from assistant.slack.loopback import FakeSlackWebAPI as FakeSlackAPI
from assistant.slack.loopback import SlackCall

__all__ = ["FakeSlackAPI", "SlackCall"]
