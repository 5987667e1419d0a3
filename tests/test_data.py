"""mnist_dnn.data: IDX 읽기, 나누기, 원-핫, 오류 메시지."""

import gzip
import hashlib
import os

import numpy as np
import pytest

from mnist_dnn import DatasetError, load_fashion_mnist, load_mnist, one_hot
from mnist_dnn import data as data_module
from mnist_dnn.data import FASHION_DIR, IDX_FILES, _read_npz, read_idx


def write_idx(path, array, magic=None):
    """테스트용 IDX 파일을 직접 씁니다."""
    array = np.asarray(array, dtype=np.uint8)
    magic = 0x0800 + array.ndim if magic is None else magic
    header = magic.to_bytes(4, "big") + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.tobytes())
    return path


def test_read_idx_roundtrip(tmp_path):
    images = np.arange(3 * 28 * 28, dtype=np.uint8).reshape(3, 28, 28)
    out = read_idx(write_idx(tmp_path / "img.gz", images), ndim=3, count=3)
    np.testing.assert_array_equal(out, images)
    labels = read_idx(write_idx(tmp_path / "lab.gz", [5, 0, 4]), ndim=1, count=3)
    assert labels.tolist() == [5, 0, 4]


def test_read_idx_wrong_magic(tmp_path):
    path = write_idx(tmp_path / "bad.gz", np.zeros((2, 28, 28)), magic=0x0801)
    with pytest.raises(DatasetError, match=r"bad\.gz.*매직 넘버"):
        read_idx(path, ndim=3, count=2)


def test_read_idx_wrong_count(tmp_path):
    path = write_idx(tmp_path / "few.gz", np.zeros((2, 28, 28)))
    with pytest.raises(DatasetError, match=r"few\.gz.*차원.*\[3, 28, 28\].*\[2, 28, 28\]"):
        read_idx(path, ndim=3, count=3)


def test_read_idx_short_body(tmp_path):
    path = tmp_path / "short.gz"
    header = (0x0803).to_bytes(4, "big") + b"".join(n.to_bytes(4, "big") for n in (2, 28, 28))
    with gzip.open(path, "wb") as f:
        f.write(header + bytes(100))
    with pytest.raises(DatasetError, match=r"short\.gz.*1568바이트.*100바이트"):
        read_idx(path, ndim=3, count=2)


def test_read_idx_truncated_gzip(tmp_path):
    good = write_idx(tmp_path / "good.gz", np.ones((4, 28, 28)))
    cut = tmp_path / "cut.gz"
    cut.write_bytes(good.read_bytes()[:30])
    with pytest.raises(DatasetError, match=r"cut\.gz.*잘렸거나"):
        read_idx(cut, ndim=3, count=4)


def test_read_idx_missing_file(tmp_path):
    with pytest.raises(DatasetError, match=r"nothing\.gz: 파일이 없습니다"):
        read_idx(tmp_path / "nothing.gz", ndim=1, count=1)


def test_load_mnist_split_and_scale(mnist):
    assert (mnist.x_train.shape, mnist.x_val.shape, mnist.x_test.shape) == ((55000, 784), (5000, 784), (10000, 784))
    assert mnist.x_train.dtype == np.float32 and 0.0 <= mnist.x_train.min() and mnist.x_train.max() == 1.0
    assert mnist.y_test[:5].tolist() == [7, 2, 1, 0, 4]
    # TF1 input_data처럼 학습 파일의 처음 5,000장이 검증, 나머지가 학습입니다
    assert mnist.y_val[:5].tolist() == [5, 0, 4, 1, 9] and mnist.y_train[:5].tolist() == [7, 3, 4, 6, 1]
    all_train = np.concatenate([mnist.y_train, mnist.y_val])
    assert np.bincount(all_train).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.concatenate([mnist.x_train, mnist.x_val]).mean() * 255 == pytest.approx(33.318, abs=1e-3)


def test_validation_size(mnist):
    data = load_mnist(validation_size=0)
    assert len(data.y_train) == 60000 and len(data.y_val) == 0
    data = load_mnist(validation_size=10_000)  # 1장 연습문제 3
    assert (len(data.y_train), len(data.y_val), len(data.y_test)) == (50_000, 10_000, 10_000)
    for bad in (-1, 60000, 2.5, True):
        with pytest.raises(ValueError, match="validation_size"):
            load_mnist(validation_size=bad)


