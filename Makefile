# 두 명령이면 됩니다: `make book` (책 빌드), `make test` (모든 테스트). 둘 다 .venv가 없으면 만듭니다.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# 설치할 판과 추가 기능. make compat은 constraints-lowest.txt(지원하는 가장 오래된 판)로 다른 환경을 만듭니다
CONSTRAINTS ?= constraints.txt
EXTRAS ?= book,test,lab
BUILD_FLAGS := --warningiserror --keep-going --builder html
CHAPTERS := $(wildcard chapters/*.ipynb)
VISIBLE ?= _build/visible/chapters

# MNIST: MNIST_DNN_DATA가 있으면 그 폴더, 없고 ../shared/data/mnist가 있으면 그 폴더를 씁니다.
# 둘 다 없으면 설정하지 않으므로 mnist_dnn이 Keras 캐시를 쓰거나 내려받습니다 (README의 '데이터').
SHARED_MNIST := $(abspath ../shared/data/mnist)
ifeq ($(origin MNIST_DNN_DATA),undefined)
ifneq ($(wildcard $(SHARED_MNIST)/train-images-idx3-ubyte.gz),)
MNIST_DNN_DATA := $(SHARED_MNIST)
export MNIST_DNN_DATA
endif
endif

# XLA가 컴파일한 학습 루프를 _build에 남겨, 같은 모양의 모델은 다음 실행에서 다시 컴파일하지 않습니다
XLA_DIR ?= $(CURDIR)/_build
XLA_CACHE := $(XLA_DIR)/xla-cache
export TF_XLA_FLAGS ?= --tf_xla_persistent_cache_directory=$(XLA_CACHE)
UNIT_XLA_FLAGS ?= --tf_xla_persistent_cache_directory=$(XLA_DIR)/xla-cache-unit
LANE_A_XLA_FLAGS ?= --tf_xla_persistent_cache_directory=$(XLA_DIR)/xla-cache-a

# 학습 결과 저장소: 똑같은 학습(같은 모델, 인자, 데이터, 패키지 소스, 판)은 한 번만 합니다 (README의 '학습 결과 저장소')
export MNIST_DNN_RUN_STORE ?= $(CURDIR)/_build/runs

.PHONY: compat setup system-deps book book-lane-a book-lane-b prune-runs test lint unit notebooks nbval-lane-a nbval-lane-b browser robust lab lab-sources bench lock clean

# 1. 설치: constraints.txt에 적힌, CI가 통과한 판으로 설치합니다 ---------------
$(VENV)/.installed: pyproject.toml $(CONSTRAINTS)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) -e ".[$(EXTRAS)]"
	touch $@

# 브라우저 테스트용 Chromium, 스크린숏의 한글 글꼴, 6장 연습문제의 Fashion-MNIST (Debian 패키지)
system-deps:
	@if ! command -v chromium >/dev/null || [ ! -d /usr/share/datasets/fashion-mnist ] \
	    || [ ! -d /usr/share/fonts/truetype/nanum ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium fonts-nanum dataset-fashion-mnist >/dev/null; \
	  else echo "sudo apt-get install chromium fonts-nanum dataset-fashion-mnist 이 필요합니다"; exit 1; fi; \
	fi

setup: $(VENV)/.installed
	@mkdir -p $(XLA_CACHE)

# 설치한 판을 constraints.txt에 새로 적습니다 (의존성을 바꾼 뒤 한 번)
lock: setup
	$(PY) -m pip install --quiet --upgrade -e ".[book,test,lab]"
	$(PY) -m pip freeze --exclude-editable | LC_ALL=C sort > constraints.txt

# 2. 책: 모든 장을 실행해 HTML로 만듭니다 ------------------------------------
# 진행 막대는 대화형 Jupyter에서만 보입니다: 책과 nbval의 출력에는 남기지 않습니다
book book-lane-a book-lane-b notebooks nbval-lane-a nbval-lane-b: export TQDM_DISABLE := 1

# 장들을 먼저 두 줄(LANE_A, LANE_B, 아래 nbval과 같은 줄)로 나란히 실행해 책의 실행 캐시에 넣고, 빌드는 그 결과를
# 씁니다. 새 클론에서도 CPU 두 개를 다 씁니다. 학습 결과 저장소에 있는 학습(make test라면 nbval이 한 것)은 다시 씁니다.
book: setup
	$(PY) tools/notebooks.py refresh-cache _build  # 패키지가 바뀌었으면 모든 장을 다시 실행합니다
	$(PY) tools/notebooks.py prune-runs $(MNIST_DNN_RUN_STORE)  # 옛 패키지가 남긴 학습 결과는 다시 쓰일 일이 없습니다
	$(MAKE) --no-print-directory -j2 --output-sync=target book-lane-a book-lane-b
	$(if $(LATER),$(PY) tools/notebooks.py execute _build $(call sources,$(LATER)))
	@# 스타일, 확장, 설정만 바뀌면 Sphinx는 고칠 쪽이 없다며 _static도 새로 복사하지 않으므로 모든 쪽을 다시 씁니다
	all=$$(find _static _ext _templates _config.yml -newer _build/html/.built-by-make 2>/dev/null | head -1); \
	  $(VENV)/bin/jupyter-book build . $(BUILD_FLAGS) $${all:+--all}
	@touch _build/html/.built-by-make  # 브라우저 테스트가 이 빌드가 원본보다 새로운지 봅니다
	@echo "책: _build/html/index.html"

book-lane-a:
	@mkdir -p _build/xla-cache-a
	TF_XLA_FLAGS=$(LANE_A_XLA_FLAGS) \
	  $(PY) tools/notebooks.py execute _build $(call sources,$(LANE_A))

book-lane-b:
	$(PY) tools/notebooks.py execute _build $(call sources,$(LANE_B))

# 3. 테스트 ----------------------------------------------------------------
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) tools/notebooks.py check-stripped $(CHAPTERS)

# 단위 테스트는 XLA 캐시를 따로 써서, make test에서 책 빌드와 나란히 돌 때 같은 캐시 파일을 다투지 않습니다
unit: setup
	TF_XLA_FLAGS=$(UNIT_XLA_FLAGS) \
	  $(PY) -m pytest tests --ignore=tests/test_book.py

# 독자가 보는 셀만으로 실행합니다 (숨긴 셀의 검증은 책 빌드가 실행합니다). 여기서 한 학습은 저장소에 남아
# 뒤이은 책 빌드가 다시 하지 않습니다. 장들을 두 줄로 나눠 CPU 두 개에서 나란히 돌리고, 남은 장은 그 뒤에 돕니다.
# 다른 장의 학습을 다시 쓰는 장은 그 장보다 뒤에 돌아야 저장소에서 찾습니다. 6장은 가장 길어 혼자 한 줄을 쓰고,
# 6장이 6.8절에서 다시 쓰는 2장의 다섯 시드는 다른 줄의 앞쪽(1장 다음)에서 6장이 그 절에 닿기 한참 전에 끝납니다.
# 5장은 2장과 6장의 학습(6.5절의 시드 1, 6.7절 첫머리의 시드 2·3)을 다시 쓰므로 다른 줄의 끝에 둡니다. 2코어 기계에서
# 그 줄이 5장에 닿는 것은 6장이 시작한 지 340초쯤 뒤이고, 6장의 그 학습들은 300초쯤 안에 끝납니다.
# 순서가 어긋나도 같은 학습을 두 번 할 뿐입니다.
# 첫 번째 줄은 XLA 캐시를 따로 써서, 같은 캐시 파일을 두 프로세스가 함께 쓰지 않습니다 (책 빌드는 학습을 다시 쓰므로
# 컴파일할 것이 거의 없고, 3장의 시간 재기처럼 새로 학습하는 셀은 두 번째 줄이 채운 캐시를 씁니다).
NBVAL = $(PY) -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider -q
LANE_A := 06_better_model
LANE_B := 01_mnist_data 02_original_code 03_parameters 04_adam 07_diagnose 05_results 08_keras_adam
LATER := $(filter-out $(LANE_A) $(LANE_B),$(basename $(notdir $(CHAPTERS))))
visible = $(foreach c,$(1),$(VISIBLE)/$(c).ipynb)
sources = $(foreach c,$(1),chapters/$(c).ipynb)

notebooks: setup
	rm -rf $(VISIBLE) && $(PY) tools/notebooks.py visible $(VISIBLE) $(CHAPTERS)
	$(MAKE) --no-print-directory -j2 --output-sync=target nbval-lane-a nbval-lane-b
	$(if $(LATER),$(NBVAL) $(call visible,$(LATER)))

nbval-lane-a:
	@mkdir -p $(XLA_DIR)/xla-cache-a
	TF_XLA_FLAGS=$(LANE_A_XLA_FLAGS) $(NBVAL) $(call visible,$(LANE_A))

nbval-lane-b:
	$(NBVAL) $(call visible,$(LANE_B))

browser: setup system-deps book
	$(PY) -m pytest tests/test_book.py

# 학습은 노트북 실행(nbval)에서 한 번만 합니다. 책 빌드는 그 결과를 다시 쓰므로 CPU 하나로 넉넉해,
# 남는 CPU에서 단위 테스트를 나란히 돌립니다 (책의 3.5절 시간 측정은 그만큼 느려질 수 있습니다)
test: setup system-deps lint notebooks
	$(MAKE) --no-print-directory -j2 --output-sync=target unit book
	$(PY) -m pytest tests/test_book.py

# 책의 주장이 다른 CPU와 다른 시드에서도 서는지: 모든 장을 XLA의 다른 명령어 집합(AVX2, SSE4_2)과
# 다른 시드로 실행해 모든 주장의 여유를 docs/claims.md에 적습니다. 30분 남짓 걸려 CI 대신 변경을 올리기 전에 돌립니다.
# 그 뒤 장 몇 개만 고쳤다면 그 장만 다시 돌려 표를 고칩니다: make robust CHANGED="3 5" (패키지를 고쳤다면 모든 장)
ROBUST_RECORDS = _build/robust-records.json
robust: setup
	$(PY) tools/robust.py --table docs/claims.md --records $(ROBUST_RECORDS) \
	  $(if $(CHANGED),--merge --chapters $(CHANGED))

# 지원하는 가장 오래된 판(constraints-lowest.txt, README의 '지원하는 판')으로 만든 두 번째 환경(_build/compat/venv)에서
# 단위 테스트와 독자가 보는 셀(nbval, 두 줄)을 실행합니다. 학습 결과 저장소와 XLA 캐시도 _build/compat에 따로 둡니다.
# 의존성의 하한을 바꾸거나 TensorFlow·Keras의 API를 새로 쓰기 시작했다면 올리기 전에 돌리세요 (새 클론의 2코어에서 14분쯤).
# XLA 디스크 캐시는 쓰지 않습니다: TensorFlow 2.16은 제가 쓴 캐시 항목을 다시 읽지 못하고 표준 오류에 오류를 찍습니다
COMPAT := VENV=_build/compat/venv CONSTRAINTS=constraints-lowest.txt EXTRAS=book,test XLA_DIR=$(CURDIR)/_build/compat \
  VISIBLE=_build/compat/visible/chapters MNIST_DNN_RUN_STORE=$(CURDIR)/_build/compat/runs \
  TF_XLA_FLAGS= UNIT_XLA_FLAGS= LANE_A_XLA_FLAGS=
compat:
	$(MAKE) --no-print-directory $(COMPAT) setup
	_build/compat/venv/bin/python -c 'import tensorflow as t, keras as k, numpy as n, matplotlib as m, joblib as j, tqdm as q; \
	  print("compat:", *(f"{x.__name__} {x.__version__}" for x in (t, k, n, m, j, q)))' 2>/dev/null
	$(MAKE) --no-print-directory $(COMPAT) unit notebooks

# 4. 그 밖에 --------------------------------------------------------------
# 독자용 사본(숨긴 셀 없음)을 lab/에 만들어 엽니다. 이미 있는 사본은 독자가 고친 것이므로 덮어쓰지 않습니다.
# 학습 결과 저장소는 끕니다: 셀을 고쳐 다시 실행한 독자는 언제나 그 자리에서 새로 학습한 결과를 봅니다
lab: export MNIST_DNN_RUN_STORE :=
lab: setup
	$(PY) tools/notebooks.py visible --keep lab $(CHAPTERS)
	$(VENV)/bin/jupyter lab --notebook-dir=lab

# 고치는 분: 숨긴 검증 셀까지 있는 원본 노트북을 엽니다
lab-sources: setup
	$(VENV)/bin/jupyter lab --notebook-dir=chapters

# 컴파일 시간까지 재도록 XLA 디스크 캐시 없이 돌립니다
bench: setup
	env -u TF_XLA_FLAGS $(PY) benchmarks/bench_train.py

# 학습 결과 저장소에서 지금의 패키지 소스가 아닌 판이 남긴 항목을 지웁니다 (make book도 빌드 전에 합니다)
prune-runs: setup
	$(PY) tools/notebooks.py prune-runs $(MNIST_DNN_RUN_STORE)

# 책, 실행 캐시, 학습 결과 저장소를 모두 지웁니다: 다음 빌드는 모든 학습을 새로 합니다
clean:
	rm -rf _build
