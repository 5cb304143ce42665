# Genotype benchmark: popmix's PLINK genotype mode against fastmixture.
# Included by the main Makefile, which defines `build`, POPMIX, SUDO and APT_INSTALL.
#
#   make bench-genotypes        simulated 600 x 10,000 and 800 x 20,000 sets (K = 4),
#                               fastmixture and popmix (--restarts 1 and default);
#                               results in bench/genotypes-results.md and .json
#   make bench-genotypes-large  2,500 x 500,000 (K = 5), popmix alone: time and
#                               peak memory; bench/genotypes-large-results.md and .json
#
# Data sets and fit outputs go to bench/data/genotypes/ (git-ignored) and are
# reused when present. The venv is .venv-genotypes.

GENOENV         := .venv-genotypes
GENODATA        := bench/data/genotypes
GENOTHREADS     ?= 2
FASTMIXTURE_PIN := fastmixture==1.3.0

.PHONY: bench-genotypes bench-genotypes-large bench-genotypes-env

bench-genotypes-env:
	@[ -x /usr/bin/time ] || { $(APT_INSTALL) time; }
	@[ -x $(GENOENV)/bin/python ] || python3 -m venv $(GENOENV)
	@$(GENOENV)/bin/pip install -q -r scripts/genotypes/requirements.txt $(FASTMIXTURE_PIN)

bench-genotypes: build bench-genotypes-env
	$(GENOENV)/bin/python bench/genotypes.py --popmix $(POPMIX) --threads $(GENOTHREADS) \
	  --data-dir $(GENODATA) --out bench/genotypes-results.md --json bench/genotypes-results.json

bench-genotypes-large: build bench-genotypes-env
	$(GENOENV)/bin/python bench/genotypes.py --popmix $(POPMIX) --threads $(GENOTHREADS) --large \
	  --data-dir $(GENODATA) --out bench/genotypes-large-results.md --json bench/genotypes-large-results.json
