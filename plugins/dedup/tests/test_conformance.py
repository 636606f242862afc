"""The dedup stage keeps the presse stage contract (presse.testing's conformance suite)."""

import pytest

import presse_dedup
from presse.config import parse_config
from presse.errors import ConfigError
from presse.testing import check_stage
from presse_dedup.stage import Dedup


def test_the_dedup_stage_passes_the_conformance_suite():
    check_stage(Dedup, plugin=presse_dedup)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("threshold: 5", "less than or equal to 1"),
        ("threshold: .nan", "finite number"),
        ("threshold: 0", "greater than 0"),
        ("bands: 0", "greater than or equal to 1"),
        ("bands: 5", "must be a multiple of bands"),
        ("containment: -1", "greater than 0"),
    ],
)
def test_parameters_that_make_no_sense_fail_validation(params, message):
    with pytest.raises(ConfigError, match=message):
        parse_config(f"pipeline: [{{stage: dedup, {params}}}]")
