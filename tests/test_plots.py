"""mnist_dnn.plots: 그림마다 Figure 하나를 돌려주고, 한글이 번들 글꼴로 경고 없이 그려지는지."""

import io
import math
import warnings

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from mnist_dnn import DivergenceWarning, History, MnistData, build_model, plots, train

RNG = np.random.default_rng(0)
HISTORY = History(
    cost=[2.3, 1.0, 0.5],
    val_accuracy=[0.5, 0.8, 0.85],
    seconds=[1.0, 1.0, 1.0],
    train_accuracy=[0.5, 0.9, 0.99],
    val_cost=[2.0, 0.5, 0.7],
    grad_size={"hidden1": [1e-5], "logits": [2e-4]},
    update_size={"hidden1": [5e-5], "logits": [6e-4]},
)
FIGURES = {
    "show_digits": lambda: plots.show_digits(RNG.random((12, 784)), np.arange(12) % 10, ncols=6),
    "show_digits_pred": lambda: plots.show_digits(RNG.random((3, 784)), [1, 2, 3], [1, 7, 3]),
    "label_counts": lambda: plots.label_counts(np.arange(100) % 10),
    "cost_curves_log": lambda: plots.cost_curves(
        {"학습률 1": [2.3, 0.2, 0.003], "학습률 0.1": [1, 0.5, 1e-4]}, log=True
    ),
    "cost_and_accuracy": lambda: plots.cost_and_accuracy(HISTORY),
    "batch_size_effect": lambda: plots.batch_size_effect([50, 100], [2.0, 1.0], [0.9, 0.85]),
    "probabilities": lambda: plots.probabilities(RNG.random(784), 3, np.full(10, 0.1), 3),
    "per_class_spread": lambda: plots.per_class_spread({"원본": RNG.random((3, 10)), "6장": RNG.random((3, 10))}),
    "confusion_matrices": lambda: plots.confusion_matrices({"가": RNG.integers(0, 50, (10, 10)), "나": np.eye(10)}),
    "confident_mistakes": lambda: plots.confident_mistakes(
        RNG.random((6, 784)), [1, 2, 3, 4, 5, 6], [1, 7, 3, 9, 5, 0], np.eye(10)[[1, 7, 3, 9, 5, 0]] * 0.9, n=3
    ),
    "reliability": lambda: plots.reliability(
        {"가": (np.array([0.15, np.nan, 0.95]), np.array([0.1, np.nan, 0.9]), np.array([5, 0, 95]), 0.05)}
    ),
    "activation_histograms": lambda: plots.activation_histograms({"softmax": RNG.random(500) * 1e-3}),
    "seed_spread": lambda: plots.seed_spread({"원본": {1: 0.84, 2: 0.91, 3: 0.87}}, reference={"원본 글": 0.8405}),
    "train_vs_val": lambda: plots.train_vs_val({"가": HISTORY, "나": HISTORY}),
    "lr_sweep": lambda: plots.lr_sweep({"SGD": {1e-3: 0.1, 1.0: 0.5}, "Adam": {1e-3: 0.6, 1.0: 0.2}}),
    "layer_steps": lambda: plots.layer_steps({"SGD": HISTORY, "Adam": HISTORY}),
    "step_ratios": lambda: plots.step_ratios(
        {
            "원본": {"hidden1": (0.02, 3e-5), "logits": (0.1, 2e-4)},
            "He": {"hidden1": (0.07, 1e-3), "logits": (0.1, 1e-3)},
        }
    ),
    "contour_paths": lambda: plots.contour_paths(lambda x, y: x**2 / 20 + y**2, {"SGD": [[-7, 2], [-3, -1], [0, 0]]}),
}


def render(fig):
    fig.savefig(io.BytesIO(), format="png")
    return fig


@pytest.mark.parametrize("name", FIGURES)
def test_figure_renders_without_glyph_warnings(name, caplog):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing" 경고가 나면 실패합니다
        fig = render(FIGURES[name]())
    assert isinstance(fig, Figure) and fig.axes
    assert not [r for r in caplog.records if "glyph" in r.getMessage().lower()]


