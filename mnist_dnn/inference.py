"""학습한 모델로 예측하고 정확도와 혼동 행렬을 잽니다."""

from __future__ import annotations

import numpy as np

from ._checks import ArgumentError, check_positive
from ._tf import tf
from .data import integer_labels
from .model import cross_entropy

__all__ = ["calibration", "confusion_counts", "evaluate", "fit_temperature", "predict", "score"]

CHUNK = 10_000  # 한 번에 모델에 넣는 이미지 수 (메모리를 아끼려고 나눕니다)


def _logits(model, images):
    """이미지들을 CHUNK장씩 나눠 모델에 넣고 로짓을 이어 붙입니다."""
    pixels, classes = model.inputs[0].shape[-1], model.outputs[0].shape[-1]  # 784와 10을 모델에서 읽습니다
    images = _checked_images(np.asarray(images, dtype=np.float32), pixels)
    parts = [model(images[i : i + CHUNK], training=False) for i in range(0, len(images), CHUNK)]
    return tf.concat(parts, axis=0) if parts else tf.zeros((0, classes))


def _checked_images(images, pixels):
    """이미지 배치를 (이미지 수, 픽셀 수)로 폅니다. 뒤바뀐 축이나 0–255 픽셀은 고칠 방법과 함께 알립니다."""
    side = int(round(pixels**0.5))
    if images.ndim == 2 and images.shape[1] != pixels and images.shape[0] == pixels:
        raise ArgumentError(
            f"이미지 배치의 모양이 {images.shape}입니다: 축이 뒤바뀐 듯합니다. "
            f"(이미지 수, {pixels})가 되도록 .T로 바꾸세요"
        )
    if images.shape[1:] not in ((pixels,), (side, side)) and images.shape not in ((pixels,), (side, side)):
        raise ArgumentError(
            f"이미지는 ({pixels},) 또는 ({side}, {side}) 모양이 모인 배치여야 합니다 (받은 모양: {images.shape})"
        )
    if images.size and images.min() >= 0 and images.max() > 1.0 + 1e-6:
        raise ArgumentError(
            f"픽셀 값이 0–1 범위를 넘습니다(가장 큰 값 {images.max():g}): 0–255 값이라면 255로 나눠 0–1로 맞추세요 "
            "(load_mnist가 돌려준 데이터는 이미 0–1입니다)"
        )
    return images.reshape(-1, pixels)


def predict(model, images, temperature=1.0):
    """이미지들의 예측 레이블과 클래스별 확률을 돌려줍니다 (5장 5.2절).

    temperature가 1이 아니면 로짓을 그 값으로 나눈 뒤 softmax를 씌웁니다 (5장 5.7절의 온도 조정).
    레이블은 온도와 상관없이 같습니다.
    """
    check_positive("temperature", temperature)
    probs = tf.nn.softmax(_logits(model, images) / float(temperature)).numpy()
    return probs.argmax(axis=1), probs


def fit_temperature(model, x, y, low=0.05, high=20.0) -> float:
    """검증 데이터에서 비용(평균 교차 엔트로피)이 가장 작은 온도 T를 찾습니다 (5장 5.7절).

    비용은 1/T에 대해 볼록하므로, 1/T를 [1/high, 1/low]에서 황금 분할 탐색으로 좁혀 갑니다.
    """
    z = _logits(model, x).numpy().astype(np.float64)
    y = np.asarray(y)
    if not len(y) or len(y) != len(z):
        raise ArgumentError(f"x와 y는 같은 수(1 이상)의 이미지와 레이블이어야 합니다 ({len(z)} / {len(y)})")
    return float(1.0 / _golden_min(lambda b: _nll(z * b, y), 1.0 / high, 1.0 / low))


def _nll(z, y) -> float:
    """로짓 z와 정수 레이블 y의 평균 교차 엔트로피 (log-sum-exp)."""
    top = z.max(axis=1, keepdims=True)
    return float(np.mean(np.log(np.exp(z - top).sum(axis=1)) + top[:, 0] - z[np.arange(len(y)), y]))


def _golden_min(f, a, b, tol=1e-6):
    """[a, b]에서 볼록 함수 f가 가장 작은 곳을 황금 분할 탐색으로 찾습니다."""
    ratio = (np.sqrt(5) - 1) / 2
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    while b - a > tol * max(1.0, abs(a) + abs(b)):
        if f(c) < f(d):
            b, d = d, c
            c = b - ratio * (b - a)
        else:
            a, c = c, d
            d = a + ratio * (b - a)
    return (a + b) / 2


def evaluate(model, x, y) -> float:
    """정확도(맞힌 비율)를 계산합니다 (2장 2.5절)."""
    labels, _ = predict(model, x)
    return float(np.mean(labels == np.asarray(y)))


def score(model, x, y) -> tuple[float, float]:
    """정확도와 비용(평균 교차 엔트로피)을 한 번의 계산으로 돌려줍니다 (7장 7.2절)."""
    logits = _logits(model, x)
    accuracy = float(np.mean(logits.numpy().argmax(axis=1) == np.asarray(y)))
    return accuracy, float(cross_entropy(logits, np.asarray(y)))


def confusion_counts(y_true, y_pred, num_classes: int | None = None) -> np.ndarray:
    """정답(행)×예측(열) 개수 표, 곧 혼동 행렬을 셉니다 (5장 5.3절). 클래스 수는 주지 않으면 레이블에서 읽습니다."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ArgumentError(f"y_true와 y_pred의 길이가 다릅니다 ({y_true.shape} / {y_pred.shape})")
    limit = np.iinfo(np.int64).max if num_classes is None else num_classes
    y_true, y_pred = integer_labels("y_true", y_true, limit), integer_labels("y_pred", y_pred, limit)
    if num_classes is None:
        num_classes = int(max(y_true.max(initial=-1), y_pred.max(initial=-1))) + 1
    matrix = np.zeros((num_classes, num_classes), dtype=int)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


def calibration(probs, labels, bins: int = 10) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """확신도(가장 높은 확률)를 구간으로 나눠 구간마다 평균 확신도, 정답률, 개수와 ECE를 돌려줍니다 (5장 5.6절).

    ECE(expected calibration error)는 구간마다 |정답률 − 평균 확신도|를 이미지 수로 가중 평균한 값입니다.
    빈 구간의 확신도와 정답률은 NaN입니다.
    """
    probs, labels = np.asarray(probs), np.asarray(labels)
    if probs.ndim != 2 or len(probs) != len(labels) or not len(labels):
        raise ArgumentError(
            f"probs는 (이미지 수, 클래스 수), labels는 (이미지 수,)여야 합니다 ({probs.shape} / {labels.shape})"
        )
    confidence, correct = probs.max(axis=1), probs.argmax(axis=1) == labels
    which = np.minimum((confidence * bins).astype(int), bins - 1)  # 확신도 1.0은 마지막 구간에 넣습니다
    count = np.bincount(which, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        conf = np.bincount(which, weights=confidence, minlength=bins) / count
        acc = np.bincount(which, weights=correct, minlength=bins) / count
    ece = float(np.nansum(count * np.abs(acc - conf)) / len(labels))
    return conf, acc, count, ece
