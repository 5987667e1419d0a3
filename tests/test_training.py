"""mnist_dnn.training: 비용 감소, 기록, 재현성, 컴파일 재사용, 발산 감지, 인자 검사."""

import math

import numpy as np
import pytest

from mnist_dnn import DivergenceWarning, History, MnistData, build_model, set_seed, train
from mnist_dnn import training as training_module
from mnist_dnn._checks import ArgumentError
from mnist_dnn._tf import keras, tf
from mnist_dnn.training import keras_optimizer


def test_short_training_lowers_cost(small, capsys):
    history = train(build_model(activation="relu", initializer="glorot", seed=1), small, epochs=3)
    assert isinstance(history, History) and history.epochs == 3 and not history.diverged
    assert history.cost[-1] < history.cost[0] < 2.5
    assert len(history.val_accuracy) == 3 and history.val_accuracy[-1] > 0.85
    assert len(history.train_accuracy) == 3 and history.train_accuracy[-1] > history.train_accuracy[0]
    assert len(history.val_cost) == 3 and history.val_cost[-1] < history.val_cost[0]
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
    history = train(
        build_model(activation="relu", initializer="he", seed=1),
        small,
        optimizer=optimizer,
        learning_rate=rate,
        epochs=2,
        verbose=False,
    )
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
    ],
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
    assert plain.learning_rate == pytest.approx([0.01] * 3)
    assert decayed.learning_rate == pytest.approx([0.01 * 0.1**k for k in range(3)], rel=1e-6)  # η·decay^k
    assert plain.cost[0] == decayed.cost[0] and plain.cost[1] != decayed.cost[1]


def test_lr_decay_really_shrinks_the_optimizer_steps(small):
    """기록만이 아니라 옵티마이저가 쓰는 학습률도 줄어듭니다: 감쇠 0.1이면 둘째 에폭의 걸음이 훨씬 작습니다."""
    moved = {}
    for decay in (1.0, 0.1):
        h = train(
            build_model(seed=2),
            small,
            optimizer="sgd",
            learning_rate=0.05,
            epochs=2,
            lr_decay=decay,
            verbose=False,
            record_updates=True,
        )
        moved[decay] = h.update_size["hidden2"][1] / h.update_size["hidden2"][0]
    assert moved[0.1] < 0.2 * moved[1.0], moved


def test_other_wiring_is_refused(small):
    """컴파일 캐시는 층의 순서로 구조를 가립니다: 층을 다르게 이은 함수형 모델은 받지 않습니다."""
    keras = training_module.keras
    inputs = keras.Input((784,))
    a, b = keras.layers.Dense(32, "relu"), keras.layers.Dense(32, "relu")
    skip = keras.layers.Add()([a(inputs), b(a(inputs))])
    wired = keras.Model(inputs, keras.layers.Dense(10)(skip))
    with pytest.raises(ValueError, match="Sequential"):
        train(wired, small, epochs=1, verbose=False)
    same_layers_other_order = [
        build_model((32, 64), "relu", seed=1),
        build_model((64, 32), "relu", seed=1),
    ]
    keys = {training_module.structure(m) for m in same_layers_other_order}
    assert len(keys) == 2


def test_dropout_uses_the_fast_generator_in_the_compiled_loop(small, monkeypatch):
    """컴파일한 루프 안의 드롭아웃은 threefry(XLA에서 빠른 난수)로 마스크를 뽑습니다."""
    from mnist_dnn import model as model_module

    seen = []
    real = model_module._in_xla
    monkeypatch.setattr(model_module, "_in_xla", lambda: seen.append(real()) or seen[-1])
    training_module._WORKERS.clear()
    train(build_model((64,), "relu", dropout=0.5, seed=3), small, epochs=1, verbose=False)
    assert seen and all(seen), seen  # 그래프를 그릴 때마다 XLA 안이라고 보았습니다
    model = build_model((64,), "relu", dropout=0.5, seed=3)
    seen.clear()
    model(small.x_val[:4], training=True)  # 즉시 실행: philox
    assert seen == [False]


def test_optimizer_error_lists_names(small):
    with pytest.raises(ValueError, match="sgd, momentum, rmsprop, adam"):
        train(build_model(), small, optimizer="nadam")


def test_reused_compilation_gives_the_same_run(small):
    training_module._WORKERS.clear()
    cold = train(build_model(seed=4), small, epochs=2, verbose=False)
    assert len(training_module._WORKERS) == 1
    warm = train(build_model(seed=4), small, epochs=2, verbose=False)
    assert len(training_module._WORKERS) == 1  # 같은 구조라서 다시 썼습니다
    assert cold.cost == warm.cost and cold.val_accuracy == warm.val_accuracy
    train(build_model((32,), seed=4), small, epochs=1, verbose=False)
    assert len(training_module._WORKERS) == 2  # 구조가 다르면 새로 컴파일합니다


