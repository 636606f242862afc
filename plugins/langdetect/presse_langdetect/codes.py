"""Normalise language codes from every backend to ISO 639-1 (or ISO 639-3 when none exists)."""

from __future__ import annotations

from functools import lru_cache

UNDETERMINED = "und"

# Deprecated ISO 639-1 codes, and fastText labels that belong to a language with an
# ISO 639-1 code (macrolanguage members, regional varieties).
_ALIASES = {
    "iw": "he",
    "in": "id",
    "ji": "yi",
    "jw": "jv",
    "mo": "ro",
    "zh": "zh",
    "cmn": "zh",
    "wuu": "zh",
    "yue": "zh",
    "gan": "zh",
    "hak": "zh",
    "nan": "zh",
    "arz": "ar",
    "azb": "az",
    "pnb": "pa",
    "ckb": "ku",
    "pes": "fa",
    "prs": "fa",
    "nb": "no",
    "als": "gsw",
}

# ISO 639-3 (and 639-2/B) codes of languages that have an ISO 639-1 code, for backends or
# configs that use three letters. Only the common ones: unknown codes pass through.
_THREE_TO_TWO = {
    "fra": "fr",
    "fre": "fr",
    "eng": "en",
    "deu": "de",
    "ger": "de",
    "spa": "es",
    "ita": "it",
    "por": "pt",
    "nld": "nl",
    "dut": "nl",
    "ara": "ar",
    "fas": "fa",
    "per": "fa",
    "rus": "ru",
    "tur": "tr",
    "ukr": "uk",
    "pol": "pl",
    "zho": "zh",
    "chi": "zh",
    "jpn": "ja",
    "heb": "he",
    "kor": "ko",
    "ell": "el",
    "gre": "el",
    "hin": "hi",
    "urd": "ur",
    "cat": "ca",
    "eus": "eu",
    "baq": "eu",
    "glg": "gl",
    "ron": "ro",
    "rum": "ro",
    "ces": "cs",
    "cze": "cs",
    "slk": "sk",
    "slo": "sk",
    "swe": "sv",
    "dan": "da",
    "nor": "no",
    "nob": "no",
    "fin": "fi",
    "hun": "hu",
    "bul": "bg",
    "srp": "sr",
    "hrv": "hr",
    "bos": "bs",
    "slv": "sl",
    "lit": "lt",
    "lav": "lv",
    "est": "et",
    "vie": "vi",
    "tha": "th",
    "ind": "id",
    "msa": "ms",
    "may": "ms",
    "ben": "bn",
    "tam": "ta",
    "tel": "te",
    "mar": "mr",
    "guj": "gu",
    "pan": "pa",
    "kur": "ku",
    "aze": "az",
    "kaz": "kk",
    "uzb": "uz",
    "hye": "hy",
    "arm": "hy",
    "kat": "ka",
    "geo": "ka",
    "bel": "be",
    "mkd": "mk",
    "mac": "mk",
    "alb": "sq",
    "sqi": "sq",
    "isl": "is",
    "ice": "is",
    "gle": "ga",
    "cym": "cy",
    "wel": "cy",
    "afr": "af",
    "swa": "sw",
    "som": "so",
    "yor": "yo",
    "lat": "la",
    "epo": "eo",
    "yid": "yi",
    "jav": "jv",
    "tgl": "tl",
    "mon": "mn",
    "lug": "lg",
    "sot": "st",
    "tsn": "tn",
    "tso": "ts",
    "xho": "xh",
    "zul": "zu",
    "nep": "ne",
    "sin": "si",
    "pus": "ps",
    "amh": "am",
    "khm": "km",
    "lao": "lo",
    "mya": "my",
    "bur": "my",
}


@lru_cache(maxsize=4096)
def normalise(code: str | None) -> str:
    """One code, normalised: ``__label__iw`` → ``he``, ``zh-Hant`` → ``zh``, ``FRA`` → ``fr``.

    Empty or missing → ``und``; codes it does not know are lower-cased and passed through.
    """
    if not code:
        return UNDETERMINED
    code = code.removeprefix("__label__").strip().replace("_", "-").lower()
    primary = code.split("-", 1)[0]
    if not primary:
        return UNDETERMINED
    primary = _ALIASES.get(primary, primary)
    return _THREE_TO_TWO.get(primary, primary)
