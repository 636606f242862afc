"""The langdetect stage keeps the presse stage contract (presse.testing's conformance suite)."""

import presse_langdetect
from presse.testing import check_stage
from presse_langdetect.stage import LangDetect


def test_the_langdetect_stage_passes_the_conformance_suite():
    check_stage(LangDetect, plugin=presse_langdetect)
