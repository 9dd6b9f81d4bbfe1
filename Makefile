# The two commands a newcomer needs: `make run` and `make test`. Each installs what it needs first.
SHELL := /bin/bash
SWIFT ?= swift
PORT ?= 8080
ARGS ?=
APT_PACKAGES := libmongoc-dev libbson-dev libssl-dev pkg-config openssl curl zlib1g-dev
BENCH_PACKAGES := wrk nginx-light

.PHONY: deps venv build run format lint test test-browser test-cluster test-contract test-otlp tsan bench bench-ingest bench-ui fuzz clean

deps:
	@scripts/install-deps.sh $(APT_PACKAGES)

venv: deps
	@scripts/venv.sh prometheus-client

build: deps
	$(SWIFT) build -c release --product agent-metrics

## Build and run the server (and a development database when none answers on MONGO_URI).
MONGO_URI ?= $(or $(AGENT_METRICS_MONGO_URI),$(MONGO_URL),mongodb://localhost:27017)
run: build venv
	scripts/ensure-devdb.sh "$(MONGO_URI)"
	.build/release/agent-metrics server --port $(PORT) --mongo-uri "$(MONGO_URI)" $(ARGS)

## Every hand-written Swift file, formatted with the checked-in .swift-format (swift-format ships with the
## toolchain); the generated Sources/OTLPProto stays as scripts/generate-otlp.sh writes it.
SWIFT_FILES = $(shell git ls-files '*.swift' | grep -v '^Sources/OTLPProto/')
format:
	$(SWIFT) format format --in-place $(SWIFT_FILES)

## The formatting check `make test` runs first: no finding, and no line over 120 columns.
lint:
	@echo "swift format lint --strict: $(words $(SWIFT_FILES)) files"
	@$(SWIFT) format lint --strict $(SWIFT_FILES)
	@! awk 'length > 120 { print FILENAME ":" FNR ": " length " columns"; found = 1 } END { exit !found }' $(SWIFT_FILES)

## Unit and integration tests, suites in parallel: 112-166 s on two cores against ~235 s one at a time. No test
## asserts a time window a busy machine can miss (timings are `make bench`'s), so the load they put on each other
## changes how long they take, not whether they pass.
test: deps venv lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel
	$(MAKE) test-contract
	$(MAKE) test-browser
	$(MAKE) test-cluster
	$(MAKE) test-otlp

## The dashboard page in headless Chromium (integration/browser). pytest's exit code is the target's: "no tests"
## (5) fails too, and integration/browser/conftest.py turns it into an ordinary failure besides.
test-browser: deps venv
	@scripts/install-deps.sh chromium chromium-driver
	@scripts/venv.sh selenium pytest
	$(SWIFT) build --product agent-metrics
	.venv/bin/python -m pytest integration/browser

## openapi.yaml against the debug server on nx-27017 (integration/contract): the document validates, responses of the
## integration walk-through match it, and Schemathesis (bounded examples, positive and negative data, stateful
## links) finds no 5xx, no response outside the document, and no crash, hang or RSS growth.
test-contract: deps venv
	@scripts/venv.sh pytest schemathesis openapi-spec-validator jsonschema
	$(SWIFT) build --product agent-metrics
	.venv/bin/python -m pytest integration/contract

## Two servers behind nginx and a standalone worker on one nx-27017, with kills mid-load (integration/cluster).
test-cluster: deps venv
	@scripts/install-deps.sh nginx-light
	@scripts/venv.sh pytest
	$(SWIFT) build --product agent-metrics
	$(SWIFT) build --product agent-metrics-load
	.venv/bin/python -m pytest integration/cluster/test_cluster.py

## OTLP/HTTP ingest with the real OpenTelemetry Python SDK (integration/otlp): runs, tokens, cost and versions from an
## instrumented agent, bad input, and children and agent spans landing on two servers of one nx-27017.
test-otlp: deps venv
	@scripts/venv.sh pytest opentelemetry-sdk opentelemetry-exporter-otlp-proto-http
	$(SWIFT) build --product agent-metrics
	.venv/bin/python -m pytest integration/otlp

## The tests under ThreadSanitizer, in their own build folder.
tsan: deps venv
	TSAN_OPTIONS="suppressions=$(CURDIR)/.tsan-suppressions" \
		$(SWIFT) test --sanitize=thread --scratch-path .build-tsan --no-parallel

## Benchmarks side by side with nginx and wrk; results go to bench-results/ and BENCHMARKS.md.
bench: deps venv
	@scripts/install-deps.sh $(BENCH_PACKAGES)
	$(SWIFT) build -c release --product agent-metrics
	$(SWIFT) build -c release --product agent-metrics-load
	$(SWIFT) build -c release --product AuthCheckBench
	scripts/bench-http.sh
	scripts/bench-ingest.sh
	scripts/bench-ingest-cpu.sh
	scripts/bench-loadgen.sh 5 5
	scripts/bench-worker.sh
	scripts/bench-lag.sh
	scripts/bench-suite.sh
	scripts/bench-auth.sh
	scripts/bench-otlp.sh
	scripts/bench-ingest-mapping.sh
	scripts/bench-ui.sh
	@# Instrumentation cost against a build without it (BENCHMARKS.md, "Observability overhead"); needs its binary.
	@if [ -n "$(OBS_BASE_BIN)" ]; then scripts/bench-observability.sh "$(OBS_BASE_BIN)"; \
		else echo "bench: set OBS_BASE_BIN=<release binary of the base commit> to compare instrumentation cost"; fi

## Ingest and read benchmark of the API on nx-27017 (issue 3), and server CPU per ingested run against the
## plain-C libbson/libmongoc anchor (issue 11); prints the numbers BENCHMARKS.md records.
bench-ingest: deps venv
	scripts/bench-ingest.sh
	scripts/bench-ingest-cpu.sh

## UI reads at 1,000 agents x 5 versions and 200,000 runs (issue 13): ui/timeseries and the first page of
## ui/agent_versions (plain and gzip) against /healthz with wrk, medians of 3 alternating rounds. More paths (such as
## ui/compare) go in BENCH_UI_PATHS; a gzip: prefix requests them compressed.
BENCH_UI_PATHS ?=
bench-ui: deps venv
	@scripts/install-deps.sh wrk
	$(SWIFT) build -c release --product agent-metrics
	scripts/bench-ui.sh $(BENCH_UI_PATHS)

## libFuzzer + ASan on every decoder (scripts/fuzz.sh, FUZZING.md); each target runs FUZZ_SECONDS (default 300).
FUZZ_SECONDS ?= 300
fuzz: deps
	scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build .build-tsan .build-fuzz
