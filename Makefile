# The two commands of the quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install bench train clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/claims demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

# the figure-to-subject ranker from the gold sets in ../shared (deterministic: same bytes)
train: $(STAMP)
	$(BIN)/claims train --shared ../shared

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) *.egg-info build public demo-log.db demo-log.db-* demo.db demo.db-*
