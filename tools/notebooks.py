"""노트북 도구: 출력 없이 저장됐는지 검사하고, 숨긴 셀을 뺀 독자용 사본을 만들고, 장 목록을 읽습니다.

python tools/notebooks.py check-stripped chapters/*.ipynb
python tools/notebooks.py visible OUT_DIR chapters/*.ipynb        # 이미 있는 사본도 새로 씁니다
python tools/notebooks.py visible --keep OUT_DIR chapters/*.ipynb # 이미 있는 사본(독자가 고친 것)은 그대로 둡니다
python tools/notebooks.py refresh-cache BUILD_DIR                 # 패키지가 바뀌었으면 실행 캐시를 비우고 새로 만듭니다
python tools/notebooks.py execute BUILD_DIR chapters/*.ipynb       # 장들을 차례로 실행해 책의 실행 캐시에 넣습니다
python tools/notebooks.py census chapters/*.ipynb                  # 숨긴 코드와 보이는 코드의 줄 수
python tools/notebooks.py prune-runs STORE_DIR                     # 학습 결과 저장소에서 옛 패키지 판의 항목을 지웁니다
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import sys
import tokenize
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


# 독자용 사본의 첫 코드 셀: 책 밖(내려받은 노트북, make lab, Colab)에서 패키지가 없으면 무엇을 설치할지 한 줄로 알립니다
GUARD = """# 이 노트북은 이 책의 mnist_dnn 패키지를 씁니다
import importlib.util

if importlib.util.find_spec("mnist_dnn") is None:
    raise SystemExit(
        "mnist_dnn 패키지가 없습니다: 이 책의 저장소 폴더에서 `pip install -e .`로 설치하고 커널을 다시 시작하세요"
    )"""


def guard_cell() -> dict:
    """패키지가 없으면 설치할 것을 알리는 코드 셀입니다."""
    lines = GUARD.splitlines(keepends=True)
    return {
        "cell_type": "code",
        "id": "reader-guard",
        "metadata": {},
        "source": lines,
        "outputs": [],
        "execution_count": None,
    }


def visible_notebook(notebook: dict) -> dict:
    """remove-cell 태그가 붙은 셀을 모두 빼고, 첫 코드 셀 앞에 패키지 안내 셀을 넣은 노트북입니다 (원본은 그대로)."""
    cells = [c for c in notebook["cells"] if not HIDDEN & set(c.get("metadata", {}).get("tags", []))]
    first = next((i for i, c in enumerate(cells) if c["cell_type"] == "code"), len(cells))
    return {**notebook, "cells": cells[:first] + [guard_cell()] + cells[first:]}


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


def create_cache(build: Path) -> None:
    """실행 캐시의 데이터베이스를 미리 만듭니다.

    jupyter-cache는 파일이 없을 때만 표를 만들므로, 두 줄이 빈 캐시에서 함께 시작하면 한쪽이 표가 아직 없는
    파일을 열 수 있습니다. 그래서 줄을 나누기 전에 한 번 만듭니다.
    """
    from jupyter_cache import get_cache

    (build / ".jupyter_cache").mkdir(parents=True, exist_ok=True)
    get_cache(str(build / ".jupyter_cache")).list_cache_records()


def code_lines(source: str) -> int:
    """빈 줄과 주석을 뺀 코드 줄 수입니다 (여러 줄에 걸친 문장은 그 줄들을 모두 셉니다)."""
    source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    rows = set()
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in skip:
            rows.update(range(token.start[0], token.end[0] + 1))
    return len(rows)


def census(paths: list[Path]) -> dict:
    """장마다, 그리고 모두 합쳐 보이는 코드 셀과 숨긴 코드 셀의 (셀 수, 코드 줄 수)입니다."""
    table = {}
    for path in paths:
        counts = {"visible": [0, 0], "hidden": [0, 0]}
        for c in json.loads(Path(path).read_text(encoding="utf-8"))["cells"]:
            if c["cell_type"] == "code":
                side = counts["hidden" if HIDDEN & set(c.get("metadata", {}).get("tags", [])) else "visible"]
                side[0], side[1] = side[0] + 1, side[1] + code_lines("".join(c["source"]))
        table[Path(path).stem] = counts
    table["전체"] = {k: [sum(t[k][i] for t in table.values()) for i in (0, 1)] for k in ("visible", "hidden")}
    return table


def execute_into_cache(build: Path, paths: list[Path], timeout: int) -> list[str]:
    """장들을 숨긴 셀까지 차례로 실행해 책 빌드의 실행 캐시(jupyter-cache)에 넣고, 실패한 장의 설명을 돌려줍니다.

    책 빌드(myst-nb의 cache 실행)와 같은 방법, 같은 폴더(노트북이 있는 폴더)에서 실행하므로, 빌드는 이 결과를
    캐시에서 찾아 다시 실행하지 않습니다. 이미 캐시에 있는 장은 건너뜁니다. 두 줄로 나눠 나란히 부르면
    `make book`이 CPU 두 개를 씁니다.
    """
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.executors.utils import single_nb_execution

    cache, failed = get_cache(str(build / ".jupyter_cache")), []
    for path in map(Path, paths):
        notebook = nbformat.read(path, as_version=4)
        try:
            cache.match_cache_notebook(notebook)
            continue
        except KeyError:
            pass
        result = single_nb_execution(notebook, cwd=str(path.parent.resolve()), timeout=timeout, allow_errors=False)
        if result.err is not None:
            failed.append(f"{path.name}: {type(result.err).__name__}\n{result.exc_string}")
            continue
        bundle = CacheBundleIn(notebook, str(path.resolve()), data={"execution_seconds": result.time})
        cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
        print(f"{path.name}: {result.time:.0f}초", flush=True)
    return failed


def book_timeout(root: Path = ROOT) -> int:
    """_config.yml의 execute.timeout(셀 하나의 최대 시간)입니다."""
    import yaml

    return int(yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))["execute"]["timeout"])


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
    if len(argv) >= 3 and argv[0] == "execute":
        failed = execute_into_cache(Path(argv[1]), [Path(a) for a in argv[2:]], book_timeout())
        print("\n".join(failed), file=sys.stderr)
        return 1 if failed else 0
    if len(argv) >= 2 and argv[0] == "census":
        for name, c in census([Path(a) for a in argv[1:]]).items():
            ratio = c["hidden"][1] / max(1, c["visible"][1])
            (vc, vl), (hc, hl) = c["visible"], c["hidden"]
            print(f"{name:16} 보이는 셀 {vc:3}개 {vl:4}줄, 숨긴 셀 {hc:3}개 {hl:4}줄, {ratio:.2f}배")
        return 0
    if len(argv) == 2 and argv[0] == "prune-runs":
        from mnist_dnn.store import prune

        removed = prune(argv[1])
        if removed:
            print(f"학습 결과 저장소에서 옛 패키지 판의 항목 {len(removed)}묶음을 지웠습니다")
        return 0
    if len(argv) == 2 and argv[0] == "refresh-cache":
        if refresh_cache(Path(argv[1])):
            print("패키지나 의존성이 바뀌어 노트북 실행 캐시를 비웠습니다: 모든 장을 다시 실행합니다")
        create_cache(Path(argv[1]))
        return 0
    print(
        "사용법: notebooks.py check-stripped NB... | visible [--keep] OUT_DIR NB... | refresh-cache BUILD_DIR"
        " | execute BUILD_DIR NB... | census NB... | prune-runs STORE_DIR",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
