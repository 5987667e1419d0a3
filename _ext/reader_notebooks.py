"""책의 노트북 내려받기 단추가 독자가 본 셀만 담은 노트북을 주게 합니다.

MyST-NB는 _sources/에 원본 노트북(숨긴 검증 셀까지)을 복사합니다. 빌드가 끝나면 그 자리에 숨긴 셀
(remove-cell)을 뺀 사본을 씁니다. `make notebooks`가 nbval로 실행하는 사본과 같은 함수로 만듭니다.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from notebooks import visible_copy  # noqa: E402


def _replace_sources(app, exception):
    """_sources/의 노트북마다 원본 대신 독자용 사본을 씁니다."""
    if exception is not None or app.builder.name != "html":
        return
    sources = Path(app.outdir) / "_sources"
    for copy in sources.rglob("*.ipynb"):
        original = Path(app.srcdir) / copy.relative_to(sources)
        if original.is_file():
            visible_copy(original, copy.parent)
            json.loads(copy.read_text(encoding="utf-8"))  # 망가진 파일을 내보내지 않습니다


def setup(app):
    app.connect("build-finished", _replace_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
