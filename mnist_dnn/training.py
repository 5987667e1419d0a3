"""학습 루프: 에폭 하나를 XLA로 컴파일한 while 루프로 돌립니다."""

from __future__ import annotations

import json
import math
import time
import warnings
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from ._checks import (
    OPTIMIZERS,
    ArgumentError,
    check_choice,
    check_int,
    check_positive,
    check_seed,
    is_number,
    seed_shift,
    shifted_seed,
)
from ._tf import keras, tf
from .inference import score
from .model import cross_entropy, dense_layers, xla_tracing
from .progress import progress
from .store import read_only, run_key, store_location, stored_run

__all__ = ["DivergenceWarning", "History", "keras_optimizer", "set_seed", "train"]

TRAIN_SUBSET = 5_000  # 학습 정확도는 학습 데이터의 처음 5,000장(검증 데이터와 같은 수)으로 잽니다
_CACHE_SIZE = 16


class DivergenceWarning(RuntimeWarning):
    """비용이 NaN이나 무한대가 되어 학습을 멈췄다는 경고입니다 (3장 3.2절)."""


@dataclass
class History:
    """에폭마다의 학습 비용, 학습·검증 정확도, 검증 비용, 걸린 시간입니다 (2장 2.5절)."""

    cost: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    val_cost: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    learning_rate: list[float] = field(default_factory=list)
    diverged: bool = False
    grad_size: dict[str, list[float]] = field(default_factory=dict)
    update_size: dict[str, list[float]] = field(default_factory=dict)
    snapshots: dict[int, list] = field(default_factory=dict)
    replayed: bool = False  # 학습 결과 저장소에서 읽은 기록이면 참 (그때 seconds는 NaN)

    @property
    def epochs(self) -> int:
        """실제로 마친 에폭 수입니다."""
        return len(self.cost)

    @property
    def total_seconds(self) -> float:
        """학습에 걸린 전체 시간(초)입니다."""
        return float(sum(self.seconds))


def set_seed(seed: int) -> None:
    """파이썬·NumPy·TensorFlow 난수를 고정하고 연산을 결정적으로 만듭니다 (2장 2.5절)."""
    keras.utils.set_random_seed(shifted_seed(seed))
    tf.config.experimental.enable_op_determinism()


def keras_optimizer(name: str, learning_rate: float):
    """이름으로 Keras 3 옵티마이저를 만듭니다."""
    check_choice("optimizer", name, OPTIMIZERS)
    if name == "adam":
        return keras.optimizers.Adam(learning_rate=learning_rate)
    if name == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate=learning_rate)
    return keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9 if name == "momentum" else 0.0)


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
    record_updates=False,
    snapshot_epochs=(),
    reuse=True,
):
    """모델을 미니배치로 학습하고 에폭마다 비용과 정확도를 기록합니다 (2장 2.5절).

    시작할 때 set_seed(seed)로 파이썬·NumPy·TensorFlow의 전역 난수를 고정합니다.

    Parameters
    ----------
    model : build_model이 만든 Keras 모델 (출력은 로짓).
    data : load_mnist가 돌려준 MnistData.
    optimizer, learning_rate : 옵티마이저 이름("sgd", "momentum", "rmsprop", "adam")과 학습률.
    epochs, batch_size : 에폭 수와 배치 크기. 나머지 표본은 원본처럼 버립니다.
    seed : 미니배치를 섞는 순서와 전역 난수의 시드 (0 이상 2**32 미만의 정수).
        초기 가중치와 드롭아웃이 끌 뉴런은 build_model의 seed가 정합니다.
    lr_decay : 에폭이 끝날 때마다 학습률에 곱하는 값 (기본 1.0은 감쇠 없음). 에폭마다 쓴 학습률은 History.learning_rate.
    verbose : True면 원본 글과 같은 "Epoch: 0001 cost = ..." 줄을, False면 Jupyter에서 진행 막대를 보입니다.
    record_updates : True면 층마다 가중치 기울기의 크기 |g|와 실제 갱신 크기 |Δw|의 평균을 에폭마다
        History.grad_size, History.update_size에 기록합니다 (4장 4.13절). 조금 느려집니다.
    snapshot_epochs : 이 에폭들이 끝났을 때의 가중치(model.get_weights())를 History.snapshots[에폭]에 남깁니다.
        60 에폭 학습 한 번으로 15 에폭 모델도 얻습니다 (5장 5.1절).
    reuse : 학습 결과 저장소(환경 변수 MNIST_DNN_RUN_STORE, README)가 켜져 있으면 똑같은 학습의 저장된 결과를
        씁니다. 걸린 시간은 저장하지 않으므로, 시간을 잴 때는 False로 새로 학습합니다.
    """
    _check_data(data)
    _check_train_args(model, optimizer, learning_rate, epochs, batch_size, lr_decay, len(data.y_train))
    check_seed("seed", seed)
    snapshot_epochs = _check_snapshots(snapshot_epochs, epochs)
    options = _Options(structure(model), optimizer, int(batch_size), bool(record_updates), _layer_code(model))
    args = dict(
        optimizer=optimizer,
        learning_rate=float(learning_rate),
        epochs=int(epochs),
        batch_size=int(batch_size),
        seed=int(seed),
        lr_decay=float(lr_decay),
        record_updates=bool(record_updates),
        snapshot_epochs=sorted(snapshot_epochs),
    )
    location = store_location() if reuse else None
    if location is None:
        return _train(model, data, options, args, verbose)
    key = run_key(model, data, args, options.structure, seed_shift())
    if key is None:  # 소스를 읽을 수 없는 층(노트북에서 정의한 층 등)이 있으면 언제나 새로 학습합니다
        return _train(model, data, options, args, verbose)
    history, variables = stored_run(location, key, lambda: _train_and_keep(model, data, options, args, verbose))
    if history.replayed:
        _replay(model, history, variables, args, verbose)
    return history


