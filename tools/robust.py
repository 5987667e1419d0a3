"""책의 주장이 다른 CPU와 다른 시드에서도 서는지, 모든 장을 교란한 채 실행해 확인합니다 (`make robust`).

교란 하나는 "ISA:시드이동"입니다. ISA는 XLA가 코드를 만들 명령어 집합의 상한(XLA_FLAGS의
--xla_cpu_max_isa: SSE4_2, AVX, AVX2, AVX512 …, native는 상한 없음)이라 부동소수점의 끝자리가 바뀝니다.
시드이동 k는 책의 모든 시드에 1000·k를 더합니다(책의 시드는 1000보다 작으므로 옮긴 시드가 책의 다른 시드와
겹치지 않습니다). 시드 이동과 주장 기록은 커널이 시작할 때 이 도구가 넣는 첫 셀이 켭니다: 독자가 보는 코드도,
독자가 불러오는 패키지도 환경 변수를 읽지 않습니다.

python tools/robust.py [--table docs/claims.md] [--records F [--merge]] [--chapters 03 06] [ISA:SHIFT ...]

각 장을 숨긴 셀까지 실행하며 mnist_dnn.claims.check가 모든 비교를 기록하게 하고, 교란마다 잰 값의 범위와
가장 좁은 여유를 표로 찍습니다. 어느 교란에서든 성립하지 않은 주장이나 실행 오류가 있으면 1로 끝납니다.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from notebooks import chapter_number, chapters

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIGS = ["AVX2:0", "SSE4_2:0", "AVX2:1", "SSE4_2:2"]
SEED_STRIDE = 1000  # 시드이동 k는 시드에 1000·k를 더합니다


def parse_config(text: str) -> tuple[str, int]:
    """ "SSE4_2:2" → ("SSE4_2", 2)."""
    isa, _, shift = text.partition(":")
    if not isa or not (shift or "0").lstrip("-").isdigit():
        raise argparse.ArgumentTypeError(f"교란은 ISA:시드이동 꼴이어야 합니다 (예: SSE4_2:1, 받은 값: {text!r})")
    return isa, int(shift or 0)


def config_env(isa: str) -> dict:
    """교란 하나의 환경 변수입니다. XLA 디스크 캐시는 끕니다(다른 ISA로 만든 코드를 다시 쓰지 않도록).

    학습 결과 저장소의 열쇠에는 XLA_FLAGS와 시드 이동이 들어가므로, 교란마다 따로 학습하고 한 교란 안에서만
    같은 학습을 나눠 씁니다.
    """
    env = {k: v for k, v in os.environ.items() if k != "TF_XLA_FLAGS"}
    flags = [f for f in env.get("XLA_FLAGS", "").split() if not f.startswith("--xla_cpu_max_isa")]
    if isa.lower() != "native":
        flags.append(f"--xla_cpu_max_isa={isa}")
    env.update(XLA_FLAGS=" ".join(flags), TQDM_DISABLE="1")
    return env


def startup_source(shift: int, log: Path) -> str:
    """커널이 장보다 먼저 실행할 셀: 시드를 옮기고 주장을 멈추지 않고 기록하게 합니다."""
    return (
        "from mnist_dnn import _checks, claims\n"
        f"_checks.set_seed_shift({SEED_STRIDE * shift})\n"
        f"claims.record_to({str(log)!r})\n"
    )


def run_chapter(path: Path, env: dict, startup: str = "") -> list[str]:
    """장 하나를 숨긴 셀까지 실행하고, 오류가 난 셀의 설명을 돌려줍니다 (셀 번호는 원본 노트북의 번호)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    first = 1 if startup else 0
    if startup:
        notebook.cells.insert(0, nbformat.v4.new_code_cell(startup))
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)  # 커널은 이 프로세스의 환경을 물려받습니다
    # 장은 임시 폴더 안의 chapters/에서 돕니다: 장이 쓰는 파일(5장의 ../_build/handwriting 가중치)이 책의 _build에
    # 들어가지 않아, 교란한 학습의 결과가 책에 실리는 일이 없습니다
    with tempfile.TemporaryDirectory(prefix="robust-") as scratch:
        cwd = Path(scratch) / "chapters"
        cwd.mkdir()
        try:
            client = NotebookClient(
                notebook,
                timeout=900,
                kernel_name="python3",
                allow_errors=True,
                resources={"metadata": {"path": str(cwd)}},
            )
            client.execute()
        finally:
            os.environ.clear()
            os.environ.update(saved)
    return [
        f"{path.name} 셀 {i - first}: {out.get('ename')}: {out.get('evalue')}"
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]


def summarize(records: list[dict]) -> list[dict]:
    """주장 이름마다 교란 전체에서 잰 값의 범위, 기준, 가장 좁은 여유, 성립 여부를 모읍니다."""
    by_name = defaultdict(list)
    for r in records:
        by_name[r["name"]].append(r)
    rows = []
    for name, rs in by_name.items():
        lefts, rights = [r["left"] for r in rs], [r["right"] for r in rs]
        fails = sorted({r["config"] for r in rs if not r["ok"]})
        rows.append(
            {
                "name": name,
                "op": rs[0]["op"],
                "runs": len(rs),
                "ok": not fails,
                "fails": fails,
                "left": (min(lefts), max(lefts)),
                "right": (min(rights), max(rights)),
                "margin": min(r["margin"] for r in rs),
            }
        )
    return sorted(rows, key=lambda row: row["name"])


