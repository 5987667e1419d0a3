"""코드로 이해하는 딥러닝: MNIST와 Adam — 책의 장들이 함께 쓰는 패키지입니다.

가볍게 불러옵니다: TensorFlow와 pyplot은 그것이 필요한 함수를 처음 쓸 때 불러옵니다.
"""

from __future__ import annotations

import importlib

__version__ = "1.0.0"

# 공개 이름 → 그 이름이 있는 모듈 (모듈 자체는 None)
_WHERE = {
    "DatasetError": "data",
    "MnistData": "data",
    "load_fashion_mnist": "data",
    "load_mnist": "data",
    "one_hot": "data",
    "build_model": "model",
    "DivergenceWarning": "training",
    "History": "training",
    "set_seed": "training",
    "train": "training",
    "calibration": "inference",
    "confusion_counts": "inference",
    "evaluate": "inference",
    "fit_temperature": "inference",
    "predict": "inference",
    "score": "inference",
    "gradient_norms": "probes",
    "hidden_outputs": "probes",
    "tape_gradients": "probes",
    "update_ratios": "probes",
    "winner_lookup": "probes",
    "exercises": None,
    "handwriting": None,
    "legacy": None,
    "optimizers": None,
    "plots": None,
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    """공개 이름을 처음 쓸 때 그 모듈을 불러옵니다 (PEP 562)."""
    if name not in _WHERE:
        raise AttributeError(f"module 'mnist_dnn' has no attribute {name!r}")
    module = importlib.import_module(f".{_WHERE[name] or name}", __name__)
    value = module if _WHERE[name] is None else getattr(module, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
