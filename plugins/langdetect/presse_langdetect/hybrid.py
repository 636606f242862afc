"""fastText first; lingua decides among fastText's candidates when the text is short or unclear."""

from __future__ import annotations

from presse_langdetect.candidates import Candidate
from presse_langdetect.fasttext_backend import FastTextBackend
from presse_langdetect.lingua_backend import LinguaBackend
from presse_langdetect.text import script_languages

_FLOOR = 1e-4  # a language fastText ranks but barely scores keeps a chance in the blend
# On long text fastText's right answer is virtually always among its top 3; asking lingua
# about more languages there would only load more of its (large) models.
_LONG_TEXT_CANDIDATES = 3


class HybridBackend:
    """fastText's speed on clear text, lingua's accuracy on short or ambiguous text.

    Texts of at least ``short_chars`` characters on which fastText is at least
    ``confident`` are answered by fastText alone (most news articles). Otherwise lingua
    ranks fastText's top ``candidates`` languages (so lingua only ever loads the models of
    plausible languages), and the answer maximises the weighted geometric mean
    ``p_fasttext ** weight * p_lingua ** (1 - weight)``.
    """

    name = "hybrid"

    def __init__(self, fasttext: FastTextBackend, lingua: LinguaBackend, *,
                 short_chars: int = 50, confident: float = 0.7, candidates: int = 15,
                 weight: float = 0.2) -> None:
        self.fasttext = fasttext
        self.lingua = lingua
        self.short_chars = short_chars
        self.confident = confident
        self.candidates = candidates
        self.weight = weight

    def load(self) -> None:
        self.fasttext.load()
        self.lingua.load()

    def detect(self, text: str) -> list[Candidate]:
        short = len(text) < self.short_chars
        fast = self.fasttext.detect(text, self.candidates if short else _LONG_TEXT_CANDIDATES)
        if not fast or (not short and fast[0].confidence >= self.confident):
            return fast
        among = [c for c in fast[: self.candidates if short else _LONG_TEXT_CANDIDATES]
                 if c.code in self.lingua.supported]
        if short:  # fastText misses e.g. Japanese written in two kana; the script does not
            codes = {c.code for c in among}
            among += [Candidate(code, 0.0) for code in sorted(script_languages(text) - codes)
                      if code in self.lingua.supported and self._allowed(code)]
        if len(among) < 2:
            return fast
        ranked = self.lingua.detect_among(text, [c.code for c in among])
        slow = {c.code: c.confidence for c in ranked}
        if not slow:  # lingua's script filter ruled every candidate out
            return fast
        total = sum(c.confidence for c in among) or 1.0
        w = self.weight
        scores = {c.code: (c.confidence / total + _FLOOR) ** w * slow.get(c.code, 0.0) ** (1 - w)
                  for c in among}
        norm = sum(scores.values()) or 1.0
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        return [Candidate(code, score / norm) for code, score in ranked]

    def _allowed(self, code: str) -> bool:
        return not self.fasttext.languages or code in self.fasttext.languages

    def describe(self) -> dict[str, str]:
        fast, slow = self.fasttext.describe(), self.lingua.describe()
        return {"backend": "hybrid", "model": f"{fast['model']} + {slow['model']}"}
