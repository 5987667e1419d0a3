"""tools/notebooks.py(출력 검사와 독자용 사본)와 tools/robust.py(교란 설정과 주장 표)."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import notebooks  # noqa: E402
import robust  # noqa: E402


def write_notebook(path, cells):
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def cell(source, tags=(), outputs=(), count=None):
    return {
        "cell_type": "code",
        "source": source,
        "metadata": {"tags": list(tags)},
        "outputs": list(outputs),
        "execution_count": count,
    }


def test_committed_chapters_are_stripped():
    chapters = sorted((ROOT / "chapters").glob("*.ipynb"))
    assert chapters and notebooks.main(["check-stripped", *map(str, chapters)]) == 0


def test_outputs_and_counts_are_caught(tmp_path):
    nb = write_notebook(tmp_path / "a.ipynb", [cell("1"), cell("2", count=3), cell("3", outputs=[{"x": 1}])])
    problems = notebooks.stripped_problems(nb)
    assert [p.split("셀 ")[1][0] for p in problems] == ["1", "2"]
    assert notebooks.main(["check-stripped", str(nb)]) == 1


def sources(path):
    """노트북의 셀 소스들입니다. 독자용 사본이 맨 앞에 넣는 패키지 안내 셀은 'GUARD'로 줄입니다."""
    cells = json.loads(Path(path).read_text())["cells"]
    return ["GUARD" if c.get("id") == "reader-guard" else "".join(c["source"]) for c in cells]


def test_visible_copy_drops_only_hidden_cells(tmp_path):
    nb = write_notebook(
        tmp_path / "b.ipynb", [cell("x = 1"), cell("glue()", tags=["remove-cell"]), cell("x", tags=["hide-input"])]
    )
    out = notebooks.visible_copy(nb, tmp_path / "out")
    assert sources(out) == ["GUARD", "x = 1", "x"]


def test_reader_copy_without_the_package_says_in_one_line_what_to_install(tmp_path):
    """내려받은 노트북이나 make lab 사본을 패키지 없는 파이썬에서 열면 첫 코드 셀이 설치할 것을 한 줄로 알립니다."""
    import subprocess

    title = {"cell_type": "markdown", "source": "# 제목", "metadata": {}}
    out = notebooks.visible_copy(write_notebook(tmp_path / "d.ipynb", [title, cell("import mnist_dnn")]), tmp_path)
    assert sources(out) == ["# 제목", "GUARD", "import mnist_dnn"]
    guard = json.loads(out.read_text())["cells"][1]
    run = subprocess.run([sys.executable, "-I", "-S", "-c", "".join(guard["source"])], capture_output=True, text=True)
    assert run.returncode == 1 and run.stderr.strip().splitlines() == [
        "mnist_dnn 패키지가 없습니다: 이 책의 저장소 폴더에서 `pip install -e .`로 설치하고 커널을 다시 시작하세요"
    ]


def test_visible_copy_keeps_a_readers_edited_copy(tmp_path):
    nb = write_notebook(tmp_path / "c.ipynb", [cell("x = 1"), cell("check()", tags=["remove-cell"])])
    out = tmp_path / "lab"
    assert notebooks.main(["visible", "--keep", str(out), str(nb)]) == 0
    (out / "c.ipynb").write_text("독자가 고친 노트북")
    assert notebooks.main(["visible", "--keep", str(out), str(nb)]) == 0
    assert (out / "c.ipynb").read_text() == "독자가 고친 노트북"
    assert notebooks.main(["visible", str(out), str(nb)]) == 0  # --keep 없이는 새로 씁니다
    assert sources(out / "c.ipynb") == ["GUARD", "x = 1"]


def test_execution_cache_is_cleared_when_the_package_changes(tmp_path):
    root, build = tmp_path / "repo", tmp_path / "repo" / "_build"
    (root / "mnist_dnn").mkdir(parents=True)
    (root / "mnist_dnn" / "a.py").write_text("x = 1\n")
    (root / "constraints.txt").write_text("numpy==2.0\n")
    assert notebooks.refresh_cache(build, root)  # 첫 빌드: 표시가 없습니다
    (build / ".jupyter_cache").mkdir()
    assert not notebooks.refresh_cache(build, root) and (build / ".jupyter_cache").exists()
    (root / "mnist_dnn" / "a.py").write_text("x = 2\n")  # 패키지 한 줄
    assert notebooks.refresh_cache(build, root) and not (build / ".jupyter_cache").exists()
    (build / ".jupyter_cache").mkdir()
    (root / "constraints.txt").write_text("numpy==2.1\n")  # 의존성 판
    assert notebooks.refresh_cache(build, root) and not (build / ".jupyter_cache").exists()


def test_refresh_cache_leaves_a_ready_database_for_two_lanes(tmp_path):
    import sqlite3

    build = tmp_path / "_build"
    assert notebooks.main(["refresh-cache", str(build)]) == 0
    db = build / ".jupyter_cache" / "global.db"
    tables = {r[0] for r in sqlite3.connect(db).execute("select name from sqlite_master where type='table'")}
    assert "nbcache" in tables  # 두 줄 모두 이미 표가 있는 파일을 엽니다


def test_robust_startup_shifts_seeds_by_a_large_stride_and_logs(tmp_path):
    from mnist_dnn import _checks, claims

    log = tmp_path / "claims.jsonl"
    try:
        exec(robust.startup_source(2, log), {})
        assert _checks.shifted_seed(777) == 2777 and _checks.shifted_seed(None) is None
        assert claims.check("x", 3, "<", 2) is False  # 기록만 하고 멈추지 않습니다
    finally:
        _checks.set_seed_shift(0)
        claims.record_to(None)
    assert json.loads(log.read_text())["name"] == "x"
    book_seeds = {1, 2, 3, 4, 777}
    for k in (1, 2):  # 옮긴 시드가 책의 다른 시드와 겹치지 않습니다
        assert not {s + robust.SEED_STRIDE * k for s in book_seeds} & book_seeds


def test_robust_configs_and_summary():
    import argparse

    assert robust.parse_config("SSE4_2:2") == ("SSE4_2", 2) and robust.parse_config("AVX2") == ("AVX2", 0)
    with pytest.raises(argparse.ArgumentTypeError):
        robust.parse_config("AVX2:x")
    env = robust.config_env("SSE4_2")
    assert "--xla_cpu_max_isa=SSE4_2" in env["XLA_FLAGS"]
    assert not any(k.startswith("MNIST_DNN_SEED") or k.endswith("CLAIMS_LOG") for k in env)  # 패키지는 읽지 않습니다
    assert "TF_XLA_FLAGS" not in env  # 다른 ISA로 컴파일한 코드를 디스크 캐시에서 다시 쓰지 않습니다
    assert "--xla_cpu_max_isa" not in robust.config_env("native")["XLA_FLAGS"]
    records = [
        {"name": "a", "left": 1.0, "op": "<", "right": 2.0, "ok": True, "margin": 0.5, "config": "AVX2:0"},
        {"name": "a", "left": 3.0, "op": "<", "right": 2.0, "ok": False, "margin": -1 / 3, "config": "SSE4_2:0"},
    ]
    (row,) = robust.summarize(records)
    assert row["left"] == (1.0, 3.0) and not row["ok"] and row["fails"] == ["SSE4_2:0"]
    assert row["margin"] == pytest.approx(-1 / 3)
    assert "**아니오** (SSE4_2:0)" in robust.table([row], ["AVX2:0", "SSE4_2:0"])


def test_claim_table_escapes_pipes_inside_names():
    row = {
        "name": "6.4 |Δw|/|w|는 작습니다",
        "op": "<",
        "runs": 1,
        "ok": True,
        "fails": [],
        "left": (1e-5, 1e-5),
        "right": (2e-4, 2e-4),
        "margin": 0.9,
    }
    line = robust.table([row], ["AVX2:0"]).splitlines()[-1]
    assert line.startswith("| 6.4 \\|Δw\\|/\\|w\\|는 작습니다 | 1e-05 |"), line


def test_robust_merge_keeps_only_chapters_not_rerun(tmp_path):
    saved = tmp_path / "records.json"
    saved.write_text(json.dumps([{"name": "a", "chapter": 3}, {"name": "b", "chapter": 4}]), encoding="utf-8")
    rerun = [tmp_path / "03_parameters.ipynb"]
    assert robust.kept_records(saved, rerun) == [{"name": "b", "chapter": 4}]
    with pytest.raises(SystemExit, match="--records"):
        robust.kept_records(tmp_path / "없음.json", rerun)


def nbval_runs(chapter_names):
    """`make -n notebooks`가 돌릴 nbval 명령들: [(줄, [장 이름, …])], 나란히 도는 두 줄이 먼저입니다."""
    import subprocess

    chapters = " ".join(f"chapters/{c}.ipynb" for c in chapter_names)
    out = subprocess.run(
        ["make", "-n", "-s", "--no-print-directory", "notebooks", f"CHAPTERS={chapters}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    runs = []
    for line in out.splitlines():
        if "--nbval-lax" in line:
            names = [Path(w).stem for w in line.split() if w.endswith(".ipynb")]
            runs.append(names)
    return runs


def test_nbval_lanes_run_every_chapter_exactly_once():
    """줄의 순서는 시간만 바꿉니다(다시 쓸 학습이 아직 없으면 한 번 더 학습할 뿐). 빠지거나 두 번 도는 장은 없습니다."""
    names = [p.stem for p in sorted((ROOT / "chapters").glob("*.ipynb"))]
    lane_a, lane_b, *later = nbval_runs(names)
    assert sorted(lane_a + lane_b + sum(later, [])) == sorted(names)


def test_a_new_chapter_in_no_lane_runs_after_the_lanes():
    names = [p.stem for p in sorted((ROOT / "chapters").glob("*.ipynb"))] + ["10_new"]
    *_, last = nbval_runs(names)
    assert "10_new" in last


def test_census_counts_code_lines_without_blanks_or_comments(tmp_path):
    nb = write_notebook(
        tmp_path / "e.ipynb",
        [cell("# 주석\nx = 1\n\ny = (\n    2\n)"), cell("check(1)\n# 끝", tags=["remove-cell"])],
    )
    table = notebooks.census([nb])
    assert table["e"] == {"visible": [1, 4], "hidden": [1, 1]} and table["전체"] == table["e"]


def test_executed_notebook_is_found_by_the_books_cache(tmp_path):
    """execute가 실행 캐시에 넣은 장은 책 빌드(myst-nb)가 같은 방법으로 찾습니다: 다시 실행하지 않습니다."""
    import nbformat
    from jupyter_cache import get_cache

    nb = tmp_path / "chapters" / "f.ipynb"
    nb.parent.mkdir()
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    body = {"cells": [{**cell("print(6 * 7)"), "id": "c1"}], "metadata": kernel}
    nb.write_text(json.dumps({**body, "nbformat": 4, "nbformat_minor": 5}))
    assert notebooks.execute_into_cache(tmp_path, [nb], timeout=60) == []
    record = get_cache(str(tmp_path / ".jupyter_cache")).match_cache_notebook(nbformat.read(nb, as_version=4))
    outputs = get_cache(str(tmp_path / ".jupyter_cache")).get_cache_bundle(record.pk).nb.cells[0].outputs
    assert outputs[0]["text"] == "42\n"
    broken = tmp_path / "chapters" / "g.ipynb"
    failing = {**body, "cells": [{**cell("1 / 0"), "id": "c2"}]}
    broken.write_text(json.dumps({**failing, "nbformat": 4, "nbformat_minor": 5}))
    assert "ZeroDivisionError" in notebooks.execute_into_cache(tmp_path, [broken], timeout=60)[0]
