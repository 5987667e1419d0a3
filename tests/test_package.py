"""패키지 전체: 가벼운 import, 공개 API, 장 안내가 참인지."""

import ast
import importlib
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import mnist_dnn

ROOT = Path(__file__).resolve().parents[1]
POINTER = re.compile(r"(\d)장(?: (\d\.\d+)절)?")
MODULES = ["data", "model", "training", "inference", "probes", "optimizers", "plots", "legacy"]


def run_python(code):
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_import_is_light():
    out = run_python(
        "import sys, matplotlib\n"
        "snap = lambda: [dict.__getitem__(matplotlib.rcParams, k) for k in sorted(dict.keys(matplotlib.rcParams))]\n"
        "before = snap()\nimport mnist_dnn\nfrom mnist_dnn import load_mnist, one_hot, optimizers\n"
        "print(sorted(m for m in ('tensorflow', 'keras', 'matplotlib.pyplot') if m in sys.modules))\n"
        "print(before == snap())"
    )
    assert out.split("\n")[:2] == ["[]", "True"]


def test_bad_cli_argument_answers_before_tensorflow():
    out = run_python(
        "import sys\nfrom mnist_dnn.__main__ import main\ntry:\n    main(['train', '--epochs', 'abc'])\n"
        "except SystemExit as e:\n    print(e.code, 'tensorflow' in sys.modules)"
    )
    assert out.strip() == "2 False"


def test_public_api_resolves():
    for name in mnist_dnn.__all__:
        assert getattr(mnist_dnn, name) is not None
    with pytest.raises(AttributeError):
        mnist_dnn.no_such_name  # noqa: B018
    assert inspect.ismodule(importlib.import_module("mnist_dnn.training"))
    assert mnist_dnn.train is importlib.import_module("mnist_dnn.training").train


def chapter_sources():
    """장 번호 → (노트북 전체 원본 글자, 절 번호 목록)."""
    chapters = {}
    for path in sorted((ROOT / "chapters").glob("0*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells)
        chapters[int(path.name[:2])] = (text, set(re.findall(r"^## (\d\.\d+) ", text, re.M)))
    return chapters


def public_objects():
    """모듈의 __all__에 있는 함수와 클래스, 그리고 그 밖의 모든 함수·클래스(비공개 포함)."""
    for module_name in MODULES:
        module = importlib.import_module(f"mnist_dnn.{module_name}")
        tree = ast.parse(inspect.getsource(module))
        public = set(getattr(module, "__all__", []))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.col_offset == 0:
                yield module_name, node.name, node.name in public, ast.get_docstring(node) or ""


def test_every_public_function_points_to_a_true_chapter():
    chapters, checked = chapter_sources(), 0
    for module_name, name, public, doc in public_objects():
        pointers = POINTER.findall(doc.splitlines()[0] if doc else "")
        if not public:
            assert not pointers, f"{module_name}.{name}: 비공개 함수에는 장 안내를 달지 않습니다"
            continue
        assert doc, f"{module_name}.{name}: 독스트링이 없습니다"
        if not pointers:
            continue
        for chapter, section in pointers:
            text, sections = chapters[int(chapter)]
            assert not section or section in sections, f"{module_name}.{name}: {chapter}장에 {section}절이 없습니다"
            assert name in text, f"{module_name}.{name}: {chapter}장 노트북이 이 이름을 쓰지 않습니다"
            checked += 1
    assert checked >= 25


def test_public_functions_of_the_api_have_pointers():
    missing = []
    for name in mnist_dnn.__all__:
        obj = getattr(mnist_dnn, name)
        if inspect.isfunction(obj) and not POINTER.search((obj.__doc__ or "").splitlines()[0]):
            missing.append(name)
    assert not missing, missing


def test_pointer_check_can_fail():
    chapters = chapter_sources()
    assert "9.9" not in chapters[3][1] and "no_such_function" not in chapters[3][0]
