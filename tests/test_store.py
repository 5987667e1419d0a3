"""mnist_dnn.store: 똑같은 학습은 저장소에서 다시 쓰고, 무엇 하나라도 다르면 새로 학습합니다."""

import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from mnist_dnn import DivergenceWarning, MnistData, build_model, store, train
from mnist_dnn._tf import keras


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


def test_only_the_training_code_is_in_the_key(small, run_store, tmp_path, monkeypatch):
    """그림이나 명령줄을 고쳐도 다시 학습하지 않지만, 학습 코드가 함수 안에서 불러오는 모듈을 고치면 다시 학습합니다."""
    names = [p.name for p in store.training_modules()]
    assert {"training.py", "legacy.py", "model.py", "data.py", "store.py", "inference.py", "_tf.py"} <= set(names)
    assert not {"plots.py", "__main__.py", "exercises.py", "handwriting.py"} & set(names)
    train(tiny(), small, epochs=1, verbose=False)
    copy = tmp_path / "pkg"
    shutil.copytree(store._PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(store, "_PACKAGE", copy)
    plots = copy / "plots.py"
    plots.write_text(plots.read_text(encoding="utf-8") + "\n# 그림만 고침\n", encoding="utf-8")
    assert train(tiny(), small, epochs=1, verbose=False).replayed
    data = copy / "data.py"  # training.py가 직접 부르지 않아도 legacy.py와 inference.py가 불러옵니다
    data.write_text(data.read_text(encoding="utf-8") + "\n# 데이터 코드를 고침\n", encoding="utf-8")
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
    assert set(key) == {
        "structure",
        "foreign",
        "initial",
        "args",
        "data",
        "package",
        "versions",
        "xla",
        "onednn",
        "cpu",
        "seed_shift",
    }
    name, flags, machine, cores = key["cpu"]
    assert name and machine and cores >= 1 and (flags or not Path("/proc/cpuinfo").exists())


def read_only(array):
    array = np.array(array)
    array.flags.writeable = False
    return array


def test_digests_follow_content_when_subsets_share_the_training_images():
    """학습 이미지를 함께 쓰고 검증 데이터만 다른 데이터 여럿: 열쇠가 모두 다르고 내용으로 다시 계산한 값과 같습니다.

    검증 배열이 사라진 뒤 같은 id를 물려받은 새 배열이 옛 해시를 받으면 다른 학습을 다시 쓰게 됩니다
    (id로만 캐시하던 판에서는 이 반복의 셋째 값부터 옛 해시가 나왔습니다).
    """
    rng = np.random.default_rng(0)
    x, y = read_only(rng.random((1000, 8), dtype=np.float32)), read_only(rng.integers(0, 10, 1000))
    sizes, digests = (100, 800, 600, 700, 400, 300, 200, 900, 500), []
    for n in sizes:
        data = MnistData(x, y, x[:n], y[:n], x[:1], y[:1])  # 앞의 data와 그 검증 배열은 여기서 놓입니다
        digests.append(store.data_digest(data))
    fresh = [store.data_digest(MnistData(*(np.array(a) for a in (x, y, x[:n], y[:n], x[:1], y[:1])))) for n in sizes]
    assert digests == fresh and len(set(digests)) == len(sizes)


def test_a_writable_array_is_hashed_again_after_it_changes():
    x = np.zeros((10, 4), dtype=np.float32)
    data = MnistData(x, np.zeros(10, int), x[:2], np.zeros(2, int), x[:1], np.zeros(1, int))
    before = store.data_digest(data)
    x[0, 0] = 1  # 쓰기 금지가 아닌 배열은 그 자리에서 바뀔 수 있습니다
    assert store.data_digest(data) != before


def test_test_images_are_in_the_key_only_when_asked(small):
    other = MnistData(small.x_train, small.y_train, small.x_val, small.y_val, small.x_test[:10], small.y_test[:10])
    assert store.data_digest(small) == store.data_digest(other)
    assert store.data_digest(small, test=True) != store.data_digest(other, test=True)


def test_the_original_program_is_keyed_by_its_test_set(small, run_store):
    """원본 프로그램의 결과에는 테스트 정확도가 들어 있으므로, 테스트 데이터가 다르면 새로 실행합니다."""
    from mnist_dnn.legacy import run_original

    run = dict(epochs=1, verbose=False)
    first = run_original(small, **run)
    assert run_original(small, **run).replayed
    fewer = MnistData(small.x_train, small.y_train, small.x_val, small.y_val, small.x_test[:100], small.y_test[:100])
    again = run_original(fewer, **run)
    assert not again.replayed and np.allclose(first.cost, again.cost, rtol=1e-4)  # 학습은 같고, 테스트만 다릅니다


def test_a_damaged_entry_is_deleted_and_the_run_trained_and_stored_again(small, run_store):
    train(tiny(), small, epochs=1, verbose=False)
    (entry,) = run_store.rglob("*.joblib")
    entry.write_bytes(b"\x80\x04 damaged")
    model = tiny()
    initial = model.get_weights()
    with pytest.warns(UserWarning, match="읽을 수 없어"):
        history = train(model, small, epochs=1, verbose=False)
    assert not history.replayed and history.total_seconds > 0  # 정말로 다시 학습했고
    assert not np.array_equal(model.get_weights()[0], initial[0])  # 모델도 학습됐습니다
    assert train(tiny(), small, epochs=1, verbose=False).replayed  # 새로 저장한 항목은 온전합니다
    assert [p.name for p in run_store.rglob("*.tmp")] == []


def test_xla_flags_and_seed_shift_are_in_the_key(small, run_store, monkeypatch):
    from mnist_dnn import _checks

    train(tiny(), small, epochs=1, verbose=False)
    monkeypatch.setenv("XLA_FLAGS", "--xla_cpu_max_isa=SSE4_2")
    assert not train(tiny(), small, epochs=1, verbose=False).replayed
    monkeypatch.delenv("XLA_FLAGS")
    assert train(tiny(), small, epochs=1, verbose=False).replayed
    monkeypatch.setattr(_checks, "_SEED_SHIFT", [1000])
    assert not train(tiny(), small, epochs=1, verbose=False).replayed


class _NotebookDense(keras.layers.Dense):
    """이 테스트 파일에 정의한 층: 소스를 읽을 수 있으므로 소스로 열쇠를 만듭니다."""


def model_with(layer_class):
    keras.utils.set_random_seed(1)  # 같은 초기 가중치
    return keras.Sequential([keras.Input((784,)), layer_class(16, activation="relu"), keras.layers.Dense(10)])


def test_a_layer_defined_outside_the_package_is_keyed_by_its_source(small, run_store, monkeypatch):
    train(model_with(_NotebookDense), small, epochs=1, verbose=False)
    assert train(model_with(_NotebookDense), small, epochs=1, verbose=False).replayed
    monkeypatch.setattr(store, "foreign_source", lambda obj: "바뀐 소스")  # 노트북에서 층의 코드를 고친 것과 같습니다
    assert not train(model_with(_NotebookDense), small, epochs=1, verbose=False).replayed


def test_a_layer_whose_source_cannot_be_read_is_never_replayed(small, run_store):
    namespace = {"keras": keras, "__name__": "__main__"}
    exec("class Dense2(keras.layers.Dense):\n    pass\n", namespace)  # 노트북 셀의 클래스처럼 소스 파일이 없습니다
    assert store.foreign_source(namespace["Dense2"]) is None
    for _ in range(2):
        assert not train(model_with(namespace["Dense2"]), small, epochs=1, verbose=False).replayed
    assert list(run_store.rglob("*.joblib")) == []


def test_prune_removes_only_entries_of_other_package_versions(small, run_store):
    train(tiny(), small, epochs=1, verbose=False)
    old = run_store / "0123456789abcdef"
    old.mkdir()
    (old / "x.joblib").write_bytes(b"old")
    assert store.prune(str(run_store)) == [old]
    assert train(tiny(), small, epochs=1, verbose=False).replayed
    assert store.prune(str(run_store / "없는 폴더")) == []
