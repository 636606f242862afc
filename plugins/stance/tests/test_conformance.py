"""The stance stage keeps the presse stage contract (presse.testing's conformance suite)."""

import presse_stance
from presse.testing import check_stage
from presse_stance.stage import Stance


def test_the_stance_stage_passes_the_conformance_suite():
    check_stage(Stance, plugin=presse_stance, before=[("ner", {})], long_chars=20_000)
