"""The common currency of the backends: ranked (code, confidence) guesses."""

from __future__ import annotations

from typing import NamedTuple, Protocol


class Candidate(NamedTuple):
    """One guess: a normalised language code and a confidence in 0..1."""

    code: str
    confidence: float


class Backend(Protocol):
    """Anything that ranks languages for a prepared text, best first."""

    name: str

    def load(self) -> None:
        """Load models (once per process; a second call does nothing)."""

    def detect(self, text: str) -> list[Candidate]:
        """Candidates for ``text``, best first, confidences summing to at most 1."""

    def describe(self) -> dict[str, str]:
        """Backend and model versions for the run manifest."""


def merge(pairs: list[tuple[str, float]], limit: int) -> list[Candidate]:
    """Sum the confidences of codes that normalise alike (``zh``/``wuu``), best first."""
    totals: dict[str, float] = {}
    for code, confidence in pairs:
        totals[code] = totals.get(code, 0.0) + confidence
    if len(totals) == len(pairs):  # the usual case: no duplicates, already ranked
        return [Candidate(code, min(1.0, conf)) for code, conf in pairs[:limit]]
    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)[:limit]
    return [Candidate(code, min(1.0, conf)) for code, conf in ranked]