def test_training_updates_the_given_model(small):
    model = build_model(activation="relu", initializer="he", seed=5)
    before = [w.copy() for w in model.get_weights()]
    train(model, small, epochs=1, verbose=False)
    assert all(not np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def test_numpy_integers_are_accepted(small):
    history = train(build_model(seed=1), small, epochs=np.int64(1), batch_size=np.int32(250), verbose=False)
    assert history.epochs == 1


def test_empty_validation_set_records_nan(small):
    no_val = MnistData(small.x_train, small.y_train, small.x_val[:0], small.y_val[:0], small.x_test, small.y_test)
    history = train(build_model(seed=1), no_val, epochs=1, verbose=False)
    assert math.isnan(history.val_accuracy[0]) and math.isnan(history.val_cost[0])
    assert 0 < history.train_accuracy[0] <= 1


def test_set_seed_repeats_random_draws():
    import tensorflow as tf

    set_seed(9)
    first = (np.random.rand(3), tf.random.uniform((3,)).numpy())
    set_seed(9)
    second = (np.random.rand(3), tf.random.uniform((3,)).numpy())
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])


def test_keras_optimizer_names():
    def two_steps(name):
        """기울기가 늘 1일 때 두 걸음의 크기: 모멘텀은 둘째 걸음에 첫 걸음의 0.9배를 더합니다."""
        w, opt, sizes = keras.Variable([0.0]), keras_optimizer(name, 0.1), []
        for _ in range(2):
            before = float(w.numpy()[0])
            opt.apply_gradients([(tf.constant([1.0]), w)])
            sizes.append(before - float(w.numpy()[0]))
        return sizes

    assert two_steps("sgd") == pytest.approx([0.1, 0.1])
    assert two_steps("momentum") == pytest.approx([0.1, 0.19])
    assert float(keras.ops.convert_to_numpy(keras_optimizer("adam", 0.002).learning_rate)) == pytest.approx(0.002)
    with pytest.raises(ValueError, match="sgd, momentum, rmsprop, adam"):
        keras_optimizer("adagrad", 0.1)


def test_record_updates_measures_sgd_steps_and_leaves_training_unchanged(small):
    plain = train(build_model(seed=3), small, optimizer="sgd", learning_rate=0.5, epochs=1, seed=3, verbose=False)
    h = train(
        build_model(seed=3),
        small,
        optimizer="sgd",
        learning_rate=0.5,
        epochs=1,
        seed=3,
        verbose=False,
        record_updates=True,
    )
    assert h.cost == plain.cost and list(h.grad_size) == list(h.update_size) == ["hidden1", "hidden2", "logits"]
    for name in h.grad_size:  # SGD: 한 번 갱신한 거리 = 학습률 × |기울기| (가중치마다, 그래서 평균도)
        assert h.update_size[name][0] == pytest.approx(0.5 * h.grad_size[name][0], rel=1e-3)
    assert plain.grad_size == {} and plain.update_size == {}


def test_record_updates_adam_steps_stay_below_learning_rate(small):
    h = train(build_model(seed=3), small, learning_rate=0.01, epochs=1, seed=3, verbose=False, record_updates=True)
    assert all(0 < v[0] <= 0.01 * 1.01 for v in h.update_size.values()), h.update_size


def test_read_only_training_arrays_are_moved_to_tensors_once(small):
    """읽기 전용 배열은 train()마다 다시 복사하지 않고, 배열이 사라지면 옮긴 텐서도 놓습니다."""
    training_module._TENSORS.clear()
    x = small.x_train.copy()
    x.setflags(write=False)
    first = training_module._tensor(x, training_module.tf.float32)
    assert training_module._tensor(x, training_module.tf.float32) is first
    assert len(training_module._TENSORS) == 1
    del x, first
    assert training_module._TENSORS == {}
    writable = small.x_train.copy()
    training_module._tensor(writable, training_module.tf.float32)
    assert training_module._TENSORS == {}  # 고칠 수 있는 배열은 두지 않습니다 (고친 내용이 학습에 들어가도록)


def test_loaded_data_is_read_only(small):
    with pytest.raises(ValueError):
        small.x_train[0, 0] = 1.0


