"""Sphinx 검색에 한국어를 더합니다: 조사를 떼어 '학습률을'로 찾아도 '학습률'이 나오게 합니다."""

from __future__ import annotations

import re

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

JS_STEMMER = (
    SearchEnglish.js_stemmer_code.replace("var Stemmer = function", "var PorterStemmer = function")
    + """
var Stemmer = function() {
  var porter = new PorterStemmer();
  var particles = %s;
  this.stemWord = function(w) {
    if (!/[\\uac00-\\ud7a3]/.test(w)) return porter.stemWord(w);
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
        return strip_particle(word) if HANGUL.search(word) else self.porter.stemWord(word)


def setup(app):
    app.add_search_language(SearchKorean)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
