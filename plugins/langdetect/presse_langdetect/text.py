"""Text preparation shared by the backends: what to feed them, and when not to bother."""

from __future__ import annotations

import re
import unicodedata

# URLs, e-mail addresses, @handles: letters that say nothing about the language.
_NOISE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|@\w+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")

# Unicode character-name prefixes → script names (ISO 15924 English names).
_SCRIPTS = {
    "CJK": "Han", "HIRAGANA": "Hiragana", "KATAKANA": "Katakana", "HANGUL": "Hangul",
    "HALFWIDTH": "Katakana",
}


def prepare(text: str) -> str:
    """The text a backend sees: no URLs or e-mails, whitespace collapsed to single spaces.

    Also lower-cases text that is mostly upper case (shouted headlines), which fastText
    otherwise mistakes for other languages.
    """
    text = _SPACES.sub(" ", _NOISE.sub(" ", text)).strip()
    if _mostly_upper(text):
        text = text.lower()
    return text


def has_letters(text: str) -> bool:
    """True when ``text`` holds at least one letter (digits, punctuation, symbols do not count)."""
    return any(ch.isalpha() for ch in text)


def dominant_script(text: str, sample: int = 400) -> str | None:
    """The writing system of most letters among the first ``sample`` letters ("Latin", "Arabic")."""
    counts: dict[str, int] = {}
    seen = 0
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        first = name.split(" ", 1)[0]
        script = _SCRIPTS.get(first) or first.title()
        if script:
            counts[script] = counts.get(script, 0) + 1
        seen += 1
        if seen >= sample:
            break
    if not counts:
        return None
    return max(counts, key=counts.__getitem__)


# Scripts that (among the languages the backends know) belong to one language.
_SCRIPT_LANGUAGE = {
    "Hiragana": "ja", "Katakana": "ja", "Hangul": "ko", "Greek": "el", "Hebrew": "he",
    "Thai": "th", "Georgian": "ka", "Armenian": "hy", "Bengali": "bn", "Gujarati": "gu",
    "Gurmukhi": "pa", "Tamil": "ta", "Telugu": "te",
}


def script_languages(text: str) -> set[str]:
    """Languages that the scripts of ``text`` imply on their own (kana → ja, Hangul → ko)."""
    found = set()
    for ch in text:
        if ch.isalpha():
            first = unicodedata.name(ch, "").split(" ", 1)[0]
            language = _SCRIPT_LANGUAGE.get(_SCRIPTS.get(first) or first.title())
            if language:
                found.add(language)
    return found


def _mostly_upper(text: str, sample: int = 300) -> bool:
    upper = lower = 0
    for ch in text[:sample]:
        if ch.isupper():
            upper += 1
        elif ch.islower():
            lower += 1
    return upper > 5 and upper > 4 * lower
