# glutecoach: the two commands that matter are `make run` and `make test`.
# Both create the virtual environment from the locked requirements when it is missing or stale.
# `make install` only sets up; `make demo` is the command-line walk-through.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PROFILE ?= examples/new-runner.toml
RUNNER  ?= New runner
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: install run demo test lint typecheck unit lock clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@# Byte-compile once here: with PYTHONDONTWRITEBYTECODE set (as on our machines) Python
	@# would otherwise recompile mediapipe, matplotlib and the rest on every command (~1 s).
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib src > /dev/null
	@touch $(STAMP)

## install: set up the virtual environment only
install: $(STAMP)

## run: serve the web app on the embedded default (SQLite in the user data folder) at
## http://127.0.0.1:8000/ (HOST=... PORT=... to change); Ctrl-C stops it
run: $(STAMP)
	@exec $(BIN)/glutecoach serve --host $(HOST) --port $(PORT)

## demo: the command-line walk-through for the example runner: explained exercise choice, an
## 8-week plan stored in the default SQLite database, and today's (or the next) session
demo: $(STAMP)
	$(BIN)/glutecoach recommend --profile $(PROFILE)
	$(BIN)/glutecoach plan --profile $(PROFILE)
	$(BIN)/glutecoach today --runner "$(RUNNER)"

## test: lint, type-check, architecture contracts and the whole test suite
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

## unit: the test suite on TEST_WORKERS processes (pytest-xdist; default 2, the cores our
## machines have; TEST_WORKERS=0 runs it in this one process)
TEST_WORKERS ?= 2
unit: $(STAMP)
	scripts/test-libs.sh
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal

## lock: re-resolve requirements.lock from pyproject.toml (needs network to PyPI)
lock:
	$(PYTHON) -m venv .lockenv && .lockenv/bin/pip install --quiet uv==0.13.8
	.lockenv/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
		--generate-hashes -o requirements.lock
	rm -rf .lockenv

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
