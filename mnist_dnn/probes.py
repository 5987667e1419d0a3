"""신경망 속을 들여다보는 도구: 은닉층 출력과 층마다의 기울기 크기."""

from __future__ import annotations

import numpy as np

from ._checks import ArgumentError
from ._tf import tf
from .model import cross_entropy, dense_layers

__all__ = ["gradient_norms", "hidden_outputs", "tape_gradients", "update_ratios", "winner_lookup"]


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


def tape_gradients(model, x, y) -> dict:
    """층마다 가중치 기울기를 학습 때처럼 tf.GradientTape로 구해 NumPy 배열로 돌려줍니다 (2장 2.6절)."""
    dense = dense_layers(model)
    with tf.GradientTape() as tape:
        cost = cross_entropy(model(np.asarray(x, dtype=np.float32), training=False), np.asarray(y))
    grads = tape.gradient(cost, [layer.kernel for layer in dense])
    return {layer.name: g.numpy() for layer, g in zip(dense, grads)}


def gradient_norms(model, x, y) -> dict:
    """층마다 가중치 기울기의 크기(L2 노름)를 잽니다 (6장 6.1절)."""
    return {name: float(np.linalg.norm(g)) for name, g in tape_gradients(model, x, y).items()}


def winner_lookup(model, x_fit, y_fit, x_eval, y_eval) -> tuple[int, float]:
    """첫 은닉층에서 가장 큰 출력을 낸 뉴런 번호만 보고 답하는 표를 만들어 잽니다 (6장 6.1절).

    Parameters
    ----------
    model : build_model이 만든 Keras 모델.
    x_fit, y_fit : 표를 만들 이미지와 레이블. 뉴런마다 그 뉴런이 이긴 이미지들의 최빈 레이블을 적습니다.
    x_eval, y_eval : 표의 정확도를 잴 이미지와 레이블.

    Returns
    -------
    (x_eval에서 한 번이라도 이긴 뉴런 수, 표의 정확도)
    """
    won_fit = hidden_outputs(model, x_fit)[0].argmax(axis=1)
    layers = dense_layers(model)
    votes = np.zeros((int(layers[0].units), int(layers[-1].units)), dtype=np.int64)  # 뉴런 × 클래스
    np.add.at(votes, (won_fit, np.asarray(y_fit)), 1)
    won = hidden_outputs(model, x_eval)[0].argmax(axis=1)
    return len(np.unique(won)), float(np.mean(votes.argmax(axis=1)[won] == np.asarray(y_eval)))


def update_ratios(model, history) -> dict:
    """층마다 한 걸음의 평균 크기 |Δw|를 학습률 η와 가중치 크기 |w|에 견줘 (|Δw|/η, |Δw|/|w|)로 돌려줍니다 (6장 6.4절).

    history는 train(..., record_updates=True)의 기록이어야 합니다. |w|는 학습을 마친 가중치의 평균 크기입니다.
    """
    if not history.update_size:
        raise ArgumentError("update_ratios()에는 train(..., record_updates=True)로 학습한 기록이 필요합니다")
    out = {}
    for layer in dense_layers(model):
        step = np.asarray(history.update_size[layer.name])
        weight = float(np.mean(np.abs(layer.kernel.numpy())))
        out[layer.name] = (
            float(np.mean(step / np.asarray(history.learning_rate[: len(step)]))),
            float(step.mean()) / weight,
        )
    return out
