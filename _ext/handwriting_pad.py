"""5장의 손글씨 패드: 빌드가 학습한 모델의 가중치 파일과 패드 스크립트를 그 쪽에만 넣습니다.

가중치는 5장의 숨긴 셀이 책을 실행할 때 `_build/handwriting/handwriting-weights.js`로 내보냅니다
(mnist_dnn.handwriting.export_weights). 빌드가 끝나면 그 파일을 책의 _static으로 복사합니다. 파일이 없으면
경고하므로, 경고를 오류로 다루는 빌드는 멈춥니다.
"""

import shutil
from pathlib import Path

from sphinx.util import logging

PAGE = "chapters/05_results"
WEIGHTS = "handwriting-weights.js"
LOG = logging.getLogger(__name__)


def weights_path(app) -> Path:
    """5장의 숨긴 셀이 가중치를 쓰는 곳입니다."""
    return Path(app.srcdir) / "_build" / "handwriting" / WEIGHTS


def _add_to_page(app, pagename, templatename, context, doctree):
    """패드가 있는 쪽에만 스크립트와 스타일을 더합니다 (가중치가 먼저, 둘 다 문서를 읽은 뒤 실행)."""
    if pagename == PAGE:
        app.add_js_file(WEIGHTS, loading_method="defer")
        app.add_js_file("handwriting.js", loading_method="defer")
        app.add_css_file("handwriting.css")


def _copy_weights(app, exception):
    """빌드가 끝나면 이 빌드가 내보낸 가중치를 책의 _static에 넣습니다."""
    if exception is not None or app.builder.name != "html":
        return
    source = weights_path(app)
    if not source.is_file():
        LOG.warning(f"손글씨 패드의 가중치가 없습니다: {source} (5장을 다시 실행하세요: make clean 뒤 make book)")
        return
    shutil.copyfile(source, Path(app.outdir) / "_static" / WEIGHTS)


def setup(app):
    app.connect("html-page-context", _add_to_page)
    app.connect("build-finished", _copy_weights)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
