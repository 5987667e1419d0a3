"""python -m mnist_dnn: 원본 형식의 출력, 잘못된 입력은 한 줄 오류와 종료 코드 2."""

import os
import subprocess
import sys

import pytest

from mnist_dnn.data import IDX_FILES


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "mnist_dnn", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def assert_one_line_error(result, *words):
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize(
    "args, words",
    [
        (["train", "--learning-rate", "abc"], ["--learning-rate", "abc"]),
        (["train", "--learning-rate", "-0.1"], ["--learning-rate", "양수"]),
        (["train", "--learning-rate", "nan"], ["--learning-rate"]),
        (["train", "--epochs", "0"], ["--epochs"]),
        (["train", "--batch-size", "x"], ["--batch-size"]),
        (["train", "--optimizer", "adamw"], ["--optimizer", "adam"]),
        (["train", "--bogus"], ["--bogus"]),
        (["train", "--seed", "-1"], ["--seed", "2**32"]),
        (["train", "--seed", "4294967296"], ["--seed", "2**32"]),
        (["train", "--seed", "1.5"], ["--seed", "정수"]),
        ([], ["command"]),
    ],
)
def test_bad_arguments(args, words):
    assert_one_line_error(run_cli(*args), *words)


def test_missing_data_dir(tmp_path):
    assert_one_line_error(run_cli("train", "--data-dir", str(tmp_path / "none")), "none", "데이터 폴더가 없습니다")


def test_empty_data_dir_is_one_line_without_a_download(tmp_path):
    """--data-dir ''은 내려받기를 시도하지 않고 한 줄로 끝납니다 (Keras 캐시 폴더도 만들지 않습니다)."""
    result = run_cli("train", "--data-dir", "", env={"KERAS_HOME": str(tmp_path / "keras")})
    assert_one_line_error(result, "data_dir이 빈 문자열입니다")
    assert not (tmp_path / "keras").exists()


def test_corrupt_file(tmp_path, mnist):
    for name in IDX_FILES.values():
        (tmp_path / name).symlink_to(os.path.join(os.environ["MNIST_DNN_DATA"], name))
    bad = tmp_path / IDX_FILES["test_labels"]
    bad.unlink()
    bad.write_bytes(b"not gzip at all")
    assert_one_line_error(run_cli("train", "--data-dir", str(tmp_path)), "t10k-labels-idx1-ubyte.gz")


def test_batch_size_too_large():
    assert_one_line_error(run_cli("train", "--batch-size", "100000"), "batch_size")


def test_one_epoch_prints_the_original_format():
    result = run_cli("train", "--epochs", "1", "--activation", "relu", "--initializer", "he")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Epoch: 0001 cost = ") and lines[1] == "Learning Finished!"
    assert lines[2].startswith("Accuracy: 0.") and float(lines[2].split()[1]) > 0.9
    assert lines[3].startswith("Label:  [") and lines[4].startswith("Prediction:  [")
    assert result.stderr == ""


def test_data_dir_success_without_environment(mnist, tmp_path):
    """--data-dir만으로 읽습니다: 환경 변수 없이, Keras 캐시도 없는 곳에서."""
    env = {k: v for k, v in os.environ.items() if k != "MNIST_DNN_DATA"}
    env["KERAS_HOME"] = str(tmp_path / "no-keras-cache")
    data_dir = os.environ["MNIST_DNN_DATA"]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mnist_dnn",
            "train",
            "--data-dir",
            data_dir,
            "--epochs",
            "1",
            "--activation",
            "relu",
            "--initializer",
            "he",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "Learning Finished!"


def test_internal_error_keeps_its_traceback():
    """패키지의 인자·데이터 오류가 아닌 예외는 버그이니 한 줄로 삼키지 않습니다."""
    code = (
        "import sys\nimport mnist_dnn.__main__ as cli\n"
        "def broken(args):\n    raise ValueError('내부 버그')\n"
        "cli.run_train = broken\nsys.exit(cli.main(['train']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode not in (0, 2)
    assert "Traceback" in result.stderr and "내부 버그" in result.stderr


def test_native_log_lines_are_filtered_and_python_lines_kept():
    """absl·XLA가 표준 오류에 바로 쓰는 줄은 빼고, 파이썬이 쓴 줄은 남깁니다 (옛 TensorFlow의 absl 안내 줄)."""
    code = """
import os, sys
from mnist_dnn.__main__ import native_log_filtered
with native_log_filtered():
    os.write(2, b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\\n")
    os.write(2, b"I0000 00:00:1733600000.123456   12345 service.cc:148] XLA service initialized\\n")
    print("파이썬의 경고 줄", file=sys.stderr)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr.splitlines() == ["파이썬의 경고 줄"], result.stderr
