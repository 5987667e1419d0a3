"""손글씨 패드: 그린 숫자를 MNIST처럼 28×28로 만들고, 책의 모델을 브라우저로 옮깁니다 (5장 5.8절).

책의 `_static/handwriting.js`가 이 모듈과 같은 계산을 같은 순서로 합니다. 브라우저 테스트가 둘을 견줍니다.
"""

from __future__ import annotations

import base64
import json
import math
from pathlib import Path

import numpy as np

from ._checks import ArgumentError

__all__ = ["export_weights", "forward", "preprocess", "read_weights", "resample"]

SIZE = 28  # MNIST 이미지의 한 변
BOX = 20  # MNIST는 숫자를 가로세로 비율을 지킨 채 20×20 상자에 맞췄습니다
INK = 0.05  # 이보다 진한 픽셀을 숫자로 봅니다 (둘레 상자를 찾을 때)
ACTIVATIONS = ("softmax", "relu", "linear")
JS_NAME = "MNIST_PAD_MODELS"


def preprocess(ink, center: bool = True) -> np.ndarray:
    """그린 그림(0은 빈 곳, 1은 잉크인 2차원 배열)을 모델이 받는 28×28 이미지로 만듭니다.

    center가 참이면 MNIST처럼 숫자의 둘레 상자를 잘라 긴 변이 20이 되게 줄이고, 무게 중심이 28×28의
    가운데에 오도록 옮깁니다. 거짓이면 그림 전체를 그대로 28×28로 줄이기만 합니다.
    """
    ink = _check_ink(ink)
    if not center:
        return resample(ink, SIZE, SIZE)
    rows, cols = np.nonzero(ink > INK)
    if not len(rows):
        return np.zeros((SIZE, SIZE))
    crop = ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    scale = BOX / max(crop.shape)
    box = resample(crop, max(1, _round(crop.shape[0] * scale)), max(1, _round(crop.shape[1] * scale)))
    return _place(box)


def _check_ink(ink) -> np.ndarray:
    """ink가 0과 1 사이 값의 2차원 배열인지 확인합니다."""
    ink = np.asarray(ink, dtype=float)
    if ink.ndim != 2 or min(ink.shape) < 1 or not np.all((ink >= 0) & (ink <= 1)):
        raise ArgumentError(f"ink는 0과 1 사이 값의 2차원 배열이어야 합니다 (받은 모양: {ink.shape})")
    return ink


def _round(x: float) -> int:
    """반올림(.5는 올림). 자바스크립트의 Math.floor(x + 0.5)와 같습니다."""
    return int(math.floor(x + 0.5))


def _place(box: np.ndarray) -> np.ndarray:
    """상자를 무게 중심이 28×28의 가운데(13.5, 13.5)에 오도록 놓습니다. 틀을 벗어나지는 않습니다."""
    total = box.sum()
    ys, xs = np.arange(box.shape[0]), np.arange(box.shape[1])
    cy = (box.sum(axis=1) @ ys) / total if total else (box.shape[0] - 1) / 2
    cx = (box.sum(axis=0) @ xs) / total if total else (box.shape[1] - 1) / 2
    top = min(max(_round(13.5 - cy), 0), SIZE - box.shape[0])
    left = min(max(_round(13.5 - cx), 0), SIZE - box.shape[1])
    out = np.zeros((SIZE, SIZE))
    out[top : top + box.shape[0], left : left + box.shape[1]] = box
    return out


def resample(image, height: int, width: int) -> np.ndarray:
    """이미지를 height×width로 바꿉니다: 새 픽셀마다 그 픽셀이 덮는 옛 픽셀들의 넓이 가중 평균입니다."""
    image = np.asarray(image, dtype=float)
    return _area_weights(image.shape[0], height) @ image @ _area_weights(image.shape[1], width).T


def _area_weights(n: int, m: int) -> np.ndarray:
    """길이 n을 m칸으로 나눌 때, 새 칸 r이 옛 칸 i와 겹치는 길이를 새 칸의 길이로 나눈 값의 행렬(m×n)입니다."""
    step = n / m
    weights = np.zeros((m, n))
    for r in range(m):
        start, end = r * step, (r + 1) * step
        for i in range(int(math.floor(start)), min(n, int(math.ceil(end)))):
            weights[r, i] = (min(end, i + 1) - max(start, i)) / step
    return weights


def export_weights(models: dict, path) -> int:
    """이름 → Keras 모델을 브라우저가 읽는 자바스크립트 파일 하나로 씁니다 (float16). 쓴 바이트 수를 돌려줍니다.

    파일은 `window.MNIST_PAD_MODELS = [...]` 한 줄이라, 인터넷이 없어도(file://) <script>로 읽힙니다.
    """
    from .model import dense_layers

    spec = [{"name": str(n), "layers": [_layer_spec(layer) for layer in dense_layers(m)]} for n, m in models.items()]
    text = f"window.{JS_NAME} = {json.dumps(spec, ensure_ascii=False)};\n"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # 반쯤 쓴 파일이 남지 않도록
    return len(text.encode("utf-8"))


def _layer_spec(layer) -> dict:
    """Dense 층 하나: 활성화 이름과 float16 가중치·편향(base64)입니다."""
    activation = getattr(layer.activation, "__name__", str(layer.activation))
    if activation not in ACTIVATIONS:
        known = ", ".join(ACTIVATIONS)
        raise ArgumentError(f"손글씨 패드가 모르는 활성화 함수 {activation!r}입니다. 가능한 값: {known}")
    kernel, bias = layer.get_weights()
    return {"activation": activation, "shape": list(kernel.shape), "kernel": _b64(kernel), "bias": _b64(bias)}


def _b64(array) -> str:
    """배열을 리틀 엔디언 float16 바이트의 base64 글자로 바꿉니다."""
    return base64.b64encode(np.asarray(array, dtype="<f2").tobytes()).decode("ascii")


def read_weights(path) -> list[dict]:
    """export_weights가 쓴 파일을 읽어 [{name, layers: [{activation, kernel, bias}]}]로 돌려줍니다."""
    text = Path(path).read_text(encoding="utf-8").strip()
    prefix = f"window.{JS_NAME} = "
    if not text.startswith(prefix) or not text.endswith(";"):
        raise ArgumentError(f"{path}는 export_weights가 쓴 파일이 아닙니다")
    models = json.loads(text[len(prefix) : -1])
    for m in models:
        for layer in m["layers"]:
            layer["kernel"] = _unb64(layer["kernel"]).reshape(layer["shape"])
            layer["bias"] = _unb64(layer["bias"])
    return models


def _unb64(text: str) -> np.ndarray:
    """base64 float16 글자를 float64 배열로 되돌립니다."""
    return np.frombuffer(base64.b64decode(text), dtype="<f2").astype(float)


def forward(model: dict, images) -> np.ndarray:
    """read_weights의 모델 하나로 이미지들(n×784, 0~1)의 숫자별 확률을 구합니다 (Keras 모델의 predict와 같은 계산)."""
    h = np.asarray(images, dtype=float).reshape(-1, model["layers"][0]["kernel"].shape[0])
    layers = model["layers"]
    for k, layer in enumerate(layers):
        h = h @ layer["kernel"] + layer["bias"]
        last = k == len(layers) - 1
        h = _softmax(h) if last or layer["activation"] == "softmax" else _activate(h, layer["activation"])
    return h


def _activate(z, name):
    """은닉층의 ReLU 또는 선형 활성화입니다."""
    return np.maximum(z, 0.0) if name == "relu" else z


def _softmax(z):
    """행마다의 softmax (가장 큰 값을 빼서 넘치지 않게)."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
