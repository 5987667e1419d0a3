"""명령줄에서 원본 글처럼 한 번 학습합니다: python -m mnist_dnn train."""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import tempfile
from contextlib import contextmanager

# C++ 라이브러리(absl, XLA)가 파이썬을 거치지 않고 표준 오류에 쓰는 줄: absl의 안내 줄과 glog 꼴의 로그
NATIVE_LOG = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|[IWEF]\d{4} \d\d:\d\d:\d+\.\d+ +\d+ \S+:\d+\] )"
)


class _Parser(argparse.ArgumentParser):
    """잘못된 인자를 사용법 없이 한 줄로 알리고 코드 2로 끝내는 파서입니다."""

    def error(self, message):
        self.exit(2, f"{self.prog}: 오류: {message}\n")


def _positive_float(text: str) -> float:
    """양의 유한한 실수만 받습니다."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"숫자가 아닙니다: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"유한한 양수여야 합니다: {text!r}")
    return value


def _positive_int(text: str) -> int:
    """1 이상의 정수만 받습니다."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"정수가 아닙니다: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"1 이상이어야 합니다: {text!r}")
    return value


def _seed(text: str) -> int:
    """0 이상 2**32 미만의 정수 시드만 받습니다."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"정수가 아닙니다: {text!r}") from None
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"0 이상 2**32 미만이어야 합니다: {text!r}")
    return value


def make_parser() -> argparse.ArgumentParser:
    """train 하위 명령과 옵션을 정의합니다."""
    from ._checks import ACTIVATIONS, INITIALIZERS, OPTIMIZERS

    parser = _Parser(prog="python -m mnist_dnn", description="MNIST 784-256-256-10 신경망 학습")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("train", help="원본 글처럼 학습하고 정확도를 찍습니다")
    p.add_argument("--activation", default="softmax", choices=ACTIVATIONS)
    p.add_argument("--initializer", default="normal", choices=INITIALIZERS)
    p.add_argument("--optimizer", default="adam", choices=OPTIMIZERS)
    p.add_argument("--learning-rate", type=_positive_float, default=0.001)
    p.add_argument("--epochs", type=_positive_int, default=15)
    p.add_argument("--batch-size", type=_positive_int, default=100)
    p.add_argument("--seed", type=_seed, default=777)
    p.add_argument("--data-dir", default=None, help="IDX 파일 네 개가 있는 폴더 (기본: $MNIST_DNN_DATA)")
    return parser


def run_train(args) -> None:
    """학습하고 원본 글과 같은 형식으로 결과를 찍습니다."""
    import random

    from .data import load_mnist

    data = load_mnist(args.data_dir)  # 데이터 문제는 무거운 TensorFlow를 불러오기 전에 알립니다
    from .inference import evaluate, predict
    from .model import build_model
    from .training import train

    model = build_model(activation=args.activation, initializer=args.initializer, seed=args.seed)
    hp = dict(optimizer=args.optimizer, learning_rate=args.learning_rate, epochs=args.epochs)
    history = train(model, data, batch_size=args.batch_size, seed=args.seed, **hp)
    print("Learning Finished!")
    if history.diverged:
        print(f"비용이 발산했습니다. 더 작은 학습률로 다시 해 보세요 (지금 {args.learning_rate:g})")
    print("Accuracy:", f"{evaluate(model, data.x_test, data.y_test):.4f}")
    r = random.Random(args.seed).randrange(len(data.y_test))
    label, _ = predict(model, data.x_test[r : r + 1])
    print("Label: ", [int(data.y_test[r])])
    print("Prediction: ", [int(label[0])])


@contextmanager
def native_log_filtered():
    """블록 동안 표준 오류(fd 2)를 모았다가, C++ 로그 줄만 빼고 블록이 끝날 때 내보냅니다.

    TensorFlow 판에 따라 첫 학습 때 absl이 안내 줄을 표준 오류에 바로 씁니다. 명령줄은 오류를 한 줄로 알리므로
    이 블록 안에서 학습합니다. 파이썬이 쓴 경고와 오류 줄은 그대로 남습니다.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as caught:
        os.dup2(caught.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)
            lines = caught.read().decode("utf-8", errors="replace").splitlines(keepends=True)
            sys.stderr.write("".join(line for line in lines if not NATIVE_LOG.match(line)))
            sys.stderr.flush()


def main(argv=None) -> int:
    """명령줄 진입점. 잘못된 입력과 데이터 문제는 한 줄 메시지와 코드 2로 끝냅니다."""
    args = make_parser().parse_args(argv)
    from ._checks import ArgumentError
    from .data import DatasetError

    try:
        with native_log_filtered():
            run_train(args)
    except (DatasetError, ArgumentError) as err:  # 그 밖의 오류는 버그이니 traceback을 그대로 보입니다
        print(f"python -m mnist_dnn: 오류: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("python -m mnist_dnn: 중단했습니다", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
