"""Jupyter에서 오래 걸리는 학습의 진행 막대입니다 (tqdm.auto). 책 빌드와 테스트는 TQDM_DISABLE=1로 끕니다."""

from __future__ import annotations

import os

__all__ = ["progress"]


class _Silent:
    """진행 막대를 보이지 않을 때 쓰는, 아무것도 하지 않는 막대입니다."""

    def update(self, cost):
        pass

    def close(self):
        pass


class _Bar:
    """에폭마다 한 칸씩 나아가며 마지막 비용과 남은 시간을 보이는 막대입니다."""

    def __init__(self, total, label):
        from tqdm.auto import tqdm

        self.bar = tqdm(total=total, desc=f"학습 ({label})", unit="에폭", leave=False)

    def update(self, cost):
        self.bar.set_postfix_str(f"비용 {cost:.4f}", refresh=False)
        self.bar.update(1)

    def close(self):
        self.bar.close()


def progress(total: int, label: str, enabled: bool = True):
    """대화형 Jupyter 커널에서만 진행 막대를 만듭니다. 그 밖(명령줄, 스크립트)에서는 조용한 막대입니다."""
    if not enabled or _disabled_by_env() or not _in_kernel():
        return _Silent()
    return _Bar(total, label)


def _disabled_by_env() -> bool:
    """tqdm의 환경 변수 TQDM_DISABLE이 켜져 있는지 봅니다.

    tqdm.notebook은 disable 인자를 늘 직접 넘겨 이 환경 변수를 무시하므로 여기서 봅니다. 막대를 만들지 않아야
    책의 쪽에 위젯 상태(바깥 CDN의 스크립트를 부르는)가 남지 않습니다.
    """
    return os.environ.get("TQDM_DISABLE", "").strip().lower() not in ("", "0", "false", "no")


def _in_kernel() -> bool:
    """IPython 커널(Jupyter) 안에서 도는지 봅니다."""
    import sys

    shell = sys.modules.get("IPython")
    ip = shell.get_ipython() if shell else None
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"
