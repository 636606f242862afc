"""Helpers for testing presse plugins: documents, running stages, golden files, conformance.

::

    from presse.testing import check_stage, make_docs, run_stage

    def test_my_stage_follows_the_contract():
        check_stage(MyStage)

    def test_it_finds_the_capital():
        (doc,) = run_stage(MyStage, ["Paris est la capitale."], param=1)
        assert doc["mykey"] == ...
"""

from presse.testing.conformance import ConformanceError, check_stage
from presse.testing.golden import assert_golden
from presse.testing.running import make_docs, run_pipeline, run_stage

__all__ = [
    "ConformanceError",
    "assert_golden",
    "check_stage",
    "make_docs",
    "run_pipeline",
    "run_stage",
]
