"""Personal data is masked once, on arrival: generated cards, IBANs, emails and phone numbers never
get past it, and ordinary numbers (status ids, order numbers, dates, prices) are left alone."""

from __future__ import annotations

import random
import re

import phonenumbers
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assistant.posts import clean_text
from assistant.privacy import DEFAULT_REGIONS, mask_personal_data
from tests.conftest import examples

# Issuer prefixes of real schemes: Visa, Mastercard (both ranges), Amex, Discover, JCB, Diners, UnionPay, Maestro, Mir.
PREFIXES = ["4", "51", "55", "2221", "2720", "34", "37", "6011", "65", "3530", "36", "62", "6759", "2200"]
SEPARATORS = [" ", "  ", "   ", "\u00a0", "\u202f", "-", "–", ".", "/", " - ", " / ", " . "]
BEFORE = ["", "order 48213 ", "2x ", "qty 3 ", "#7781 ", "12 ", "card: ", "card no.", "ref 2026-11-", "my visa is "]
AFTER = ["", " exp 12/27", " 123", " cvv 123", "/12/27", " - 123", " 09/29 cvc 4821", ".", "!!", " thanks"]


def luhn_complete(body: str) -> str:
    total = 0
    for position, char in enumerate(reversed(body + "0")):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return body + str((10 - total % 10) % 10)


@st.composite
def card_numbers(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(PREFIXES))
    length = draw(st.integers(13, 19))
    body = prefix + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=length - len(prefix) - 1, max_size=length - len(prefix) - 1)))
    return luhn_complete(body)


@st.composite
def written_cards(draw: st.DrawFn) -> tuple[str, str, str]:
    """(the text, the card's digits, the card as written): a card cut into groups at random, any
    separators, neighbours."""
    digits = draw(card_numbers())
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=6)))
    groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=False)]
    separator = draw(st.sampled_from(SEPARATORS))
    mixed = draw(st.booleans())
    written = groups[0]
    for group in groups[1:]:
        written += (draw(st.sampled_from(SEPARATORS)) if mixed else separator) + group
    return f"{draw(st.sampled_from(BEFORE))}{written}{draw(st.sampled_from(AFTER))}", digits, written


@settings(max_examples=examples(600), deadline=None)
@given(written_cards(), st.sampled_from(["my card ", "charged twice on ", "", "Card number: ", "🙃 "]), st.sampled_from(["", " please help", " 😡"]))
def test_a_valid_card_number_is_always_masked(card: tuple[str, str, str], lead: str, tail: str) -> None:
    text, digits, written = card
    masked = mask_personal_data(lead + text + tail)
    assert digits not in re.sub(r"\D", "", masked.text.replace("••••", "")), masked.text
    assert "[card ••••" in masked.text and "card number" in masked.kinds
    # Digits next to the card ("order 48213") may meet the last four once non-digits are dropped;
    # what a perfect mask leaves must not already hold the eight, or the check would see its own shadow.
    ideal = re.sub(r"\D", "", (lead + text + tail).replace(written, f"[card ••••{digits[-4:]}]"))
    assume(digits[-8:] not in ideal)
    assert digits[:6] not in masked.text and digits[-8:-4] + digits[-4:] not in re.sub(r"\D", "", masked.text), "no more than the last four survive"


def status_link(tweet_id: int) -> str:
    return random.Random(tweet_id).choice(
        [
            f"https://x.com/sam/status/{tweet_id}",
            f"x.com/i/web/status/{tweet_id}",
            f"https://twitter.com/NimbusHome/status/{tweet_id}?s=20",
            f"www.x.com/a/status/{tweet_id}",
        ]
    )


ordinary_numbers = st.one_of(
    st.integers(10**17, 2**63 - 1).map(status_link),
    st.integers(1, 10**12).map(lambda n: f"order #{n}"),
    st.integers(10**5, 10**12).map(lambda n: f"order {n}"),
    st.integers(10**5, 10**9).map(lambda n: f"ref no. {n}"),
    st.integers(1, 10**6).map(lambda n: f"ORD-2026-{n:06d}"),
    st.dates().map(lambda d: random.Random(d.toordinal()).choice([d.isoformat(), d.strftime("%d/%m/%Y"), d.strftime("%d.%m.%Y"), d.strftime("%b %d %Y")])),
    st.tuples(st.integers(0, 99_999), st.integers(0, 99)).map(
        lambda p: random.Random(p[0]).choice([f"£{p[0]:,}.{p[1]:02d}", f"${p[0]}.{p[1]:02d}", f"{p[0]},{p[1]:02d} €", f"{p[0]} EUR"])
    ),
    st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]:02d}:{t[1]:02d}"),
    st.integers(1, 99).map(lambda n: f"{n}x kettles"),
    st.integers(1, 9999).map(lambda n: f"model NH-{n}"),
)


