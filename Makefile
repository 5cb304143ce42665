# popmix: the two commands a new user needs are `make demo` and `make test`.
# Both install what a bare machine lacks (GSL, through apt) before building.

SWIFT     ?= swift
# On a CPU with AVX2 and FMA the compiler may use them: fits run faster (the
# count kernel fuses its multiply-adds; docs/benchmarks.md). Results then differ
# from a build without them in the last bits, never between runs of one build.
CPU       := $(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo 2>/dev/null && echo haswell)
CPUFLAGS  := $(if $(CPU),-Xswiftc -target-cpu -Xswiftc $(CPU) -Xcc -march=$(CPU))
RELEASE   := -c release $(CPUFLAGS)
# Tests are built optimised (the statistical tests fit real models) but with
# testing enabled, so @testable imports work; in a folder of their own, so
# that `make test` and `make build` do not undo each other's build.
TESTFLAGS := -c release -Xswiftc -enable-testing --scratch-path .build/test $(CPUFLAGS)
POPMIX    := .build/release/popmix
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Installs the Debian packages named after it, quietly.
APT_INSTALL := $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq
BENCHENV  := .venv-bench

.PHONY: all deps test-deps build test demo pictures data bench bench-quick bench-blas bench-plots bench-env bench-pca fuzz clean

all: build

## deps: install libgsl-dev, zlib1g-dev (and pkg-config) when not found.
deps:
	@if ! pkg-config --exists gsl zlib 2>/dev/null; then \
	  echo "GSL or zlib not found: installing libgsl-dev and zlib1g-dev"; \
	  $(APT_INSTALL) libgsl-dev zlib1g-dev pkg-config; \
	fi

## test-deps: the renderers the plot tests look at pictures with:
## librsvg's rsvg-convert (librsvg2-bin) and headless Chromium (chromium).
test-deps:
	@if ! command -v rsvg-convert >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then \
	  echo "rsvg-convert or chromium not found: installing librsvg2-bin and chromium"; \
	  $(APT_INSTALL) librsvg2-bin chromium; \
	fi

## build: the popmix command, optimised.
build: deps
	$(SWIFT) build $(RELEASE) --product popmix

## test: every test (unit, statistical, end to end), optimised.
test: deps test-deps
	$(SWIFT) build $(TESTFLAGS) --build-tests
	$(SWIFT) test $(TESTFLAGS) --skip-build

## demo: the whole mission on the bundled beetles, compared with the truth,
## drawn, and written up as one page (out/beetles.report.html).
demo: build
	@mkdir -p out
	@echo "== popmix fit data/beetles.counts.tsv --populations 3 --out out/beetles"
	@$(POPMIX) fit data/beetles.counts.tsv --populations 3 --out out/beetles
	@echo
	@echo "== popmix hybrids out/beetles.3.Q.tsv"
	@$(POPMIX) hybrids out/beetles.3.Q.tsv
	@echo
	@echo "== popmix compare out/beetles.3.Q.tsv data/beetles.Q.tsv --labels data/beetles.labels.tsv"
	@$(POPMIX) compare out/beetles.3.Q.tsv data/beetles.Q.tsv --labels data/beetles.labels.tsv
	@echo
	@echo "== popmix scan data/beetles.counts.tsv --populations 1-6 --out out/beetles-scan   (keeps each K's fit)"
	@$(POPMIX) scan data/beetles.counts.tsv --populations 1-6 --out out/beetles-scan
	@echo
	@echo "== popmix fit --bfile data/sparrows --populations 3 --out out/sparrows   (genotypes: ADMIXTURE's model)"
	@$(POPMIX) fit --bfile data/sparrows --populations 3 --out out/sparrows
	@echo
	@echo "== popmix compare out/sparrows.3.Q.tsv data/sparrows.Q.tsv --labels data/sparrows.labels.tsv"
	@$(POPMIX) compare out/sparrows.3.Q.tsv data/sparrows.Q.tsv --labels data/sparrows.labels.tsv
	@echo
	@echo "== popmix plot out/beetles-scan.{2..5}.Q.tsv --scan out/beetles-scan.scan.json --groups data/beetles.labels.tsv --group-column 3 --out out/beetles"
	@$(POPMIX) plot out/beetles-scan.2.Q.tsv out/beetles-scan.3.Q.tsv out/beetles-scan.4.Q.tsv out/beetles-scan.5.Q.tsv \
	  --scan out/beetles-scan.scan.json --groups data/beetles.labels.tsv --group-column 3 --out out/beetles
	@echo
	@echo "== popmix report out/beetles-scan.scan.json --groups data/beetles.labels.tsv --group-column 3 --out out/beetles.report.html"
	@$(POPMIX) report out/beetles-scan.scan.json --groups data/beetles.labels.tsv --group-column 3 --out out/beetles.report.html
	@echo "   open out/beetles.report.html in a browser: one file, no network"

