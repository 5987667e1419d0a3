"""Sphinx 검색에 한국어를 더합니다: 조사를 떼어 '학습률을'로 찾아도 '학습률'이 나오게 합니다.

용어집(glossary.md)의 "다른 이름" 칸도 씁니다. 어떤 쪽의 글에 용어집의 용어(예: 과대적합)가 있으면,
그 용어의 다른 이름(오버피팅, 과적합, overfitting …)도 그 쪽의 검색어로 색인에 넣습니다.
그래서 "오버피팅"으로 찾으면 용어집만이 아니라 과대적합을 가르치는 장도 나옵니다.
검색어를 바꾸지 않고 색인을 넓히므로, 여러 낱말을 모두 담은 쪽만 보여 주는 Sphinx 검색과도 맞습니다.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import snowballstemmer
from sphinx.search import SearchLanguage
from sphinx.search.en import SearchEnglish, english_stopwords

# 긴 것부터 떼어 봅니다. 떼고 남는 말이 두 글자 이상일 때만 뗍니다.
PARTICLES = (
    "에서는",
    "으로는",
    "에서도",
    "까지는",
    "부터는",
    "이라는",
    "이라고",
    "에서의",
    "으로의",
    "에게서",
    "에서",
    "으로",
    "에게",
    "까지",
    "부터",
    "마다",
    "처럼",
    "보다",
    "라는",
    "이나",
    "이다",
    "와는",
    "과는",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "로",
    "와",
    "과",
    "도",
    "만",
)
HANGUL = re.compile("[\uac00-\ud7a3]")
WORD = re.compile(r"\w+")

# 용어 → 그 용어가 글에 있을 때 함께 색인할 낱말들. 빌드를 시작할 때 용어집에서 채웁니다.
EXPANSIONS: dict[str, list[str]] = {}

JS_STEMMER = (
    SearchEnglish.js_stemmer_code.replace("var Stemmer = function", "var PorterStemmer = function")
    + """
var Stemmer = function() {
  var porter = new PorterStemmer();
  var particles = %s;
  this.stemWord = function(w) {
    if (!/[\\uac00-\\ud7a3]/.test(w)) {
      var s = porter.stemWord(w);  // "one" → "on"처럼 어간이 불용어가 되면 낱말 그대로 둡니다 (파이썬 쪽과 같게)
      return stopwords.indexOf(s) !== -1 && stopwords.indexOf(w) === -1 ? w : s;
    }
    for (var i = 0; i < particles.length; i++) {
      var p = particles[i];
      if (w.length - p.length >= 2 && w.endsWith(p)) return w.slice(0, w.length - p.length);
    }
    return w;
  };
};
"""
    % ("[" + ", ".join(f'"{p}"' for p in PARTICLES) + "]")
)


def glossary_synonyms(text: str) -> dict[str, list[str]]:
    """용어집 표에서 용어 → 다른 이름들(영어 이름 포함)을 읽습니다."""
    table = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or cells[0] in ("한국어", "") or set(cells[0]) <= set("-"):
            continue
        english = re.sub(r"[()]", "", cells[1])
        names = [n.strip() for n in (english + "," + cells[3]).split(",")]
        table[cells[0]] = [n for n in dict.fromkeys(names) if n and n != cells[0]]
    return table


def expansion_words(names: list[str]) -> list[str]:
    """다른 이름들을 색인할 낱말로 바꿉니다: 띄어 쓴 이름은 낱말마다, 그리고 붙여 쓴 꼴로도."""
    words = []
    for name in names:
        parts = WORD.findall(name)
        words += parts + (["".join(parts)] if len(parts) > 1 else [])
    return list(dict.fromkeys(words))


def strip_particle(word: str) -> str:
    """한글 낱말 끝의 조사를 하나 뗍니다."""
    for p in PARTICLES:
        if len(word) - len(p) >= 2 and word.endswith(p):
            return word[: -len(p)]
    return word


class SearchKorean(SearchLanguage):
    """한글은 조사를 떼고, 영어는 Porter 어간 추출을 하는 검색 언어입니다."""

    lang = "ko"
    language_name = "Korean"
    stopwords = english_stopwords
    js_stemmer_code = JS_STEMMER

    def init(self, options) -> None:
        self.porter = snowballstemmer.stemmer("porter")

    def stem(self, word: str) -> str:
        word = word.lower()
        if HANGUL.search(word):
            return strip_particle(word)
        stem = self.porter.stemWord(word)  # "one" → "on"처럼 어간이 불용어가 되면 낱말 그대로 둡니다
        return word if stem in self.stopwords and word not in self.stopwords else stem

    def split(self, input: str) -> list[str]:
        """낱말로 나누고, 글에 용어집의 용어가 있으면 그 다른 이름들도 덧붙입니다."""
        words = super().split(input)
        for term, extra in EXPANSIONS.items():
            if term in input:
                words.extend(extra)
        return words


def _load_glossary(app):
    """빌드를 시작할 때 용어집의 "다른 이름" 칸을 읽어 EXPANSIONS를 채웁니다."""
    path = Path(app.srcdir) / "glossary.md"
    EXPANSIONS.clear()
    if path.is_file():
        table = glossary_synonyms(path.read_text(encoding="utf-8"))
        EXPANSIONS.update({term: expansion_words(names) for term, names in table.items()})


def _suggest_on_search_page(app, pagename, templatename, context, doctree):
    """검색 쪽에만 용어집의 용어 목록과, 결과가 없을 때 비슷한 용어를 보이는 스크립트를 넣습니다."""
    if pagename != "search":
        return
    path = Path(app.srcdir) / "glossary.md"
    table = glossary_synonyms(path.read_text(encoding="utf-8")) if path.is_file() else {}
    terms = json.dumps([[term, names] for term, names in table.items()], ensure_ascii=False)
    app.add_js_file(None, body=f"window.KO_GLOSSARY = {terms};")
    app.add_js_file("ko_suggest.js")


def setup(app):
    app.add_search_language(SearchKorean)
    app.connect("builder-inited", _load_glossary)
    app.connect("html-page-context", _suggest_on_search_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
