"""mnist_dnn.claims: 본문의 주장이 성립하지 않으면 잰 값과 함께 실패하고, 기록 모드에서는 모두 모읍니다."""

import json
import math
import re
import sys
from pathlib import Path

import pytest

from mnist_dnn.claims import check, margin, record_to

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from notebooks import chapter_number, chapters  # noqa: E402


@pytest.fixture(autouse=True)
def stopping_mode():
    """테스트마다 기본(멈추는) 모드에서 시작하고 끝납니다."""
    record_to(None)
    yield
    record_to(None)


def test_claim_that_holds_passes():
    assert check("3.2 SGD 100의 비용은 찍기 수준보다 큽니다", 30.0, ">", 10 * math.log(10))


def test_claim_that_fails_names_itself_and_its_values():
    with pytest.raises(AssertionError, match=r"3\.2 SGD의 최고도 Adam보다 낮습니다: 0\.7794 < 0\.6496"):
        check("3.2 SGD의 최고도 Adam보다 낮습니다", 0.7794, "<", 0.6496)


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_nan_and_inf_never_pass(value):
    with pytest.raises(AssertionError):
        check("비용은 유한합니다", value, ">", 0)


def test_unknown_comparison_is_refused():
    with pytest.raises(ValueError, match="비교"):
        check("x", 1, "≈", 1)


def test_log_mode_records_every_claim_without_stopping(tmp_path):
    log = tmp_path / "claims.jsonl"
    record_to(log)
    assert check("a", 1.0, "<", 2.0) is True
    assert check("b", 3.0, "<", 2.0) is False  # 실패해도 멈추지 않고 기록합니다
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(r["name"], r["ok"]) for r in records] == [("a", True), ("b", False)]
    assert records[0]["margin"] == pytest.approx(0.5) and records[1]["margin"] == pytest.approx(-1 / 3)


def test_margin_sign_follows_the_comparison():
    assert margin(1, "<", 2) > 0 > margin(2, "<", 1)
    assert margin(2, ">", 1) > 0 > margin(1, ">", 2)
    assert margin(5, "==", 5) == 0 and margin(5, "==", 6) == -math.inf


def test_the_section_check_reads_every_claim_the_chapters_make():
    """절 번호를 읽는 정규식이 장들의 check를 빠짐없이 찾습니다 (AST로 찾은 수와 같음). 못 찾으면 검사를 피합니다."""
    for path in chapters(ROOT / "chapters"):
        assert len(section_problems(path, [])) == len(claim_patterns(path)), path.name


def section_problems(path, problems):
    """장 하나의 check 이름마다 (이름의 절 번호, 놓인 절)을 돌려주며, 맞지 않는 것을 problems에 더합니다."""
    section, found = None, []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            section = (re.findall(r"^## (\d+\.\d+) ", text, re.M) or [section])[-1]
            continue
        for number in re.findall(r'check\(\s*f?"([^" ]+) ', text):
            found.append((number, section))
            if number.split(".")[0] != str(chapter_number(path)):
                problems.append(f"{path.name}: {number}는 다른 장의 번호입니다")
            elif "." in number and number != section:
                problems.append(f"{path.name}: {number}는 {section}절에 있습니다")
    return found


def test_every_claim_in_the_chapters_sits_in_its_section():
    problems = []
    for path in chapters(ROOT / "chapters"):
        section_problems(path, problems)
    assert not problems, problems


def test_two_digit_chapters_and_sections_are_read(tmp_path):
    """열째 장도 빠지지 않고, 10.12절 같은 두 자리 번호를 읽습니다."""
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": ["## 10.12 열째 장의 절\n"], "metadata": {}},
            {"cell_type": "code", "source": ['check("10.12 맞는 절", 1, "<", 2)\n'], "metadata": {}},
            {"cell_type": "code", "source": ['check("10.3 틀린 절", 1, "<", 2)\n'], "metadata": {}},
        ]
    }
    for name in ["02_b.ipynb", "10_extra.ipynb", "09_a.ipynb"]:
        (tmp_path / name).write_text(json.dumps(nb if name.startswith("10") else {"cells": []}))
    assert [p.name for p in chapters(tmp_path)] == ["02_b.ipynb", "09_a.ipynb", "10_extra.ipynb"]
    problems = []
    found = section_problems(tmp_path / "10_extra.ipynb", problems)
    assert found == [("10.12", "10.12"), ("10.3", "10.12")]
    assert problems == ["10_extra.ipynb: 10.3는 10.12절에 있습니다"]