@settings(max_examples=examples(600), deadline=None)
@given(st.lists(ordinary_numbers, min_size=1, max_size=4), st.sampled_from(["", "hi, ", "@NimbusHome "]))
def test_ordinary_numbers_are_left_alone(numbers: list[str], lead: str) -> None:
    text = lead + " and ".join(numbers) + " — still waiting"
    masked = mask_personal_data(text)
    assert masked.text == text and masked.kinds == ()


def iban(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    number = int("".join(str(int(ch, 36)) for ch in rearranged))
    return f"{country}{98 - number % 97:02d}{bban}"


BBAN = {  # country: (letters, digits) of its account part
    "DE": (0, 18),
    "GB": (4, 14),
    "NL": (4, 10),
    "ES": (0, 20),
    "FR": (0, 23),
    "BE": (0, 12),
    "IT": (1, 22),
    "PL": (0, 24),
    "IE": (4, 14),
    "AT": (0, 16),
}


@settings(max_examples=examples(300), deadline=None)
@given(st.sampled_from(sorted(BBAN)), st.randoms(use_true_random=False), st.booleans(), st.booleans(), st.sampled_from(["", "pay to ", "IBAN: "]))
def test_a_valid_iban_is_masked_compact_or_grouped(country: str, rng: random.Random, grouped: bool, lower: bool, lead: str) -> None:
    letters, digits = BBAN[country]
    bban = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(letters)) + "".join(rng.choice("0123456789") for _ in range(digits))
    if country == "IT":
        bban = bban[0] + bban[1:11] + "".join(rng.choice("0123456789") for _ in range(12))
    value = iban(country, bban)
    from stdnum import iban as stdnum_iban

    if not stdnum_iban.is_valid(value):
        return  # a national check digit this generator doesn't compute; not an IBAN
    written = " ".join(value[i : i + 4] for i in range(0, len(value), 4)) if grouped else value
    written = written.lower() if lower else written
    masked = mask_personal_data(f"{lead}{written} thanks")
    assert value[4:] not in re.sub(r"[^A-Z0-9]", "", masked.text.upper()) and "IBAN" in masked.kinds, masked.text


local_parts = st.text(alphabet=st.sampled_from(list("abcxyz019._+-") + list("éüøßçñ") + list("ивд") + list("李王")), min_size=1, max_size=12).filter(
    lambda s: s[0] not in "._+-" and s[-1] not in "._+-" and ".." not in s
)
domains = st.tuples(
    st.text(alphabet=st.sampled_from(list("abcdxyz019") + list("üöé") + list("пример")), min_size=2, max_size=10).filter(
        lambda s: s[0].isalnum() and s[-1].isalnum()
    ),
    st.sampled_from(["com", "de", "co.uk", "рф", "中国", "xn--p1ai", "email"]),
)


@settings(max_examples=examples(400), deadline=None)
@given(local_parts, domains, st.sampled_from(["mail me at ", "", "(", "email: "]), st.sampled_from(["", ")", ".", " thx", "!"]))
def test_emails_with_unicode_local_parts_and_idn_domains_are_masked(local: str, domain: tuple[str, str], lead: str, tail: str) -> None:
    address = f"{local}@{domain[0]}.{domain[1]}"
    masked = mask_personal_data(clean_text(f"{lead}{address}{tail}"))
    assert "[email]" in masked.text and "@" not in masked.text, (address, masked.text)


REGIONS = list(DEFAULT_REGIONS)