def test_the_glyph_check_can_fail(caplog):
    """검사가 진짜로 잡는지: 기본 로그 눈금(수식 글꼴의 U+2212)은 나눔고딕에 없어 경고를 냅니다."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [1, 0.01, 0.001])
    ax.set_yscale("log")
    render(fig)
    plt.close(fig)
    assert [r for r in caplog.records if "glyph" in r.getMessage().lower()]


def test_korean_font_is_bundled_and_minus_is_ascii():
    assert matplotlib.rcParams["font.family"][0] == plots.FONT
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    from matplotlib import font_manager

    assert "NanumGothic" in font_manager.findfont(plots.FONT)


def test_missing_korean_font_package_says_what_to_install(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    hide = lambda name, *args: None if name == "koreanize_matplotlib" else real(name, *args)
    monkeypatch.setattr(importlib.util, "find_spec", hide)
    with pytest.raises(ModuleNotFoundError, match="pip install koreanize-matplotlib"):
        plots.use_korean_font()


def test_interactive_paths_precomputes_every_learning_rate_offline():
    from mnist_dnn.optimizers import SGD, Adam

    bowl, grad = (lambda x, y: x**2 / 20 + y**2), (lambda x, y: (x / 10, 2 * y))
    makers = {"SGD": lambda lr: SGD(lr), "Adam": lambda lr: Adam(lr)}
    html = plots.interactive_paths(bowl, grad, (-7.0, 2.0), makers, rates=[0.1, 1.02, 5.0], steps=40).data
    assert 'id="interactive-paths"' in html and html.count('"method":"restyle"') == 3
    assert f'role="img" aria-label="{plots.PATHS_LABEL}"' in html  # 화면 읽기 프로그램이 읽는 설명
    assert "cdn.plot.ly" not in html and "<script src" not in html  # plotly.js는 책이 자기 _static에서 불러옵니다
    assert "NaN" not in html and "Infinity" not in html  # 튕겨 나간 SGD(5.0)도 그림 가장자리 밖에서 잘립니다
    assert '"displayModeBar": false' in html and "NanumGothic" in html  # 도구 막대 없이, 책과 같은 한글 글꼴로
    assert html.index(plots.PATH_COLOURS[0]) < html.index(plots.PATH_COLOURS[1])  # 정적 그림과 같은 색 순서


def test_interactive_rates_precompute_every_momentum_offline():
    html = plots.interactive_rates((0.1, 2.0), momenta=[0.0, 0.4, 0.9]).data
    assert 'id="interactive-rates"' in html and html.count('"method":"restyle"') == 3
    assert f'role="img" aria-label="{plots.RATES_LABEL}"' in html
    assert "cdn.plot.ly" not in html and "<script src" not in html
    assert "NaN" not in html and "Infinity" not in html


def test_history_figures_draw_a_run_that_diverged(small):
    """발산한 학습의 기록(비용이 정확도보다 한 에폭 긴, train()이 실제로 돌려주는 모양)도 그립니다."""
    model = build_model(activation="relu", initializer="he", seed=1)
    with pytest.warns(DivergenceWarning):
        history = train(model, small, optimizer="sgd", learning_rate=1e4, epochs=5, verbose=False)
    assert history.diverged and len(history.cost) == len(history.val_accuracy) + 1
    fig = render(plots.cost_and_accuracy(history))
    assert len(fig.axes[0].lines[0].get_xdata()) == len(history.cost)
    render(plots.train_vs_val({"발산": history}))


def test_history_figures_draw_a_run_without_validation(small):
    """검증 데이터가 없는 학습(검증 값이 모두 NaN)은 최고 에폭 선 없이 그립니다."""
    no_val = MnistData(small.x_train, small.y_train, small.x_val[:0], small.y_val[:0], small.x_test, small.y_test)
    history = train(build_model((32,), "relu", "he", seed=1), no_val, epochs=2, verbose=False)
    assert all(math.isnan(v) for v in history.val_accuracy)
    assert render(plots.cost_and_accuracy(history)).axes[0].get_legend() is None
    assert "점선" not in render(plots.train_vs_val({"검증 없음": history})).axes[0].get_title()


def test_best_epoch_line_skips_nan_validation(small):
    """검증 정확도의 최고 에폭은 실제 학습 기록에서 NaN이 아닌 값으로 고릅니다."""
    history = train(build_model((32,), "relu", "he", seed=1), small, epochs=3, verbose=False)
    history.val_accuracy[0] = float("nan")
    fig = render(plots.cost_and_accuracy(history))
    best = 2 + int(np.argmax(history.val_accuracy[1:]))
    labels = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    assert labels == ["학습 비용", "검증 비용", f"검증 정확도 최고: 에폭 {best}"], labels


def test_equal_axes_draw_a_turned_bowl_at_its_true_angle():
    fig = render(
        plots.contour_paths(lambda x, y: x**2 + y**2, {"SGD": [[-1, 1], [0, 0]]}, (-8, 8), (-8, 8), equal_axes=True)
    )
    ax = fig.axes[0]
    width, height = ax.get_window_extent().width, ax.get_window_extent().height
    assert ax.get_aspect() == 1.0 and abs(width - height) < 2


def test_epoch_axes_have_whole_number_ticks():
    """에폭 축의 눈금은 1, 2, 3처럼 정수입니다 (1.25 에폭 같은 눈금은 없습니다)."""
    for fig in (plots.cost_curves({"가": [2.3, 1.0, 0.5]}), plots.cost_and_accuracy(HISTORY)):
        ticks = render(fig).axes[0].get_xticks()
        assert np.allclose(ticks, np.round(ticks)), ticks


def test_histograms_are_outlines_so_neither_hides_the_other():
    fig = render(plots.activation_histograms({"가": RNG.random(100), "나": RNG.random(100)}))
    patches = fig.axes[0].patches
    assert len(patches) == 2 and not any(p.get_fill() for p in patches)


def test_confident_mistakes_wrap_after_five_images():
    probs = np.full((12, 10), 0.01)
    probs[:, 0] = 0.9
    fig = render(plots.confident_mistakes(RNG.random((12, 784)), np.arange(12) % 9 + 1, np.zeros(12, int), probs))
    assert len(fig.axes) == 10 and fig.axes[0].get_position().height > fig.axes[5].get_position().height * 0.9
    rows = sorted({round(ax.get_position().y0, 3) for ax in fig.axes})
    assert len(rows) == 2, rows


def test_per_class_legend_sits_below_the_bars():
    fig = render(plots.per_class_spread({"원본": np.full((3, 10), 0.9), "6장": np.full((3, 10), 0.99)}))
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    ax, renderer = fig.axes[0], FigureCanvasAgg(fig).get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y1 < ax.get_window_extent(renderer).y0  # 축 아래: 0과 1의 막대를 가리지 않습니다


@pytest.mark.parametrize("classes", [3, 12])
def test_class_figures_follow_the_data(classes):
    """클래스 수는 10으로 박혀 있지 않고 받은 값에서 읽습니다."""
    probs = np.full(classes, 1 / classes)
    assert len(render(plots.probabilities(RNG.random(784), 1, probs, 1)).axes[1].patches) == classes
    assert len(render(plots.per_class_spread({"가": np.linspace(0.5, 1, classes)})).axes[0].patches) == classes
    assert len(render(plots.label_counts(np.arange(classes))).axes[0].patches) == classes


def test_confident_mistakes_pick_the_most_confident_wrong_answers():
    probs = np.full((5, 10), 0.01)
    probs[np.arange(5), [1, 7, 3, 9, 5]] = [0.5, 0.95, 0.99, 0.6, 0.8]  # 0, 2, 4번은 맞힘
    fig = render(plots.confident_mistakes(RNG.random((5, 784)), [1, 2, 3, 4, 5], [1, 7, 3, 9, 5], probs, n=2))
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["정답 2\n예측 7 (0.950)", "정답 4\n예측 9 (0.600)"], titles


def test_bias_correction_style_curves_log_x_and_dashed_under_solid():
    fig = render(plots.cost_curves({"가": np.ones(300), "나": np.ones(300)}, logx=True, dashed=["나"]))
    ax = fig.axes[0]
    solid, dashed = ax.lines
    assert ax.get_xscale() == "log" and dashed.get_linestyle() == "--" and dashed.get_zorder() < solid.get_zorder()
    assert solid.get_marker() in ("None", None, "")  # 점이 많으면 표시를 찍지 않습니다


def test_cost_curves_can_mark_the_chance_cost():
    """chance=True면 찍기 수준 ln 10에 범례가 붙은 가로 점선을 긋고, 없으면 긋지 않습니다 (3장 3.1절)."""
    plain = render(plots.cost_curves({"가": [2.3, 1.0, 0.5]})).axes[0]
    marked = render(plots.cost_curves({"가": [2.3, 1.0, 0.5]}, chance=True)).axes[0]
    lines = [line for line in marked.lines if np.allclose(line.get_ydata(), math.log(10))]  # 판마다 끝자리가 다름
    assert len(lines) == 1 and lines[0].get_linestyle() == ":" and len(plain.lines) == 1
    assert "찍기 수준 (ln 10)" in [t.get_text() for t in marked.get_legend().get_texts()]


def test_confusion_matrices_share_one_colour_scale_with_readable_counts():
    big, small = np.full((10, 10), 3), np.eye(10, dtype=int)
    big[9, 4] = 359
    small[9, 4] = 7
    fig = render(plots.confusion_matrices({"원본": big, "6장": small}))
    norms = [ax.images[0].norm for ax in fig.axes]
    assert norms[0] is norms[1] and norms[0].vmax == 359  # 7장은 359장만큼 짙게 칠해지지 않습니다
    colours = {t.get_text(): t.get_color() for t in fig.axes[0].texts}
    assert colours["359"] == "white" and colours["3"] == "black"
    # 폰에서 읽히도록 위아래로 하나씩, 칸의 숫자는 10pt
    assert len({round(ax.get_position().x0, 3) for ax in fig.axes}) == 1 and fig.get_figwidth() < 5
    assert {t.get_fontsize() for t in fig.axes[0].texts} == {10}


def test_reliability_shows_bin_counts_and_hollows_nearly_empty_bins():
    conf, acc, count = np.array([0.15, 0.55, 0.95]), np.array([1.0, 0.5, 0.9]), np.array([3, 40, 900])
    fig = render(plots.reliability({"가": (conf, acc, count, 0.05)}))
    top, below = fig.axes
    assert below.get_yscale() == "log" and [p.get_height() for p in below.patches] == [3, 40, 900]
    hollow = [line for line in top.lines if line.get_markerfacecolor() == "white"]
    assert len(hollow) == 1 and list(hollow[0].get_xdata()) == [0.15]
    (joined,) = [line for line in top.lines if line.get_linestyle() == "-"]  # 선은 이미지가 많은 구간만 잇습니다
    assert np.isfinite(joined.get_ydata()).tolist() == [False, True, True]
    middle = plots.reliability({"가": (np.array([0.3, 0.6, 0.9]), np.array([0.3, 1.0, 0.9]), np.array([50, 5, 50]), 0)})
    (broken,) = [line for line in middle.axes[0].lines if line.get_linestyle() == "-"]
    assert np.isfinite(broken.get_ydata()).tolist() == [True, False, True]  # 가운데가 적으면 선이 끊깁니다


def test_contour_paths_mark_where_each_path_ends():
    paths = {"SGD": [[-7, 2], [-3, -1], [0.5, 0.2]], "발산": [[-7, 2], [3, 1], [np.nan, np.nan]]}
    fig = render(plots.contour_paths(lambda x, y: x**2 / 20 + y**2, paths))
    ends = [line for line in fig.axes[0].lines if line.get_markersize() == 8]
    assert [(float(e.get_xdata()[0]), float(e.get_ydata()[0])) for e in ends] == [(0.5, 0.2), (3.0, 1.0)]


def test_contour_panels_give_each_path_its_own_panel_on_shared_axes():
    paths = {name: [[-7, 2], [k, 0.5]] for k, name in enumerate(["SGD", "모멘텀", "AdaGrad", "RMSProp", "Adam"])}
    fig = render(plots.contour_paths(lambda x, y: x**2 / 20 + y**2, paths, panels=True))
    shown = [ax for ax in fig.axes if ax.get_visible() and ax.axison]
    assert [ax.get_title() for ax in shown] == list(paths)  # 칸마다 경로 하나, 제목은 그 이름
    assert all(ax.get_xlim() == shown[0].get_xlim() and ax.get_ylim() == shown[0].get_ylim() for ax in shown)
    for k, ax in enumerate(shown):
        ends = [line for line in ax.lines if line.get_markersize() == 8]
        assert [(float(e.get_xdata()[0]), float(e.get_ydata()[0])) for e in ends] == [(k, 0.5)]
    assert len(fig.axes) - len(shown) == 1  # 2×3 격자의 남는 칸은 감춥니다


def test_seed_spread_puts_every_setting_on_one_axis():
    groups = {"원본": {777: 0.82, 1: 0.893, 2: 0.85}, "6장": {1: 0.982, 2: 0.9846, 3: 0.983}}
    ax = render(plots.seed_spread(groups)).axes[0]
    low, high = ax.get_xlim()
    assert low < 0.82 and high > 0.9846  # 두 설정의 점이 모두 같은 가로축 안에 있습니다
    assert [t.get_text() for t in ax.get_yticklabels()] == ["원본", "6장"]
    rows = [collection.get_offsets()[:, 1] for collection in ax.collections]
    assert [set(r) for r in rows] == [{0.0}, {1.0}]
    assert ax.get_xlabel() == "테스트 정확도"
    validation = render(plots.seed_spread(groups, xlabel="검증 정확도")).axes[0]
    assert validation.get_xlabel() == "검증 정확도"  # 6장 6.4절은 검증 정확도를 찍습니다


def test_figures_are_sharp_in_jupyter(monkeypatch):
    import IPython
    import matplotlib_inline.backend_inline as inline

    asked = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    monkeypatch.setattr(inline, "set_matplotlib_formats", lambda *formats: asked.extend(formats))
    plots._sharp_in_jupyter()
    assert asked == ["retina"]