def test_dropout_model_trains_and_repeats_in_the_compiled_loop(small):
    """드롭아웃 마스크는 컴파일한 루프 안에서 threefry로 뽑힙니다: 학습되고, 같은 시드면 같은 기록입니다."""
    runs = [
        train(
            build_model((128,), activation="relu", initializer="he", dropout=0.5, seed=4),
            small,
            epochs=2,
            seed=4,
            verbose=False,
        )
        for _ in range(2)
    ]
    assert runs[0].cost[1] < runs[0].cost[0]
    assert runs[0].cost == runs[1].cost
    plain_model = build_model((128,), activation="relu", initializer="he", seed=4)
    plain = train(plain_model, small, epochs=2, seed=4, verbose=False)
    assert plain.cost != runs[0].cost  # 드롭아웃이 실제로 켜져 있습니다


def test_compiled_loops_are_not_shared_across_layer_classes():
    """Keras Dropout과 mnist_dnn의 Dropout은 설정이 같아도 다른 컴파일 함수를 씁니다."""
    keras = training_module.keras
    ours = build_model((32,), activation="relu", dropout=0.5, seed=1)

    def to_keras(layer):
        if isinstance(layer, keras.layers.Dropout):
            return keras.layers.Dropout(layer.rate)
        return layer.__class__.from_config(layer.get_config())

    theirs = keras.models.clone_model(ours, clone_function=to_keras)  # 같은 설정, 다른 층 클래스
    assert training_module.structure(ours) != training_module.structure(theirs)
    assert training_module.structure(ours) == training_module.structure(build_model((32,), "relu", dropout=0.5))


def test_snapshots_are_the_weights_of_a_shorter_run(small):
    """60 에폭 학습의 15 에폭 스냅숏은 15 에폭만 학습한 모델과 같습니다 (5장): 여기서는 3 에폭과 1 에폭."""
    model = build_model((32,), activation="relu", initializer="he", seed=3)
    history = train(model, small, epochs=3, seed=3, snapshot_epochs=[1, 3], verbose=False)
    assert sorted(history.snapshots) == [1, 3]
    assert all(np.array_equal(a, b) for a, b in zip(history.snapshots[3], model.get_weights(), strict=True))
    short = build_model((32,), activation="relu", initializer="he", seed=3)
    train(short, small, epochs=1, seed=3, verbose=False)
    assert all(np.array_equal(a, b) for a, b in zip(history.snapshots[1], short.get_weights(), strict=True))
    assert not all(np.array_equal(a, b) for a, b in zip(history.snapshots[1], history.snapshots[3]))


@pytest.mark.parametrize("bad", [[0], [4], ["a"], [1.5], None])
def test_snapshot_epochs_must_be_epochs_of_the_run(small, bad):
    with pytest.raises(ArgumentError, match="snapshot_epochs"):
        train(build_model((8,), seed=1), small, epochs=3, snapshot_epochs=bad, verbose=False)


@pytest.mark.parametrize("seed", [None, True, -1, 2**32, 1.5, "1"])
def test_train_refuses_bad_seeds_by_name(small, seed):
    with pytest.raises(ArgumentError, match="seed.*2\\*\\*32"):
        train(build_model(seed=1), small, epochs=1, seed=seed, verbose=False)


@pytest.mark.parametrize("seed", [True, -1, 2**32, 1.5])
def test_build_model_refuses_bad_seeds_by_name(seed):
    with pytest.raises(ArgumentError, match="seed.*2\\*\\*32"):
        build_model(seed=seed)


def test_largest_seed_is_accepted(small):
    history = train(build_model((8,), "relu", "he", seed=2**32 - 1), small, epochs=1, seed=2**32 - 1, verbose=False)
    assert history.epochs == 1


def test_compiled_epoch_returns_one_kind_of_value(small):
    """기록을 하든 않든 에폭 함수는 (비용, |g|, |Δw|) 세 값을 돌려줍니다."""
    import tensorflow as tf

    model = build_model((8,), "relu", "he", seed=1)
    x, y = tf.constant(small.x_train[:200]), tf.constant(small.y_train[:200], tf.int32)
    for record in (False, True):
        options = training_module._Options(training_module.structure(model), "adam", 100, record)
        out = training_module._worker(model, options).run_epoch(x, y, tf.range(200))
        assert isinstance(out, tuple) and len(out) == 3 and out[1].shape == ((2,) if record else (0,))


def test_data_that_is_not_mnist_data_names_the_fix(small):
    with pytest.raises(ArgumentError, match=r"data는 load_mnist\(\)가 돌려준 MnistData.*MnistData\(x_train"):
        train(build_model(seed=1), (small.x_train, small.y_train), epochs=1, verbose=False)