def claim_patterns(path):
    """장의 check 이름들을 정규식으로 돌려줍니다. f-문자열의 {…} 자리는 아무 글자와 맞습니다."""
    import ast

    patterns = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "check":
                name = node.args[0]
                parts = name.values if isinstance(name, ast.JoinedStr) else [name]
                patterns.append("".join(re.escape(p.value) if isinstance(p, ast.Constant) else ".+?" for p in parts))
    return patterns


CELL = re.compile(r"(?<!\\)\|")


def table_rows(text):
    """docs/claims.md의 표에서 (칸 목록)을 줄마다 돌려줍니다. 칸 안의 \\|는 나누지 않습니다."""
    lines = [line for line in text.splitlines() if line.startswith("|")][2:]  # 머리와 구분 줄을 뺍니다
    return [[c.strip() for c in CELL.split(line)[1:-1]] for line in lines]


def table_problems(text, patterns):
    """주장 표가 장들의 check와 맞지 않거나 모양이 틀린 곳을 모두 찾습니다."""
    problems, names = [], []
    for cells in table_rows(text):
        if len(cells) != 6:
            problems.append(f"칸이 {len(cells)}개인 줄: {' | '.join(cells)[:80]}")
            continue
        names.append(cells[0].replace("\\|", "|"))
        if cells[5] != "예":
            problems.append(f"성립하지 않는 주장이 표에 있습니다: {names[-1]}")
    for name in names:
        if not any(re.fullmatch(p, name) for p in patterns):
            problems.append(f"장에 없는 주장: {name}")
    for p in patterns:
        if not any(re.fullmatch(p, name) for name in names):
            problems.append(f"표에 없는 주장: {p}")
    return problems


def test_claims_table_is_fresh_and_well_formed():
    """docs/claims.md(`make robust`)의 주장들은 지금 장들이 하는 주장과 같습니다."""
    patterns = [p for path in chapters(ROOT / "chapters") for p in claim_patterns(path)]
    problems = table_problems((ROOT / "docs" / "claims.md").read_text(encoding="utf-8"), patterns)
    assert not problems, "\n".join(problems[:20]) + "\n→ `make robust`로 표를 새로 만드세요"


def test_claims_table_check_can_fail():
    head = "| 주장 | 잰 값 | 비교 | 기준 | 여유 | 성립 |\n|---|---|---|---|---|---|\n"
    rows = [
        "| 6.4 \\|Δw\\|/\\|w\\|는 작습니다 | 1 | < | 2 | 0.5 | 예 |",
        "| 3 학습률 0.01이 높습니다 | 1 | > | 0 | 1 | 예 |",
    ]
    good = head + "\n".join(rows) + "\n"
    patterns = [re.escape("6.4 |Δw|/|w|는 작습니다"), "3 학습률 .+?이 높습니다"]
    assert table_problems(good, patterns) == []
    assert table_problems(good, patterns + ["새 주장"]) == ["표에 없는 주장: 새 주장"]
    assert table_problems(good, patterns[:1]) == ["장에 없는 주장: 3 학습률 0.01이 높습니다"]
    broken = head + "| 6.4 |Δw| 작습니다 | 1 | < | 2 | 0.5 | 예 |\n"  # 이스케이프하지 않은 |
    assert table_problems(broken, [])[0].startswith("칸이 8개인 줄")
    failed = head + "| 3 학습률 0.01이 높습니다 | 1 | > | 0 | 1 | **아니오** (AVX2:0) |\n"
    assert table_problems(failed, patterns[1:]) == ["성립하지 않는 주장이 표에 있습니다: 3 학습률 0.01이 높습니다"]
