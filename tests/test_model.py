"""mnist_dnn.model: 원본 구조, 초기화, 잘못된 이름."""

import numpy as np
import pytest

from mnist_dnn import build_model
from mnist_dnn._tf import keras, tf
from mnist_dnn.model import ACTIVATIONS, INITIALIZERS, dense_layers, softmax


def test_default_is_the_original_network():
    model = build_model(seed=1)
    layers = dense_layers(model)
    assert [w.shape for layer in layers for w in layer.get_weights()] == [
        (784, 256),
        (256,),
        (256, 256),
        (256,),
        (256, 10),
        (10,),
    ]
    assert [layer.activation.__name__ for layer in layers] == ["softmax", "softmax", "linear"]
    assert model.count_params() == 269_322  # 2장 2.4절의 매개변수 수
    kernel, bias = layers[0].get_weights()
    assert kernel.std() == pytest.approx(1.0, abs=0.02) and abs(kernel.mean()) < 0.02
    assert bias.std() == pytest.approx(1.0, abs=0.2)  # 원본은 편향도 표준정규분포에서 뽑습니다


def test_logits_out():
    out = np.asarray(build_model(seed=1)(np.zeros((2, 784), np.float32)))
    assert out.shape == (2, 10) and not np.allclose(out.sum(axis=1), 1.0)


@pytest.mark.parametrize("initializer, std", [("glorot", np.sqrt(2 / (784 + 256))), ("he", np.sqrt(2 / 784))])
def test_scaled_initializers_have_zero_bias(initializer, std):
    kernel, bias = dense_layers(build_model(activation="relu", initializer=initializer, seed=2))[0].get_weights()
    assert kernel.std() == pytest.approx(std, rel=0.1) and not bias.any()


def test_seed_reproduces_weights_and_layers_differ():
    a, b = build_model(seed=5), build_model(seed=5)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(wa, wb)
    assert not np.array_equal(a.get_weights()[1], a.get_weights()[3])


def test_dropout_and_depth():
    model = build_model((512, 512, 512), activation="relu", initializer="he", dropout=0.3, seed=1)
    names = [layer.__class__.__name__ for layer in model.layers]
    assert names == ["Dense", "Dropout"] * 3 + ["Dense"]
    small = build_model((64,), activation="relu", dropout=0.5, seed=1)
    x = np.ones((1, 784), np.float32)
    np.testing.assert_array_equal(small(x, training=False), small(x, training=False))
    assert not np.array_equal(small(x, training=True), small(x, training=False))


def test_dropout_drops_its_rate_rescales_and_repeats_with_seed():
    """build_model의 드롭아웃은 Keras Dropout처럼 비율만큼 끄고 나머지를 1/(1-rate)배 합니다."""
    layer = build_model((1000,), activation="relu", dropout=0.4, seed=3).layers[1]
    same = build_model((1000,), activation="relu", dropout=0.4, seed=3).layers[1]
    x = np.ones((100, 1000), np.float32)
    out = np.asarray(layer(x, training=True))
    assert abs((out == 0).mean() - 0.4) < 0.01
    np.testing.assert_allclose(out[out != 0], 1 / 0.6, rtol=1e-6)
    np.testing.assert_array_equal(out, np.asarray(same(x, training=True)))
    assert not np.array_equal(out, np.asarray(layer(x, training=True)))  # 부를 때마다 새 마스크


def test_softmax_matches_tensorflow_in_value_and_gradient():
    z = tf.constant(np.random.default_rng(0).normal(0, 8, (50, 256)), tf.float32)
    weights = tf.constant(np.random.default_rng(1).normal(size=256), tf.float32)
    grads, values = [], []
    for f in (softmax, tf.nn.softmax):
        with tf.GradientTape() as tape:
            tape.watch(z)
            y = f(z)
            loss = tf.reduce_sum(y * weights)
        values.append(y.numpy())
        grads.append(tape.gradient(loss, z).numpy())
    np.testing.assert_allclose(values[0], values[1], atol=1e-6)
    np.testing.assert_allclose(grads[0], grads[1], atol=1e-5)


def test_softmax_is_stable_for_huge_inputs():
    y = softmax(tf.constant([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4]])).numpy()
    np.testing.assert_allclose(y, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]], rtol=1e-6)


def test_original_model_saves_and_loads(tmp_path):
    model = build_model(seed=3)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    x = np.random.default_rng(0).random((4, 784), np.float32)
    np.testing.assert_array_equal(loaded(x), model(x))
    assert loaded.layers[0].activation is softmax


def test_model_with_dropout_saves_and_loads(tmp_path):
    model = build_model((32,), activation="relu", dropout=0.5, seed=2)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    x = np.ones((2, 784), np.float32)
    np.testing.assert_allclose(loaded(x, training=False), model(x, training=False))
    assert type(loaded.layers[1]) is type(model.layers[1])


@pytest.mark.parametrize(
    "kwargs, word",
    [
        (dict(activation="sofmax"), "activation"),
        (dict(initializer="xavier"), "initializer"),
        (dict(hidden_units="256"), "hidden_units"),
        (dict(hidden_units=256), r"\(256, 256\)처럼"),
        (dict(hidden_units=(256, 0)), "hidden_units"),
        (dict(dropout=1.0), "dropout"),
    ],
)
def test_bad_arguments(kwargs, word):
    with pytest.raises(ValueError, match=word):
        build_model(**kwargs)


def test_error_lists_allowed_names():
    with pytest.raises(ValueError) as err:
        build_model(initializer="xavier")
    assert all(name in str(err.value) for name in INITIALIZERS)
    with pytest.raises(ValueError) as err:
        build_model(activation="nope")
    assert all(name in str(err.value) for name in ACTIVATIONS)


def test_no_hidden_layer_is_a_linear_model():
    model = build_model((), initializer="he", seed=1)
    assert [w.shape for w in model.get_weights()] == [(784, 10), (10,)]
    x = np.random.default_rng(0).random((3, 784), dtype=np.float32)
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(model(x, training=False), x @ kernel + bias, rtol=1e-5, atol=1e-5)


def test_numpy_integer_units_are_accepted():
    model = build_model((np.int64(64), np.int32(32)), activation="relu", seed=1)
    assert [layer.units for layer in model.layers] == [64, 32, 10]
    with pytest.raises(ValueError, match="hidden_units"):
        build_model((True, 4))
