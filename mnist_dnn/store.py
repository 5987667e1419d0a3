"""학습 결과 저장소: 똑같은 학습을 두 번 하지 않도록 결과를 내용 주소로 저장하고 다시 씁니다.

환경 변수 MNIST_DNN_RUN_STORE에 폴더가 있을 때만 켜집니다 (Makefile은 make lab 말고는 `_build/runs`로 정합니다).
열쇠는 결과를 정하는 모든 것입니다: 모델 구조와 초기 가중치(드롭아웃 난수 상태까지), train()의 인자, 데이터의
내용, 학습 코드(train()과 run_original()이 불러오는 이 패키지의 모듈들)의 해시, TensorFlow·Keras·NumPy 판,
XLA 설정, CPU(이름, 명령어 집합, 코어 수), 시드 이동. 하나라도 다르면 새로 학습합니다. 패키지 밖에서 정의한
층이나 활성화 함수는 소스를 열쇠에 넣고, 소스를 읽을 수 없으면 저장소를 쓰지 않습니다. 걸린 시간은 저장하지
않습니다 (다시 쓴 기록의 seconds는 NaN).

항목은 `폴더/학습 코드 해시 앞 16자/열쇠 해시.joblib` 하나의 파일입니다. 임시 파일에 다 쓴 뒤 이름을 바꾸므로
반쯤 쓴 항목은 남지 않고, 읽을 수 없는 항목은 지우고 새로 학습합니다. 다른 판의 학습 코드가 남긴 항목은
다시 쓰일 일이 없으므로 prune()이 지웁니다 (`make book`이 빌드 전에 부릅니다).
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import inspect
import json
import math
import os
import platform
import shutil
import tempfile
import warnings
import weakref
from functools import cache
from pathlib import Path

import numpy as np

__all__ = [
    "STORE_ENV",
    "data_digest",
    "environment_key",
    "foreign_source",
    "package_digest",
    "prune",
    "read_only",
    "run_key",
    "store_location",
    "stored_run",
    "training_modules",
]

STORE_ENV = "MNIST_DNN_RUN_STORE"
_PACKAGE = Path(__file__).resolve().parent
_DIGESTS: dict = {}
_OWN_MODULES = ("keras", "tensorflow", "mnist_dnn", "builtins")
_ENTRIES = ("training", "legacy")  # 결과를 저장소에 남기는 train()과 run_original()의 모듈


def store_location() -> str | None:
    """저장소 폴더입니다. 환경 변수가 없거나 비었으면 None(저장소를 쓰지 않음)입니다."""
    return os.environ.get(STORE_ENV) or None


def training_modules() -> list[Path]:
    """train()과 run_original()이 (함수 안의 import까지) 불러오는 이 패키지의 모듈 파일들입니다.

    학습 결과를 정하는 소스는 이것뿐이므로, 그림(plots)이나 명령줄(__main__)을 고쳐도 다시 학습하지 않습니다.
    """
    seen, todo = set(), list(_ENTRIES)
    while todo:
        name = todo.pop()
        path = _PACKAGE / f"{name}.py"
        if name in seen or not path.is_file():
            continue
        seen.add(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:  # from .x import … / from . import x
                todo += [node.module.split(".")[0]] if node.module else [a.name for a in node.names]
    return sorted(_PACKAGE / f"{name}.py" for name in seen)


def package_digest() -> str:
    """학습 코드(training_modules)의 해시입니다. 그 가운데 한 줄만 고쳐도 달라집니다."""
    h = hashlib.sha256()
    for path in training_modules():
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def read_only(array) -> bool:
    """배열과 그 배열이 빌려 쓰는 원본이 모두 쓰기 금지인지 봅니다 (그래야 내용이 바뀌지 않습니다).

    학습 루프의 텐서 캐시(training._tensor)도 이것으로 캐시해도 되는 배열을 가립니다.
    """
    while isinstance(array, np.ndarray):
        if array.flags.writeable:
            return False
        array = array.base
    return isinstance(array, (bytes, type(None), memoryview))


def _array_digest(array) -> str:
    """배열의 모양, 자료형, 내용의 해시입니다. 쓰기 금지 배열은 그 배열이 살아 있는 동안 한 번만 계산합니다."""
    key = id(array)
    if key in _DIGESTS:
        return _DIGESTS[key]
    contiguous = np.ascontiguousarray(array)
    h = hashlib.blake2b(f"{contiguous.dtype.str}{contiguous.shape}".encode(), digest_size=20)
    h.update(memoryview(contiguous).cast("B"))
    digest = h.hexdigest()
    if read_only(array):  # 배열이 사라지면 항목도 지워, 같은 id를 물려받은 새 배열이 옛 해시를 받지 않게 합니다
        _DIGESTS[key] = digest
        weakref.finalize(array, _DIGESTS.pop, key, None)
    return digest


def data_digest(data, test: bool = False) -> str:
    """train()이 쓰는 학습·검증 데이터(test면 테스트 데이터까지)의 내용 해시입니다."""
    arrays = [data.x_train, data.y_train, data.x_val, data.y_val]
    if test:
        arrays += [data.x_test, data.y_test]
    return hashlib.blake2b("".join(_array_digest(a) for a in arrays).encode(), digest_size=20).hexdigest()


@cache
def _cpu() -> list:
    """CPU 이름, 명령어 집합(플래그)의 해시, 코어 수: 반올림의 끝자리를 정하므로 열쇠에 넣습니다."""
    name, flags = platform.processor() or platform.machine(), ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            field, _, value = line.partition(":")
            if field.strip() == "model name" and not name.startswith("model:"):
                name = "model:" + value.strip()
            elif field.strip() in ("flags", "Features") and not flags:
                flags = hashlib.sha256(" ".join(sorted(value.split())).encode()).hexdigest()[:16]
    except OSError:
        pass
    return [name, flags, platform.machine(), os.cpu_count()]


def foreign_source(obj) -> str | None:
    """패키지 밖(노트북 등)에서 정의한 클래스나 함수의 소스입니다. 소스를 읽을 수 없으면 None입니다."""
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        return None


def _foreign_parts(model) -> list | None:
    """모델의 층 클래스와 활성화 함수 가운데 keras·mnist_dnn 밖의 것들의 소스입니다. 하나라도 못 읽으면 None."""
    parts = []
    for layer in model.layers:
        for obj in (type(layer), getattr(layer, "activation", None)):
            module = getattr(obj, "__module__", None) or ""
            if obj is None or module.split(".")[0] in _OWN_MODULES:
                continue
            source = foreign_source(obj)
            if source is None:
                return None
            parts.append([f"{module}.{getattr(obj, '__qualname__', '')}", source])
    return parts


def run_key(model, data, args: dict, structure: str, seed_shift: int) -> dict | None:
    """train() 한 번의 결과를 정하는 모든 것을 담은 열쇠입니다. 다시 쓰면 안 되는 학습이면 None입니다."""
    foreign = _foreign_parts(model)
    if foreign is None:
        return None
    h = hashlib.blake2b(digest_size=20)
    for v in model.variables:  # 가중치와 드롭아웃 난수 상태
        value = np.ascontiguousarray(v.numpy())
        h.update(f"{value.dtype.str}{value.shape}".encode() + memoryview(value).cast("B"))
    return {
        "structure": structure,
        "foreign": foreign,
        "initial": h.hexdigest(),
        **environment_key(data, args, seed_shift),
    }


def environment_key(data, args: dict, seed_shift: int, test: bool = False) -> dict:
    """모델 밖에서 결과를 정하는 것: 인자, 데이터, 패키지 소스, 판, XLA 설정, CPU, 시드 이동."""
    from ._tf import keras, tf

    return {
        "args": args,
        "data": data_digest(data, test=test),
        "package": package_digest(),
        "versions": [tf.__version__, keras.__version__, np.__version__],
        "xla": os.environ.get("XLA_FLAGS", ""),
        "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", ""),
        "cpu": _cpu(),
        "seed_shift": seed_shift,
    }


def entry_path(location: str, key: dict) -> Path:
    """열쇠의 항목 파일입니다: 폴더/패키지 해시 앞 16자/열쇠 해시.joblib."""
    text = json.dumps(key, sort_keys=True, default=str, ensure_ascii=False)
    name = hashlib.sha256(text.encode()).hexdigest()
    return Path(location) / key["package"][:16] / f"{name}.joblib"


def stored_run(location: str, key: dict, job):
    """key의 결과가 저장돼 있으면 그것을, 없으면 job()을 실행해 저장하고 그 결과를 돌려줍니다.

    job()은 (history, variables)를 돌려줍니다. 돌려주는 값도 같은 꼴이고, 저장소에서 읽은 기록은
    history.replayed가 참이며 걸린 시간(seconds)이 NaN입니다. 읽을 수 없는 항목은 지우고 새로 학습합니다.
    """
    path = entry_path(location, key)
    stored = _load(path)
    if stored is not None:
        return stored
    fresh = job()
    _save(path, _without_time(*fresh))
    return fresh


def _load(path: Path):
    """저장된 (기록, 변수)입니다. 없으면 None, 망가졌으면 경고하고 지운 뒤 None입니다."""
    if not path.is_file():
        return None
    import joblib

    try:
        stored = joblib.load(path)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0].replayed:
            return stored
        problem = "저장된 꼴이 다릅니다"
    except Exception as error:  # 망가진 파일은 어떤 오류로든 실패할 수 있습니다
        problem = f"{type(error).__name__}: {error}"
    warnings.warn(
        f"학습 결과 저장소의 항목을 읽을 수 없어 지우고 새로 학습합니다 ({path.name}, {problem})", stacklevel=4
    )
    path.unlink(missing_ok=True)
    return None


def _save(path: Path, result) -> None:
    """임시 파일에 다 쓴 뒤 이름을 바꿉니다: 반쯤 쓴 항목이 남지 않고, 함께 쓰는 프로세스도 온전한 파일만 봅니다."""
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        joblib.dump(result, tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _without_time(record, variables):
    """걸린 시간은 저장하지 않습니다: 다시 쓴 결과가 옛 컴퓨터의 시간을 보이지 않도록."""
    stored = dataclasses.replace(record, seconds=[math.nan] * len(record.seconds), replayed=True)
    return stored, variables


def prune(location: str) -> list[Path]:
    """지금의 패키지 소스가 아닌 판이 남긴 항목 폴더를 지우고, 지운 폴더들을 돌려줍니다."""
    root, keep = Path(location), package_digest()[:16]
    if not root.is_dir():
        return []
    old = [p for p in root.iterdir() if p.name != keep]
    for p in old:
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    return old
