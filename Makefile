# The two commands a newcomer needs: `make run` and `make test`. Each installs what it needs first.
SHELL := /bin/bash
SWIFT ?= swift
PORT ?= 8080
ARGS ?=
APT_PACKAGES := libmongoc-dev libbson-dev libssl-dev pkg-config openssl curl
BENCH_PACKAGES := wrk nginx-light

.PHONY: deps venv build run test tsan bench fuzz clean

deps:
	@scripts/install-deps.sh $(APT_PACKAGES)

venv: deps
	@scripts/venv.sh

build: deps
	$(SWIFT) build -c release --product agent-metrics

## Build and run the server (and a development database when none answers).
run: build venv
	.build/release/agent-metrics server --port $(PORT) $(ARGS)

## Unit and integration tests.
test: deps venv
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## The tests under ThreadSanitizer, in their own build folder.
tsan: deps venv
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan

## Benchmarks side by side with nginx and wrk; results go to bench-results/ and BENCHMARKS.md.
bench: deps
	@scripts/install-deps.sh $(BENCH_PACKAGES)
	$(SWIFT) build -c release --product agent-metrics
	scripts/bench-http.sh

clean:
	rm -rf .build .build-tsan
