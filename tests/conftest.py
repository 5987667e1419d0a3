"""테스트가 함께 쓰는 데이터 픽스처입니다."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("MNIST_DNN_DATA", str((ROOT / ".." / "shared" / "data" / "mnist").resolve()))


@pytest.fixture(scope="session")
def mnist():
    """실제 MNIST 전체 (MNIST_DNN_DATA 폴더의 IDX 파일)."""
    from mnist_dnn import load_mnist

    return load_mnist()


@pytest.fixture(scope="session")
def small(mnist):
    """빠른 학습 테스트용: 학습 5,000장, 검증 1,000장, 테스트 1,000장."""
    from mnist_dnn import MnistData

    m = mnist
    return MnistData(m.x_train[:5000], m.y_train[:5000], m.x_val[:1000], m.y_val[:1000],
                     m.x_test[:1000], m.y_test[:1000], source="subset")  # fmt: skip
