"""인자 검사와 허용된 이름들입니다. TensorFlow 없이 불러올 수 있어 명령줄이 먼저 씁니다."""

from __future__ import annotations

import math
import numbers

ACTIVATIONS = ("softmax", "relu", "sigmoid", "tanh", "elu", "selu", "gelu", "swish", "leaky_relu", "linear")
INITIALIZERS = ("normal", "glorot", "he")
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")


class ArgumentError(ValueError):
    """함수에 준 인자가 잘못됐다는 오류입니다. 명령줄은 이 오류만 한 줄로 알립니다."""


def is_int(value) -> bool:
    """bool이 아닌 정수(파이썬 int와 NumPy 정수)인지 봅니다."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_number(value) -> bool:
    """bool이 아닌 실수(정수 포함)인지 봅니다."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_choice(what: str, value, allowed) -> None:
    """value가 허용된 이름 가운데 하나인지 확인합니다."""
    if value not in allowed:
        raise ArgumentError(f"알 수 없는 {what} {value!r}입니다. 가능한 값: {', '.join(allowed)}")


def check_int(what: str, value, low: int, high: float = math.inf) -> None:
    """value가 low 이상 high 이하의 정수인지 확인합니다."""
    if not is_int(value) or not low <= value <= high:
        upper = "" if high == math.inf else f" {high} 이하의"
        raise ArgumentError(f"{what}는 {low} 이상{upper} 정수여야 합니다 (받은 값: {value!r})")


def check_positive(what: str, value) -> None:
    """value가 유한한 양수인지 확인합니다."""
    if not is_number(value) or not math.isfinite(value) or value <= 0:
        raise ArgumentError(f"{what}는 유한한 양수여야 합니다 (받은 값: {value!r})")


SEED_LIMIT = 2**32


def check_seed(what: str, value, allow_none: bool = False) -> None:
    """시드가 0 이상 2**32 미만의 정수인지 확인합니다 (bool은 받지 않습니다)."""
    if value is None and allow_none:
        return
    if not is_int(value) or not 0 <= value < SEED_LIMIT:
        extra = " 또는 None" if allow_none else ""
        raise ArgumentError(f"{what}는 0 이상 2**32 미만의 정수{extra}여야 합니다 (받은 값: {value!r})")


_SEED_SHIFT = [0]  # 책의 모든 시드에 더할 값. 독자에게는 언제나 0입니다


def set_seed_shift(shift: int) -> None:
    """모든 시드를 shift만큼 옮깁니다. 시드에 기대지 않는 주장인지 재 보는 tools/robust.py만 씁니다."""
    if not is_int(shift) or shift < 0:
        raise ArgumentError(f"시드 이동은 0 이상의 정수여야 합니다 (받은 값: {shift!r})")
    _SEED_SHIFT[0] = int(shift)


def seed_shift() -> int:
    """지금의 시드 이동입니다 (보통 0)."""
    return _SEED_SHIFT[0]


def shifted_seed(seed):
    """시드에 시드 이동(보통 0)을 더합니다. None은 None입니다."""
    if seed is None:
        return None
    return int(seed) + _SEED_SHIFT[0]
