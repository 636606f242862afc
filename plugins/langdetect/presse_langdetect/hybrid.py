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

    def __init__(
        self,
        fasttext: FastTextBackend,
        lingua: LinguaBackend,
        *,
        short_chars: int = 50,
        confident: float = 0.7,
        candidates: int = 15,
        weight: float = 0.2,
    ) -> None:
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
        pool = fast[: self.candidates if short else _LONG_TEXT_CANDIDATES]
        if short:  # fastText misses e.g. Japanese written in two kana; the script does not
            codes = {c.code for c in pool}
            pool = pool + [
                Candidate(code, 0.0)
                for code in sorted(script_languages(text) - codes)
                if code in self.lingua.supported and self._allowed(code)
            ]
        among = [c.code for c in pool if c.code in self.lingua.supported]
        if len(among) < 2:
            return fast
        slow = {c.code: c.confidence for c in self.lingua.detect_among(text, among)}
        if not slow:  # lingua's script filter ruled every candidate out
            return fast
        return self._blend(pool, slow)

    def _blend(self, pool: list[Candidate], slow: dict[str, float]) -> list[Candidate]:
        """``p_fasttext ** w * p_lingua ** (1 - w)`` over the pool, normalised.

        lingua shares out only the probability mass fastText gave to the languages lingua
        knows. A language lingua lacks (Breton, Galician) keeps its fastText probability if
        fastText is ``confident`` about it, and is dropped otherwise: on short text a weak
        fastText guess for a rare language is mostly noise (Korean read as Sinhala).
        """
        total = sum(c.confidence for c in pool) or 1.0
        fast = {c.code: c.confidence / total for c in pool}
        known = sum(p for code, p in fast.items() if code in self.lingua.supported)
        w = self.weight
        scores = {}
        for code, p in fast.items():
            if code in self.lingua.supported:
                q = slow.get(code, 0.0) * known
            else:
                q = p if p >= self.confident else 0.0
            scores[code] = (p + _FLOOR) ** w * q ** (1 - w)
        norm = sum(scores.values()) or 1.0
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        return [Candidate(code, score / norm) for code, score in ranked]

    def _allowed(self, code: str) -> bool:
        return not self.fasttext.languages or code in self.fasttext.languages

    def describe(self) -> dict[str, str]:
        fast, slow = self.fasttext.describe(), self.lingua.describe()
        return {"backend": "hybrid", "model": f"{fast['model']} + {slow['model']}"}
