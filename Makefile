# One task runner. `make install`, then `make run` opens the chat page, `make test` runs everything CI runs.
VENV ?= .venv
PY := $(VENV)/bin/python
# CPU build of PyTorch, installed explicitly: an unpinned resolve would pull a multi-GB CUDA build.
# Elsewhere, add PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu to find it.
TORCH_SPEC ?= torch==2.13.0
DEV_SET ?= tests/data/dev_qa.jsonl
PYTEST_ARGS ?=

.PHONY: install run ingest ask eval model test test-fast lint typecheck format clean bench bench-scale audit

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

lint: install
	$(PY) -m ruff check assistant bench tests scripts app.py

typecheck: install
	$(PY) -m mypy

format: install
	$(PY) -m ruff check --fix assistant bench tests scripts app.py

# Quick loop while developing: everything but the tests marked slow.
test-fast: install
	$(PY) -m pytest $(PYTEST_ARGS)

# What CI runs: lint, types, every test (slow ones included), and the dev-set score.
test: lint typecheck
	$(PY) -m pytest -m "" $(PYTEST_ARGS)
	$(MAKE) eval

# Us vs the plain LangChain recipe vs BM25 alone: tables in bench/results/ (not part of `make test`).
# A few minutes on an idle 2-core machine. CORPUS=folder adds ingest and query latency on that corpus;
# `make bench-scale` does so on a 10,000-chunk corpus made by scripts/generate_corpus.py (many minutes).
BENCH_ARGS ?=
bench: install
	BENCH_COMMAND="make bench$(if $(CORPUS), CORPUS=$(CORPUS))" \
	$(PY) -m bench.run $(if $(CORPUS),--corpus "$(CORPUS)") $(BENCH_ARGS)

bench-scale: install
	BENCH_COMMAND="make bench-scale$(if $(CORPUS), CORPUS=$(CORPUS))" \
	$(PY) -m bench.run --scale $(if $(CORPUS),--corpus "$(CORPUS)") $(BENCH_ARGS)

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
