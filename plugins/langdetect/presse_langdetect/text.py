"""Text preparation shared by the backends: what to feed them, and when not to bother.

Everything here runs on every document, so it stays cheap on article-length text: the
regular expressions only run when their trigger character occurs, and the script is
read from a sample of distinct characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# URLs, e-mail addresses, @handles: letters that say nothing about the language.
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_AT = re.compile(r"[\w.+-]*@[\w-]+(?:\.[\w-]+)*")

# Unicode character-name prefixes → script names (ISO 15924 English names).
_SCRIPTS = {
    "CJK": "Han",
    "HIRAGANA": "Hiragana",
    "KATAKANA": "Katakana",
    "HANGUL": "Hangul",
    "HALFWIDTH": "Katakana",
}

# Scripts that (among the languages the backends know) belong to one language.
_SCRIPT_LANGUAGE = {
    "Hiragana": "ja",
    "Katakana": "ja",
    "Hangul": "ko",
    "Greek": "el",
    "Hebrew": "he",
    "Thai": "th",
    "Georgian": "ka",
    "Armenian": "hy",
    "Bengali": "bn",
    "Gujarati": "gu",
    "Gurmukhi": "pa",
    "Tamil": "ta",
    "Telugu": "te",
}

_script_cache: dict[str, str | None] = {}


def prepare(text: str) -> str:
    """The text a backend sees: one line, no URLs, e-mail addresses or @handles.

    Text that is mostly upper case (shouted headlines) is lower-cased: fastText otherwise
    mistakes it for other languages.
    """
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _AT.sub(" ", text)
    text = text.replace("\n", " ").replace("\r", " ").strip()
    if _mostly_upper(text[:300]):
        text = text.lower()
    return text


def has_letters(text: str) -> bool:
    """True when ``text`` holds at least one letter (digits, punctuation, symbols do not count)."""
    return any(ch.isalpha() for ch in text)


def script_of(ch: str) -> str | None:
    """The script of one character ("Latin", "Cyrillic", "Han"), ``None`` if not a letter."""
    try:
        return _script_cache[ch]
    except KeyError:
        script = None
        if ch.isalpha():
            first = unicodedata.name(ch, "").split(" ", 1)[0]
            script = _SCRIPTS.get(first) or first.title() or None
        _script_cache[ch] = script
        return script


def dominant_script(text: str, sample: int = 160) -> str | None:
    """The writing system of most letters in the first ``sample`` characters ("Latin")."""
    head = text[:sample]
    if not head:
        return None
    if max(head) < "\u0250":  # only Basic Latin to Latin Extended-B: the common case, quick
        return "Latin" if any(ch.isalpha() for ch in head) else None
    counts: dict[str, int] = {}
    for ch, n in Counter(head).items():
        script = script_of(ch)
        if script:
            counts[script] = counts.get(script, 0) + n
    return max(counts, key=counts.__getitem__) if counts else None


def script_languages(text: str) -> set[str]:
    """Languages that the scripts of ``text`` imply on their own (kana → ja, Hangul → ko)."""
    found = set()
    for ch in set(text):
        language = _SCRIPT_LANGUAGE.get(script_of(ch) or "")
        if language:
            found.add(language)
    return found


def _mostly_upper(sample: str) -> bool:
    if sum(map(str.islower, sample[:40])) > 8:  # the usual case, decided cheaply
        return False
    upper = sum(map(str.isupper, sample))
    return upper > 5 and upper > 4 * sum(map(str.islower, sample))