def _train_and_keep(model, data, options, args, verbose):
    """학습하고, 기록과 함께 학습을 마친 모든 변수(가중치, 드롭아웃 난수 상태)를 돌려줍니다."""
    history = _train(model, data, options, args, verbose)
    return history, [v.numpy() for v in model.variables]


def _replay(model, history, variables, args, verbose):
    """저장소에서 읽은 결과를 학습한 것처럼 모델과 전역 난수에 씁니다. 찍을 줄과 경고도 그대로입니다."""
    set_seed(args["seed"])
    for v, value in zip(model.variables, variables, strict=True):
        v.assign(value)
    for epoch, cost in enumerate(history.cost, start=1):
        if verbose and math.isfinite(cost):
            print(f"Epoch: {epoch:04d} cost = {cost:.9f}", flush=True)
    if history.diverged:
        _stop_diverged(history, history.epochs, args["learning_rate"], verbose)


def _train(model, data, options, args, verbose):
    """실제로 학습합니다 (train의 인자는 이미 검사했습니다)."""
    worker = _worker(model, options)  # 난수를 쓰므로 시드 고정보다 먼저
    set_seed(args["seed"])
    worker.load(model, args["learning_rate"])
    x, y = _tensor(data.x_train, tf.float32), _tensor(data.y_train, tf.int32)
    rng, history = np.random.default_rng(shifted_seed(args["seed"])), History()
    bar = progress(args["epochs"], f"{args['optimizer']} {args['learning_rate']:g}", enabled=not verbose)
    for epoch in range(1, args["epochs"] + 1):
        history.learning_rate.append(float(worker.opt.learning_rate.numpy()))
        start = time.perf_counter()
        cost, grads, updates = worker.run_epoch(x, y, tf.constant(rng.permutation(len(data.y_train)), tf.int32))
        cost = float(cost)
        history.seconds.append(time.perf_counter() - start)
        if options.record:
            _record_sizes(history, model, grads.numpy(), updates.numpy())
        history.cost.append(cost)
        worker.store(model)
        if epoch in args["snapshot_epochs"]:
            history.snapshots[epoch] = model.get_weights()
        if not math.isfinite(cost):
            _stop_diverged(history, epoch, args["learning_rate"], verbose)
            break
        _record_scores(history, model, data)
        if verbose:
            print(f"Epoch: {epoch:04d} cost = {cost:.9f}", flush=True)
        bar.update(cost)
        worker.opt.learning_rate.assign(worker.opt.learning_rate * args["lr_decay"])
    bar.close()
    return history


def _record_sizes(history, model, grads, updates):
    """층마다 한 에폭 동안의 평균 |g|와 평균 |Δw|를 기록합니다."""
    for layer, g, u in zip(dense_layers(model), grads, updates, strict=True):
        history.grad_size.setdefault(layer.name, []).append(float(g))
        history.update_size.setdefault(layer.name, []).append(float(u))


