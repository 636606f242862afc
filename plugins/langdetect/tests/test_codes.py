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


@pytest.mark.parametrize("codes", [["french"], ["xx"], ["fr", "zz"]])
def test_unknown_language_codes_fail_validation(codes):
    from presse import ConfigError
    from presse.config import parse_config

    for key in ("keep", "languages"):
        with pytest.raises(ConfigError, match="unknown language code"):
            parse_config(f"pipeline: [{{stage: langdetect, {key}: {codes}}}]")


def test_every_language_lingua_detects_is_a_known_code():
    from lingua import Language

    from presse_langdetect.codes import known

    assert all(known(normalise(lang.iso_code_639_1.name.lower())) for lang in Language.all())
