"""Numbers written in words ("four one one one…", "oh eight hundred", "double five", "twenty four"),
read as digits. Shared by personal-data masking (a card or phone number spelled out is still one)
and the draft allow-list (a number a model spells out is still a fact)."""

from __future__ import annotations

import re

# The digit each word stands for, in English, Spanish, French, German and Portuguese.
_WORDS = {
    word: value
    for words in (
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen",
        "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce",
        "zéro un deux trois quatre cinq six sept huit neuf dix onze douze",
        "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf",
        "zero um dois três quatro cinco seis sete oito nove dez onze doze",
    )
    for value, word in enumerate(words.split())
}
_WORDS.update({"oh": 0, "nought": 0, "o": 0, "une": 1, "una": 1, "uma": 1, "ein": 1, "eine": 1, "nueve": 9})
_REPEAT = {"double": 2, "triple": 3, "doble": 2, "doppel": 2, "dobro": 2}
_SCALE = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000}
_ANY = sorted(set(_WORDS) | set(_REPEAT) | set(_SCALE), key=len, reverse=True)
_WORD = "(?:" + "|".join(map(re.escape, _ANY)) + ")"
# Two or more number words in a row, joined by spaces, commas, dashes or any separator but letters.
NUMBER_RUN = re.compile(rf"\b{_WORD}(?:[^\w\n]{{1,4}}{_WORD})+\b", re.I)


def readings(words: str) -> set[str]:
    """A run of number words as digits: one by one ("five five five" → 555, "double five" → 55),
    or as a value when it has tens ("twenty four" → 24)."""
    tokens = [token for token in re.split(r"[^\w]+", words.lower()) if token]
    digits, total, repeat = "", 0, 1
    for token in tokens:
        if token in _SCALE:
            total = total * _SCALE[token] if _SCALE[token] >= 100 and total else total + _SCALE[token]
            continue
        if token in _REPEAT:
            repeat = _REPEAT[token]
            continue
        value = _WORDS.get(token, 0)
        digits += str(value) * repeat
        total += value
        repeat = 1
    if any(token in _SCALE for token in tokens):
        return {str(total)}
    return {digits} - {""}


def spelled_digits(words: str) -> str:
    """The digits a run of number words spells one by one ("four one one one" → "4111"); '' when
    it is a value ("twenty four") rather than a string of digits."""
    found = readings(words)
    tokens = [token for token in re.split(r"[^\w]+", words.lower()) if token]
    return "" if any(token in _SCALE for token in tokens) else next(iter(found), "")
