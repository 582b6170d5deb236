"""National ids of the countries customers write from: python-stdnum's validators by region, and the
UK's and Singapore's ids by their form (they carry no checksum stdnum can test)."""

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

# National ids of the countries customers write from: python-stdnum's validators by region.
NATIONAL_VALIDATORS = {
    "US": ("us.ssn",),
    "CA": ("ca.sin",),
    "AU": ("au.tfn",),
    "NZ": ("nz.ird",),
    "IE": ("ie.pps",),
    "IN": ("in_.aadhaar", "in_.pan"),
    "DE": ("de.idnr",),
    "FR": ("fr.nir",),
    "ES": ("es.dni", "es.nie"),
    "IT": ("it.codicefiscale",),
    "NL": ("nl.bsn",),
    "BE": ("be.nn",),
    "CH": ("ch.ssn",),
    "AT": ("at.vnr",),
    "SE": ("se.personnummer",),
    "NO": ("no.fodselsnummer",),
    "DK": ("dk.cpr",),
    "FI": ("fi.hetu",),
    "PL": ("pl.pesel",),
    "PT": ("pt.cc", "pt.nif"),
    "BR": ("br.cpf",),
    "MX": ("mx.curp",),
    "JP": ("jp.in_",),
    "ZA": ("za.idnr",),
}
ID_PATTERNS = {
    "GB": re.compile(r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]\b", re.I),  # National Insurance
    "SG": re.compile(r"\b[STFGM]\d{7}[A-Z]\b", re.I),  # NRIC / FIN
}


@functools.lru_cache(maxsize=8)
def id_validators(regions: tuple[str, ...]) -> list[Any]:
    return [importlib.import_module(f"stdnum.{name}") for region in regions for name in NATIONAL_VALIDATORS.get(region, ())]


def valid_id(validator: Any, value: str) -> bool:
    try:
        return bool(validator.is_valid(value))
    except Exception:  # noqa: BLE001 - a validator's own error is "not this kind of id"
        return False
