"""Codes from every backend come out as ISO 639-1 where one exists."""

import pytest

from presse_langdetect.codes import normalise


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("__label__fr", "fr"),
        ("iw", "he"),  # deprecated Hebrew code
        ("in", "id"),
        ("zh-Hant", "zh"),  # Chinese variants
        ("zh_CN", "zh"),
        ("wuu", "zh"),  # fastText's Wu Chinese label
        ("yue", "zh"),
        ("FRA", "fr"),  # ISO 639-3 / 639-2
        ("deu", "de"),
        ("nb", "no"),  # lingua's Bokmål meets fastText's "no"
        ("arz", "ar"),  # Egyptian Arabic
        ("ESPERANTO", "esperanto"),  # unknown: lower-cased, passed through
        ("", "und"),
        (None, "und"),
    ],
)
def test_normalise(raw, code):
    assert normalise(raw) == code


def test_stage_params_normalise_codes():
    from presse_langdetect import LangDetect

    params = LangDetect.Params(keep=["FRA", "en", "iw"], languages=["fr", "eng"])
    assert params.keep == ["en", "fr", "he"]
    assert params.languages == ["en", "fr"]
    assert LangDetect.Params(keep="fr").keep == ["fr"]
