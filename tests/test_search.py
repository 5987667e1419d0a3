"""_ext/ko_search.py: 한국어 검색이 조사를 떼는지."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))
from ko_search import EXPANSIONS, SearchKorean, expansion_words, glossary_synonyms, strip_particle  # noqa: E402


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
    assert lang.stem("one") == "one"  # 어간 "on"은 불용어라 검색되지 않으므로 낱말 그대로 둡니다


GLOSSARY = Path(__file__).resolve().parents[1] / "glossary.md"


def test_glossary_synonyms_read_every_row_with_its_english_name():
    table = glossary_synonyms(GLOSSARY.read_text(encoding="utf-8"))
    assert "오버피팅" in table["과대적합"] and "overfitting" in table["과대적합"]
    assert table["경사 하강법"][:2] == ["stochastic gradient descent", "SGD"]  # 괄호는 벗깁니다
    rows = [line for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if line.count("|") >= 6]
    assert len(table) == len(rows) - 2  # 머리줄과 구분줄을 뺀 모든 줄


def test_expansion_words_index_spaced_names_word_by_word_and_joined():
    assert expansion_words(["러닝 레이트", "lr", "one-hot"]) == [
        "러닝",
        "레이트",
        "러닝레이트",
        "lr",
        "one",
        "hot",
        "onehot",
    ]


def test_split_adds_the_other_names_of_a_term_in_the_text(monkeypatch):
    monkeypatch.setitem(EXPANSIONS, "과대적합", ["오버피팅", "overfitting"])
    lang = SearchKorean.__new__(SearchKorean)
    lang.init({})
    lang._word_re = __import__("re").compile(r"\w+")
    assert lang.split("이것이 과대적합(overfitting)입니다") == [
        "이것이",
        "과대적합",
        "overfitting",
        "입니다",
        "오버피팅",
        "overfitting",
    ]
    assert lang.split("과소적합입니다") == ["과소적합입니다"]
