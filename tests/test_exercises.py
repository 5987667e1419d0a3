"""mnist_dnn.exercises: 연습문제 답 확인이 맞음과 아님을 가리고, 잘못된 입력을 분명히 알리는지."""

import numpy as np
import pytest

from mnist_dnn import exercises
from mnist_dnn._checks import ArgumentError


def test_a_right_answer_says_so_and_shows_the_question():
    verdict = exercises.check("3.1", 0.01)
    assert verdict.correct and verdict.startswith("맞음") and "3 에폭" in verdict


def test_a_wrong_answer_says_no_and_gives_a_hint_not_the_answer():
    verdict = exercises.check("3.1", 0.0001)
    assert not verdict.correct and verdict.startswith("아님") and "실마리" in verdict
    assert "0.01" not in verdict  # 실마리는 답을 그대로 알려 주지 않습니다


@pytest.mark.parametrize(
    ("exercise", "inside", "outside"),
    [("3.2", 0.098, 0.45), ("4.2", 0.3162, 0.1), ("4.3", 0.008, 0.5), ("4.5", 14.14, 4.5)],
)
def test_numeric_answers_count_inside_the_tolerance_only(exercise, inside, outside):
    assert exercises.check(exercise, inside).correct
    assert exercises.check(exercise, np.float32(inside)).correct  # NumPy 수도 받습니다
    assert not exercises.check(exercise, outside).correct


def test_a_tuple_answer_must_match_exactly():
    assert exercises.check("1.3", (50_000, 10_000, 10_000)).correct
    assert exercises.check("1.3", [50_000, 10_000, 10_000]).correct
    assert not exercises.check("1.3", (55_000, 5_000, 10_000)).correct


def test_numpy_forms_count_as_the_same_answer():
    """float32로 계산한 0.01, NumPy 정수 배열, 크기 1인 배열도 같은 답입니다."""
    assert exercises.check("3.1", np.float32(0.01)).correct
    assert exercises.check("3.1", np.array([0.01], dtype=np.float32)).correct
    assert exercises.check("1.3", np.array([50_000, 10_000, 10_000])).correct
    assert exercises.check("1.3", (np.int64(50_000), np.int64(10_000), np.int64(10_000))).correct
    assert not exercises.check("1.3", np.array([55_000, 5_000, 10_000])).correct
    assert not exercises.check("3.1", np.float32(0.001)).correct
    with pytest.raises(ArgumentError, match="답은 수 하나여야 합니다"):
        exercises.check("3.2", np.array([0.1, 0.2]))


def test_the_range_includes_the_estimate_the_book_teaches():
    """7장 7.5절: 7.4절의 비율에 가중치가 작아진 배수를 곱한 어림(2.1e-3)도 맞음입니다."""
    assert exercises.check("7.5절", 2.1e-3).correct


def test_the_verdict_shows_as_plain_text_in_a_notebook():
    assert repr(exercises.check("3.1", 0.01)).startswith("맞음")


def test_an_unknown_exercise_names_the_ones_that_exist():
    with pytest.raises(ArgumentError, match=r"'9\.9'가 없습니다.*3\.1"):
        exercises.check("9.9", 1)


@pytest.mark.parametrize("answer", ["0.01", None, True, float("nan")])
def test_a_numeric_exercise_rejects_what_is_not_a_number(answer):
    with pytest.raises(ArgumentError, match="답은 수 하나여야 합니다"):
        exercises.check("3.2", answer)


@pytest.mark.parametrize("exercise", sorted(exercises._ANSWERS))
def test_no_hint_gives_its_own_answer_away(exercise):
    key = exercises._ANSWERS[exercise]
    answers = key.expected if isinstance(key.expected, tuple) else (key.expected,)
    assert not any(f"{a:,}" in key.hint or f"{a:g}" in key.hint for a in answers)
