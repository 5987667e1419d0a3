"""mnist_dnn.handwriting: MNIST식 전처리(20×20 상자, 무게 중심), float16 가중치 내보내기, NumPy 순전파."""

import numpy as np
import pytest

from mnist_dnn import build_model, evaluate, predict, train
from mnist_dnn._checks import ArgumentError
from mnist_dnn.handwriting import export_weights, forward, preprocess, read_weights, resample


def blob(top, left, height, width, size=280):
    ink = np.zeros((size, size))
    ink[top : top + height, left : left + width] = 1.0
    return ink


def centre_of_mass(image):
    ys, xs = np.indices(image.shape)
    return (ys * image).sum() / image.sum(), (xs * image).sum() / image.sum()


def test_centring_fits_a_20_box_and_puts_the_centre_of_mass_in_the_middle():
    image = preprocess(blob(10, 20, 150, 60))  # 왼쪽 위에 치우친 세로 막대
    rows, cols = np.nonzero(image > 0.01)
    assert image.shape == (28, 28) and rows.max() - rows.min() + 1 == 20 and cols.max() - cols.min() + 1 <= 9
    cy, cx = centre_of_mass(image)
    assert abs(cy - 13.5) <= 0.5 and abs(cx - 13.5) <= 0.5


def test_without_centring_the_drawing_keeps_its_place():
    ink = blob(10, 20, 150, 60)
    image = preprocess(ink, center=False)
    assert np.allclose(image, ink.reshape(28, 10, 28, 10).mean(axis=(1, 3)))  # 10×10 칸마다의 평균
    assert centre_of_mass(image)[1] < 6


def test_area_resampling_keeps_the_mean_and_handles_fractional_steps():
    rng = np.random.default_rng(0)
    image = rng.random((37, 23))
    for shape in [(20, 13), (5, 3), (37, 23), (40, 50)]:
        assert resample(image, *shape).mean() == pytest.approx(image.mean())
    assert np.array_equal(resample(image, 37, 23), image)


def test_empty_drawing_gives_an_empty_image():
    assert not preprocess(np.zeros((280, 280))).any()


@pytest.mark.parametrize("bad", [np.zeros(10), np.full((5, 5), 2.0), np.full((5, 5), np.nan), np.zeros((0, 4))])
def test_bad_ink_is_refused_by_name(bad):
    with pytest.raises(ArgumentError, match="ink"):
        preprocess(bad)


def test_exported_weights_reproduce_the_keras_model(tmp_path, small):
    models = {"원본": build_model(seed=1), "6장": build_model((512, 512), "relu", "he", seed=1, dropout=0.4)}
    size = export_weights(models, tmp_path / "w.js")
    assert size <= 3 * 2**20  # 두 모델을 합쳐 3 MB 이하
    loaded = read_weights(tmp_path / "w.js")
    assert [m["name"] for m in loaded] == ["원본", "6장"]
    assert [layer["activation"] for layer in loaded[0]["layers"]] == ["softmax", "softmax", "linear"]
    for spec, model in zip(loaded, models.values()):
        _, keras_probs = predict(model, small.x_test[:200])
        assert np.abs(forward(spec, small.x_test[:200]) - keras_probs).max() < 2e-2  # float16 가중치의 반올림


def test_exported_weights_keep_a_trained_models_accuracy(tmp_path, small):
    model = build_model((64,), "relu", "he", seed=1)
    train(model, small, epochs=1, verbose=False)
    export_weights({"작은 모델": model}, tmp_path / "w.js")
    (spec,) = read_weights(tmp_path / "w.js")
    numpy_acc = (forward(spec, small.x_test).argmax(axis=1) == small.y_test).mean()
    assert abs(numpy_acc - evaluate(model, small.x_test, small.y_test)) <= 0.002


def test_reading_a_foreign_file_is_refused(tmp_path):
    (tmp_path / "x.js").write_text("var x = 1;")
    with pytest.raises(ArgumentError, match="export_weights"):
        read_weights(tmp_path / "x.js")
