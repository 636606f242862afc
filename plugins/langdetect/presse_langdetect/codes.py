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


# The labels of fastText's lid.176 model and the languages of lingua: the codes a backend
# can answer with, so the only ones worth naming in ``keep`` or ``languages``.
_FASTTEXT = (
    "af als am an ar arz as ast av az azb ba bar bcl be bg bh bn bo bpy br bs bxr ca cbk ce "
    "ceb ckb co cs cv cy da de diq dsb dty dv el eml en eo es et eu fa fi fr frr fy ga gd gl "
    "gn gom gu gv he hi hif hr hsb ht hu hy ia id ie ilo io is it ja jbo jv ka kk km kn ko krc "
    "ku kv kw ky la lb lez li lmo lo lrc lt lv mai mg mhr min mk ml mn mr mrj ms mt mwl my myv "
    "mzn nah nap nds ne new nl nn no oc or os pa pam pfl pl pms pnb ps pt qu rm ro ru rue sa "
    "sah sc scn sco sd sh si sk sl so sq sr su sv sw ta te tg th tk tl tr tt tyv ug uk ur uz "
    "vec vep vi vls vo wa war wuu xal xmf yi yo yue zh"
)
_LINGUA = "lg mi nb sn st tn ts xh zu"  # lingua's languages fastText lacks


def known(code: str) -> bool:
    """Whether ``code`` (normalised) is a language some backend can detect, or ``und``."""
    return code in _KNOWN


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


_KNOWN = frozenset({UNDETERMINED, *(normalise(c) for c in f"{_FASTTEXT} {_LINGUA}".split())})
