"""연습문제의 답 확인: 돌리기 전에 예측을 적고, 돌려 본 뒤 check()로 견줍니다.

정답의 허용 폭은 이 책이 여러 시드와 다른 CPU에서 잰 흩어짐보다 넓게 잡았습니다. 각 답은 그 장의 노트북이
책을 만들 때마다 다시 계산해, 이 표의 답과 같은지 확인합니다.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from ._checks import ArgumentError


@dataclass(frozen=True)
class _Answer:
    """연습문제 하나의 정답: 고르는 답(choices)이거나, 수 하나와 그 허용 폭입니다."""

    question: str
    expected: object
    hint: str
    low: float | None = None
    high: float | None = None


_ANSWERS = {
    "1.3": _Answer(
        "load_mnist(validation_size=10000)의 (학습, 검증, 테스트) 이미지 수",
        (50_000, 10_000, 10_000),
        "검증 데이터는 학습 파일 60,000장에서 떼어 냅니다. 테스트 파일은 그대로입니다 (1장 1.2절).",
    ),
    "3.1": _Answer(
        "학습률 0.01, 0.003, 0.001, 0.0003, 0.0001 가운데 3 에폭 뒤 검증 정확도가 가장 높은 것",
        0.01,
        "3장 3.1절의 학습 곡선에서 3번째 에폭의 검증 정확도를 학습률마다 다시 읽어 보세요. 답은 학습률 하나입니다.",
    ),
    "3.2": _Answer(
        "ReLU + He 신경망에 SGD 학습률 3을 주고 2 에폭 학습한 뒤의 검증 정확도",
        0.1,
        "3장 3.2절에서 학습률이 너무 클 때 ReLU 뉴런에 무슨 일이 있었는지 떠올려 보세요. 답은 0~1 사이의 정확도입니다.",
        low=0.0,
        high=0.2,
    ),
    "4.2": _Answer(
        "beta_2=0.9, 편향 보정 없는 Adam의 첫 걸음은 학습률의 몇 배인가",
        0.316,
        "걸음은 η·m/√v이고, 첫 걸음의 m은 (1-β1)g, v는 (1-β2)g²입니다. 이를 넣어 보세요 (4장 4.8절).",
        low=0.31,
        high=0.32,
    ),
    "4.3": _Answer(
        "AdaGrad(0.5)로 로젠브록 골짜기를 10,000걸음 간 뒤 최솟값 (1, 1)까지의 거리",
        0.0076,
        "AdaGrad는 멈추지 않고 느려질 뿐입니다. "
        "4.10절의 거리 그림에서 AdaGrad 곡선이 줄어드는 빠르기를 10,000걸음까지 이어 보세요.",
        low=0.0025,
        high=0.025,
    ),
    "4.5": _Answer(
        "곡률 (0.01, 2)인 그릇에서 가장 좋은 모멘텀이 같은 거리를 가는 걸음 수를 SGD보다 몇 배 줄이는가",
        14.2,
        "4.3절에서 걸음 수의 비는 조건수 κ의 제곱근 언저리였습니다. 이 그릇의 κ부터 구해 보세요.",
        low=13.5,
        high=15.0,
    ),
    "7.2절": _Answer(
        "학습 전의 시그모이드 + 표준정규 신경망의 검증 비용",
        15.0,
        "출력층의 로짓은 0과 1 사이의 시그모이드 출력 256개에 표준편차 1인 가중치를 곱해 더한 값입니다. "
        "로짓끼리의 차이가 얼마나 클지 어림하고, 틀린 숫자에 확률을 몰아줄 때 비용이 어떻게 될지 생각해 보세요.",
        low=8.0,
        high=40.0,
    ),
    "7.3절": _Answer(
        "학습률 0.0001, 0.001, 0.01, 0.1 가운데 시그모이드 신경망의 3 에폭 뒤 검증 정확도가 가장 높은 것",
        0.01,
        "3장 3.1절과 6장 6.4절에서 학습률을 키웠을 때 어땠는지, 너무 크면 어땠는지 떠올려 보세요. "
        "답은 학습률 하나입니다.",
    ),
    "7.5절": _Answer(
        "Glorot 초기화로 바꾼 시그모이드 신경망에서 첫 층의 |Δw|/|w|",
        1.4e-3,
        "처음 신경망의 비율에 가중치가 작아진 배수를 곱해 보세요. "
        "걸음의 크기와 학습 뒤의 가중치 크기도 조금씩 바뀝니다.",
        low=1.0e-3,
        high=2.5e-3,  # 7.4절의 비율 × 20으로 어림하면 2.1e-3 언저리입니다
    ),
    "7.1": _Answer(
        "학습 전의 ReLU + 표준정규 신경망의 검증 비용",
        2000.0,
        "ReLU는 출력을 1 아래로 눌러 담지 않습니다. "
        "표준편차 1인 가중치를 두 번 지나며 값이 얼마나 커질지 어림해 보세요.",
        low=300.0,
        high=10_000.0,
    ),
}


class Verdict(str):
    """check()의 판정입니다. 노트북에 그대로 보이고, correct로 맞았는지 알 수 있습니다."""

    correct: bool

    def __new__(cls, text: str, correct: bool):
        verdict = super().__new__(cls, text)
        verdict.correct = correct
        return verdict

    def __repr__(self) -> str:
        return str(self)


def check(exercise: str, answer) -> Verdict:
    """연습문제 exercise("장.번호")의 예측 answer가 맞는지 맞음·아님과 실마리로 알립니다 (1장, 3장, 4장, 7장)."""
    if exercise not in _ANSWERS:
        known = ", ".join(sorted(_ANSWERS))
        raise ArgumentError(f"exercises.check: 연습문제 {exercise!r}가 없습니다. 답을 확인할 수 있는 문제: {known}")
    key = _ANSWERS[exercise]
    right = _matches(key, answer, exercise)
    if right:
        return Verdict(f"맞음 ({key.question}: {_shown(key)})", True)
    return Verdict(f"아님. 실마리: {key.hint}", False)


def _matches(key: _Answer, answer, exercise: str) -> bool:
    """answer가 key의 정답과 같거나 허용 폭 안에 있는지 봅니다."""
    answer = _plain(answer)
    if key.low is None:
        if isinstance(key.expected, tuple):
            return isinstance(answer, (tuple, list)) and tuple(answer) == key.expected
        # float32로 계산한 0.01(0.009999999776…)도 0.01입니다
        return math.isclose(_number(answer, exercise), key.expected, rel_tol=1e-6)
    value = _number(answer, exercise)
    return key.low <= value <= key.high


def _plain(answer):
    """NumPy 배열과 수를 파이썬의 목록과 수로 바꿉니다: np.array([1, 2])는 [1, 2], 크기 1인 배열은 수 하나."""
    if hasattr(answer, "tolist") and hasattr(answer, "dtype"):
        answer = answer.tolist()
    if isinstance(answer, (tuple, list)):
        return type(answer)(_plain(a) for a in answer)
    return answer


def _number(answer, exercise: str) -> float:
    """답을 유한한 수로 바꿉니다. 수가 아니면 무엇을 넣어야 하는지 알립니다."""
    if isinstance(answer, list) and len(answer) == 1:
        answer = answer[0]
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real) or not math.isfinite(answer):
        raise ArgumentError(f"exercises.check({exercise!r}, ...): 답은 수 하나여야 합니다 (받은 값: {answer!r})")
    return float(answer)


def _shown(key: _Answer) -> str:
    """맞았을 때 보여 줄 정답의 꼴입니다."""
    if key.low is None:
        return str(key.expected)
    return f"{key.low:g}–{key.high:g} 사이"
