"""빌드된 책을 독자처럼 엽니다: 헤드리스 Chromium으로 모든 쪽, 그림, 수식, 한국어 검색, 실행 버튼.

책은 file://로 엽니다(인터넷 없는 독자와 같은 조건). 기계 밖으로 나가는 요청은 모두 막고 기록합니다.
"""

import json
import os
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from mnist_dnn.handwriting import forward, preprocess, read_weights

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
from ko_search import WORD, SearchKorean, glossary_synonyms  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))
import notebooks  # noqa: E402

HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHAPTERS = [
    "01_mnist_data",
    "02_original_code",
    "03_parameters",
    "04_adam",
    "05_results",
    "06_better_model",
    "07_diagnose",
]
APPENDICES = ["08_keras_adam"]  # 부록의 노트북: 장 번호 없이, 그림 없이 책 끝에 놓입니다
PAGES = ["intro", "glossary"] + [f"chapters/{c}" for c in CHAPTERS + APPENDICES]
QUERIES = {
    "학습률": "03_parameters",
    "학습률을": "03_parameters",
    "옵티마이저": "04_adam",
    "정확도": "05_results",
    "정확도는": "05_results",
    "에폭": "03_parameters",
    "배치": "03_parameters",
}
HANGUL = re.compile("[가-힣]")
# 숫자를 읽을 때의 끝소리: 영 일 이 삼 사 오 육 칠 팔 구 → 받침(C), ㄹ 받침(L), 받침 없음(V). 10, 100, 1000도 받침(C).
LAST_SOUND = dict(zip("0123456789", "CLVCVVCLLV"))
PARTICLES = {"으로": "로", "을": "를", "이": "가", "은": "는", "과": "와"}  # 받침 뒤 → 받침 없는 말 뒤
NUMBER_PARTICLE = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?%?)(으로|로|(?:을|를|이|가|은|는|과|와)(?![가-힣]))")
PROSE = """sel => { const m = document.querySelector(sel).cloneNode(true);
  m.querySelectorAll("pre, code, mjx-container, .math, .cell_output, script, style").forEach(e => e.replaceWith(" "));
  return m.textContent; }"""
COUNTS = {"pages": 0, "images": 0, "queries": 0}


SOURCES = [
    "_config.yml",
    "_toc.yml",
    "intro.md",
    "glossary.md",
    "chapters/*.ipynb",
    "_ext/*.py",
    "_static/*",
    "mnist_dnn/*.py",  # 장이 부르는 패키지가 바뀌면 책의 출력도 바뀝니다
    "constraints.txt",
    "tools/notebooks.py",
]
STAMP = HTML / ".built-by-make"  # `make book`이 빌드를 마치면 남기는 표시


def stale_sources(stamp: Path) -> list[str]:
    """마지막 `make book`보다 나중에 고친 책의 원본 파일들입니다."""
    built = stamp.stat().st_mtime
    return sorted(
        str(p.relative_to(ROOT))
        for pattern in SOURCES
        for p in ROOT.glob(pattern)
        if p.is_file() and p.stat().st_mtime > built
    )


