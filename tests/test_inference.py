"""mnist_dnn.inference: 예측, 정확도, 비용, 혼동 행렬."""

import numpy as np
import pytest

from mnist_dnn import build_model, calibration, confusion_counts, evaluate, predict, train
from mnist_dnn._checks import ArgumentError
from mnist_dnn.inference import CHUNK, score


@pytest.fixture(scope="module")
def trained(small):
    model = build_model(activation="relu", initializer="glorot", seed=1)
    train(model, small, epochs=2, verbose=False)
    return model


def test_predict_and_evaluate(trained, small):
    labels, probs = predict(trained, small.x_test[:7])
    assert labels.shape == (7,) and probs.shape == (7, 10)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    assert (labels == probs.argmax(axis=1)).all()
    single, _ = predict(trained, small.x_test[0].reshape(28, 28))
    assert single.shape == (1,)
    accuracy = evaluate(trained, small.x_test, small.y_test)
    assert 0.85 < accuracy <= 1.0
    logits = trained(small.x_test, training=False).numpy()  # predict를 거치지 않은 답
    assert accuracy == pytest.approx(np.mean(logits.argmax(axis=1) == small.y_test))


def test_confusion_matrix_of_a_model_counts_every_image_and_its_diagonal_the_right_ones(trained, small):
    """5장 5.3절의 혼동 행렬: 합은 이미지 수, 대각합은 맞힌 수입니다."""
    labels, _ = predict(trained, small.x_test)
    matrix = confusion_counts(small.y_test, labels, num_classes=10)
    assert matrix.sum() == len(small.y_test)
    assert np.trace(matrix) == round(evaluate(trained, small.x_test, small.y_test) * len(small.y_test))


@pytest.mark.parametrize(
    "images, words",
    [
        ("transposed", "축이 뒤바뀐 듯합니다"),
        ("pixels_0_255", "255로 나눠"),
        ("wrong_width", "모양이 모인 배치"),
    ],
)
def test_predict_names_the_fix_for_bad_images(trained, small, images, words):
    bad = {
        "transposed": small.x_test[:5].T,
        "pixels_0_255": small.x_test[:5] * 255,
        "wrong_width": small.x_test[:5, :700],
    }[images]
    with pytest.raises(ArgumentError, match=words):
        predict(trained, bad)
    assert predict(trained, small.x_test[:2].reshape(2, 28, 28))[0].shape == (2,)  # (28, 28) 이미지는 받습니다


@pytest.mark.parametrize(
    "y_true, y_pred, words",
    [([-1, 0], [0, 0], "0 이상"), ([0.5, 1], [0, 1], "정수 레이블"), ([0, 3], [0, 1], "0 이상 3 미만")],
)
def test_confusion_counts_refuses_labels_outside_the_classes(y_true, y_pred, words):
    num_classes = 3 if words == "0 이상 3 미만" else None
    with pytest.raises(ArgumentError, match=words):
        confusion_counts(y_true, y_pred, num_classes=num_classes)


def test_predict_across_the_chunk_boundary(trained, mnist):
    images = mnist.x_train[: CHUNK + 3]
    labels, probs = predict(trained, images)
    assert labels.shape == (CHUNK + 3,)
    tail_labels, tail_probs = predict(trained, images[CHUNK - 2 :])
    np.testing.assert_array_equal(labels[CHUNK - 2 :], tail_labels)
    np.testing.assert_allclose(probs[CHUNK - 2 :], tail_probs, rtol=1e-5, atol=1e-6)


def test_predict_nothing(trained):
    labels, probs = predict(trained, np.zeros((0, 784), np.float32))
    assert labels.shape == (0,) and probs.shape == (0, 10)


def test_score_matches_evaluate_and_chance_cost(trained, small):
    accuracy, cost = score(trained, small.x_val, small.y_val)
    assert accuracy == evaluate(trained, small.x_val, small.y_val)
    assert 0 < cost < np.log(10)  # 학습한 모델은 찍기(ln 10)보다 비용이 낮습니다