def _record_scores(history, model, data):
    """학습 데이터 일부와 검증 데이터의 정확도, 검증 비용을 기록합니다."""
    history.train_accuracy.append(score(model, data.x_train[:TRAIN_SUBSET], data.y_train[:TRAIN_SUBSET])[0])
    acc, cost = score(model, data.x_val, data.y_val) if len(data.y_val) else (math.nan, math.nan)
    history.val_accuracy.append(acc)
    history.val_cost.append(cost)


_TENSORS: dict = {}


def _tensor(array, dtype):
    """읽기 전용 배열은 한 번만 텐서로 옮겨 두고 다시 씁니다. train()마다 학습 이미지를 복사하지 않습니다."""
    if not read_only(array):
        return tf.constant(array, dtype=dtype)
    key = (id(array), dtype.name)
    if key not in _TENSORS:
        _TENSORS[key] = tf.constant(array, dtype=dtype)
        weakref.finalize(array, _TENSORS.pop, key, None)
    return _TENSORS[key]


@dataclass(frozen=True)
class _Options:
    """컴파일한 에폭 함수의 그래프를 바꾸는 모든 것입니다. 같으면 작업자를 다시 씁니다."""

    structure: str
    optimizer: str
    batch_size: int
    record: bool
    code: tuple = ()  # 층의 클래스와 활성화 함수 객체: 노트북에서 다시 정의하면 다른 작업자를 씁니다


class _Worker:
    """모양이 같은 모델들이 함께 쓰는 모델 복제본, 옵티마이저, 컴파일된 에폭 함수입니다."""

    def __init__(self, model, options: _Options):
        self.model = keras.models.clone_model(model)
        self.opt = keras_optimizer(options.optimizer, 0.001)
        self.opt.build(self.model.trainable_variables)
        self.run_epoch = _epoch_function(self.model, self.opt, options.batch_size, options.record)

    def load(self, model, learning_rate):
        """model의 가중치와 난수 상태를 가져오고, 옵티마이저 상태를 처음으로 되돌립니다."""
        for mine, theirs in zip(self.model.variables, model.variables, strict=True):
            mine.assign(theirs)
        for v in self.opt.variables:
            v.assign(tf.zeros(v.shape, v.dtype))
        self.opt.learning_rate.assign(learning_rate)

    def store(self, model):
        """학습한 가중치와 난수 상태를 model에 돌려 씁니다."""
        for mine, theirs in zip(self.model.variables, model.variables, strict=True):
            theirs.assign(mine)


_WORKERS: OrderedDict = OrderedDict()


def _worker(model, options: _Options):
    """그래프를 바꾸는 설정(_Options)이 같으면 이미 컴파일한 작업자를 다시 씁니다."""
    if options not in _WORKERS:
        _WORKERS[options] = _Worker(model, options)
        if len(_WORKERS) > _CACHE_SIZE:
            _WORKERS.popitem(last=False)
    _WORKERS.move_to_end(options)
    return _WORKERS[options]


def _layer_code(model) -> tuple:
    """층마다 (클래스, 활성화 함수) 객체입니다. 이름이 같아도 다시 정의한 코드는 다른 객체입니다."""
    return tuple((type(layer), getattr(layer, "activation", None)) for layer in model.layers)


def _check_data(data) -> None:
    """data가 load_mnist가 돌려주는 꼴(학습·검증 배열을 가진 MnistData)인지 봅니다."""
    if not all(hasattr(data, name) for name in ("x_train", "y_train", "x_val", "y_val")):
        raise ArgumentError(
            f"data는 load_mnist()가 돌려준 MnistData여야 합니다 (받은 값: {type(data).__name__}). 배열을 직접 쓰려면 "
            "mnist_dnn.MnistData(x_train, y_train, x_val, y_val, x_test, y_test)로 묶으세요"
        )


def structure(model) -> str:
    """초기화·시드·이름을 뺀 층 구성입니다. 계산 그래프가 같은지 가리는 열쇠입니다.

    Sequential 모델만 받으므로(_check_train_args) 층의 순서가 곧 연결입니다.
    """
    skip = {"name", "kernel_initializer", "bias_initializer", "seed"}
    layers = [
        (
            f"{type(layer).__module__}.{type(layer).__qualname__}",
            {k: v for k, v in layer.get_config().items() if k not in skip},
        )
        for layer in model.layers
    ]
    return json.dumps([type(model).__name__, model.inputs[0].shape if model.inputs else None, layers], default=str)


