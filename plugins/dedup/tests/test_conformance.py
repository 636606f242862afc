"""The dedup stage keeps the presse stage contract (presse.testing's conformance suite)."""

import presse_dedup
from presse.testing import check_stage
from presse_dedup.stage import Dedup


def test_the_dedup_stage_passes_the_conformance_suite():
    check_stage(Dedup, plugin=presse_dedup)
