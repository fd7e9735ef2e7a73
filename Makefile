# Verbs: extract, diff, eval, test, bench, lint. Each builds .venv from nothing when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stamp

RAW     ?= data/raw
PARQUET ?= data/parquet
REPORTS ?= data/reports
GOLD    ?= ../shared/gold
JOBS    ?= 0
SCHEDULER ?=
ARGS    ?=

.PHONY: extract diff eval test bench lint samples clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -c requirements.lock -e '.[dev,cluster]'
	touch $(STAMP)

extract: $(STAMP)
	$(BIN)/python -m pipeline extract --raw $(RAW) --parquet $(PARQUET) --reports $(REPORTS) --jobs $(JOBS) $(if $(SCHEDULER),--scheduler $(SCHEDULER)) $(ARGS)

diff: $(STAMP)
	$(BIN)/python -m pipeline diff --parquet $(PARQUET) --reports $(REPORTS) $(ARGS)

eval: $(STAMP)
	$(BIN)/python -m pipeline eval --gold $(GOLD) $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(ARGS)

bench: $(STAMP)
	$(BIN)/python -m tools.bench $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check extract diff pipeline tools tests
	$(BIN)/mypy extract diff pipeline tools

samples: $(STAMP)
	$(BIN)/python -m tools.samples $(RAW)

clean:
	rm -rf $(VENV) $(PARQUET)/* $(REPORTS)
