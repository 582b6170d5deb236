"""Personal data in customer posts, masked once on arrival, before anything is stored or shown.

Recognisers, each finding spans no earlier one took (Presidio's registry is the model):
- values inside links: `mailto:` addresses, `wa.me/`, `tel:` and `sms:` numbers, query values
  holding an email or seven or more digits (a status id in a link's path stays);
- secrets a customer states ("my password is …", "PIN: …", in five languages);
- emails, with Unicode local parts and IDN domains, and written to dodge a filter
  ("jo at example dot com", "jo [at] example [dot] com", "jo @ example . com");
- IBANs (checksum), compact, grouped, lower case, with dashes or dots;
- card numbers: any Luhn-valid 13-19 digits whatever separates the groups (spaces, dashes, dots,
  underscores, commas, emoji) or stands beside them, and spelled out in words;
- national ids of the `PHONE_REGIONS` countries (python-stdnum's checksums; UK NINO, Singapore NRIC);
- dates of birth (a date after "born", "DOB", "date of birth", in five languages);
- phone numbers in international and national formats of the configured regions (`phonenumbers`),
  and spelled out in words;
- postal addresses: a street line, a UK postcode, or what follows "my address is";
- and, when in doubt, any other run of seven or more digits that nothing names as an order,
  reference or case number and that is not a date, a time or an amount.

Regexes, checksums, `phonenumbers` and `python-stdnum` only: nothing downloads a model.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.config import DEFAULT_PHONE_REGIONS
from assistant.national_ids import ID_PATTERNS, id_validators, valid_id
from assistant.numbers import NUMBER_RUN, spelled_digits

DEFAULT_REGIONS = tuple(DEFAULT_PHONE_REGIONS.split(","))
EMAIL, PHONE, CARD, IBAN = "email", "phone number", "card number", "IBAN"
SECRET, BIRTH, ADDRESS, NATIONAL_ID, NUMBER = "secret", "date of birth", "address", "national id", "long number"
KINDS = (CARD, IBAN, EMAIL, PHONE, SECRET, BIRTH, ADDRESS, NATIONAL_ID, NUMBER)

_SPACE = "[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
# Between two groups of a number: some spaces, or up to three marks of any kind (a dash, dot, slash,
# underscore, comma, an emoji) with optional spaces round them.
_MARK = "(?:[^\\w\\s]|_)"
_SEPARATOR = f"(?:{_SPACE}{{0,3}}{_MARK}{{1,3}}{_SPACE}{{0,3}}|{_SPACE}{{1,4}})"
_DIGIT_RUN = re.compile(rf"(?<!\d)\d+(?:{_SEPARATOR}\d+)*(?!\d)")
_GROUP = re.compile(r"\d+")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:[\w-]{1,63}\.){1,8}[^\W\d_]{2,63}/\S*", re.I)  # bounded labels: linear on "a.a.a.…"
# An address written after an @ is a fediverse handle (@ines@fosstodon.org), public by design: not masked.
_EMAIL = re.compile(
    # Bounded as RFC 5321 bounds them (a local part of at most 64 characters, at most 127 labels):
    # a post of 25,000 "#" or "'" is read in linear time, not tried once from every character.
    r"(?<![\w.+@-])[\w!#$%&'*+/=?^`{|}~-]{1,64}(?:\.[\w!#$%&'*+/=?^`{|}~-]{1,64}){0,31}@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.){1,127}(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{2,59})(?![\w-])",
    re.I,
)
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}")
_IBAN_PART = re.compile(r"[A-Za-z0-9]{1,4}")
_IBAN_GAP = re.compile(r"[ \-./]{1,3}")
MIN_PHONE_DIGITS = 8  # the shortest national numbers (Denmark, Norway); fewer are quantities and codes
# "order 12345678", "ref no. 41234567": numbers named as something else are not phone numbers.
_NOT_A_PHONE = re.compile(
    r"(?:#|\b(?:order|ord|ref|reference|invoice|ticket|case|tracking|parcel|serial|model|sku|id)(?:\s*(?:no\.?|number|num|#))?\s*[:#-]?)\s*$", re.I
)
_DATE_OR_TIME = re.compile(
    r"(?<!\d)(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?(?!\d)|(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
)
_PLACEHOLDERS = {
    CARD: "[card ••••",
    IBAN: "[IBAN ••••",
    EMAIL: "[email]",
    PHONE: "[phone number]",
    SECRET: "[secret]",
    BIRTH: "[date of birth]",
    ADDRESS: "[address]",
    NATIONAL_ID: "[national id]",
    NUMBER: "[number]",
}
# Any placeholder as it stands in masked text ("[card ••••4242]", "[number]").
MASKED = re.compile(r"\[(?:card|IBAN) ••••[0-9A-Za-z]*\]|\[(?:email|phone number|secret|date of birth|address|national id|number)\]")


def luhn_valid(digits: str) -> bool:
    from stdnum import luhn

    return bool(luhn.is_valid(digits))


@dataclass(frozen=True)
class Masked:
    """Text with personal data replaced by placeholders, and which kinds were found."""

    text: str
    kinds: tuple[str, ...]


def _spans_outside(text: str, pattern: re.Pattern[str], taken: list[tuple[int, int]]) -> Iterable[re.Match[str]]:
    for match in pattern.finditer(text):
        if not any(start < match.end() and match.start() < end for start, end in taken):
            yield match


def _card_spans(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, last four) of every card number: each window of whole digit groups with 13-19
    digits that passes Luhn. Overlapping windows merge, so a card is masked whole whatever stands
    beside it."""
    found: list[tuple[int, int, str]] = []
    for run in _spans_outside(text, _DIGIT_RUN, taken):
        groups = [(run.start() + g.start(), run.start() + g.end(), g.group(0)) for g in _GROUP.finditer(run.group(0))]
        digits = ["".join(str(unicodedata.decimal(ch)) for ch in group) for _, _, group in groups]
        for first in range(len(groups)):
            count = 0
            for last in range(first, len(groups)):
                count += len(digits[last])
                if count > 19:
                    break
                if count >= 13 and luhn_valid("".join(digits[first : last + 1])):
                    found.append((groups[first][0], groups[last][1], "".join(digits[first : last + 1])[-4:]))
    return _merge(found)


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for start, end, tail in sorted(spans):
        if merged and start < merged[-1][1]:
            previous = merged[-1]
            merged[-1] = (previous[0], max(previous[1], end), tail if end >= previous[1] else previous[2])
        else:
            merged.append((start, end, tail))
    return merged


