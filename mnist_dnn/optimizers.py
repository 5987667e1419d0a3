"""옵티마이저(optimizer) 다섯 가지를 NumPy로 직접 구현합니다.

NumPy 구현의 기본값은 Keras 3과 같아서, 같은 기울기를 받으면 Keras의 짝과 같은 걸음을 내딛습니다.
Adam은 Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015 (arXiv:1412.6980)를 따릅니다.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SGD", "AdaGrad", "Adam", "Momentum", "Optimizer", "RMSProp", "convergence_rate", "trajectory"]


class Optimizer:
    """매개변수 목록을 그 자리에서(in-place) 갱신하는 옵티마이저의 뼈대입니다 (4장 4.1절)."""

    def __init__(self, learning_rate: float):
        self.learning_rate = learning_rate
        self.state: list[dict] | None = None
        self.t = 0

    def update(self, params, grads) -> None:
        """params의 각 배열을 grads로 한 걸음 갱신합니다."""
        if self.state is None:
            self.state = [self.init_state(p) for p in params]
        self.t += 1
        for p, g, s in zip(params, grads, self.state):
            self.step(p, np.asarray(g, dtype=p.dtype), s)

    def init_state(self, p) -> dict:
        """매개변수 하나에 딸린 상태(속도, 누적값 등)를 처음 만듭니다."""
        return {}

    def step(self, p, g, s) -> None:
        """매개변수 하나를 갱신합니다. 하위 클래스가 구현합니다."""
        raise NotImplementedError


class SGD(Optimizer):
    """확률적 경사 하강법: w ← w − η·g (4장 4.1절)."""

    def step(self, p, g, s):
        p -= self.learning_rate * g


class Momentum(Optimizer):
    """모멘텀: v ← αv − η·g, w ← w + v. Keras의 SGD(momentum=α)와 같습니다 (4장 4.2절)."""

    def __init__(self, learning_rate: float, momentum: float = 0.9):
        super().__init__(learning_rate)
        self.momentum = momentum

    def init_state(self, p):
        return {"v": np.zeros_like(p)}

    def step(self, p, g, s):
        s["v"] = self.momentum * s["v"] - self.learning_rate * g
        p += s["v"]


class AdaGrad(Optimizer):
    """AdaGrad: h ← h + g², w ← w − η·g/√(h + ε). Keras처럼 h는 0.1에서 시작합니다 (4장 4.4절)."""

    def __init__(self, learning_rate: float, initial_accumulator_value: float = 0.1, epsilon: float = 1e-7):
        super().__init__(learning_rate)
        self.initial, self.epsilon = initial_accumulator_value, epsilon

    def init_state(self, p):
        return {"h": np.full_like(p, self.initial)}

    def step(self, p, g, s):
        s["h"] += g * g
        p -= self.learning_rate * g / np.sqrt(s["h"] + self.epsilon)


class RMSProp(Optimizer):
    """RMSProp: v ← ρv + (1−ρ)g², w ← w − η·g/√(v + ε) (4장 4.5절)."""

    def __init__(self, learning_rate: float, rho: float = 0.9, epsilon: float = 1e-7):
        super().__init__(learning_rate)
        self.rho, self.epsilon = rho, epsilon

    def init_state(self, p):
        return {"v": np.zeros_like(p)}

    def step(self, p, g, s):
        s["v"] = self.rho * s["v"] + (1 - self.rho) * g * g  # v ← ρv + (1−ρ)g²
        p -= self.learning_rate * g / np.sqrt(s["v"] + self.epsilon)  # w ← w − η·g/√(v + ε)


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015): 모멘텀의 m과 RMSProp의 v에 편향 보정을 더합니다 (4장 4.6절).

    Parameters
    ----------
    learning_rate, beta_1, beta_2 : 논문의 α, β₁, β₂. 기본값은 Keras 3과 같습니다.
    epsilon : 나눗셈을 지키는 작은 수. 기본(paper=False)은 Keras처럼 논문 2절 끝의 ε̂ 자리에 둡니다:
        w ← w − α_t·m/(√v + ε̂), α_t = η·√(1−β₂ᵗ)/(1−β₁ᵗ). paper=True면 알고리즘 1 그대로
        w ← w − η·m̂/(√v̂ + ε)입니다. 둘은 ε의 자리만 다릅니다.
    bias_correction : False면 m̂, v̂ 보정 없이 m, v를 그대로 씁니다 (4장 4.8절의 비교용).
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, bias_correction=True, paper=False):
        super().__init__(learning_rate)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
        self.bias_correction, self.paper = bias_correction, paper

    def init_state(self, p):
        return {"m": np.zeros_like(p), "v": np.zeros_like(p)}

    def step(self, p, g, s):
        s["m"] = self.beta_1 * s["m"] + (1 - self.beta_1) * g  # m ← β₁m + (1−β₁)g
        s["v"] = self.beta_2 * s["v"] + (1 - self.beta_2) * g * g  # v ← β₂v + (1−β₂)g²
        c1, c2 = (1 - self.beta_1**self.t, 1 - self.beta_2**self.t) if self.bias_correction else (1.0, 1.0)
        if self.paper:  # w ← w − η·m̂/(√v̂ + ε), m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
            p -= self.learning_rate * (s["m"] / c1) / (np.sqrt(s["v"] / c2) + self.epsilon)
        else:  # 같은 식을 ε만 보정 밖에 두고 씁니다 (Keras): w ← w − η·√(1−β₂ᵗ)/(1−β₁ᵗ)·m/(√v + ε)
            p -= self.learning_rate * np.sqrt(c2) / c1 * s["m"] / (np.sqrt(s["v"]) + self.epsilon)


def trajectory(optimizer: Optimizer, grad, start, steps: int) -> np.ndarray:
    """2차원 함수 위에서 옵티마이저가 지나간 점들을 (steps+1, 2) 배열로 기록합니다 (4장 4.1절)."""
    point = np.array(start, dtype=float)
    path = [point.copy()]
    for _ in range(steps):
        optimizer.update([point], [np.asarray(grad(*point), dtype=float)])
        path.append(point.copy())
    return np.array(path)


def convergence_rate(learning_rate: float, curvature: float, momentum: float = 0.0) -> float:
    """곡률 λ인 방향에서 한 걸음이 최솟값까지의 거리를 몇 배로 만드는지 계산합니다 (4장 4.3절).

    모멘텀의 한 걸음은 (w_t, w_t−1)에 2×2 행렬을 곱하는 것과 같고, 그 고윳값의 가장 큰 절댓값이 답입니다.
    momentum이 0이면 SGD의 |1 − ηλ|입니다.
    """
    step = np.array([[1 + momentum - learning_rate * curvature, -momentum], [1.0, 0.0]])
    return float(np.abs(np.linalg.eigvals(step)).max())
