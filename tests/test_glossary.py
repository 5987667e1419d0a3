"""glossary.md: 용어집의 '처음 나오는 장'이 장들의 본문과 맞는지 (용어가 바뀌어도 표가 참이도록)."""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "_ext"))
from ko_search import glossary_synonyms  # noqa: E402
from notebooks import chapter_number, chapters  # noqa: E402


def glossary_rows(text):
    """용어 → 적힌 '처음 나오는 장'의 번호."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and re.fullmatch(r"\d+장", cells[4]):
            rows[cells[0]] = int(cells[4][:-1])
    return rows


def prose(path):
    """장의 마크다운 셀(독자가 읽는 글)을 모두 잇습니다. 코드 블록과 `코드` 속 이름은 용어를 쓴 것으로 치지 않습니다."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return re.sub(r"`[^`\n]*`", " ", re.sub(r"```.*?```", " ", text, flags=re.S))


def first_chapter(term, terms, texts):
    """term이 처음 나오는 장입니다. 더 긴 용어 안의 term(예: '편향 보정'의 '편향')은 세지 않습니다."""
    longer = sorted((t for t in terms if term in t and t != term), key=len, reverse=True)
    for number, text in texts:
        for t in longer:
            text = text.replace(t, " ")
        if term in text:
            return number
    return None


def test_first_chapter_column_is_true():
    text = (ROOT / "glossary.md").read_text(encoding="utf-8")
    rows = glossary_rows(text)
    texts = [(chapter_number(p), prose(p)) for p in chapters(ROOT / "chapters")]
    wrong = {t: (n, first_chapter(t, rows, texts)) for t, n in rows.items() if first_chapter(t, rows, texts) != n}
    assert not wrong, f"용어 → (표의 장, 실제로 처음 나오는 장): {wrong}"
    assert len(rows) >= 40


def test_the_check_can_fail():
    texts = [(1, "가중치를 바꿉니다"), (2, "편향 보정과 편향")]
    assert first_chapter("편향", ["편향", "편향 보정"], texts[:1] + [(2, "편향 보정")]) is None
    assert first_chapter("편향", ["편향", "편향 보정"], texts) == 2
    assert first_chapter("가중치", ["가중치"], texts) == 1


def test_every_term_has_other_names_and_an_english_name():
    table = glossary_synonyms((ROOT / "glossary.md").read_text(encoding="utf-8"))
    assert all(len(names) >= 2 for names in table.values()), [t for t, n in table.items() if len(n) < 2]
    for term in ["은닉층", "뉴런", "softmax", "ReLU", "Adam", "AdaGrad", "RMSProp", "조건수", "가중치", "편향"]:
        assert term in table, term
    assert "가중치" not in table["매개변수"] and "편향" not in table["매개변수"]  # 다른 이름이 아니라 그 구성입니다


def test_every_glossary_row_has_five_cells():
    """표의 줄마다 칸이 다섯 개입니다: 뜻 칸에 이스케이프하지 않은 |가 있으면 줄이 깨지고 용어가 조용히 빠집니다."""
    text = (ROOT / "glossary.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("|---")]
    broken = [row[:40] for row in rows if len(re.split(r"(?<!\\)\|", row.strip().strip("|"))) != 5]
    assert not broken and len(rows) > 40, broken


def test_a_name_inside_code_is_not_a_first_use(tmp_path):
    """1장의 `sparse_softmax_cross_entropy_with_logits`처럼 코드 속 이름은 softmax를 가르친 것이 아닙니다."""
    cells = [
        {"cell_type": "markdown", "source": ["`sparse_softmax_cross_entropy_with_logits`와\n", "```\nsoftmax\n```"]}
    ]
    path = tmp_path / "01_x.ipynb"
    path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert "softmax" not in prose(path) and "와" in prose(path)