def _iban_spans(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """IBANs written compact or in groups of four; the longest prefix that passes the checksum."""
    from stdnum import iban

    found = []
    for start in _spans_outside(text, _IBAN_START, taken):
        position, compact, ends = start.end(), start.group(0), []
        while len(compact) < 34:
            part = _IBAN_PART.match(text, position)
            if part is None:
                gap = _IBAN_GAP.match(text, position)
                if not gap or not _IBAN_PART.match(text, gap.end()):
                    break
                position = gap.end()
                continue
            compact += part.group(0)
            position = part.end()
            ends.append((position, compact))
        for end, candidate in reversed(ends):
            if 15 <= len(candidate) <= 34 and (end >= len(text) or not text[end].isalnum()) and iban.is_valid(candidate):
                found.append((start.start(), end, candidate[-4:]))
                break
    return found


MAX_PHONE_TRIES = 200  # candidates the phone matcher weighs per region
_CODE_PREFIX = re.compile(r"\b[A-Z]{2,5}-$")  # "NH-", "ORD-": the digits after are a code's


def _phone_spans(text: str, regions: Iterable[str], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """International numbers (+44 …) when they are possible numbers anywhere; national formats when
    they are valid numbers of one of `regions`. Dates, times and named numbers are left alone."""
    if sum(ch.isdigit() for ch in text) < MIN_PHONE_DIGITS:
        return []  # most posts: nothing to look at, and the matcher is the slow part
    import phonenumbers

    taken = taken + _ordinary(text)  # dates, times, amounts
    spans: set[tuple[int, int]] = set()
    searches = [("ZZ", phonenumbers.Leniency.POSSIBLE)] + [(region, phonenumbers.Leniency.VALID) for region in regions]
    for region, leniency in searches:
        # Bounded: a post of thousands of digit groups would otherwise cost seconds a region; what
        # the matcher has no time for is still a long number below.
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=leniency, max_tries=MAX_PHONE_TRIES):
            span = (match.start, match.end)
            digits = sum(ch.isdigit() for ch in match.raw_string)
            if span in spans or digits < MIN_PHONE_DIGITS or any(s < match.end and match.start < e for s, e in taken):
                continue
            before = text[max(0, match.start - 20) : match.start]
            if not match.raw_string.lstrip().startswith("+") and (_NOT_A_PHONE.search(before) or _CODE_PREFIX.search(before)):
                continue  # "order 12345678" is an order number, "NH-30000000" a code
            spans.add(span)
    return sorted(spans)


Span = tuple[int, int, str, str]  # start, end, placeholder, kind
_HANDLE = re.compile(r"(?<![\w@])@[\w.]{1,64}(?:@[\w.-]+)?")

_LINK_VALUE = re.compile(r"(?:mailto:)([^?\s]+)|(?:wa\.me/|whatsapp\.com/send\?phone=|tel:|sms:)(\+?[\d\-. ()%]{6,})|[?&][^=&#\s]{0,40}=([^&#\s]+)", re.I)


def _link_spans(text: str, regions: Iterable[str]) -> list[Span]:
    """Personal data inside links: mailto addresses, WhatsApp/tel/sms numbers, query values with an
    email or seven or more digits. The rest of a link (a status id in its path) stays."""
    from urllib.parse import unquote

    found: list[Span] = []
    for link in _URL.finditer(text):
        for value in _LINK_VALUE.finditer(link.group(0)):
            group = next(number for number in (1, 2, 3) if value.group(number) is not None)
            start, end = link.start() + value.start(group), link.start() + value.end(group)
            decoded = unquote(value.group(group))
            digits = re.sub(r"\D", "", decoded)
            if group == 1 or "@" in decoded:
                found.append((start, end, _PLACEHOLDERS[EMAIL], EMAIL))
            elif group == 2:
                found.append((start, end, _PLACEHOLDERS[PHONE], PHONE))
            elif 13 <= len(digits) <= 19 and luhn_valid(digits):
                found.append((start, end, f"{_PLACEHOLDERS[CARD]}{digits[-4:]}]", CARD))
            elif len(digits) >= LONG_NUMBER:
                found.append((start, end, _PLACEHOLDERS[NUMBER], NUMBER))
        userinfo = re.match(r"[a-z][a-z0-9+.-]*://([^/@\s]+)@", link.group(0), re.I)
        if userinfo:  # user:password@host
            found.append((link.start() + userinfo.start(1), link.start() + userinfo.end(1), _PLACEHOLDERS[SECRET], SECRET))
    return found


_SECRET_NAME = (
    r"(?:pass ?word|passcode|pass ?phrase|pin(?: code| number)?|code|otp|one[- ]time (?:pass)?code|verification code|security code|"
    r"cvv2?|cvc2?|security answer|memorable word|passwort|kennwort|pin-?nummer|contraseña|clave|mot de passe|code secret|senha|password)"
)
_STATED_SECRET = re.compile(
    rf"(?<!zip )(?<!post )(?<!postal )(?<!area )(?<!promo )(?<!discount )(?<!voucher )(?<!country )(?<!error )(?<!dial )(?<!sort )\b{_SECRET_NAME}\b\s*(?:(?:is|was|es|era|est|était|ist|lautet|war|é)\b|[=:])\s*[:=]?\s*[\"'“‘«]?([^\s\"'”’»]{{2,64}})",
    re.I,
)


# What follows "my password was/is" that says something about it rather than what it is.
_NOT_A_SECRET = re.compile(
    r"[a-z]+(?:ed|ing|en)|not|no|wrong|incorrect|correct|invalid|the|a|an|my|your|still|too|very|fine|ok|okay|right|gone|weak|strong|reset|"
    r"stolen|lost|new|old|same|different|case|sensitive|long|short|useless|fine|above|below|there|here|it|that|this",
    re.I,
)


def _secret_spans(text: str) -> list[Span]:
    """A secret the customer states: "my password is hunter2", "PIN: 4821", "mi contraseña es …";
    "my password was changed" states nothing."""
    found = []
    for match in _STATED_SECRET.finditer(text):
        value = match.group(1).rstrip(".,;!?)")
        if value.isalpha() and _NOT_A_SECRET.fullmatch(value):
            continue
        end = match.start(1) + len(value)
        digits = _DIGIT_RUN.match(text, match.start(1))
        if digits is not None and digits.end() > end:
            end = digits.end()  # "PIN: 4111 1111 1111 1111": its digits run on, and all of them are the secret
        found.append((match.start(1), end, _PLACEHOLDERS[SECRET], SECRET))
    return found


# "jo @ example . com" (spaces both sides of @: "with @delta. My" is a handle), "jo [at] example [dot] com":
# marked forms, any dots; "jo at example dot com":
# the word "at" needs written-out or tight dots, so "look at this. do you" is not an address.
_WORD_DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\s+punto\s+|\s+point\s+|\s+punkt\s+|\s+ponto\s+)"
_WRITTEN_EMAIL = re.compile(
    rf"(?<![\w.+@-])[\w.+-]{{1,64}}(?:\s+@\s+|\s*[\[({{<]\s*at\s*[\])}}>]\s*)(?:[\w-]{{1,63}}(?:\s*\.\s*|{_WORD_DOT}))+([a-z]{{2,24}})\b|"
    rf"(?<![\w.+@-])[\w.+-]{{1,64}}\s+(?:at|arroba|chez)\s+(?:[\w-]{{1,63}}(?:\.|{_WORD_DOT}))+([a-z]{{2,24}})\b",
    re.I,
)


