# Least-squares benchmark: popmix fit --loss squared (hals, mu, sgd) against
# R's NMF package ("lee"; "brunet" beside the Poisson fit), RcppML and
# scikit-learn's cd solver, in one run. Included by the main Makefile, which
# defines `build`, `bench-env`, POPMIX, BENCHENV and APT_INSTALL.
#
#   make bench-lsq   results in bench/lsq-results.md and .json (about ten
#                    minutes, most of it R NMF "lee" and "brunet")
#
# Data sets and fit outputs go to bench/data/lsq/ (git-ignored) and are reused.

LSQTHREADS ?= 2

.PHONY: bench-lsq bench-lsq-env

## bench-lsq-env: R with the NMF and RcppML packages (Debian), when missing.
bench-lsq-env:
	@Rscript -e 'suppressMessages({library(NMF); library(RcppML)})' >/dev/null 2>&1 || { \
	  echo "R, NMF or RcppML not found: installing r-base-core r-cran-nmf r-cran-rcppml"; \
	  $(APT_INSTALL) r-base-core r-cran-nmf r-cran-rcppml; }

bench-lsq: build bench-env bench-lsq-env
	$(BENCHENV)/bin/python bench/lsq.py --popmix $(POPMIX) --threads $(LSQTHREADS) \
	  --out bench/lsq-results.md --json bench/lsq-results.json
