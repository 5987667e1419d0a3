"""_ext/ko_search.py: 한국어 검색이 조사를 떼는지."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))
from ko_search import SearchKorean, strip_particle  # noqa: E402


@pytest.mark.parametrize(
    "word, stem",
    [
        ("학습률을", "학습률"),
        ("정확도는", "정확도"),
        ("옵티마이저에서", "옵티마이저"),
        ("에폭마다", "에폭"),
        ("학습률", "학습률"),
        ("책은", "책은"),
        ("배치", "배치"),
        ("데이터셋으로는", "데이터셋"),
    ],
)
def test_strip_particle(word, stem):
    assert strip_particle(word) == stem


def test_english_words_use_porter():
    lang = SearchKorean.__new__(SearchKorean)
    lang.init({})
    assert lang.stem("Learning") == "learn" and lang.stem("학습률을") == "학습률"
