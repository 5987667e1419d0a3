"""코드로 이해하는 딥러닝: MNIST와 Adam — 책의 장들이 함께 쓰는 패키지입니다 (소개)."""

from . import legacy, optimizers, plots
from .data import DatasetError, MnistData, load_fashion_mnist, load_mnist, one_hot
from .model import build_model, hidden_outputs
from .train import (
    DivergenceWarning,
    History,
    confusion_counts,
    evaluate,
    gradient_norms,
    predict,
    set_seed,
    train,
)

__version__ = "1.0.0"
__all__ = [
    "DatasetError",
    "DivergenceWarning",
    "History",
    "MnistData",
    "build_model",
    "confusion_counts",
    "evaluate",
    "gradient_norms",
    "hidden_outputs",
    "legacy",
    "load_fashion_mnist",
    "load_mnist",
    "one_hot",
    "optimizers",
    "plots",
    "predict",
    "set_seed",
    "train",
]
