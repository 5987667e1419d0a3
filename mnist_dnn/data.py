"""MNIST 데이터셋을 IDX 파일에서 읽습니다."""

from __future__ import annotations

import gzip
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._checks import ArgumentError, is_int

ENV_VAR = "MNIST_DNN_DATA"
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
IDX_FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}
KERAS_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"  # keras.datasets가 내려받는 곳
KERAS_ORIGIN = KERAS_BASE + "mnist.npz"
KERAS_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
DIGITS = tuple(str(d) for d in range(10))
FASHION_CLASSES = (
    "티셔츠/탑",
    "바지",
    "풀오버",
    "드레스",
    "코트",
    "샌들",
    "셔츠",
    "스니커즈",
    "가방",
    "앵클부츠",
)
_EXPECTED = {"train": 60_000, "test": 10_000}


__all__ = ["DatasetError", "MnistData", "keras_cache_path", "load_fashion_mnist", "load_mnist", "one_hot", "read_idx"]


class DatasetError(Exception):
    """데이터 파일이 없거나 망가졌을 때 나는 오류입니다 (1장)."""


@dataclass(frozen=True, repr=False)
class MnistData:
    """학습·검증·테스트 데이터를 한데 묶은 읽기 전용 객체입니다 (1장 1.2절)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str = ""
    classes: tuple[str, ...] = DIGITS

    def __repr__(self) -> str:
        sizes = f"train={len(self.y_train)}, val={len(self.y_val)}, test={len(self.y_test)}"
        return f"MnistData({sizes}, source={self.source!r})"


def read_idx(path: str | os.PathLike, ndim: int, count: int) -> np.ndarray:
    """gzip으로 묶인 IDX 파일 하나를 uint8 배열로 읽습니다."""
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path}: 파일이 없습니다")
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as err:
        raise DatasetError(f"{path}: gzip 파일이 잘렸거나 망가졌습니다 ({err})") from None
    return _parse_idx(raw, path, ndim, count)


def _parse_idx(raw: bytes, path: Path, ndim: int, count: int) -> np.ndarray:
    """IDX 머리(매직 넘버, 차원)를 검사하고 본문을 배열로 바꿉니다."""
    magic = 0x0800 + ndim
    if len(raw) < 4 or int.from_bytes(raw[:4], "big") != magic:
        found = raw[:4].hex() or "빈 파일"
        raise DatasetError(f"{path}: 매직 넘버가 0x{magic:08x}이 아닙니다 (읽은 값: {found})")
    header = 4 + 4 * ndim
    dims = np.frombuffer(raw[4:header], dtype=">u4").astype(int).tolist()
    want = [count] + [28, 28][: ndim - 1]
    if dims != want:
        raise DatasetError(f"{path}: 차원이 {want}이어야 하는데 {dims}입니다")
    body = np.frombuffer(raw, dtype=np.uint8, offset=header)
    if body.size != int(np.prod(dims)):
        raise DatasetError(f"{path}: 데이터가 {int(np.prod(dims))}바이트여야 하는데 {body.size}바이트입니다")
    return body.reshape(dims)


def one_hot(labels, num_classes: int = 10) -> np.ndarray:
    """정수 레이블을 원-핫(one-hot) 벡터로 바꿉니다 (1장 1.5절)."""
    labels = integer_labels("labels", labels, num_classes)
    return np.eye(num_classes, dtype=np.float32)[labels]


def integer_labels(what: str, labels, num_classes: int) -> np.ndarray:
    """레이블이 0 이상 num_classes 미만의 정수(1.0 같은 정수 값의 실수도 받습니다)인지 보고 정수 배열로 돌려줍니다."""
    labels = np.asarray(labels)
    if labels.dtype == bool or not np.issubdtype(labels.dtype, np.number) or not np.all(np.mod(labels, 1) == 0):
        raise ArgumentError(f"{what}는 정수 레이블이어야 합니다 (받은 값의 예: {labels.ravel()[:3].tolist()!r})")
    labels = labels.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ArgumentError(
            f"{what}는 0 이상 {num_classes} 미만이어야 합니다 (받은 값: {labels.min()}부터 {labels.max()}까지)"
        )
    return labels


def load_mnist(data_dir=None, validation_size: int = 5000) -> MnistData:
    """MNIST를 읽어 55,000 / 5,000 / 10,000으로 나눕니다 (1장 1.2절)."""
    _check_validation_size(validation_size)
    _check_data_dir(data_dir)
    folder = data_dir or os.environ.get(ENV_VAR)
    if folder:
        arrays, source = _read_idx_dir(Path(folder)), str(folder)
    else:
        arrays, source = _read_keras_npz(), "keras mnist.npz"
    return _split(*arrays, validation_size=validation_size, source=source, classes=DIGITS)


def load_fashion_mnist(data_dir=None, validation_size: int = 5000) -> MnistData:
    """Fashion-MNIST를 읽습니다: data_dir → Debian 패키지 폴더 → Keras 캐시·내려받기 (6장 연습문제)."""
    _check_validation_size(validation_size)
    _check_data_dir(data_dir)
    if data_dir is not None:
        folder = Path(data_dir)
    elif FASHION_DIR.is_dir():
        folder = FASHION_DIR
    else:
        folder = _keras_fashion_dir()
    arrays = _read_idx_dir(folder)
    return _split(*arrays, validation_size=validation_size, source=str(folder), classes=FASHION_CLASSES)


def keras_cache_path() -> Path:
    """Keras가 mnist.npz를 캐시하는 자리입니다: $KERAS_HOME/datasets/mnist.npz (기본 ~/.keras)."""
    return _keras_home() / "datasets" / "mnist.npz"


def _keras_home() -> Path:
    """Keras의 캐시 폴더입니다. 환경 변수 KERAS_HOME이 있으면 그곳입니다."""
    return Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras").expanduser()


def _check_data_dir(data_dir) -> None:
    """data_dir은 None(기본 순서로 찾기)이거나 빈 문자열이 아닌 폴더 경로여야 합니다. 내려받기 전에 알립니다."""
    if data_dir is not None and not str(data_dir).strip():
        raise DatasetError(
            "data_dir이 빈 문자열입니다: IDX 파일 네 개가 있는 폴더를 주거나, "
            f"data_dir을 빼고 기본 순서({ENV_VAR} → Keras 캐시)로 찾게 하세요"
        )


def _check_validation_size(validation_size) -> None:
    """validation_size가 0 이상 60,000 미만의 정수인지 확인합니다."""
    if not is_int(validation_size) or not 0 <= validation_size < _EXPECTED["train"]:
        raise ArgumentError(f"validation_size는 0 이상 60000 미만의 정수여야 합니다 (받은 값: {validation_size!r})")


def _read_idx_dir(folder: Path):
    """폴더에서 IDX 파일 네 개를 읽습니다."""
    if not folder.is_dir():
        raise DatasetError(f"{folder}: 데이터 폴더가 없습니다 ({ENV_VAR} 또는 data_dir을 확인하세요)")
    return (
        read_idx(folder / IDX_FILES["train_images"], 3, _EXPECTED["train"]),
        read_idx(folder / IDX_FILES["train_labels"], 1, _EXPECTED["train"]),
        read_idx(folder / IDX_FILES["test_images"], 3, _EXPECTED["test"]),
        read_idx(folder / IDX_FILES["test_labels"], 1, _EXPECTED["test"]),
    )


def _read_keras_npz():
    """Keras가 캐시한 mnist.npz를 쓰고, 없거나 체크섬이 틀리면 내려받아 체크섬을 확인합니다."""
    try:
        path = _keras_get_file("mnist.npz", KERAS_ORIGIN, file_hash=KERAS_SHA256)
    except Exception as err:  # 네트워크 오류의 종류가 많아 모두 한 메시지로 바꿉니다
        raise DatasetError(
            f"MNIST를 내려받지 못했습니다 ({_reason(err)}). "
            f"{', '.join(IDX_FILES.values())}를 한 폴더에 두고 "
            f"data_dir= 인자나 환경 변수 {ENV_VAR}로 그 폴더를 알려 주세요"
        ) from None
    return _read_npz(Path(path))


def _keras_fashion_dir() -> Path:
    """keras.datasets.fashion_mnist와 같은 곳에서 IDX 파일 네 개를 캐시로 받아 그 폴더를 돌려줍니다."""
    try:
        paths = [
            _keras_get_file(name, KERAS_BASE + name, cache_subdir="datasets/fashion-mnist")
            for name in IDX_FILES.values()
        ]
    except Exception as err:
        raise DatasetError(
            f"Fashion-MNIST를 찾지 못했습니다 ({_reason(err)}). Debian/Ubuntu라면 "
            "'sudo apt-get install dataset-fashion-mnist'로 설치하고, 아니면 인터넷에 연결한 뒤 다시 실행하세요"
        ) from None
    return Path(paths[0]).parent


def _keras_get_file(name, origin, **kwargs):
    """keras.utils.get_file로 Keras 캐시(_keras_home)에서 찾고, 없으면 내려받습니다."""
    from ._tf import keras

    return keras.utils.get_file(name, origin, cache_dir=str(_keras_home()), **kwargs)


def _reason(err) -> str:
    """예외를 한 줄 200자 이내의 이유로 줄입니다."""
    return " ".join(str(err).split())[:200] or type(err).__name__


def _read_npz(path: Path):
    """mnist.npz를 pickle 없이 읽고 모양을 검사합니다."""
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = tuple(f[k] for k in ("x_train", "y_train", "x_test", "y_test"))
    except (OSError, KeyError, ValueError) as err:
        raise DatasetError(f"{path}: mnist.npz를 읽을 수 없습니다 ({err}). 지우고 다시 내려받으세요") from None
    want = [(60_000, 28, 28), (60_000,), (10_000, 28, 28), (10_000,)]
    if [a.shape for a in arrays] != want:
        raise DatasetError(f"{path}: 배열 모양이 {want}이 아닙니다")
    return arrays


def _split(train_x, train_y, test_x, test_y, *, validation_size, source, classes) -> MnistData:
    """학습 파일의 처음 validation_size장을 검증용으로 떼어 냅니다 (TF1 input_data와 같은 방식)."""
    cut = validation_size
    x, xt = _scale(train_x), _scale(test_x)
    y, yt = train_y.astype(np.int64), test_y.astype(np.int64)
    for array in (x, xt, y, yt):
        array.setflags(write=False)  # 읽기 전용: train()이 한 번 옮긴 텐서를 다시 쓸 수 있습니다
    return MnistData(x[cut:], y[cut:], x[:cut], y[:cut], xt, yt, source=source, classes=classes)


def _scale(images: np.ndarray) -> np.ndarray:
    """28×28 uint8 이미지를 [0, 1] 범위의 784차원 float32 벡터로 폅니다."""
    return images.reshape(len(images), -1).astype(np.float32) / 255.0