def _epoch_function(model, opt, batch_size, record=False):
    """에폭 하나를 XLA로 컴파일한 tf.while_loop로 돕니다: 미니배치마다 비용, 기울기, 갱신.

    돌려주는 값은 언제나 (평균 비용, 층마다 평균 |g|, 층마다 평균 |Δw|)입니다. record가 False면 뒤의 둘은 빈 텐서입니다.
    """
    params = model.trainable_variables
    kernels = [layer.kernel for layer in dense_layers(model)]
    at = [next(i for i, p in enumerate(params) if p is k) for k in kernels]

    def step(x, y, order, i):
        batch = tf.slice(order, [i * batch_size], [batch_size])
        with tf.GradientTape() as tape:
            cost = cross_entropy(model(tf.gather(x, batch), training=True), tf.gather(y, batch))
        grads = tape.gradient(cost, params)
        before = [tf.identity(k) for k in kernels] if record else []
        opt.apply_gradients(zip(grads, params))
        if not record:
            return cost, tf.zeros(0), tf.zeros(0)
        sizes = [tf.reduce_mean(tf.abs(grads[j])) for j in at]
        moved = [tf.reduce_mean(tf.abs(k - b)) for k, b in zip(kernels, before)]
        return cost, tf.stack(sizes), tf.stack(moved)

    @tf.function(jit_compile=True, reduce_retracing=True)
    def run_epoch(x, y, order):
        steps = tf.shape(order)[0] // batch_size
        n = len(kernels) if record else 0

        def body(i, total, g_sum, u_sum):
            cost, g, u = step(x, y, order, i)
            return i + 1, total + cost, g_sum + g, u_sum + u

        start = (tf.constant(0), tf.constant(0.0), tf.zeros(n), tf.zeros(n))
        with xla_tracing():  # 이 그래프는 XLA로 컴파일합니다: 드롭아웃이 XLA에서 빠른 난수를 씁니다
            _, total, g_sum, u_sum = tf.while_loop(lambda i, *_: i < steps, body, start)
        count = tf.cast(steps, tf.float32)
        return total / count, g_sum / count, u_sum / count

    return run_epoch


def _stop_diverged(history, epoch, learning_rate, verbose):
    """비용이 발산하면 기록에 표시하고 경고한 뒤 멈춥니다."""
    history.diverged = True
    message = f"에폭 {epoch}에서 비용이 {history.cost[-1]}(으)로 발산해 학습을 멈춥니다 (학습률 {learning_rate:g})"
    if verbose:
        print(f"Epoch: {epoch:04d} cost = {history.cost[-1]}  ← 발산", flush=True)
    warnings.warn(message, DivergenceWarning, stacklevel=3)


def _check_train_args(model, optimizer, learning_rate, epochs, batch_size, lr_decay, n_train):
    """학습을 시작하기 전에 인자를 모두 검사합니다."""
    if not isinstance(model, keras.Sequential):  # 컴파일한 루프는 층의 순서로 구조를 가립니다 (structure)
        raise ArgumentError(
            f"train()은 층을 차례로 쌓은 keras.Sequential 모델만 학습합니다 (build_model이 만드는 모델, "
            f"받은 모델: {type(model).__name__})"
        )
    check_choice("optimizer", optimizer, OPTIMIZERS)
    check_positive("learning_rate", learning_rate)
    check_int("epochs", epochs, 1)
    check_int("batch_size", batch_size, 1, n_train)
    if not is_number(lr_decay) or not 0 < lr_decay <= 1:
        raise ArgumentError(f"lr_decay는 0보다 크고 1 이하인 수여야 합니다 (받은 값: {lr_decay!r})")


def _check_snapshots(epochs_to_keep, epochs) -> set:
    """snapshot_epochs가 1부터 epochs 사이의 정수들인지 봅니다."""
    try:
        keep = {int(e) for e in epochs_to_keep if int(e) == e}
    except (TypeError, ValueError):
        keep = None
    if keep is None or len(keep) != len(set(epochs_to_keep)) or not all(1 <= e <= epochs for e in keep):
        raise ArgumentError(
            f"snapshot_epochs는 1부터 epochs({epochs}) 사이의 정수 목록이어야 합니다 (받은 값: {epochs_to_keep!r})"
        )
    return keep
