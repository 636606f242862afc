"""The cue lexicon: which words express a stance, and where their holder and target are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

POLARITIES = ("FAVOR", "AGAINST")
KINDS = (
    "support",
    "alliance",
    "cooperation",
    "praise",
    "defense",
    "accusation",
    "condemnation",
    "criticism",
    "blame",
    "labelling",
    "framing",
    "hostile_action",
    "sanction",
    "threat",
    "protest",
    "concern",
    "refusal",
    "opposition",
)
POS_TAGS = ("VERB", "NOUN", "ADJ", "ANY")
DEFAULT_ROLES = {
    "VERB": (("subj",), ("obj",)),
    "NOUN": (
        ("cop", "appos", "demonym", "agent", "poss", "gov", "de"),
        ("à", "contre", "envers", "de"),
    ),
    "ADJ": (("cop", "head", "subj"), ("à", "envers", "contre")),
    "ANY": (("cop", "head"), ("à", "de")),
}
_FIELDS = {
    "lemma",
    "lemmas",
    "pos",
    "polarity",
    "kind",
    "holder",
    "target",
    "with",
    "requires_obj",
    "negation",
    "only_quoted",
    "modal",
    "mutual",
}


class LexiconError(ValueError):
    """A cue file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Cue:
    """One stance cue: a lemma with its polarity, kind and argument positions."""

    lemma: str
    pos: str
    polarity: str
    kind: str
    holder: tuple[str, ...]
    target: tuple[str, ...]
    with_: tuple[str, ...] = ()
    """Another lemma that must follow the cue ("mettre ... sur le compte de")."""
    requires_obj: tuple[str, ...] = ()
    """The direct object must be one of these lemmas ("fournir des armes à")."""
    negation: str = "cancel"
    only_quoted: bool = False
    modal: bool = False
    """Only under devoir / pouvoir / falloir: "X ne doit pas gagner" is a wish about X."""
    mutual: bool = False
    """Each side holds the stance toward the other: "des combats opposent X à Y"."""


@dataclass
class Lexicon:
    """Cues indexed by lemma."""

    language: str
    by_lemma: dict[str, list[Cue]] = field(default_factory=lambda: defaultdict(list))

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_lemma.values())

    def add(self, cue: Cue) -> None:
        self.by_lemma[cue.lemma].append(cue)

    def lookup(self, *keys: str) -> list[Cue]:
        """Cues for the first of ``keys`` (lemma, then lower-cased form) that has any."""
        seen: list[Cue] = []
        for key in keys:
            for cue in self.by_lemma.get(key, ()):
                if cue not in seen:
                    seen.append(cue)
        return seen


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _split_lemma(text: str) -> tuple[str, tuple[str, ...]]:
    """``"mettre en cause"`` → ``("mettre", ("cause",))``; ``"s'inquiéter"`` → ``"inquiéter"``."""
    words = text.lower().replace("’", "'").split()
    head = words[0]
    if head.startswith(("s'", "se ")) and len(head) > 2:
        head = head[2:]
    extra = tuple(w for w in words[1:] if len(w) > 3)
    return head, extra[-1:]


def parse_entry(entry: dict[str, Any], where: str) -> list[Cue]:
    """Expand one YAML entry (``lemma`` or ``lemmas``) into cues, checking every field."""
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: expected a mapping, got {entry!r}")
    unknown = set(entry) - _FIELDS
    if unknown:
        raise LexiconError(
            f"{where}: unknown field(s) {sorted(unknown)}; allowed: {sorted(_FIELDS)}"
        )
    lemmas = _tuple(entry.get("lemmas")) + _tuple(entry.get("lemma"))
    if not lemmas:
        raise LexiconError(f"{where}: needs `lemma` or `lemmas`")
    pos = str(entry.get("pos", "ANY")).upper()
    polarity = str(entry.get("polarity", "")).upper()
    kind = str(entry.get("kind", ""))
    if pos not in POS_TAGS:
        raise LexiconError(f"{where}: pos {pos!r} is not one of {POS_TAGS}")
    if polarity not in POLARITIES:
        raise LexiconError(f"{where}: polarity {polarity!r} is not one of {POLARITIES}")
    if kind not in KINDS:
        raise LexiconError(f"{where}: kind {kind!r} is not one of {KINDS}")
    negation = str(entry.get("negation", "cancel"))
    if negation not in ("cancel", "flip", "keep"):
        raise LexiconError(f"{where}: negation must be `cancel`, `flip` or `keep`")
    holder_default, target_default = DEFAULT_ROLES[pos]
    cues = []
    for raw in lemmas:
        lemma, extra = _split_lemma(raw)
        cues.append(
            Cue(
                lemma=lemma,
                pos=pos,
                polarity=polarity,
                kind=kind,
                holder=_tuple(entry.get("holder")) or holder_default,
                target=_tuple(entry.get("target")) or target_default,
                with_=tuple(w.lower() for w in _tuple(entry.get("with"))) + extra,
                requires_obj=tuple(w.lower() for w in _tuple(entry.get("requires_obj"))),
                negation=negation,
                only_quoted=bool(entry.get("only_quoted", False)),
                modal=bool(entry.get("modal", False)),
                mutual=bool(entry.get("mutual", False)),
            )
        )
    return cues


def read_cues(path: Path | str, text: str | None = None) -> tuple[str, list[Cue]]:
    """Read a cue YAML file: ``{language, cues: [entries]}``."""
    data = yaml.safe_load(text if text is not None else Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("cues"), list):
        raise LexiconError(f"{path}: expected a mapping with a `cues:` list")
    cues: list[Cue] = []
    for index, entry in enumerate(data["cues"]):
        cues.extend(parse_entry(entry, f"{path}: cues[{index}]"))
    return str(data.get("language", "")), cues


def bundled_text(name: str) -> str:
    return resources.files("presse_stance").joinpath("data", name).read_text(encoding="utf-8")


def load_lexicon(language: str, extra: Path | None = None, replace: bool = False) -> Lexicon:
    """The bundled lexicon for ``language``, extended (or replaced) by the cues in ``extra``."""
    lexicon = Lexicon(language)
    if not replace:
        name = f"cues_{language}.yaml"
        _, cues = read_cues(name, bundled_text(name))
        for cue in cues:
            lexicon.add(cue)
    if extra is not None:
        _, cues = read_cues(extra)
        for cue in cues:
            lexicon.add(cue)
    return lexicon