@settings(max_examples=examples(400), deadline=None)
@given(
    st.sampled_from(REGIONS),
    st.sampled_from(["MOBILE", "FIXED_LINE"]),
    st.sampled_from(["INTERNATIONAL", "NATIONAL", "E164"]),
    st.sampled_from(["call me on ", "my number is ", "", "ring "]),
)
def test_phone_numbers_of_every_configured_region_are_masked(region: str, kind: str, form: str, lead: str) -> None:
    example = phonenumbers.example_number_for_type(region, getattr(phonenumbers.PhoneNumberType, kind))
    if example is None:
        return
    written = phonenumbers.format_number(example, getattr(phonenumbers.PhoneNumberFormat, form))
    national_digits = str(example.national_number)
    masked = mask_personal_data(f"{lead}{written} thanks")
    assert national_digits not in re.sub(r"\D", "", masked.text), (region, written, masked.text)
    assert "phone number" in masked.kinds


def test_the_phone_regions_setting_is_used(tmp_path) -> None:  # noqa: ANN001
    french = "tel 06 12 34 56 78 please"
    assert "[phone number]" in mask_personal_data(french, ("FR",)).text
    assert "phone number" not in mask_personal_data(french, ("GB",)).kinds, "a national format is read by its region"
    assert mask_personal_data(french, ("GB",)).text == "tel [number] please", "and, not read as a phone, it is still a long number: masked"
    assert "[phone number]" in mask_personal_data("tel +33 6 12 34 56 78", ("GB",)).text, "an international one anywhere"


def test_full_width_and_lookalike_forms_are_masked_after_normalisation() -> None:
    assert "[card ••••1111]" in clean_text("card ４１１１ １１１１ １１１１ １１１１")
    assert "[email]" in clean_text("jo＠example.com")


def test_masking_is_idempotent_on_its_own_output() -> None:
    text = "card 4111 1111 1111 1111, jo@example.com, +44 7700 900123, GB82 WEST 1234 5698 7654 32"
    once = mask_personal_data(text)
    assert once.kinds == ("card number", "IBAN", "email", "phone number")
    assert mask_personal_data(once.text).text == once.text


@pytest.mark.parametrize("digits", [12, 13, 19, 20])
def test_card_length_boundaries(digits: int) -> None:
    number = luhn_complete("4" + "7" * (digits - 2))  # one group: only the whole run is a candidate
    masked = mask_personal_data(f"card {number} thanks")
    assert ("card number" in masked.kinds) is (13 <= digits <= 19), masked.text


@pytest.mark.parametrize("extra", [0, 1, 500])
def test_the_post_replied_to_is_masked_like_the_post_and_cut_never_refused(extra: int) -> None:
    """Another person's public words, kept beside a reply for the card: personal data in them is
    masked as in any post, one longer than a post may be is cut to that length (MAX_POST_CHARS and
    MAX_POST_CHARS + 1 both keep the reply), and one that isn't text is left out."""
    from assistant.posts import MAX_POST_CHARS, Post

    parent = "write to jo.bloggs@example.com or call +44 7700 900123. " + "x" * (MAX_POST_CHARS + extra)
    kept = Post("x", "1", "sam_k", "@Brand it's the Smart Kettle 2", in_reply_to_id="999", in_reply_to_text=parent).cleaned()
    assert "jo.bloggs@example.com" not in kept.in_reply_to_text and "7700 900123" not in kept.in_reply_to_text
    assert MAX_POST_CHARS - 100 < len(kept.in_reply_to_text) <= MAX_POST_CHARS and kept.text == "@Brand it's the Smart Kettle 2"
    odd = Post("x", "2", "sam_k", "@Brand hello", in_reply_to_text=12345).cleaned()  # type: ignore[arg-type]
    assert odd.in_reply_to_text == "" and odd.text == "@Brand hello"


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["I live on", "i live on", "I live at", "I LIVE ON"]),
    st.sampled_from(["the 4th", "the top", "a 2nd", "the ground", "the third", "the 10th", "the upper"]),
    st.sampled_from(["floor", "storey", "level"]),
    st.sampled_from([" with no lift, will the courier bring it up?", ", can they carry the sofa up", " and there's no lift", ""]),
)
def test_the_floor_a_customer_lives_on_is_no_address(cue: str, which: str, floor: str, rest: str) -> None:
    """Nestbed, read unseen: "I live on the 4th floor with no lift, will the courier bring it up?"
    was masked from "the 4th floor" to the end ("I live on [address]"), so retrieval never read the
    question. A street after the same words still is an address."""
    text = f"{cue} {which} {floor}{rest}"
    assert mask_personal_data(text).text == text
    street = mask_personal_data(f"{cue} 12 Oak Road{rest}").text
    assert "Oak" not in street and "[address]" in street, street
