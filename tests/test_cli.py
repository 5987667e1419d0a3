"""python -m mnist_dnn: 원본 형식의 출력, 잘못된 입력은 한 줄 오류와 종료 코드 2."""

import os
import subprocess
import sys

import pytest

from mnist_dnn.data import IDX_FILES


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "mnist_dnn", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)  # fmt: skip


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
        ([], ["command"]),
    ],  # fmt: skip
)
def test_bad_arguments(args, words):
    assert_one_line_error(run_cli(*args), *words)


def test_missing_data_dir(tmp_path):
    assert_one_line_error(run_cli("train", "--data-dir", str(tmp_path / "none")), "none", "데이터 폴더가 없습니다")


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
