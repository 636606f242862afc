"""Run the stance stage on JSONL or .txt files with entities taken from spaCy's own `doc.ents`.

Measures without the `ner` stage: `python run_stance.py CONFIG.yaml FILE... > out.jsonl`.
A `.txt` file becomes one document whose id is the file stem and whose text is the raw file
(offsets then index the file as the scorer expects). With no config, the stage's defaults are used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from presse import Document
from presse_stance.runtime import parser, spacy_entities
from presse_stance.stage import Stance


def documents(paths: list[str]):
    for path in map(Path, paths):
        if path.suffix == ".txt" and path.name != "stdin":
            yield Document.new(path.stem, path.read_text(encoding="utf-8"))
        else:
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    yield Document.new(
                        str(rec.pop("id")), rec.pop("text"), rec.pop("meta", None) or rec
                    )


def entities_from_spacy(doc: Document, model: str) -> None:
    parsed = parser(model)(doc.text)
    doc.shared["spacy"] = parsed
    doc["entities"] = spacy_entities(parsed)


def main(argv: list[str]) -> None:
    params = {}
    if argv and argv[0].endswith((".yaml", ".yml")):
        config = yaml.safe_load(Path(argv[0]).read_text(encoding="utf-8"))
        params = next(s for s in config["pipeline"] if s["stage"] == "stance")
        params = {k: v for k, v in params.items() if k != "stage"}
        argv = argv[1:]
    stage = Stance(**params)
    stage.setup()
    for doc in documents(argv):
        entities_from_spacy(doc, stage.params.model)
        stage.process([doc])
        print(json.dumps({"id": doc.id, "stances": doc["stances"]}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