def test_data_dir_beats_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_DNN_DATA", "/does/not/exist")
    with pytest.raises(DatasetError, match=str(tmp_path)):
        load_mnist(tmp_path)  # 빈 폴더: 인자가 먼저이고, 첫 파일이 없다고 알려야 합니다
    with pytest.raises(DatasetError, match="train-images-idx3-ubyte.gz: 파일이 없습니다"):
        load_mnist(tmp_path)


def test_environment_variable_is_used(monkeypatch, tmp_path):
    monkeypatch.setenv("MNIST_DNN_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(DatasetError, match="nowhere: 데이터 폴더가 없습니다"):
        load_mnist()


def test_failed_download_explains_manual_setup(monkeypatch):
    import keras

    def offline(*args, **kwargs):
        raise OSError("network unreachable")

    monkeypatch.delenv("MNIST_DNN_DATA")
    monkeypatch.setattr(keras.utils, "get_file", offline)
    with pytest.raises(DatasetError, match=r"내려받지 못했습니다.*train-images-idx3-ubyte\.gz.*MNIST_DNN_DATA"):
        load_mnist()


def test_npz_without_pickle(tmp_path):
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=np.array([object()], dtype=object), y_train=[1], x_test=[1], y_test=[1])
    with pytest.raises(DatasetError, match="mnist.npz를 읽을 수 없습니다"):
        _read_npz(path)
    np.savez(path, x_train=np.zeros((2, 28, 28)), y_train=[1], x_test=[1], y_test=[1])
    with pytest.raises(DatasetError, match="배열 모양"):
        _read_npz(path)


def test_one_hot():
    out = one_hot([0, 3, 9])
    assert out.shape == (3, 10) and out.dtype == np.float32
    assert out.argmax(axis=1).tolist() == [0, 3, 9] and out.sum() == 3
    assert one_hot(np.array([2.0, 5.0])).argmax(axis=1).tolist() == [2, 5]  # 정수 값의 실수는 받습니다
    with pytest.raises(ValueError, match="labels"):
        one_hot([10])


@pytest.mark.parametrize("labels", [[1.7], ["3"], [True, False]])
def test_one_hot_refuses_labels_that_are_not_integers(labels):
    with pytest.raises(ValueError, match="labels는 정수 레이블이어야 합니다"):
        one_hot(labels)


@pytest.mark.parametrize("loader", [load_mnist, load_fashion_mnist])
def test_empty_data_dir_is_an_error_before_any_download(loader, monkeypatch):
    def no_download(*args, **kwargs):
        raise AssertionError("내려받기를 시도했습니다")

    monkeypatch.setattr(data_module, "_keras_get_file", no_download)
    for empty in ("", "  "):
        with pytest.raises(DatasetError, match="data_dir이 빈 문자열입니다"):
            loader(data_dir=empty)


@pytest.mark.skipif(not FASHION_DIR.is_dir(), reason="dataset-fashion-mnist 패키지가 없습니다 (make system-deps)")
def test_fashion_mnist():
    data = load_fashion_mnist()
    assert data.x_train.shape == (55000, 784) and data.classes[9] == "앵클부츠"
    assert np.bincount(data.y_test).tolist() == [1000] * 10


def test_fashion_missing_folder(tmp_path):
    with pytest.raises(DatasetError, match="none.*데이터 폴더가 없습니다"):
        load_fashion_mnist(tmp_path / "none")


def test_fashion_without_debian_package_or_network(monkeypatch, tmp_path):
    monkeypatch.setattr(data_module, "FASHION_DIR", tmp_path / "no-debian-package")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(data_module, "KERAS_BASE", (tmp_path / "offline").as_uri() + "/")
    with pytest.raises(DatasetError, match="Fashion-MNIST를 찾지 못했습니다.*apt-get install dataset-fashion-mnist"):
        load_fashion_mnist()


