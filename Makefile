# Every target creates .venv on first use and installs what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test run bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# The CPU build of torch first: an unpinned torch would pull a multi-GB GPU build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/social-reply demo

# Two workers, each test file kept on one (the PostgreSQL store tests share one database).
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

run: $(STAMP)
	$(BIN)/social-reply run

bench: $(STAMP)
	$(BIN)/social-reply bench

clean:
	rm -rf $(VENV) data