def _email_spans(text: str, taken: list[tuple[int, int]]) -> list[Span]:
    """Emails as written, and written to dodge a filter ("jo at example dot com"): those need a real
    top-level domain (the public suffix list bundled with tldextract)."""
    found = [(m.start(), m.end(), _PLACEHOLDERS[EMAIL], EMAIL) for m in _spans_outside(text, _EMAIL, taken)]
    busy = taken + [(a, b) for a, b, _, _ in found]
    position = 0
    while (match := _WRITTEN_EMAIL.search(text, position)) is not None:
        position = match.start() + 1  # "me at li.wei at …": a wrong start is retried one character on
        if any(start < match.end() and match.start() < end for start, end in busy) or not _is_tld(match.group(1) or match.group(2)):
            continue
        found.append((match.start(), match.end(), _PLACEHOLDERS[EMAIL], EMAIL))
        busy.append(match.span())
        position = match.end()
    return found


@functools.lru_cache(maxsize=1)
def _tlds() -> frozenset[str]:
    """Top-level domains in the public suffix list bundled with tldextract (no download)."""
    import tldextract

    extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    return frozenset(suffix.rsplit(".", 1)[-1] for suffix in extract._get_tld_extractor().tlds())  # noqa: SLF001 - its bundled snapshot


def _is_tld(label: str) -> bool:
    return label.lower() in _tlds()


