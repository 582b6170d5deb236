"""Slack: pure Block Kit builders (`blocks`), the card poster (`inbox`), Bolt listeners, the app."""