@pytest.fixture(scope="session")
def site():
    """`make book`이 만든 책. 없거나 원본보다 오래됐으면 다른 설정으로 빌드하지 않고 실패합니다."""
    if not STAMP.exists():
        pytest.fail("`make book`으로 빌드한 책이 없습니다: `make browser`로 빌드부터 하고 테스트하세요")
    stale = stale_sources(STAMP)
    if stale:
        pytest.fail(
            f"책이 원본보다 오래됐습니다({', '.join(stale[:5])} …): `make browser`로 다시 빌드하고 테스트하세요"
        )
    SHOTS.mkdir(parents=True, exist_ok=True)
    return HTML


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium이 없습니다: make system-deps 또는 apt-get install chromium")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def guarded_tab(browser, width=1280):
    """바깥으로 나가는 요청을 막고 기록하는 새 탭입니다."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ko-KR")
    tab = context.new_page()
    tab.outside = []

    def guard(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            return route.continue_()
        tab.outside.append(url)
        return route.abort()

    context.route("**/*", guard)
    return tab


@pytest.fixture()
def page(browser):
    """클릭하거나 그리는 테스트마다 새로 여는 탭입니다."""
    tab = guarded_tab(browser)
    yield tab
    tab.context.close()


@pytest.fixture(scope="session")
def shared_tab(browser):
    """검색 테스트들이 함께 쓰는 탭 하나: 테스트마다 새 탭을 열고 테마와 색인을 처음부터 읽지 않습니다."""
    tab = guarded_tab(browser)
    yield tab
    tab.context.close()


@pytest.fixture()
def search_page(shared_tab):
    """함께 쓰는 탭을, 바깥 요청 기록을 비운 채로 넘깁니다 (쪽마다 goto로 새로 엽니다)."""
    shared_tab.outside.clear()
    return shared_tab


@pytest.fixture(scope="session")
def opened(browser, site):
    """쪽과 화면 폭마다 한 번만 열어 둔 탭: 읽기만 하는 테스트들이 함께 씁니다."""
    tabs = {}

    def get(name, width=1280):
        if (name, width) not in tabs:
            tabs[name, width] = open_page(guarded_tab(browser, width), site, name)
        return tabs[name, width]

    yield get
    for tab in tabs.values():
        tab.context.close()


def open_page(page, site, name):
    page.goto((site / f"{name}.html").as_uri(), wait_until="load")
    page.wait_for_function("() => !window.MathJax || !MathJax.startup || MathJax.startup.promise", timeout=10_000)
    page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    return page


@pytest.mark.parametrize("name", PAGES)
def test_page_as_a_reader_sees_it(opened, name):
    page = opened(name)
    page.screenshot(path=str(SHOTS / f"{name.replace('/', '_')}.png"), full_page=True)
    assert HANGUL.search(page.title()), page.title()
    body = page.inner_text("main")
    assert HANGUL.search(body)
    for bad in ("Traceback", "Glyph", "missing from font"):
        assert bad not in body, f"{name}: '{bad}'가 보입니다"
    assert not re.search(r"\b\w*(Error|Exception): ", body), f"{name}: 예외 메시지가 보입니다"
    assert page.locator(".output.stderr, .stderr").count() == 0, f"{name}: stderr 출력이 있습니다"
    images = page.eval_on_selector_all("main img", "els => els.map(e => [e.currentSrc, e.naturalWidth])")
    assert all(width > 0 for _, width in images), [src for src, width in images if not width]
    assert "\\frac" not in body and "\\sqrt" not in body and "$$" not in body, f"{name}: 수식이 그려지지 않았습니다"
    if page.locator(".math").count():
        assert page.locator("mjx-container").count() > 0, f"{name}: MathJax가 수식을 그리지 않았습니다"
    assert page.outside == [], f"{name}: 바깥으로 나간 요청 {page.outside}"
    COUNTS["pages"] += 1
    COUNTS["images"] += len(images)


def test_chapters_have_figures_and_code_highlighting(opened):
    for chapter in CHAPTERS:
        page = opened(f"chapters/{chapter}")
        assert page.locator("main img").count() >= 1, chapter
        assert page.locator("div.highlight span.kn, div.highlight span.k").count() > 0, chapter


def test_results_page_shows_accuracy(opened):
    page = opened("chapters/05_results")
    text = page.inner_text("main")
    match = re.search(r"테스트 정확도는 원본 15 에폭이 (0\.\d{4}), 60 에폭이 (0\.\d{4}), 6장의 모델이 (0\.\d{4})", text)
    assert match, text[:300]
    low, long, better = (float(g) for g in match.groups())
    assert 0.5 < low < long < better < 1.0


def glued(chapter, name):
    """책 빌드가 그 장을 실행하며 붙인(glue) 값입니다 (myst-nb가 _build/jupyter_execute에 적어 둔 것)."""
    path = HTML.parent / "jupyter_execute" / "chapters" / f"{chapter}.glue.json"
    return eval(json.loads(path.read_text(encoding="utf-8"))[name]["data"]["text/plain"])  # repr이 적혀 있습니다


def test_better_model_page_shows_the_glued_test_accuracy_and_seed_spread(opened):
    """6장 쪽의 숫자는 그 장을 실행한 결과에서 붙인 값이고, 세 시드의 정확도는 모두 0.975를 넘습니다."""
    text = opened("chapters/06_better_model").inner_text("main")
    test = re.search(r"이 모델의 테스트 정확도는 (0\.\d{4})", text)
    spread = re.search(r"세 시드의 테스트 정확도는 (0\.\d{4})에서 (0\.\d{4}) 사이", text)
    assert test and spread, "6장의 결과 문장이 보이지 않습니다"
    assert test.group(1) == f"{glued('06_better_model', 'test_final'):.4f}"
    low, high = glued("06_better_model", "final_min"), glued("06_better_model", "final_max")
    assert spread.groups() == (f"{low:.4f}", f"{high:.4f}") and 0.975 < low <= high


def slide_to_the_end(page, site, figure, trace=0):
    """4장의 Plotly 그림 figure에서 슬라이더를 끝으로 옮기고 (선이 바뀌었는지, 슬라이더 글자)를 돌려줍니다."""
    open_page(page, site, "chapters/04_adam")
    page.wait_for_function(f"() => window.Plotly && document.querySelector('#{figure} .main-svg')")
    line = f"document.querySelectorAll('#{figure} .scatterlayer .trace path.js-line')[{trace}].getAttribute('d')"
    before = page.evaluate(f"() => {line}")
    rail = page.locator(f"#{figure} .slider-rail-touch-rect").first
    box = rail.bounding_box()
    rail.click(position={"x": box["width"] - 3, "y": box["height"] / 2})
    page.wait_for_function(f"before => {line} !== before", arg=before, timeout=10_000)
    return page.evaluate(f"() => {line}") != before, page.locator(f"#{figure} .slider-container").first.text_content()


def test_learning_rate_slider_redraws_paths_offline(page, site):
    """4장의 슬라이더를 움직이면 인터넷 없이(바깥 요청은 모두 막힘) 경로가 다시 그려져야 합니다."""
    changed, label = slide_to_the_end(page, site, "interactive-paths")
    assert changed and "1.02" in label, label
    page.screenshot(path=str(SHOTS / "chapters_04_adam_slider.png"), full_page=False)
    assert page.outside == []


def test_momentum_slider_redraws_the_convergence_rate_offline(page, site):
    """4.3절의 모멘텀 슬라이더도 인터넷 없이 수렴 속도 곡선(굵은 선: 느린 방향)을 다시 그려야 합니다."""
    changed, label = slide_to_the_end(page, site, "interactive-rates", trace=2)
    assert changed and "0.95" in label, label
    assert page.outside == []


def search_hits_on_page(page):
    """검색 쪽이 결과를 다 붙일 때까지 기다려 링크를 돌려줍니다.

    결과는 5 ms에 하나씩 덧붙고, 요약 문장은 다 붙인 뒤에야 쓰입니다: 첫 결과만 기다리면 목록의 앞부분만 봅니다.
    """
    page.wait_for_function(
        "document.querySelector('#search-results p.search-summary')?.innerText.trim().length > 0", timeout=15_000
    )
    return page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")


GLOSSARY_SYNONYMS = ["손실", "미니배치", "오차역전파", "에포크", "과적합", "하이퍼파라미터", "매개변수", "업데이트"]


@pytest.mark.parametrize("query", GLOSSARY_SYNONYMS)
def test_glossary_found_under_other_names(search_page, site, query):
    """다른 책에서 쓰는 이름으로 검색해도 용어집이 나와야 합니다."""
    search_page.goto((site / "search.html").as_uri() + f"?q={query}", wait_until="load")
    hits = search_hits_on_page(search_page)
    assert any("glossary.html" in h for h in hits), (query, hits[:5])


@pytest.mark.parametrize(
    "query, expected", [("애담", "Adam"), ("렐류", "ReLU"), ("에이다그라드", "AdaGrad"), ("쿼크", None)]
)
def test_search_that_finds_nothing_suggests_glossary_terms(search_page, site, query, expected):
    """찾은 쪽이 없으면 빈 쪽 대신 용어집에서 철자가 가까운 용어를 보여 줍니다."""
    search_page.goto((site / "search.html").as_uri() + f"?q={query}", wait_until="load")
    search_page.wait_for_selector("#search-results .ko-suggest", timeout=15_000)
    assert search_page.locator("#search-results ul.search li").count() == 0
    suggested = search_page.eval_on_selector_all("#search-results .ko-suggest a", "els => els.map(e => e.textContent)")
    if expected:
        assert expected in suggested[:3], (query, suggested)
    else:
        assert suggested == ["용어집 전체 보기"], suggested
    assert search_page.outside == []


def glossary_names():
    """용어집의 (용어, 다른 이름, 처음 나오는 장의 쪽 이름)을 모두 돌려줍니다. 테스트가 따로 적어 둔 목록이 아닙니다."""
    text = (ROOT / "glossary.md").read_text(encoding="utf-8")
    chapter_of = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and re.fullmatch(r"\d장", cells[4]):
            chapter_of[cells[0]] = f"chapters/{CHAPTERS[int(cells[4][0]) - 1]}"
    return [(term, name, chapter_of[term]) for term, names in glossary_synonyms(text).items() for name in names]


def search_hits(index, query, lang):
    """Sphinx의 검색처럼 질의의 모든 낱말을 담은 쪽들을 찾습니다 (불용어는 건너뜁니다)."""
    hits = None
    for word in WORD.findall(query.lower()):
        if word in lang.stopwords:
            continue
        found = set()
        for table in (index["terms"], index["titleterms"]):
            docs = table.get(lang.stem(word), [])
            found |= {docs} if isinstance(docs, int) else set(docs)
        hits = found if hits is None else hits & found
    return {index["docnames"][i] for i in hits or ()}


def test_every_other_name_in_the_glossary_finds_the_teaching_chapter(site):
    """용어집의 다른 이름 하나하나로 찾으면 용어집과 그 용어가 처음 나오는 장이 모두 나와야 합니다 (빌드된 색인)."""
    raw = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    lang = SearchKorean.__new__(SearchKorean)
    lang.init({})
    missing = [(n, t, ch) for t, n, ch in glossary_names() if not {"glossary", ch} <= search_hits(index, n, lang)]
    assert missing == [], missing


@pytest.mark.parametrize("term, name, chapter", glossary_names()[::9])
def test_other_names_find_the_teaching_chapter_in_the_browser(search_page, site, term, name, chapter):
    """브라우저의 검색 쪽에서도: 용어집에서 고른 다른 이름(아홉에 하나)으로 찾으면 가르치는 장이 나옵니다."""
    search_page.goto((site / "search.html").as_uri() + f"?q={name}", wait_until="load")
    hits = search_hits_on_page(search_page)
    assert any(f"{chapter}.html" in h for h in hits) and any("glossary.html" in h for h in hits), (name, term, hits)
    COUNTS["queries"] += 1


@pytest.mark.parametrize("name", [f"chapters/{c}" for c in CHAPTERS + APPENDICES])
def test_download_button_and_no_unconfigured_launch_links(opened, site, name):
    """저장소 주소가 설정되지 않았으니 저장소·Colab·Binder 단추는 없어야 하고, 내려받기 단추는 있어야 합니다."""
    page = opened(name)
    # 본문(article) 안의 출처 링크는 빼고, 쪽 머리의 단추와 옆 막대의 링크만 봅니다
    links = page.eval_on_selector_all("a[href]", "els => els.filter(e => !e.closest('article')).map(e => e.href)")
    assert not [h for h in links if any(s in h for s in ("colab.research.google.com", "mybinder.org", "github.com"))]
    assert page.locator("article a[href*='colab.research.google.com'], article a[href*='mybinder.org']").count() == 0
    download = page.locator(f'a[href$="{name.split("/")[-1]}.ipynb"]')
    assert download.count() > 0, f"{name}: 노트북 내려받기 단추가 없습니다"
    target = (site / "_sources" / f"{name}.ipynb").resolve()
    assert target.is_file() and '"cells"' in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["chapters/03_parameters", "chapters/06_better_model"])
def test_downloaded_notebook_is_the_visible_copy(page, site, name):
    """내려받기 단추가 주는 노트북은 독자가 본 셀만 담습니다: 숨긴 셀, check, glue가 없습니다."""
    open_page(page, site, name)
    page.click(".dropdown-download-buttons button")
    with page.context.expect_page() as opened:
        page.click(".dropdown-download-buttons a[href$='.ipynb']")
    tab = opened.value
    tab.wait_for_load_state()
    downloaded = json.loads(tab.inner_text("body"))
    source = json.loads((ROOT / f"{name}.ipynb").read_text(encoding="utf-8"))
    assert downloaded == notebooks.visible_notebook(source)
    code = "\n".join("".join(c["source"]) for c in downloaded["cells"] if c["cell_type"] == "code")
    assert "check(" not in code and "glue(" not in code and "remove-cell" not in json.dumps(downloaded)
    assert len(downloaded["cells"]) < len(source["cells"])  # 원본에는 숨긴 셀이 있었습니다


# 줄 안에서 끊긴 한글 낱말을 찾습니다: 이어진 한글 음절마다 Range를 만들어 줄이 둘 이상이면 끊긴 것입니다.
# 괄호나 가운뎃점 앞뒤처럼 문장 부호에서 바뀌는 줄은 허용합니다.
SPLIT_WORDS = r"""sel => {
  const broken = [];
  let words = 0;
  for (const root of document.querySelectorAll(sel)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('code, pre, a, .math, mjx-container')) continue;
      const re = /[\uac00-\ud7a3]{2,}/g;  // 한글 음절이 이어진 덩어리: 이 안에서 줄이 바뀌면 안 됩니다
      let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        words += 1;
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return [words, broken];
}"""
LINE_PAGES = ["intro", "glossary", "chapters/03_parameters", "chapters/06_better_model"]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", LINE_PAGES)
def test_korean_lines_break_between_words(opened, name, width):
    tab = opened(name, width)
    assert tab.eval_on_selector("main p", "e => getComputedStyle(e).wordBreak") == "keep-all"
    words, broken = tab.evaluate(SPLIT_WORDS, "main p, main td, main th, main li, main dd, main dt, main figcaption")
    tab.screenshot(path=str(SHOTS / f"lines_{name.replace('/', '_')}_{width}.png"), full_page=True)
    assert words > 50 and broken == [], f"{name} @ {width}px: 줄 안에서 끊긴 낱말 {broken[:10]}"


def misread_particles(text):
    """숫자 바로 뒤 조사가 숫자를 읽은 소리와 맞지 않는 곳들: [(쓴 것, 맞는 것)]."""
    wrong = []
    for number, particle in NUMBER_PARTICLE.findall(text):
        sound = "V" if number.endswith("%") else LAST_SOUND[number[-1]]  # 퍼센트는 받침이 없습니다
        after_consonant = next(c for c, v in PARTICLES.items() if particle in (c, v))
        vowel_form = PARTICLES[after_consonant]
        right = vowel_form if sound == "V" or (sound == "L" and vowel_form == "로") else after_consonant
        if particle != right:
            wrong.append((number + particle, number + right))
    return wrong


def test_misread_particles_follows_how_numbers_are_read():
    text = "0.9436로 0.9432로 0.8256를 63%를 10과 7로 7을 3번째로 1,000가 0.5는 0.6은 2.1로서"
    assert misread_particles(text) == [("0.9436로", "0.9436으로"), ("0.8256를", "0.8256을"), ("1,000가", "1,000이")]


@pytest.mark.parametrize("name", PAGES)
def test_particles_after_numbers_read_right(opened, name):
    page = opened(name)
    assert misread_particles(page.evaluate(PROSE, "main")) == []


@pytest.mark.parametrize("query, expected", QUERIES.items())
def test_korean_search_through_the_search_box(search_page, site, query, expected):
    open_page(search_page, site, "intro")
    search_page.keyboard.press("Control+k")
    box = search_page.locator("input[name='q']:visible").first
    box.fill(query)
    box.press("Enter")
    search_page.wait_for_url("**/search.html?*")
    links = search_hits_on_page(search_page)
    assert any(expected in href for href in links), f"{query!r}: {links[:5]}"  # 순위는 거칠어 찾았는지만 봅니다
    assert search_page.outside == []
    COUNTS["queries"] += 1


def test_stale_book_is_detected(tmp_path, monkeypatch):
    """원본을 고친 뒤의 책은 오래된 책으로 알아봅니다."""
    stamp = tmp_path / ".built-by-make"
    stamp.write_text("")
    os.utime(stamp, (1, 1))  # 아주 오래전에 만든 책
    assert "_config.yml" in stale_sources(stamp)
    assert "mnist_dnn/training.py" in stale_sources(stamp)  # 패키지를 고쳐도 오래된 책입니다
    os.utime(stamp)  # 방금 만든 책
    assert stale_sources(stamp) == []


# 그림: 이미지와 4장의 Plotly 그림(대체 글은 aria-label, 벡터라 해상도는 보지 않습니다)
FIGURES = r"""() => [...document.querySelectorAll("main img, main .plotly-graph-div")].map(el => {
  const fig = el.closest("figure");
  const id = fig && (fig.id || (fig.querySelector("[id]") || {}).id);
  const img = el.tagName === "IMG";
  return {
    alt: (img ? el.getAttribute("alt") : el.getAttribute("aria-label")) || "",
    number: fig ? (fig.querySelector(".caption-number") || {}).textContent || "" : "",
    cited: !!id && document.querySelectorAll(`main a[href="#${id}"]`).length > 0,
    ratio: img ? el.naturalWidth / Math.max(1, el.getBoundingClientRect().width) : 2,
  };
})"""


@pytest.mark.parametrize("name", [f"chapters/{c}" for c in CHAPTERS])
def test_every_figure_is_numbered_cited_described_and_sharp(opened, name):
    """그림마다 '그림 N.M' 번호와 캡션, 본문의 참조, 무엇을 보이는지 말하는 한국어 대체 글, 두 배 해상도가 있습니다."""
    page = opened(name)
    figures = page.evaluate(FIGURES)
    assert figures, name
    chapter = int(name.split("/")[-1][:2])
    for f in figures:
        assert re.fullmatch(rf"그림 {chapter}\.\d+\s*", f["number"]), (name, f)
        assert f["cited"], (name, f["number"], "본문이 이 그림을 가리키지 않습니다")
        assert HANGUL.search(f["alt"]) and "/" not in f["alt"] and len(f["alt"]) > 15, (name, f["alt"])
        assert f["ratio"] >= 1.9, (name, f["number"], f"그림의 해상도가 화면의 {f['ratio']:.2f}배뿐입니다")


IMAGE_SHAPES = """() => [...document.querySelectorAll("main img")].map(el => {
  el.scrollIntoView();  // 게으르게 읽는 이미지도 읽히게
  const box = el.getBoundingClientRect();
  return {src: el.getAttribute("src").split("/").pop(), natural: [el.naturalWidth, el.naturalHeight],
          shown: [box.width, box.height]};
})"""


def distorted_images(shapes, tolerance=0.03):
    """화면에 그려진 가로세로 비가 이미지 본래의 비와 tolerance보다 많이 다른 이미지들입니다."""
    bad = []
    for s in shapes:
        (nw, nh), (w, h) = s["natural"], s["shown"]
        if min(nw, nh, w, h) <= 0:
            bad.append((s["src"], "그려지지 않음"))
        elif abs((w / h) / (nw / nh) - 1) > tolerance:
            bad.append((s["src"], round((w / h) / (nw / nh), 2)))
    return bad


def test_distorted_images_are_found():
    """비교 함수가 가로로 눌린 이미지와 그려지지 않은 이미지를 찾고, 비율이 같은 이미지는 통과시킵니다."""
    shapes = [
        {"src": "ok.png", "natural": [1000, 500], "shown": [342, 171.5]},
        {"src": "squashed.png", "natural": [1000, 500], "shown": [342, 250]},
        {"src": "hidden.png", "natural": [1000, 500], "shown": [0, 0]},
    ]
    assert distorted_images(shapes) == [("squashed.png", 0.68), ("hidden.png", "그려지지 않음")]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", PAGES)
def test_no_image_is_squashed(opened, name, width):
    """1280px와 390px에서 모든 이미지가 본래의 가로세로 비(3% 안)로 그려집니다: 폭이 줄면 높이도 함께 줍니다."""
    shapes = opened(name, width).evaluate(IMAGE_SHAPES)
    assert not distorted_images(shapes), (name, width, distorted_images(shapes))


MAIN_PATH = """() => { const m = document.querySelector('main article') || document.querySelector('main');
  const c = m.cloneNode(true);
  c.querySelectorAll('div.cell, details, .dropdown, .sd-dropdown, .toggle, aside, .margin, .sidebar, .toctree-wrapper, '
    + '.headerlink, nav, .prev-next-area, .bd-toc').forEach(e => e.remove());
  return c.innerText.replace(/\\s+/g, '').length; }"""


def test_the_intro_states_the_main_path_length_it_has(opened):
    """소개가 말하는 본문 글자 수(1–7장, 접힌 상자·코드·출력 제외, 공백 제외)가 지금 책의 것과 5% 안에서 같습니다."""
    stated = re.search(r"본문\(.*?\)은 공백을 빼고 약 ([\d,]+)자", (ROOT / "intro.md").read_text(encoding="utf-8"))
    assert stated, "intro.md에 본문 글자 수가 없습니다"
    measured = sum(opened(f"chapters/{c}").evaluate(MAIN_PATH) for c in CHAPTERS)
    assert abs(measured / int(stated.group(1).replace(",", "")) - 1) < 0.05, measured


PAD_STATE = """() => {
  const pad = window.handwritingPad, s = pad.state;
  const probs = Object.fromEntries(Object.entries(s.probs).map(([k, v]) => [k, Array.from(v)]));
  return {ink: Array.from(pad.ink()), input: Array.from(s.input), probs, centered: s.centered};
}"""
OFF_CENTRE_SEVEN = [[(20, 25), (110, 25), (60, 120)], [(40, 70), (95, 70)]]  # 왼쪽 위 구석의 작은 7 (캔버스의 CSS 좌표)


def draw(page, strokes):
    """포인터(마우스) 이벤트로 패드에 획을 긋습니다. 좌표는 280×280 캔버스를 기준으로 한 비율입니다."""
    canvas = page.locator("#handwriting-pad canvas.pad-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    scale = box["width"] / 280
    for stroke in strokes:
        (x, y), rest = stroke[0], stroke[1:]
        page.mouse.move(box["x"] + x * scale, box["y"] + y * scale)
        page.mouse.down()
        for x, y in rest:
            page.mouse.move(box["x"] + x * scale, box["y"] + y * scale, steps=8)
        page.mouse.up()


def pad_state(page):
    state = page.evaluate(PAD_STATE)
    return np.array(state["ink"]).reshape(280, 280), np.array(state["input"]).reshape(28, 28), state


def centre_x(image):
    return (image.sum(axis=0) @ np.arange(image.shape[1])) / image.sum()


def test_handwriting_pad_reads_a_drawing_like_python(page, site):
    """패드에 그린 숫자의 28×28 이미지와 두 모델의 확률이 파이썬의 preprocess, forward와 같습니다 (1e-9 안)."""
    open_page(page, site, "chapters/05_results")
    draw(page, OFF_CENTRE_SEVEN)
    ink, seen, state = pad_state(page)
    assert ink.sum() > 100 and state["centered"]
    assert np.abs(seen - preprocess(ink, center=True)).max() < 1e-9
    models = read_weights(site / "_static" / "handwriting-weights.js")
    assert [m["name"] for m in models] == list(state["probs"]) == ["원본 15 에폭", "6장의 모델"]
    for m in models:
        assert np.abs(forward(m, seen.reshape(1, -1))[0] - state["probs"][m["name"]]).max() < 1e-9
    assert abs(centre_x(seen) - 13.5) < 1  # 가운데 맞추기: 무게 중심이 가운데
    page.click("#pad-center")  # 가운데 맞추기를 끕니다
    ink_off, seen_off, state_off = pad_state(page)
    assert not state_off["centered"] and np.array_equal(ink_off, ink)
    assert np.abs(seen_off - preprocess(ink, center=False)).max() < 1e-9 and centre_x(seen_off) < 8
    page.focus("#handwriting-pad .pad-clear")
    page.keyboard.press("Enter")  # 키보드로 지우기
    assert not pad_state(page)[0].any()
    assert page.outside == [], page.outside


def test_handwriting_pad_asks_for_a_drawing_before_it_answers(page, site):
    """빈 칸이나 점 하나에는 답과 확률 대신 그려 보라는 말을 보이고, 숫자를 그리면 답합니다."""
    open_page(page, site, "chapters/05_results")
    answers = "#handwriting-pad .pad-answer"
    blank = page.locator(answers).all_text_contents()
    assert len(blank) == 2 and all("그려 보세요" in a for a in blank), blank
    draw(page, [[(140, 140), (141, 141)]])  # 점 하나
    _, _, state = pad_state(page)
    assert state["probs"] == {} and all("그려 보세요" in a for a in page.locator(answers).all_text_contents())
    assert set(page.locator("#handwriting-pad .pad-value").all_text_contents()) == {"-"}
    draw(page, OFF_CENTRE_SEVEN)
    _, _, state = pad_state(page)
    assert list(state["probs"]) == ["원본 15 에폭", "6장의 모델"]
    assert not any("그려 보세요" in a for a in page.locator(answers).all_text_contents())


def test_handwriting_pad_weights_come_from_this_build(site):
    """책에 실린 가중치 파일은 이 빌드의 5장이 만들고 SHA-256을 붙여 둔 바로 그 파일입니다."""
    import hashlib

    built = site / "_static" / "handwriting-weights.js"
    assert hashlib.sha256(built.read_bytes()).hexdigest() == glued("05_results", "pad_sha256")
    assert built.stat().st_size <= 3 * 2**20


def test_build_refuses_pad_weights_that_chapter_5_did_not_make(tmp_path):
    """다른 실행이 가중치 파일을 덮어쓰면(예: 교란한 5장) 빌드 확장이 알아채고, 파일이 없거나 기록이 없어도 알립니다."""
    from handwriting_pad import DIGEST, file_digest, weights_problem

    weights, glue_file = tmp_path / "w.js", tmp_path / "05_results.glue.json"
    weights.write_text("var weights = 1;")
    record = {DIGEST: {"data": {"text/plain": repr(file_digest(weights))}}}
    glue_file.write_text(json.dumps(record))
    assert weights_problem(weights, glue_file) is None
    weights.write_text("var weights = 2;")  # 다른 실행이 덮어씀
    assert "이 빌드의 5장이 만든 가중치가 아닙니다" in weights_problem(weights, glue_file)
    assert "SHA-256" in weights_problem(weights, tmp_path / "없음.json")
    assert "가중치가 없습니다" in weights_problem(tmp_path / "없음.js", glue_file)


def test_handwriting_pad_fits_a_phone(page, site):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, site, "chapters/05_results")
    draw(page, [[(140, 40), (140, 240)]])  # 가운데의 1
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"가로로 넘칩니다: {width}"
    pad = page.locator("#handwriting-pad").bounding_box()
    assert pad["x"] >= 0 and pad["x"] + pad["width"] <= 390
    _, seen, state = pad_state(page)
    assert seen.any() and all(abs(sum(p) - 1) < 1e-9 for p in state["probs"].values())
    page.screenshot(path=str(SHOTS / "handwriting_pad_390.png"), full_page=False)


OVERFLOW = """() => {
  const page = [document.documentElement.scrollWidth, window.innerWidth];
  // Keras의 model.summary() 표(상자 그리기 문자)는 접으면 표가 깨지므로, 제 상자 안에서 가로로 밀어 보게 둡니다
  const boxTable = e => /^[\u2500-\u257f]/.test(e.textContent.trim()) && getComputedStyle(e).overflowX === "auto";
  const wide = e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > window.innerWidth + 1;
  const first = e => e.textContent.trim().split("\\n")[0].slice(0, 60);
  const clipped = [...document.querySelectorAll("main pre")].filter(e => wide(e) && !boxTable(e)).map(first);
  // 따로 선 수식은 어느 화면에서도 한눈에 보여야 합니다 (제 상자 안에서 밀어 보는 것도 안 됩니다)
  const maths = [...document.querySelectorAll('main mjx-container[display="true"]')].filter(wide).map(first);
  // 표는 넓은 화면에서는 다 보여야 하고, 폰에서는 제 상자 안에서 가로로 밀어 봐도 됩니다
  const tables = [...document.querySelectorAll("main table")].filter(e => wide(e.parentElement)).map(first);
  return {page, clipped, maths, tables};
}"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", PAGES)
def test_no_page_overflows_sideways(opened, name, width):
    """1280px와 390px에서 쪽이 가로로 넘치지 않고, 코드 줄과 수식이 잘리지 않으며, 넓은 화면에서는 표도 다 보입니다."""
    found = opened(name, width).evaluate(OVERFLOW)
    assert found["page"][0] <= found["page"][1], (name, width, found["page"])
    assert not found["clipped"], (name, width, found["clipped"])
    assert not found["maths"], (name, width, found["maths"])
    if width >= 1280:
        assert not found["tables"], (name, width, found["tables"])
