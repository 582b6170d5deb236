"""Social Reply Assistant: social posts in, tickets and grounded draft replies out, humans approve."""

__version__ = "0.1.0"
