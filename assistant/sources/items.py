"""Reading untrusted JSON one item at a time, so one bad item can't take its neighbours down.

`json.loads` fails a whole page for one item nested 100,000 deep or one number 5,000 digits long.
`items_at` finds each element of an array inside a document without parsing it (an iterative scan
that only tracks strings and brackets), so every item can be parsed, and refused, on its own.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 64  # X's own objects nest a few levels; anything deeper is refused, not recursed into
MAX_NUMBER_DIGITS = 30


@dataclass(frozen=True)
class Absurd:
    """A JSON number no sane field holds (thousands of digits, NaN, Infinity); validation refuses it."""

    text: str

    def __repr__(self) -> str:
        return f"<number {self.text[:20]}{'…' if len(self.text) > 20 else ''}>"


def _number(text: str) -> Any:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        return Absurd(text)
    value = float(text) if any(ch in text for ch in ".eE") else int(text)
    return value if not isinstance(value, float) or math.isfinite(value) else Absurd(text)


def loads(text: str) -> Any:
    """`json.loads` that never raises on a number (it becomes `Absurd`) and refuses deep nesting
    (ValueError) before Python's recursion limit can be hit."""
    if nesting(text) > MAX_DEPTH:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
    return json.loads(text, parse_int=_number, parse_float=_number, parse_constant=Absurd)


def decode(body: bytes) -> str:
    """Bytes from the network as text. Invalid UTF-8 becomes lone surrogates, which the item
    holding them is refused for; its neighbours are unaffected."""
    return body.decode("utf-8", "surrogateescape").removeprefix("\ufeff")


def nesting(text: str) -> int:
    """How deep arrays and objects nest in a JSON text (strings skipped)."""
    depth = deepest = 0
    position = 0
    while position < len(text):
        char = text[position]
        if char == '"':
            position = _string_end(text, position)
            continue
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
        position += 1
    return deepest


def _string_end(text: str, start: int) -> int:
    """Index just past the string starting at `start` (a double quote)."""
    position = start + 1
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == '"':
            return position + 1
        position += 1
    return len(text)


def _value_end(text: str, start: int) -> int:
    """Index just past the JSON value starting at `start`, found without parsing it."""
    depth = 0
    position = start
    while position < len(text):
        char = text[position]
        if char == '"':
            position = _string_end(text, position)
            if depth == 0:
                return position
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            if depth == 0:
                return position
            depth -= 1
            if depth == 0:
                return position + 1
        elif depth == 0 and char in ",":
            return position
        position += 1
    return position


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _members(text: str, start: int) -> list[tuple[str, int, int]]:
    """(key, value start, value end) of each member of the object at `start`."""
    found = []
    position = _skip_space(text, start + 1)
    while position < len(text) and text[position] == '"':
        key_end = _string_end(text, position)
        try:
            key = json.loads(text[position:key_end])
        except ValueError:
            break
        position = _skip_space(text, key_end)
        if position >= len(text) or text[position] != ":":
            break
        value_start = _skip_space(text, position + 1)
        value_end = _value_end(text, value_start)
        found.append((str(key), value_start, value_end))
        position = _skip_space(text, value_end)
        if position < len(text) and text[position] == ",":
            position = _skip_space(text, position + 1)
    return found


def _elements(text: str, start: int) -> list[str]:
    """The raw text of each element of the array at `start`."""
    found = []
    position = _skip_space(text, start + 1)
    while position < len(text) and text[position] != "]":
        end = _value_end(text, position)
        if end == position:
            break
        found.append(text[position:end].strip())
        position = _skip_space(text, end)
        if position < len(text) and text[position] == ",":
            position = _skip_space(text, position + 1)
    return found


def raw_at(text: str, path: tuple[str, ...]) -> str | None:
    """The raw text of the value at `path` (object keys) in a JSON document, or None."""
    position = _skip_space(text, 0)
    for key in path:
        if position >= len(text) or text[position] != "{":
            return None
        match = [(start, end) for name, start, end in _members(text, position) if name == key]
        if not match:
            return None
        position = match[-1][0]
    return text[position : _value_end(text, position)]


def items_at(text: str, path: tuple[str, ...]) -> list[str]:
    """The raw text of each element of the array at `path`; [] when there is none."""
    value = raw_at(text, path)
    return _elements(value, 0) if value and value.startswith("[") else []
