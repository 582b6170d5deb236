"""Slack: pure Block Kit builders (`text`, `cards`, `modals`, `home`), the card poster (`inbox`), Bolt listeners, the app."""
