"""5장의 손글씨 패드: 빌드가 학습한 모델의 가중치 파일과 패드 스크립트를 그 쪽에만 넣습니다.

가중치는 5장의 숨긴 셀이 책을 실행할 때 `_build/handwriting/handwriting-weights.js`로 내보냅니다
(mnist_dnn.handwriting.export_weights)하고, 그 파일의 SHA-256을 `pad_sha256`으로 붙여(glue) 둡니다. 빌드가 끝나면
이 확장이 그 파일을 책의 _static으로 복사하는데, 먼저 파일의 SHA-256이 이 빌드가 실행한(또는 실행 캐시에서 꺼낸)
5장이 적어 둔 값과 같은지 봅니다. 다른 실행(예: 다른 설정으로 5장을 돌린 도구)이 파일을 덮어썼거나 파일이 없으면
경고하므로, 경고를 오류로 다루는 빌드는 멈춥니다.
"""

import ast
import hashlib
import json
import shutil
from pathlib import Path

from sphinx.util import logging

PAGE = "chapters/05_results"
WEIGHTS = "handwriting-weights.js"
DIGEST = "pad_sha256"  # 5장이 가중치 파일의 SHA-256을 붙이는(glue) 이름
LOG = logging.getLogger(__name__)


def weights_path(app) -> Path:
    """5장의 숨긴 셀이 가중치를 쓰는 곳입니다."""
    return Path(app.srcdir) / "_build" / "handwriting" / WEIGHTS


def file_digest(path: Path) -> str:
    """파일의 SHA-256입니다."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def recorded_digest(glued: Path) -> str | None:
    """실행한 5장이 붙여 둔(glue) 가중치 파일의 SHA-256입니다. myst-nb가 붙인 값을 적는 .glue.json에서 읽습니다."""
    if not glued.is_file():
        return None
    output = json.loads(glued.read_text(encoding="utf-8")).get(DIGEST)
    return ast.literal_eval(output["data"]["text/plain"]) if output else None


def weights_problem(source: Path, glued: Path) -> str | None:
    """책에 실을 가중치 파일이 이 빌드의 5장이 만든 것이 아니면 그 까닭입니다."""
    if not source.is_file():
        return f"손글씨 패드의 가중치가 없습니다: {source}"
    recorded = recorded_digest(glued)
    if recorded is None:
        return f"실행한 5장({glued})에 가중치 파일의 SHA-256({DIGEST})이 없습니다"
    if recorded != file_digest(source):
        return f"{source}는 이 빌드의 5장이 만든 가중치가 아닙니다 (SHA-256이 5장이 적은 값과 다릅니다)"
    return None


def glue_path(app) -> Path:
    """myst-nb가 5장에서 붙인 값들을 적어 두는 파일입니다 (실행 캐시에서 꺼낸 장도 같습니다)."""
    return Path(app.outdir).parent / "jupyter_execute" / f"{PAGE}.glue.json"


def _add_to_page(app, pagename, templatename, context, doctree):
    """패드가 있는 쪽에만 스크립트와 스타일을 더합니다 (가중치가 먼저, 둘 다 문서를 읽은 뒤 실행)."""
    if pagename == PAGE:
        app.add_js_file(WEIGHTS, loading_method="defer")
        app.add_js_file("handwriting.js", loading_method="defer")
        app.add_css_file("handwriting.css")


def _copy_weights(app, exception):
    """빌드가 끝나면, 이 빌드의 5장이 내보낸 가중치인지 확인한 뒤 책의 _static에 넣습니다."""
    if exception is not None or app.builder.name != "html":
        return
    source = weights_path(app)
    problem = weights_problem(source, glue_path(app))
    if problem:
        LOG.warning(f"{problem} (5장을 다시 실행하세요: make clean 뒤 make book)")
        return
    shutil.copyfile(source, Path(app.outdir) / "_static" / WEIGHTS)


def setup(app):
    app.connect("html-page-context", _add_to_page)
    app.connect("build-finished", _copy_weights)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
