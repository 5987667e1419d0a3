"""784-256-256-10 신경망을 만듭니다."""

from __future__ import annotations

import contextlib
import threading

from ._checks import (
    ACTIVATIONS,
    INITIALIZERS,
    ArgumentError,
    check_choice,
    check_int,
    check_seed,
    is_number,
    shifted_seed,
)
from ._tf import keras, tf

__all__ = ["ACTIVATIONS", "INITIALIZERS", "build_model", "cross_entropy", "dense_layers", "xla_tracing"]

_XLA = threading.local()  # 학습 루프가 XLA로 컴파일할 함수를 그리는 동안만 참입니다


def build_model(hidden_units=(256, 256), activation="softmax", initializer="normal", seed=None, dropout=0.0):
    """은닉층과 로짓 출력층을 쌓은 Keras 모델을 만듭니다 (2장 2.4절).

    Parameters
    ----------
    hidden_units : 은닉층마다의 뉴런 수. 기본값 (256, 256)은 원본 글의 구조, ()는 은닉층 없는 선형 모델입니다.
    activation : 은닉층 활성화 함수. 기본값 "softmax"는 원본 글 그대로입니다 (6장에서 고칩니다).
    initializer : "normal"(표준정규분포, 원본의 tf.random_normal), "glorot", "he".
    seed : 가중치 초기화와 드롭아웃의 시드 (0 이상 2**32 미만의 정수). None이면 전역 난수 상태를 씁니다.
    dropout : 은닉층 뒤 드롭아웃 비율 (0이면 드롭아웃 없음).
    """
    check_choice("activation", activation, ACTIVATIONS)
    check_choice("initializer", initializer, INITIALIZERS)
    units = _check_units(hidden_units)
    check_seed("seed", seed, allow_none=True)
    if not is_number(dropout) or not 0.0 <= dropout < 1.0:
        raise ArgumentError(f"dropout은 0 이상 1 미만이어야 합니다 (받은 값: {dropout!r})")
    layers = [keras.Input(shape=(784,), name="image")]
    for i, n in enumerate(units):
        layers.append(_dense(n, activation, initializer, seed, i, f"hidden{i + 1}"))
        if dropout:
            layers.append(Dropout(float(dropout), seed=_offset(seed, 100 + i)))
    layers.append(_dense(10, None, initializer, seed, len(units), "logits"))
    return keras.Sequential(layers, name=f"mlp_{activation}_{initializer}")


@keras.saving.register_keras_serializable(package="mnist_dnn")
class Dropout(keras.layers.Dropout):
    """Keras Dropout과 같되, XLA로 컴파일할 때는 끌 뉴런을 threefry 난수로 뽑습니다.

    Keras의 기본 난수는 XLA CPU에서 느려, 드롭아웃만으로 학습 시간이 두세 배가 됩니다.
    """

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        seed = tf.cast(tf.math.floormod(self.seed_generator.next(), tf.int32.max - 1), tf.int32)
        alg = "threefry" if _in_xla() else "philox"  # threefry는 XLA에서만 돕니다
        keep = tf.random.stateless_uniform(tf.shape(inputs), seed=seed, alg=alg) >= self.rate
        return tf.where(keep, inputs / (1.0 - self.rate), tf.zeros_like(inputs))


@contextlib.contextmanager
def xla_tracing():
    """이 안에서 그리는 그래프는 XLA로 컴파일한다고 층들에 알립니다 (드롭아웃이 빠른 난수를 고릅니다)."""
    before, _XLA.active = getattr(_XLA, "active", False), True
    try:
        yield
    finally:
        _XLA.active = before


def _in_xla() -> bool:
    """지금 XLA로 컴파일할 그래프를 그리는 중인지 봅니다 (xla_tracing 안에서 그래프를 그릴 때)."""
    return getattr(_XLA, "active", False) and not tf.executing_eagerly()


def dense_layers(model) -> list:
    """모델의 Dense 층들을 앞에서부터 돌려줍니다."""
    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def cross_entropy(logits, labels):
    """로짓과 정수 레이블의 평균 교차 엔트로피, 곧 이 책의 비용입니다 (2장 2.3절)."""
    labels = tf.cast(labels, tf.int32)
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))


@keras.saving.register_keras_serializable(package="mnist_dnn")
def softmax(z):
    """행마다의 softmax입니다. 값은 tf.nn.softmax와 반올림 오차만큼만 다르고, XLA CPU에서 더 빠릅니다.

    행의 합을 reduce_sum 대신 1로 채운 열벡터와의 행렬 곱으로 구하고, 기울기도 같은 방법으로 직접 씁니다.
    """
    return _softmax(z)


@tf.custom_gradient
def _softmax(z):
    """softmax의 값과 기울기 y ⊙ (dy − (dy·y)1)입니다."""
    ones = tf.ones((z.shape[-1], 1), z.dtype)
    e = tf.exp(z - tf.reduce_max(z, axis=-1, keepdims=True))
    y = e * (1.0 / (e @ ones))

    def grad(dy):
        return y * (dy - (dy * y) @ ones)

    return y, grad


def _dense(units, activation, initializer, seed, index, name):
    """시드를 층마다 달리 준 Dense 층 하나를 만듭니다."""
    kernel, bias = _initializers(initializer, _offset(seed, 2 * index), _offset(seed, 2 * index + 1))
    activation = softmax if activation == "softmax" else activation
    return keras.layers.Dense(units, activation, kernel_initializer=kernel, bias_initializer=bias, name=name)


def _initializers(name, kernel_seed, bias_seed):
    """초기화 이름을 (가중치, 편향) 초기화 객체 쌍으로 바꿉니다."""
    if name == "normal":  # tf.random_normal: 평균 0, 표준편차 1 — 편향까지
        return (
            keras.initializers.RandomNormal(0.0, 1.0, seed=kernel_seed),
            keras.initializers.RandomNormal(0.0, 1.0, seed=bias_seed),
        )
    kernel = keras.initializers.GlorotUniform if name == "glorot" else keras.initializers.HeNormal
    return kernel(seed=kernel_seed), keras.initializers.Zeros()


def _offset(seed, k):
    """층마다 다른 시드를 만듭니다. seed가 None이면 None입니다."""
    return None if seed is None else shifted_seed(seed) * 1000 + k


def _check_units(hidden_units):
    """은닉층 크기가 양의 정수들인지 확인하고 파이썬 int의 튜플로 돌려줍니다 (빈 튜플은 은닉층 없음)."""
    if isinstance(hidden_units, (str, bytes)) or not hasattr(hidden_units, "__iter__"):
        raise ArgumentError(f"hidden_units는 (256, 256)처럼 정수의 튜플이어야 합니다 (받은 값: {hidden_units!r})")
    units = tuple(hidden_units)
    for n in units:
        check_int("hidden_units", n, 1)
    return tuple(int(n) for n in units)
