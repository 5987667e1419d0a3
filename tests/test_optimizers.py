"""mnist_dnn.optimizers: NumPy 구현이 Keras 3의 짝과 같은 걸음을 내딛는지 (float64, 100걸음 이상)."""

import numpy as np
import pytest

from mnist_dnn._tf import keras
from mnist_dnn.optimizers import SGD, AdaGrad, Adam, Momentum, RMSProp, convergence_rate, trajectory

SHAPES = [(3,), (4, 5), (2, 3, 2)]
PAIRS = {
    "sgd": (lambda: SGD(0.01), lambda: keras.optimizers.SGD(0.01)),
    "momentum": (lambda: Momentum(0.01, 0.9), lambda: keras.optimizers.SGD(0.01, momentum=0.9)),
    "adagrad": (lambda: AdaGrad(0.1), lambda: keras.optimizers.Adagrad(0.1)),
    "rmsprop": (lambda: RMSProp(0.01), lambda: keras.optimizers.RMSprop(0.01)),
    "adam": (lambda: Adam(0.01), lambda: keras.optimizers.Adam(0.01)),
}


def gradient_sequence(steps=120, seed=0):
    """크기가 1e-3부터 10까지 퍼진 기울기 열을 만듭니다."""
    rng = np.random.default_rng(seed)
    return [[rng.choice([-1, 1], s) * 10.0 ** rng.uniform(-3, 1, s) for s in SHAPES] for _ in range(steps)]


def run_ours(optimizer, grads, start):
    params = [p.copy() for p in start]
    for g in grads:
        optimizer.update(params, g)
    return params


def run_keras(optimizer, grads, start):
    variables = [keras.Variable(p, dtype="float64") for p in start]
    for g in grads:
        optimizer.apply_gradients(zip([keras.ops.convert_to_tensor(x, "float64") for x in g], variables))
    return [np.asarray(v.numpy()) for v in variables]


def agree(ours, theirs):
    return all(np.all(np.abs(a - b) <= 1e-5 * (np.abs(b) + 1)) for a, b in zip(ours, theirs))


@pytest.fixture(scope="module")
def problem():
    rng = np.random.default_rng(1)
    return gradient_sequence(), [rng.normal(size=s) for s in SHAPES]


@pytest.mark.parametrize("name", PAIRS)
def test_matches_keras(name, problem):
    grads, start = problem
    ours, theirs = PAIRS[name]
    got, want = run_ours(ours(), grads, start), run_keras(theirs(), grads, start)
    assert agree(got, want)
    assert not agree(start, want)  # 실제로 움직였어야 합니다


def test_paper_form_adam_is_told_apart(problem):
    """논문 알고리즘 1 그대로의 Adam(ε의 자리가 다름)은 같은 검사에서 떨어져야 합니다."""
    grads, start = problem
    want = run_keras(keras.optimizers.Adam(0.01, epsilon=1e-3), grads, start)
    assert agree(run_ours(Adam(0.01, epsilon=1e-3), grads, start), want)
    assert not agree(run_ours(Adam(0.01, epsilon=1e-3, paper=True), grads, start), want)


def test_bias_correction_matters_at_the_start():
    g = [np.array([0.5])]
    corrected, raw = Adam(0.1), Adam(0.1, bias_correction=False)
    p, q = [np.zeros(1)], [np.zeros(1)]
    corrected.update(p, g)
    raw.update(q, g)
    assert p[0][0] == pytest.approx(-0.1, rel=1e-4)  # 첫 걸음이 학습률만큼
    # 보정이 없으면 첫 걸음이 (1−β₁)/√(1−β₂) = √10배로 커집니다
    assert q[0][0] == pytest.approx(-0.1 * np.sqrt(10), rel=1e-4)


def test_state_is_created_on_first_use_and_updates_in_place():
    opt, p = Momentum(0.1), np.ones(3)
    assert opt.state is None
    opt.update([p], [np.ones(3)])
    assert opt.state is not None and np.allclose(p, 0.9)


def test_trajectory_records_every_point():
    path = trajectory(SGD(0.5), lambda x, y: (2 * x, 2 * y), (4.0, -2.0), 3)
    assert path.shape == (4, 2)
    np.testing.assert_allclose(path[0], [4.0, -2.0])  # 출발점
    np.testing.assert_allclose(path[1:], 0.0)  # x² + y²에서 학습률 0.5는 한 걸음에 바닥으로 갑니다


def test_trajectory_does_not_touch_the_start():
    start = np.array([1.0, 1.0])
    trajectory(Momentum(0.1), lambda x, y: (1.0, 1.0), start, 5)
    np.testing.assert_array_equal(start, [1.0, 1.0])


def test_optimizers_module_is_numpy_only():
    import ast
    import inspect

    from mnist_dnn import optimizers

    tree = ast.parse(inspect.getsource(optimizers))
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    names = {a.name.split(".")[0] for n in imports for a in n.names}
    names |= {n.module for n in imports if isinstance(n, ast.ImportFrom) and n.module}
    assert names <= {"numpy", "__future__", "annotations"}, names


@pytest.mark.parametrize("momentum", [0.0, 0.4, 0.9])
def test_convergence_rate_predicts_the_distance_on_a_one_dimensional_bowl(momentum):
    """곡률 λ인 1차원 그릇 f = λw²/2: 걸음마다 거리가 convergence_rate배가 됩니다 (긴 걸음 뒤의 기하 평균)."""
    lr, curvature = 0.3, 2.0
    opt, w, path = (SGD(lr) if momentum == 0 else Momentum(lr, momentum=momentum)), np.array([1.0]), []
    for _ in range(400):
        opt.update([w], [curvature * w])
        path.append(abs(w[0]))
    measured = (path[-1] / path[-201]) ** (1 / 200)
    assert measured == pytest.approx(convergence_rate(lr, curvature, momentum), rel=2e-2)


def test_convergence_rate_of_sgd_is_one_minus_eta_lambda():
    assert convergence_rate(0.9, 2.0) == pytest.approx(0.8)
    assert convergence_rate(1.02, 2.0) == pytest.approx(1.04)  # 1보다 크면 발산합니다
