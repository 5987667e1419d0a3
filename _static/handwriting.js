// 손글씨 패드 (5장 5.8절): 캔버스에 그린 숫자를 MNIST처럼 28×28로 만들고, 이 책이 학습한 두 모델의 확률을 보입니다.
// mnist_dnn/handwriting.py와 같은 계산을 같은 순서로 합니다(넓이 가중 축소, 둘레 상자, 무게 중심, float16 가중치).
// 가중치는 책을 빌드할 때 5장이 학습한 모델에서 내보낸 handwriting-weights.js(window.MNIST_PAD_MODELS)에서 읽습니다.
(() => {
  "use strict";
  const SIZE = 28, BOX = 20, INK = 0.05, PAD = 280;
  const ENOUGH = 1000;  // 잉크 픽셀이 이보다 적으면(빈 칸, 점 하나는 약 300) 답 대신 그려 보라고 합니다

  const round = (x) => Math.floor(x + 0.5);  // 파이썬 쪽 _round와 같게 .5는 올림

  // 길이 n을 m칸으로 나눌 때 새 칸 r이 옛 칸 i와 겹치는 비율 (m×n, 행마다 [i, 가중치] 목록)
  const areaWeights = (n, m) => {
    const step = n / m, rows = [];
    for (let r = 0; r < m; r++) {
      const start = r * step, end = (r + 1) * step, row = [];
      for (let i = Math.floor(start); i < Math.min(n, Math.ceil(end)); i++)
        row.push([i, (Math.min(end, i + 1) - Math.max(start, i)) / step]);
      rows.push(row);
    }
    return rows;
  };

  // image(h×w, 행 우선 Float64Array)를 height×width로: 먼저 세로, 다음 가로로 넓이 가중 평균
  const resample = (image, h, w, height, width) => {
    const wy = areaWeights(h, height), wx = areaWeights(w, width);
    const mid = new Float64Array(height * w);
    for (let r = 0; r < height; r++)
      for (const [i, a] of wy[r]) for (let c = 0; c < w; c++) mid[r * w + c] += a * image[i * w + c];
    const out = new Float64Array(height * width);
    for (let r = 0; r < height; r++)
      for (let c = 0; c < width; c++) {
        let s = 0;
        for (const [j, b] of wx[c]) s += mid[r * w + j] * b;
        out[r * width + c] = s;
      }
    return out;
  };

  const preprocess = (ink, h, w, center) => {
    if (!center) return resample(ink, h, w, SIZE, SIZE);
    let top = h, bottom = -1, left = w, right = -1;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        if (ink[y * w + x] > INK) {
          top = Math.min(top, y); bottom = Math.max(bottom, y);
          left = Math.min(left, x); right = Math.max(right, x);
        }
    if (bottom < 0) return new Float64Array(SIZE * SIZE);
    const ch = bottom - top + 1, cw = right - left + 1, crop = new Float64Array(ch * cw);
    for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) crop[y * cw + x] = ink[(top + y) * w + left + x];
    const scale = BOX / Math.max(ch, cw);
    const bh = Math.max(1, round(ch * scale)), bw = Math.max(1, round(cw * scale));
    return place(resample(crop, ch, cw, bh, bw), bh, bw);
  };

  // 무게 중심이 (13.5, 13.5)에 오도록 상자를 28×28 안에 놓습니다
  const place = (box, bh, bw) => {
    const rowSum = new Float64Array(bh), colSum = new Float64Array(bw);
    let total = 0;
    for (let y = 0; y < bh; y++) for (let x = 0; x < bw; x++) { const v = box[y * bw + x]; rowSum[y] += v; colSum[x] += v; }
    for (let y = 0; y < bh; y++) total += rowSum[y];
    let cy = (bh - 1) / 2, cx = (bw - 1) / 2;
    if (total) {
      let sy = 0, sx = 0;
      for (let y = 0; y < bh; y++) sy += rowSum[y] * y;
      for (let x = 0; x < bw; x++) sx += colSum[x] * x;
      cy = sy / total; cx = sx / total;
    }
    const top = Math.min(Math.max(round(13.5 - cy), 0), SIZE - bh);
    const left = Math.min(Math.max(round(13.5 - cx), 0), SIZE - bw);
    const out = new Float64Array(SIZE * SIZE);
    for (let y = 0; y < bh; y++) for (let x = 0; x < bw; x++) out[(top + y) * SIZE + left + x] = box[y * bw + x];
    return out;
  };

  // float16(리틀 엔디언) base64 → Float64Array
  const halves = (text) => {
    const bytes = Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
    const view = new DataView(bytes.buffer), out = new Float64Array(bytes.length / 2);
    for (let k = 0; k < out.length; k++) {
      const h = view.getUint16(2 * k, true), sign = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
      out[k] = e === 0 ? sign * 2 ** -14 * (f / 1024) : e === 31 ? (f ? NaN : sign * Infinity) : sign * 2 ** (e - 15) * (1 + f / 1024);
    }
    return out;
  };

  const softmax = (z) => {
    const top = Math.max(...z), e = z.map((v) => Math.exp(v - top)), s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };

  // 층마다 z = xW + b, 은닉층은 softmax·ReLU·선형, 마지막 층의 로짓은 softmax로 확률
  const forward = (model, x) => {
    let h = Array.from(x);
    model.layers.forEach((layer, k) => {
      const [n, m] = layer.shape, z = Array.from(layer.b);
      for (let i = 0; i < n; i++) { const hi = h[i]; if (hi) for (let j = 0; j < m; j++) z[j] += hi * layer.W[i * m + j]; }
      const last = k === model.layers.length - 1;
      h = last || layer.activation === "softmax" ? softmax(z) : layer.activation === "relu" ? z.map((v) => Math.max(v, 0)) : z;
    });
    return h;
  };

  const element = (tag, props = {}, ...children) => {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...children);
    return e;
  };

  const start = (root) => {
    const models = (window.MNIST_PAD_MODELS || []).map((m) => ({
      name: m.name,
      layers: m.layers.map((l) => ({ activation: l.activation, shape: l.shape, W: halves(l.kernel), b: halves(l.bias) })),
    }));
    const canvas = element("canvas", { width: PAD, height: PAD, className: "pad-canvas" });
    canvas.setAttribute("aria-label", "숫자를 그리는 칸");
    const preview = element("canvas", { width: SIZE, height: SIZE, className: "pad-preview" });
    preview.setAttribute("aria-label", "모델이 보는 28×28 이미지");
    const clear = element("button", { type: "button", className: "pad-clear", textContent: "지우기" });
    const center = element("input", { type: "checkbox", checked: true, id: "pad-center" });
    const centerLabel = element("label", { htmlFor: "pad-center" }, center, " MNIST처럼 가운데 맞추기");
    const results = element("div", { className: "pad-results" });
    root.append(
      element("div", { className: "pad-draw" }, canvas, element("div", { className: "pad-controls" }, clear, centerLabel)),
      element("div", { className: "pad-seen" }, element("p", { textContent: "모델이 보는 28×28" }), preview),
      results,
    );
    const ctx = canvas.getContext("2d");
    const state = { input: new Float64Array(SIZE * SIZE), probs: {}, centered: true, drawn: false };
    const bars = models.map((m) => {
      const rows = [...Array(10).keys()].map((d) => {
        const fill = element("span", { className: "pad-fill" });
        const value = element("span", { className: "pad-value", textContent: "0.000" });
        return element("div", { className: "pad-row" }, element("span", { className: "pad-digit", textContent: String(d) }),
          element("span", { className: "pad-bar" }, fill), value);
      });
      const answer = element("p", { className: "pad-answer", textContent: "답: -" });
      results.append(element("div", { className: "pad-model" }, element("p", { className: "pad-name", textContent: m.name }), answer, ...rows));
      return { rows, answer };
    });

    const ink = () => {
      const data = ctx.getImageData(0, 0, PAD, PAD).data, out = new Float64Array(PAD * PAD);
      for (let k = 0; k < out.length; k++) out[k] = data[4 * k + 3] / 255;  // 잉크 = 불투명도 (0: 빈 곳, 1: 획)
      return out;
    };
    const update = () => {
      state.centered = center.checked;
      state.input = preprocess(ink(), PAD, PAD, state.centered);
      const img = preview.getContext("2d").createImageData(SIZE, SIZE);
      state.input.forEach((v, k) => { const g = 255 - Math.round(255 * v); img.data.set([g, g, g, 255], 4 * k); });
      preview.getContext("2d").putImageData(img, 0, 0);
      state.drawn = ink().filter((v) => v > INK).length >= ENOUGH;
      if (!state.drawn) {
        state.probs = {};
        bars.forEach(({ rows, answer }) => {
          answer.textContent = "답: - (먼저 숫자 하나를 크게 그려 보세요)";
          rows.forEach((row) => {
            row.classList.remove("pad-top");
            row.querySelector(".pad-fill").style.width = "0%";
            row.querySelector(".pad-value").textContent = "-";
          });
        });
        root.dataset.updates = String(Number(root.dataset.updates || 0) + 1);
        return;
      }
      models.forEach((m, i) => {
        const p = forward(m, state.input), best = p.indexOf(Math.max(...p));
        state.probs[m.name] = p;
        bars[i].answer.textContent = `답: ${best} (확률 ${p[best].toFixed(3)})`;
        bars[i].rows.forEach((row, d) => {
          row.classList.toggle("pad-top", d === best);
          row.querySelector(".pad-fill").style.width = `${(100 * p[d]).toFixed(1)}%`;
          row.querySelector(".pad-value").textContent = p[d].toFixed(3);
        });
      });
      root.dataset.updates = String(Number(root.dataset.updates || 0) + 1);
    };

    let last = null;
    const point = (e) => {
      const r = canvas.getBoundingClientRect();
      return [((e.clientX - r.left) * PAD) / r.width, ((e.clientY - r.top) * PAD) / r.height];
    };
    ctx.lineCap = ctx.lineJoin = "round";
    ctx.lineWidth = 20;
    ctx.strokeStyle = "black";
    canvas.addEventListener("pointerdown", (e) => { canvas.setPointerCapture(e.pointerId); last = point(e); });
    canvas.addEventListener("pointermove", (e) => {
      if (!last) return;
      const p = point(e);
      ctx.beginPath(); ctx.moveTo(...last); ctx.lineTo(...p); ctx.stroke();
      last = p;
    });
    const end = () => { if (last) { last = null; update(); } };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    clear.addEventListener("click", () => { ctx.clearRect(0, 0, PAD, PAD); update(); });
    center.addEventListener("change", update);
    window.handwritingPad = { state, ink, update, preprocess, forward, models };
    if (!models.length) results.textContent = "모델 가중치를 읽지 못했습니다: 책을 다시 빌드하세요.";
    update();
  };

  const root = document.getElementById("handwriting-pad");
  if (root) start(root);
})();