def _span(low: float, high: float) -> str:
    """값의 범위를 짧게 적습니다."""
    return f"{low:.4g}" if low == high else f"{low:.4g} – {high:.4g}"


def escape_pipes(text: str) -> str:
    """표의 칸 안에 든 |(예: |Δw|)를 \\|로 바꿔 칸 나눔과 헷갈리지 않게 합니다."""
    return text.replace("|", "\\|")


def table(rows: list[dict], configs: list[str]) -> str:
    """주장 표(마크다운)입니다."""
    lines = [
        "# 책의 주장과 그 여유",
        "",
        "`make robust`가 만든 표입니다. 손으로 고치지 마세요. 교란: "
        + ", ".join(f"`{c}`" for c in configs)
        + " (ISA:시드이동). 왼쪽 값과 기준은 교란 전체에서 잰 범위이고, 여유는 가장 좁았던 교란의 값입니다"
        " (기준까지의 거리를 큰 쪽 값으로 나눈 비율, 음수면 실패).",
        "",
        "| 주장 (장·절, 본문) | 잰 값 | 비교 | 기준 | 여유 | 성립 |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        mark = "예" if r["ok"] else "**아니오** (" + ", ".join(r["fails"]) + ")"
        name, left, right = escape_pipes(r["name"]), _span(*r["left"]), _span(*r["right"])
        lines.append(f"| {name} | {left} | {r['op']} | {right} | {r['margin']:.3g} | {mark} |")
    return "\n".join(lines) + "\n"


def kept_records(path: Path | None, paths: list[Path]) -> list[dict]:
    """--merge: 이번에 다시 돌리지 않는 장의 기록을 --records 파일에서 가져옵니다."""
    if path is None or not path.exists():
        raise SystemExit("--merge에는 앞선 실행이 쓴 --records 파일이 필요합니다")
    rerun = {chapter_number(p) for p in paths}
    return [r for r in json.loads(path.read_text(encoding="utf-8")) if r["chapter"] not in rerun]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "configs", nargs="*", type=parse_config, help="ISA:시드이동 (기본: " + " ".join(DEFAULT_CONFIGS) + ")"
    )
    parser.add_argument("--chapters", nargs="*", default=[], help="실행할 장 번호 (기본: 모두)")
    parser.add_argument("--table", type=Path, help="주장 표를 쓸 마크다운 파일")
    parser.add_argument("--records", type=Path, help="모든 비교 기록을 JSON으로 쓸 파일")
    parser.add_argument(
        "--merge", action="store_true", help="고친 장만 다시 돌릴 때: --records의 다른 장 기록을 표에 함께 씁니다"
    )
    args = parser.parse_args(argv)
    configs = args.configs or [parse_config(c) for c in DEFAULT_CONFIGS]
    wanted = {int(c) for c in args.chapters}
    paths = [p for p in chapters(ROOT / "chapters") if not wanted or chapter_number(p) in wanted]
    records = kept_records(args.records, paths) if args.merge else []
    errors = []
    for out in (args.records, args.table):
        if out:
            out.parent.mkdir(parents=True, exist_ok=True)  # 새 클론에는 _build가 없습니다
    for isa, shift in configs:
        label = f"{isa}:{shift}"
        for path in paths:
            with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as log:
                start = time.perf_counter()
                startup = startup_source(shift, Path(log.name))
                errors += [f"[{label}] {e}" for e in run_chapter(path, config_env(isa), startup)]
                found = [
                    dict(json.loads(line), config=label, chapter=chapter_number(path)) for line in log if line.strip()
                ]
            records += found
            if args.records:  # 장마다 덧붙여 두어, 도중에 멈춰도 잰 값이 남습니다
                args.records.write_text(json.dumps(records, ensure_ascii=False, indent=0), encoding="utf-8")
            bad = sum(not r["ok"] for r in found)
            print(
                f"[{label}] {path.name}: 주장 {len(found)}개, 실패 {bad}개, {time.perf_counter() - start:.0f}초",
                flush=True,
            )
    rows = summarize(records)
    labels = [f"{isa}:{shift}" for isa, shift in configs]
    if args.table:
        args.table.parent.mkdir(parents=True, exist_ok=True)
        args.table.write_text(table(rows, labels), encoding="utf-8")
    failed = [r for r in rows if not r["ok"]]
    for r in sorted(rows, key=lambda row: row["margin"])[:12]:
        print(f"  여유 {r['margin']:+.3f}  {r['name']}: {_span(*r['left'])} {r['op']} {_span(*r['right'])}")
    for r in failed:
        print(f"실패: {r['name']} ({', '.join(r['fails'])}): {_span(*r['left'])} {r['op']} {_span(*r['right'])}")
    for e in errors:
        print(f"오류: {e}")
    print(f"주장 {len(rows)}개, 교란 {len(labels)}개: 실패 {len(failed)}개, 실행 오류 {len(errors)}개")
    return 1 if failed or errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
