"""책의 그림을 그리는 함수들입니다. 그림 셀은 이 함수를 한 줄로 부릅니다 (모든 장)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
from matplotlib import font_manager

__all__ = [
    "activation_histograms",
    "batch_size_effect",
    "confusion_matrices",
    "confident_mistakes",
    "contour_paths",
    "interactive_paths",
    "interactive_rates",
    "cost_and_accuracy",
    "cost_curves",
    "label_counts",
    "layer_steps",
    "lr_sweep",
    "per_class_spread",
    "probabilities",
    "reliability",
    "seed_spread",
    "show_digits",
    "step_ratios",
    "train_vs_val",
    "use_korean_font",
]

FONT = "NanumGothic"


_ready = False


def use_korean_font() -> None:
    """koreanize-matplotlib에 들어 있는 나눔고딕을 등록해 한글이 깨지지 않게 합니다.

    그림을 처음 그릴 때 저절로 불리므로 직접 부를 일은 거의 없습니다.
    """
    global _ready
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None:
        raise ModuleNotFoundError(
            "그림의 한글 글꼴(나눔고딕)을 주는 koreanize-matplotlib이 없습니다: pip install koreanize-matplotlib"
        )
    folder = Path(spec.submodule_search_locations[0]) / "fonts"
    for path in sorted(folder.glob("NanumGothic*.ttf")):
        font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update(
        {
            "font.family": FONT,
            "axes.unicode_minus": False,
            "figure.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "figure.figsize": (6.4, 3.8),
        }
    )
    _sharp_in_jupyter()
    _ready = True


def _sharp_in_jupyter() -> None:
    """Jupyter에서는 그림을 두 배 해상도 PNG(retina)로 내보내, 고해상도 화면에서도 흐리지 않게 합니다."""
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        return
    if get_ipython() is not None:
        set_matplotlib_formats("retina")


def _subplots(*args, **kwargs):
    """한글 글꼴을 준비한 뒤 plt.subplots를 부릅니다."""
    if not _ready:
        use_korean_font()
    return plt.subplots(*args, **kwargs)


def _finish(fig):
    """그림을 정리하고 닫은 뒤 돌려줍니다: 노트북에는 한 번만 나타납니다."""
    fig.tight_layout()
    plt.close(fig)
    return fig


def _off_diagonal(matrix) -> np.ndarray:
    """혼동 행렬에서 대각선(맞힌 수)을 0으로 지운 사본입니다."""
    off = np.array(matrix, dtype=int)
    np.fill_diagonal(off, 0)
    return off


def show_digits(images, labels, predictions=None, ncols=10, classes=None):
    """숫자 이미지를 격자로 보이고 레이블(과 예측)을 제목으로 답니다 (1장 1.3절)."""
    images = np.asarray(images).reshape(-1, 28, 28)
    nrows = int(np.ceil(len(images) / ncols))
    fig, axes = _subplots(nrows, ncols, figsize=(ncols * 0.9, nrows * 1.15), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for i, ax in enumerate(axes.flat[: len(images)]):
        ax.imshow(images[i], cmap="gray_r")
        ax.set_title(_digit_title(labels[i], None if predictions is None else predictions[i], classes), fontsize=9)
    return _finish(fig)


def confident_mistakes(images, labels, predicted, probs, n=10, title="가장 자신 있게 틀린 이미지"):
    """틀린 이미지 가운데 예측 확률이 가장 높은 n장을 정답, 예측, 확률과 함께 그립니다 (5장 5.5절).

    Parameters
    ----------
    images, labels : 이미지와 정답 레이블.
    predicted, probs : predict()가 돌려준 예측 레이블과 클래스별 확률.
    n, title : 그릴 장 수와 그림 제목.
    """
    labels, predicted, confidence = np.asarray(labels), np.asarray(predicted), np.asarray(probs).max(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    pick = wrong[np.argsort(-confidence[wrong], kind="stable")[:n]]
    ncols = min(5, max(len(pick), 1))  # 5장씩 줄을 바꿔, 글씨를 알아볼 만큼 크게 그립니다
    nrows = -(-max(len(pick), 1) // ncols)
    fig, axes = _subplots(nrows, ncols, figsize=(ncols * 1.7, nrows * 2.1 + 0.3), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, i in zip(axes.flat, pick):
        ax.imshow(np.asarray(images[i]).reshape(28, 28), cmap="gray_r")
        ax.set_title(f"정답 {labels[i]}\n예측 {predicted[i]} ({confidence[i]:.3f})", fontsize=9)
    fig.suptitle(title, fontsize=10)
    return _finish(fig)


def _digit_title(label, prediction, classes):
    """'정답 7' 또는 '정답 7 / 예측 9' 꼴의 작은 제목입니다."""
    name = (lambda k: classes[int(k)]) if classes else (lambda k: str(int(k)))
    return f"정답 {name(label)}" if prediction is None else f"정답 {name(label)}\n예측 {name(prediction)}"


def label_counts(labels, title="학습 데이터의 레이블 분포"):
    """숫자마다 몇 장인지 막대그래프로 보입니다 (1장 1.4절)."""
    counts = np.bincount(np.asarray(labels))
    fig, ax = _subplots(figsize=(6.4, 3.2))
    ax.bar(range(len(counts)), counts, color="tab:blue")
    ax.set(xticks=range(len(counts)), xlabel="숫자(레이블)", ylabel="이미지 수", title=title)
    return _finish(fig)


def cost_curves(
    curves: dict,
    title="에폭별 비용",
    ylabel="비용(cost)",
    log=False,
    xlabel="에폭(epoch)",
    logx=False,
    dashed=(),
    chance=False,
):
    """이름 → 에폭별 값 목록을 한 그림의 여러 선으로 그립니다 (2장 2.8절, 3장, 4장).

    log는 세로축, logx는 가로축을 로그 눈금으로 그립니다. dashed에 든 이름의 선은 점선으로, 다른 선 아래에 그려
    겹쳐도 실선이 보이게 합니다. chance가 참이면 찍기 수준의 비용 ln 10(2장 2.3절)을 회색 점선으로 긋습니다.
    """
    fig, ax = _subplots()
    if chance:
        ax.axhline(np.log(10), color="0.55", linestyle=":", linewidth=1.2, zorder=1, label="찍기 수준 (ln 10)")
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        style = dict(linestyle="--", linewidth=1.6, zorder=2) if name in dashed else dict(linewidth=1.4, zorder=3)
        marker = dict(marker="o", markersize=3) if len(values) <= 60 else {}
        ax.plot(np.arange(1, len(values) + 1), values, label=str(name), **marker, **style)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    if log:
        _log_scale(ax)
    if logx:
        ax.set_xscale("log")
    else:
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))  # 에폭은 1, 2, 3처럼 정수로
    ax.legend(fontsize=8)
    return _finish(fig)


def _log_scale(ax):
    """세로축을 로그 눈금으로 바꾸되, 눈금 글자는 수식 글꼴 없이 0.5, 1, 2처럼 씁니다."""
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(_PlainLog(labelOnlyBase=False, minor_thresholds=(1, 0.4)))  # 범위가 넓으면 10ⁿ만
    ax.yaxis.set_minor_formatter(_PlainLog(labelOnlyBase=False, minor_thresholds=(1, 0.4)))


class _PlainLog(matplotlib.ticker.LogFormatter):
    """로그 눈금 글자를 수식 글꼴 없이 0.5, 1, 1e-05처럼 씁니다."""

    def _num_to_string(self, x, vmin, vmax):
        return f"{x:g}"


def cost_and_accuracy(history, title="학습 비용과 검증 정확도"):
    """에폭마다 학습·검증 비용(왼쪽 축)과 검증 정확도(오른쪽 축)를 함께 그립니다 (3장 3.3절).

    발산한 학습은 비용이 정확도보다 한 에폭 길고, 검증 데이터가 없으면 검증 선들과 최고 에폭 선을 긋지 않습니다.
    """
    fig, ax = _subplots()
    ax.plot(_epochs(history.cost), history.cost, color="tab:blue", marker="o", markersize=3, label="학습 비용")
    ax.set(xlabel="에폭(epoch)", ylabel="비용", title=title)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    right = ax.twinx()
    right.plot(_epochs(history.val_accuracy), history.val_accuracy, color="tab:orange", marker="s", markersize=3)
    right.set_ylabel("검증 정확도", color="tab:orange")
    right.grid(False)
    if np.isfinite(history.val_accuracy).any():  # 발산해 NaN이 된 에폭은 건너뜁니다
        val_cost = np.asarray(history.val_cost, dtype=float)
        ax.plot(_epochs(val_cost), val_cost, color="tab:green", marker="^", markersize=3, label="검증 비용")
        best = int(np.nanargmax(history.val_accuracy)) + 1
        ax.axvline(best, color="gray", linestyle="--", label=f"검증 정확도 최고: 에폭 {best}")
        ax.legend(loc="center right", fontsize=8)
    return _finish(fig)


def _epochs(values) -> np.ndarray:
    """값마다의 에폭 번호 1, 2, …입니다."""
    return np.arange(1, len(values) + 1)


def seed_spread(groups: dict, reference: dict | None = None, title="시드에 따른 테스트 정확도", xlabel="테스트 정확도"):
    """설정 이름 → {시드: 정확도}를 한 줄씩, 모두 한 가로축 위에 점으로 찍습니다 (2장 2.7절, 6장 6.8절)."""
    fig, ax = _subplots(figsize=(6.4, 2.0 + 0.9 * len(groups)))
    for row, accuracies in enumerate(groups.values()):
        _seed_row(ax, row, accuracies, color=f"C{row}")
    for name, value in (reference or {}).items():
        ax.axvline(value, color="tab:red", linestyle="--", label=f"{name} {value:g}")
    top = len(groups) + 0.3  # 맨 위 줄 위에 범례가 들어갈 빈자리를 둡니다
    ax.set(yticks=range(len(groups)), yticklabels=list(groups), ylim=(-0.6, top))
    ax.set(xlabel=xlabel, title=title)
    ax.legend(fontsize=8, loc="upper left")
    return _finish(fig)


def _seed_row(ax, row, accuracies: dict, color):
    """한 설정의 시드별 정확도를 row 줄에 점으로 찍고, 가운데값에 짧은 세로선을 긋습니다."""
    values = np.asarray(list(accuracies.values()), dtype=float)
    ax.scatter(values, np.full_like(values, row), s=60, color=color, zorder=3)
    for k, (seed, value) in enumerate(sorted(accuracies.items(), key=lambda item: item[1])):
        lift = (9, -16, 20)[k % 3]  # 가까운 점끼리 이름이 겹치지 않게 위아래로 번갈아 답니다
        ax.annotate(f"시드 {seed}", (value, row), textcoords="offset points", xytext=(0, lift), ha="center", fontsize=8)
    median = float(np.median(values))
    ax.plot([median] * 2, [row - 0.25, row + 0.25], color=color, alpha=0.6, zorder=2, label=f"가운데값 {median:.4f}")


def train_vs_val(histories: dict, title="학습 데이터와 검증 데이터"):
    """모델마다 학습·검증 정확도(위)와 학습·검증 비용(아래)을 나란히 그립니다 (3장 3.4절)."""
    fig, axes = _subplots(2, len(histories), figsize=(4.2 * len(histories), 5.6), squeeze=False)
    for (name, h), (top, bottom) in zip(histories.items(), axes.T):
        top.plot(_epochs(h.train_accuracy), h.train_accuracy, color="tab:blue", label="학습 정확도")
        top.plot(_epochs(h.val_accuracy), h.val_accuracy, color="tab:orange", label="검증 정확도")
        bottom.plot(_epochs(h.cost), h.cost, color="tab:blue", label="학습 비용")
        bottom.plot(_epochs(h.val_cost), h.val_cost, color="tab:orange", label="검증 비용")
        heading = name
        if np.isfinite(h.val_cost).any():
            stop = int(np.nanargmin(h.val_cost)) + 1
            for ax in (top, bottom):
                ax.axvline(stop, color="gray", linestyle="--")
            heading = f"{name}\n(점선: 검증 비용이 가장 낮은 에폭 {stop})"
        for ax in (top, bottom):
            ax.legend(fontsize=8)
        top.set(title=heading, ylabel="정확도")
        bottom.set(xlabel="에폭(epoch)", ylabel="비용")
    fig.suptitle(title)
    return _finish(fig)


def lr_sweep(accuracies: dict, title="학습률에 따른 검증 정확도"):
    """옵티마이저 → {학습률: 검증 정확도}를 로그 가로축 위의 선으로 그립니다 (4장 4.14절)."""
    fig, ax = _subplots()
    for name, by_lr in accuracies.items():
        rates = sorted(by_lr)
        ax.plot(rates, [by_lr[r] for r in rates], marker="o", markersize=4, label=str(name))
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.set(xlabel="학습률(learning rate)", ylabel="검증 정확도", title=title)
    ax.legend(fontsize=8)
    return _finish(fig)


def layer_steps(histories: dict, title="층마다의 기울기 크기와 갱신 크기"):
    """옵티마이저 → History(record_updates=True)의 층별 평균 |g|와 |Δw|를 나란히 그립니다 (4장 4.13절)."""
    fig, (left, right) = _subplots(1, 2, figsize=(8.4, 3.4))
    for k, (name, h) in enumerate(histories.items()):
        layers = list(h.grad_size)
        offset = (k - (len(histories) - 1) / 2) * 0.8 / len(histories)
        where = np.arange(len(layers)) + offset
        left.bar(where, [h.grad_size[n][-1] for n in layers], width=0.8 / len(histories), label=str(name))
        right.bar(where, [h.update_size[n][-1] for n in layers], width=0.8 / len(histories), label=str(name))
    for ax, label in ((left, "평균 |기울기|"), (right, "평균 |갱신| (한 번에 움직인 거리)")):
        _log_scale(ax)
        ax.set(xticks=range(len(layers)), xticklabels=layers, title=label)
        ax.legend(fontsize=8)
    fig.suptitle(title)
    return _finish(fig)


def step_ratios(ratios: dict, title="한 걸음의 크기: 학습률에 견줘, 가중치에 견줘"):
    """모델 → update_ratios()의 결과를 층마다 |Δw|/η와 |Δw|/|w| 막대로 그립니다 (6장 6.4절)."""
    fig, (left, right) = _subplots(1, 2, figsize=(8.4, 3.4))
    width = 0.8 / len(ratios)
    for k, (name, per_layer) in enumerate(ratios.items()):
        where = np.arange(len(per_layer)) + (k - (len(ratios) - 1) / 2) * width
        left.bar(where, [r[0] for r in per_layer.values()], width=width, label=str(name))
        right.bar(where, [r[1] for r in per_layer.values()], width=width, label=str(name))
    right.axhline(1e-3, color="k", linestyle="--", linewidth=1, label="1e-3")
    layers = list(next(iter(ratios.values())))
    for ax, label in ((left, "|Δw| / 학습률 η"), (right, "|Δw| / |w| (로그 눈금)")):
        ax.set(xticks=range(len(layers)), xticklabels=layers, title=label)
        ax.legend(fontsize=7)
    _log_scale(right)
    fig.suptitle(title)
    return _finish(fig)


def batch_size_effect(sizes, seconds_per_epoch, accuracies):
    """배치 크기에 따른 에폭당 시간과 검증 정확도를 나란히 그립니다 (3장 3.5절)."""
    fig, (left, right) = _subplots(1, 2, figsize=(8, 3.2))
    labels = [str(s) for s in sizes]
    left.bar(labels, seconds_per_epoch, color="tab:blue")
    left.set(xlabel="배치 크기(batch size)", ylabel="에폭당 시간(초)", title="배치 크기와 에폭당 시간")
    right.bar(labels, accuracies, color="tab:orange")
    right.set(xlabel="배치 크기(batch size)", ylabel="검증 정확도", title="같은 에폭이면 정확도는?")
    right.set_ylim(0.0, 1.0)  # 막대는 0에서 시작해야 길이로 견줄 수 있습니다
    return _finish(fig)


def probabilities(image, label, probs, prediction):
    """이미지 한 장과 클래스별 예측 확률 막대그래프입니다 (5장 5.2절)."""
    fig, (left, right) = _subplots(1, 2, figsize=(7, 2.8), gridspec_kw={"width_ratios": [1, 2]})
    left.imshow(np.asarray(image).reshape(28, 28), cmap="gray_r")
    left.set_title(f"정답 {label} / 예측 {prediction}")
    left.axis("off")
    classes = range(len(probs))
    right.bar(classes, probs, color=["tab:orange" if k == prediction else "tab:blue" for k in classes])
    right.set(xticks=classes, ylim=(0, 1), xlabel="숫자", ylabel="확률", title="클래스별 예측 확률")
    return _finish(fig)


def confusion_matrices(matrices: dict):
    """이름 → 혼동 행렬을 위아래로 그립니다. 대각선은 지우고 틀린 개수만 색과 숫자로 보입니다 (5장 5.3절).

    폰의 좁은 화면에서도 칸의 숫자를 읽을 수 있도록 옆으로 늘어놓지 않고 한 줄에 하나씩 그립니다.
    """
    from matplotlib.colors import LogNorm

    offs = {name: _off_diagonal(matrix) for name, matrix in matrices.items()}
    norm = LogNorm(vmin=1, vmax=max(2, max(int(off.max()) for off in offs.values())))  # 모든 그림이 같은 색 눈금
    fig, axes = _subplots(len(offs), 1, figsize=(4.6, 4.4 * len(offs)), squeeze=False)
    for ax, (name, off) in zip(axes[:, 0], offs.items()):
        ax.imshow(np.ma.masked_equal(off, 0), cmap="Reds", norm=norm)
        for (i, j), n in np.ndenumerate(off):
            if n:
                dark = norm(n) > 0.6  # 짙은 칸에는 흰 글씨
                ax.text(j, i, str(n), ha="center", va="center", fontsize=10, color="white" if dark else "black")
        ax.set(xticks=range(len(off)), yticks=range(len(off)), xlabel="예측", ylabel="정답")
        ax.set_title(f"{name}: 틀린 {off.sum():,}장 (대각선 밖)", fontsize=10)
        ax.grid(False)
    return _finish(fig)


def per_class_spread(per_model: dict, title="숫자별 정확도: 시드마다 한 점"):
    """이름 → (시드 수, 클래스 수) 정확도 배열을 받아, 숫자마다 시드별 점과 평균 막대를 그립니다 (5장 5.4절)."""
    fig, ax = _subplots(figsize=(8, 3.6))
    width = 0.8 / len(per_model)
    for k, (name, table) in enumerate(per_model.items()):
        table = np.atleast_2d(np.asarray(table))
        where = np.arange(table.shape[1]) + (k - (len(per_model) - 1) / 2) * width
        bars = ax.bar(where, table.mean(axis=0), width=width, alpha=0.5, label=str(name))
        for row in table:
            ax.plot(where, row, "o", markersize=3, color=bars.patches[0].get_facecolor()[:3])
    ax.set(xticks=range(table.shape[1]), xlabel="숫자", ylabel="정확도", title=title)
    ax.set_ylim(0.0, 1.0)  # 막대는 0에서: 길이가 정확도에 비례합니다
    # 범례는 축 아래에: 0과 1의 막대를 가리지 않습니다
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=len(per_model))
    return _finish(fig)


def reliability(curves: dict, title="신뢰도 그림: 확신도와 정답률", few=20):
    """이름 → calibration()의 결과로 구간별 평균 확신도 대 정답률을 그립니다. 대각선이 완벽한 보정입니다 (5장 5.6절).

    아래 그림은 구간마다의 이미지 수(로그 눈금)입니다. few장보다 적은 구간의 점은 속을 비우고 선으로 잇지 않아,
    몇 장 안 되는 구간이 그림을 좌우하지 않게 합니다.
    """
    fig, (ax, below) = _subplots(2, 1, figsize=(5.4, 6.2), sharex=True, gridspec_kw={"height_ratios": [3, 1.3]})
    ax.plot([0, 1], [0, 1], "k--", linewidth=1, label="확신도 = 정답률")
    width = 0.8 / (len(curves) * max(len(c[2]) for c in curves.values()))
    for k, (name, (conf, acc, count, ece)) in enumerate(curves.items()):
        conf, acc, count = np.asarray(conf), np.asarray(acc), np.asarray(count)
        seen, many = count > 0, count >= few
        joined = np.where(many, acc, np.nan)[seen]  # 적은 구간은 NaN: 선이 그 자리에서 끊기고 건너뛰어 잇지 않습니다
        (line,) = ax.plot(conf[seen], joined, "-o", linewidth=1, markersize=5, label=f"{name} (ECE {ece:.3f})")
        hollow = seen & ~many
        ax.plot(conf[hollow], acc[hollow], "o", markersize=5, mfc="white", color=line.get_color(), clip_on=False)
        centres = (np.arange(len(count)) + 0.5) / len(count)
        below.bar(centres + (k - (len(curves) - 1) / 2) * width, count, width=width, color=line.get_color())
    ax.set(xlim=(0, 1), ylim=(0, 1), ylabel="정답률", title=title)
    ax.legend(fontsize=8, loc="upper left", title=f"속이 빈 점: {few}장 미만인 구간", title_fontsize=8)
    below.set(yscale="log", xlabel="평균 확신도 (가장 높은 확률)", ylabel="이미지 수")
    return _finish(fig)


def activation_histograms(activations: dict, title="은닉층 출력값의 분포"):
    """이름 → 활성값 배열을 겹친 히스토그램으로 그립니다 (6장 6.1절)."""
    fig, ax = _subplots()
    for name, values in activations.items():
        ax.hist(np.ravel(values), bins=60, histtype="step", linewidth=1.6, label=str(name))  # 윤곽선: 겹쳐도 보입니다
    _log_scale(ax)
    ax.set(xlabel="출력값", ylabel="개수(로그 눈금)", title=title)
    ax.legend(fontsize=8)
    return _finish(fig)


def contour_paths(
    f, paths: dict, xlim=(-10, 10), ylim=(-4, 4), title="최적화 경로", minimum=(0, 0), panels=False, equal_axes=False
):
    """2차원 함수 f의 등고선 위에 옵티마이저별 경로를 그리고, panels=True면 칸을 나눕니다 (4장 4.1절, 4.10절).

    equal_axes=True면 x와 y의 한 칸 길이를 같게 그려, 45° 돌린 곡면이 실제로 45°로 보입니다.
    """
    if panels:
        return _contour_panels(f, paths, xlim, ylim, title, minimum)
    fig, ax = _subplots(figsize=(5.2, 5.2) if equal_axes else (6.4, 4))
    _contour(ax, f, xlim, ylim, minimum)
    if equal_axes:
        ax.set_aspect("equal", adjustable="box")
    for k, (name, path) in enumerate(paths.items()):
        _path(ax, path, str(name), color=f"C{k}")
    ax.set(xlabel="x", ylabel="y", title=title)
    ax.legend(fontsize=8, loc="upper right")
    return _finish(fig)


def _contour_panels(f, paths: dict, xlim, ylim, title, minimum):
    """경로마다 한 칸씩, 같은 등고선 위에 그립니다: 겹치는 경로를 떼어 봅니다."""
    cols = min(3, len(paths))
    rows = -(-len(paths) // cols)
    fig, axes = _subplots(rows, cols, figsize=(3.3 * cols, 3.0 * rows), squeeze=False, sharex=True, sharey=True)
    for k, (ax, (name, path)) in enumerate(zip(axes.flat, paths.items())):
        _contour(ax, f, xlim, ylim, minimum)
        _path(ax, path, str(name), color=f"C{k}")
        ax.set_title(str(name), fontsize=10)
    for ax in axes.flat[len(paths) :]:
        ax.axis("off")
    fig.suptitle(title)
    return _finish(fig)


def _contour(ax, f, xlim, ylim, minimum):
    """f의 등고선(로그 눈금)과 최솟값 표시 +를 그립니다."""
    xs, ys = np.meshgrid(np.linspace(*xlim, 200), np.linspace(*ylim, 200))
    ax.contour(xs, ys, np.log1p(f(xs, ys)), levels=25, cmap="Greys", linewidths=0.6)
    ax.plot(*minimum, "k+", markersize=14, markeredgewidth=2)
    ax.set(xlim=xlim, ylim=ylim)


def _path(ax, path, name: str, color):
    """경로 하나와, 어디서 멈췄는지 보이는 큰 끝점을 그립니다."""
    path = np.asarray(path)
    ax.plot(path[:, 0], path[:, 1], marker="o", markersize=2, linewidth=1, label=name, color=color)
    end = path[np.isfinite(path).all(axis=1)][-1:]
    ax.plot(end[:, 0], end[:, 1], "o", markersize=8, color=color, markeredgecolor="black", zorder=4)


def interactive_paths(f, grad, start, makers: dict, rates, steps=60, xlim=(-10, 10), ylim=(-4, 4)):
    """학습률 슬라이더를 움직이면 경로를 다시 그리는 Plotly 그림(HTML)입니다 (4장 4.12절).

    Parameters
    ----------
    f, grad : 2차원 함수와 그 기울기 함수.
    start : 출발점 (x, y).
    makers : 이름 → 학습률을 받아 옵티마이저를 만드는 함수. 경로는 optimizers.trajectory로 미리 계산합니다.
    rates : 슬라이더에 놓을 학습률들.
    steps, xlim, ylim : 걸음 수와 그림의 범위.
    """
    from .optimizers import trajectory

    go = _plotly()
    paths = {
        lr: [_clip(trajectory(make(lr), grad, start, steps), xlim, ylim) for make in makers.values()] for lr in rates
    }
    xs, ys = np.linspace(*xlim, 120), np.linspace(*ylim, 80)
    fig = go.Figure(
        go.Contour(
            x=xs,
            y=ys,
            z=np.log1p(f(*np.meshgrid(xs, ys))),
            showscale=False,
            colorscale="Greys",
            contours_coloring="lines",
            hoverinfo="skip",
        )
    )
    first = len(rates) // 2  # 처음에는 가운데 학습률을 보여 줍니다
    for k, (name, path) in enumerate(zip(makers, paths[rates[first]])):
        line = dict(color=PATH_COLOURS[k % len(PATH_COLOURS)], dash=PATH_DASHES[k % len(PATH_DASHES)], width=2)
        fig.add_trace(
            go.Scatter(x=path[:, 0], y=path[:, 1], mode="lines+markers", name=str(name), marker_size=4, line=line)
        )
    traces = list(range(1, len(makers) + 1))
    steps_ = [
        dict(
            method="restyle",
            label=f"{lr:g}",
            args=[{"x": [p[:, 0] for p in paths[lr]], "y": [p[:, 1] for p in paths[lr]]}, traces],
        )
        for lr in rates
    ]
    slider = dict(active=first, steps=steps_, currentvalue=dict(prefix="학습률 η = "), pad=dict(t=40))
    fig.update_layout(
        sliders=[slider],
        xaxis=dict(range=xlim, title="x"),
        yaxis=dict(range=ylim, title="y"),
        height=520,
        margin=dict(l=40, r=20, t=30, b=20),
        legend=dict(orientation="h", y=1.08),
        **_PLOTLY_LOOK,
    )
    return _html(fig, "interactive-paths", PATHS_LABEL)


def interactive_rates(curvatures, momenta, lr_range=(0.01, 3.0)):
    """모멘텀 α 슬라이더에 따라 학습률별 수렴 속도를 다시 그리는 Plotly 그림(HTML)입니다 (4장 4.3절).

    Parameters
    ----------
    curvatures : 방향마다의 곡률 λ (예: 4.1절 그릇의 (0.1, 2.0)).
    momenta : 슬라이더에 놓을 모멘텀 α들. 0은 SGD입니다.
    lr_range : 가로축 학습률의 범위 (로그 눈금).
    """
    from .optimizers import convergence_rate

    go = _plotly()
    lrs = np.geomspace(*lr_range, 240)
    curves = {
        a: [[min(convergence_rate(lr, c, a), 1.2) for lr in lrs] for c in curvatures] for a in momenta
    }  # 1.2 위(발산)는 잘라 그립니다
    names = [f"λ = {c:g} 방향" for c in curvatures] + ["전체 (둘 중 큰 값)"]
    fig = go.Figure()
    first = 0
    for k, name in enumerate(names):
        y = np.max(curves[momenta[first]], axis=0) if k == len(curvatures) else curves[momenta[first]][k]
        fig.add_trace(
            go.Scatter(x=lrs, y=y, mode="lines", name=name, line=dict(width=4 if k == len(curvatures) else 1.5))
        )
    steps = [
        dict(
            method="restyle",
            label=f"{a:.2f}",
            args=[{"y": [*curves[a], np.max(curves[a], axis=0)]}, list(range(len(names)))],
        )
        for a in momenta
    ]
    fig.add_hline(y=1, line_dash="dash", line_color="gray")
    fig.update_layout(
        sliders=[dict(active=first, steps=steps, currentvalue=dict(prefix="모멘텀 α = "), pad=dict(t=40))],
        xaxis=dict(type="log", title="학습률 η"),
        yaxis=dict(range=[0, 1.2], title="한 걸음에 거리가 몇 배가 되나"),
        height=480,
        margin=dict(l=50, r=20, t=30, b=20),
        legend=dict(orientation="h", y=1.1),
        **_PLOTLY_LOOK,
    )
    return _html(fig, "interactive-rates", RATES_LABEL)


# 정적 그림과 같은 색(matplotlib의 C0, C1, C4 …)과 한글 글꼴, 흰 바탕. Adam 세 가지는 선 모양으로도 가릅니다
PATH_COLOURS = ["#1f77b4", "#ff7f0e", "#9467bd", "#e377c2", "#17becf"]
PATH_DASHES = ["solid", "solid", "solid", "dash", "dot"]
_PLOTLY_LOOK = dict(template="plotly_white", font=dict(family="NanumGothic, 'Noto Sans KR', sans-serif", size=13))
PATHS_LABEL = (
    "길쭉한 그릇의 등고선 위에 SGD, 모멘텀, β1이 다른 Adam 세 가지의 경로를 그리고, 슬라이더로 학습률을 바꾸는 그림"
)
RATES_LABEL = (
    "학습률에 따른 두 방향의 수렴 배율(가는 선)과 전체 배율(굵은 선)을 그리고, 슬라이더로 모멘텀 α를 바꾸는 그림"
)


def _html(fig, div_id: str, label: str):
    """Plotly 그림을 HTML로 바꾸고, 화면 읽기 프로그램이 읽을 설명(img 역할과 aria-label)을 붙입니다."""
    from IPython.display import HTML

    html = fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config={"displayModeBar": False})
    return HTML(html.replace(f'<div id="{div_id}"', f'<div id="{div_id}" role="img" aria-label="{label}"', 1))


def _plotly():
    """plotly.graph_objects를 불러옵니다. 없으면 무엇을 설치할지 한 줄로 알립니다."""
    try:
        import plotly.graph_objects as go
    except ImportError:
        raise ImportError("plotly가 없습니다: pip install plotly 로 설치하세요") from None
    return go


def _clip(path, xlim, ylim):
    """그림 밖으로 멀리 튀어 나간 점은 그림 가장자리의 세 배에서 자릅니다 (JSON에 inf를 싣지 않게)."""
    bound = 3 * max(abs(np.asarray(xlim + ylim, dtype=float)))
    return np.clip(np.nan_to_num(path, nan=bound, posinf=bound, neginf=-bound), -bound, bound)
