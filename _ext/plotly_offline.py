"""plotly.js를 책의 _static에 복사하고, Plotly 그림이 있는 쪽에만 불러옵니다 (인터넷 없이 4장의 슬라이더 그림)."""

import shutil
from pathlib import Path

SCRIPT = "plotly.min.js"


def _copy_plotly(app):
    """설치된 plotly 패키지의 plotly.min.js를 정적 파일 폴더에 넣습니다."""
    import plotly

    folder = Path(app.outdir).parent / "plotly_static"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(plotly.__file__).parent / "package_data" / SCRIPT, folder / SCRIPT)
    app.config.html_static_path.append(str(folder))


def _add_to_page(app, pagename, templatename, context, doctree):
    """본문에 Plotly 그림이 있는 쪽에만 <script>를 더합니다."""
    if "plotly-graph-div" in context.get("body", ""):
        app.add_js_file(SCRIPT)


def setup(app):
    app.connect("builder-inited", _copy_plotly)
    app.connect("html-page-context", _add_to_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
