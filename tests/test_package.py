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
POINTER = re.compile(r"(\d+)장(?: (\d+\.\d+)절)?")
MODULES = [
    "data",
    "model",
    "training",
    "inference",
    "probes",
    "optimizers",
    "plots",
    "legacy",
    "claims",
    "store",
    "progress",
]
sys.path.insert(0, str(ROOT / "tools"))
from notebooks import chapter_number, chapters  # noqa: E402


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
    found = {}
    for path in chapters(ROOT / "chapters"):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells)
        found[chapter_number(path)] = (text, set(re.findall(r"^## (\d+\.\d+) ", text, re.M)))
    return found


def public_objects():
    """모듈의 __all__에 있는 함수와 클래스, 그리고 그 밖의 모든 함수·클래스(비공개 포함)."""
    for module_name in MODULES:
        module = importlib.import_module(f"mnist_dnn.{module_name}")
        tree = ast.parse(inspect.getsource(module))
        public = set(getattr(module, "__all__", []))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.col_offset == 0:
                yield module_name, node.name, node.name in public, ast.get_docstring(node) or ""


def pointer_problems(objects, chapters):
    """(모듈, 이름, 공개 여부, 독스트링)마다 장 안내가 참인지 보고, 문제 목록과 확인한 안내 수를 돌려줍니다."""
    problems, checked = [], 0
    for module_name, name, public, doc in objects:
        pointers = POINTER.findall(doc.splitlines()[0] if doc else "")
        if not public:
            problems += [f"{module_name}.{name}: 비공개 함수에는 장 안내를 달지 않습니다"] if pointers else []
            continue
        if not doc:
            problems.append(f"{module_name}.{name}: 독스트링이 없습니다")
        for chapter, section in pointers:
            text, sections = chapters.get(int(chapter), ("", set()))
            if section and section not in sections:
                problems.append(f"{module_name}.{name}: {chapter}장에 {section}절이 없습니다")
            if name not in text:
                problems.append(f"{module_name}.{name}: {chapter}장 노트북이 이 이름을 쓰지 않습니다")
            checked += 1
    return problems, checked


def test_every_public_function_points_to_a_true_chapter():
    problems, checked = pointer_problems(public_objects(), chapter_sources())
    assert not problems, problems
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
    bad = [
        ("training", "train", True, "학습합니다 (3장 9.9절)."),  # 없는 절
        ("training", "no_such_function", True, "없는 이름입니다 (3장)."),  # 장 노트북이 쓰지 않는 이름
        ("training", "_private", False, "비공개입니다 (2장)."),  # 비공개 함수의 안내
        ("training", "undocumented", True, ""),  # 독스트링 없음
    ]
    problems, _ = pointer_problems(bad, chapters)
    assert len(problems) == 4, problems
    good, checked = pointer_problems([("training", "train", True, "학습합니다 (2장 2.5절).")], chapters)
    assert good == [] and checked == 1


@pytest.mark.parametrize("first", ["inference", "training", "probes", "model", "plots", "claims", "legacy"])
def test_modules_import_in_any_order(first):
    order = [first] + [m for m in MODULES if m != first]
    run_python("import importlib\n" + "".join(f"importlib.import_module('mnist_dnn.{m}')\n" for m in order))


def test_no_function_level_import_between_training_and_inference():
    for name, other in [("training", "inference"), ("inference", "training")]:
        tree = ast.parse((ROOT / "mnist_dnn" / f"{name}.py").read_text(encoding="utf-8"))
        inner = [
            node
            for f in ast.walk(tree)
            if isinstance(f, ast.FunctionDef)
            for node in ast.walk(f)
            if isinstance(node, ast.ImportFrom) and node.module == other
        ]
        assert not inner, f"{name}.py가 함수 안에서 {other}를 불러옵니다"
    source = (ROOT / "mnist_dnn" / "inference.py").read_text(encoding="utf-8")
    assert "from .training" not in source, "inference는 training을 불러오지 않습니다 (한 방향)"


def test_only_public_tensorflow_api():
    used = [
        f"{path.name}: {line.strip()}"
        for path in (ROOT / "mnist_dnn").glob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if "tensorflow.python" in line
    ]
    assert not used, used


def intro_names(text):
    """소개 쪽의 장 표에 적힌 패키지 이름들(`plots.reliability`, `train(record_updates=True)` → train)."""
    names = []
    for line in text.splitlines():
        if line.startswith("| ") and "{doc}" in line:
            names += [n.split("(")[0] for n in re.findall(r"`([A-Za-z_][\w.]*(?:\(.*?\))?)`", line.split("|")[-2])]
    return names


def test_intro_table_names_exist():
    """소개 쪽의 장 표가 가리키는 함수는 모두 패키지에 있습니다 (없는 plots.confusion_matrix 같은 이름이 없도록)."""
    names = intro_names((ROOT / "intro.md").read_text(encoding="utf-8"))
    missing = []
    for name in names:
        obj = mnist_dnn
        for part in name.split("."):
            obj = getattr(obj, part, None)
        if obj is None:
            missing.append(name)
    assert len(names) > 20 and not missing, missing
    assert intro_names("| 1. {doc}`x` | 뜻 | `plots.nothing`, `train(a=1)` |") == ["plots.nothing", "train"]
