"""The ner stage keeps the presse stage contract (presse.testing's conformance suite)."""

import presse_ner
from presse.testing import check_stage
from presse_ner.stage import NerStage


def test_the_ner_stage_passes_the_conformance_suite():
    check_stage(NerStage, plugin=presse_ner, long_chars=20_000)
