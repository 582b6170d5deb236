"""A failed check: shown on the card with its name and reason; it blocks Approve until an agent
edits the reply or overrides the check with a reason (which goes into the audit log)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    name: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "reason": self.reason}

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"
