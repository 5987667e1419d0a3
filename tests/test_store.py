"""mnist_dnn.store: 똑같은 학습은 저장소에서 다시 쓰고, 무엇 하나라도 다르면 새로 학습합니다."""

import math
import shutil

import numpy as np
import pytest

from mnist_dnn import DivergenceWarning, build_model, store, train


@pytest.fixture
def run_store(tmp_path, monkeypatch):
    monkeypatch.setenv(store.STORE_ENV, str(tmp_path / "runs"))
    return tmp_path / "runs"


def tiny(seed=1):
    return build_model((32,), activation="relu", initializer="he", seed=seed)


def test_same_run_is_replayed_with_the_same_weights_and_random_state(small, run_store, capsys):
    first_model = tiny()
    first = train(first_model, small, epochs=2, seed=5, snapshot_epochs=[1])
    after_first = np.random.random()
    printed = capsys.readouterr().out
    assert not first.replayed and all(s > 0 for s in first.seconds)
    again_model = tiny()
    again = train(again_model, small, epochs=2, seed=5, snapshot_epochs=[1])
    assert again.replayed and np.random.random() == after_first  # 전역 난수도 학습한 뒤와 같습니다
    assert capsys.readouterr().out == printed  # 원본 형식의 줄도 그대로 찍습니다
    assert again.cost == first.cost and again.val_accuracy == first.val_accuracy
    assert all(np.array_equal(a, b) for a, b in zip(first_model.get_weights(), again_model.get_weights()))
    assert all(np.array_equal(a, b) for a, b in zip(first.snapshots[1], again.snapshots[1]))


def test_timing_is_never_replayed(small, run_store):
    train(tiny(), small, epochs=1, verbose=False)
    replayed = train(tiny(), small, epochs=1, verbose=False)
    assert replayed.replayed and all(math.isnan(s) for s in replayed.seconds) and math.isnan(replayed.total_seconds)
    fresh = train(tiny(), small, epochs=1, verbose=False, reuse=False)
    assert not fresh.replayed and fresh.total_seconds > 0


@pytest.mark.parametrize(
    "change",
    [
        dict(learning_rate=0.002),
        dict(seed=6),
        dict(batch_size=50),
        dict(record_updates=True),
        dict(snapshot_epochs=[1]),
        dict(lr_decay=0.9),
    ],
)
def test_one_changed_argument_trains_again(small, run_store, change):
    base = dict(epochs=1, seed=5, verbose=False)
    train(tiny(), small, **base)
    assert train(tiny(), small, **base).replayed
    assert not train(tiny(), small, **{**base, **change}).replayed


def test_other_initial_weights_or_data_train_again(small, run_store):
    train(tiny(seed=1), small, epochs=1, verbose=False)
    assert not train(tiny(seed=2), small, epochs=1, verbose=False).replayed
    fewer = type(small)(
        small.x_train[:4000], small.y_train[:4000], small.x_val, small.y_val, small.x_test, small.y_test
    )
    assert not train(tiny(seed=1), fewer, epochs=1, verbose=False).replayed


def test_one_changed_line_of_package_source_trains_again(small, run_store, tmp_path, monkeypatch):
    train(tiny(), small, epochs=1, verbose=False)
    copy = tmp_path / "pkg"
    shutil.copytree(store._PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(store, "_PACKAGE", copy)
    assert train(tiny(), small, epochs=1, verbose=False).replayed  # 같은 소스: 다시 씁니다
    source = copy / "training.py"
    source.write_text(source.read_text(encoding="utf-8") + "\n# 한 줄\n", encoding="utf-8")
    assert not train(tiny(), small, epochs=1, verbose=False).replayed


def test_store_is_off_without_the_environment_variable(small, monkeypatch):
    monkeypatch.delenv(store.STORE_ENV, raising=False)
    train(tiny(), small, epochs=1, verbose=False)
    assert not train(tiny(), small, epochs=1, verbose=False).replayed


def test_a_replayed_divergence_warns_again(small, run_store):
    kwargs = dict(optimizer="sgd", learning_rate=1e4, epochs=5, verbose=False)
    for replayed in (False, True):
        with pytest.warns(DivergenceWarning, match="발산"):
            history = train(build_model(activation="relu", initializer="he", seed=1), small, **kwargs)
        assert history.diverged and history.replayed is replayed


def test_key_names_what_decides_the_result(small):
    key = store.run_key(tiny(), small, {"epochs": 1}, "구조", 0)
    assert set(key) == {"structure", "initial", "args", "data", "package", "versions", "xla", "cpu", "seed_shift"}
    assert store.data_digest(small) == store.data_digest(small)
