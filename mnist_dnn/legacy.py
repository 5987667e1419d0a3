"""원본 글의 TensorFlow 1.x 프로그램을 tf.compat.v1로 그대로 돌립니다."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from ._checks import seed_shift, shifted_seed
from ._tf import tf
from .data import one_hot

__all__ = ["LegacyResult", "run_original"]

tf1 = tf.compat.v1  # 원본의 `tf.placeholder`, `tf.Session`은 TF2에서 `tf.compat.v1` 아래에 있습니다


@dataclass
class LegacyResult:
    """원본 프로그램이 남긴 에폭별 비용, 걸린 시간, 테스트 정확도입니다."""

    cost: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    accuracy: float = float("nan")
    replayed: bool = False  # 학습 결과 저장소에서 읽은 결과면 참 (그때 seconds는 NaN)


def run_original(data, epochs=15, seed=777, learning_rate=0.001, batch_size=100, verbose=True, reuse=True):
    """원본 글의 그래프(placeholder, Session, softmax 은닉층, AdamOptimizer)를 학습합니다 (2장 2.2절).

    그래프는 자기만의 tf.Graph 안에 만들므로, 프로세스의 나머지는 즉시 실행(eager) 모드 그대로입니다.

    Parameters
    ----------
    data : load_mnist가 돌려준 MnistData.
    epochs, learning_rate, batch_size : 원본의 training_epochs, learning_rate, batch_size.
    seed : 원본의 tf.set_random_seed(777)와 미니배치를 섞는 순서의 시드.
    verbose : True면 원본처럼 "Epoch: 0001 cost = ..."를 찍습니다.
    reuse : 학습 결과 저장소(README)가 켜져 있으면 똑같은 실행의 저장된 결과를 씁니다 (train()과 같습니다).
    """
    from .store import environment_key, store_location, stored_run

    args = dict(epochs=epochs, seed=seed, learning_rate=learning_rate, batch_size=batch_size)
    location = store_location() if reuse else None
    if location is None:
        return _run(data, verbose=verbose, **args)

    def job():
        return _run(data, verbose=verbose, **args), None

    key = environment_key(data, {"program": "legacy.run_original", **args}, seed_shift(), test=True)
    result, _ = stored_run(location, key, job)
    if result.replayed and verbose:
        for epoch, cost in enumerate(result.cost, start=1):
            print("Epoch:", "%04d" % epoch, "cost =", "{:.9f}".format(cost), flush=True)
    return result


def _run(data, epochs, seed, learning_rate, batch_size, verbose):
    """실제로 원본 그래프를 학습하고 테스트 정확도를 잽니다."""
    seed = shifted_seed(seed)
    graph, ops = _build_graph(seed, learning_rate)
    result, rng = LegacyResult(), np.random.default_rng(seed)
    x, y = data.x_train, one_hot(data.y_train)
    with tf1.Session(graph=graph) as sess:
        sess.run(ops["init"])
        for epoch in range(epochs):
            start = time.perf_counter()
            avg_cost = _run_epoch(sess, ops, x, y, rng.permutation(len(x)), batch_size)
            result.seconds.append(time.perf_counter() - start)
            result.cost.append(float(avg_cost))
            if verbose:
                print("Epoch:", "%04d" % (epoch + 1), "cost =", "{:.9f}".format(avg_cost), flush=True)
        feed = {ops["X"]: data.x_test, ops["Y"]: one_hot(data.y_test)}
        result.accuracy = float(sess.run(ops["accuracy"], feed_dict=feed))
    return result


def _run_epoch(sess, ops, x, y, order, batch_size):
    """원본의 미니배치 루프로 에폭 하나를 학습하고 평균 비용을 돌려줍니다."""
    total_batch, avg_cost = int(len(x) / batch_size), 0.0
    for i in range(total_batch):
        batch = order[i * batch_size : (i + 1) * batch_size]
        c, _ = sess.run([ops["cost"], ops["optimizer"]], feed_dict={ops["X"]: x[batch], ops["Y"]: y[batch]})
        avg_cost += c / total_batch
    return avg_cost


def _build_graph(seed, learning_rate):
    """원본 글의 코드를 한 줄 한 줄 옮긴 계산 그래프입니다."""
    graph = tf.Graph()
    with graph.as_default():
        tf1.set_random_seed(seed)
        X = tf1.placeholder(tf.float32, [None, 784])
        Y = tf1.placeholder(tf.float32, [None, 10])

        W1 = tf.Variable(tf1.random_normal([784, 256]))
        b1 = tf.Variable(tf1.random_normal([256]))
        L1 = tf.nn.softmax(tf.matmul(X, W1) + b1)

        W2 = tf.Variable(tf1.random_normal([256, 256]))
        b2 = tf.Variable(tf1.random_normal([256]))
        L2 = tf.nn.softmax(tf.matmul(L1, W2) + b2)

        W3 = tf.Variable(tf1.random_normal([256, 10]))
        b3 = tf.Variable(tf1.random_normal([10]))
        hypothesis = tf.matmul(L2, W3) + b3

        cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=hypothesis, labels=Y))
        optimizer = tf1.train.AdamOptimizer(learning_rate=learning_rate).minimize(cost)

        correct_prediction = tf.equal(tf.argmax(hypothesis, 1), tf.argmax(Y, 1))
        accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
        init = tf1.global_variables_initializer()
    ops = dict(X=X, Y=Y, cost=cost, optimizer=optimizer, accuracy=accuracy, init=init)
    return graph, ops
