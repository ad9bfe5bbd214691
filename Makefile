# quizapp: `make run` to use it, `make test` to check it. Both set everything up first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
WORKERS ?= 2
export FLASK_APP := quizapp

.PHONY: run dev test lint bench setup install install-test install-lint install-bench clean review

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's metadata changes, so a second `make run` is fast.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,postgres]'
	touch $@

$(VENV)/.installed-lint: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[lint]'
	touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-lint: $(VENV)/.installed-lint
install-bench: $(VENV)/.installed-bench

setup: install
	$(BIN)/flask setup

# Threaded workers (quizapp/gunicorn_config.py): idle or slow connections do not stall them.
run: setup
	$(BIN)/gunicorn --config python:quizapp.gunicorn_config --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - 'quizapp:create_app()'

dev: setup
	$(BIN)/flask run --debug --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Static checks (configured in pyproject.toml). Each runs even when one before it failed, so one
# run lists every problem; the target fails if any did.
lint: install-lint
	@status=0; \
	echo "lint: ruff check"; $(BIN)/ruff check . || status=1; \
	echo "lint: ruff format --check"; $(BIN)/ruff format --check . || status=1; \
	echo "lint: mypy"; $(BIN)/mypy || status=1; \
	echo "lint: import-linter"; $(BIN)/lint-imports || status=1; \
	exit $$status

# Each benchmark seeds its own data (big databases are cached in bench/.cache/) and prints a table
# and a summary line; none asserts anything about time. About 5 minutes on 2 cores once seeded.
BENCHMARKS := replay_real_log simulated_learners scale web_path page_weight live_quiz

bench: install-bench
	@set -e; for name in $(BENCHMARKS); do \
		echo "=== bench/$$name.py"; \
		start=$$(date +%s); $(BIN)/python bench/$$name.py; \
		echo "(bench/$$name.py took $$(( $$(date +%s) - start ))s)"; \
	done

# Every generated item as text (questions/REVIEW.txt, committed): a change to a fact or to the
# generator shows up in review as a diff of real items.
review: install
	$(BIN)/python -m quizapp.content review questions/ > questions/REVIEW.txt.new
	mv questions/REVIEW.txt.new questions/REVIEW.txt

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
