"""mnist_dnn.train: 비용 감소, 재현성, 발산 감지, 인자 검사, 평가와 예측."""

import math

import numpy as np
import pytest

from mnist_dnn import DivergenceWarning, History, build_model, evaluate, predict, train


def test_short_training_lowers_cost(small, capsys):
    history = train(build_model(activation="relu", initializer="glorot", seed=1), small, epochs=3)
    assert isinstance(history, History) and history.epochs == 3 and not history.diverged
    assert history.cost[-1] < history.cost[0] < 2.5
    assert len(history.val_accuracy) == 3 and history.val_accuracy[-1] > 0.85
    assert len(history.seconds) == 3 and history.total_seconds > 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Epoch: 0001 cost = ") and len(lines[0].split("= ")[1]) == 11


def test_same_seed_same_history(small):
    runs = [train(build_model(seed=3), small, epochs=2, seed=11, verbose=False) for _ in range(2)]
    assert runs[0].cost == runs[1].cost and runs[0].val_accuracy == runs[1].val_accuracy
    other = train(build_model(seed=3), small, epochs=2, seed=12, verbose=False)
    assert other.cost != runs[0].cost


def test_divergence_is_detected_and_stops(small):
    model = build_model(activation="relu", initializer="he", seed=1)
    with pytest.warns(DivergenceWarning, match="발산"):
        history = train(model, small, optimizer="sgd", learning_rate=1e4, epochs=10, verbose=False)
    assert history.diverged and history.epochs < 10 and not math.isfinite(history.cost[-1])


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "rmsprop", "adam"])
def test_every_optimizer_learns(small, optimizer):
    rate = {"sgd": 0.1, "momentum": 0.01}.get(optimizer, 0.001)
    history = train(build_model(activation="relu", initializer="he", seed=1), small, optimizer=optimizer,
                    learning_rate=rate, epochs=2, verbose=False)  # fmt: skip
    assert history.cost[1] < history.cost[0]


@pytest.mark.parametrize(
    "kwargs, word",
    [
        (dict(learning_rate=0), "learning_rate"),
        (dict(learning_rate=-1e-3), "learning_rate"),
        (dict(learning_rate=float("nan")), "learning_rate"),
        (dict(learning_rate=float("inf")), "learning_rate"),
        (dict(learning_rate="0.1"), "learning_rate"),
        (dict(batch_size=0), "batch_size"),
        (dict(batch_size=5001), "batch_size"),
        (dict(batch_size=10.0), "batch_size"),
        (dict(epochs=0), "epochs"),
        (dict(epochs=1.5), "epochs"),
        (dict(lr_decay=0), "lr_decay"),
        (dict(lr_decay=1.5), "lr_decay"),
        (dict(optimizer="adamw"), "optimizer"),
    ],  # fmt: skip
)
def test_bad_arguments_fail_before_training(small, kwargs, word):
    model = build_model(seed=1)
    before = [w.copy() for w in model.get_weights()]
    with pytest.raises(ValueError, match=word):
        train(model, small, verbose=False, **kwargs)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def test_lr_decay_shrinks_the_steps(small):
    plain = train(build_model(seed=2), small, epochs=3, learning_rate=0.01, verbose=False)
    decayed = train(build_model(seed=2), small, epochs=3, learning_rate=0.01, lr_decay=0.1, verbose=False)
    assert plain.cost[0] == decayed.cost[0] and plain.cost[1] != decayed.cost[1]


def test_optimizer_error_lists_names(small):
    with pytest.raises(ValueError, match="sgd, momentum, rmsprop, adam"):
        train(build_model(), small, optimizer="nadam")


def test_predict_and_evaluate(small):
    model = build_model(activation="relu", initializer="glorot", seed=1)
    train(model, small, epochs=2, verbose=False)
    labels, probs = predict(model, small.x_test[:7])
    assert labels.shape == (7,) and probs.shape == (7, 10)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    assert (labels == probs.argmax(axis=1)).all()
    single, _ = predict(model, small.x_test[0].reshape(28, 28))
    assert single.shape == (1,)
    accuracy = evaluate(model, small.x_test, small.y_test)
    assert 0.85 < accuracy <= 1.0
    assert accuracy == np.mean(predict(model, small.x_test)[0] == small.y_test)
