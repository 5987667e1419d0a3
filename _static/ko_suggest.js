// 검색 결과가 하나도 없을 때, 용어집에서 철자가 가장 가까운 용어를 보여 줍니다.
// 한글은 자모로 풀어 비교하므로 "애담"과 "애덤"처럼 모음 하나 다른 음역도 가깝게 봅니다.
// 용어 목록(window.KO_GLOSSARY: [용어, [다른 이름 …]])은 빌드가 용어집에서 읽어 이 쪽에만 넣습니다.
(() => {
  const jamo = (text) =>
    [...text.toLowerCase().replace(/[\s\-]+/g, "")]
      .map((ch) => {
        const c = ch.charCodeAt(0) - 0xac00;
        if (c < 0 || c > 11171) return ch;
        const tail = c % 28 ? String.fromCharCode(0x11a7 + (c % 28)) : "";
        return String.fromCharCode(0x1100 + Math.floor(c / 588), 0x1161 + Math.floor((c % 588) / 28)) + tail;
      })
      .join("");
  const distance = (a, b) => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++)
        next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      row = next;
    }
    return row[b.length];
  };
  // 질의와 가장 가까운 용어들: 자모 편집 거리를 긴 쪽 길이로 나눈 값이 0.4 이하인 것, 가까운 순서로 다섯까지
  const nearest = (query) => {
    const q = jamo(query);
    const scored = (window.KO_GLOSSARY || []).map(([term, names]) => {
      const best = Math.min(...[term, ...names].map((n) => distance(q, jamo(n)) / Math.max(q.length, jamo(n).length)));
      return [best, term];
    });
    return scored.filter(([d]) => d <= 0.4).sort((a, b) => a[0] - b[0]).slice(0, 5).map(([, term]) => term);
  };
  const show = (query) => {
    const out = document.getElementById("search-results");
    if (!out || out.querySelector(".ko-suggest")) return;
    const box = document.createElement("p");
    box.className = "ko-suggest";
    const terms = nearest(query);
    box.append(terms.length ? "용어집에서 비슷한 용어: " : "용어집에도 비슷한 용어가 없습니다. ");
    terms.forEach((term, i) => {
      const link = document.createElement("a");
      link.href = "search.html?q=" + encodeURIComponent(term);
      link.textContent = term;
      box.append(i ? ", " : "", link);
    });
    const glossary = document.createElement("a");
    glossary.href = "glossary.html";
    glossary.textContent = "용어집 전체 보기";
    box.append(terms.length ? " · " : "", glossary);
    out.append(box);
  };
  const query = new URLSearchParams(window.location.search).get("q");
  if (!query) return;
  let tries = 0;
  const wait = setInterval(() => {  // Sphinx 검색이 끝나기를 기다립니다 (결과를 5ms마다 하나씩 그립니다)
    tries += 1;
    const list = document.querySelector("#search-results ul.search");
    const done = typeof Search !== "undefined" && Search._pulse_status === -1 && list;
    if (done || tries > 100) clearInterval(wait);
    if (done && !list.children.length) show(query);
  }, 100);
})();