## pictures: the demo's plots as PNG under docs/ (README shows them).
pictures: demo test-deps
	rsvg-convert --zoom 1.5 out/beetles.bars.svg -o docs/demo-bars.png
	rsvg-convert --zoom 1.5 out/beetles.scan.svg -o docs/demo-scan.png

## bench-plots: a bar plot of 2,504 individuals x 10 panels (K = 2-11): the
## SVG's size and the time popmix takes to draw it and rsvg-convert to render it.
bench-plots: build test-deps
	scripts/bench-plots.sh $(POPMIX)

## data: regenerate the bundled data sets (byte-identical to the committed ones).
data: build
	$(POPMIX) simulate --individuals 120 --loci 300 --populations 3 --hybrids 12 --seed 1 --out data/beetles
	$(POPMIX) simulate --genotypes --individuals 150 --loci 5000 --populations 3 --hybrids 15 --seed 1 --out data/sparrows

## bench: popmix against scikit-learn's KL NMF and a numpy port of the course
## notes' algorithm, in the same run (long: the 1,000 x 20,000 peers take
## tens of minutes). Results: bench/results.md and bench/results.json.
bench: build bench-env
	$(BENCHENV)/bin/python bench/bench.py --popmix $(POPMIX) --blas-threads 1 \
	  --out bench/results.md --json bench/results.json

## bench-quick: the same without the 1,000 x 20,000 workload.
bench-quick: build bench-env
	$(BENCHENV)/bin/python bench/bench.py --popmix $(POPMIX) --blas-threads 1 --quick \
	  --out bench/results-quick.md --json bench/results-quick.json

## bench-blas: the plain pass as dense BLAS products (GSL's CBLAS interface
## on OpenBLAS, which it installs when missing) against popmix's kernel, in
## one run (a few minutes). Results: bench/blas/results.md.
bench-blas: build
	@if ! pkg-config --exists openblas 2>/dev/null; then \
	  echo "OpenBLAS not found: installing libopenblas-dev"; \
	  $(APT_INSTALL) libopenblas-dev; \
	fi
	python3 bench/blas/bench_blas.py --popmix $(POPMIX) > bench/blas/results.md.tmp
	mv bench/blas/results.md.tmp bench/blas/results.md
	@cat bench/blas/results.md

bench-env:
	@[ -x /usr/bin/time ] || { $(APT_INSTALL) time; }
	@[ -x $(BENCHENV)/bin/python ] || python3 -m venv $(BENCHENV)
	@$(BENCHENV)/bin/pip install -q -r bench/requirements.txt

## bench-genotypes, bench-genotypes-large, bench-optima: popmix's genotype
## mode against fastmixture, fastmixture2 and ADAMIXTURE; see bench/genotypes.mk.
include bench/genotypes.mk
## bench-panels: supervised mode and projection against fastmixture2 on an
## msprime set; see bench/panels.mk. Results: bench/panels-results.md.
include bench/panels.mk
include bench/lsq.mk
## bench-bootstrap: coverage of fit --bootstrap's standard errors beside
## fastmixture2's on simulated genotypes; see bench/bootstrap.mk.
include bench/bootstrap.mk

## bench-pca: popmix pca against plink1.9 --pca (Debian plink1.9, installed
## when missing) on simulated sets, the msprime set of bench-genotypes and a
## 2,000 x 100,000 timing set. Results: bench/pca-results.md and .json.
bench-pca: build
	@command -v plink1.9 >/dev/null || { $(APT_INSTALL) plink1.9; }
	@[ -x /usr/bin/time ] || { $(APT_INSTALL) time; }
	@[ -x $(GENOENV)/bin/python ] || python3 -m venv $(GENOENV)
	@$(GENOENV)/bin/pip install -q -r scripts/genotypes/requirements.txt
	$(GENOENV)/bin/python bench/pca.py --popmix $(POPMIX) --plink plink1.9 --threads $(GENOTHREADS) \
	  --coalescent-python $(GENOENV)/bin/python --out bench/pca-results.md --json bench/pca-results.json

## fuzz: each reader's libFuzzer target (count table, PLINK trio, VCF plain,
## gzip, and plain text gzipped by the harness) for FUZZ_SECONDS from the
## committed seeds in Fuzz/Corpus, then the inputs run and crashes found per
## target. A package of its own (Fuzz/), never built by `make test`; see
## docs/fuzzing.md. Exits non-zero when a target found a crash.
FUZZ_SECONDS ?= 60
# --sanitize=fuzzer tells SwiftPM to leave main to libFuzzer; the one list
# after it is what swiftc keeps (of two -sanitize options it keeps the last,
# so --sanitize=fuzzer --sanitize=address builds without coverage).
FUZZ_SANITIZERS ?= --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address
fuzz: deps
	$(SWIFT) build -c release --package-path Fuzz $(FUZZ_SANITIZERS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh

clean:
	rm -rf .build out Fuzz/.build Fuzz/.work
