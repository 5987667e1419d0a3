"""노트북 도구: 출력 없이 저장됐는지 검사하고, 숨긴 셀을 뺀 독자용 사본을 만듭니다.

python tools/notebooks.py check-stripped chapters/*.ipynb
python tools/notebooks.py visible OUT_DIR chapters/*.ipynb
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HIDDEN = {"remove-cell"}


def stripped_problems(path: Path) -> list[str]:
    """출력이나 실행 번호가 남은 코드 셀을 찾습니다."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        f"{path}: 셀 {i}에 출력이나 실행 번호가 남아 있습니다 (출력을 지우고 저장하세요)"
        for i, c in enumerate(cells)
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count") is not None)
    ]


def visible_copy(path: Path, out_dir: Path) -> Path:
    """remove-cell 태그가 붙은 셀을 모두 지운 사본을 out_dir에 씁니다."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"] = [c for c in notebook["cells"] if not HIDDEN & set(c.get("metadata", {}).get("tags", []))]
    out = out_dir / path.name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "check-stripped":
        problems = [p for name in argv[1:] for p in stripped_problems(Path(name))]
        print("\n".join(problems) or f"노트북 {len(argv) - 1}개가 모두 출력 없이 저장돼 있습니다")
        return 1 if problems else 0
    if len(argv) >= 3 and argv[0] == "visible":
        for name in argv[2:]:
            visible_copy(Path(name), Path(argv[1]))
        return 0
    print("사용법: notebooks.py check-stripped NB... | visible OUT_DIR NB...", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
