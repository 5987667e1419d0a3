# 두 명령이면 됩니다: `make book` (책 빌드), `make test` (모든 테스트). 둘 다 .venv가 없으면 만듭니다.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
MNIST_DNN_DATA ?= $(abspath ../shared/data/mnist)
export MNIST_DNN_DATA
BUILD_FLAGS := --warningiserror --keep-going --builder html

.PHONY: setup system-deps book test lint unit notebooks browser lab bench clean

# 1. 설치 ------------------------------------------------------------------
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[book,test,lab]"
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

# 2. 책 --------------------------------------------------------------------
book: setup
	$(VENV)/bin/jupyter-book build . $(BUILD_FLAGS)
	@echo "책: _build/html/index.html"

# 3. 테스트 ----------------------------------------------------------------
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

unit: setup
	$(PY) -m pytest tests --ignore=tests/test_book.py

notebooks: setup
	$(PY) -m pytest --nbval-lax --nbval-current-env chapters

browser: setup system-deps book
	$(PY) -m pytest tests/test_book.py

test: setup system-deps lint unit notebooks browser

# 4. 그 밖에 --------------------------------------------------------------
lab: setup
	$(VENV)/bin/jupyter lab --notebook-dir=chapters

bench: setup
	$(PY) benchmarks/bench_train.py

clean:
	rm -rf _build