def test_confusion_counts():
    matrix = confusion_counts([0, 1, 1, 2, 9], [0, 1, 2, 2, 3])
    assert matrix.shape == (10, 10) and matrix.sum() == 5
    assert matrix[0, 0] == 1 and matrix[1, 1] == 1 and matrix[1, 2] == 1 and matrix[2, 2] == 1 and matrix[9, 3] == 1
    assert np.trace(matrix) == 3
    assert confusion_counts([0, 2], [1, 1], num_classes=3).tolist() == [[0, 1, 0], [0, 0, 0], [0, 1, 0]]


def test_confusion_counts_length_mismatch():
    with pytest.raises(ValueError, match="y_pred"):
        confusion_counts([0, 1], [0])


def test_other_input_and_class_counts_come_from_the_model():
    """784 픽셀과 10 클래스를 박아 두지 않습니다: 모델의 입력·출력 크기를 읽습니다."""
    from mnist_dnn._tf import keras

    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3)])
    labels, probs = predict(model, np.ones((4, 6), np.float32))
    assert labels.shape == (4,) and probs.shape == (4, 3)
    assert predict(model, np.zeros((0, 6), np.float32))[1].shape == (0, 3)


def test_calibration_bins_confidence_and_weights_the_gap_by_count():
    # 확신도 0.95인 10장 가운데 9장, 0.55인 4장 가운데 1장을 맞힙니다
    probs = np.array([[0.95, 0.05]] * 10 + [[0.55, 0.45]] * 4)
    labels = np.array([0] * 9 + [1] + [0] + [1] * 3)
    conf, acc, count, ece = calibration(probs, labels, bins=10)
    assert count[9] == 10 and count[5] == 4 and count.sum() == 14
    assert conf[9] == pytest.approx(0.95) and acc[9] == pytest.approx(0.9)
    assert conf[5] == pytest.approx(0.55) and acc[5] == pytest.approx(0.25)
    assert np.isnan(conf[0]) and np.isnan(acc[0])  # 빈 구간
    assert ece == pytest.approx((10 * 0.05 + 4 * 0.30) / 14)


def test_calibration_of_a_perfectly_calibrated_model_is_zero():
    probs = np.array([[1.0, 0.0]] * 5)
    assert calibration(probs, np.zeros(5, int))[3] == 0.0  # 확신도 1.0은 마지막 구간에 들어갑니다


@pytest.mark.parametrize(
    "probs, labels", [(np.ones(3), [0, 1, 0]), (np.ones((3, 2)) / 2, [0, 1]), (np.ones((0, 2)), [])]
)
def test_calibration_refuses_bad_shapes(probs, labels):
    with pytest.raises(ArgumentError, match="probs"):
        calibration(probs, labels)


def test_temperature_spreads_or_sharpens_probabilities_without_changing_labels(small):
    from mnist_dnn import build_model, predict

    model = build_model(seed=1)
    labels, probs = predict(model, small.x_test[:300])
    hot_labels, hot = predict(model, small.x_test[:300], temperature=3.0)
    cold_labels, cold = predict(model, small.x_test[:300], temperature=0.5)
    assert np.array_equal(labels, hot_labels) and np.array_equal(labels, cold_labels)
    assert hot.max(axis=1).mean() < probs.max(axis=1).mean() < cold.max(axis=1).mean()
    with pytest.raises(ValueError, match="temperature"):
        predict(model, small.x_test[:3], temperature=0)


def test_fitted_temperature_minimises_the_validation_cost(trained, small):
    from mnist_dnn import fit_temperature
    from mnist_dnn.inference import _logits, _nll

    model = trained
    t = fit_temperature(model, small.x_val, small.y_val)
    z = _logits(model, small.x_val).numpy().astype(float)
    best = _nll(z / t, small.y_val)
    assert type(t) is float and 0.05 < t < 20  # 보통 float: glue가 그대로 글자로 씁니다
    assert all(best <= _nll(z / (t * f), small.y_val) + 1e-9 for f in (0.9, 0.99, 1.01, 1.1))


def test_fit_temperature_refuses_empty_or_mismatched_data(small):
    from mnist_dnn import build_model, fit_temperature

    with pytest.raises(ValueError, match="x와 y"):
        fit_temperature(build_model(seed=1), small.x_val[:10], small.y_val[:5])