def _spelled_spans(text: str, taken: list[tuple[int, int]]) -> list[Span]:
    """Card and phone numbers spelled out ("four one one one …", "oh seven seven double oh …")."""
    found: list[Span] = []
    for match in _spans_outside(text, NUMBER_RUN, taken):
        digits = spelled_digits(match.group(0))
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            found.append((match.start(), match.end(), f"{_PLACEHOLDERS[CARD]}{digits[-4:]}]", CARD))
        elif len(digits) >= LONG_NUMBER:
            found.append((match.start(), match.end(), _PLACEHOLDERS[PHONE], PHONE))
    return found


_VERSION = re.compile(r"\b(?:version|ver|v|build|os|firmware|release|update|model)\s*[-:]?\s*$", re.I)
# A token of letters and digits, its groups joined by a space, dot, dash or slash after a digit.
_ID_CANDIDATE = re.compile(r"(?<![\w.-])[A-Za-z0-9](?:[A-Za-z0-9]|(?<=\d)[ .\-/](?=[A-Za-z0-9])){7,22}(?![\w-])")


def _national_spans(text: str, regions: Iterable[str], taken: list[tuple[int, int]]) -> list[Span]:
    """National ids that pass their country's checksum, and the UK's and Singapore's by their form."""
    found: list[Span] = []
    regions = [region.upper() for region in regions]
    for region in regions:
        pattern = ID_PATTERNS.get(region)
        if pattern is not None:
            found += [(m.start(), m.end(), _PLACEHOLDERS[NATIONAL_ID], NATIONAL_ID) for m in _spans_outside(text, pattern, taken)]
    validators = id_validators(tuple(regions))
    for match in _spans_outside(text, _ID_CANDIDATE, taken + _ordinary(text) + [(a, b) for a, b, _, _ in found]):
        candidate = match.group(0)
        if sum(ch.isdigit() for ch in candidate) < 7 or _NAMED.search(text[max(0, match.start() - 24) : match.start()]):
            continue
        if candidate.count(".") >= 3 or _VERSION.search(text[max(0, match.start() - 16) : match.start()]):
            continue  # "10.0.10586.29", "build 1607": a version, not a person
        compact = re.sub(r"[ .\-/]", "", candidate)
        if any(valid_id(validator, compact) for validator in validators):
            found.append((match.start(), match.end(), _PLACEHOLDERS[NATIONAL_ID], NATIONAL_ID))
    return found


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|février|mars|avril|mai|juin|juillet|août|"
    r"septembre|octobre|novembre|décembre|januar|februar|märz|juni|juli|oktober|dezember|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro)"
)
_DATE = rf"(?:\d{{1,4}}[-./ ]\d{{1,2}}[-./ ]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {_MONTH}\.?,? \d{{4}}|{_MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}}\.? (?:de )?{_MONTH} (?:de )?\d{{4}})"
_BIRTH = re.compile(
    rf"\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|born(?: on| in)?|birthday(?: is)?|fecha de nacimiento|nacid[oa] el|née? le|date de naissance|"
    rf"geboren am|geburtsdatum|data de nascimento|nascid[oa] (?:em|a))\W{{0,4}}(?:is\W{{0,3}}|was\W{{0,3}}|:)?\s*({_DATE})",
    re.I,
)


