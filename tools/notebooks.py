"""노트북 도구: 출력 없이 저장됐는지 검사하고, 숨긴 셀을 뺀 독자용 사본을 만들고, 장 목록을 읽습니다.

python tools/notebooks.py check-stripped chapters/*.ipynb
python tools/notebooks.py visible OUT_DIR chapters/*.ipynb        # 이미 있는 사본도 새로 씁니다
python tools/notebooks.py visible --keep OUT_DIR chapters/*.ipynb # 이미 있는 사본(독자가 고친 것)은 그대로 둡니다
python tools/notebooks.py refresh-cache BUILD_DIR                 # 패키지가 바뀌었으면 실행 캐시를 지웁니다
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HIDDEN = {"remove-cell"}
CHAPTER = re.compile(r"^(\d+)_")
# 책의 실행 결과를 정하는 파일: 이것이 바뀌면 jupyter-cache가 모르는 채로 옛 출력을 쓰지 않도록 캐시를 지웁니다
PACKAGE_SOURCES = ["mnist_dnn/*.py", "constraints.txt", "pyproject.toml"]


def chapters(folder: Path = ROOT / "chapters") -> list[Path]:
    """장 노트북들을 장 번호(파일 이름 앞의 숫자, 몇 자리든) 순서로 돌려줍니다."""
    found = [p for p in folder.glob("*.ipynb") if CHAPTER.match(p.name)]
    return sorted(found, key=chapter_number)


def chapter_number(path: Path) -> int:
    """'10_extra.ipynb' → 10."""
    return int(CHAPTER.match(Path(path).name).group(1))


def stripped_problems(path: Path) -> list[str]:
    """출력이나 실행 번호가 남은 코드 셀을 찾습니다."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        f"{path}: 셀 {i}에 출력이나 실행 번호가 남아 있습니다 (출력을 지우고 저장하세요)"
        for i, c in enumerate(cells)
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count") is not None)
    ]


def visible_notebook(notebook: dict) -> dict:
    """remove-cell 태그가 붙은 셀을 모두 뺀 노트북입니다 (원본은 그대로 둡니다)."""
    cells = [c for c in notebook["cells"] if not HIDDEN & set(c.get("metadata", {}).get("tags", []))]
    return {**notebook, "cells": cells}


def visible_copy(path: Path, out_dir: Path, keep: bool = False) -> Path:
    """숨긴 셀을 뺀 사본을 out_dir에 씁니다. keep이면 이미 있는 사본은 건드리지 않습니다."""
    out = out_dir / path.name
    if keep and out.exists():
        return out
    notebook = visible_notebook(json.loads(path.read_text(encoding="utf-8")))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(out)  # 반쯤 쓴 파일이 남지 않도록
    return out


def package_digest(root: Path = ROOT) -> str:
    """패키지 소스와 고정한 의존성 판의 해시입니다."""
    h = hashlib.sha256()
    for pattern in PACKAGE_SOURCES:
        for p in sorted(root.glob(pattern)):
            h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def refresh_cache(build: Path, root: Path = ROOT) -> bool:
    """패키지가 지난 빌드 뒤에 바뀌었으면 jupyter-cache(.jupyter_cache)를 지웁니다. 지웠으면 참입니다.

    jupyter-cache는 노트북의 코드 셀만 해시하므로, 장이 부르는 패키지가 바뀌어도 옛 출력을 씁니다.
    """
    stamp, digest = build / ".package-digest", package_digest(root)
    if stamp.exists() and stamp.read_text().strip() == digest:
        return False
    shutil.rmtree(build / ".jupyter_cache", ignore_errors=True)
    build.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest + "\n")
    return True


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "check-stripped":
        problems = [p for name in argv[1:] for p in stripped_problems(Path(name))]
        print("\n".join(problems) or f"노트북 {len(argv) - 1}개가 모두 출력 없이 저장돼 있습니다")
        return 1 if problems else 0
    if len(argv) >= 3 and argv[0] == "visible":
        keep = argv[1] == "--keep"
        out, names = Path(argv[2 if keep else 1]), argv[3 if keep else 2 :]
        for name in names:
            visible_copy(Path(name), out, keep=keep)
        return 0
    if len(argv) == 2 and argv[0] == "refresh-cache":
        if refresh_cache(Path(argv[1])):
            print("패키지나 의존성이 바뀌어 노트북 실행 캐시를 비웠습니다: 모든 장을 다시 실행합니다")
        return 0
    print(
        "사용법: notebooks.py check-stripped NB... | visible [--keep] OUT_DIR NB... | refresh-cache BUILD_DIR",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
