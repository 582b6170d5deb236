"""Logging that never prints a customer's personal data or a post body from a library.

Libraries log request and response bodies at DEBUG (tweepy prints whole mention pages, slack_sdk
the messages it sends): they are held at INFO whatever LOG_LEVEL says. Every line, ours included,
and every traceback passes through the personal-data masker on its way out.
"""

from __future__ import annotations

import logging

from assistant.privacy import mask_personal_data

# Libraries whose debug output carries request or response bodies.
QUIET_LIBRARIES = (
    "tweepy",
    "urllib3",
    "requests",
    "requests_oauthlib",
    "oauthlib",
    "httpx",
    "httpcore",
    "openai",
    "slack_sdk",
    "slack_bolt",
    "langchain",
    "langchain_core",
    "langchain_openai",
    "chromadb",
    "waitress",
    "bm25s",
    "sentence_transformers",
    "transformers",
    "huggingface_hub",
    "filelock",
    "hpack",
)
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class MaskPersonalData(logging.Filter):
    """Masks card numbers, IBANs, emails and phone numbers in the message and any traceback, and
    says the people our messages name as their ids (`people.plain`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from assistant.people import plain

        message = record.getMessage()
        masked = mask_personal_data(plain(message)).text
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_personal_data(logging.Formatter().formatException(record.exc_info)).text
        return True


def configure_logging(level: str = "INFO", fmt: str = FORMAT) -> None:
    """Root logging at `level`, libraries at INFO or quieter, every handler masking personal data."""
    logging.basicConfig(level=level, format=fmt)
    root = logging.getLogger()
    root.setLevel(level)
    for handler in root.handlers:
        if not any(isinstance(f, MaskPersonalData) for f in handler.filters):
            handler.addFilter(MaskPersonalData())
    floor = max(logging.INFO, logging.getLevelName(level) if isinstance(logging.getLevelName(level), int) else logging.INFO)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(floor)
    for name in ("httpx", "httpcore"):  # a line for every request (the Bluesky poller makes one a poll)
        logging.getLogger(name).setLevel(max(floor, logging.WARNING))