def test_fashion_from_keras_cache(monkeypatch, tmp_path):
    """Debian 패키지가 없으면 keras.datasets.fashion_mnist와 같은 캐시 폴더의 IDX 파일을 씁니다."""
    cache = tmp_path / "keras" / "datasets" / "fashion-mnist"
    cache.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for key, name in IDX_FILES.items():
        count = 60_000 if key.startswith("train") else 10_000
        shape = (count, 28, 28) if key.endswith("images") else (count,)
        write_idx(cache / name, rng.integers(0, 10, shape))
    monkeypatch.setattr(data_module, "FASHION_DIR", tmp_path / "no-debian-package")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(data_module, "KERAS_BASE", (tmp_path / "offline").as_uri() + "/")
    data = load_fashion_mnist()
    assert data.source == str(cache) and data.x_train.shape == (55000, 784) and data.classes[0] == "티셔츠/탑"


def fake_mnist_npz(path):
    """모양만 MNIST와 같은 작은 mnist.npz를 만들고 그 SHA-256을 돌려줍니다."""
    rng = np.random.default_rng(1)
    np.savez(
        path,
        x_train=rng.integers(0, 256, (60_000, 28, 28), dtype=np.uint8),
        y_train=rng.integers(0, 10, 60_000, dtype=np.uint8),
        x_test=rng.integers(0, 256, (10_000, 28, 28), dtype=np.uint8),
        y_test=rng.integers(0, 10, 10_000, dtype=np.uint8),
    )
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def keras_home(monkeypatch, tmp_path):
    """데이터 폴더 설정이 없고, 네트워크 대신 닿지 않는 주소를 쓰는 임시 Keras 캐시."""
    monkeypatch.delenv("MNIST_DNN_DATA", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(data_module, "KERAS_ORIGIN", (tmp_path / "offline" / "mnist.npz").as_uri())
    (tmp_path / "keras" / "datasets").mkdir(parents=True)
    return tmp_path / "keras" / "datasets"


def test_keras_cache_with_good_checksum_is_used(monkeypatch, keras_home):
    digest = fake_mnist_npz(keras_home / "mnist.npz")
    monkeypatch.setattr(data_module, "KERAS_SHA256", digest)
    assert data_module.keras_cache_path() == keras_home / "mnist.npz"
    data = load_mnist()
    assert data.source == "keras mnist.npz" and len(data.y_train) == 55000 and len(data.y_test) == 10000


def test_keras_cache_with_bad_checksum_is_not_trusted(monkeypatch, keras_home):
    fake_mnist_npz(keras_home / "mnist.npz")
    monkeypatch.setattr(data_module, "KERAS_SHA256", "0" * 64)  # 캐시의 체크섬과 다름 → 다시 내려받으려다 실패
    with pytest.raises(DatasetError, match="내려받지 못했습니다.*MNIST_DNN_DATA"):
        load_mnist()


def test_keras_download_is_checked(monkeypatch, keras_home, tmp_path):
    """내려받은 파일도 체크섬을 확인합니다: 망가진 파일을 받으면 읽지 않습니다."""
    server = tmp_path / "server"
    server.mkdir()
    good = fake_mnist_npz(server / "mnist.npz")
    monkeypatch.setattr(data_module, "KERAS_ORIGIN", (server / "mnist.npz").as_uri())
    monkeypatch.setattr(data_module, "KERAS_SHA256", good)
    assert len(load_mnist().y_test) == 10000 and (keras_home / "mnist.npz").is_file()
    (keras_home / "mnist.npz").unlink()
    (server / "mnist.npz").write_bytes(b"corrupted")
    with pytest.raises(DatasetError, match="내려받지 못했습니다"):
        load_mnist()


def test_file_names_are_canonical():
    """IDX_FILES의 이름은 배포된 MNIST 폴더의 SHA256SUMS에 적힌 네 파일과 같습니다."""
    folder = os.environ.get("MNIST_DNN_DATA")
    sums = os.path.join(folder or "", "SHA256SUMS")
    if not folder or not os.path.isfile(sums):
        pytest.skip("SHA256SUMS가 있는 MNIST 폴더가 없습니다 (MNIST_DNN_DATA)")
    with open(sums, encoding="utf-8") as f:
        listed = sorted(line.split()[-1] for line in f if line.strip().endswith(".gz"))
    assert sorted(IDX_FILES.values()) == listed
