"""테스트가 함께 쓰는 데이터 픽스처입니다.

MNIST는 환경 변수 MNIST_DNN_DATA가 가리키는 폴더에서 읽습니다. 설정이 없고 저장소 옆에
../shared/data/mnist 폴더가 있을 때만 그 폴더를 씁니다. 둘 다 없으면 Keras 캐시를 쓰고,
그것도 없으면 데이터가 필요한 테스트를 이유와 함께 건너뜁니다 (테스트는 내려받지 않습니다).
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared" / "data" / "mnist").resolve()
if "MNIST_DNN_DATA" not in os.environ and SHARED.is_dir():
    os.environ["MNIST_DNN_DATA"] = str(SHARED)
os.environ.pop("MNIST_DNN_RUN_STORE", None)  # 단위 테스트는 언제나 새로 학습합니다 (저장소 테스트는 스스로 켭니다)


@pytest.fixture(scope="session")
def mnist():
    """실제 MNIST 전체."""
    from mnist_dnn import DatasetError, load_mnist
    from mnist_dnn.data import keras_cache_path

    if not os.environ.get("MNIST_DNN_DATA") and not keras_cache_path().is_file():
        pytest.skip("MNIST가 없습니다: MNIST_DNN_DATA를 IDX 파일 폴더로 지정하거나 Keras 캐시에 mnist.npz를 두세요")
    try:
        return load_mnist()
    except DatasetError as err:
        pytest.fail(str(err))


@pytest.fixture(scope="session")
def small(mnist):
    """빠른 학습 테스트용: 학습 5,000장, 검증 1,000장, 테스트 1,000장."""
    from mnist_dnn import MnistData

    m = mnist
    return MnistData(
        m.x_train[:5000],
        m.y_train[:5000],
        m.x_val[:1000],
        m.y_val[:1000],
        m.x_test[:1000],
        m.y_test[:1000],
        source="subset",
    )


def pytest_terminal_summary(terminalreporter):
    """브라우저 테스트를 돌렸다면 확인한 쪽·그림·검색어 수를 마지막에 알립니다 (순서에 기대지 않는 보고)."""
    import sys

    book = sys.modules.get("test_book") or sys.modules.get("tests.test_book")
    if book and book.COUNTS["pages"]:
        c = book.COUNTS
        terminalreporter.write_line(
            f"브라우저 테스트: 쪽 {c['pages']}개, 그림 {c['images']}개, 검색어 {c['queries']}개를 확인했습니다"
        )
