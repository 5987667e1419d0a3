"""학습 루프, 평가, 예측 (2장 2.4절, 3장 파라미터 조절)."""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field

import numpy as np

from ._tf import keras, tf
from .optimizers import check_optimizer_name, keras_optimizer


class DivergenceWarning(RuntimeWarning):
    """비용이 NaN이나 무한대가 되어 학습을 멈췄다는 경고입니다 (3장 3.2절)."""


@dataclass
class History:
    """에폭마다의 학습 비용, 검증 정확도, 걸린 시간입니다 (2장 2.4절)."""

    cost: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    diverged: bool = False

    @property
    def epochs(self) -> int:
        """실제로 마친 에폭 수입니다 (3장 3.2절)."""
        return len(self.cost)

    @property
    def total_seconds(self) -> float:
        """학습에 걸린 전체 시간(초)입니다 (3장 3.4절)."""
        return float(sum(self.seconds))


def set_seed(seed: int) -> None:
    """파이썬·NumPy·TensorFlow 난수를 고정하고 연산을 결정적으로 만듭니다 (2장 2.4절)."""
    keras.utils.set_random_seed(int(seed))
    tf.config.experimental.enable_op_determinism()


def train(
    model,
    data,
    *,
    optimizer="adam",
    learning_rate=0.001,
    epochs=15,
    batch_size=100,
    seed=777,
    lr_decay=1.0,
    verbose=True,
):
    """모델을 미니배치로 학습하고 에폭마다 비용과 검증 정확도를 기록합니다 (2장 2.4절).

    Parameters
    ----------
    model : build_model이 만든 Keras 모델 (출력은 로짓).
    data : load_mnist가 돌려준 MnistData.
    optimizer, learning_rate : 옵티마이저 이름("sgd", "momentum", "rmsprop", "adam")과 학습률.
    epochs, batch_size : 에폭 수와 배치 크기. 나머지 표본은 원본처럼 버립니다.
    seed : 섞는 순서와 드롭아웃의 난수 시드.
    lr_decay : 에폭이 끝날 때마다 학습률에 곱하는 값 (기본 1.0은 감쇠 없음, 6장 6.4절).
    verbose : True면 원본 글과 같은 "Epoch: 0001 cost = ..." 줄을 찍습니다.
    """
    _check_train_args(optimizer, learning_rate, epochs, batch_size, lr_decay, len(data.y_train))
    set_seed(seed)
    opt = keras_optimizer(optimizer, learning_rate)
    run_epoch = _epoch_runner(model, opt, batch_size)
    x, y = tf.constant(data.x_train), tf.constant(data.y_train, dtype=tf.int32)
    rng, history = np.random.default_rng(seed), History()
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        cost = float(run_epoch(x, y, tf.constant(rng.permutation(len(data.y_train)), dtype=tf.int32)))
        history.seconds.append(time.perf_counter() - start)
        history.cost.append(cost)
        if not math.isfinite(cost):
            _stop_diverged(history, epoch, learning_rate, verbose)
            break
        history.val_accuracy.append(evaluate(model, data.x_val, data.y_val) if len(data.y_val) else math.nan)
        if verbose:
            print(f"Epoch: {epoch:04d} cost = {cost:.9f}", flush=True)
        opt.learning_rate.assign(opt.learning_rate * lr_decay)
    return history


def _epoch_runner(model, opt, batch_size):
    """한 에폭을 도는 tf.function을 만듭니다. 한 걸음은 XLA로 컴파일합니다 (2장 2.4절)."""
    params = model.trainable_variables
    opt.build(params)

    @tf.function(jit_compile=True)
    def train_step(xb, yb):
        with tf.GradientTape() as tape:
            logits = model(xb, training=True)
            cost = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=yb, logits=logits))
        opt.apply_gradients(zip(tape.gradient(cost, params), params))
        return cost

    @tf.function
    def run_epoch(x, y, order):
        steps = tf.shape(order)[0] // batch_size
        total = tf.constant(0.0)
        for i in tf.range(steps):
            batch = order[i * batch_size : (i + 1) * batch_size]
            total += train_step(tf.gather(x, batch), tf.gather(y, batch))
        return total / tf.cast(steps, tf.float32)

    return run_epoch


def _stop_diverged(history, epoch, learning_rate, verbose):
    """비용이 발산하면 기록에 표시하고 경고한 뒤 멈춥니다 (3장 3.2절)."""
    history.diverged = True
    message = f"에폭 {epoch}에서 비용이 {history.cost[-1]}(으)로 발산해 학습을 멈춥니다 (학습률 {learning_rate:g})"
    if verbose:
        print(f"Epoch: {epoch:04d} cost = {history.cost[-1]}  ← 발산", flush=True)
    warnings.warn(message, DivergenceWarning, stacklevel=3)


def _check_train_args(optimizer, learning_rate, epochs, batch_size, lr_decay, n_train):
    """학습을 시작하기 전에 인자를 모두 검사합니다 (3장 3.1절)."""
    check_optimizer_name(optimizer)
    if not _is_number(learning_rate) or not math.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError(f"learning_rate는 유한한 양수여야 합니다 (받은 값: {learning_rate!r})")
    if not _is_int(epochs) or epochs < 1:
        raise ValueError(f"epochs는 1 이상의 정수여야 합니다 (받은 값: {epochs!r})")
    if not _is_int(batch_size) or not 1 <= batch_size <= n_train:
        raise ValueError(f"batch_size는 1 이상 {n_train} 이하의 정수여야 합니다 (받은 값: {batch_size!r})")
    if not _is_number(lr_decay) or not 0 < lr_decay <= 1:
        raise ValueError(f"lr_decay는 0보다 크고 1 이하인 수여야 합니다 (받은 값: {lr_decay!r})")


def _is_int(value) -> bool:
    """bool이 아닌 정수인지 봅니다 (3장 3.1절)."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _is_number(value) -> bool:
    """bool이 아닌 실수인지 봅니다 (3장 3.1절)."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def predict(model, images):
    """이미지들의 예측 레이블과 클래스별 확률을 돌려줍니다 (5장 5.2절)."""
    images = np.asarray(images, dtype=np.float32).reshape(-1, 784)
    probs = np.concatenate([tf.nn.softmax(model(images[i : i + 10_000], training=False)).numpy()
                            for i in range(0, len(images), 10_000)])  # fmt: skip
    return probs.argmax(axis=1), probs


def evaluate(model, x, y) -> float:
    """정확도(맞힌 비율)를 계산합니다 (2장 2.5절)."""
    labels, _ = predict(model, x)
    return float(np.mean(labels == np.asarray(y)))


def gradient_norms(model, x, y) -> dict:
    """층마다 가중치 기울기의 크기(L2 노름)를 잽니다 (6장 6.1절)."""
    with tf.GradientTape() as tape:
        logits = model(np.asarray(x, dtype=np.float32), training=False)
        cost = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=np.asarray(y), logits=logits))
    dense = [layer for layer in model.layers if hasattr(layer, "kernel")]
    grads = tape.gradient(cost, [layer.kernel for layer in dense])
    return {layer.name: float(tf.norm(g)) for layer, g in zip(dense, grads)}


def confusion_counts(y_true, y_pred, num_classes: int = 10) -> np.ndarray:
    """정답(행)×예측(열) 개수 표, 곧 혼동 행렬을 셉니다 (5장 5.3절)."""
    matrix = np.zeros((num_classes, num_classes), dtype=int)
    np.add.at(matrix, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return matrix
