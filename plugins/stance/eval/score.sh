#!/bin/sh
# Measure the stance stage on the hand-labelled gold (run from the repository root).
#   plugins/stance/eval/score.sh            entities from spaCy's doc.ents (no NER stage needed)
#   PRESSE=1 plugins/stance/eval/score.sh   the real pipeline: configs/stance-fr.yaml (ner → stance)
set -e
E=plugins/stance/eval
SCORER=../shared/eval/stance/score.py
mkdir -p out
# Seeds: the story config (targets + principals); offsets index the raw .txt files.
if [ -n "$PRESSE" ]; then
  for f in docs/examples/*.txt; do
    python3 -c 'import json,sys,pathlib; p=pathlib.Path(sys.argv[1]); print(json.dumps({"id":p.stem,"text":p.read_text()}))' "$f"
  done | uv run presse run configs/stance-fr.yaml - -q > out/stance_seeds.jsonl
else
  uv run python $E/run_stance.py configs/stance-fr.yaml docs/examples/*.txt > out/stance_seeds.jsonl
fi
python3 $SCORER triples --pred out/stance_seeds.jsonl --gold $E/gold_seeds.jsonl --seeds-dir docs/examples "$@"
# Unseen news: no story-specific config (stage defaults: NER entities are the targets).
uv run python $E/run_stance.py $E/articles/*.txt > out/stance_news.jsonl
python3 $SCORER triples --pred out/stance_news.jsonl --gold $E/gold_news.jsonl --seeds-dir $E/articles "$@"
# Held-out paragraphs (labelled after tuning; never tuned on).
uv run python $E/run_stance.py $E/heldout/*.txt > out/stance_heldout.jsonl
python3 $SCORER triples --pred out/stance_heldout.jsonl --gold $E/gold_heldout.jsonl --seeds-dir $E/heldout "$@"
# Document-level author stance on short opinion/neutral texts written for this purpose
# (own: 16 texts seen while writing the evaluative words; fresh: 10 texts written afterwards).
cat $E/docstance/own.input.jsonl $E/docstance/fresh.input.jsonl |
  uv run python $E/run_stance.py $E/doc-stance.yaml /dev/stdin > out/stance_doc.jsonl
python3 $SCORER doc --pred out/stance_doc.jsonl --gold-dir $E/docstance
