"""mnist_dnn.probes: 은닉층 출력과 층마다의 기울기 크기."""

import numpy as np
import pytest

from mnist_dnn import build_model, gradient_norms, hidden_outputs, tape_gradients, train, update_ratios, winner_lookup
from mnist_dnn._checks import ArgumentError
from mnist_dnn.model import dense_layers


def test_hidden_outputs_of_the_original_network():
    model = build_model(seed=1)
    x = np.random.default_rng(0).random((5, 784)).astype(np.float32)
    h1, h2 = hidden_outputs(model, x)
    assert h1.shape == (5, 256) and h2.shape == (5, 256)
    np.testing.assert_allclose(h1.sum(axis=1), 1.0, rtol=1e-5)  # softmax 은닉층: 합이 1
    kernel, bias = dense_layers(model)[0].get_weights()
    z = x @ kernel + bias
    want = np.exp(z - z.max(axis=1, keepdims=True))
    np.testing.assert_allclose(h1, want / want.sum(axis=1, keepdims=True), rtol=1e-4, atol=1e-6)


def test_hidden_outputs_skip_dropout_at_inference():
    model = build_model((16, 8), activation="relu", initializer="he", dropout=0.5, seed=2)
    x = np.ones((3, 784), np.float32)
    first, again = hidden_outputs(model, x), hidden_outputs(model, x)
    assert [h.shape for h in first] == [(3, 16), (3, 8)]
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert (first[0] >= 0).all()


def test_gradient_norms_per_layer(small):
    model = build_model(activation="relu", initializer="he", seed=1)
    norms = gradient_norms(model, small.x_val[:200], small.y_val[:200])
    assert list(norms) == [layer.name for layer in dense_layers(model)] == ["hidden1", "hidden2", "logits"]
    assert all(v > 0 for v in norms.values())
    import tensorflow as tf

    from mnist_dnn.model import cross_entropy

    layer = dense_layers(model)[-1]
    with tf.GradientTape() as tape:
        cost = cross_entropy(model(small.x_val[:200], training=False), small.y_val[:200])
    assert norms["logits"] == pytest.approx(float(tf.norm(tape.gradient(cost, layer.kernel))), rel=1e-5)


def test_tape_gradients_match_a_finite_difference():
    """한 가중치를 ±h만큼 움직여 잰 비용의 변화율이 tape_gradients의 그 칸과 같습니다 (2장 2.6절의 답)."""
    from mnist_dnn.model import cross_entropy

    model = build_model((8,), activation="relu", initializer="he", seed=3)
    x = np.random.default_rng(1).random((4, 784)).astype(np.float32)
    y = np.array([0, 3, 7, 9])
    grads = tape_gradients(model, x, y)
    assert [g.shape for g in grads.values()] == [(784, 8), (8, 10)]
    layer = dense_layers(model)[-1]
    kernel, bias = layer.get_weights()
    slopes = []
    for sign in (1, -1):
        moved = kernel.astype(np.float64).copy()
        moved[2, 5] += sign * 1e-2
        layer.set_weights([moved.astype(np.float32), bias])
        slopes.append(float(cross_entropy(model(x), y)))
    layer.set_weights([kernel, bias])
    assert grads["logits"][2, 5] == pytest.approx((slopes[0] - slopes[1]) / 2e-2, rel=1e-2, abs=1e-5)
    assert abs(grads["logits"][2, 5]) > 1e-3  # 0끼리 같은 것은 확인이 아닙니다


def test_softmax_network_has_tiny_first_layer_gradients(small):
    x, y = small.x_val[:500], small.y_val[:500]
    soft = gradient_norms(build_model(seed=1), x, y)["hidden1"]
    relu = gradient_norms(build_model(activation="relu", initializer="he", seed=1), x, y)["hidden1"]
    assert relu > 10 * soft


def test_winner_lookup_uses_majority_label_per_winning_unit():
    model = build_model((4,), seed=1)
    kernel, bias = dense_layers(model)[0].get_weights()
    kernel[:], bias[:] = 0.0, 0.0
    kernel[0, 0] = kernel[1, 1] = 50.0  # 픽셀 0이 켜지면 뉴런 0, 픽셀 1이면 뉴런 1이 이깁니다
    dense_layers(model)[0].set_weights([kernel, bias])
    x = np.zeros((6, 784), np.float32)
    x[:3, 0] = x[3:, 1] = 1.0
    winners, acc = winner_lookup(model, x, [7, 7, 2, 3, 3, 3], x, [7, 7, 7, 3, 3, 1])
    assert winners == 2 and acc == pytest.approx(5 / 6)  # 뉴런 0 → 7, 뉴런 1 → 3


def test_update_ratios_compare_adam_steps_with_learning_rate_and_weights(small):
    model = build_model((32,), activation="relu", initializer="he", seed=1)
    history = train(model, small, epochs=2, learning_rate=0.01, verbose=False, record_updates=True)
    ratios = update_ratios(model, history)
    assert list(ratios) == ["hidden1", "logits"]
    for name, (per_lr, per_weight) in ratios.items():
        steps = np.asarray(history.update_size[name])
        assert per_lr == pytest.approx(float(np.mean(steps / 0.01)), rel=1e-6)
        assert 0 < per_lr <= 1.0 + 1e-3  # Adam의 한 걸음은 학습률을 크게 넘지 않습니다
        weight = float(np.mean(np.abs(dense_layers(model)[0 if name == "hidden1" else 1].kernel.numpy())))
        assert per_weight == pytest.approx(float(steps.mean()) / weight, rel=1e-6)


def test_update_ratios_need_recorded_updates(small):
    model = build_model((8,), activation="relu", initializer="he", seed=1)
    history = train(model, small, epochs=1, verbose=False)
    with pytest.raises(ArgumentError, match="record_updates=True"):
        update_ratios(model, history)
