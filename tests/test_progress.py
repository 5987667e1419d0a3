"""mnist_dnn.progress: 대화형 Jupyter에서만 진행 막대를 만들고, TQDM_DISABLE이면 만들지 않습니다."""

import pytest

from mnist_dnn import progress as progress_module
from mnist_dnn.progress import progress


def test_no_bar_outside_a_kernel(monkeypatch):
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    assert isinstance(progress(3, "adam 0.001"), progress_module._Silent)


@pytest.mark.parametrize("value, silent", [("1", True), ("true", True), ("0", False), ("", False)])
def test_tqdm_disable_is_honoured_inside_a_kernel(monkeypatch, value, silent):
    monkeypatch.setattr(progress_module, "_in_kernel", lambda: True)
    monkeypatch.setenv("TQDM_DISABLE", value)
    bar = progress(3, "adam 0.001")
    assert isinstance(bar, progress_module._Silent) is silent
    bar.update(2.3)
    bar.close()


def test_verbose_training_shows_no_bar(monkeypatch):
    monkeypatch.setattr(progress_module, "_in_kernel", lambda: True)
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    assert isinstance(progress(3, "adam", enabled=False), progress_module._Silent)
