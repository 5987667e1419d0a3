"""train()의 에폭당 시간을 원본 Session 루프(legacy)와 Keras model.fit, 행렬 곱의 바닥에 견줍니다.

기계가 시끄러우므로 절대 시간이 아니라 한 프로세스에서 번갈아 잰 비율을 봅니다. 한 라운드는 같은 시드로
원본 Session 루프, train(), model.fit, 바닥을 한 에폭씩 번갈아 돌립니다. 이어진 네 에폭이 같은 잡음을
받으므로 비율은 에폭 짝마다 구하고 그 중앙값을 씁니다.
- 컴파일 포함: 라운드마다 train()의 컴파일 캐시를 비우고, 첫 에폭부터 모든 에폭의 합을 원본의 합으로 나눕니다.
- 정상 상태: 두 번째 에폭부터. train()은 에폭마다 다시 불리므로, 컴파일한 함수를 train() 호출끼리
  다시 쓰는 경우(책이 모델을 여럿 학습할 때)이기도 합니다.
- 바닥: 한 에폭의 행렬 곱만 같은 모양으로 XLA 루프에서 돌린 시간 (비용·활성화·옵티마이저 없음).
목표 (2코어 CI 기계): 컴파일 포함 ≤ 0.65, 정상 상태 ≤ 0.5, model.fit보다 3배 이상 빠름.

    .venv/bin/python benchmarks/bench_train.py [--epochs 5] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from mnist_dnn import build_model, legacy, load_mnist, train
from mnist_dnn import training as training_module
from mnist_dnn._tf import keras, tf
from mnist_dnn.data import one_hot

LAYERS = [(784, 256), (256, 256), (256, 10)]
KINDS = ["legacy", "train", "fit", "floor"]


class Clock(keras.callbacks.Callback):
    """model.fit 한 에폭의 시간을 잽니다."""

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds = time.perf_counter() - self.start


def floor_loop(n_train: int, batch: int):
    """한 에폭의 행렬 곱만(순전파 3번, 역전파 5번 × 미니배치 수) 도는 XLA 루프와 그 연산량(GFLOP)입니다.

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
    loop()  # 컴파일
    macs = sum(a * b for a, b in LAYERS)
    flops = steps * 2 * batch * (3 * macs - 784 * 256)  # 순전파 + 역전파(입력 기울기 없는 첫 층)
    return loop, flops / 1e9


def timed(f) -> float:
    """f()에 걸린 시간(초)입니다."""
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def one_round(data, epochs: int, seed: int, floor) -> dict[str, list[float]]:
    """원본, train(), model.fit, 바닥을 한 에폭씩 번갈아 돌린 에폭별 시간입니다."""
    training_module._WORKERS.clear()  # train()의 첫 에폭은 컴파일부터
    graph, ops = legacy._build_graph(seed, 0.001)
    x, y, rng = data.x_train, one_hot(data.y_train), np.random.default_rng(seed)
    ours, theirs, clock = build_model(seed=seed), build_model(seed=seed), Clock()
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    theirs.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss=loss)
    times = {k: [] for k in KINDS}
    sess = tf.compat.v1.Session(graph=graph)  # `with`를 쓰면 graph가 기본 그래프가 되어 즉시 실행이 멈춥니다
    try:
        sess.run(ops["init"])
        for epoch in range(epochs):
            times["legacy"].append(timed(lambda: legacy._run_epoch(sess, ops, x, y, rng.permutation(len(x)), 100)))
            times["train"].append(train(ours, data, epochs=1, seed=seed + epoch, verbose=False).seconds[0])
            theirs.fit(data.x_train, data.y_train, batch_size=100, epochs=1, verbose=0, callbacks=[clock])
            times["fit"].append(clock.seconds)
            times["floor"].append(timed(floor))
    finally:
        sess.close()
    return times


def paired(runs, top, bottom) -> float:
    """두 번째 에폭부터, 같은 라운드·같은 에폭의 짝마다 나눈 비율의 중앙값입니다."""
    return statistics.median(a / b for r in runs for a, b in zip(r[top][1:], r[bottom][1:], strict=True))


def dropout_seconds(data, epochs: int) -> tuple[float, float]:
    """512-512 + 드롭아웃 0.4 모델의 정상 상태 s/epoch: Keras Dropout 그대로 / mnist_dnn의 Dropout."""
    ours = build_model((512, 512), activation="relu", initializer="he", dropout=0.4, seed=1)

    def to_keras(layer):
        if isinstance(layer, keras.layers.Dropout):
            return keras.layers.Dropout(layer.rate, seed=1)
        return layer.__class__.from_config(layer.get_config())

    theirs = keras.models.clone_model(ours, clone_function=to_keras)
    runs = (train(m, data, epochs=epochs, seed=1, verbose=False).seconds for m in (theirs, ours))
    return tuple(statistics.median(seconds[1:]) for seconds in runs)


def report(runs, gflop, dropout) -> None:
    """에폭당 시간(정상 상태 중앙값)과 비율을 찍습니다."""
    steady = {k: statistics.median(t for r in runs for t in r[k][1:]) for k in KINDS}
    cold = statistics.median(sum(r["train"]) / sum(r["legacy"]) for r in runs)
    print(f"legacy Session loop : {steady['legacy']:.3f} s/epoch (steady)")
    print(f"train()             : {steady['train']:.3f} s/epoch (steady)")
    print(f"floor (matmuls only): {steady['floor']:.3f} s/epoch ({gflop:.1f} GFLOP)")
    print(f"keras model.fit     : {steady['fit']:.3f} s/epoch (steady)")
    print(f"ratio train() / legacy, compile included: {cold:.2f}  (target <= 0.65)")
    print(f"ratio train() / legacy, steady          : {paired(runs, 'train', 'legacy'):.2f}  (target <= 0.5)")
    print(f"model.fit / train(), steady             : {paired(runs, 'fit', 'train'):.2f}x  (target >= 3)")
    print(f"train() / floor, steady                 : {paired(runs, 'train', 'floor'):.2f}x")
    print(f"512-512 + dropout, steady: Keras Dropout {dropout[0]:.3f} s/epoch, ours {dropout[1]:.3f} s/epoch")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    data = load_mnist()
    floor, gflop = floor_loop(len(data.y_train), 100)
    runs = []
    for r in range(args.rounds):
        runs.append(one_round(data, args.epochs, 777 + r, floor))
        epochs = ", ".join(f"{k} " + " ".join(f"{t:.2f}" for t in runs[-1][k]) for k in KINDS)
        print(f"round {r + 1} (s per epoch): {epochs}", flush=True)
    report(runs, gflop, dropout_seconds(data, 3))


if __name__ == "__main__":
    main()
