# Genotype benchmarks: popmix's PLINK genotype mode against fastmixture 1.3,
# fastmixture2 and ADAMIXTURE.
# Included by the main Makefile, which defines `build`, POPMIX, SUDO and APT_INSTALL.
#
#   make bench-genotypes        the issue-18 sets: msprime 600 x 10,000 (K = 4),
#                               popmix-simulated 2,000 x 100,000 (K = 5) and
#                               400 x 5,000 (K = 10), and the K = 1..6 5-fold scan
#                               on the first against fastmixture2 --cv 5; results in
#                               bench/genotypes-results.md and .json, the tables
#                               copied into docs/benchmarks.md (between markers)
#   make bench-genotypes-large  2,500 x 500,000 (K = 5), popmix and fastmixture2:
#                               time and peak memory; bench/genotypes-large-results.*
#   make bench-optima           10 small sets with competing optima: popmix's
#                               default run (and any --policy) against the best of
#                               20 single starts, CPU time x a single start's, one
#                               thread; bench/optima-results.*
#
# GENOARGS passes more options to bench/genotypes.py, e.g.
#   make bench-genotypes GENOARGS='--popmix-variant em="--algorithm em" --sets sim600x10k'
# OPTIMAARGS likewise to bench/optima.py, e.g.
#   OPTIMAARGS='--policy one="--candidate-starts 1" --policy r4="--restarts 4"'.
# Data sets and fit outputs go to bench/data/ (git-ignored) and are reused when
# present. The venv is .venv-genotypes.

GENOENV          := .venv-genotypes
GENODATA         := bench/data/genotypes
GENOTHREADS      ?= 2
GENOARGS         ?=
OPTIMAARGS       ?=
OPTIMATHREADS    ?= 1
GENOTYPE_PEERS   := fastmixture==1.3.0 fastmixture2==2.0.4 adamixture==1.8.8 scipy==1.17.1

.PHONY: bench-genotypes bench-genotypes-large bench-genotypes-env bench-optima

bench-genotypes-env:
	@[ -x /usr/bin/time ] || { $(APT_INSTALL) time; }
	@[ -x $(GENOENV)/bin/python ] || python3 -m venv $(GENOENV)
	@$(GENOENV)/bin/pip install -q -r scripts/genotypes/requirements.txt $(GENOTYPE_PEERS)

bench-genotypes: build bench-genotypes-env
	$(GENOENV)/bin/python bench/genotypes.py --popmix $(POPMIX) --threads $(GENOTHREADS) \
	  --data-dir $(GENODATA) --out bench/genotypes-results.md --json bench/genotypes-results.json \
	  --docs docs/benchmarks.md $(GENOARGS)

bench-genotypes-large: build bench-genotypes-env
	$(GENOENV)/bin/python bench/genotypes.py --popmix $(POPMIX) --threads $(GENOTHREADS) --large \
	  --tools popmix,fastmixture2 --data-dir $(GENODATA) \
	  --out bench/genotypes-large-results.md --json bench/genotypes-large-results.json $(GENOARGS)

bench-optima: build bench-genotypes-env
	$(GENOENV)/bin/python bench/optima.py --popmix $(POPMIX) --threads $(OPTIMATHREADS) \
	  --data-dir bench/data/optima --out bench/optima-results.md --json bench/optima-results.json \
	  $(OPTIMAARGS)
