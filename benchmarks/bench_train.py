"""train()의 에폭당 시간을 원본 Session 루프(legacy.run_original)와 Keras model.fit에 견줍니다.

기계가 시끄러우므로 절대 시간이 아니라 한 프로세스에서 번갈아 잰 비율을 봅니다. 비율은 라운드마다
같은 라운드의 실행끼리 나누고, 라운드들의 중앙값을 씁니다 (한 라운드에 잡음이 몰려도 흔들리지 않게).
- 컴파일 포함: 그 구조를 처음 학습하는 train() 호출 (캐시를 비우고 잽니다), 처음 에폭부터 모두 셉니다.
- 재사용: 같은 구조를 다시 학습하는 train() 호출 (컴파일한 함수를 다시 씁니다. 책이 모델을 여럿 학습할 때).
- 정상 상태: 두 번째 에폭부터의 중앙값.
- 바닥: 한 에폭의 행렬 곱만 같은 모양으로 XLA 루프에서 돌린 시간 (비용·활성화·옵티마이저 없음).
목표 (2코어 CI 기계): 컴파일 포함 ≤ 0.65, 정상 상태 ≤ 0.5, model.fit보다 3배 이상 빠름.

    .venv/bin/python benchmarks/bench_train.py [--epochs 5] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from mnist_dnn import build_model, load_mnist, train
from mnist_dnn import training as training_module
from mnist_dnn._tf import keras, tf
from mnist_dnn.legacy import run_original

LAYERS = [(784, 256), (256, 256), (256, 10)]


def per_epoch(seconds) -> float:
    """에폭당 평균 시간(초)입니다."""
    return sum(seconds) / len(seconds)


def steady(seconds) -> float:
    """두 번째 에폭부터의 중앙값입니다."""
    return statistics.median(seconds[1:])


def floor_seconds(n_train: int, batch: int) -> tuple[float, float]:
    """한 에폭의 행렬 곱만(순전파 3번, 역전파 5번 × 미니배치 수) XLA 루프로 돌린 시간(초)과 그 연산량(GFLOP)입니다.

    비용, 활성화, 옵티마이저가 없는 학습이므로 train()이 닿을 수 있는 바닥입니다.
    """
    steps = n_train // batch
    x = tf.random.normal((steps * batch, 784))
    w = [tf.Variable(tf.random.normal((a, b), stddev=0.01)) for a, b in LAYERS]

    def step(i, total):
        a0 = tf.slice(x, [i * batch, 0], [batch, 784])
        a1 = a0 @ w[0]
        a2 = a1 @ w[1]
        d3 = a2 @ w[2]
        d2 = tf.matmul(d3, w[2], transpose_b=True)
        d1 = tf.matmul(d2, w[1], transpose_b=True)
        grads = [tf.matmul(a, d, transpose_a=True) for a, d in [(a0, d1), (a1, d2), (a2, d3)]]
        for v, g in zip(w, grads):
            v.assign_sub(1e-9 * g)
        return i + 1, total + tf.reduce_sum(d3)

    loop = tf.function(lambda: tf.while_loop(lambda i, _: i < steps, step, (0, 0.0)), jit_compile=True)
    loop()
    times = []
    for _ in range(3):
        start = time.perf_counter()
        loop()
        times.append(time.perf_counter() - start)
    macs = sum(a * b for a, b in LAYERS)
    flops = steps * 2 * batch * (3 * macs - 784 * 256)  # 순전파 + 역전파(입력 기울기 없는 첫 층)
    return flops / 1e9, min(times)


def fit_seconds(data, epochs: int, seed: int) -> list[float]:
    """같은 신경망과 배치 크기로 Keras model.fit의 에폭별 시간을 잽니다."""
    model = build_model(seed=seed)
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss=loss)
    times = []

    class Clock(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.start)

    model.fit(data.x_train, data.y_train, batch_size=100, epochs=epochs, verbose=0, callbacks=[Clock()])
    return times


def dropout_seconds(data, epochs: int) -> tuple[float, float]:
    """512-512 + 드롭아웃 0.4 모델의 정상 상태 s/epoch: Keras Dropout 그대로 / mnist_dnn의 Dropout."""
    ours = build_model((512, 512), activation="relu", initializer="he", dropout=0.4, seed=1)

    def to_keras(layer):
        if isinstance(layer, keras.layers.Dropout):
            return keras.layers.Dropout(layer.rate, seed=1)
        return layer.__class__.from_config(layer.get_config())

    theirs = keras.models.clone_model(ours, clone_function=to_keras)
    return tuple(steady(train(m, data, epochs=epochs, seed=1, verbose=False).seconds) for m in (theirs, ours))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    data = load_mnist()
    runs = {"legacy": [], "cold": [], "warm": [], "fit": []}
    for r in range(args.rounds):
        seed = 777 + r
        runs["legacy"].append(run_original(data, epochs=args.epochs, seed=seed, verbose=False).seconds)
        training_module._WORKERS.clear()  # 컴파일부터 다시
        runs["cold"].append(train(build_model(seed=seed), data, epochs=args.epochs, seed=seed, verbose=False).seconds)
        runs["warm"].append(train(build_model(seed=seed), data, epochs=args.epochs, seed=seed, verbose=False).seconds)
        runs["fit"].append(fit_seconds(data, args.epochs, seed))
        epochs = ", ".join(f"{k} " + " ".join(f"{t:.2f}" for t in v[-1]) for k, v in runs.items())
        print(f"round {r + 1} (s per epoch): {epochs}", flush=True)
    report(runs, data)


def ratio(runs, top, bottom, stat) -> float:
    """라운드마다 같은 라운드의 두 실행을 나눈 비율의 중앙값입니다. 한 라운드의 잡음에 흔들리지 않습니다."""
    return statistics.median(stat(a) / stat(b) for a, b in zip(runs[top], runs[bottom], strict=True))


def report(runs, data) -> None:
    """에폭당 시간(라운드 중앙값)과 비율을 찍습니다."""
    mean = {k: statistics.median(per_epoch(s) for s in v) for k, v in runs.items()}
    still = {k: statistics.median(steady(s) for s in v) for k, v in runs.items()}
    gflop, floor = floor_seconds(len(data.y_train), 100)
    keras_drop, our_drop = dropout_seconds(data, 3)
    print(f"legacy Session loop      : {mean['legacy']:.3f} s/epoch (steady {still['legacy']:.3f})")
    print(f"train(), compile included: {mean['cold']:.3f} s/epoch")
    print(f"train(), compiled reused : {mean['warm']:.3f} s/epoch")
    print(f"train(), steady state    : {still['warm']:.3f} s/epoch   floor {floor:.3f} s/epoch ({gflop:.1f} GFLOP)")
    print(f"keras model.fit          : {mean['fit']:.3f} s/epoch (steady {still['fit']:.3f})")
    print(f"ratio compile included / legacy : {ratio(runs, 'cold', 'legacy', per_epoch):.2f}  (target <= 0.65)")
    print(f"ratio compiled reused / legacy  : {ratio(runs, 'warm', 'legacy', per_epoch):.2f}")
    print(f"ratio steady / legacy steady    : {ratio(runs, 'warm', 'legacy', steady):.2f}  (target <= 0.5)")
    print(f"model.fit / train() steady      : {ratio(runs, 'fit', 'warm', steady):.2f}x  (target >= 3)")
    print(f"steady / floor                  : {still['warm'] / floor:.2f}x")
    print(f"512-512 + dropout, steady: Keras Dropout {keras_drop:.3f} s/epoch, ours {our_drop:.3f} s/epoch")


if __name__ == "__main__":
    np.set_printoptions(precision=3)
    main()
