"""책 본문이 말하는 측정 사실을 이름 붙은 비교로 확인합니다.

장의 숨긴 셀은 `check("3.2 SGD는 Adam에 못 미칩니다", sgd_acc, "<", adam_acc)`처럼 씁니다. 성립하지 않으면
이름과 잰 값을 담은 AssertionError로 책 빌드를 멈춥니다. record_to(파일)를 부른 뒤에는(`make robust`가 커널을
시작할 때 부릅니다) 멈추지 않고 결과를 그 파일에 JSON 한 줄로 덧붙여, 모든 주장의 여유를 한 번에 모읍니다.

잰 값을 본문에 붙이는 glue도 여기 있어, 장의 숨긴 셀은 `from mnist_dnn.claims import check, glue` 한 줄로 시작합니다.
"""

from __future__ import annotations

import json
import math
import operator

__all__ = ["check", "glue", "margin", "record_to"]

_LOG = [None]  # 기록 모드의 파일 이름 (보통은 None: 성립하지 않으면 멈춥니다)
_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq}


def margin(left: float, op: str, right: float) -> float:
    """비교가 얼마나 넉넉히 성립하는지입니다: 양수면 성립, 음수면 실패 (크기는 큰 쪽에 대한 비율)."""
    if op == "==":
        return 0.0 if left == right else -math.inf
    gap = right - left if op in ("<", "<=") else left - right
    scale = max(abs(left), abs(right))
    return gap / scale if scale else gap


def check(name: str, left, op: str, right) -> bool:
    """본문의 주장 하나를 확인합니다: left op right가 아니면 잰 값을 담아 실패합니다."""
    if op not in _OPS:
        raise ValueError(f"알 수 없는 비교 {op!r}입니다. 가능한 값: {', '.join(_OPS)}")
    left, right = _number(left), _number(right)
    ok = bool(_OPS[op](left, right)) and math.isfinite(left) and math.isfinite(right)
    log = _LOG[0]
    if log:
        record = {"name": name, "left": left, "op": op, "right": right, "ok": ok, "margin": margin(left, op, right)}
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return ok
    if not ok:
        raise AssertionError(f"본문의 주장이 이 실행에서 성립하지 않습니다 — {name}: {left:.6g} {op} {right:.6g}")
    return ok


def glue(name: str, value) -> None:
    """잰 값을 본문의 {glue:text}`name` 자리에 붙입니다 (셀에는 보이지 않게). myst_nb가 없으면 하지 않습니다."""
    try:
        from myst_nb import glue as myst_glue
    except ImportError:  # 책 밖에서 연 노트북: 붙일 본문이 없습니다
        return
    myst_glue(name, value, display=False)


def record_to(path) -> None:
    """이후의 check를 멈추지 않고 path에 기록하게 합니다. None이면 다시 멈추는 모드입니다."""
    _LOG[0] = None if path is None else str(path)


def _number(value) -> float:
    """비교할 값을 파이썬 float로 바꿉니다 (bool은 0/1)."""
    return float(value)