def _birth_spans(text: str, taken: list[tuple[int, int]]) -> list[Span]:
    return [(m.start(1), m.end(1), _PLACEHOLDERS[BIRTH], BIRTH) for m in _spans_outside(text, _BIRTH, taken)]


_STREET_TYPE = (
    r"(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|court|ct|place|pl|boulevard|blvd|terrace|crescent|cres|gardens|square|sq|parade|"
    r"row|grove|mews|walk|hill|park|view)"
)
_ADDRESSES = [
    re.compile(pattern, re.I)
    for pattern in (
        # A street's name is a proper noun: "2129 Shattuck Ave", "Calle Mayor 12"; "30 minute drive" is not one.
        rf"\b\d{{1,5}}[a-z]?,?\s+(?-i:[A-ZÀ-Ý][\wÀ-ÿ'’-]*)(?:\s+(?-i:[A-ZÀ-Ý][\wÀ-ÿ'’-]*)){{0,3}}\s+{_STREET_TYPE}\b\.?(?:,?\s+(?:apt|flat|unit|suite)\.?\s*\w+)?",
        r"\b(?:calle|c/|avenida|avda\.?|plaza|paseo|rue|chemin|allée|impasse|straße|strasse|str\.|weg|platz|allee|gasse|rua|travessa|viale|piazza|corso)"
        r"\s+(?-i:[A-ZÀ-Ý][\wÀ-ÿ'’-]*)(?:\s+[\wÀ-ÿ'’-]+){0,3}?\s+\d{1,5}[a-z]?\b",
        r"\b\d{1,5},?\s+(?:rue|avenue|boulevard|bd|chemin|allée|place|impasse)\s+(?:(?:de|du|des|la|le|l')\s*){0,2}(?-i:[A-ZÀ-Ý][\wÀ-ÿ'’-]*)(?:\s+[\wÀ-ÿ'’-]+){0,3}",
        r"(?-i:\b[A-ZÄÖÜ][\wäöüß-]*)(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm)\s+\d{1,4}[a-z]?\b",  # Gartenweg 12
        r"(?<![@\w])(?-i:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b",  # UK postcode, written in capitals
    )
]
# What follows "my address is": masked up to the end of the sentence (or the next thing masked). A
# floor is no address: "I live on the 4th floor with no lift, will the courier bring it up?" kept
# its question.
_ADDRESS_CUE = re.compile(
    r"\b(?:(?:my|our|the) (?:home |delivery |shipping |postal |billing |new )?address(?: is|:)|i live (?:at|on)(?! (?:the|a|an) (?:[\w-]+ )?(?:floor|storey|story|level)\b)|mi dirección es|mon adresse est|"
    r"meine adresse (?:ist|lautet)|o meu endereço é|meu endereço é)\s*([^\n.!?]{5,100})",
    re.I,
)


