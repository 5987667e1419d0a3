"""신경망 속을 들여다보는 도구: 은닉층 출력과 층마다의 기울기 크기."""

from __future__ import annotations

import numpy as np

from ._tf import keras, tf
from .training import cross_entropy

__all__ = ["dense_layers", "gradient_norms", "hidden_outputs"]


def dense_layers(model) -> list:
    """모델의 Dense 층들을 앞에서부터 돌려줍니다."""
    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def hidden_outputs(model, images) -> list:
    """은닉층마다의 출력(활성값)을 NumPy 배열 목록으로 돌려줍니다 (6장 6.1절)."""
    x, hidden, outputs = tf.convert_to_tensor(np.asarray(images, np.float32)), dense_layers(model)[:-1], []
    for layer in model.layers:
        if not hidden:
            break
        x = layer(x, training=False)
        if layer is hidden[0]:
            outputs.append(x.numpy())
            hidden.pop(0)
    return outputs


def gradient_norms(model, x, y) -> dict:
    """층마다 가중치 기울기의 크기(L2 노름)를 잽니다 (6장 6.1절)."""
    dense = dense_layers(model)
    with tf.GradientTape() as tape:
        cost = cross_entropy(model(np.asarray(x, dtype=np.float32), training=False), np.asarray(y))
    grads = tape.gradient(cost, [layer.kernel for layer in dense])
    return {layer.name: float(tf.norm(g)) for layer, g in zip(dense, grads)}
