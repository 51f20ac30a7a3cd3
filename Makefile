# The verbs of the project. Everything runs inside .venv, which `install` makes.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The pinned documents live beside the repo when it is checked out in the workplace.
SPECS_MIRROR ?= $(if $(wildcard ../shared/specs),$(abspath ../shared/specs),)
export SPECS_MIRROR

.PHONY: install generate test lint fmt clean demo bench bench-quick bench-bulk bench-venvs diff add-version emulator soak fuzz check-py310

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q hatchling "openapi-python-client==0.29.1" "jsonpatch>=1.33" "PyYAML>=6.0" "httpx2>=2.16,<3"
	$(BIN)/pip install -q --no-build-isolation -e '.[dev]'
	touch $@

install: $(VENV)/.installed

generate: install
	$(BIN)/aoai-codegen generate

# pytest exits 5 when it collected nothing: that is a failure here, not a pass.
test: generate
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The scripted tour: starts the emulator on a free port and runs the real CLI and library against it.
demo: generate
	$(BIN)/python demo/tour.py

# The local Azure OpenAI emulator in the foreground (EMULATOR_ARGS='--port 0' picks a free port).
emulator: generate
	$(BIN)/aoai emulator $(EMULATOR_ARGS)

# Side-by-side benchmarks (aoai, openai SDK, raw httpx) on a canned 127.0.0.1 server; one table.
# bench/README.md says what each figure measures and why the defaults are what they are.
bench: generate bench-venvs
	$(BIN)/python -m bench $(BENCH_ARGS)

# The user installs figure 1 measures (fresh venvs under .cache/bench; needs the package index once).
bench-venvs: generate
	$(BIN)/python -m bench.venvs

bench-quick: generate
	$(BIN)/python -m bench --quick

# The bulk figure: 5,000 chat requests on a 60,000 TPM / 600 RPM quota, aoai bulk run vs the SDK
# (>= 8 minutes per contender by construction; BENCH_BULK_ARGS=--quick for a 1-2 minute version).
bench-bulk: generate
	$(BIN)/python -m bench.bulk $(BENCH_BULK_ARGS)

# Reliability: 10,000 requests under a seeded 20 % fault plan; >= 100,000 property/conformance examples.
soak: generate
	$(BIN)/python -m tests.reliability.soak --full

fuzz: generate
	AOAI_FUZZ=full $(BIN)/python -m pytest tests/reliability -p no:cacheprovider -k "properties or conformance"

OLD ?= 2024-10-21
NEW ?= 2024-10-01-preview

diff: generate
	$(BIN)/aoai-codegen diff $(OLD) $(NEW) $(if $(FORMAT),--format $(FORMAT)) $(if $(FAIL_ON),--fail-on $(FAIL_ON))

# TRUST_MIRROR=1 pins the SPECS_MIRROR copy without confirming it upstream (offline).
add-version: install
	@test -n "$(VERSION)" -a -n "$(CHANNEL)" -a -n "$(COMMIT)" || { echo "usage: make add-version VERSION=<api-version> CHANNEL=ga|preview COMMIT=<sha> [SPEC_PATH=...] [URL=...] [TRUST_MIRROR=1]" >&2; exit 2; }
	$(BIN)/aoai-codegen add-version $(VERSION) --channel $(CHANNEL) --commit $(COMMIT) $(if $(SPEC_PATH),--path $(SPEC_PATH)) $(if $(URL),--url $(URL)) $(if $(filter-out 0,$(TRUST_MIRROR)),--trust-mirror)

# The oldest supported Python (3.10) runs the wheel built here (the generator needs 3.11+).
PY310 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python) python3.10)
check-py310: generate
	rm -rf .cache/py310 && mkdir -p .cache/py310/wheel
	$(BIN)/pip wheel -q --no-deps --no-build-isolation -w .cache/py310/wheel .
	$(PY310) -m venv .cache/py310/venv
	.cache/py310/venv/bin/pip install -q "$$(ls .cache/py310/wheel/*.whl)[emulator]"
	cd .cache/py310 && venv/bin/python $(CURDIR)/tests/compat/smoke.py

clean:
	rm -rf generated .cache build dist .pytest_cache .mypy_cache .ruff_cache
