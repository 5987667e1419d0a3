"""tools/notebooks.py: 출력 검사와 독자용 사본."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import notebooks  # noqa: E402


def write_notebook(path, cells):
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def cell(source, tags=(), outputs=(), count=None):
    return {"cell_type": "code", "source": source, "metadata": {"tags": list(tags)}, "outputs": list(outputs),
            "execution_count": count}  # fmt: skip


def test_committed_chapters_are_stripped():
    chapters = sorted((ROOT / "chapters").glob("*.ipynb"))
    assert chapters and notebooks.main(["check-stripped", *map(str, chapters)]) == 0


def test_outputs_and_counts_are_caught(tmp_path):
    nb = write_notebook(tmp_path / "a.ipynb", [cell("1"), cell("2", count=3), cell("3", outputs=[{"x": 1}])])
    problems = notebooks.stripped_problems(nb)
    assert [p.split("셀 ")[1][0] for p in problems] == ["1", "2"]
    assert notebooks.main(["check-stripped", str(nb)]) == 1


def test_visible_copy_drops_only_hidden_cells(tmp_path):
    nb = write_notebook(tmp_path / "b.ipynb", [cell("x = 1"), cell("glue()", tags=["remove-cell"]),
                                               cell("x", tags=["hide-input"])])  # fmt: skip
    out = notebooks.visible_copy(nb, tmp_path / "out")
    assert [c["source"] for c in json.loads(out.read_text())["cells"]] == ["x = 1", "x"]
