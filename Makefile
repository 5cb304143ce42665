# popmix: the two commands a new user needs are `make demo` and `make test`.
# Both install what a bare machine lacks (GSL, through apt) before building.

SWIFT     ?= swift
RELEASE   := -c release
# Tests are built optimised (the statistical tests fit real models) but with
# testing enabled, so @testable imports work.
TESTFLAGS := -c release -Xswiftc -enable-testing
POPMIX    := .build/release/popmix
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build test demo data clean

all: build

## deps: install libgsl-dev (and pkg-config) when GSL is not found.
deps:
	@if ! pkg-config --exists gsl 2>/dev/null; then \
	  echo "GSL not found: installing libgsl-dev"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libgsl-dev pkg-config; \
	fi

## build: the popmix command, optimised.
build: deps
	$(SWIFT) build $(RELEASE) --product popmix

## test: every test (unit, statistical, end to end), optimised.
test: deps
	$(SWIFT) build $(TESTFLAGS) --build-tests
	$(SWIFT) test $(TESTFLAGS) --skip-build

## demo: the whole mission on the bundled beetles, compared with the truth.
demo: build
	@mkdir -p out
	@echo "== popmix fit data/beetles.counts.tsv --populations 3 --out out/beetles"
	@$(POPMIX) fit data/beetles.counts.tsv --populations 3 --out out/beetles
	@echo
	@echo "== popmix hybrids out/beetles.Q.tsv"
	@$(POPMIX) hybrids out/beetles.Q.tsv
	@echo
	@echo "== popmix compare out/beetles.Q.tsv data/beetles.Q.tsv --labels data/beetles.labels.tsv"
	@$(POPMIX) compare out/beetles.Q.tsv data/beetles.Q.tsv --labels data/beetles.labels.tsv
	@echo
	@echo "== popmix scan data/beetles.counts.tsv --populations 1-6"
	@$(POPMIX) scan data/beetles.counts.tsv --populations 1-6

## data: regenerate the bundled data set (byte-identical to the committed one).
data: build
	$(POPMIX) simulate --individuals 120 --loci 300 --populations 3 --hybrids 12 --seed 1 --out data/beetles

clean:
	rm -rf .build out
