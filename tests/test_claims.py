"""mnist_dnn.claims: 본문의 주장이 성립하지 않으면 잰 값과 함께 실패하고, 기록 모드에서는 모두 모읍니다."""

import json
import math

import pytest

from mnist_dnn.claims import LOG_ENV, check, margin


def test_claim_that_holds_passes(monkeypatch):
    monkeypatch.delenv(LOG_ENV, raising=False)
    assert check("3.2 SGD 100의 비용은 찍기 수준보다 큽니다", 30.0, ">", 10 * math.log(10))


def test_claim_that_fails_names_itself_and_its_values(monkeypatch):
    monkeypatch.delenv(LOG_ENV, raising=False)
    with pytest.raises(AssertionError, match=r"3\.2 SGD의 최고도 Adam보다 낮습니다: 0\.7794 < 0\.6496"):
        check("3.2 SGD의 최고도 Adam보다 낮습니다", 0.7794, "<", 0.6496)


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_nan_and_inf_never_pass(monkeypatch, value):
    monkeypatch.delenv(LOG_ENV, raising=False)
    with pytest.raises(AssertionError):
        check("비용은 유한합니다", value, ">", 0)


def test_unknown_comparison_is_refused():
    with pytest.raises(ValueError, match="비교"):
        check("x", 1, "≈", 1)


def test_log_mode_records_every_claim_without_stopping(monkeypatch, tmp_path):
    log = tmp_path / "claims.jsonl"
    monkeypatch.setenv(LOG_ENV, str(log))
    assert check("a", 1.0, "<", 2.0) is True
    assert check("b", 3.0, "<", 2.0) is False  # 실패해도 멈추지 않고 기록합니다
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(r["name"], r["ok"]) for r in records] == [("a", True), ("b", False)]
    assert records[0]["margin"] == pytest.approx(0.5) and records[1]["margin"] == pytest.approx(-1 / 3)


def test_margin_sign_follows_the_comparison():
    assert margin(1, "<", 2) > 0 > margin(2, "<", 1)
    assert margin(2, ">", 1) > 0 > margin(1, ">", 2)
    assert margin(5, "==", 5) == 0 and margin(5, "==", 6) == -math.inf


def test_every_claim_names_the_section_it_checks():
    """장의 check 이름은 '절 번호 주장' 꼴이고, 그 번호는 check가 놓인 절입니다 (실패 메시지가 본문을 가리키도록)."""
    import re
    from pathlib import Path

    names = 0
    for path in sorted((Path(__file__).resolve().parents[1] / "chapters").glob("0*.ipynb")):
        section = None
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                section = (re.findall(r"^## (\d\.\d+) ", text, re.M) or [section])[-1]
                continue
            for number in re.findall(r'check\(\s*f?"([^" ]+) ', text):
                assert number.split(".")[0] == str(int(path.name[:2])), f"{path.name}: {number}"
                assert "." not in number or number == section, f"{path.name}: {number}는 {section}절에 있습니다"
                names += 1
    assert names > 100
