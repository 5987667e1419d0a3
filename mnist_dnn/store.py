"""학습 결과 저장소: 똑같은 학습을 두 번 하지 않도록 결과를 내용 주소로 저장하고 다시 씁니다.

환경 변수 MNIST_DNN_RUN_STORE에 폴더가 있을 때만 켜집니다 (Makefile은 `_build/runs`로 정합니다).
열쇠는 결과를 정하는 모든 것입니다: 모델 구조와 초기 가중치(드롭아웃 난수 상태까지), train()의 인자,
데이터의 체크섬, 이 패키지 소스의 해시, TensorFlow·Keras·NumPy 판, XLA 설정, CPU, 시드 이동.
하나라도 다르면 새로 학습합니다. 걸린 시간은 저장하지 않습니다 (다시 쓴 기록의 seconds는 NaN).
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import os
import platform
import weakref
from functools import cache
from pathlib import Path

import numpy as np

__all__ = ["STORE_ENV", "data_digest", "environment_key", "package_digest", "run_key", "store_location", "stored_run"]

STORE_ENV = "MNIST_DNN_RUN_STORE"
_PACKAGE = Path(__file__).resolve().parent
_DIGESTS: dict = {}


def store_location() -> str | None:
    """저장소 폴더입니다. 환경 변수가 없거나 비었으면 None(저장소를 쓰지 않음)입니다."""
    return os.environ.get(STORE_ENV) or None


def package_digest() -> str:
    """mnist_dnn 소스 파일 전체의 해시입니다. 패키지를 한 줄만 고쳐도 달라집니다."""
    h = hashlib.sha256()
    for path in sorted(_PACKAGE.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _array_digest(h, array) -> None:
    """배열의 모양, 자료형, 내용을 해시에 더합니다."""
    array = np.ascontiguousarray(array)
    h.update(f"{array.dtype.str}{array.shape}".encode())
    h.update(memoryview(array).cast("B"))


def data_digest(data) -> str:
    """train()이 쓰는 학습·검증 데이터의 체크섬입니다. 읽기 전용 데이터는 한 번만 계산합니다."""
    arrays = (data.x_train, data.y_train, data.x_val, data.y_val)
    frozen = all(not a.flags.writeable for a in arrays)
    key = tuple(id(a) for a in arrays)
    if frozen and key in _DIGESTS:
        return _DIGESTS[key]
    h = hashlib.blake2b(digest_size=20)
    for a in arrays:
        _array_digest(h, a)
    digest = h.hexdigest()
    if frozen:
        _DIGESTS[key] = digest
        weakref.finalize(data.x_train, _DIGESTS.pop, key, None)
    return digest


@cache
def _cpu() -> str:
    """CPU 이름입니다. 반올림의 끝자리가 CPU마다 다르므로 열쇠에 넣습니다."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def run_key(model, data, args: dict, structure: str, seed_shift: int) -> dict:
    """train() 한 번의 결과를 정하는 모든 것을 담은 열쇠입니다."""
    h = hashlib.blake2b(digest_size=20)
    for v in model.variables:  # 가중치와 드롭아웃 난수 상태
        _array_digest(h, v.numpy())
    return {"structure": structure, "initial": h.hexdigest(), **environment_key(data, args, seed_shift)}


def environment_key(data, args: dict, seed_shift: int) -> dict:
    """모델 밖에서 결과를 정하는 것: 인자, 데이터, 패키지 소스, 판, XLA 설정, CPU, 시드 이동."""
    from ._tf import keras, tf

    return {
        "args": args,
        "data": data_digest(data),
        "package": package_digest(),
        "versions": [tf.__version__, keras.__version__, np.__version__],
        "xla": os.environ.get("XLA_FLAGS", ""),
        "cpu": [_cpu(), platform.machine()],
        "seed_shift": seed_shift,
    }


def _run(key, job):
    """joblib이 key의 해시로 결과를 저장하는 함수입니다. job(학습)은 해시하지 않습니다."""
    return job()


@cache
def _memory(location: str):
    """저장소 폴더의 joblib Memory입니다."""
    import joblib

    return joblib.Memory(location, verbose=0).cache(_run, ignore=["job"])


def stored_run(location: str, key: dict, job):
    """key의 결과가 저장돼 있으면 그것을, 없으면 job()을 실행해 저장하고 그 결과를 돌려줍니다.

    job()은 (history, variables)를 돌려줍니다. 돌려주는 값도 같은 꼴이고, 저장소에서 읽은 기록은
    history.replayed가 참이며 걸린 시간(seconds)이 NaN입니다.
    """
    cached = _memory(location)
    if cached.check_call_in_cache(key, job):
        return cached(key, job)
    fresh = job()
    cached(key, lambda: _without_time(*fresh))
    return fresh


def _without_time(record, variables):
    """걸린 시간은 저장하지 않습니다: 다시 쓴 결과가 옛 컴퓨터의 시간을 보이지 않도록."""
    stored = dataclasses.replace(record, seconds=[math.nan] * len(record.seconds), replayed=True)
    return stored, variables