def _address_spans(text: str, taken: list[tuple[int, int]]) -> list[Span]:
    """Street lines and UK postcodes, each form on its own; then what follows "my address is" (the
    words before it stay), cut where something already masked begins."""
    found: list[Span] = []
    for pattern in _ADDRESSES:
        busy = taken + [(a, b) for a, b, _, _ in found]
        found += [(m.start(), m.end(), _PLACEHOLDERS[ADDRESS], ADDRESS) for m in _spans_outside(text, pattern, busy)]
    busy = taken + [(a, b) for a, b, _, _ in found]
    for match in _ADDRESS_CUE.finditer(text):
        start, end = match.span(1)
        end = min([end, *(a for a, _ in busy if start <= a < end)])
        if end - start >= 5 and not any(a <= start < b for a, b in busy):
            found.append((start, end, _PLACEHOLDERS[ADDRESS], ADDRESS))
    return found


LONG_NUMBER = 7  # digits: a bare number this long is masked unless something names it (when in doubt, mask)
# What names a number as something other than personal data: "order 123456789", "ref no. …", "#…".
_NAMED = re.compile(
    r"(?:#|\b(?:order|ord|ref|reference|invoice|ticket|case|tracking|parcel|shipment|consignment|serial|model|sku|item|product|part|article|"
    r"pedido|commande|bestellung|encomenda|n[uú]mero de pedido|auftrag|rechnung|factura|facture|fatura)(?:\s*(?:no\.?|nr\.?|number|num|n[ºo°]|#))?\s*[:#-]?)\s*$",
    re.I,
)
# A number as amounts are written ("12,345.67", "1 299,00"): spaces only between groups of three,
# so each token is read once and a line of 15,000 digit groups costs one pass, not n².
_AMOUNT_NUMBER = r"(?:\d{1,3}(?:[ \u00a0]\d{3})+(?:[.,]\d{1,2})?|\d++(?:[.,]\d++)*+)"
_AMOUNT = re.compile(rf"[£$€¥₹]\s?{_AMOUNT_NUMBER}|(?<![\d.,]){_AMOUNT_NUMBER}\s?(?:[£$€¥₹]|(?:eur|gbp|usd|pounds|dollars|euros|quid)\b)", re.I)


