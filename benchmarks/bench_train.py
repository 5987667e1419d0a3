"""train()과 원본 Session 루프(legacy.run_seed_program)의 에폭당 시간을 한 프로세스에서 번갈아 잽니다.

기계가 시끄러우므로 절대 시간이 아니라 비율을 봅니다. 컴파일이 들어 있는 첫 에폭까지 모두 셉니다.
목표(2코어 CI 기계): train / legacy <= 0.75, 바라는 값 0.6.

    .venv/bin/python benchmarks/bench_train.py [--epochs 5] [--rounds 2]
"""

from __future__ import annotations

import argparse
import statistics

from mnist_dnn import build_model, load_mnist, train
from mnist_dnn.legacy import run_seed_program


def per_epoch(seconds) -> float:
    """에폭당 평균 시간(초)입니다."""
    return sum(seconds) / len(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    data = load_mnist()
    legacy, ours = [], []
    for r in range(args.rounds):
        legacy.append(per_epoch(run_seed_program(data, epochs=args.epochs, seed=777 + r, verbose=False).seconds))
        ours.append(per_epoch(train(build_model(), data, epochs=args.epochs, seed=777 + r, verbose=False).seconds))
        print(f"round {r + 1}: legacy {legacy[-1]:.3f} s/epoch, train {ours[-1]:.3f} s/epoch", flush=True)
    a, b = statistics.mean(legacy), statistics.mean(ours)
    print(f"legacy Session loop : {a:.3f} s/epoch")
    print(f"mnist_dnn.train     : {b:.3f} s/epoch")
    print(f"ratio train/legacy  : {b / a:.2f}  (target <= 0.75)")


if __name__ == "__main__":
    main()