@functools.lru_cache(maxsize=4)
def _ordinary(text: str) -> list[tuple[int, int]]:
    """Dates, times and amounts: numbers that stay readable, whatever checksum they happen to pass.
    (Three recognisers ask for one text: it is read once.)"""
    return [m.span() for m in _DATE_OR_TIME.finditer(text)] + [m.span() for m in _AMOUNT.finditer(text)]


def _number_spans(text: str, taken: list[tuple[int, int]]) -> list[Span]:
    """Any other run of LONG_NUMBER or more digits: masked unless named, a date, a time, an amount,
    or part of a code with letters (NH-48213, K23…)."""
    taken = taken + _ordinary(text)
    found: list[Span] = []
    for run in _spans_outside(text, _DIGIT_RUN, taken):
        if sum(ch.isdigit() for ch in run.group(0)) < LONG_NUMBER:
            continue
        before, after = text[max(0, run.start() - 1) : run.start()], text[run.end() : run.end() + 1]
        if before.isalpha() or after.isalpha() or re.search(r"[A-Za-z][-/]$", text[max(0, run.start() - 2) : run.start()]):
            continue
        if _NAMED.search(text[max(0, run.start() - 24) : run.start()]):
            continue
        found.append((run.start(), run.end(), _PLACEHOLDERS[NUMBER], NUMBER))
    return found


def mask_personal_data(text: str, regions: Iterable[str] = DEFAULT_REGIONS) -> Masked:
    """Replace personal data with placeholders (see the module's list); links keep everything but
    the personal values inside them."""
    regions = tuple(regions)
    replacements: list[Span] = _link_spans(text, regions)
    links = [m.span() for m in _URL.finditer(text)]
    taken = links + [(a, b) for a, b, _, _ in replacements]

    def add(found: list[Span]) -> None:
        for span in found:
            if not any(start < span[1] and span[0] < end for start, end in taken):
                replacements.append(span)
                taken.append((span[0], span[1]))

    add(_secret_spans(text))  # before handles: a password may start with "@"
    taken += [m.span() for m in _HANDLE.finditer(text)]  # "@dana_r", "@20481337": a handle, public by design
    add(_email_spans(text, taken))
    add([(start, end, f"{_PLACEHOLDERS[IBAN]}{tail}]", IBAN) for start, end, tail in _iban_spans(text, taken)])
    add([(start, end, f"{_PLACEHOLDERS[CARD]}{tail}]", CARD) for start, end, tail in _card_spans(text, taken)])
    add(_spelled_spans(text, taken))
    add(_birth_spans(text, taken))
    add(_national_spans(text, regions, taken))
    add([(start, end, _PLACEHOLDERS[PHONE], PHONE) for start, end in _phone_spans(text, regions, taken)])
    add(_address_spans(text, taken))
    add(_number_spans(text, taken))
    for start, end, placeholder, _ in sorted(replacements, reverse=True):
        text = text[:start] + placeholder + text[end:]
    kinds = tuple(kind for kind in KINDS if any(k == kind for *_, k in replacements))
    return Masked(text, kinds)


def masked_text(text: str) -> str:
    """`text` with personal data masked: for messages that may quote a customer's value (a reason
    an item was rejected, an error)."""
    return mask_personal_data(text).text


# Any placeholder in a text: masked data that must never go back out in a reply.
PLACEHOLDER = re.compile(r"\[(?:email|phone number|secret|date of birth|address|national id|number|card ••••\d{4}|IBAN ••••\w{4})\]")


def masked_kinds(text: str) -> tuple[str, ...]:
    """Which kinds of personal data were masked in an already-masked text (from its placeholders)."""
    return tuple(kind for kind, placeholder in _PLACEHOLDERS.items() if placeholder in text)
